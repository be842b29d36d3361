"""Framing on public annotated news: NFC (generic frames, article level) and FrAC (policy frames,
sentence level). The calibration is fitted by analysis.training.frames (NFC train only).

    python -m analysis.evaluate framing --nfc DIR --split dev [--predictions-out FILE]
    python -m analysis.evaluate framing --frac FILE [--predictions-out FILE]
    python -m analysis.evaluate framing --semeval DIR --split dev [--predictions-out FILE]

NFC (Frermann et al. 2023): DIR/<split>.txt, tab-separated, no header:
ID Source Bias Time Full_News_Content AR HI CO MO EC (True/False). Each article's content runs
through the same article model, spaCy parse, actor finder, attribution stage and frame detector
as any article, so the conflict frame's disputing reporting verbs come from real attributions.
FrAC (Guida et al. 2025): CSV sentence,label; one policy-frame code per sentence. FrAC has no
train/dev split; nothing is fitted on it (the codebook-to-FrAC mapping is fixed a priori in
frames_policy.yaml). Scores are printed for a deterministic split (row index even = "A", odd =
"B") and for all rows, so lexicon edits checked on A can be judged on B.
SemEval-2023 Task 3 subtask 2 (Piskorski et al. 2023), English: DIR/<split>-articles-subtask-2/
article<ID>.txt (title, blank line, body) and DIR/<split>-labels-subtask-2.txt (ID, comma-separated
policy-frame labels); the policy-frame calibration is fitted on its train split only.
"""
from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

from ..article import article_from_text
from ..errors import InputError
from ..metrics import accuracy, bootstrap_ci, label_f1, macro_f1, multilabel_scores
from ..pipeline import Pipeline

NFC_FRAMES = ("AR", "HI", "CO", "MO", "EC")
NFC_COLUMNS = ("ID", "Source", "Bias", "Time", "Full_News_Content") + NFC_FRAMES
#: SemEval-2023 subtask 2 label names, in Policy Frames Codebook order (index + 1 = `code`).
SEMEVAL_LABELS = ("Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
                  "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
                  "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
                  "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation")


def add_arguments(p) -> None:
    p.add_argument("--nfc", metavar="DIR", help="Narrative Frames Corpus folder with train.txt / dev.txt")
    p.add_argument("--semeval", metavar="DIR", help="SemEval-2023 Task 3 subtask 2 English folder")
    p.add_argument("--split", default="dev", choices=["train", "dev"], help="NFC / SemEval split (default: dev)")
    p.add_argument("--frac", metavar="FILE", help="FrAC gold CSV (sentence,label)")
    p.add_argument("--predictions-out", metavar="FILE", help="write one JSON line per item: {id, frames, ...}")
    p.add_argument("--limit", type=int, default=0, help="only the first N items (quick checks)")
    p.add_argument("--reliability", action="store_true",
                   help="write these scores into the packaged reliability table (make eval does)")


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


def read_semeval(folder: Path, split: str) -> list[dict]:
    """Articles of a SemEval-2023 subtask 2 split: {id, text, labels: {label: bool}} in file order."""
    labels_file = folder / f"{split}-labels-subtask-2.txt"
    art_dir = folder / f"{split}-articles-subtask-2"
    if not labels_file.is_file() or not art_dir.is_dir():
        raise InputError(f"SemEval split not found: {labels_file} / {art_dir}")
    rows = []
    for n, line in enumerate(labels_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        aid, _, labs = line.partition("\t")
        gold = {x.strip() for x in labs.split(",") if x.strip()}
        unknown = gold - set(SEMEVAL_LABELS)
        if unknown:
            raise InputError(f"{labels_file}:{n}: unknown label {sorted(unknown)[0]!r}")
        path = art_dir / f"article{aid.strip()}.txt"
        if not path.is_file():
            raise InputError(f"article file not found: {path}")
        rows.append({"id": aid.strip(), "text": path.read_text(encoding="utf-8"),
                     "labels": {lab: lab in gold for lab in SEMEVAL_LABELS}})
    if not rows:
        raise InputError(f"no SemEval rows read from {labels_file}")
    return rows


def semeval_label_of(fd) -> str | None:
    """The SemEval label of a policy frame (by its codebook code; None for `other`)."""
    return SEMEVAL_LABELS[fd.code - 1] if fd.code and 1 <= fd.code <= len(SEMEVAL_LABELS) else None


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


# --------------------------------------------------------------------------- runs

def _generic_meta():
    from ..framing import default_codebooks

    cb = default_codebooks()[0]
    return cb, {fd.nfc: fd for fd in cb.frames if fd.nfc}


def run_nfc(args) -> int:
    from ..framing import load_calibration

    rows = read_nfc(Path(args.nfc) / f"{args.split}.txt")
    if args.limit:
        rows = rows[:args.limit]
    cb, by_code = _generic_meta()
    calibration = load_calibration()
    if not calibration:
        raise InputError("no frames_calibration.json: fit it first with python -m analysis.training.frames")
    t0 = time.time()
    preds, gold, lines, skipped = [], [], [], 0
    for row, res in zip(rows, analyse_texts([r["text"] for r in rows], calibration, progress=f"NFC {args.split}")):
        skipped += res is None
        gold.append(row["labels"])
        p, ev = {}, {}
        for code, fd in by_code.items():
            f = res.frames.get("generic", fd.key) if res is not None else None
            p[code] = f is not None and f.present
            if p[code]:
                ev[code] = {"score": round(f.score, 4), "sentence_ids": f.sentence_ids,
                            "cues": sorted({c.text.lower() for h in f.evidence for c in h.cues})[:40]}
        preds.append(p)
        lines.append({"id": row["id"], "frames": [c for c in NFC_FRAMES if p[c]], "evidence": ev})
    _print_nfc(args.split, rows, gold, preds, lines, skipped, time.time() - t0, calibration, by_code)
    _write_predictions(args, lines)
    _write_reliability(args, "generic frame", {code: f"generic:{fd.key}" for code, fd in by_code.items()},
                       gold, preds, f"NFC {args.split} ({len(rows)} articles)")
    return 0


def _write_reliability(args, output: str, names: dict[str, str], gold: list[dict], preds: list[dict],
                       dataset: str) -> None:
    """With --reliability (and no --limit): each label's P/R/F1 against always-yes into the table."""
    if not getattr(args, "reliability", False) or args.limit:
        return
    from .reliability import row, write

    ours = multilabel_scores(gold, preds, list(names))
    base = multilabel_scores(gold, [{k: True for k in names} for _ in gold], list(names))
    write([row(output, name, ours[k], "always-yes", base[k][2], dataset, sum(g[k] for g in gold))
           for k, name in names.items()])


def _print_nfc(split, rows, gold, preds, lines, skipped, secs, calibration, by_code) -> None:
    yes = [{c: True for c in NFC_FRAMES} for _ in gold]
    ours, base = multilabel_scores(gold, preds, NFC_FRAMES), multilabel_scores(gold, yes, NFC_FRAMES)
    print(f"NFC {split}: {len(rows)} articles ({skipped} without body text), {secs:.0f}s; "
          f"calibration: {calibration.get('fitted_on', '?')}")
    print(f"{'frame':24s} {'pos':>4s} {'P':>6s} {'R':>6s} {'F1':>6s} | always-yes F1 | model  train nested CV F1")
    cal = (calibration.get("generic") or {}).get("frames", {})
    for code in NFC_FRAMES:
        fd = by_code[code]
        npos = sum(g[code] for g in gold)
        p, r, f = ours[code]
        model, cv = _train_cv(cal.get(fd.key, {}))
        print(f"{code} {fd.key:21s} {npos:4d} {p:6.3f} {r:6.3f} {f:6.3f} | {base[code][2]:6.3f}"
              f"{'       ' if f > base[code][2] else ' <=    '} | {model:6s} {cv}")
    print(f"micro-F1 {ours['micro'][2]:.3f} (always-yes {base['micro'][2]:.3f})   "
          f"macro-F1 {ours['macro_f1']:.3f} (always-yes {base['macro_f1']:.3f})")
    lo, hi = bootstrap_ci(lambda idx: multilabel_scores([gold[i] for i in idx], [preds[i] for i in idx],
                                                        NFC_FRAMES)["macro_f1"], len(gold))
    print(f"macro-F1 95% bootstrap interval over articles: {lo:.3f}-{hi:.3f}")
    no_ev = sum(1 for ln in lines for c in ln["frames"] if not ln["evidence"].get(c, {}).get("sentence_ids"))
    print(f"positive calls: {sum(len(ln['frames']) for ln in lines)}, without evidence: {no_ev}")


def _train_cv(c: dict) -> tuple[str, str]:
    """The shipped model of a generic frame (learned words + cues, or cues only) and its nested
    train-CV F1 (mean, sd) as recorded by analysis.training.frames."""
    model = c.get("model", "cues")
    n = c.get("train_nested_cv")
    if not n:
        return model, "-"
    return model, f"{n[model]:.3f} ({n[model + '_sd']:.3f}); always-yes {n['always_yes']:.3f}"


def _write_predictions(args, lines) -> None:
    if args.predictions_out:
        with open(args.predictions_out, "w", encoding="utf-8") as fh:
            for ln in lines:
                fh.write(json.dumps(ln, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"predictions -> {args.predictions_out}")


def top_policy_frame(res_frames, cb) -> tuple[str | None, int]:
    """The policy frame with the most cue weight in a one-sentence text (None/15 when no cue). A tie
    on that (per item capped) weight goes to the frame with more cue weight before the cap (the
    cap hides that one frame has further cues), then to codebook order."""
    best, best_key = None, None
    for n, fd in enumerate(cb.frames):
        f = res_frames.get("policy", fd.key)
        if f.weight <= 1e-9:
            continue
        key = (round(f.weight, 9), round(sum(c.weight for h in f.evidence for c in h.cues), 9), -n)
        if best_key is None or key > best_key:
            best, best_key = fd, key
    if best is None:
        return None, 15
    return best.key, int(best.frac or 15)


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
        f"{lab}:{label_f1(gold, preds, lab):.2f}" for lab in labels))
    _write_predictions(args, lines)
    return 0


def _acc_macro(gold, pred, labels) -> tuple[float, float]:
    return accuracy(gold, pred), macro_f1(gold, pred, labels)


def _policy_meta():
    from ..framing import default_codebooks

    cb = default_codebooks()[1]
    return cb, {semeval_label_of(fd): fd for fd in cb.frames if semeval_label_of(fd)}


def semeval_baselines(train_gold: list[dict]) -> dict[str, dict]:
    """The trivial predictions: always-yes, and the constant set of the five labels most frequent
    in train (ties: codebook order)."""
    counts = {lab: sum(g[lab] for g in train_gold) for lab in SEMEVAL_LABELS}
    top5 = sorted(SEMEVAL_LABELS, key=lambda lab: (-counts[lab], SEMEVAL_LABELS.index(lab)))[:5]
    return {"always-yes": {lab: True for lab in SEMEVAL_LABELS},
            "most-frequent-5": {lab: lab in top5 for lab in SEMEVAL_LABELS}}


def run_semeval(args) -> int:
    from ..framing import load_calibration

    folder = Path(args.semeval)
    rows = read_semeval(folder, args.split)
    if args.limit:
        rows = rows[:args.limit]
    train_gold = [r["labels"] for r in read_semeval(folder, "train")]
    cb, by_label = _policy_meta()
    calibration = load_calibration()
    t0 = time.time()
    preds, lines = [], []
    for row, res in zip(rows, analyse_texts([r["text"] for r in rows], calibration, progress=f"SemEval {args.split}")):
        present = set(res.frames.present("policy")) if res is not None else set()
        p = {lab: fd.key in present for lab, fd in by_label.items()}
        preds.append(p)
        lines.append({"id": row["id"], "frames": [lab for lab in SEMEVAL_LABELS if p[lab]]})
    gold = [r["labels"] for r in rows]
    _print_semeval(args.split, gold, preds, train_gold, time.time() - t0, calibration.get("policy") or {})
    _write_predictions(args, lines)
    _write_reliability(args, "policy frame", {lab: f"policy:{fd.key}" for lab, fd in by_label.items()},
                       gold, preds, f"SemEval-2023 subtask 2 EN {args.split} ({len(rows)} articles)")
    return 0


def _print_semeval(split, gold, preds, train_gold, secs, cal) -> None:
    base = {k: multilabel_scores(gold, [v] * len(gold), SEMEVAL_LABELS) for k, v in semeval_baselines(train_gold).items()}
    ours = multilabel_scores(gold, preds, SEMEVAL_LABELS)
    frames = cal.get("frames", {})
    by_label = {v.get("semeval"): v for v in frames.values()}
    print(f"SemEval-2023 subtask 2 EN {split}: {len(gold)} articles, {secs:.0f}s; policy calibration: "
          f"{cal.get('fitted_on', 'fixed rule (not fitted)')}")
    print(f"{'label':46s} {'pos':>4s} {'P':>6s} {'R':>6s} {'F1':>6s} | always-yes F1 | train CV F1")
    for lab in SEMEVAL_LABELS:
        p, r, f = ours[lab]
        by = base["always-yes"][lab][2]
        cv = by_label.get(lab, {}).get("train_cv_f1")
        print(f"{lab:46s} {sum(g[lab] for g in gold):4d} {p:6.3f} {r:6.3f} {f:6.3f} | {by:6.3f}"
              f"{'' if f > by else ' <='}       | {'-' if cv is None else f'{cv:.3f}'}")
    cv = cal.get("train_cv", {})
    print(f"micro-F1 {ours['micro'][2]:.3f}  macro-F1 {ours['macro_f1']:.3f}   (train CV: micro "
          f"{cv.get('micro_f1', float('nan')):.3f}, macro {cv.get('macro_f1', float('nan')):.3f})")
    for name, b in base.items():
        print(f"  baseline {name:16s} micro-F1 {b['micro'][2]:.3f}  macro-F1 {b['macro_f1']:.3f}")
    print(f"frames per article: predicted {sum(map(sum, (p.values() for p in preds))) / len(preds):.2f}, "
          f"gold {sum(map(sum, (g.values() for g in gold))) / len(gold):.2f}")


def run(args) -> int:
    if not args.nfc and not args.frac and not args.semeval:
        raise InputError("give --nfc DIR, --frac FILE and/or --semeval DIR")
    rc = 0
    if args.semeval:
        rc |= run_semeval(args)
    if args.nfc:
        rc |= run_nfc(args)
    if args.frac:
        rc |= run_frac(args)
    return rc
