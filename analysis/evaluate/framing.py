"""Framing on public annotated news: NFC (generic frames, article level) and FrAC (policy frames,
sentence level); also rebuilds the generic-frame calibration from NFC train.

    python -m analysis.evaluate framing --nfc DIR --split dev [--predictions-out FILE]
    python -m analysis.evaluate framing --frac FILE [--predictions-out FILE]
    python -m analysis.evaluate framing --nfc DIR --split train --fit-calibration analysis/fitted/frames_calibration.json [--nested-cv 20]

NFC (Frermann et al. 2023): DIR/<split>.txt, tab-separated, no header:
ID Source Bias Time Full_News_Content AR HI CO MO EC (True/False). Each article's content runs
through the same article model, spaCy parse, actor finder, attribution stage and frame detector
as any article, so the conflict frame's disputing reporting verbs come from real attributions.
FrAC (Guida et al. 2025): CSV sentence,label; one policy-frame code per sentence. FrAC has no
train/dev split; nothing is fitted on it (the codebook-to-FrAC mapping is fixed a priori in
frames_policy.yaml). Scores are printed for a deterministic split (row index even = "A", odd =
"B") and for all rows, so lexicon edits checked on A can be judged on B.
"""
from __future__ import annotations

import csv
import json
import math
import sys
import time
from pathlib import Path

from ..article import article_from_text
from ..errors import InputError
from ..pipeline import Pipeline

NFC_FRAMES = ("AR", "HI", "CO", "MO", "EC")
NFC_COLUMNS = ("ID", "Source", "Bias", "Time", "Full_News_Content") + NFC_FRAMES


def add_arguments(p) -> None:
    p.add_argument("--nfc", metavar="DIR", help="Narrative Frames Corpus folder with train.txt / dev.txt")
    p.add_argument("--split", default="dev", choices=["train", "dev"], help="NFC split (default: dev)")
    p.add_argument("--frac", metavar="FILE", help="FrAC gold CSV (sentence,label)")
    p.add_argument("--predictions-out", metavar="FILE", help="write one JSON line per item: {id, frames, ...}")
    p.add_argument("--limit", type=int, default=0, help="only the first N items (quick checks)")
    p.add_argument("--fit-calibration", metavar="FILE",
                   help="fit the generic-frame calibration on NFC --split train and write it to FILE")
    p.add_argument("--nested-cv", metavar="REPS", type=int, default=0,
                   help="with --fit-calibration: also print nested cross-validated F1 on train (REPS shuffled "
                        "5-fold splits), with and without the parties feature where a frame has one")


# --------------------------------------------------------------------------- data

def read_nfc(path: Path) -> list[dict]:
    """Rows of an NFC split file as dicts with boolean frame labels."""
    if not path.is_file():
        raise InputError(f"NFC split file not found: {path}")
    rows = []
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        for n, line in enumerate(fh, 1):
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) < len(NFC_COLUMNS):
                continue
            labels = {}
            for k, name in enumerate(NFC_FRAMES):
                val = parts[len(parts) - 5 + k].strip().strip(")").strip()
                if val not in ("True", "False"):
                    raise InputError(f"{path}:{n}: bad {name} value {val!r}")
                labels[name] = val == "True"
            content = "\t".join(parts[4:len(parts) - 5])
            rows.append({"id": parts[0], "source": parts[1], "text": content, "labels": labels})
    if not rows:
        raise InputError(f"no NFC rows read from {path}")
    return rows


def read_frac(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputError(f"FrAC file not found: {path}")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [{"id": str(i), "text": r["sentence"], "label": int(r["label"])}
                for i, r in enumerate(csv.DictReader(fh))]
    if not rows:
        raise InputError(f"no FrAC rows read from {path}")
    return rows


def analyse_texts(texts: list[str], calibration: dict, progress: str = ""):
    """The whole pipeline up to framing (``calibration``: {} scores by the fixed rules) on each
    text; yields an ArticleAnalysis, or None when the text has no body sentence."""
    articles = []
    for t in texts:
        try:
            articles.append(article_from_text(t))
        except InputError:
            articles.append(None)
    pipeline = Pipeline(["framing"], config={"framing": {"calibration": calibration}})
    results = pipeline.run_many([a for a in articles if a is not None], batch_size=4)
    t0 = time.time()
    for i, a in enumerate(articles):
        if progress and (i + 1) % 50 == 0:
            print(f"  {progress}: {i + 1}/{len(articles)} ({time.time() - t0:.0f}s)", file=sys.stderr)
        yield None if a is None else next(results)


# --------------------------------------------------------------------------- metrics

def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def multilabel_scores(gold: list[dict], pred: list[dict], names=NFC_FRAMES) -> dict:
    out, TP, FP, FN = {}, 0, 0, 0
    for f in names:
        tp = sum(1 for g, p in zip(gold, pred) if g[f] and p[f])
        fp = sum(1 for g, p in zip(gold, pred) if not g[f] and p[f])
        fn = sum(1 for g, p in zip(gold, pred) if g[f] and not p[f])
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        out[f] = prf(tp, fp, fn)
    out["micro"] = prf(TP, FP, FN)
    out["macro_f1"] = sum(out[f][2] for f in names) / len(names)
    return out


# --------------------------------------------------------------------------- calibration fit

def _f1(pred, y) -> float:
    """F1 of a boolean prediction array against 0/1 labels."""
    return prf(int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum()), int((~pred & (y == 1)).sum()))[2]


def _proba(X, w, b):
    """Logistic probabilities of the rows of X."""
    import numpy as np

    return 1.0 / (1.0 + np.exp(-(X @ w + b)))


def _fit_logistic(X, y, nonneg, l2=0.05, iters=4000, lr=0.5):
    """Logistic regression by full-batch gradient descent; weights flagged in `nonneg` stay >= 0."""
    import numpy as np

    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(iters):
        p = _proba(X, w, b)
        g = X.T @ (p - y) / n + l2 * w
        w -= lr * g
        b -= lr * float(np.mean(p - y))
        w[nonneg] = np.maximum(w[nonneg], 0.0)
    return w, b


def _best_threshold(probs, y) -> float:
    """Threshold maximising F1 on out-of-fold probabilities (midpoint between neighbours)."""
    cands = sorted(set(round(float(p), 6) for p in probs))
    best, best_t = -1.0, 0.5
    for i, t in enumerate(cands):
        f = _f1(probs >= t, y)
        if f > best + 1e-12:
            best = f
            best_t = (t + cands[i - 1]) / 2 if i > 0 else t - 1e-6
    return best_t


def _fit_with_threshold(X, y):
    """Weights, bias, the F1-optimal threshold on 5-fold out-of-fold probabilities, and that
    out-of-fold F1 (the procedure behind every fitted frame)."""
    import numpy as np

    nonneg = np.array([True] * (X.shape[1] - 1) + [False])   # log1p(#sentences) may be negative
    oof = np.zeros(len(y))
    folds = np.arange(len(y)) % 5
    for k in range(5):
        tr, te = folds != k, folds == k
        w, b = _fit_logistic(X[tr], y[tr], nonneg)
        oof[te] = _proba(X[te], w, b)
    t = _best_threshold(oof, y)
    w, b = _fit_logistic(X, y, nonneg)
    return w, b, t, _f1(oof >= t, y)


def nested_cv_f1(X, y, reps: int, seed: int = 0) -> tuple[float, float]:
    """Mean and standard deviation over `reps` shuffled 5-fold splits of the F1 of the whole
    fitting procedure (weights *and* threshold fitted inside each outer fold): an honest
    estimate on train for choosing features."""
    import numpy as np

    rng = np.random.RandomState(seed)
    scores = []
    for _ in range(reps):
        folds = np.empty(len(y), dtype=int)
        folds[rng.permutation(len(y))] = np.arange(len(y)) % 5
        pred = np.zeros(len(y), dtype=bool)
        for k in range(5):
            tr, te = folds != k, folds == k
            w, b, t, _ = _fit_with_threshold(X[tr], y[tr])
            pred[te] = _proba(X[te], w, b) >= t
        scores.append(_f1(pred, y))
    return float(np.mean(scores)), float(np.std(scores))


def fit_calibration(features: dict[str, list], labels: list[dict], item_ids: dict[str, list[str]], meta: dict,
                    parties: frozenset = frozenset()) -> dict:
    """Per frame: a non-negative logistic model on `framing.frame_features` and an F1-optimal
    threshold from 5-fold out-of-fold probabilities. Frames in `parties` carry the extra
    parties feature after their items."""
    import numpy as np

    out = {"fitted_on": meta["fitted_on"], "created_by": meta["created_by"],
           "features": "per item log1p(summed cue weight); for frames with `parties`, log1p(cue weight in "
                       "sentences naming several actors); share of sentences carrying the frame; "
                       "log1p(number of sentences)", "generic": {"frames": {}}}
    for fkey, rows in features.items():
        code = meta["codes"][fkey]
        X = np.array(rows, dtype=float)
        y = np.array([1.0 if lab[code] else 0.0 for lab in labels])
        w, b, t, cv_f1 = _fit_with_threshold(X, y)
        ids = item_ids[fkey]
        c = out["generic"]["frames"][fkey] = {
            "nfc": code, "bias": round(float(b), 6),
            "weights": {i: round(float(w[k]), 6) for k, i in enumerate(ids)},
            "share_weight": round(float(w[-2]), 6), "length_weight": round(float(w[-1]), 6),
            "threshold": round(float(t), 6), "train_cv_f1": round(cv_f1, 4), "train_positives": int(y.sum()),
            "train_articles": int(len(y))}
        if fkey in parties:
            c["parties_weight"] = round(float(w[len(ids)]), 6)
    return out


# --------------------------------------------------------------------------- runs

def _generic_meta():
    from ..framing import default_codebooks

    cb = default_codebooks()[0]
    return cb, {fd.nfc: fd for fd in cb.frames if fd.nfc}


def run_nfc(args) -> int:
    from ..framing import frame_features, load_calibration

    path = Path(args.nfc) / f"{args.split}.txt"
    rows = read_nfc(path)
    if args.limit:
        rows = rows[:args.limit]
    cb, by_code = _generic_meta()
    fitting = bool(args.fit_calibration)
    if fitting and args.split != "train":
        raise InputError("--fit-calibration fits on NFC train only: use --split train")
    calibration = {} if fitting else load_calibration()
    if not fitting and not calibration:
        raise InputError("no frames_calibration.json: fit it first with --split train --fit-calibration FILE")
    t0 = time.time()
    preds, gold, feats, lines, skipped = [], [], {fd.key: [] for fd in by_code.values()}, [], 0
    for row, res in zip(rows, analyse_texts([r["text"] for r in rows], calibration, progress=f"NFC {args.split}")):
        if res is None:
            skipped += 1
            res_frames = None
        else:
            res_frames = res.frames
        gold.append(row["labels"])
        p, ev = {}, {}
        for code, fd in by_code.items():
            if res_frames is None:
                p[code] = False
                if fitting:
                    feats[fd.key].append(frame_features([it.id for it in fd.items], {}, 0.0, 0,
                                                        None if fd.parties_min_actors is None else 0.0))
                continue
            f = res_frames.get("generic", fd.key)
            p[code] = f.present
            if fitting:
                feats[fd.key].append(frame_features([it.id for it in fd.items], f.items, f.share, res_frames.n_sentences,
                                                    None if f.parties is None else f.parties["weight"]))
            if f.present:
                ev[code] = {"score": round(f.score, 4), "sentence_ids": f.sentence_ids,
                            "cues": sorted({c.text.lower() for h in f.evidence for c in h.cues})[:40]}
        preds.append(p)
        lines.append({"id": row["id"], "frames": [c for c in NFC_FRAMES if p[c]], "evidence": ev})
    secs = time.time() - t0
    if fitting:
        meta = {"fitted_on": f"NFC Fold_1 train ({len(rows)} articles)",
                "created_by": "python -m analysis.evaluate framing --nfc DIR --split train --fit-calibration FILE",
                "codes": {fd.key: code for code, fd in by_code.items()}}
        cal = fit_calibration(feats, gold, {fd.key: [it.id for it in fd.items] for fd in by_code.values()}, meta,
                              frozenset(fd.key for fd in by_code.values() if fd.parties_min_actors is not None))
        Path(args.fit_calibration).write_text(json.dumps(cal, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"calibration fitted on {len(rows)} NFC train articles -> {args.fit_calibration}")
        for fkey, c in cal["generic"]["frames"].items():
            print(f"  {c['nfc']} {fkey:15s} threshold {c['threshold']:.3f}  5-fold CV F1 on train {c['train_cv_f1']:.3f}")
        if args.nested_cv:
            _print_nested(feats, gold, {fd.key: fd for fd in by_code.values()}, args.nested_cv)
        return 0
    yes = [{c: True for c in NFC_FRAMES} for _ in gold]
    ours, base = multilabel_scores(gold, preds), multilabel_scores(gold, yes)
    print(f"NFC {args.split}: {len(rows)} articles ({skipped} without body text), {secs:.0f}s; "
          f"calibration: {calibration.get('fitted_on', '?')}")
    print(f"{'frame':24s} {'pos':>4s} {'P':>6s} {'R':>6s} {'F1':>6s} | always-yes F1")
    for code in NFC_FRAMES:
        fd = by_code[code]
        npos = sum(g[code] for g in gold)
        p, r, f = ours[code]
        print(f"{code} {fd.key:21s} {npos:4d} {p:6.3f} {r:6.3f} {f:6.3f} | {base[code][2]:6.3f}"
              f"{'' if f > base[code][2] else '   <= baseline'}")
    print(f"micro-F1 {ours['micro'][2]:.3f} (always-yes {base['micro'][2]:.3f})   "
          f"macro-F1 {ours['macro_f1']:.3f} (always-yes {base['macro_f1']:.3f})")
    no_ev = sum(1 for ln in lines for c in ln["frames"] if not ln["evidence"].get(c, {}).get("sentence_ids"))
    print(f"positive calls: {sum(len(ln['frames']) for ln in lines)}, without evidence: {no_ev}")
    _write_predictions(args, lines)
    return 0


def _print_nested(feats: dict[str, list], gold: list[dict], frames: dict, reps: int) -> None:
    import numpy as np

    print(f"nested CV F1 on train ({reps} x 5-fold; weights and threshold fitted inside each fold), mean (sd):")
    for fkey, rows in feats.items():
        fd = frames[fkey]
        X, y = np.array(rows, dtype=float), np.array([1.0 if g[fd.nfc] else 0.0 for g in gold])
        line = f"  {fd.nfc} {fkey:15s} %.3f (%.3f)" % nested_cv_f1(X, y, reps)
        if fd.parties_min_actors is not None:
            without = np.delete(X, len(fd.items), axis=1)
            line += "   without parties %.3f (%.3f)" % nested_cv_f1(without, y, reps)
        print(line, flush=True)


def _write_predictions(args, lines) -> None:
    if args.predictions_out:
        with open(args.predictions_out, "w", encoding="utf-8") as fh:
            for ln in lines:
                fh.write(json.dumps(ln, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"predictions -> {args.predictions_out}")


def top_policy_frame(res_frames, cb) -> tuple[str | None, int]:
    """The policy frame with the most cue weight in a one-sentence text (None/15 when no cue)."""
    best, best_w = None, 0.0
    order = [fd.key for fd in cb.frames]
    for key in order:
        w = res_frames.get("policy", key).weight
        if w > best_w + 1e-9:
            best, best_w = key, w
    if best is None:
        return None, 15
    fd = next(fd for fd in cb.frames if fd.key == best)
    return best, int(fd.frac or 15)


def run_frac(args) -> int:
    from collections import Counter

    from ..framing import default_codebooks

    rows = read_frac(Path(args.frac))
    if args.limit:
        rows = rows[:args.limit]
    cb = default_codebooks()[1]
    t0 = time.time()
    preds, lines = [], []
    for row, res in zip(rows, analyse_texts([r["text"] for r in rows], {})):
        if res is None:
            key, code = None, 15
        else:
            key, code = top_policy_frame(res.frames, cb)
        preds.append(code)
        lines.append({"id": row["id"], "frames": [key] if key else [], "frac_label": code, "gold": row["label"]})
    gold = [r["label"] for r in rows]
    majority = Counter(gold).most_common(1)[0][0]
    print(f"FrAC: {len(rows)} sentences, {time.time() - t0:.0f}s. FrAC has no train/dev split; nothing is "
          "fitted on it (fixed a-priori codebook->FrAC mapping). Split A = even rows, B = odd rows.")
    labels = sorted(set(gold))
    print(f"{'part':5s} {'n':>4s} {'acc':>6s} {'macroF1':>8s} | majority class ({majority}) acc / macroF1")
    for part, idx in (("A", range(0, len(rows), 2)), ("B", range(1, len(rows), 2)), ("all", range(len(rows)))):
        g = [gold[i] for i in idx]
        p = [preds[i] for i in idx]
        acc, mf = _acc_macro(g, p, labels)
        bacc, bmf = _acc_macro(g, [majority] * len(g), labels)
        print(f"{part:5s} {len(g):4d} {acc:6.3f} {mf:8.3f} | {bacc:6.3f} / {bmf:.3f}")
    print("per label (all rows): " + "  ".join(
        f"{lab}:{_f1_label(gold, preds, lab):.2f}" for lab in labels))
    _write_predictions(args, lines)
    return 0


def _f1_label(gold, pred, lab) -> float:
    tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
    fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
    fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
    return prf(tp, fp, fn)[2]


def _acc_macro(gold, pred, labels) -> tuple[float, float]:
    acc = sum(1 for g, p in zip(gold, pred) if g == p) / len(gold) if gold else 0.0
    return acc, sum(_f1_label(gold, pred, lab) for lab in labels) / len(labels)


def run(args) -> int:
    if not args.nfc and not args.frac:
        raise InputError("give --nfc DIR and/or --frac FILE")
    rc = 0
    if args.nfc:
        rc |= run_nfc(args)
    if args.frac:
        rc |= run_frac(args)
    return rc
