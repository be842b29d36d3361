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
    from ..actors import find_actors
    from ..article import parse_article
    from ..nlp import load_nlp, parse
    from ..pipeline import ArticleAnalysis
    from ..sentiment import SentenceScorer, analyze_sentiment
    from ..target_sentiment import Lexicon

    nlp = load_nlp()
    scorer = SentenceScorer.load()
    results = []
    parse_s = 0.0
    for f in _files(args):
        try:
            art = parse_article(f.read_text(encoding="utf-8", errors="replace"))
        except InputError:
            continue
        t0 = time.perf_counter()
        doc = parse(art, nlp)
        parse_s += time.perf_counter() - t0
        results.append(ArticleAnalysis(article=art, actors=find_actors(art, doc, nlp), doc=doc))
    if not results:
        raise InputError("no readable articles")
    n_sent = sum(len(r.article.sentences) for r in results)
    n_mentions = sum(a.mention_count for r in results for a in r.actors)
    scorer.score_text("Warm-up sentence.")
    Lexicon.sentence_scores.cache_clear()
    t0 = time.perf_counter()
    for r in results:
        for s in r.article.sentences:
            scorer.score_text(s.text)
    sent_s = time.perf_counter() - t0
    Lexicon.sentence_scores.cache_clear()
    t0 = time.perf_counter()
    for r in results:
        analyze_sentiment(r)   # attributions absent: quotation-mark voices
    stage_s = time.perf_counter() - t0
    print(f"{len(results)} articles, {n_sent} sentences, {n_mentions} actor mentions")
    print(f"spaCy parse (for comparison):        {n_sent / parse_s:9.1f} sentences/s")
    print(f"sentence scores (TextBlob+VADER+label): {n_sent / sent_s:6.1f} sentences/s")
    print(f"whole sentiment stage (incl. targets):  {n_sent / stage_s:6.1f} sentences/s "
          f"({n_mentions / stage_s:.1f} mentions/s)")
    return 0
