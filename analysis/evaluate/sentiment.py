"""python -m analysis.evaluate sentiment: target-dependent sentiment on NewsMTSC.

Reads DIR/newsmtsc-<variant>/<split>.jsonl in the dataset's original format (polarity 2.0 =
negative, 4.0 = neutral, 6.0 = positive; target = targets[i].from/to in sentence_normalized)
and prints macro-F1 and accuracy for the target-level method next to sentence-level TextBlob,
sentence-level VADER, the calibrated sentence label and always-neutral.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..metrics import accuracy, macro_f1

POLARITY = {2.0: -1, 4.0: 0, 6.0: 1}


@dataclass(frozen=True)
class Target:
    primary_gid: str
    sentence_index: int
    start: int
    end: int
    gold: int  # -1 | 0 | 1


def newsmtsc_file(root: str | Path, variant: str, split: str) -> Path:
    path = Path(root) / f"newsmtsc-{variant}" / f"{split}.jsonl"
    if not path.is_file():
        raise InputError(f"{path}: not found (expected the NewsMTSC folder holding newsmtsc-{variant}/)")
    return path


def load_newsmtsc(path: str | Path) -> tuple[list[str], list[Target]]:
    """Sentences and targets of one NewsMTSC JSONL file."""
    sentences, targets = [], []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            k = len(sentences)
            sentences.append(rec["sentence_normalized"])
            for t in rec["targets"]:
                targets.append(Target(rec["primary_gid"], k, int(t["from"]), int(t["to"]),
                                      POLARITY[float(t["polarity"])]))
    return sentences, targets


def parse_sentences(sentences: list[str], nlp=None, batch_size: int = 64) -> list:
    from ..nlp import load_nlp

    nlp = nlp or load_nlp()
    return list(nlp.pipe(sentences, batch_size=batch_size))


def predict_targets(docs: list, targets: list[Target], model=None) -> list:
    """TargetScore for every target (the method under test)."""
    from ..target_sentiment import score_targets

    items = [(docs[t.sentence_index][:], t.start, t.end, ()) for t in targets]
    return score_targets(items, model)


def sentence_baselines(sentences: list[str], targets: list[Target]) -> dict[str, list[int]]:
    """Each target gets its sentence's label: TextBlob (sign), VADER (+-0.05), calibrated."""
    from ..sentiment import SentenceScorer

    scorer = SentenceScorer.load()
    scores = [scorer.score_text(s) for s in sentences]
    tb = [int(np.sign(scores[t.sentence_index].textblob_polarity)) for t in targets]
    vd = [1 if scores[t.sentence_index].vader_compound >= 0.05 else
          (-1 if scores[t.sentence_index].vader_compound <= -0.05 else 0) for t in targets]
    cal = [{"negative": -1, "neutral": 0, "positive": 1}[scores[t.sentence_index].label] for t in targets]
    return {"sentence TextBlob (polarity sign)": tb, "sentence VADER (compound +-0.05)": vd,
            "sentence calibrated (VADER+TextBlob)": cal}


def add_arguments(parser) -> None:
    parser.add_argument("--newsmtsc", required=True, metavar="DIR",
                        help="NewsMTSC datasets folder (contains newsmtsc-rw/ and newsmtsc-mt/)")
    parser.add_argument("--variant", choices=("rw", "mt"), default="rw")
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--predictions-out", metavar="FILE",
                        help="write one JSON line per target: primary_gid, from, to, label (-1|0|1)")
    parser.add_argument("--reliability", action="store_true",
                        help="write these scores into the packaged reliability table (make eval does)")


def evaluate(root, variant: str, split: str, nlp=None) -> dict:
    """Scores of every method on one split -> {method: {"macro_f1", "accuracy"}} plus predictions."""
    sentences, targets = load_newsmtsc(newsmtsc_file(root, variant, split))
    if not targets:
        raise InputError("no targets in the file")
    t0 = time.perf_counter()
    docs = parse_sentences(sentences, nlp)
    results = predict_targets(docs, targets)
    elapsed = time.perf_counter() - t0
    gold = [t.gold for t in targets]
    pred = [{"negative": -1, "neutral": 0, "positive": 1}[r.label] for r in results]
    methods = {"target-level (this project)": pred, **sentence_baselines(sentences, targets),
               "always neutral": [0] * len(targets)}
    scores = {m: {"macro_f1": macro_f1(gold, p), "accuracy": accuracy(gold, p)} for m, p in methods.items()}
    return {"scores": scores, "predictions": pred, "targets": targets, "n_sentences": len(sentences),
            "seconds": elapsed}


def run(args) -> int:
    out = evaluate(args.newsmtsc, args.variant, args.split)
    targets = out["targets"]
    print(f"NewsMTSC {args.variant} {args.split}: {len(targets)} targets in {out['n_sentences']} sentences "
          f"(parse + score {out['seconds']:.1f}s)")
    print(f"{'method':40s} {'macro-F1':>9s} {'accuracy':>9s}")
    for m, s in out["scores"].items():
        print(f"{m:40s} {s['macro_f1']:9.4f} {s['accuracy']:9.4f}")
    if args.predictions_out:
        with open(args.predictions_out, "w", encoding="utf-8") as fh:
            for t, label in zip(targets, out["predictions"]):
                fh.write(json.dumps({"primary_gid": t.primary_gid, "from": t.start, "to": t.end,
                                     "label": label}) + "\n")
        print(f"predictions written to {args.predictions_out}")
    if getattr(args, "reliability", False):
        from .reliability import write

        write(reliability_rows(out, f"NewsMTSC-{args.variant} {args.split} ({len(targets)} targets)", args.variant))
    return 0


def reliability_rows(out: dict, dataset: str, variant: str) -> list[dict]:
    """Reliability-table rows: target sentiment by class, against always predicting that class."""
    from ..metrics import prf
    from .reliability import row

    gold, pred = [t.gold for t in out["targets"]], out["predictions"]
    rows = []
    for lab, name in ((-1, "negative"), (0, "neutral"), (1, "positive")):
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred))
        npos = sum(g == lab for g in gold)
        rows.append(row("target sentiment", f"{variant}:{name}", prf(tp, fp, fn), f"always {name}",
                        prf(npos, len(gold) - npos, 0)[2], dataset, npos))
    return rows
