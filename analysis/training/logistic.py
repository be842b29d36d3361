"""The one logistic-regression trainer behind every fitted weight: multinomial with L2, optional
sample weights and optional non-negative weights, solved to convergence by L-BFGS-B (scipy).
With two classes, class 0 is the reference (its logits fixed at zero), so a binary model is one
weight vector and a bound on a weight bounds the evidence it adds; with more classes every class
has its own weights, all penalised alike (the usual symmetric softmax).
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize


def _softmax(Z: np.ndarray) -> np.ndarray:
    Z = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(axis=1, keepdims=True)


def fit_logistic(X, y: np.ndarray, l2: float, n_classes: int | None = None,
                 sample_weight: np.ndarray | None = None, nonneg: np.ndarray | None = None,
                 max_iter: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x classes) and biases (classes) minimising the weighted mean
    cross-entropy plus ``l2/2 * |W|^2``. ``X``: dense array or scipy sparse matrix; ``y``: class
    indices; ``nonneg``: boolean mask of features whose weights must stay >= 0. Column 0 of the
    result (the reference class) is zero."""
    X = sp.csr_matrix(X) if sp.issparse(X) else np.asarray(X, dtype=float)
    n, d = X.shape
    k = int(n_classes or (int(np.max(y)) + 1))
    free = k - 1 if k == 2 else k          # classes with their own weights (the last `free` ones)
    Y = np.eye(k)[y][:, k - free:]
    sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    sw = sw / sw.sum()

    def loss(theta):
        W, b = theta[:d * free].reshape(d, free), theta[d * free:]
        Z = np.hstack([np.zeros((n, k - free)), X @ W + b])
        P = _softmax(Z)
        ll = -np.sum(sw * np.log(np.clip(P[np.arange(n), y], 1e-300, None)))
        G = (P[:, k - free:] - Y) * sw[:, None]
        gW = (X.T @ G) + l2 * W
        return ll + 0.5 * l2 * float(np.sum(W * W)), np.concatenate([np.asarray(gW).ravel(), G.sum(axis=0)])

    bounds = [(0.0, None) if nonneg is not None and nonneg[i] else (None, None)
              for i in range(d) for _ in range(free)] + [(None, None)] * free
    res = minimize(loss, np.zeros(d * free + free), jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"maxiter": max_iter})
    W = np.hstack([np.zeros((d, k - free)), res.x[:d * free].reshape(d, free)])
    return W, np.concatenate([np.zeros(k - free), res.x[d * free:]])


def balanced_weights(y: np.ndarray, n_classes: int) -> np.ndarray:
    """Per-sample weights that give every class the same total weight."""
    counts = np.bincount(y, minlength=n_classes).astype(float)
    return (len(y) / (n_classes * counts))[y]
