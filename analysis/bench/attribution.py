"""python -m analysis.bench attribution --polnear DIR [--split dev] [--limit N] [--repeat R]

Prints the attribution stage's time per article and its ratio to spaCy's parse time alone on
the same texts (PolNeAR articles, read in place; or any folder of .txt files with --texts).
"""
from __future__ import annotations

import time
from pathlib import Path

from ..errors import InputError


def add_arguments(parser) -> None:
    src = parser.add_mutually_exclusive_group(required=True)
    src.add_argument("--polnear", help="PolNeAR folder (uses <split>/text/*.txt)")
    src.add_argument("--texts", help="a folder of .txt articles")
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=40, help="number of articles (default 40)")
    parser.add_argument("--repeat", type=int, default=3, help="attribution runs per article (best is kept)")


def _texts(args) -> list[str]:
    if args.polnear:
        from ..evaluate.polnear import load_split

        return [d.text for d in load_split(args.polnear, args.split, args.limit)]
    files = sorted(Path(args.texts).glob("*.txt"))[: args.limit]
    if not files:
        raise InputError(f"{args.texts}: no .txt files")
    return [f.read_text(encoding="utf-8") for f in files]


def run(args) -> int:
    from ..article import parse_article
    from ..pipeline import Pipeline

    articles = []
    for text in _texts(args):
        try:
            articles.append(parse_article(text))
        except InputError:
            continue
    pipeline = Pipeline(["attribution"])
    pipeline.run(articles[0])  # warm-up
    parse_s = att_s = 0.0
    n_att = words = 0
    for art in articles:
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            result = pipeline.run(art)
            best = min(best, result.timings["attribution"])
        parse_s += result.timings["parse"]
        att_s += best
        words += len(result.doc)
        n_att += len(result.attributions.attributions)
    n = len(articles)
    print(f"articles: {n}, tokens: {words}, attributions found: {n_att}")
    print(f"spaCy parse alone:   {1000 * parse_s / n:8.1f} ms per article")
    print(f"attribution stage:   {1000 * att_s / n:8.1f} ms per article (best of {args.repeat})")
    print(f"ratio attribution / parse: {att_s / parse_s:.3f}")
    return 0
