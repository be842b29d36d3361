"""Target-dependent sentiment: how one sentence portrays one target (a person, state, group).

A small multinomial logistic regression over lexicon features around the target:
VADER word valences (read from the installed vaderSentiment package) with negation, booster
and contrast ("but") handling, weighted by token distance and by dependency-tree distance to
the target; the valence of the verb that governs the target, split by the target's role
(subject / object); words modifying the target; the sentence's VADER and TextBlob scores; and
learned weights for context words and dependency relations. Weights are fitted on the NewsMTSC
train split by ``python -m analysis.training.sentiment`` and shipped as numbers in
analysis/fitted/sentiment_target_model.json.

Every score keeps its evidence: the context words that moved it, with character offsets and
their contribution to the positive-minus-negative logit.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from .nlp import load_nlp
from .resources import fitted_path, load_yaml

CLASSES = ("negative", "neutral", "positive")
MODEL_FILE = "sentiment_target_model.json"

#: Dense (real-valued) features in a fixed order; sparse ones are named "w:", "neg:", "role:" ...
DENSE = ("lin_pos", "lin_neg", "tree_pos", "tree_neg", "clause_pos", "clause_neg", "mod_pos",
         "mod_neg", "gov_subj", "gov_obj", "gov_other", "vader_compound", "vader_pos", "vader_neg",
         "tb_polarity", "tb_subjectivity", "in_quote", "other_persons", "rel_position", "n_tokens")


@dataclass(frozen=True)
class Evidence:
    """One context word that moved a target's score."""
    word: str
    start: int
    end: int
    valence: float        # VADER valence after negation/booster/contrast rules (0 if not in lexicon)
    negated: bool
    contribution: float   # change of the positive-minus-negative logit due to this word

    def to_dict(self) -> dict:
        d = asdict(self)
        d["valence"] = round(self.valence, 4)
        d["contribution"] = round(self.contribution, 4)
        return d


@dataclass(frozen=True)
class TargetScore:
    score: float                     # P(positive) - P(negative), in [-1, 1]
    label: str                       # negative | neutral | positive
    probabilities: tuple[float, float, float]
    evidence: tuple[Evidence, ...]


# --------------------------------------------------------------------------- lexicon

class Lexicon:
    """VADER word valences, negation and booster words (from the package) plus our rules file."""

    def __init__(self):
        from vaderSentiment import vaderSentiment as vs

        self.analyzer = vs.SentimentIntensityAnalyzer()
        self.valence = self.analyzer.lexicon
        rules = load_yaml("sentiment_rules.yaml")
        self.negators = {w.lower() for w in vs.NEGATE} | set(rules["negation_extra"])
        self.boosters = {k.lower(): v for k, v in vs.BOOSTER_DICT.items()}
        self.n_scalar = vs.N_SCALAR
        self.contrast = set(rules["contrast"]["words"])
        self.before = float(rules["contrast"]["before"])
        self.after = float(rules["contrast"]["after"])
        self.neg_window = int(rules["negation_window"])
        self.decay = float(rules["distance_decay_tokens"])
        self.quotes = set(rules["quote_chars"])

    def word(self, tok) -> float:
        if not tok.is_alpha or tok.lower_ in self.negators:
            return 0.0
        v = self.valence.get(tok.lower_)
        if v is None:
            v = self.valence.get(tok.lemma_.lower())
        return float(v or 0.0)

    def is_negator(self, tok) -> bool:
        return tok.lower_ in self.negators or tok.dep_ == "neg"

    @lru_cache(maxsize=4096)
    def sentence_scores(self, text: str) -> tuple[float, float, float, float, float]:
        """(VADER compound, pos, neg, TextBlob polarity, subjectivity) of a text."""
        # TextBlob(text).sentiment is this pattern analyser on the raw text, minus building a
        # blob and a namedtuple class per call.
        from textblob.en import sentiment as pattern_sentiment

        if not text.strip():
            return 0.0, 0.0, 0.0, 0.0, 0.0
        vs = self.analyzer.polarity_scores(text)
        polarity, subjectivity = pattern_sentiment(text)
        return vs["compound"], vs["pos"], vs["neg"], float(polarity), float(subjectivity)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


# --------------------------------------------------------------------------- features

def _overlaps(tok, ranges: Sequence[tuple[int, int]]) -> bool:
    a, b = tok.idx, tok.idx + len(tok.text)
    return any(s < b and a < e for s, e in ranges)


def _tree_distance(a, b) -> int:
    """Number of dependency edges between two tokens of one sentence."""
    depth_a = {}
    t, d = a, 0
    while True:
        depth_a[t.i] = d
        if t.head.i == t.i:
            break
        t, d = t.head, d + 1
    t, d = b, 0
    while t.i not in depth_a:
        if t.head.i == t.i:
            return 20
        t, d = t.head, d + 1
    return d + depth_a[t.i]


def token_valences(sent, lex: Lexicon, skip: Sequence[tuple[int, int]] = ()) -> dict[int, tuple[float, bool]]:
    """Token index -> (adjusted valence, negated) for sentiment words of a sentence span."""
    toks = list(sent)
    contrast_at = next((k for k, t in enumerate(toks) if t.lower_ in lex.contrast and k > 0), None)
    out = {}
    for k, tok in enumerate(toks):
        v = lex.word(tok)
        if v == 0.0 or _overlaps(tok, skip):
            continue
        if k > 0 and toks[k - 1].lower_ in lex.boosters:
            v += math.copysign(lex.boosters[toks[k - 1].lower_], v)
        window = toks[max(0, k - lex.neg_window):k]
        negated = any(lex.is_negator(t) for t in window) or any(c.dep_ == "neg" for c in tok.children) or (
            tok.dep_ in ("acomp", "attr", "xcomp", "oprd") and any(c.dep_ == "neg" for c in tok.head.children))
        if negated:
            v *= lex.n_scalar
        if contrast_at is not None:
            v *= lex.before if k < contrast_at else (lex.after if k > contrast_at else 1.0)
        out[tok.i] = (v, negated)
    return out


def _clause_head(tok):
    """The nearest verb (or the root) governing a token: its clause."""
    t = tok
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        t = t.head
    return t


def target_features(sent, start: int, end: int, exclude: Sequence[tuple[int, int]] = (),
                    lex: Lexicon | None = None) -> tuple[dict[str, float], dict[int, dict[str, float]]]:
    """Features of the target at char offsets [start, end) in a spaCy sentence span.

    ``exclude``: further char ranges whose words must not count (e.g. the target's own quoted
    words, the attribution cue). Returns (features, per-token parts of the token-sum features).
    """
    lex = lex or lexicon()
    toks = list(sent)
    target = [t for t in toks if t.idx < end and start < t.idx + len(t.text)]
    skip = [(start, end), *exclude]
    feats: dict[str, float] = {}
    parts: dict[int, dict[str, float]] = {}
    kept_text = "".join(t.text_with_ws if not _overlaps(t, skip) else " " * len(t.text_with_ws) for t in toks)
    cmp_, vpos, vneg, tbp, tbs = lex.sentence_scores(kept_text.strip())
    feats.update(vader_compound=cmp_, vader_pos=vpos, vader_neg=vneg, tb_polarity=tbp, tb_subjectivity=tbs)
    feats["n_tokens"] = math.log1p(len(toks))
    if not target:
        return feats, parts
    root = min(target, key=lambda t: (sum(1 for _ in t.ancestors), t.i))
    first, last = target[0].i, target[-1].i
    feats["rel_position"] = (first - toks[0].i) / max(1, len(toks))
    before = sent.text_with_ws[:max(0, start - sent.start_char)]   # not doc.text: the whole document
    feats["in_quote"] = float(sum(before.count(q) for q in lex.quotes) % 2 == 1)
    # PERSON entities other than the target (counted by their first token: Span.ents is slow).
    feats["other_persons"] = float(sum(1 for t in toks if t.ent_iob_ == "B" and t.ent_type_ == "PERSON"
                                       and not (start <= t.idx < end)))
    clause = _clause_head(root)
    clause_ids = {t.i for t in clause.subtree}
    mod_ids = {t.i for t in root.subtree} - {t.i for t in target}
    gov = clause if clause.i != root.i else None
    role = root.dep_
    vals = token_valences(sent, lex, skip)

    def add(i, name, x):
        if x:
            parts.setdefault(i, {})[name] = parts.get(i, {}).get(name, 0.0) + x
            feats[name] = feats.get(name, 0.0) + x

    for tok in toks:
        if _overlaps(tok, skip) or tok.is_punct or tok.is_space:
            continue
        d = first - tok.i if tok.i < first else tok.i - last
        w_lin = 1.0 / (1.0 + d / lex.decay)
        v, negated = vals.get(tok.i, (0.0, False))
        if v:
            sign = "pos" if v > 0 else "neg"
            add(tok.i, f"lin_{sign}", v * w_lin)
            add(tok.i, f"tree_{sign}", v / (1.0 + _tree_distance(tok, root)))
            if tok.i in clause_ids:
                add(tok.i, f"clause_{sign}", v)
            if tok.i in mod_ids:
                add(tok.i, f"mod_{sign}", v)
            if gov is not None and tok.i == gov.i:
                slot = "gov_subj" if role in ("nsubj", "csubj") else (
                    "gov_obj" if role in ("dobj", "nsubjpass", "pobj", "dative", "attr", "obj") else "gov_other")
                add(tok.i, slot, v)
        # Context words (not names: a learned weight for a person's name would be a prejudice).
        if tok.is_alpha and not tok.like_num and tok.pos_ != "PROPN" and not tok.ent_type_:
            lemma = tok.lemma_.lower()
            add(tok.i, f"{'neg' if negated else 'w'}:{lemma}", w_lin)
            add(tok.i, f"t:{lemma}", 1.0 / (1.0 + _tree_distance(tok, root)))
    feats[f"role:{role}"] = 1.0
    if gov is not None:
        feats[f"gov:{gov.lemma_.lower()}"] = 1.0
        feats[f"rg:{role}|{gov.lemma_.lower()}"] = 1.0
    if root.head.i != root.i and root.head.i != (gov.i if gov is not None else -1) and root.head.pos_ != "PROPN":
        feats[f"hd:{root.dep_}|{root.head.lemma_.lower()}"] = 1.0
    return feats, parts


# --------------------------------------------------------------------------- model

class TargetModel:
    """Multinomial logistic regression over target_features (weights from the JSON file)."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.features: list[str] = spec["features"]
        self.index = {f: k for k, f in enumerate(self.features)}
        self.weights = np.asarray(spec["weights"], dtype=float)      # (n_features, 3)
        self.bias = np.asarray(spec["bias"], dtype=float)
        self.mean = {f: m for f, m in zip(DENSE, spec["dense_mean"])}
        self.std = {f: s for f, s in zip(DENSE, spec["dense_std"])}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "TargetModel":
        with open(fitted_path(MODEL_FILE), encoding="utf-8") as fh:
            return cls(json.load(fh))

    def scale(self, name: str, x: float) -> float:
        if name in self.mean:
            return (x - self.mean[name]) / self.std[name]
        return x

    def vectorize(self, feats_list: Iterable[dict[str, float]]) -> np.ndarray:
        rows = list(feats_list)
        X = np.zeros((len(rows), len(self.features)))
        for r, feats in enumerate(rows):
            for name in DENSE:
                k = self.index.get(name)
                if k is not None:
                    X[r, k] = self.scale(name, feats.get(name, 0.0))
            for name, x in feats.items():
                if name not in self.mean:
                    k = self.index.get(name)
                    if k is not None:
                        X[r, k] = x
        return X

    def predict_proba(self, feats_list: Iterable[dict[str, float]]) -> np.ndarray:
        return softmax(self.vectorize(feats_list) @ self.weights + self.bias)

    def margin(self, name: str) -> float:
        """Positive-minus-negative logit per unit of a (raw, unscaled) feature."""
        k = self.index.get(name)
        if k is None:
            return 0.0
        w = self.weights[k, 2] - self.weights[k, 0]
        return w / self.std[name] if name in self.std else w


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def score_from_proba(p: Sequence[float]) -> tuple[float, str]:
    return float(p[2] - p[0]), CLASSES[int(np.argmax(p))]


def explain(sent, parts: dict[int, dict[str, float]], model: TargetModel, top: int = 6) -> tuple[Evidence, ...]:
    """The context words with the largest contributions, strongest first (ties by position)."""
    lex = lexicon()
    vals = token_valences(sent, lex)
    doc = sent.doc
    out = []
    for i, fs in parts.items():
        c = sum(x * model.margin(name) for name, x in fs.items())
        if abs(c) < 0.05:
            continue
        tok = doc[i]
        v, negated = vals.get(i, (0.0, False))
        if tok.is_stop and not v:      # function words carry learned weights but explain nothing
            continue
        out.append(Evidence(tok.text, tok.idx, tok.idx + len(tok.text), v, negated, c))
    out.sort(key=lambda e: (-abs(e.contribution), e.start))
    return tuple(out[:top])


def score_targets(items: Sequence[tuple], model: TargetModel | None = None) -> list[TargetScore]:
    """Score many (sentence span, start, end, exclude) items at once."""
    model = model or TargetModel.load()
    feats, parts = [], []
    for sent, start, end, exclude in items:
        f, p = target_features(sent, start, end, exclude)
        feats.append(f)
        parts.append(p)
    if not feats:
        return []
    probs = model.predict_proba(feats)
    out = []
    for (sent, *_), p, pr in zip(items, parts, probs):
        score, label = score_from_proba(pr)
        out.append(TargetScore(round(score, 4), label, tuple(round(float(x), 4) for x in pr),
                               explain(sent, p, model)))
    return out


def target_sentiment(sentence, start: int, end: int, *, exclude: Sequence[tuple[int, int]] = (),
                     nlp=None, model: TargetModel | None = None) -> tuple[float, str, tuple[Evidence, ...]]:
    """Sentiment toward the target at [start, end) of a sentence -> (score, label, evidence).

    ``sentence`` is a string (parsed here; offsets relative to it) or a spaCy Span/Doc (offsets
    into its document text). ``score`` = P(positive) - P(negative).
    """
    if isinstance(sentence, str):
        sentence = (nlp or load_nlp())(sentence)
    if not hasattr(sentence, "start_char"):          # a Doc: use it whole as one span
        sentence = sentence[:]
    r = score_targets([(sentence, start, end, tuple(exclude))], model)[0]
    return r.score, r.label, r.evidence
