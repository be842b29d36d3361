"""Structural indicators of the responsibility, conflict and human-interest frames, read from
the other stages' results rather than from words alone: who is held responsible (a blame or credit
word with a named actor among its arguments), who is asked to act (a call whose object is a
government actor or a government noun), how many government actors the story names, disagreement
between named parties (attributions with a disputing cue when two or more named actors speak;
opposition verbs with different named actors as subject and object), ordinary people as sources
(attributions by a named person without an official or expert title), personal detail (ages,
family relations of a person), first-person quotations ("I", "my") and personal stories (a named
private person as the subject of several sentences), and for any generic frame dense sentences (its
cues answer two or more of its questions in one sentence: the frame is argued there, not just named).

Word lists: the ``structure`` section of analysis/data/frames_generic.yaml; which indicators a
frame may use: its ``structure`` entry; which ones it does use: the fitted calibration (chosen
by nested train cross-validation, analysis.training.structure_select). Negated words do not
count ("did not blame", "never accused").
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass

#: Actor types whose actors count as government (analysis.actors.ACTOR_TYPES).
GOVERNMENT_TYPES = frozenset({"government", "state"})
#: Speaker types of named parties (analysis.attribution.results.SPEAKER_TYPES without anonymous
#: sources and documents).
NAMED_TYPES = frozenset({"person", "government", "state", "media", "organisation", "group"})
INDICATORS = ("blame", "call_on_government", "government_actors", "disputes", "opposed_parties",
              "ordinary_sources", "personal_detail", "first_person_quotes", "personal_story",
              "dense_sentences")
#: Indicators read from the frame's own cue evidence (found by analysis.framing, per frame).
FRAME_OWN = frozenset({"dense_sentences"})
#: A dense sentence answers at least this many of the frame's questions.
DENSE_MIN_ITEMS = 2
#: An age: "34-year-old", "67 years old".
_AGE = re.compile(r"(?<![\d,.])\b\d{1,3}[- ]years?[- ]old\b", re.IGNORECASE)
#: Feature forms of an indicator: log1p of its count, whether it occurs, count per sentence.
FORMS = ("count", "any", "rate")


@dataclass
class Indicator:
    """One structural indicator of an article: every occurrence, with where and who."""
    name: str
    evidence: list[dict]     # {sentence_id, text, start, end, actors}

    @property
    def count(self) -> int:
        return len(self.evidence)

    def to_dict(self) -> dict:
        return {"count": self.count, "evidence": [dict(e, actors=list(e["actors"])) for e in self.evidence]}


def features(found: dict[str, Indicator], forms: dict[str, list[str]], n_sentences: int) -> dict[str, float]:
    """Named calibration features ``indicator.form`` of the forms a frame lists."""
    out = {}
    for name, fs in forms.items():
        n = found[name].count if name in found else 0
        for form in fs:
            out[f"{name}.{form}"] = (math.log1p(n) if form == "count" else float(n > 0) if form == "any"
                                     else n / max(1, n_sentences))
    return out


def dense_sentences(hits, sentences: dict[int, tuple[int, int, str, list[str]]]) -> list[dict]:
    """Sentences in which a frame's cue evidence (``hits``: ItemHit-like, with ``sentence_id``
    and ``item``) answers DENSE_MIN_ITEMS or more of its questions; ``sentences``: sentence id ->
    (start, end, text, actors). Each occurrence is the whole sentence with the questions it answers."""
    items: dict[int, set[str]] = {}
    for h in hits:
        items.setdefault(h.sentence_id, set()).add(h.item)
    out = []
    for sid in sorted(items):
        if len(items[sid]) >= DENSE_MIN_ITEMS and sid in sentences:
            start, end, text, actors = sentences[sid]
            out.append({"sentence_id": sid, "text": text, "start": start, "end": end, "actors": list(actors),
                        "items": sorted(items[sid])})
    return out


def check_forms(frame: str, spec) -> dict[str, list[str]]:
    """A frame's ``structure`` entry ({indicator: [forms]}), checked."""
    spec = spec or {}
    for name, fs in spec.items():
        if name not in INDICATORS or not fs or any(f not in FORMS for f in fs):
            raise ValueError(f"frame {frame!r}: structure {name!r}: indicators are {', '.join(INDICATORS)}, "
                             f"forms {', '.join(FORMS)}")
    return {k: list(v) for k, v in spec.items()}


class _Mentions:
    """Actor mentions by character offset, to name the actors inside a set of tokens."""

    def __init__(self, actors):
        self.items = sorted(((m.start, m.end, a) for a in actors if a.type != "other" for m in a.mentions),
                            key=lambda x: (x[0], x[1]))
        self.starts = [s for s, _, _ in self.items]

    def actors_in(self, toks, types=None) -> list[str]:
        out = []
        for t in toks:
            a, b = t.idx, t.idx + len(t.text)
            k = max(0, bisect_left(self.starts, a) - 3)
            for s, e, actor in self.items[k:]:
                if s >= b:
                    break
                if s < b and a < e and (types is None or actor.type in types) and actor.name not in out:
                    out.append(actor.name)
        return out


def negated(t) -> bool:
    """A negated word: it has a negation ("did not blame", "no protest"), or it is the complement
    of a negated copula ("is not responsible")."""
    def neg(x):
        return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "never")) for c in x.children)
    return neg(t) or (t.dep_ in ("acomp", "attr", "xcomp", "oprd") and neg(t.head))


def _subtrees(t, deps) -> list:
    return [x for c in t.children if c.dep_ in deps for x in c.subtree]


def _arguments(t) -> list:
    """A blame word's arguments: its subtree, its subject and object, and the subject of the clause
    it completes ("X is responsible", "held X accountable")."""
    toks = list(t.subtree) + _subtrees(t, ("nsubj", "nsubjpass", "dobj", "agent"))
    if t.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp", "amod"):
        toks += _subtrees(t.head, ("nsubj", "nsubjpass", "dobj"))
    return toks


def _hit(article, t, actors: list[str]) -> dict | None:
    s = article.sentence_at(t.idx)
    if s is None:
        return None
    return {"sentence_id": s.id, "text": t.text, "start": t.idx, "end": t.idx + len(t.text), "actors": actors}


def _token_indicators(lex: dict, doc, article, ments: _Mentions) -> dict[str, list[dict]]:
    """blame, call_on_government and opposed_parties: one scan of the tokens."""
    blame, calls, govn, needs, particles, opp = (set(lex.get(k) or ()) for k in (
        "blame_words", "call_verbs", "government_nouns", "call_needs_particle", "call_particles", "opposition_words"))
    out = {"blame": [], "call_on_government": [], "opposed_parties": []}
    for t in doc:
        lemma = t.lemma_.lower()
        if lemma not in blame and lemma not in calls and lemma not in opp or negated(t):
            continue
        if lemma in blame:
            out["blame"].append(_hit(article, t, ments.actors_in(_arguments(t))))
        if lemma in calls and t.pos_ == "VERB" and (lemma not in needs or any(c.lower_ in particles for c in t.children)):
            args = _subtrees(t, ("dobj", "prep", "ccomp", "xcomp", "dative"))
            who = ments.actors_in(args, GOVERNMENT_TYPES) + sorted({x.lower_ for x in args if x.lower_ in govn})
            out["call_on_government"].append(_hit(article, t, who))
        if lemma in opp and t.pos_ in ("VERB", "NOUN"):
            subj = ments.actors_in(_subtrees(t, ("nsubj", "agent", "poss")))
            obj = ments.actors_in(_subtrees(t, ("dobj", "prep", "nsubjpass", "ccomp")))
            both = subj and obj and set(subj) != set(obj)
            out["opposed_parties"].append(_hit(article, t, subj + [a for a in obj if a not in subj]) if both else None)
    return {k: [h for h in v if h is not None and h["actors"]] for k, v in out.items()}


def _disputes(article, attributions, doc, cue_class: str | None) -> list[dict]:
    """Attributions whose cue is of the disputing class (``cue_class``; not negated) by a named
    party, when two or more named parties speak."""
    named = [a for a in attributions.attributions if a.speaker_type in NAMED_TYPES and a.speaker_id]
    if cue_class is None or len({a.speaker_id for a in named}) < 2:
        return []
    out = []
    for a in named:
        if a.cue_class == cue_class and a.cue_start is not None and a.cue_end is not None:
            cue = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
            if cue is not None and any(negated(t) for t in cue):
                continue
            s = article.sentence_at(a.cue_start)
            sid = s.id if s is not None else (a.sentence_ids[0] if a.sentence_ids else 0)
            out.append({"sentence_id": sid, "text": article.text[a.cue_start:a.cue_end], "start": a.cue_start,
                        "end": a.cue_end, "actors": [a.speaker]})
    return out


def _government_actors(actors) -> list[dict]:
    """Every government or state actor the article names, at its first mention."""
    out = []
    for a in actors:
        ms = sorted(a.mentions, key=lambda m: m.start)
        if a.type in GOVERNMENT_TYPES and ms:
            m = ms[0]
            out.append({"sentence_id": m.sentence_id, "text": m.text, "start": m.start, "end": m.end,
                        "actors": [a.name]})
    return sorted(out, key=lambda e: (e["start"], e["actors"][0]))


def _title_words(span) -> list:
    """The words that describe a name in its own noun phrase: modifiers before it ("Senator John
    Smith", "Clark County sheriff Joe Lombardo"), an appositive after it ("John Smith, a spokesman
    for"), or the noun it stands in apposition to ("the sheriff, Joe Lombardo")."""
    root = span.root
    words = [x for t in span for c in t.children if c.i < span.start for x in c.subtree]
    words += [x for c in root.children if c.dep_ == "appos" for x in list(c.subtree)[:7]]
    if root.dep_ == "appos":
        words += [x for x in root.head.subtree if x.i < span.start and x.i >= root.head.left_edge.i][-6:]
    return words


def _private_persons(lex: dict, doc, actors) -> dict[str, object]:
    """Person actors no mention of which carries an official or expert title in its noun phrase
    ("Senator John Smith", "Archbishop Carlo Viganò", "John Smith, a spokesman for"); a surname
    (the mention's last word: "Maria Bishop") and words of another phrase ("Police arrested Maria
    Lopez") are no title."""
    titles = set(lex.get("official_titles") or ())
    out = {}
    for a in actors:
        if a.type != "person":
            continue
        titled = False
        for m in a.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            words = _title_words(span) + list(span[:-1])
            if any(t.lower_ in titles or t.lemma_.lower() in titles for t in words):
                titled = True
                break
        if not titled:
            out[a.id] = a
    return out


def _ordinary_sources(attributions, private: dict) -> list[dict]:
    """Attributions whose speaker is a private person (no official or expert title)."""
    return [{"sentence_id": a.sentence_ids[0] if a.sentence_ids else 0, "text": a.source_text or "",
             "start": a.source_start, "end": a.source_end, "actors": [a.speaker]}
            for a in attributions.attributions
            if a.speaker_type == "person" and a.speaker_id in private and a.source_start is not None]


def _persons_by_sentence(actors) -> dict[int, dict]:
    """Person actors mentioned in each sentence ({id: actor}), by sentence id."""
    out: dict[int, dict] = {}
    for a in actors:
        if a.type == "person":
            for m in a.mentions:
                out.setdefault(m.sentence_id, {})[a.id] = a
    return out


def _about_a_person(sid: int, sent, persons: dict, person_nouns: set) -> list[str] | None:
    """Whom a personal detail in sentence ``sid`` is about: the persons named there (or, if the
    sentence names no person, in the sentence before); when nobody is named, [] if a person noun
    ("grandmother", "farmer") is in the sentence, else None (the age of a bridge is no personal
    detail). Officials count: Semetko & Valkenburg's HI3 asks about the private or personal lives
    of the actors, whoever they are."""
    named = persons.get(sid) or persons.get(sid - 1) or {}
    if named:
        return sorted({a.name for a in named.values()})
    return [] if any(t.lemma_.lower() in person_nouns and t.pos_ == "NOUN" for t in sent) else None


def _personal_detail(lex: dict, doc, article, actors) -> list[dict]:
    """Ages ("34-year-old", "Maria Lopez, 34,") and family nouns with a personal possessor ("her
    daughter", "Lopez's son"; not negated), about a person (see _about_a_person)."""
    family = set(lex.get("family_nouns") or ())
    possessive = set(lex.get("possessive_pronouns") or ())
    person_nouns = family | set(lex.get("person_nouns") or ())
    persons = _persons_by_sentence(actors)
    found = []
    for m in _AGE.finditer(article.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            found.append((span[0], m.group(0), m.end()))
    for t in doc:
        age = (t.text.isdigit() and 0 < int(t.text) < 120 and t.dep_ in ("appos", "npadvmod", "amod")
               and t.head.ent_type_ == "PERSON" and t.i > 0 and doc[t.i - 1].text == ",")
        rel = t.lemma_.lower() in family and t.pos_ == "NOUN" and not negated(t) and any(
            c.dep_ == "poss" and (c.lower_ in possessive or c.ent_type_ == "PERSON") for c in t.children)
        if age or rel:
            found.append((t, t.text, t.idx + len(t.text)))
    out = []
    for t, text, end in found:
        hit = _hit(article, t, [])
        who = _about_a_person(hit["sentence_id"], t.sent, persons, person_nouns) if hit else None
        if who is not None:
            out.append(dict(hit, text=text, end=end, actors=who))
    return sorted(out, key=lambda e: (e["start"], e["text"]))


def _first_person_quotes(lex: dict, doc, attributions, private: dict) -> list[dict]:
    """Quotations (direct or mixed) by a private person whose words say "I", "my" or "me" (a
    pronoun in the parse: not the numeral of "World War I")."""
    first = set(lex.get("first_person") or ())
    out = []
    for a in attributions.attributions:
        if a.kind == "indirect" or a.speaker_id not in private or a.content_start is None:
            continue
        span = doc.char_span(a.content_start, a.content_end, alignment_mode="expand")
        if span is not None and any(t.lower_ in first and t.tag_ in ("PRP", "PRP$") for t in span):
            out.append({"sentence_id": a.sentence_ids[0] if a.sentence_ids else 0,
                        "text": a.content_text[:80], "start": a.content_start, "end": a.content_end,
                        "actors": [a.speaker] if a.speaker else []})
    return out


def _personal_story(lex: dict, doc, article, private: dict) -> list[dict]:
    """Sentences whose subject is a private person who is the subject of at least
    ``story_min_sentences`` sentences."""
    need = int(lex.get("story_min_sentences") or 3)
    by_start = {m.start: a for a in private.values() for m in a.mentions}
    seen: dict[str, dict[int, dict]] = {}
    for t in doc:
        if t.dep_ not in ("nsubj", "nsubjpass"):
            continue
        head = t if t.idx in by_start else (doc[t.left_edge.i] if t.left_edge.idx in by_start else None)
        a = by_start.get(head.idx) if head is not None else None
        hit = _hit(article, t, [a.name]) if a is not None else None
        if hit is not None:
            seen.setdefault(a.id, {}).setdefault(hit["sentence_id"], hit)
    hits = [h for sents in seen.values() if len(sents) >= need for h in sents.values()]
    return sorted(hits, key=lambda e: (e["start"], e["actors"][0]))


def _human_interest(lex: dict, wanted: set[str], doc, article, actors, attributions) -> dict[str, list[dict]]:
    """The human-interest indicators in ``wanted``."""
    needs_private = wanted & {"ordinary_sources", "first_person_quotes", "personal_story"}
    private = _private_persons(lex, doc, actors) if needs_private else {}
    found: dict[str, list[dict]] = {}
    if "ordinary_sources" in wanted:
        found["ordinary_sources"] = _ordinary_sources(attributions, private)
    if "personal_detail" in wanted:
        found["personal_detail"] = _personal_detail(lex, doc, article, actors)
    if "first_person_quotes" in wanted:
        found["first_person_quotes"] = _first_person_quotes(lex, doc, attributions, private)
    if "personal_story" in wanted:
        found["personal_story"] = _personal_story(lex, doc, article, private)
    return found


def find_indicators(lex: dict, wanted: set[str], doc, article, actors, attributions) -> dict[str, Indicator]:
    """The indicators in ``wanted`` found in one analysed article (``lex``: the codebook's
    ``structure`` word lists; a list it lacks finds nothing)."""
    found: dict[str, list[dict]] = {}
    if wanted & {"blame", "call_on_government", "opposed_parties"}:
        found.update(_token_indicators(lex, doc, article, _Mentions(actors)))
    if "disputes" in wanted:
        found["disputes"] = _disputes(article, attributions, doc, lex.get("disputing_class"))
    if "government_actors" in wanted:
        found["government_actors"] = _government_actors(actors)
    if wanted & {"ordinary_sources", "personal_detail", "first_person_quotes", "personal_story"}:
        found.update(_human_interest(lex, wanted, doc, article, actors, attributions))
    return {k: Indicator(k, v) for k, v in found.items() if k in wanted}
