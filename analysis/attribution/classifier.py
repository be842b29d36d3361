"""Learned candidate classifier: which reported-speech candidates become attributions.

A cue candidate that speaks for no quotation (``extract._reported``) is described by transparent
features — the cue's fitted priors, its construction, the source's kind, the cue's place in the
parse, the rule gate's verdict — and kept when a logistic model fitted on the PolNeAR train split
says its content matches an annotated attribution (``analysis/fitted/attribution_candidates.json``,
rebuilt by ``python -m analysis.training.attribution_candidates --polnear DIR``; the threshold is
chosen by cross-validation on train). Scoring is a dot product here: no scikit-learn at run time.
Without the fitted file the rule gate (``cues.accept`` and ``gate.passes_gate``) decides alone.
"""
from __future__ import annotations

import json
import math
from contextlib import contextmanager
from functools import lru_cache

from ..resources import fitted_path
from .candidates import Candidate
from .cues import accept
from .gate import is_gated, passes_gate
from .lexicon import cue_class, cue_probability, has_class, speaker_words, structure_probability

MODEL_FILE = "attribution_candidates.json"
_DEPS = ("ROOT", "ccomp", "conj", "advcl", "xcomp", "acl", "relcl", "pcomp", "parataxis", "pobj", "dobj", "nsubj")
_TAGS = ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB", "NN", "NNS")
_HOWS = ("subject", "agent", "object", "possessor", "modified-noun", "none")
_STRUCTS = ("clause", "xcomp", "object", "prep", "passive", "trailing", "according", "noun", "noun-prep", "none")
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you", "who", "which", "that"})

#: When set (training only), every candidate is kept and its features are appended here.
_recording: list | None = None


def _logit(p: float) -> float:
    p = min(max(p, 0.005), 0.995)
    return math.log(p / (1 - p))


def features(c: Candidate, nested: bool, n_sents: int) -> dict[str, float]:
    """Named feature values of a candidate (absent names are 0)."""
    doc = c.sent.doc
    f: dict[str, float] = {"word_prior": _logit(c.p)}
    sp = structure_probability(c.lemma, c.pos, c.struct, c.in_quote)
    f["struct_prior"] = _logit(c.p if sp is None else sp)
    f["struct=" + (c.struct if c.struct in _STRUCTS else "other")] = 1.0
    f["pos=" + c.pos] = 1.0
    f["how=" + (c.source_how if c.source_how in _HOWS else "other")] = 1.0
    f["dep=" + (c.head.dep_ if c.head.dep_ in _DEPS else "other")] = 1.0
    f["tag=" + (c.head.tag_ if c.head.tag_ in _TAGS else "other")] = 1.0
    f.update({k: 1.0 for k, on in _flags(c, nested).items() if on})
    f["source=" + _source_kind(c)] = 1.0
    f["content_words"] = math.log1p(sum(1 for i in c.content if not c.sent.doc[i].is_punct))
    f["position"] = c.sid / max(n_sents, 1)
    f["lemma=" + c.lemma] = 1.0
    gov = c.head.head
    if gov.i != c.head.i:  # "X said he believes ...": the cue's governor is itself a likely cue
        f["governor_prior"] = _logit(max(cue_probability(gov.lemma_.lower(), "V"), 0.005))
    inner = [cue_probability(doc[i].lemma_.lower(), "V") for i in c.content if doc[i].pos_ == "VERB"]
    f["inner_prior"] = _logit(max(inner, default=0.005))  # a likely cue inside the content
    return f


def _flags(c: Candidate, nested: bool) -> dict[str, bool]:
    doc = c.sent.doc
    kids = list(c.head.children)
    return {
        "in_quote": c.in_quote, "clause": c.clause, "colon": c.colon, "nested": nested,
        "gated": c.pos == "V" and is_gated(c.lemma),
        "raising": c.lemma in speaker_words()["raising_verbs"],
        "has_class": has_class(c.lemma, c.pos) or cue_class(c.lemma) is not None,
        "rule_accepts": accept(c) and passes_gate(c),
        "that": any(doc[i].lower_ == "that" and doc[i].dep_ == "mark" for i in c.content),
        "negated": any(k.dep_ == "neg" for k in kids),
        "modal": any(k.tag_ == "MD" for k in kids),
        "content_first": bool(c.content) and min(c.content) < c.head.i,
    }


def _source_kind(c: Candidate) -> str:
    s = c.source
    if s is None:
        return "none"
    if s.lower_ in _PRONOUNS:
        return "pronoun"
    if s.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return s.ent_type_.lower()
    return "noun"


@lru_cache(maxsize=None)
def model() -> dict | None:
    """The fitted weights, bias and threshold (None when the file is absent)."""
    try:
        with open(fitted_path(MODEL_FILE), encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        return None


def score(f: dict[str, float], m: dict) -> float:
    """The model's probability that a candidate with features ``f`` is an attribution."""
    w = m["weights"]
    z = m["bias"] + sum(v * w.get(k, 0.0) for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def decide(c: Candidate, nested: bool, n_sents: int) -> tuple[bool, float | None]:
    """(keep, model probability) for a reported-speech candidate that passes the precision gate
    (``gate.passes_gate``); ``cues.accept`` decides instead when there is no model."""
    if not passes_gate(c):
        return False, None  # the precision gate stays a hard rule (sense-ambiguous and raising verbs)
    m = model()
    if _recording is not None:
        return True, None
    if m is None:
        return accept(c), None
    p = score(features(c, nested, n_sents), m)
    if c.pos == "N" and (c.struct == "noun-prep" or accept(c)):
        # cue nouns keep the rules written for them ("the news that ...", not "a poll of"); one
        # reporting only a prepositional object ("fears of a recession", "his attacks on moderators")
        # also needs the model's threshold, as the threshold's train CV applied it
        return accept(c) and (c.struct != "noun-prep" or p >= m["threshold"]), round(p, 3)
    return p >= m["threshold"], round(p, 3)


def record(c: Candidate, nested: bool, n_sents: int) -> None:
    """Training only: remember a kept candidate's cue span and features."""
    if _recording is not None:
        _recording.append(((c.start, c.end), features(c, nested, n_sents)))


@contextmanager
def recording():
    """Keep every candidate and collect (cue span, features) of each kept one (training)."""
    global _recording
    _recording = []
    try:
        yield _recording
    finally:
        _recording = None
