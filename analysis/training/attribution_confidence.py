"""Rebuild analysis/fitted/attribution_confidence.csv from the PolNeAR train split.

    python -m analysis.training.attribution_confidence --polnear DIR [--limit N] [--out FILE]

Runs the attribution extractor over train articles and counts, per (kind, construction) of a
predicted attribution, how many predictions there were and how many matched a gold attribution
with content and speaker (the evaluation's content+speaker criterion). ``gate.confidence`` turns
the ratio into each attribution's ``confidence``. Only counts are written, no corpus text.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter

from ..attribution.gate import fitted_file
from ..evaluate.attribution import Item, match, polnear_articles, same_speaker
from ..evaluate.polnear import load_split
from ..pipeline import Pipeline
from .manifest import record

DATA = "PolNeAR v1.0.0 train split"


def learn(root: str, split: str = "train", limit: int | None = None) -> dict[tuple[str, str], list[int]]:
    """(kind, construction) -> [matched, predicted] over a PolNeAR split."""
    articles, _ = polnear_articles(load_split(root, split, limit))
    counts: dict[tuple[str, str], list[int]] = {}
    for (d, _), result in zip(articles, Pipeline(["attribution"]).run_many([a for _, a in articles])):
        atts = result.attributions.attributions
        gold = [Item(g.content, g.source, g.cue) for g in d.attributions]
        pred = [Item(list(a.content_fragments), [(a.source_start, a.source_end)] if a.source_start is not None
                     else []) for a in atts]
        right = {pi for gi, pi in match(d.text, gold, pred) if same_speaker(gold[gi], pred[pi])}
        for pi, a in enumerate(atts):
            row = counts.setdefault((a.kind, a.construction), [0, 0])
            row[0] += pi in right
            row[1] += 1
    return counts


def write(counts: dict[tuple[str, str], list[int]], out: str, n_articles: str) -> None:
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("# Learned attribution confidence: counts only, no corpus text.\n"
                 f"# Source: {DATA} ({n_articles}); rebuilt by:\n"
                 "# python -m analysis.training.attribution_confidence --polnear DIR\n"
                 "# kind, structure (cue construction, '-gated' for sense-ambiguous cue words): how many\n"
                 "# attributions the extractor predicted and how many matched gold content and speaker.\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["kind", "structure", "matched", "predicted"])
        for (kind, struct), (hits, n) in sorted(counts.items()):
            w.writerow([kind, struct, hits, n])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--polnear", required=True)
    ap.add_argument("--split", default="train", choices=["train"])
    ap.add_argument("--limit", type=int, help="only the first N train articles (sorted by name)")
    ap.add_argument("--out", default=fitted_file())
    args = ap.parse_args(argv)
    counts = learn(args.polnear, args.split, args.limit)
    scope = f"first {args.limit} articles" if args.limit else "all articles"
    write(counts, args.out, scope)
    record(args.out, f"{DATA}, {scope}", "python -m analysis.training.attribution_confidence --polnear DIR"
           + (f" --limit {args.limit}" if args.limit else ""))
    for (kind, struct), (hits, n) in sorted(counts.items()):
        print(f"{kind:<9}{struct:<16}{hits:>6}/{n:<6}{hits / n:.3f}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
