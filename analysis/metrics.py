"""Scores shared by evaluation and fitting: precision/recall/F1, macro-F1, accuracy, and a
bootstrap confidence interval. Plain Python and numpy; no dataset knowledge."""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def f1_of(p: float, r: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0 where a denominator is 0)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, f1_of(p, r)


def binary_f1(pred, y) -> float:
    """F1 of a boolean prediction array against 0/1 labels."""
    pred, y = np.asarray(pred, dtype=bool), np.asarray(y)
    return prf(int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum()), int((~pred & (y == 1)).sum()))[2]


def label_f1(gold: Sequence, pred: Sequence, label) -> float:
    """F1 of one label in a single-label classification."""
    tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
    return prf(tp, fp, fn)[2]


def macro_f1(gold: Sequence, pred: Sequence, labels: Sequence = (-1, 0, 1)) -> float:
    """Mean of the per-label F1 over ``labels``."""
    gold, pred = list(np.asarray(gold).tolist()), list(np.asarray(pred).tolist())
    return float(np.mean([label_f1(gold, pred, lab) for lab in labels]))


def accuracy(gold: Sequence, pred: Sequence) -> float:
    gold, pred = np.asarray(gold), np.asarray(pred)
    return float(np.mean(gold == pred)) if len(gold) else 0.0


def multilabel_scores(gold: list[dict], pred: list[dict], names: Sequence[str]) -> dict:
    """Per label (P, R, F1), ``micro`` (P, R, F1) and ``macro_f1`` of boolean multi-label calls."""
    out, total = {}, [0, 0, 0]
    for f in names:
        tp = sum(1 for g, p in zip(gold, pred) if g[f] and p[f])
        fp = sum(1 for g, p in zip(gold, pred) if not g[f] and p[f])
        fn = sum(1 for g, p in zip(gold, pred) if g[f] and not p[f])
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        out[f] = prf(tp, fp, fn)
    out["micro"] = prf(*total)
    out["macro_f1"] = sum(out[f][2] for f in names) / len(names)
    return out


def bootstrap_ci(stat: Callable[[np.ndarray], float], n: int, reps: int = 1000, seed: int = 0,
                 level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of ``stat(indices)`` over ``n`` items resampled with
    replacement (``stat`` computes the score of the items at the given indices)."""
    rng = np.random.default_rng(seed)
    values = [stat(rng.integers(0, n, n)) for _ in range(reps)]
    lo, hi = np.percentile(values, [50 * (1 - level), 50 * (1 + level)])
    return float(lo), float(hi)
