"""python -m analysis.bench sentiment (--polnear DIR [--split dev] | --texts DIR) [--limit N]

Prints sentiment throughput in sentences per second: sentence scoring alone (TextBlob + VADER +
calibrated label) and the whole sentiment stage (voices, segments, every actor mention scored),
both measured after spaCy parsing, whose speed is printed next to them for comparison.
Texts are read in place (PolNeAR <split>/text/*.txt, or any folder of .txt files).
"""
from __future__ import annotations

import time
from pathlib import Path

from ..errors import InputError


def add_arguments(parser) -> None:
    src = parser.add_mutually_exclusive_group(required=True)
    src.add_argument("--polnear", metavar="DIR", help="PolNeAR folder (uses <split>/text/*.txt)")
    src.add_argument("--texts", metavar="DIR", help="a folder of .txt articles")
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=30, help="number of articles (default 30)")


def _files(args) -> list[Path]:
    folder = Path(args.polnear) / args.split / "text" if args.polnear else Path(args.texts)
    files = sorted(folder.glob("*.txt"))[: args.limit]
    if not files:
        raise InputError(f"{folder}: no .txt files")
    return files


def run(args) -> int:
    from ..article import parse_article
    from ..pipeline import Pipeline
    from ..sentiment import SentenceScorer
    from ..target_sentiment import Lexicon

    articles = []
    for f in _files(args):
        try:
            articles.append(parse_article(f.read_text(encoding="utf-8", errors="replace")))
        except InputError:
            continue
    if not articles:
        raise InputError("no readable articles")
    scorer = SentenceScorer.load()
    scorer.score_text("Warm-up sentence.")
    Lexicon.sentence_scores.cache_clear()
    results = list(Pipeline(["sentiment"]).run_many(articles))
    n_sent = sum(len(r.article.sentences) for r in results)
    n_mentions = sum(a.mention_count for r in results for a in r.actors)
    parse_s = sum(r.timings["parse"] for r in results)
    stage_s = sum(r.timings["sentiment"] for r in results)
    Lexicon.sentence_scores.cache_clear()
    t0 = time.perf_counter()
    for r in results:
        for s in r.article.sentences:
            scorer.score_text(s.text)
    sent_s = time.perf_counter() - t0
    print(f"{len(results)} articles, {n_sent} sentences, {n_mentions} actor mentions")
    print(f"spaCy parse (for comparison):        {n_sent / parse_s:9.1f} sentences/s")
    print(f"sentence scores (TextBlob+VADER+label): {n_sent / sent_s:6.1f} sentences/s")
    print(f"whole sentiment stage (incl. targets):  {n_sent / stage_s:6.1f} sentences/s "
          f"({n_mentions / stage_s:.1f} mentions/s)")
    return 0
