"""Rebuild the shipped sentiment weights from the NewsMTSC TRAIN split (never dev or test).

    python -m analysis.training.sentiment --newsmtsc DIR [--out analysis/fitted]

Writes
- sentiment_target_model.json: multinomial logistic regression over
  analysis.target_sentiment.target_features (L2 strength and feature frequency cut-off chosen
  by cross-validation on train, folds grouped by sentence, class-balanced loss for macro-F1);
- sentiment_sentence_calibration.json: a 3-class logistic regression over a sentence's VADER
  (compound, pos, neg) and TextBlob (polarity, subjectivity) scores, the calibrated sentence
  label; trained on the train sentences whose targets agree on one polarity.
Both files hold numbers and feature names (lemmas), no text of the dataset.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..evaluate.sentiment import load_newsmtsc, newsmtsc_file, parse_sentences
from ..metrics import macro_f1
from ..resources import fitted_path
from ..target_sentiment import DENSE, target_features
from .logistic import balanced_weights, fit_logistic
from .manifest import record

LICENCE = ("derived numbers (weights and feature names), no dataset text; NewsMTSC code MIT; features use "
           "the VADER lexicon (vaderSentiment, MIT) and TextBlob (MIT) read from the installed packages")
SOURCE = ("NewsMTSC train split (fhamborg/NewsMTSC @ b9d9b79, newsmtsc-rw/train.jsonl, which equals "
          "newsmtsc-mt/train.jsonl); fitted by analysis/training/sentiment.py")


def _fit(X, y: np.ndarray, l2: float):
    """Class-balanced 3-class logistic regression (analysis.training.logistic)."""
    return fit_logistic(X, y, l2, n_classes=3, sample_weight=balanced_weights(y, 3))


def predict(X, W, b) -> np.ndarray:
    return np.argmax(np.asarray(X @ W) + b, axis=1)


# --------------------------------------------------------------------------- target model

def build_matrix(feats: list[dict[str, float]], names: list[str], mean, std) -> sp.csr_matrix:
    """Standardised dense features, then the sparse context features, one row per target."""
    index = {f: k for k, f in enumerate(names)}
    dense_pos = {d: index[d] for d in DENSE}
    rows, cols, vals = [], [], []
    for i, f in enumerate(feats):
        row = {dense_pos[d]: (f.get(d, 0.0) - mean[j]) / std[j] for j, d in enumerate(DENSE)}
        for name, x in f.items():
            k = index.get(name)
            if k is not None and name not in dense_pos:
                row[k] = x
        rows += [i] * len(row)
        cols += list(row)
        vals += list(row.values())
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(names)))


def vocabulary(feats: list[dict[str, float]], min_count: int) -> list[str]:
    df = Counter(name for f in feats for name in f if name not in DENSE)
    return list(DENSE) + sorted(n for n, c in df.items() if c >= min_count)


def fit_target_model(feats, y, groups, grid, folds: int = 3, seed: int = 13, log=print) -> dict:
    dense = np.array([[f.get(d, 0.0) for d in DENSE] for f in feats])
    mean, std = dense.mean(axis=0), dense.std(axis=0) + 1e-9
    rng = np.random.default_rng(seed)
    uniq = np.unique(groups)
    fold_of = dict(zip(uniq, rng.integers(0, folds, len(uniq))))
    fold = np.array([fold_of[g] for g in groups])
    best = None
    for min_count, l2 in grid:
        names = vocabulary(feats, min_count)
        X = build_matrix(feats, names, mean, std)
        preds = np.zeros(len(y), dtype=int)
        for k in range(folds):
            tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
            W, b = _fit(X[tr], y[tr], l2)
            preds[te] = predict(X[te], W, b)
        f1 = macro_f1(y - 1, preds - 1)
        log(f"  cv min_count={min_count} l2={l2:g}: macro-F1 {f1:.4f} ({len(names)} features)")
        if best is None or f1 > best[0]:
            best = (f1, min_count, l2)
    f1, min_count, l2 = best
    names = vocabulary(feats, min_count)
    X = build_matrix(feats, names, mean, std)
    W, b = _fit(X, y, l2)
    return {"source": SOURCE, "licence": LICENCE, "classes": ["negative", "neutral", "positive"],
            "fitted": {"l2": l2, "min_count": min_count, "cv_macro_f1_train": round(f1, 4),
                       "folds": folds, "n_train_targets": int(len(y))},
            "dense_mean": [round(float(x), 6) for x in mean], "dense_std": [round(float(x), 6) for x in std],
            "bias": [round(float(x), 6) for x in b], "features": names,
            "weights": [[round(float(x), 5) for x in row] for row in W]}


def fit_sentence_calibration(sentences, targets, log=print) -> dict:
    """3-class LR over sentence-level VADER and TextBlob scores (sentences whose targets agree)."""
    from ..target_sentiment import lexicon

    lex = lexicon()
    by_sentence: dict[int, set] = {}
    for t in targets:
        by_sentence.setdefault(t.sentence_index, set()).add(t.gold)
    idx = sorted(k for k, golds in by_sentence.items() if len(golds) == 1)
    feats = np.array([lex.sentence_scores(sentences[k]) for k in idx])
    y = np.array([next(iter(by_sentence[k])) + 1 for k in idx])
    mean, std = feats.mean(axis=0), feats.std(axis=0) + 1e-9
    X = (feats - mean) / std
    W, b = _fit(X, y, 1e-4)
    f1 = macro_f1(y - 1, predict(X, W, b) - 1)
    log(f"  sentence calibration: {len(y)} train sentences, train macro-F1 {f1:.4f}")
    return {"source": SOURCE, "licence": LICENCE, "classes": ["negative", "neutral", "positive"],
            "inputs": ["vader_compound", "vader_pos", "vader_neg", "textblob_polarity", "textblob_subjectivity"],
            "n_train_sentences": int(len(y)), "train_macro_f1": round(f1, 4),
            "mean": [round(float(x), 6) for x in mean], "std": [round(float(x), 6) for x in std],
            "bias": [round(float(x), 6) for x in b], "weights": [[round(float(x), 6) for x in row] for row in W]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m analysis.training.sentiment", description=__doc__.split("\n")[0])
    p.add_argument("--newsmtsc", required=True, metavar="DIR")
    p.add_argument("--out", metavar="DIR", default=str(fitted_path("x").parent))
    p.add_argument("--grid", default="2:0.0001,2:0.0003,3:0.0003",
                   help="comma-separated min_count:l2 pairs tried by cross-validation on train")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    sentences, targets = load_newsmtsc(newsmtsc_file(args.newsmtsc, "rw", "train"))
    docs = parse_sentences(sentences)
    print(f"parsed {len(sentences)} train sentences in {time.perf_counter() - t0:.0f}s")
    feats = [target_features(docs[t.sentence_index][:], t.start, t.end)[0] for t in targets]
    y = np.array([t.gold + 1 for t in targets])
    groups = np.array([t.sentence_index for t in targets])
    grid = [(int(a), float(b)) for a, b in (g.split(":") for g in args.grid.split(","))]
    model = fit_target_model(feats, y, groups, grid)
    calib = fit_sentence_calibration(sentences, targets)
    out = Path(args.out)
    for name, spec in (("sentiment_target_model.json", model), ("sentiment_sentence_calibration.json", calib)):
        (out / name).write_text(json.dumps(spec, indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
        record(out / name, "NewsMTSC train split (newsmtsc-rw/train.jsonl)", "python -m analysis.training.sentiment --newsmtsc DIR")
        print(f"wrote {out / name}")
    print(f"done in {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
