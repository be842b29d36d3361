"""Fit the frame calibration: generic frames on NFC train, policy frames on SemEval-2023 train (never dev):

    python -m analysis.training.frames --nfc DIR --out analysis/fitted/frames_calibration.json [--nested-cv 20]
    python -m analysis.training.frames --semeval DIR --out analysis/fitted/frames_calibration.json [--nested-cv 20]

A fit of one codebook keeps the other codebook's section of an existing --out file.

Per frame: a logistic model over the named features of ``analysis.framing.frame_features``
(weights non-negative except ``length``: cues only ever add evidence) and an F1-optimal
threshold from 5-fold out-of-fold probabilities. ``--nested-cv`` also prints the F1 of the whole
procedure (weights and threshold fitted inside each outer fold), with and without ``parties``.

Policy frames: per frame an L2 logistic model (scikit-learn) over the cue features of all frames
(``analysis.framing.article_features``), an F1-optimal threshold per frame and a cap on the
frames per article (top-k by probability), threshold and k chosen on out-of-fold probabilities;
the train figures are nested CV (``--nested-cv REPS`` repeated 5-fold).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..evaluate.framing import SEMEVAL_LABELS, analyse_texts, read_nfc, read_semeval, semeval_label_of
from ..framing import ARTICLE_FEATURES, LENGTH, PARTIES, SHARE, article_features, default_codebooks, frame_features, lead_weight
from ..metrics import binary_f1
from .logistic import fit_logistic
from .manifest import record

COMMAND = "python -m analysis.training.frames --nfc DIR --out FILE"
POLICY_COMMAND = "python -m analysis.training.frames --semeval DIR --out FILE"
MANIFEST_DATA = ("NFC Fold_1 train (generic frames, article labels); SemEval-2023 Task 3 subtask 2 EN train "
                 "split (policy frames, article labels)")


#: L2 strength of the frame models (weights of log1p cue features).
L2 = 0.05


def _proba(X, w, b):
    """Probability of the frame for the rows of X (the binary model's logistic function)."""
    return 1.0 / (1.0 + np.exp(-(X @ w + b)))


def _fit_logistic(X, y, nonneg):
    """One frame's weights and bias (weights flagged in ``nonneg`` stay >= 0)."""
    W, b = fit_logistic(X, y.astype(int), L2, n_classes=2, nonneg=nonneg)
    return W[:, 1], float(b[1])


def _best_threshold(probs, y) -> float:
    """Threshold maximising F1 on out-of-fold probabilities (midpoint between neighbours)."""
    cands = sorted(set(round(float(p), 6) for p in probs))
    best, best_t = -1.0, 0.5
    for i, t in enumerate(cands):
        f = binary_f1(probs >= t, y)
        if f > best + 1e-12:
            best = f
            best_t = (t + cands[i - 1]) / 2 if i > 0 else t - 1e-6
    return best_t


def fit_with_threshold(X, y, nonneg):
    """Weights, bias, the F1-optimal threshold on 5-fold out-of-fold probabilities, and that
    out-of-fold F1 (the procedure behind every fitted frame)."""
    oof = np.zeros(len(y))
    folds = np.arange(len(y)) % 5
    for k in range(5):
        tr, te = folds != k, folds == k
        w, b = _fit_logistic(X[tr], y[tr], nonneg)
        oof[te] = _proba(X[te], w, b)
    t = _best_threshold(oof, y)
    w, b = _fit_logistic(X, y, nonneg)
    return w, b, t, binary_f1(oof >= t, y)


def nested_cv_f1(X, y, nonneg, reps: int, seed: int = 0) -> tuple[float, float]:
    """Mean and standard deviation over `reps` shuffled 5-fold splits of the F1 of the whole
    fitting procedure: an honest estimate on train for choosing features."""
    rng = np.random.RandomState(seed)
    scores = []
    for _ in range(reps):
        folds = np.empty(len(y), dtype=int)
        folds[rng.permutation(len(y))] = np.arange(len(y)) % 5
        pred = np.zeros(len(y), dtype=bool)
        for k in range(5):
            tr, te = folds != k, folds == k
            w, b, t, _ = fit_with_threshold(X[tr], y[tr], nonneg)
            pred[te] = _proba(X[te], w, b) >= t
        scores.append(binary_f1(pred, y))
    return float(np.mean(scores)), float(np.std(scores))


def design(rows: list[dict[str, float]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Feature names, the matrix of named feature rows and the non-negativity mask."""
    names = list(rows[0])
    X = np.array([[r[n] for n in names] for r in rows], dtype=float)
    return names, X, np.array([n != LENGTH for n in names])


def fit_calibration(features: dict[str, list[dict[str, float]]], labels: list[dict], meta: dict) -> dict:
    """Per frame (features: frame key -> one named-feature dict per article): fitted weights by
    feature name, bias, threshold and train figures."""
    out = {"fitted_on": meta["fitted_on"], "created_by": meta["created_by"],
           "features": "named, see analysis.framing.frame_features: one per indicator item (log1p of its "
                       "summed cue weight); parties for frames that define it (log1p of the cue weight in "
                       "sentences naming several actors); share (of sentences carrying the frame); length "
                       "(log1p of the number of sentences)", "generic": {"frames": {}}}
    for fkey, rows in features.items():
        code = meta["codes"][fkey]
        names, X, nonneg = design(rows)
        y = np.array([1.0 if lab[code] else 0.0 for lab in labels])
        w, b, t, cv_f1 = fit_with_threshold(X, y, nonneg)
        out["generic"]["frames"][fkey] = {
            "nfc": code, "bias": round(float(b), 6),
            "weights": {n: round(float(w[k]), 6) for k, n in enumerate(names)},
            "threshold": round(float(t), 6), "train_cv_f1": round(cv_f1, 4), "train_positives": int(y.sum()),
            "train_articles": int(len(y))}
    return out


def nfc_features(rows: list[dict]) -> dict[str, list[dict[str, float]]]:
    """Named calibration features of every generic frame for each NFC article (pipeline run
    with the fixed rules, so nothing fitted leaks into the features)."""
    cb = default_codebooks()[0]
    frames = [fd for fd in cb.frames if fd.nfc]
    feats: dict[str, list[dict[str, float]]] = {fd.key: [] for fd in frames}
    for res in analyse_texts([r["text"] for r in rows], {}, progress="NFC train"):
        for fd in frames:
            ids = [it.id for it in fd.items]
            if res is None:
                x = frame_features(ids, {}, 0.0, 0, None if fd.parties_min_actors is None else 0.0)
            else:
                f = res.frames.get("generic", fd.key)
                x = frame_features(ids, f.items, f.share, res.frames.n_sentences,
                                   None if f.parties is None else f.parties["weight"])
            feats[fd.key].append(x)
    return feats


#: L2 strength (sklearn's C, inverse) of the policy-frame models. Chosen by nested CV on SemEval
#: train (2026-11-30, per-label thresholds, no cap): C 0.03/0.1/0.3/1 with each frame's own features
#: micro 0.49/0.51/0.52/0.53; with every frame's features (C 0.3) micro 0.561, macro 0.512.
POLICY_C = 0.3
#: Candidate caps on the number of policy frames called per article (chosen by CV on train).
POLICY_CAPS = range(2, 8)


def semeval_features(rows: list[dict]) -> list[dict[str, float]]:
    """Article-level features (``analysis.framing.article_features``) of every SemEval article,
    from a pipeline run with the fixed rules (nothing fitted leaks into them)."""
    frames = default_codebooks()[1].frames
    out = []
    for res in analyse_texts([r["text"] for r in rows], {}, progress="SemEval train"):
        tallies = {}
        for fd in frames:
            if res is None:
                tallies[fd.key] = ({it.id: 0.0 for it in fd.items}, 0.0, 0.0)
                continue
            f = res.frames.get("policy", fd.key)
            per_sent: dict[int, float] = {}
            for h in f.evidence:
                per_sent[h.sentence_id] = per_sent.get(h.sentence_id, 0.0) + h.weight
            tallies[fd.key] = (f.items, f.share, lead_weight(per_sent))
        out.append(article_features(tallies, res.frames.n_sentences if res is not None else 0))
    return out


def _policy_model(X, y):
    """One policy frame's L2 logistic model (sklearn; constant when train has one class)."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        return np.zeros(X.shape[1]), (30.0 if y[0] else -30.0)
    m = LogisticRegression(C=POLICY_C, max_iter=5000).fit(X, y)
    return m.coef_[0], float(m.intercept_[0])


def _policy_probs(X, Y, tr, te):
    """Probabilities of every frame (columns of Y) for rows `te`, models fitted on rows `tr`."""
    cols = []
    for j in range(Y.shape[1]):
        w, b = _policy_model(X[tr], Y[tr, j])
        cols.append(_proba(X[te], w, b))
    return np.column_stack(cols)


def capped(P, thresholds, k, E):
    """Calls: probability >= the frame's threshold and own cue evidence (`E`, as the stage
    requires), at most the `k` highest per article."""
    on = (P >= thresholds) & E
    out = np.zeros_like(on)
    for i in range(len(P)):
        idx = [j for j in np.argsort(-P[i], kind="stable") if on[i, j]][:k]
        out[i, idx] = True
    return out


def _micro_macro(pred, Y) -> tuple[float, float]:
    per = [binary_f1(pred[:, j], Y[:, j]) for j in range(Y.shape[1])]
    tp = float((pred & (Y > 0)).sum())
    den = float(pred.sum() + Y.sum())
    return (2 * tp / den if den else 0.0), float(np.mean(per))


def choose_policy_rule(X, Y, E):
    """Per frame the F1-optimal threshold, then the cap k maximising micro + macro F1, both on
    5-fold out-of-fold probabilities of the rows given."""
    idx = np.arange(len(Y))
    folds = idx % 5
    P = np.zeros(Y.shape)
    for k in range(5):
        P[folds == k] = _policy_probs(X, Y, idx[folds != k], idx[folds == k])
    ts = np.array([_best_threshold(np.where(E[:, j], P[:, j], 0.0), Y[:, j]) for j in range(Y.shape[1])])
    k = max(POLICY_CAPS, key=lambda k: (sum(_micro_macro(capped(P, ts, k, E), Y)), -k))
    return ts, k, P


def policy_nested_cv(X, Y, E, reps: int, seed: int = 0) -> dict:
    """Micro and macro F1, each frame's F1 and the frames per article (means over `reps`
    shuffled 5-fold splits) of the whole procedure: models, thresholds and cap fitted inside
    each outer fold."""
    rng = np.random.RandomState(seed)
    n = len(Y)
    micro, macro, per, count = [], [], [], []
    for _ in range(reps):
        folds = np.empty(n, dtype=int)
        folds[rng.permutation(n)] = np.arange(n) % 5
        pred = np.zeros(Y.shape, dtype=bool)
        for q in range(5):
            tr, te = np.where(folds != q)[0], np.where(folds == q)[0]
            ts, k, _ = choose_policy_rule(X[tr], Y[tr], E[tr])
            pred[te] = capped(_policy_probs(X, Y, tr, te), ts, k, E[te])
        mi, ma = _micro_macro(pred, Y)
        micro.append(mi), macro.append(ma), count.append(pred.sum(1).mean())
        per.append([binary_f1(pred[:, j], Y[:, j]) for j in range(Y.shape[1])])
    return {"micro_f1": float(np.mean(micro)), "macro_f1": float(np.mean(macro)), "reps": reps,
            "frames_per_article": float(np.mean(count)), "frames": np.mean(per, axis=0).tolist()}


def fit_policy(rows: list[dict[str, float]], gold: list[dict], labels: dict[str, str], reps: int) -> dict:
    """The policy section of the calibration: per frame weights over all frames' features, bias,
    threshold and train figures; the cap on frames per article; nested-CV figures."""
    names = list(rows[0])
    X = np.array([[r[n] for n in names] for r in rows], dtype=float)
    keys = list(labels)
    Y = np.array([[1.0 if g[labels[k]] else 0.0 for k in keys] for g in gold])
    E = np.array([[r[f"{key}.{SHARE}"] > 0 for key in keys] for r in rows])
    cv = policy_nested_cv(X, Y, E, reps)
    ts, k, P = choose_policy_rule(X, Y, E)
    out = {"fitted_on": f"SemEval-2023 Task 3 subtask 2 EN train ({len(rows)} articles)",
           "created_by": POLICY_COMMAND, "features": ARTICLE_FEATURES, "max_frames": int(k), "l2_c": POLICY_C,
           "train_cv": {key: (round(v, 4) if isinstance(v, float) else v) for key, v in cv.items() if key != "frames"},
           "frames": {}}
    oof = capped(P, ts, k, E)
    for j, fkey in enumerate(keys):
        w, b = _policy_model(X, Y[:, j])
        out["frames"][fkey] = {
            "semeval": labels[fkey], "bias": round(float(b), 6),
            "weights": {nm: round(float(w[i]), 6) for i, nm in enumerate(names)},
            "threshold": round(float(ts[j]), 6), "train_cv_f1": round(cv["frames"][j], 4),
            "train_oof_f1": round(binary_f1(oof[:, j], Y[:, j]), 4), "train_positives": int(Y[:, j].sum()),
            "train_articles": len(Y)}
    return out


def _existing(path: str) -> dict:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}


def main_semeval(args) -> int:
    rows = read_semeval(Path(args.semeval), "train")
    rows = rows[:args.limit] if args.limit else rows
    labels = {fd.key: semeval_label_of(fd) for fd in default_codebooks()[1].frames if semeval_label_of(fd)}
    policy = fit_policy(semeval_features(rows), [r["labels"] for r in rows], labels, args.nested_cv or 1)
    cal = _existing(args.out)
    cal["policy"] = policy
    Path(args.out).write_text(json.dumps(cal, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    record(args.out, MANIFEST_DATA, f"{COMMAND}; {POLICY_COMMAND}")
    cv = policy["train_cv"]
    print(f"policy calibration fitted on {len(rows)} SemEval train articles -> {args.out}")
    print(f"train nested CV ({cv['reps']} x 5-fold): micro-F1 {cv['micro_f1']:.3f}  macro-F1 {cv['macro_f1']:.3f}"
          f"  frames per article {cv['frames_per_article']:.2f}; cap {policy['max_frames']} frames per article")
    for c in policy["frames"].values():
        print(f"  {c['semeval']:46s} threshold {c['threshold']:.3f}  CV F1 on train {c['train_cv_f1']:.3f}")
    return 0


def _print_nested(feats: dict, gold: list[dict], codes: dict[str, str], reps: int) -> None:
    print(f"nested CV F1 on train ({reps} x 5-fold; weights and threshold fitted inside each fold), mean (sd):")
    for fkey, rows in feats.items():
        names, X, nonneg = design(rows)
        y = np.array([1.0 if g[codes[fkey]] else 0.0 for g in gold])
        line = f"  {codes[fkey]} {fkey:15s} %.3f (%.3f)" % nested_cv_f1(X, y, nonneg, reps)
        if PARTIES in names:
            k = names.index(PARTIES)
            line += "   without parties %.3f (%.3f)" % nested_cv_f1(np.delete(X, k, axis=1), y, np.delete(nonneg, k), reps)
        print(line, flush=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nfc", metavar="DIR", help="Narrative Frames Corpus folder (train.txt)")
    p.add_argument("--semeval", metavar="DIR", help="SemEval-2023 Task 3 subtask 2 English folder")
    p.add_argument("--out", required=True, metavar="FILE", help="calibration JSON to write")
    p.add_argument("--limit", type=int, default=0, help="only the first N articles (quick checks)")
    p.add_argument("--nested-cv", metavar="REPS", type=int, default=0, help="also print nested CV F1 on train")
    args = p.parse_args(argv)
    if bool(args.nfc) == bool(args.semeval):
        print("error: give exactly one of --nfc DIR or --semeval DIR", file=sys.stderr)
        return 2
    try:
        if args.semeval:
            return main_semeval(args)
        rows = read_nfc(Path(args.nfc) / "train.txt")
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = rows[:args.limit] if args.limit else rows
    codes = {fd.key: fd.nfc for fd in default_codebooks()[0].frames if fd.nfc}
    feats = nfc_features(rows)
    gold = [r["labels"] for r in rows]
    cal = fit_calibration(feats, gold, {"fitted_on": f"NFC Fold_1 train ({len(rows)} articles)",
                                        "created_by": COMMAND, "codes": codes})
    if "policy" in _existing(args.out):
        cal["policy"] = _existing(args.out)["policy"]
    Path(args.out).write_text(json.dumps(cal, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    record(args.out, MANIFEST_DATA if "policy" in cal else "NFC Fold_1 train (generic frames, article labels)",
           f"{COMMAND}; {POLICY_COMMAND}" if "policy" in cal else COMMAND)
    print(f"calibration fitted on {len(rows)} NFC train articles -> {args.out}")
    for fkey, c in cal["generic"]["frames"].items():
        print(f"  {c['nfc']} {fkey:15s} threshold {c['threshold']:.3f}  5-fold CV F1 on train {c['train_cv_f1']:.3f}")
    if args.nested_cv:
        _print_nested(feats, gold, codes, args.nested_cv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
