"""Fit analysis/fitted/attribution_candidates.json (the candidate classifier) on PolNeAR train.

    OMP_NUM_THREADS=1 python -m analysis.training.attribution_candidates --polnear DIR [--limit N]

Runs the extractor over train articles with every reported-speech candidate kept
(``classifier.recording``), labels each by whether its content matches an annotated attribution
(the evaluation's lenient content rule, with the gold cue), and fits an L2 logistic regression (scikit-learn) on the
candidates' features. The keep threshold is the one that maximises the mean of the lenient
content F1 and the content+speaker F1 over the whole train output (direct quotes included) with
out-of-fold probabilities (5 folds by article). Only feature weights are written, no text.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys

import numpy as np

from ..attribution.classifier import MODEL_FILE, recording
from ..evaluate.attribution import Counts, Item, gold_kind, polnear_articles, score_doc
from ..evaluate.polnear import load_split
from ..pipeline import Pipeline
from ..quotes import find_quotes
from ..resources import fitted_path
from .manifest import record

DATA = "PolNeAR v1.0.0 train split"
#: A lemma gets its own weight when it heads at least this many training candidates.
MIN_LEMMA = 30
#: Inverse L2 strength of the logistic regression.
C = 0.5
FOLDS = 5
THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(25)]


def collect(root: str, limit: int | None = None) -> list[dict]:
    """Per article: gold items, the fixed predictions and the candidates (item, features)."""
    pairs, _ = polnear_articles(load_split(root, "train", limit))
    out = []
    pipeline = Pipeline(["attribution"])
    for d, art in pairs:
        with recording() as log:
            res = next(pipeline.run_many([art])).attributions
        feats = dict(log)
        quotes = find_quotes(d.text, [(p.start, p.end) for p in art.paragraphs])
        gold = [Item(g.content, g.source, g.cue, gold_kind(d.text, g.content, quotes)) for g in d.attributions]
        fixed, cands = [], []
        for a in res.attributions:
            item = Item(list(a.content_fragments), [(a.source_start, a.source_end)] if a.source_start is not None
                        else [], [(a.cue_start, a.cue_end)] if a.cue_start is not None else [], a.kind)
            key = (a.cue_start, a.cue_end)
            if key in feats:
                cands.append((item, feats.pop(key)))
            else:
                fixed.append(item)
        out.append({"text": d.text, "gold": gold, "fixed": fixed, "cands": cands})
    return out


def labels(doc: dict) -> list[int]:
    """1 for a candidate whose content matches a gold attribution (lenient rule) whose cue it
    shares: the candidate is that attribution, not a nested report inside its content."""
    from ..evaluate.attribution import match, overlaps

    out = []
    for item, _ in doc["cands"]:
        gold = [g for g in doc["gold"] if overlaps(g.cue, item.cue)]
        out.append(int(bool(gold) and bool(match(doc["text"], gold, [item]))))
    return out


def _vectorise(docs: list[dict]):
    from sklearn.feature_extraction import DictVectorizer

    lemmas: dict[str, int] = {}
    for doc in docs:
        for _, f in doc["cands"]:
            for k in f:
                if k.startswith("lemma="):
                    lemmas[k] = lemmas.get(k, 0) + 1
    keep = {k for k, n in lemmas.items() if n >= MIN_LEMMA}
    rows = [{k: v for k, v in f.items() if not k.startswith("lemma=") or k in keep}
            for doc in docs for _, f in doc["cands"]]
    vec = DictVectorizer(sparse=True, sort=True)
    return vec, vec.fit_transform(rows)


def fit(docs: list[dict]) -> tuple[dict, dict]:
    """The model (weights, bias, threshold) and the cross-validated train scores per threshold."""
    from sklearn.linear_model import LogisticRegression

    vec, X = _vectorise(docs)
    y = np.array([lab for doc in docs for lab in labels(doc)])
    group = np.array([i % FOLDS for i, doc in enumerate(docs) for _ in doc["cands"]])
    oof = np.zeros(len(y))
    for k in range(FOLDS):
        lr = LogisticRegression(C=C, max_iter=2000).fit(X[group != k], y[group != k])
        oof[group == k] = lr.predict_proba(X[group == k])[:, 1]
    table = {t: simulate(docs, oof, t) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (sum(table[t][:2]), -t))
    lr = LogisticRegression(C=C, max_iter=2000).fit(X, y)
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), lr.coef_[0]) if abs(w) > 1e-6}
    return {"bias": round(float(lr.intercept_[0]), 5), "threshold": best, "weights": weights}, table


def simulate(docs: list[dict], probs: np.ndarray, t: float) -> tuple[float, float, float]:
    """(lenient F1, content+speaker F1, precision) of the train output keeping candidates >= t."""
    counts, k = Counts(), 0
    for doc in docs:
        n = len(doc["cands"])
        kept = [item for (item, _), p in zip(doc["cands"], probs[k:k + n]) if p >= t]
        k += n
        score_doc(doc["text"], doc["gold"], doc["fixed"] + kept, counts)
    return counts.prf("content-lenient")[2], counts.prf("content+speaker")[2], counts.prf("content-lenient")[0]


def write(m: dict, out: str, scope: str) -> None:
    m = {"about": "Candidate classifier of reported speech (analysis.attribution.classifier): logistic "
                  f"weights fitted on {DATA} ({scope}); weights only, no corpus text. Rebuilt by: "
                  "OMP_NUM_THREADS=1 python -m analysis.training.attribution_candidates --polnear DIR", **m}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(m, fh, indent=1, sort_keys=True)
        fh.write("\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", required=True)
    ap.add_argument("--limit", type=int, help="only the first N train articles (sorted by name)")
    ap.add_argument("--cache", help="pickle of the collected candidates (read when present, else written)")
    ap.add_argument("--out", default=str(fitted_path(MODEL_FILE)))
    args = ap.parse_args(argv)
    try:
        with open(args.cache, "rb") as fh:
            docs = pickle.load(fh)
    except (TypeError, FileNotFoundError):
        docs = collect(args.polnear, args.limit)
        if args.cache:
            with open(args.cache, "wb") as fh:
                pickle.dump(docs, fh)
    m, table = fit(docs)
    for t in THRESHOLDS:
        f, fs, p = table[t]
        print(f"threshold {t:.3f}: lenient F1 {f:.1f}  content+speaker F1 {fs:.1f}  precision {p:.1f}"
              + ("  <- chosen" if t == m["threshold"] else ""))
    scope = f"first {args.limit} articles" if args.limit else "all articles"
    write(m, args.out, scope)
    record(args.out, f"{DATA}, {scope}", "python -m analysis.training.attribution_candidates --polnear DIR" + (f" --limit {args.limit}" if args.limit else ""))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
