"""Actor typing from context: is a named entity an actor at all, and of which type?

spaCy's label alone types products, planets, storms and places as organisations or states and
one-word things as persons. A name the alias table does not know is re-typed from its mentions
(analysis/data/actor_types.yaml): a person has a title, speaks or is referred to by "he"/"she";
a state is a country (ISO 3166 via ``pycountry``) or has a government ("Texas officials", "the
governor of Texas", "Texas sued"); products, celestial bodies, storms, titles of works and places
without agency get the type ``other`` (kept as actors, left out of who-speaks and actor sentiment).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .resources import load_yaml

OTHER = "other"


@lru_cache(maxsize=1)
def rules() -> dict:
    """The typing word lists, with lower-cased sets for the context words."""
    data = load_yaml("actor_types.yaml")
    out = dict(data)
    for key in ("work_nouns", "person_titles", "person_pronouns", "state_words", "place_prepositions",
                "negating_determiners"):
        out[key] = frozenset(w.lower() for w in data[key])
    out["other_names"] = frozenset(data["other_names"])
    out["product_patterns"] = [re.compile(p) for p in data["product_patterns"]]
    out["storm_words"] = sorted(data["storm_words"], key=len, reverse=True)
    out["organisation_last_words"] = frozenset(data["organisation_last_words"])
    out["award_last_words"] = frozenset(data["award_last_words"])
    return out


@lru_cache(maxsize=1)
def _country_names() -> frozenset:
    """Every country's name, common and official name (ISO 3166-1, via pycountry; not the codes:
    "AL" or "IN" in a text are not countries)."""
    import pycountry

    keys = ("name", "common_name", "official_name")
    names = {getattr(c, k) for c in pycountry.countries for k in keys if hasattr(c, k)}
    names |= {c.name.split(",")[0] for c in pycountry.historic_countries}   # "Yugoslavia, (Socialist) ..."
    names |= {c.name.split(",")[0] for c in pycountry.countries if "," in c.name}  # "Palestine, State of"
    # the UK's constituent countries (ISO 3166-2:GB subdivisions of type "Country"/"Province")
    names |= {s.name.split(" [")[0] for s in pycountry.subdivisions.get(country_code="GB")
              if s.type in ("Country", "Province")}
    return frozenset(names)


def is_country(name: str) -> bool:
    return name in _country_names()


@lru_cache(maxsize=1)
def _region_names() -> frozenset:
    """First-level regions with a government of their own (US states, provinces, German Länder:
    ISO 3166-2 via ``pycountry``, of the types in ``region_types``) and the ``region_names`` of
    actor_types.yaml (English names ISO 3166-2 gives in another language or not at all)."""
    import pycountry

    r = rules()
    types = set(r["region_types"])
    names = {s.name.split(" [")[0] for s in pycountry.subdivisions if s.type in types}
    names |= {s.name for s in pycountry.subdivisions.get(country_code="US") if s.type == "District"}
    return frozenset(names) | frozenset(r["region_names"])


@lru_cache(maxsize=1)
def _place_names() -> frozenset:
    """Names of the ISO 3166-2 subdivisions (counties, districts, provinces: pycountry) of the
    English-speaking countries in ``place_countries``, of the ``place_types`` (others collide
    with given names: Cabo Verde's "Paul", the London borough "Brent", Venezuela's "Miranda"),
    and the ``region_names``."""
    import pycountry

    codes, types = set(rules()["place_countries"]), set(rules()["place_types"])
    return frozenset(s.name.split(" [")[0] for s in pycountry.subdivisions
                     if s.country_code in codes and s.type in types) | frozenset(rules()["region_names"])


def is_place(name: str) -> bool:
    """A subdivision of a country by its name ("Kent", "Nottinghamshire"): a one-word name the
    recogniser took for a person, with no title, speech or pronoun of a person, is this place."""
    return name in _place_names()


def is_region(name: str) -> bool:
    """A first-level region (a state of the US, a province) by its name; a city is not one."""
    return name in _region_names()


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset:
    """Verb lemmas of the reporting-verb lexicon (a subject of one speaks)."""
    return frozenset(c["lemma"] for c in load_yaml("reporting_verbs.yaml")["cues"] if c.get("pos") == "V")


def is_thing(name: str) -> bool:
    """A product, celestial body or storm by its name alone."""
    r = rules()
    if name in r["other_names"] or any(p.match(name) for p in r["product_patterns"]):
        return True
    return any(name == w or name.startswith(w + " ") for w in r["storm_words"])


def negated(doc, tok_i: int, tok_end: int | None = None) -> bool:
    """A negating determiner ("no") starts or directly precedes the name [tok_i, tok_end) and
    negates the name itself ("there is no Republican Party"), not a noun it qualifies ("no US
    interest")."""
    neg = rules()["negating_determiners"]
    if not (doc[tok_i].lower_ in neg or (tok_i > 0 and doc[tok_i - 1].lower_ in neg)):
        return False
    root = doc[tok_i:tok_end or tok_i + 1].root if tok_end else doc[tok_i]
    return root.dep_ not in ("compound", "amod", "nmod", "poss")


def after_work_noun(doc, span) -> bool:
    """The name directly follows a work noun ("his book Divided America Forever")."""
    i = span.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].text in (",", ":")):
        i -= 1
    return i >= 0 and doc[i].lower_ in rules()["work_nouns"]


def in_quoted_title(text: str, start: int, end: int, sent_start: int, sent_end: int) -> bool:
    """[start, end) lies inside a quoted, title-cased phrase in a sentence that names a work
    ("His latest book is “Nixon's White House Wars: ... Divided America Forever.”")."""
    sentence = text[sent_start:sent_end]
    if not any(w in rules()["work_nouns"] for w in re.findall(r"[a-z-]+", sentence.lower())):
        return False
    for m in re.finditer(r"[“\"]([^”\"]{3,300})[”\"]", sentence):
        a, b = sent_start + m.start(1), sent_start + m.end(1)
        if a <= start and end <= b:
            words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", m.group(1)) if len(w) > 3]
            return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    return False


def _before(span, k: int = 1):
    i = span.start - k
    return span.doc[i] if i >= 0 else None


def has_title(span) -> bool:
    tok = _before(span)
    return tok is not None and tok.lower_ in rules()["person_titles"]


def _speaks(span) -> bool:
    return span.root.dep_ == "nsubj" and span.root.head.lemma_ in _speech_verbs()


def speaks_or_pronoun(span) -> bool:
    """The name is the subject of a reporting verb ("Smith said"), is followed by ", who", or its
    sentence goes on with "he"/"she"/"his"/"her" after it."""
    r = rules()
    if _speaks(span):
        return True
    nxt = span.doc[span.end:span.end + 2]
    if len(nxt) == 2 and nxt[0].text == "," and nxt[1].lower_ == "who":
        return True
    return any(t.lower_ in r["person_pronouns"] for t in span.doc[span.end:span.sent.end])


def _agent(span) -> bool:
    return span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.pos_ in ("VERB", "AUX")


def has_government(span) -> bool:
    """A place acting as a state: a government word after it or before "of" it, or a verb's subject."""
    r = rules()
    doc = span.doc
    j = span.end + (1 if span.end < len(doc) and doc[span.end].text in ("'s", "’s") else 0)
    if j < len(doc) and doc[j].lower_ in r["state_words"]:
        return True
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in r["state_words"]:
        return True
    return _agent(span)


def locative(span) -> bool:
    tok = _before(span)
    if tok is not None and tok.lower_ == "the":
        tok = _before(span, 2)
    return tok is not None and tok.lower_ in rules()["place_prepositions"]


def _plural_name(spans) -> bool:
    """"the Neptunes": a plural name after "the" is a group, not one person."""
    return any(sp.text.endswith("s") and len(sp.text) > 3 and _before(sp) is not None
               and _before(sp).lower_ == "the" and sp.root.dep_ != "compound" for sp in spans)


def _one_word_person(spans, name: str) -> str:
    if is_place(name) and not any(has_title(sp) or _speaks(sp) for sp in spans):
        return OTHER             # "Kent", "a firefighter from Nottinghamshire ... his job": a place
    if any(has_title(sp) or speaks_or_pronoun(sp) for sp in spans):
        return "person"
    if _plural_name(spans):
        return "group"
    titles = rules()["person_titles"]
    if any(sp.root.dep_ == "compound" and sp.root.head.lower_ in titles for sp in spans):
        return "organisation"   # "Princeton professor": an institution qualifying a person
    if all(locative(sp) for sp in spans):
        return OTHER             # "at Princeton", "in Sentosa": a place
    return "person"


def refine_type(kind: str, name: str, spans: list) -> str:
    """The type of an actor the alias table does not know, from its NER type ``kind``, its name
    and the spaCy spans of its mentions."""
    if is_thing(name) or (spans and all(after_work_noun(sp.doc, sp) for sp in spans)):
        return OTHER
    words = name.split()
    if len(words) > 1 and words[-1] in rules()["award_last_words"]:
        return OTHER             # "Intelligence Medal", "Nobel Prize": an honour
    if kind == "person" and len(words) > 1 and words[-1] in rules()["organisation_last_words"]:
        return "organisation"    # "Patriot Coal" labelled PERSON by the recogniser
    if kind in ("state", "person") and is_country(name):
        return "state"
    if kind == "state" and name.split()[-1].lower() in rules()["state_words"]:
        return "government"      # "Las Vegas Police", "State of Virginia" is not a plain place
    if kind == "state" and not is_region(name):
        return OTHER             # a city or town is a place ("Westerville"); its council or police acts
    if kind == "state":
        return "state" if any(has_government(sp) for sp in spans) else OTHER
    if kind == "person" and len(name.split()) == 1:
        return _one_word_person(spans, name)
    return kind
