"""python -m analysis.bench stages --texts DIR [--limit N]

Seconds per pipeline stage over a folder of .txt articles, measured in one process with the
model loaded once (the Pipeline records each stage's time), and each stage as a multiple of
spaCy's parse, the floor for a spaCy-based pipeline; then the output step (tables + JSON + CSV),
the whole, and the whole without the framing stage.
"""
from __future__ import annotations

import time
from pathlib import Path

from ..article import decode_bytes, parse_article
from ..errors import InputError
from ..output import analysis_files
from ..pipeline import DEFAULT_STAGES, Pipeline


def add_arguments(parser) -> None:
    parser.add_argument("--texts", required=True, metavar="DIR", help="a folder of .txt articles")
    parser.add_argument("--limit", type=int, help="only the first N articles (sorted by name)")


def run(args) -> int:
    files = sorted(Path(args.texts).glob("*.txt"))[: args.limit]
    articles = []
    for p in files:
        try:
            articles.append(parse_article(decode_bytes(p.read_bytes(), name=str(p))))
        except InputError:
            continue
    if not articles:
        raise InputError(f"{args.texts}: no readable .txt articles")
    pipeline = Pipeline()
    pipeline.run(articles[0])  # warm-up: model, lexicons, fitted weights
    totals = dict.fromkeys(DEFAULT_STAGES[1:], 0.0)
    output_s = 0.0
    for art in articles:
        result = pipeline.run(art)
        for name, secs in result.timings.items():
            totals[name] = totals.get(name, 0.0) + secs
        t0 = time.perf_counter()
        analysis_files(result)
        output_s += time.perf_counter() - t0
    totals["tables + JSON + CSV"] = output_s
    parse = totals["parse"] or 1e-9
    print(f"{len(articles)} articles from {args.texts}")
    print(f"| {'stage':<22} | {'seconds':>8} | {'x parse':>7} |")
    print(f"|{'-' * 24}|{'-' * 10}|{'-' * 9}|")
    for name, secs in totals.items():
        print(f"| {name:<22} | {secs:8.1f} | {secs / parse:7.2f} |")
    whole = sum(totals.values())
    print(f"| {'whole pipeline':<22} | {whole:8.1f} | {whole / parse:7.2f} |")
    rest = whole - totals.get("framing", 0.0)
    print(f"| {'whole without framing':<22} | {rest:8.1f} | {rest / parse:7.2f} |")
    return 0
