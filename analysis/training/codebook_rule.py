"""The codebook rule for a generic frame, measured on train: the frame is present when at least
``k`` of its questions (the items AR1..AR5, CO1..CO4, ... of Semetko & Valkenburg) have cue
weight above ``tau`` — the transparent alternative to the fitted logistic over the same item
features. NFC gives frame labels only (no per-question answers), so the questions cannot be
fitted one by one; ``tau`` and ``k`` are chosen on train by F1, and ``nested`` scores the whole
choice by repeated shuffled 5-fold CV (chosen inside each outer training part), comparable with
the fitted model's nested figures (``python -m analysis.training.frames --nfc DIR --rule-cv N``).
"""
from __future__ import annotations

import math

import numpy as np

from ..metrics import binary_f1
from .folds import repeated_cv_f1

#: Candidate least cue weights of a question (raw summed weight; features hold log1p of it).
TAUS = (0.0, 1.0, 2.0, 3.0, 5.0)


def calls(Q: np.ndarray, tau: float, k: int) -> np.ndarray:
    """Articles (rows of log1p item weights Q) with at least k questions weighing more than tau.
    A weight equal to tau is not above it, however numpy and ``math`` round its log1p (they can
    differ in the last bit), hence the tolerance."""
    return (Q > math.log1p(tau) + 1e-9).sum(axis=1) >= k


def choose(Q: np.ndarray, y: np.ndarray) -> tuple[float, int]:
    """(tau, k) with the best train F1 (ties: the first in TAUS x k order)."""
    grid = [(t, k) for t in TAUS for k in range(1, Q.shape[1] + 1)]
    scores = [binary_f1(calls(Q, t, k), y) for t, k in grid]
    return grid[int(np.argmax(scores))]


def nested(Q: np.ndarray, y: np.ndarray, reps: int, seed: int = 0) -> dict:
    """Mean and sd over `reps` shuffled 5-fold splits of the F1 of the rule chosen inside each
    outer training part, and the rule chosen on all rows."""
    mean, sd = repeated_cv_f1(lambda tr, te: calls(Q[te], *choose(Q[tr], y[tr])), y, reps, seed)
    tau, k = choose(Q, y)
    return {"rule": mean, "rule_sd": sd, "tau": tau, "k": k, "reps": reps}
