"""Fit the policy-frame model on SemEval-2023 train: per frame an L2 logistic model (scikit-learn)
over the article's tf-idf word vector (learned frame words) and the codebook's cue features of
every frame (``analysis.framing.article_features``, scaled by FEATURE_SCALE), and per frame a
threshold. Settings (C, whether a call needs codebook cue evidence or may rest on its learned
words alone) and the per-frame thresholds are chosen by repeated 5-fold cross-validation on train
only; the train figures reported are nested (settings and thresholds chosen inside each outer fold).
"""
from __future__ import annotations

import csv
import itertools

import numpy as np

from ..frame_words import TOKEN
from ..metrics import binary_f1
from .folds import shuffled_folds

#: Candidate settings (chosen by train CV): L2 inverse strength; the evidence a call needs, as
#: (codebook cue evidence required, else the least number of words outside names the article must
#: have for a call on learned words alone: a minimum of evidence on very short texts). Every call
#: still lists its words with offsets. Listed from the most evidence to the least: on a tie of the
#: CV objective the first wins (SemEval train articles all have 109+ words, so the minimums tie
#: with none there; they keep one-line texts from word-only calls on everyday words).
CS = (3.0, 10.0)
REQUIRE = ((True, 0), (False, 60), (False, 30), (False, 0))
#: Thresholds: one per frame, by coordinate ascent on out-of-fold micro + macro F1 over GRID,
#: starting from the global micro-F1-optimal threshold, at most ASCENT_ROUNDS passes. Eligible
#: thresholds call, per article, within COUNT_TOLERANCE of the annotators' mean number of frames.
#: The band is tighter than the 20% asked of unseen articles: in nested 5-fold CV on train
#: (2026-11-30) a 10% band let one held-out fold of ~50 articles call 20.2% more frames than its
#: gold, a 5% band kept every fold within 17% at the same micro/macro F1 (0.665/0.538 vs 0.667/0.540).
GRID = tuple(float(t) for t in np.round(np.linspace(0.05, 0.9, 35), 4))
ASCENT_ROUNDS = 3
COUNT_TOLERANCE = 0.05
#: Cue features enter beside the unit-length tf-idf vector at this scale.
FEATURE_SCALE = 0.3
#: Vocabulary: words in at least MIN_DF train articles and at most MAX_DF of them, English stop
#: words left out (scikit-learn's list).
MIN_DF, MAX_DF = 3, 0.9


def vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(min_df=MIN_DF, max_df=MAX_DF, sublinear_tf=True, stop_words="english",
                           token_pattern=TOKEN.pattern, lowercase=True)


def _models(texts, X, Y, C):
    """Fitted vectorizer and per-frame (word weights, feature weights, bias)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    vec = vectorizer()
    A = hstack([vec.fit_transform(texts), csr_matrix(X * FEATURE_SCALE)]).tocsr()
    nw = len(vec.vocabulary_)
    out = []
    for j in range(Y.shape[1]):
        m = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(A, Y[:, j])
        out.append((m.coef_[0][:nw], m.coef_[0][nw:] * FEATURE_SCALE, float(m.intercept_[0])))
    return vec, out


def _probs(vec, models, texts, X):
    W = vec.transform(texts)
    return np.column_stack([1.0 / (1.0 + np.exp(-(W @ w + X @ v + b))) for w, v, b in models])


def oof_probs(texts, X, Y, C, idx, seed):
    """Out-of-fold probabilities (5-fold, shuffled by `seed`) over rows `idx`."""
    rng = np.random.RandomState(seed)
    folds = shuffled_folds(len(idx), rng)
    P = np.zeros((len(idx), Y.shape[1]))
    for k in range(5):
        tr, te = idx[folds != k], idx[folds == k]
        vec, models = _models([texts[i] for i in tr], X[tr], Y[tr], C)
        P[folds == k] = _probs(vec, models, [texts[i] for i in te], X[te])
    return P


def micro_macro(pred, Y) -> tuple[float, float]:
    per = [binary_f1(pred[:, j], Y[:, j]) for j in range(Y.shape[1])]
    tp = float((pred & (Y > 0)).sum())
    den = float(pred.sum() + Y.sum())
    return (2 * tp / den if den else 0.0), float(np.mean(per))


def _objective(pred, Y, gold: float) -> tuple[bool, float]:
    """(frames per article within COUNT_TOLERANCE of `gold`, micro + macro F1): larger is better."""
    return abs(pred.sum(1).mean() - gold) <= COUNT_TOLERANCE * gold, sum(micro_macro(pred, Y))


def evidence(E, n_words, require) -> np.ndarray:
    """Which calls have the evidence `require` asks (E: cue evidence per article and frame;
    n_words: words outside names per article)."""
    cues, least = require
    return E if cues else (E | (np.asarray(n_words)[:, None] >= least))


def thresholds(P, Y, E) -> tuple[np.ndarray, tuple[bool, float]]:
    """Per-frame thresholds on out-of-fold probabilities P (calls masked by the evidence E): from the global micro-F1-optimal threshold, each frame's threshold in turn moved
    to the GRID value that most raises `_objective`, until a pass changes nothing."""
    M = np.where(E, P, 0.0)
    glob = max(np.linspace(0.2, 0.8, 61), key=lambda t: (micro_macro(M >= t, Y)[0], -t))
    ts, gold = np.full(Y.shape[1], glob), Y.sum(1).mean()
    best = _objective(M >= ts, Y, gold)
    for _ in range(ASCENT_ROUNDS):
        changed = False
        for j, t in itertools.product(range(Y.shape[1]), GRID):
            old, ts[j] = ts[j], t
            s = _objective(M >= ts, Y, gold)
            if s > best:
                best, changed = s, True
            else:
                ts[j] = old
        if not changed:
            break
    return ts, best


def calls(P, E, ts):
    return (P >= ts) & E


def choose(texts, X, Y, E, W, idx, seed=0):
    """(C, require, thresholds): the setting whose tuned thresholds give the best `_objective`
    on out-of-fold calls over rows `idx`."""
    best = None
    for C in CS:
        P = oof_probs(texts, X, Y, C, idx, seed)
        for req in REQUIRE:
            ts, s = thresholds(P, Y[idx], evidence(E[idx], W[idx], req))
            if best is None or s > best[0]:
                best = (s, C, req, ts)
    return best[1:]


def nested_cv(texts, X, Y, E, W, reps: int = 1, seed: int = 0) -> dict:
    """Micro/macro F1, per-frame F1 and frames per article of the whole procedure (settings
    and thresholds chosen inside each outer fold), means over `reps` shuffled 5-fold splits."""
    n = len(Y)
    micro, macro, per, count = [], [], [], []
    for r in range(reps):
        rng = np.random.RandomState(seed + r)
        folds = shuffled_folds(n, rng)
        pred = np.zeros(Y.shape, dtype=bool)
        for q in range(5):
            tr, te = np.where(folds != q)[0], np.where(folds == q)[0]
            C, req, ts = choose(texts, X, Y, E, W, tr, seed + 100 + r)
            vec, models = _models([texts[i] for i in tr], X[tr], Y[tr], C)
            pred[te] = calls(_probs(vec, models, [texts[i] for i in te], X[te]), evidence(E[te], W[te], req), ts)
        mi, ma = micro_macro(pred, Y)
        micro.append(mi), macro.append(ma), count.append(pred.sum(1).mean())
        per.append([binary_f1(pred[:, j], Y[:, j]) for j in range(Y.shape[1])])
    return {"micro_f1": float(np.mean(micro)), "macro_f1": float(np.mean(macro)), "reps": reps,
            "frames_per_article": float(np.mean(count)), "frames": np.mean(per, axis=0).tolist()}


def fit(texts, X, Y, E, W) -> dict:
    """The shipped model: settings chosen by train CV, refitted on all of train."""
    C, req, ts = choose(texts, X, Y, E, W, np.arange(len(Y)))
    vec, models = _models(texts, X, Y, C)
    return {"C": C, "require_cues": bool(req[0]), "min_words": int(req[1]), "thresholds": ts,
            "vectorizer": vec, "models": models}


def write_words(path, vec, models, keys: list[str], source: str) -> None:
    """The vocabulary (word, idf) and each frame's word weights as a CSV (rounded, sorted)."""
    vocab = sorted(vec.vocabulary_, key=lambda w: w)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {source}\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["word", "idf"] + keys)
        for word in vocab:
            k = vec.vocabulary_[word]
            w.writerow([word, f"{vec.idf_[k]:.6f}"] + [f"{m[0][k]:.6f}" for m in models])
