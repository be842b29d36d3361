"""Cue vocabulary: which words are attribution cues, their framing class, and how likely each
word (and each construction of it) is a cue.

``analysis/data/reporting_verbs.yaml`` is the only list of cue words. The learned tables in
``analysis/fitted/`` (PolNeAR train counts) only weigh the words it lists, so a word removed
from the YAML stops being a cue.
"""
from __future__ import annotations

import csv
from functools import lru_cache

from ..resources import fitted_path, load_yaml
from .thresholds import P_LEXICON_DEFAULT, SMOOTHING

#: The cue lemma of "according to"; the lexicon lists it as accord/P.
ACCORDING_TO = "according to"


@lru_cache(maxsize=None)
def cue_classes() -> dict[str, dict]:
    """The framing classes of reporting verbs, in display order, with their chart colour and
    report underline style."""
    return dict(load_yaml("reporting_verbs.yaml")["classes"])


@lru_cache(maxsize=None)
def lexicon() -> dict[tuple[str, str], str | None]:
    """(lemma, pos) -> framing class for every cue word; None for cue words without a class."""
    data = load_yaml("reporting_verbs.yaml")
    return {(e["lemma"], e["pos"]): e["class"] for e in data["cues"]}


def fitted_rows(name: str) -> list[dict]:
    """Rows of a fitted CSV table in analysis/fitted/ (comment lines skipped; none when absent)."""
    try:
        with open(fitted_path(name), encoding="utf-8") as fh:
            return list(csv.DictReader(line for line in fh if not line.startswith("#")))
    except FileNotFoundError:
        return []


@lru_cache(maxsize=None)
def _learned() -> dict[tuple[str, str], float]:
    return {(r["lemma"], r["pos"]): float(r["p_cue"]) for r in fitted_rows("attribution_cues.csv")}


@lru_cache(maxsize=None)
def _structures() -> dict[tuple[str, str, str, str], tuple[int, int]]:
    return {(r["lemma"], r["pos"], r["structure"], r["in_quote"]): (int(r["cues"]), int(r["candidates"]))
            for r in fitted_rows("attribution_structures.csv")}


@lru_cache(maxsize=None)
def speaker_words() -> dict:
    """Word lists for speakers: pronouns, roles, anonymous and document nouns, gender words."""
    return load_yaml("attribution_speakers.yaml")


def cue_class(lemma: str) -> str | None:
    """The framing class of a cue lemma (neutral, emphatic, endorsing, disputing, tentative,
    visual-report), or None when the word is not in the reporting-verb lexicon or has no class."""
    lex = _classes()
    key = (lemma or "").lower()
    for pos in ("V", "P", "N"):
        if (key, pos) in lex:
            return lex[(key, pos)]
    return None


@lru_cache(maxsize=None)
def _classes() -> dict[tuple[str, str], str]:
    return {key: cls for key, cls in lexicon().items() if cls is not None}


def has_class(lemma: str, pos: str) -> bool:
    """True when (lemma, pos) is a lexicon entry with a framing class."""
    return (lemma, pos) in _classes()


def lexicon_lemma(lemma: str) -> str:
    """The lemma under which the lexicon lists a cue ("according to" is accord)."""
    return "accord" if lemma == ACCORDING_TO else lemma


def cue_probability(lemma: str, pos: str) -> float:
    """Learned probability that an occurrence of a lexicon word is an attribution cue (the
    lexicon prior for words never seen as cues in train); 0 for words outside the lexicon."""
    if (lemma, pos) not in lexicon():
        return 0.0
    return _learned().get((lemma, pos), P_LEXICON_DEFAULT)


def structure_probability(lemma: str, pos: str, struct: str, in_quote: bool) -> float | None:
    """Learned probability that a candidate (word, construction, inside a quotation or not) is
    an annotated cue, smoothed toward the word's overall cue probability; 0 for words outside
    the lexicon, None when the structure table is absent."""
    table = _structures()
    if not table:
        return None
    if (lexicon_lemma(lemma), pos) not in lexicon():
        return 0.0
    prior = cue_probability(lemma, pos) if pos != "P" else 0.9
    hits, n = table.get((lemma, pos, struct, "1" if in_quote else "0"), (0, 0))
    return (hits + SMOOTHING * prior) / (n + SMOOTHING)
