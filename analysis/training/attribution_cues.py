"""Rebuild analysis/fitted/attribution_cues.csv from the PolNeAR train split.

    python -m analysis.training.attribution_cues --polnear DIR [--split train] [--out FILE]

For every word (lemma + coarse part of speech: V verb, N noun, O other) the script counts how
often it heads an annotated cue and how often it occurs at all in the same texts; the ratio is
the probability that an occurrence is an attribution cue. Only these counts are written —
no text from the corpus. The cue head is the first verb of the cue span (else its first noun,
else its first word): "has said" -> say/V, "according to" -> accord/V, "in a statement" ->
statement/N.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from ..article import parse_article
from ..attribution import cue_candidates
from ..errors import InputError
from ..evaluate.polnear import load_split
from ..nlp import load_nlp, parse_many
from .manifest import record

DATA = "PolNeAR v1.0.0 train split"

MIN_CUE_COUNT = 3


def coarse(pos: str) -> str:
    return "V" if pos in ("VERB", "AUX") else "N" if pos in ("NOUN", "PROPN") else "O"


def cue_head(tokens):
    """The token that names the cue in a cue span."""
    for want in (("VERB",), ("NOUN",)):
        for t in tokens:
            if t.pos_ in want:
                return t
    return tokens[0] if tokens else None


def learn(root: str, split: str = "train", limit: int | None = None) -> list[dict]:
    nlp = load_nlp()
    docs = load_split(root, split, limit)
    cues: Counter = Counter()
    occurrences: Counter = Counter()
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p in ("parser", "ner")]):
        for pd_doc, doc in zip(docs, nlp.pipe((d.text for d in docs), batch_size=8)):
            for t in doc:
                occurrences[(t.lemma_.lower(), coarse(t.pos_))] += 1
            for g in pd_doc.attributions:
                for a, b in g.cue[:1]:
                    span = doc.char_span(a, b, alignment_mode="expand")
                    if span is None or not len(span):
                        continue
                    head = cue_head(list(span))
                    cues[(head.lemma_.lower(), coarse(head.pos_))] += 1
    rows = []
    for (lemma, pos), n in cues.items():
        if n < MIN_CUE_COUNT or not any(ch.isalpha() for ch in lemma):
            continue
        occ = max(occurrences[(lemma, pos)], n)
        rows.append({"lemma": lemma, "pos": pos, "cue_count": n, "occurrences": occ,
                     "p_cue": round(n / occ, 4)})
    rows.sort(key=lambda r: (-r["cue_count"], r["lemma"], r["pos"]))
    return rows


HEADER = ("# Learned attribution-cue statistics: counts only, no corpus text.\n"
          "# Source: PolNeAR v1.0.0 train split (Newell, Margolin & Ruths, LREC 2018), brat cue spans;\n"
          "# rebuilt by: python -m analysis.training.attribution_cues --polnear DIR\n"
          "# lemma,pos (V verb / N noun / O other): how often the word heads a cue, how often it occurs,\n"
          "# p_cue = cue_count / occurrences.\n")


STRUCT_HEADER = ("# Learned attribution-cue statistics per construction: counts only, no corpus text.\n"
                 "# Source: PolNeAR v1.0.0 train split (Newell, Margolin & Ruths, LREC 2018);\n"
                 "# rebuilt by: python -m analysis.training.attribution_cues --polnear DIR --what structures\n"
                 "# For every cue candidate that analysis.attribution proposes (word, construction: clause, xcomp,\n"
                 "# object, prep, trailing, according, noun, none; inside a quotation or not): how many\n"
                 "# candidates there were and how many overlap an annotated cue.\n")


def learn_structures(root: str, split: str = "train", limit: int | None = None) -> list[dict]:
    nlp = load_nlp()
    docs, articles = [], []
    for d in load_split(root, split, limit):
        try:
            articles.append(parse_article(d.text, name=d.stem))
            docs.append(d)
        except InputError:
            continue
    counts: Counter = Counter()
    hits: Counter = Counter()
    for d, art, doc in zip(docs, articles, parse_many(articles, nlp)):
        cues = [span for g in d.attributions for span in g.cue]
        for c in cue_candidates(art, doc):
            if not c.content:
                continue
            key = (c.lemma, c.pos, c.struct, "1" if c.in_quote else "0")
            counts[key] += 1
            if any(x < c.end and c.start < y for x, y in cues):
                hits[key] += 1
    rows = [{"lemma": k[0], "pos": k[1], "structure": k[2], "in_quote": k[3], "cues": hits[k], "candidates": n}
            for k, n in counts.items() if n >= 2]
    rows.sort(key=lambda r: (-r["candidates"], r["lemma"], r["pos"], r["structure"], r["in_quote"]))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", required=True)
    parser.add_argument("--split", default="train")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--what", choices=["cues", "structures"], default="cues",
                        help="cues: attribution_cues.csv (word statistics; run first); "
                             "structures: attribution_structures.csv (per construction)")
    parser.add_argument("--out", help="output file (default: the packaged data file)")
    args = parser.parse_args(argv)
    data = Path(__file__).resolve().parents[1] / "fitted"
    if args.what == "structures":
        out = args.out or str(data / "attribution_structures.csv")
        rows = learn_structures(args.polnear, args.split, args.limit)
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(STRUCT_HEADER)
            w = csv.DictWriter(fh, fieldnames=["lemma", "pos", "structure", "in_quote", "cues", "candidates"],
                               lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        record(out, f"{DATA} (cue candidates per construction)",
               "python -m analysis.training.attribution_cues --polnear DIR --what structures")
        print(f"wrote {len(rows)} rows to {out}")
        return 0
    args.out = args.out or str(data / "attribution_cues.csv")
    rows = learn(args.polnear, args.split, args.limit)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.DictWriter(fh, fieldnames=["lemma", "pos", "cue_count", "occurrences", "p_cue"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    record(args.out, f"{DATA} (brat cue spans)", "python -m analysis.training.attribution_cues --polnear DIR --what cues")
    print(f"wrote {len(rows)} cue words to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
