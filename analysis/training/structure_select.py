"""Which structural indicator features (analysis.frame_structure) a generic frame keeps.

Forward selection: starting from the frame's cue features, add the candidate whose model (weights
non-negative, threshold by analysis.training.frames.fit_with_threshold) has the best mean
out-of-fold train F1, while it does not fall. ``nested`` measures the whole procedure (selection,
weights and threshold inside each outer fold; outer folds never see the choices) next to the
cue-only model on the same splits; the features ship only where it is higher.
"""
from __future__ import annotations

import numpy as np

from ..metrics import binary_f1
from .folds import shuffled_folds


def choose(X, y, nonneg, C) -> list[int]:
    """Columns of the candidate matrix C chosen by forward selection on (X, y)."""
    from .frames import fit_with_threshold

    chosen: list[int] = []
    best = fit_with_threshold(X, y, nonneg)[3]
    while len(chosen) < C.shape[1]:
        trial = []
        for j in range(C.shape[1]):
            if j not in chosen:
                cols = chosen + [j]
                trial.append((fit_with_threshold(np.column_stack([X, C[:, cols]]), y,
                                                 np.concatenate([nonneg, np.ones(len(cols), bool)]))[3], -j))
        score, j = max(trial)
        if score < best:
            break
        best, chosen = score, chosen + [-j]
    return chosen


def nested(X, y, nonneg, C, reps: int, seed: int = 0) -> dict:
    """Mean (sd) F1 over `reps` shuffled outer 5-fold splits: cue features only, and cue features
    plus the indicators chosen inside each outer training part; how often each candidate was chosen."""
    from .frames import _proba, fit_with_threshold

    rng = np.random.RandomState(seed)
    cues, withs, picks = [], [], np.zeros(C.shape[1], dtype=int)
    for _ in range(reps):
        folds = shuffled_folds(len(y), rng)
        pc, ps = np.zeros(len(y), bool), np.zeros(len(y), bool)
        for k in range(5):
            tr, te = folds != k, folds == k
            w, b, t, _ = fit_with_threshold(X[tr], y[tr], nonneg)
            pc[te] = _proba(X[te], w, b) >= t
            ch = choose(X[tr], y[tr], nonneg, C[tr])
            picks[ch] += 1
            Xc, nn = np.column_stack([X, C[:, ch]]), np.concatenate([nonneg, np.ones(len(ch), bool)])
            w, b, t, _ = fit_with_threshold(Xc[tr], y[tr], nn)
            ps[te] = _proba(Xc[te], w, b) >= t
        cues.append(binary_f1(pc, y))
        withs.append(binary_f1(ps, y))
    return {"reps": reps, "cues": float(np.mean(cues)), "cues_sd": float(np.std(cues)),
            "structure": float(np.mean(withs)), "structure_sd": float(np.std(withs)),
            "always_yes": float(binary_f1(np.ones(len(y), bool), y)), "picked": [int(p) for p in picks]}
