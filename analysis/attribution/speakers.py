"""Who the source is: the actor a source covers or refers back to, else a typed surface form."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..actor_types import OTHER
from ..actors import Actor, default_alias_table
from .candidates import Candidate
from .lexicon import cue_class, speaker_words
from .scope import Scope
from .sources import SHARES, source_span

_WH = ("who", "which", "that")
_DETERMINERS = ("the", "this", "that")


@dataclass(frozen=True)
class Speaker:
    """A resolved source: the actor's canonical name, else the source's surface form."""
    name: str | None
    id: str | None = None
    type: str = "anonymous"
    affiliation: str | None = None
    resolution: str = "none"        # actor | pronoun | relative | description | inherited | unresolved | none
    surface: str | None = None      # the word(s) resolved (pronoun or description), if any


def genders_from(votes: dict[str, list[int]]) -> dict[str, str]:
    """Actor id -> 'm' | 'f' for person actors: the gender with more votes (``gender_votes``)."""
    return {aid: ("m" if m > f else "f") for aid, (m, f) in votes.items() if m != f}


def gender_votes(text: str, doc, mentions: list[tuple[int, int, Actor]]) -> tuple[
        dict[str, list[int]], dict[int, str], dict[str, str]]:
    """(actor id -> [masculine, feminine] votes, pronoun offset -> the actor id it voted for,
    actor id -> 'm' | 'f' by honorifics alone): an honorific before a person's mention is 3
    votes, a gendered pronoun within 200 characters after the nearest person mention one vote."""
    g = speaker_words()["gender"]
    masc, fem = set(g["masculine"]), set(g["feminine"])
    votes: dict[str, list[int]] = {}
    titled: dict[str, list[int]] = {}
    people = [(ms, me, a) for ms, me, a in mentions if a.type == "person"]
    for ms, me, a in people:
        before = text[max(0, ms - 6):ms].lower().split()
        if before:
            w = before[-1]
            if w in masc or w in fem:
                side = 0 if w in masc else 1
                votes.setdefault(a.id, [0, 0])[side] += 3
                titled.setdefault(a.id, [0, 0])[side] += 1
    k = 0
    cast: dict[int, str] = {}
    for idx, low in gendered_pronouns(doc, masc | fem):
        while k + 1 < len(people) and people[k + 1][0] < idx:
            k += 1
        if people and people[k][0] < idx and idx - people[k][1] < 200:
            votes.setdefault(people[k][2].id, [0, 0])[0 if low in masc else 1] += 1
            cast[idx] = people[k][2].id
    return votes, cast, genders_from(titled)


def gendered_pronouns(doc, words: set[str]) -> list[tuple[int, str]]:
    """(char offset, lower form) of each pronoun in ``words``, in order: read from the doc's
    attribute arrays once (no Token object per word of the document)."""
    from spacy.attrs import IDX, LOWER, POS
    from spacy.parts_of_speech import PRON

    rows = doc.to_array([POS, LOWER, IDX])
    strings = doc.vocab.strings
    pronouns = ((int(idx), strings[low]) for _, low, idx in rows[rows[:, 0] == PRON].tolist())
    return [(idx, low) for idx, low in pronouns if low in words]


def actor_at(scope: Scope, start: int, end: int, head_idx: int | None) -> Actor | None:
    """The actor mentioned in [start, end), preferring a mention covering the head, then the longest."""
    best, best_key = None, None
    for k in scope.mentions_overlapping(start, end):
        ms, me, actor = scope.mentions[k]
        covers_head = head_idx is not None and ms <= head_idx < me
        key = (covers_head, me - ms)
        if best_key is None or key > best_key:
            best, best_key = actor, key
    return best


def _listed_type(lemma: str) -> str | None:
    """"anonymous" or "document" for a source noun on those speaker-word lists."""
    words = speaker_words()
    return "anonymous" if lemma in words["anonymous"] else "document" if lemma in words["document"] else None


def noun_type(tok) -> str:
    """Speaker type from the head noun of an unresolved source."""
    words = speaker_words()
    lemma = tok.lemma_.lower()
    listed = _listed_type(lemma)
    if listed is not None:
        return listed
    roles = words["organisation_roles"]
    if lemma in roles:
        return roles[lemma][0]
    plural = tok.tag_ in ("NNS", "NNPS")
    if lemma in words["person_roles"]:
        return "group" if plural else "person"   # "the officers said" are several people
    if tok.ent_type_ == "PERSON":
        return "person"
    return "group" if plural else "organisation"


def recent(scope: Scope, before: int, types: list[str], title: str | None = None,
           gender: str | None = None, exclude: frozenset[str] = frozenset()) -> Actor | None:
    """The most recent actor of one of ``types`` mentioned before offset ``before``
    (skipping people known to be of the other gender than the pronoun, and ``exclude`` ids)."""
    for k in range(scope.mentions_before(before) - 1, -1, -1):  # latest first
        ms, me, actor = scope.mentions[k]
        if actor.id in exclude:
            continue
        if gender and actor.type == "person" and scope.gender.get(actor.id, gender) != gender:
            continue
        if actor.type in types or ("government" in types and actor.type == "state"):
            if title is not None and not introduced_as(scope.text, ms, me, title) and title not in actor.name.lower():
                continue
            return actor
    return None


def introduced_as(text: str, start: int, end: int, role: str) -> bool:
    """True when the mention [start, end) carries the role noun: just before it ("White House
    spokesman Sean Spicer") or in an appositive after it ("Sean Spicer, the White House
    spokesman," / "Maria Lopez, the company's chief executive,")."""
    before = re.split(r"[,.;:()\n\"“”]", text[max(0, start - 40):start])[-1]  # same phrase only
    if role in before.lower().split()[-3:]:   # not "to Pope Francis, Mr Cruz says"
        return True
    after = text[end:end + 90]
    if not after.startswith(","):
        return False
    phrase = re.split(r"[,.;:()\n]", after[1:], maxsplit=1)[0].lower()
    words = re.findall(r"[\w'’-]+", phrase)
    return bool(words) and words[0] in ("the", "a", "an", "its", "his", "her", "their") and role in words


def from_actor(actor: Actor, how: str, surface: str | None) -> Speaker:
    stype = "government" if actor.type == "state" else actor.type
    return Speaker(actor.name, actor.id, stype, actor.affiliation, how, surface)


def resolve(scope: Scope, tok, start: int | None, end: int | None, depth: int = 0,
            said: Sequence[tuple[int, Actor]] = ()) -> Speaker:
    """The speaker of a source token whose phrase spans [start, end) (None when unknown): the
    actor mentioned there, the actor a pronoun, relative pronoun or description refers back
    to, else the surface form with a type guessed from the word. ``said``: (offset, actor) of
    the person speakers named before, in text order (the antecedents "he said" prefers)."""
    surface = scope.text[start:end] if start is not None else tok.text
    if start is not None:
        actor = actor_at(scope, start, end, tok.idx)
        if actor is not None:
            if any(m.start <= tok.idx < m.end for m in actor.mentions) or tok.pos_ not in ("NOUN", "PROPN") or (
                    _named_in_apposition(tok, actor)):
                return from_actor(actor, "actor", None)
            # "Russian TV", "Kremlin officials": the actor only qualifies the source
            return Speaker(surface, None, noun_type(tok), actor.affiliation, "unresolved", None)
    if negative_source(tok):  # "no one envisioned ...": an attribution, but nobody's voice
        return Speaker(surface, None, OTHER, None, "unresolved", None)
    found = _pronoun(scope, tok, surface, depth, said)
    if found is None:
        found = _description(scope, tok, surface)
    return found or Speaker(surface, None, _surface_type(tok), None, "unresolved", None)


def _named_in_apposition(tok, actor: Actor) -> bool:
    """A role noun with the person's name in apposition ("the mayor, Tom Varga, said"): the
    phrase names that person, it does not merely qualify the source."""
    return actor.type == "person" and any(
        c.dep_ == "appos" and any(m.start <= c.idx < m.end for m in actor.mentions) for c in tok.children)


def _pronoun(scope: Scope, tok, surface: str, depth: int, said: Sequence[tuple[int, Actor]] = ()) -> Speaker | None:
    """A personal or relative pronoun: the actor it refers back to, else the pronoun typed."""
    low = tok.lower_
    pron = speaker_words()["pronouns"].get(low)
    if not (pron is not None and tok.pos_ == "PRON" or low in _WH and tok.tag_ in ("WP", "WDT")):
        return None
    if pron == ["head"] or low in _WH:
        found = _relative(scope, tok, depth, said)
        if found is not None:
            return replace(found, resolution="relative", surface=tok.text)
    elif low not in ("i", "we"):  # first person inside a quote: the quoted speaker is unknown here
        g = speaker_words()["gender"]
        gender = "m" if low in g["masculine"] else "f" if low in g["feminine"] else None
        exclude = clause_objects(scope, tok)
        actor = recent(scope, tok.idx, pron, gender=gender, exclude=exclude)
        if gender is not None and tok.dep_ in ("nsubj", "nsubjpass") and not nearer_named_subject(scope, tok):
            found = reporting_subject(scope, tok, gender, exclude) or last_speaker(
                scope, tok, gender, said, exclude, actor)
            if found is not None and _may_replace(scope, tok, found, actor, gender):
                actor = found
        if actor is not None:
            return from_actor(actor, "pronoun", tok.text)
    return Speaker(surface, None, "person" if low in ("he", "she", "i") else "group", None, "unresolved", tok.text)


def _fits(scope: Scope, actor: Actor, gender: str, exclude: frozenset[str]) -> bool:
    """A person who may be "he" or "she": the gender known for them is not the other one."""
    return actor.type == "person" and actor.id not in exclude and scope.gender.get(actor.id, gender) == gender


def _may_replace(scope: Scope, tok, found: Actor, nearest: Actor | None, gender: str) -> bool:
    """Whether the clause's or the discourse's person may replace the most recent fitting actor:
    not when only the recent one is known to have the pronoun's gender (a man or a person of
    unknown gender never takes "she" from a nearby "Mrs. Ruiz"). Known for the recent one means
    by an honorific: pronoun votes go to the person named just before, the recent one itself."""
    return (nearest is None or nearest.id == found.id or _known_gender(scope, found, gender, tok.idx)
            or scope.gender_titled.get(nearest.id) != gender)


def _known_gender(scope: Scope, actor: Actor, gender: str, pronoun: int) -> bool:
    """True when the votes for ``actor``'s gender favour ``gender`` without the vote of the
    pronoun at ``pronoun`` being resolved (it votes for the person named just before it)."""
    m, f = scope.gender_votes.get(actor.id, (0, 0))
    if scope.gender_cast.get(pronoun) == actor.id:
        m, f = (m - 1, f) if gender == "m" else (m, f - 1)
    return m > f if gender == "m" else f > m


def _person_at(scope: Scope, t) -> Actor | None:
    """The person actor a mention covering token ``t`` names, if any."""
    actor = actor_at(scope, t.idx, t.idx + len(t.text), t.idx)
    return actor if actor is not None and actor.type == "person" else None


_REPORTED = ("ccomp", "conj", "xcomp", "advcl", "parataxis")


def _reported_verbs(tok):
    """(verb, how it was reached) up from a pronoun subject through reported and conjoined clauses
    (at most 4), not through a noun's relative clause."""
    node = tok.head
    for _ in range(4):
        if node.dep_ not in _REPORTED or node.head.i == node.i:
            return
        how, node = node.dep_, node.head
        yield node, how


def _named_subject(scope: Scope, verb, before: int):
    """(subject token before offset token ``before``, the person it names or None) of ``verb``."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < before), None)
    return subj, _person_at(scope, subj) if subj is not None and subj.pos_ == "PROPN" else None


def _is_cue_subject(subj, verb) -> bool:
    return subj is not None and subj.dep_ == "nsubj" and verb.pos_ in ("VERB", "AUX") and (
        cue_class(verb.lemma_.lower()) is not None)


def reporting_subject(scope: Scope, tok, gender: str, exclude: frozenset[str]) -> Actor | None:
    """For "he"/"she" inside what a named person reports in the same sentence ("Keller said the
    survey by Ellis was flawed, and that he had warned ..."): that person, not the name nearest
    the pronoun."""
    for verb, _ in _reported_verbs(tok):
        subj, actor = _named_subject(scope, verb, tok.i)
        if _is_cue_subject(subj, verb):
            return actor if actor is not None and _fits(scope, actor, gender, exclude) else None
        if actor is not None:
            return None
    return None


def nearer_named_subject(scope: Scope, tok) -> bool:
    """True when a clause between the pronoun and the reporter has another named person as its
    subject ("Keller said Ellis quit after he warned ...", "Keller said Ellis was fired, and he
    argued ..."): the pronoun is then left to the nearest name, as neither clause nor discourse
    decides it."""
    for verb, how in _reported_verbs(tok):
        subj, actor = _named_subject(scope, verb, tok.i)
        if how == "conj" and any(_named_subject(scope, c, tok.i)[1] is not None for c in verb.children
                                 if c.dep_ in ("ccomp", "conj") and c.i < tok.i):
            return True
        if _is_cue_subject(subj, verb):
            return False
        if actor is not None:
            return True
    return False


def last_speaker(scope: Scope, tok, gender: str, said: Sequence[tuple[int, Actor]], exclude: frozenset[str],
                 nearest: Actor | None) -> Actor | None:
    """The last person named as the source of a quotation or paraphrase before "he said"/"she
    said" in the same or the previous paragraph (a break inside an open quotation is no break):
    in interviews and profiles the pronoun goes on with the person speaking, not with a president
    named in passing in between. None when no such speaker fits, when the nearest fitting actor
    has since become the subject of a main clause outside quotation ("Smith spoke first. Then
    Jones took the stage. He said ..." is Jones), or when another person who may be the pronoun
    is introduced in between ("For Jones, a miner, the closure hurt. He said ..." is Jones)."""
    here = scope.article.sentence_at(tok.idx)
    if here is None:
        return None
    number = scope.discourse_paragraphs
    for offset, actor in reversed(said):
        if offset >= tok.idx:
            continue
        sent = scope.article.sentence_at(offset)
        if sent is None or number[sent.paragraph] < number[here.paragraph] - 1:
            return None
        if not _fits(scope, actor, gender, exclude):
            continue
        if nearest is not None and nearest.id != actor.id and _main_subject_between(scope, nearest, offset, tok.idx):
            return None
        if _introduced_between(scope, actor, offset, tok.idx, gender, exclude):
            return None
        return actor
    return None


def _introduced_between(scope: Scope, speaker: Actor, start: int, end: int, gender: str,
                        exclude: frozenset[str]) -> bool:
    """True when a person other than ``speaker`` who may be the pronoun is introduced, in any
    role, in the pronoun's sentence or the one before, after ``start``: first named outside
    quotation, with a description after the name ("For Jones, a retired miner, the closure hurt.",
    "criticised by Jones, an engineer"). Names in passing ("the policies of President Obama")
    leave the pronoun to the last speaker, as on PolNeAR train they mostly are not "he"."""
    here = scope.article.sentence_at(end)
    for k in scope.mentions_overlapping(start + 1, end):
        ms, me, a = scope.mentions[k]
        if ms <= start or a.id == speaker.id or not _fits(scope, a, gender, exclude):
            continue
        sent = scope.article.sentence_at(ms)
        if here is None or sent is None or sent.id < here.id - 1 or not _described(scope.text, me):
            continue
        if ms == _first_narrated(scope, a):
            return True
    return False


_DESCRIBING = ("a", "an", "the", "his", "her", "their", "its")


def _described(text: str, end: int) -> bool:
    """A name followed by a comma and a described role ("Jones, a retired miner,")."""
    after = text[end:end + 40]
    words = after[1:].split(None, 1) if after.startswith(",") else []
    return bool(words) and words[0].lower() in _DESCRIBING


def _first_narrated(scope: Scope, actor: Actor) -> int | None:
    """Offset of the first mention of ``actor`` outside quotation (where the text introduces them)."""
    for m in sorted(actor.mentions, key=lambda m: m.start):
        span = scope.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span) or scope.in_quote[span.root.i]:
            continue
        sent = scope.article.sentence_at(m.start)
        if sent is None or sent.paragraph not in scope.quoted_paragraphs:
            return m.start
    return None


def _main_subject_between(scope: Scope, actor: Actor, start: int, end: int) -> bool:
    """True when ``actor`` is named in (start, end) as the subject of a main clause (or its
    possessor), outside quotation."""
    for k in scope.mentions_overlapping(start + 1, end):
        ms, me, a = scope.mentions[k]
        if a.id != actor.id or ms <= start:
            continue
        span = scope.doc.char_span(ms, me, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        if root.dep_ == "poss" and root.head.dep_ in ("nsubj", "nsubjpass"):
            root = root.head  # "Mr. Cruz's success ... reflects how he ..."
        verb = root.head
        if scope.in_quote[root.i] or root.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
            return True
    return False


def clause_objects(scope: Scope, tok) -> frozenset[str]:
    """Actors named as objects of the verb whose subject ``tok`` is: a subject pronoun never
    refers to its own verb's object ("“...,” he blasted Melvin": he is not Melvin)."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return frozenset()
    spans = [(t.idx, t.idx + len(t.text)) for c in tok.head.children if c.dep_ in ("dobj", "dative", "prep")
             for t in c.subtree]
    return frozenset(scope.mentions[k][2].id for s, e in spans for k in scope.mentions_overlapping(s, e))


def _relative(scope: Scope, tok, depth: int, said: Sequence[tuple[int, Actor]] = ()) -> Speaker | None:
    """The speaker of the noun a relative clause ("X, who said") modifies."""
    head = tok.head
    while head.dep_ not in ("relcl", "acl") and head.head.i != head.i and depth < 3:
        head = head.head
        depth += 1
    noun = head.head if head.dep_ in ("relcl", "acl") else None
    if noun is None or depth >= 4:
        return None
    return resolve(scope, noun, noun.idx, noun.idx + len(noun.text), depth + 1, said)


def _description(scope: Scope, tok, surface: str) -> Speaker | None:
    """A definite description ("the president", "the company"): the most recent fitting actor."""
    words = speaker_words()
    lemma = tok.lemma_.lower()
    determined = any(c.lower_ in _DETERMINERS for c in tok.children)
    if lemma in words["person_roles"] and tok.pos_ == "NOUN" and lemma not in words["anonymous"] or (
            lemma in words["person_roles"] and any(c.lower_ in ("the", "this") for c in tok.children)):
        if not tok.tag_.endswith("S"):
            actor = recent(scope, tok.idx, ["person"], title=lemma)
            if actor is not None and determined:
                return from_actor(actor, "description", surface)
    roles = words["organisation_roles"]
    if lemma in roles and determined:
        actor = recent(scope, tok.idx, roles[lemma])
        if actor is not None:
            return from_actor(actor, "description", surface)
    return None


def _surface_type(tok) -> str:
    """Speaker type of an unresolved source from its word and entity type."""
    lemma = tok.lemma_.lower()
    listed = _listed_type(lemma)
    if listed is not None:
        return listed
    if tok.ent_type_ == "PERSON":
        return "person"
    if tok.ent_type_ in ("ORG",):
        return "organisation"
    if tok.ent_type_ in ("GPE",):
        return "government"
    if tok.ent_type_ == "NORP" or tok.tag_ in ("NNS", "NNPS") or tok.pos_ == "NUM" or tok.lower_ in SHARES:
        return "group"  # "voters", "About 4 in 10", "Less than a third"
    if tok.pos_ == "PROPN":
        return "person"
    if lemma in speaker_words()["person_roles"]:
        return "person"
    return "organisation" if tok.pos_ == "NOUN" else "person"


def label_actor(actors: list[Actor], label: str) -> Actor | None:
    """The one person of the article whose surname or full name a transcript label is
    ("SMITH", "JOHN SMITH"); None for initialisms, places and organisations ("UN", "RUSSIA")
    and name fragments ("UN" of Kim Jong Un)."""
    words = label.lower().replace("’", "'").split()
    if len(words) == 1 and (len(words[0]) < 3 or default_alias_table().lookup(label) is not None):
        return None
    named = [x for x in actors if x.type == "person"
             and x.name.lower().replace("’", "'").split()[-len(words):] == words]
    if len(named) > 1:  # the label itself may have been taken for an actor "SMITH"
        named = [x for x in named if not x.name.isupper()]
    return named[0] if len(named) == 1 else None


def negative_source(tok) -> bool:
    """A negative quantifier ("no one", "nobody", "none"): the source names nobody."""
    return tok.lower_ in speaker_words()["negative_sources"] or (
        tok.lower_ == "one" and any(c.lower_ == "no" for c in tok.children))


def _possessed_thing(tok, own_subject: bool) -> bool:
    """A thing's attribute reached through another verb ("Its purpose was to discuss ...";
    "its findings show that ..." is the cue's own subject and stays a source)."""
    words = speaker_words()
    known = set(words["anonymous"]) | set(words["document"]) | set(words["person_roles"]) | set(
        words["organisation_roles"])
    return (not own_subject and tok.pos_ == "NOUN" and not tok.ent_type_ and tok.lemma_.lower() not in known
            and any(c.dep_ == "poss" and c.lower_ == "its" for c in tok.children))


def thing_source(scope: Scope, c: Candidate, nested: bool = False) -> bool:
    """True when the source is a thing's attribute ("Its purpose was to discuss"), or the cue is not a
    reporting verb and its source is an inanimate common noun: "which"/"that" standing for one
    ("a clash, which highlighted worries"), or, inside another attribution's content, the noun
    itself ("X stated that the visit demonstrated")."""
    tok = c.source
    if _possessed_thing(tok, tok.head.i == c.head.i):
        return True
    if cue_class(c.lemma) is not None:
        return False
    if tok.lower_ in ("which", "that") and tok.head.dep_ in ("relcl", "acl"):
        tok = tok.head.head
    elif not nested:
        return False
    if tok.pos_ != "NOUN" or tok.ent_type_:
        return False
    words = speaker_words()
    known = (set(words["anonymous"]) | set(words["document"]) | set(words["person_roles"])
             | set(words["organisation_roles"]))
    if tok.lemma_.lower() in known:
        return False
    span = source_span(scope, c)
    return span is None or actor_at(scope, span[0], span[1], tok.idx) is None
