"""Fit the policy-frame model on SemEval-2023 train: per frame an L2 logistic model (scikit-learn)
over the article's tf-idf word vector (learned frame words) and the codebook's cue features of
every frame (``analysis.framing.article_features``, scaled by FEATURE_SCALE), and per frame a
threshold. Settings (C, how far each frame's threshold moves from one global threshold, whether a
call needs codebook cue evidence) are chosen by repeated 5-fold cross-validation on train only;
the train figures reported are nested (settings chosen inside each outer fold).
"""
from __future__ import annotations

import csv
import itertools

import numpy as np

from ..frame_words import TOKEN
from ..metrics import binary_f1

#: Candidate settings (chosen by train CV): L2 inverse strength; threshold mix (0: one global
#: threshold, 1: each frame's own F1-optimal threshold); calls need codebook cue evidence (always: the stage calls a frame only
#: where at least one sentence carries its cues).
CS = (3.0, 10.0)
MIXES = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Eligible settings call, per article, within this share of the annotators' mean number of frames.
COUNT_TOLERANCE = 0.2
REQUIRE = (True,)
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
    folds = np.empty(len(idx), dtype=int)
    folds[rng.permutation(len(idx))] = np.arange(len(idx)) % 5
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


def thresholds(P, Y, E, mix, require):
    """Per-frame thresholds: `mix` x each frame's F1-optimal one + (1 - mix) x the global
    micro-F1-optimal one, on probabilities P (calls masked by evidence E when required)."""
    from .frames import _best_threshold

    M = np.where(E, P, 0.0) if require else P
    cands = np.linspace(0.2, 0.8, 61)
    glob = max(cands, key=lambda t: (micro_macro(M >= t, Y)[0], -t))
    own = np.array([_best_threshold(M[:, j], Y[:, j]) for j in range(Y.shape[1])])
    return mix * own + (1 - mix) * glob


def calls(P, E, ts, require):
    return (P >= ts) & (E if require else True)


def choose(texts, X, Y, E, idx, seed=0):
    """The setting maximising micro + macro F1 of out-of-fold calls over rows `idx`, among those
    calling within COUNT_TOLERANCE of the gold mean number of frames per article (all settings
    when none does)."""
    gold = Y[idx].sum(1).mean()
    best = None
    for C in CS:
        P = oof_probs(texts, X, Y, C, idx, seed)
        for mix, req in itertools.product(MIXES, REQUIRE):
            ts = thresholds(P, Y[idx], E[idx], mix, req)
            pred = calls(P, E[idx], ts, req)
            ok = abs(pred.sum(1).mean() - gold) <= COUNT_TOLERANCE * gold
            s = (ok, sum(micro_macro(pred, Y[idx])))
            if best is None or s > best[0]:
                best = (s, C, mix, req, ts)
    return best[1:]


def nested_cv(texts, X, Y, E, reps: int = 1, seed: int = 0) -> dict:
    """Micro/macro F1, per-frame F1 and frames per article of the whole procedure (settings
    and thresholds chosen inside each outer fold), means over `reps` shuffled 5-fold splits."""
    n = len(Y)
    micro, macro, per, count = [], [], [], []
    for r in range(reps):
        rng = np.random.RandomState(seed + r)
        folds = np.empty(n, dtype=int)
        folds[rng.permutation(n)] = np.arange(n) % 5
        pred = np.zeros(Y.shape, dtype=bool)
        for q in range(5):
            tr, te = np.where(folds != q)[0], np.where(folds == q)[0]
            C, mix, req, ts = choose(texts, X, Y, E, tr, seed + 100 + r)
            vec, models = _models([texts[i] for i in tr], X[tr], Y[tr], C)
            pred[te] = calls(_probs(vec, models, [texts[i] for i in te], X[te]), E[te], ts, req)
        mi, ma = micro_macro(pred, Y)
        micro.append(mi), macro.append(ma), count.append(pred.sum(1).mean())
        per.append([binary_f1(pred[:, j], Y[:, j]) for j in range(Y.shape[1])])
    return {"micro_f1": float(np.mean(micro)), "macro_f1": float(np.mean(macro)), "reps": reps,
            "frames_per_article": float(np.mean(count)), "frames": np.mean(per, axis=0).tolist()}


def fit(texts, X, Y, E) -> dict:
    """The shipped model: settings chosen by train CV, refitted on all of train."""
    C, mix, req, ts = choose(texts, X, Y, E, np.arange(len(Y)))
    vec, models = _models(texts, X, Y, C)
    return {"C": C, "mix": mix, "require_cues": bool(req), "thresholds": ts, "vectorizer": vec, "models": models}


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
