"""Learned words for the generic frames on NFC train: per frame an L2 logistic model (the policy
frames' model, analysis.training.policy_words) over the article's tf-idf words plus that frame's
own cue features (``analysis.framing.frame_features``, the features of the fixed calibration).
C and the threshold are chosen per frame by 5-fold cross-validation inside train; the figures
compared are nested (chosen inside each outer fold) over repeated shuffled 5-fold splits, with
the cue-only calibration (analysis.training.frames.fit_with_threshold) scored on the same splits.
A frame ships the word model only when its mean nested F1 beats the cue-only one by at least
MIN_GAIN and its always-yes F1: on 258 training articles the rest is noise.
"""
from __future__ import annotations

import numpy as np

from ..metrics import binary_f1
from . import policy_words as pw
from .folds import shuffled_folds

#: Candidate L2 inverse strengths. The frame's cue features enter beside the unit-length tf-idf
#: vector at policy_words.FEATURE_SCALE (0.3): in nested CV on NFC train (2 x 5-fold) it beat
#: 1.0 and 3.0 on every frame (e.g. morality 0.572 vs 0.533 / 0.540).
CS = (0.3, 1.0, 3.0)
#: A frame's word model must beat its cue-only calibration by this much mean nested-CV F1.
MIN_GAIN = 0.02


def _folds(n: int, seed: int) -> np.ndarray:
    return shuffled_folds(n, np.random.RandomState(seed))


def choose(texts, X, y, E, idx, seed: int = 0) -> tuple[float, float, float]:
    """(inner CV F1, C, threshold) maximising the F1 of out-of-fold calls over rows `idx` (calls
    need cue evidence E)."""
    from .frames import _best_threshold

    best = None
    for C in CS:
        P = pw.oof_probs(texts, X, y[:, None], C, idx, seed)[:, 0]
        M = np.where(E[idx], P, 0.0)
        t = _best_threshold(M, y[idx])
        f = binary_f1(M >= t, y[idx])
        if best is None or f > best[0] + 1e-9:
            best = (f, C, t)
    return best


def predict(texts, X, y, E, tr, te, seed: int) -> np.ndarray:
    """Calls on rows `te` of the word model chosen and fitted on rows `tr`."""
    _, C, t = choose(texts, X, y, E, tr, seed)
    vec, models = pw._models([texts[i] for i in tr], X[tr], y[tr, None], C)
    return (pw._probs(vec, models, [texts[i] for i in te], X[te])[:, 0] >= t) & E[te]


def nested_compare(texts, X, y, E, nonneg, reps: int) -> dict:
    """Mean and sd of nested-CV F1 over `reps` shuffled 5-fold splits for the word model and the
    cue-only calibration, on the same splits (seeds 0..reps-1)."""
    from .frames import _proba, fit_with_threshold

    n = len(y)
    words, cues = [], []
    for r in range(reps):
        folds = _folds(n, r)
        pw_pred, cue_pred = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        for q in range(5):
            tr, te = np.where(folds != q)[0], np.where(folds == q)[0]
            pw_pred[te] = predict(texts, X, y, E, tr, te, 100 + r)
            w, b, t, _ = fit_with_threshold(X[tr], y[tr], nonneg)
            cue_pred[te] = (_proba(X[te], w, b) >= t) & E[te]
        words.append(binary_f1(pw_pred, y))
        cues.append(binary_f1(cue_pred, y))
    p = float(y.mean())
    return {"words": float(np.mean(words)), "words_sd": float(np.std(words)), "cues": float(np.mean(cues)),
            "cues_sd": float(np.std(cues)), "always_yes": 2 * p / (1 + p), "reps": reps}


def ships(cmp: dict) -> bool:
    """The word model is kept when it beats the cue-only calibration by MIN_GAIN and always-yes."""
    return cmp["words"] >= cmp["cues"] + MIN_GAIN and cmp["words"] > cmp["always_yes"]


def fit(texts, X, y, E, nonneg=None) -> dict:
    """The shipped word model of one frame: C and threshold by train CV, refitted on all of train.
    Cue and indicator features flagged in ``nonneg`` only add evidence: one that comes out with a
    negative weight is dropped (its column zeroed, so its weight is 0) and C, threshold and the
    model are chosen again without it, so the stored threshold and CV F1 describe the shipped model."""
    X = np.array(X, dtype=float)
    flagged = np.zeros(X.shape[1], bool) if nonneg is None else np.asarray(nonneg, dtype=bool)
    dropped = np.zeros(X.shape[1], bool)
    while True:
        f, C, t = choose(texts, X, y, E, np.arange(len(y)))
        vec, models = pw._models(texts, X, y[:, None], C)
        words, v, b = models[0]
        negative = flagged & ~dropped & (v < 0)
        if not negative.any():
            v = np.where(dropped, 0.0, v)
            return {"C": C, "threshold": t, "cv_f1": f, "vectorizer": vec, "model": (words, v, b)}
        dropped |= negative
        X[:, negative] = 0.0
