"""Shuffled five-fold assignments shared by every cross-validation of the trainers."""
from __future__ import annotations

import numpy as np


def shuffled_folds(n: int, rng: np.random.RandomState) -> np.ndarray:
    """Fold number (0-4) of each of ``n`` rows: one permutation drawn from ``rng``, rows dealt
    round-robin, so the folds differ in size by at most one row."""
    folds = np.empty(n, dtype=int)
    folds[rng.permutation(n)] = np.arange(n) % 5
    return folds


def repeated_cv_f1(fit_predict, y: np.ndarray, reps: int, seed: int = 0) -> tuple[float, float]:
    """Mean and sd of the F1 over ``reps`` shuffled 5-fold splits, where
    ``fit_predict(train_mask, test_mask)`` fits on the training part (choices included) and
    returns the calls on the test part: the whole procedure measured, as nested CV asks."""
    from ..metrics import binary_f1

    rng = np.random.RandomState(seed)
    scores = []
    for _ in range(reps):
        folds = shuffled_folds(len(y), rng)
        pred = np.zeros(len(y), dtype=bool)
        for k in range(5):
            pred[folds == k] = fit_predict(folds != k, folds == k)
        scores.append(binary_f1(pred, y))
    return float(np.mean(scores)), float(np.std(scores))
