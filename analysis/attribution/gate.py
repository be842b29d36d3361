"""Precision gate and confidence of attributions.

Some cue words report speech only in some senses ("the poll shows that ..." but "showed Kim the
movie"; "released a statement" but "released the emails"). The gate lets such a word make an
attribution only with a structural reason; raising verbs ("it seems", "appears to be") never make
one without a source. Word lists: ``gated_cues`` and ``speech_act_objects`` in
``attribution_speakers.yaml``.

Confidence: the share of attributions of the same kind and construction that matched a gold
attribution on the PolNeAR train split (``analysis/fitted/attribution_confidence.csv``, rebuilt by
``python -m analysis.training.attribution_confidence --polnear DIR``), smoothed toward the cue's
learned construction probability.
"""
from __future__ import annotations

from functools import lru_cache

from ..resources import fitted_path
from .candidates import Candidate
from .lexicon import fitted_rows, speaker_words, structure_probability

#: Pseudo-count pulling a (kind, construction) precision toward the cue's own probability.
CONFIDENCE_SMOOTHING = 5.0
#: Attributions below this confidence are "low confidence" (the report and CLI can hide them).
LOW_CONFIDENCE = 0.5


@lru_cache(maxsize=None)
def _gated() -> frozenset[str]:
    return frozenset(speaker_words().get("gated_cues", []))


@lru_cache(maxsize=None)
def _speech_objects() -> frozenset[str]:
    return frozenset(speaker_words().get("speech_act_objects", []))


def is_gated(lemma: str) -> bool:
    """True for a cue word that reports speech only in some senses."""
    return lemma in _gated()


def structural_reason(c: Candidate) -> bool:
    """A gated cue's evidence that it reports speech: a clausal complement, a colon before its
    content, or a speech-act object ("issued a statement")."""
    if c.colon or (c.struct == "clause" and c.clause):
        return True
    if c.struct == "object":
        return any(t.dep_ in ("dobj", "attr", "oprd") and t.head.i == c.head.i and _speech_object(t)
                   for t in c.head.children)
    return c.struct == "noun"


def _speech_object(t) -> bool:
    """A common noun of the speech-act list ("a statement"); not a name ("the Jerusalem Post")."""
    return t.pos_ == "NOUN" and not t.ent_type_ and t.lemma_.lower() in _speech_objects()


def _non_speech_phrasal(c: Candidate) -> bool:
    """A cue verb with a particle that makes it a phrasal verb reporting nothing ("called the number
    back", "called off the search"): ``non_speech_particles`` in attribution_speakers.yaml."""
    particles = speaker_words().get("non_speech_particles", {}).get(c.lemma, ())
    return any(t.dep_ in ("prt", "advmod") and t.i > c.head.i and t.lower_ in particles for t in c.head.children)


def passes_gate(c: Candidate, quoted: bool = False) -> bool:
    """False for a raising verb without a source, and for a gated cue with neither a quotation
    (``quoted``) nor a structural reason."""
    if c.pos != "V":
        return True
    if _naming(c):
        return False
    if _non_speech_phrasal(c):  # only a quotation or a that/wh-clause of its own ("called back that ...")
        return quoted or any(t.dep_ == "ccomp" for t in c.head.children)
    if c.lemma in speaker_words()["raising_verbs"]:
        # "X appeared to suggest ...": the source keeps only a raising verb before a reporting verb
        return c.source is not None
    if c.lemma in speaker_words().get("perception_cues", []) and not quoted and not _perceived_as(c):
        return False
    if not is_gated(c.lemma):
        return True
    return quoted or structural_reason(c)


def _perceived_as(c: Candidate) -> bool:
    """A perception verb that may report a view: anything but a bare object that is a thing to
    look at ("will see a new ad", "watched the debate"); "as" predicates and clauses always may."""
    if c.colon or (c.struct == "clause" and c.clause) or any(t.dep_ == "prep" and t.lower_ == "as"
                                                             for t in c.head.children):
        return True
    viewed = speaker_words().get("viewed_objects", [])
    return not any(t.dep_ == "dobj" and t.lemma_.lower() in viewed for t in c.head.children)


def _naming(c: Candidate) -> bool:
    """A participle naming the noun it modifies ("a program called Sandy Hook Promise")."""
    return (c.head.dep_ == "acl" and c.head.tag_ == "VBN" and c.source_how == "modified-noun"
            and c.lemma in speaker_words().get("naming_participles", []))


@lru_cache(maxsize=None)
def _precision() -> dict[tuple[str, str], tuple[int, int]]:
    return {(r["kind"], r["structure"]): (int(r["matched"]), int(r["predicted"]))
            for r in fitted_rows("attribution_confidence.csv")}


def prior(c: Candidate) -> float:
    """The cue's learned probability of being a cue in its construction (1 for labels and
    signatures, which name their speaker explicitly)."""
    if c.struct == "orphan":
        return 0.3
    if c.pos == "O":
        return 1.0
    p = structure_probability(c.lemma, c.pos, c.struct, c.in_quote)
    return c.p if p is None else p


def construction(c: Candidate, inherited: bool = False) -> str:
    """The key of the confidence table: the cue's construction, "inherited" for a follow-on
    quote, with "-gated" for a sense-ambiguous cue word."""
    if inherited:
        return "inherited"
    return c.struct + ("-gated" if c.pos == "V" and is_gated(c.lemma) else "")


def confidence(c: Candidate, kind: str, inherited: bool = False) -> float:
    """Learned probability (PolNeAR train) that an attribution of this kind and construction is
    right, smoothed toward the cue's construction probability; rounded to 3 decimals."""
    struct = construction(c, inherited)
    hits, n = _precision().get((kind, struct), (0, 0))
    p0 = prior(c) if not inherited else 0.8
    if kind == "direct" and not inherited and c.struct != "orphan":
        p0 = max(p0, 0.8)  # a quotation next to a cue is strong evidence on its own
    value = (hits + CONFIDENCE_SMOOTHING * p0) / (n + CONFIDENCE_SMOOTHING)
    return round(min(max(value, 0.0), 1.0), 3)


def fitted_file() -> str:
    """Path of the fitted precision table (for the training script)."""
    return str(fitted_path("attribution_confidence.csv"))
