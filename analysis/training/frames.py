"""Fit the frame calibration: generic frames on NFC train, policy frames on SemEval-2023 train (never dev):

    python -m analysis.training.frames --nfc DIR --out analysis/fitted/frames_calibration.json [--nested-cv 20]
    python -m analysis.training.frames --semeval DIR --out analysis/fitted/frames_calibration.json [--nested-cv 20]

A fit of one codebook keeps the other codebook's section of an existing --out file.

Per frame: a logistic model over the named features of ``analysis.framing.frame_features``
(weights non-negative except ``length``: cues only ever add evidence) and an F1-optimal
threshold (median of the F1-optimal thresholds on out-of-fold probabilities of THRESHOLD_REPS
shuffled 5-fold splits). ``--nested-cv`` also prints the F1 of the whole
procedure (weights and threshold fitted inside each outer fold), with and without ``parties``.
Learned words (analysis.training.generic_words): per generic frame, tf-idf words + the frame's
features are compared with the cue-only model by nested CV on the same splits (``--words-reps``,
default 5) and replace it only where they clearly win (words in frames_generic_words.csv).
``--rule-cv REPS`` prints the nested CV F1 of the codebook rule (a frame present when k of its
questions have cue weight above tau; analysis.training.codebook_rule) beside them.

Policy frames (analysis.training.policy_words): per frame an L2 logistic model over the
article's tf-idf words (learned frame words, written to frames_policy_words.csv beside --out) and
the cue features of all frames; C, whether a call needs cue evidence and per-frame thresholds chosen
by train CV; the train figures are nested CV (``--nested-cv REPS`` repeated 5-fold).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..evaluate.framing import analyse_texts, read_nfc, read_semeval, semeval_label_of
from ..frame_structure import features as structure_features
from ..frame_words import GENERIC_WORDS_FILE, WORDS_FILE, mask_names, word_count
from ..framing import LENGTH, PARTIES, SHARE, WORDS_FEATURES, article_features, default_codebooks, frame_features, lead_weight
from ..metrics import binary_f1
from .folds import repeated_cv_f1, shuffled_folds
from .logistic import fit_logistic
from .manifest import record

COMMAND = "python -m analysis.training.frames --nfc DIR --out FILE"
POLICY_COMMAND = "python -m analysis.training.frames --semeval DIR --out FILE"
MANIFEST_DATA = ("NFC Fold_1 train (generic frames, article labels); SemEval-2023 Task 3 subtask 2 EN train "
                 "split (policy frames, article labels)")


#: L2 strength of the frame models (weights of log1p cue features).
L2 = 0.05
#: Cue-only thresholds: the median of the F1-optimal thresholds of this many shuffled 5-fold splits
#: (seeds THRESHOLD_SEED...). Nested 10 x 5-fold CV on NFC train (2026-11-30), vs one unshuffled
#: split: macro F1 0.600 vs 0.596; conflict .818 vs .815, human interest .283 vs .285, economic .710
#: vs .704, morality .489 vs .478, responsibility .702 vs .699 (pooled out-of-fold probabilities:
#: macro 0.595, human interest -0.018; mean probabilities: 0.597).
THRESHOLD_REPS, THRESHOLD_SEED = 5, 1000


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


def _oof_probs(X, y, nonneg, folds) -> np.ndarray:
    """Out-of-fold probabilities of the cue-only model over the given 5 folds."""
    oof = np.zeros(len(y))
    for k in range(5):
        tr, te = folds != k, folds == k
        w, b = _fit_logistic(X[tr], y[tr], nonneg)
        oof[te] = _proba(X[te], w, b)
    return oof


def fit_with_threshold(X, y, nonneg):
    """Weights, bias, the threshold (median of the F1-optimal thresholds on out-of-fold
    probabilities of THRESHOLD_REPS shuffled 5-fold splits: steadier than one split) and the mean
    out-of-fold F1 at that threshold (the procedure behind every cue-only frame)."""
    oofs = []
    for r in range(THRESHOLD_REPS):
        folds = shuffled_folds(len(y), np.random.RandomState(THRESHOLD_SEED + r))
        oofs.append(_oof_probs(X, y, nonneg, folds))
    t = float(np.median([_best_threshold(p, y) for p in oofs]))
    w, b = _fit_logistic(X, y, nonneg)
    return w, b, t, float(np.mean([binary_f1(p >= t, y) for p in oofs]))


def nested_cv_f1(X, y, nonneg, reps: int, seed: int = 0) -> tuple[float, float]:
    """Mean and standard deviation over `reps` shuffled 5-fold splits of the F1 of the whole
    fitting procedure: an honest estimate on train for choosing features."""
    def fit_predict(tr, te):
        w, b, t, _ = fit_with_threshold(X[tr], y[tr], nonneg)
        return _proba(X[te], w, b) >= t

    return repeated_cv_f1(fit_predict, y, reps, seed)


def design(rows: list[dict[str, float]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Feature names, the matrix of named feature rows and the non-negativity mask."""
    names = list(rows[0])
    X = np.array([[r[n] for n in names] for r in rows], dtype=float)
    return names, X, np.array([n != LENGTH for n in names])


def fit_calibration(features: dict[str, list[dict[str, float]]], labels: list[dict], meta: dict) -> dict:
    """Per frame (features: frame key -> one named-feature dict per article): fitted weights by
    feature name, bias, threshold and train figures (cue-only calibration)."""
    out = {"fitted_on": meta["fitted_on"], "created_by": meta["created_by"],
           "features": "named, see analysis.framing.frame_features: one per indicator item (log1p of its "
                       "summed cue weight); structural indicators (indicator.form, analysis.frame_structure) "
                       "where nested train CV chose them (analysis.training.structure_select); parties for frames that define it (log1p of the cue weight in "
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


def add_generic_words(cal: dict, features: dict[str, list[dict[str, float]]], texts: list[str],
                      labels: list[dict], reps: int, words_out: Path) -> dict[str, dict]:
    """Compare, per generic frame, the learned-word model with the cue-only calibration by nested
    train CV (analysis.training.generic_words); frames where the words clearly win get the word
    model (weights over the frame's cue features, bias, threshold, C; words in `words_out`).
    Every frame records both nested figures. Returns the comparisons by frame."""
    from . import generic_words as gw
    from .policy_words import write_words

    section = cal["generic"]
    shipped, comparisons = {}, {}
    for fkey, rows in features.items():
        c = section["frames"][fkey]
        names, X, nonneg = design(rows)
        y = np.array([1.0 if lab[c["nfc"]] else 0.0 for lab in labels])
        E = X[:, names.index(SHARE)] > 0
        cmp = comparisons[fkey] = gw.nested_compare(texts, X, y, E, nonneg, reps)
        c["train_nested_cv"] = {k: round(v, 4) if isinstance(v, float) else v for k, v in cmp.items()}
        if not gw.ships(cmp):
            continue
        m = shipped[fkey] = gw.fit(texts, X, y, E, nonneg)   # cues only add evidence: no negative weight
        _, v, b = m["model"]
        c.update({"model": "words", "bias": round(float(b), 6), "l2_c": m["C"],
                  "weights": {n: round(float(v[k]), 6) for k, n in enumerate(names)},
                  "threshold": round(float(m["threshold"]), 6), "train_cv_f1": round(m["cv_f1"], 4)})
    if shipped:
        first = next(iter(shipped.values()))
        write_words(words_out, first["vectorizer"], [m["model"] for m in shipped.values()], list(shipped),
                       GENERIC_WORDS_SOURCE)
        section["words"] = words_out.name
    return comparisons


def select_structure(feats: dict[str, list[dict[str, float]]], gold: list[dict], codes: dict[str, str],
                     reps: int) -> dict[str, dict]:
    """Per frame with structural indicators (``indicator.form`` features): nested train CV of the
    forward selection (analysis.training.structure_select) against cue features only; where it is
    higher, the features chosen on all of train stay in ``feats``, the others are dropped. Returns
    what was compared and chosen, by frame."""
    from . import structure_select as ss

    out = {}
    for fkey, rows in feats.items():
        cand = [n for n in rows[0] if "." in n]
        if not cand:
            continue
        base = [n for n in rows[0] if n not in cand]
        names, X, nonneg = design([{n: r[n] for n in base} for r in rows])
        C = np.array([[r[n] for n in cand] for r in rows], dtype=float)
        y = np.array([1.0 if g[codes[fkey]] else 0.0 for g in gold])
        cv = ss.nested(X, y, nonneg, C, reps)
        chosen = [cand[j] for j in ss.choose(X, y, nonneg, C)] if cv["structure"] > cv["cues"] else []
        feats[fkey] = [{n: r[n] for n in base + chosen} for r in rows]
        out[fkey] = {"candidates": cand, "chosen": chosen,
                     "train_nested_cv": {k: round(v, 4) if isinstance(v, float) else v for k, v in cv.items()}}
        print(f"  {codes[fkey]} {fkey:15s} structure: nested CV cues {cv['cues']:.3f} ({cv['cues_sd']:.3f}), "
              f"+ chosen indicators {cv['structure']:.3f} ({cv['structure_sd']:.3f}), always-yes "
              f"{cv['always_yes']:.3f}; chosen on train: {', '.join(chosen) or 'none'}", flush=True)
    return out


def nfc_features(rows: list[dict]) -> tuple[dict[str, list[dict[str, float]]], list[str]]:
    """Named calibration features of every generic frame for each NFC article (pipeline run
    with the fixed rules, so nothing fitted leaks into the features), and the article texts with their names blanked (as the learned words see them at run time)."""
    cb = default_codebooks()[0]
    frames = [fd for fd in cb.frames if fd.nfc]
    feats: dict[str, list[dict[str, float]]] = {fd.key: [] for fd in frames}
    texts = []
    for res in analyse_texts([r["text"] for r in rows], {}, progress="NFC train"):
        texts.append(mask_names(res.article.text, res.frames.name_spans) if res is not None else "")
        for fd in frames:
            ids = [it.id for it in fd.items]
            if res is None:
                x = frame_features(ids, {}, 0.0, 0, None if fd.parties_min_actors is None else 0.0,
                                   structure=structure_features({}, fd.structure, 0) if fd.structure else None)
            else:
                f, n = res.frames.get("generic", fd.key), res.frames.n_sentences
                x = frame_features(ids, f.items, f.share, n, None if f.parties is None else f.parties["weight"],
                                   structure=structure_features(f.structure or {}, fd.structure, n)
                                   if fd.structure else None)
            feats[fd.key].append(x)
    return feats, texts


GENERIC_WORDS_SOURCE = ("Generic-frame word weights (analysis.frame_words; per frame an L2 logistic model over "
                        "tf-idf words and the frame's cue features, analysis.training.generic_words): fitted on "
                        "NFC Fold_1 train only by " + COMMAND)
WORDS_SOURCE = ("Policy-frame word weights (analysis.frame_words): fitted on SemEval-2023 Task 3 subtask 2 "
                "EN train only by " + POLICY_COMMAND)


def semeval_features(rows: list[dict]) -> tuple[list[dict[str, float]], list[str]]:
    """Article-level cue features (``analysis.framing.article_features``) and the article text
    with its names blanked (``analysis.frame_words.mask_names``, as at run time) of every SemEval
    article, from a pipeline run with the fixed rules (nothing fitted leaks in)."""
    frames = default_codebooks()[1].frames
    out, texts = [], []
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
        texts.append(mask_names(res.article.text, res.frames.name_spans) if res is not None else "")
    return out, texts


def fit_policy(rows: list[dict[str, float]], texts: list[str], gold: list[dict], labels: dict[str, str],
               reps: int, words_out: Path) -> dict:
    """The policy section of the calibration (per frame: cue-feature weights, bias, threshold,
    train figures; the settings chosen by train CV) and the word weights written to `words_out`."""
    from . import policy_words as pw

    names = list(rows[0])
    X = np.array([[r[n] for n in names] for r in rows], dtype=float)
    keys = list(labels)
    Y = np.array([[1.0 if g[labels[k]] else 0.0 for k in keys] for g in gold])
    E = np.array([[r[f"{key}.{SHARE}"] > 0 for key in keys] for r in rows])
    W = np.array([word_count(t) for t in texts])
    cv = pw.nested_cv(texts, X, Y, E, W, reps)
    m = pw.fit(texts, X, Y, E, W)
    pw.write_words(words_out, m["vectorizer"], m["models"], keys, pw.__doc__.splitlines()[0] + " " + WORDS_SOURCE)
    out = {"fitted_on": f"SemEval-2023 Task 3 subtask 2 EN train ({len(rows)} articles)",
           "created_by": POLICY_COMMAND, "features": WORDS_FEATURES, "words": words_out.name,
           "l2_c": m["C"], "thresholds": "per frame, coordinate ascent on train out-of-fold micro + macro F1",
           "require_cues": m["require_cues"], "min_words": m["min_words"],
           "train_cv": {key: (round(v, 4) if isinstance(v, float) else v) for key, v in cv.items() if key != "frames"},
           "frames": {}}
    for j, fkey in enumerate(keys):
        _, v, b = m["models"][j]
        out["frames"][fkey] = {
            "semeval": labels[fkey], "bias": round(float(b), 6),
            "weights": {nm: round(float(v[i]), 6) for i, nm in enumerate(names)},
            "threshold": round(float(m["thresholds"][j]), 6), "train_cv_f1": round(cv["frames"][j], 4),
            "train_positives": int(Y[:, j].sum()), "train_articles": len(Y)}
    return out


def _existing(path: str) -> dict:
    p = Path(path)
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}


def main_semeval(args) -> int:
    rows = read_semeval(Path(args.semeval), "train")
    rows = rows[:args.limit] if args.limit else rows
    labels = {fd.key: semeval_label_of(fd) for fd in default_codebooks()[1].frames if semeval_label_of(fd)}
    feats, texts = semeval_features(rows)
    words_out = Path(args.out).with_name(WORDS_FILE)
    policy = fit_policy(feats, texts, [r["labels"] for r in rows], labels, args.nested_cv or 1, words_out)
    cal = _existing(args.out)
    cal["policy"] = policy
    Path(args.out).write_text(json.dumps(cal, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    record(args.out, MANIFEST_DATA, f"{COMMAND}; {POLICY_COMMAND}")
    record(words_out, "SemEval-2023 Task 3 subtask 2 EN train split (policy frames, article labels)", POLICY_COMMAND)
    cv = policy["train_cv"]
    print(f"policy calibration fitted on {len(rows)} SemEval train articles -> {args.out}")
    print(f"train nested CV ({cv['reps']} x 5-fold): micro-F1 {cv['micro_f1']:.3f}  macro-F1 {cv['macro_f1']:.3f}"
          f"  frames per article {cv['frames_per_article']:.2f}; chosen: C {policy['l2_c']}, "
          f"cue evidence required {policy['require_cues']}, least words outside names {policy['min_words']}")
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


def _print_rule(feats: dict, gold: list[dict], codes: dict[str, str], reps: int) -> None:
    """Nested train CV of the codebook rule (analysis.training.codebook_rule) per frame."""
    from . import codebook_rule

    items = {fd.key: [it.id for it in fd.items] for fd in default_codebooks()[0].frames}
    print(f"codebook rule (at least k questions with cue weight > tau), nested CV F1 on train ({reps} x 5-fold):")
    for fkey, rows in feats.items():
        Q = np.array([[r[i] for i in items[fkey]] for r in rows], dtype=float)
        y = np.array([1.0 if g[codes[fkey]] else 0.0 for g in gold])
        r = codebook_rule.nested(Q, y, reps)
        print(f"  {codes[fkey]} {fkey:15s} {r['rule']:.3f} ({r['rule_sd']:.3f}); on all of train: "
              f"k {r['k']} of {Q.shape[1]} questions above {r['tau']:g}", flush=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nfc", metavar="DIR", help="Narrative Frames Corpus folder (train.txt)")
    p.add_argument("--semeval", metavar="DIR", help="SemEval-2023 Task 3 subtask 2 English folder")
    p.add_argument("--out", required=True, metavar="FILE", help="calibration JSON to write")
    p.add_argument("--limit", type=int, default=0, help="only the first N articles (quick checks)")
    p.add_argument("--nested-cv", metavar="REPS", type=int, default=0, help="also print nested CV F1 on train")
    p.add_argument("--words-reps", metavar="REPS", type=int, default=5,
                   help="NFC: repeated 5-fold splits comparing learned words with cues only (default 5)")
    p.add_argument("--structure-reps", metavar="REPS", type=int, default=3,
                   help="NFC: repeated outer 5-fold splits of the nested CV choosing structural indicators (default 3)")
    p.add_argument("--rule-cv", metavar="REPS", type=int, default=0,
                   help="NFC: also print nested CV F1 of the codebook rule (k questions with cue evidence)")
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
    return main_nfc(args, rows)


def main_nfc(args, rows: list[dict]) -> int:
    """Fit the generic section (cue-only calibration, learned words where nested CV supports them)."""
    rows = rows[:args.limit] if args.limit else rows
    codes = {fd.key: fd.nfc for fd in default_codebooks()[0].frames if fd.nfc}
    feats, texts = nfc_features(rows)
    gold = [r["labels"] for r in rows]
    structure = select_structure(feats, gold, codes, args.structure_reps)
    cal = fit_calibration(feats, gold, {"fitted_on": f"NFC Fold_1 train ({len(rows)} articles)",
                                        "created_by": COMMAND, "codes": codes})
    for fkey, sel in structure.items():
        cal["generic"]["frames"][fkey]["structure"] = sel
    words_out = Path(args.out).with_name(GENERIC_WORDS_FILE)
    add_generic_words(cal, feats, texts, gold, args.words_reps, words_out)
    if "policy" in _existing(args.out):
        cal["policy"] = _existing(args.out)["policy"]
    Path(args.out).write_text(json.dumps(cal, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    record(args.out, MANIFEST_DATA if "policy" in cal else "NFC Fold_1 train (generic frames, article labels)",
           f"{COMMAND}; {POLICY_COMMAND}" if "policy" in cal else COMMAND)
    if "words" in cal["generic"]:
        record(words_out, "NFC Fold_1 train (generic frames, article labels)", COMMAND)
    print(f"calibration fitted on {len(rows)} NFC train articles -> {args.out}")
    print(f"nested CV F1 on train ({args.words_reps} x 5-fold, same splits): learned words + cues vs cues only")
    for fkey, c in cal["generic"]["frames"].items():
        n = c["train_nested_cv"]
        print(f"  {c['nfc']} {fkey:15s} {c.get('model', 'cues'):5s} threshold {c['threshold']:.3f}  "
              f"words {n['words']:.3f} ({n['words_sd']:.3f})  cues {n['cues']:.3f} ({n['cues_sd']:.3f})  "
              f"always-yes {n['always_yes']:.3f}", flush=True)
    if args.nested_cv:
        _print_nested(feats, gold, codes, args.nested_cv)
    if args.rule_cv:
        _print_rule(feats, gold, codes, args.rule_cv)
    return 0

if __name__ == "__main__":
    sys.exit(main())
