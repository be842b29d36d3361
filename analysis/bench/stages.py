"""python -m analysis.bench stages --texts DIR [--limit N]

Seconds per pipeline stage over a folder of .txt articles, measured in one process with the
model loaded once (the Pipeline records each stage's wall and CPU time), each as a multiple of
spaCy's own parse -- the floor for a spaCy-based pipeline: ``nlp.pipe`` over the very Doc the
parse stage hands to ``nlp.pipe`` (our tokens and sentence starts, batch of one) with every
component of the model running as spaCy ships it, timed in the same loop (article by article,
so a loaded machine slows both alike). The parse stage itself runs the same ``nlp.pipe`` with
the attribute ruler and lemmatizer replaced by array versions giving the same annotations
(``analysis.nlp._pipe``); its row shows what that saves. Then the output step (tables + JSON +
CSV), the whole, and the whole without the framing stage. The CPU columns (this process's CPU
time) are the steadier ones when other jobs share the cores.
"""
from __future__ import annotations

import time
from pathlib import Path

from ..article import decode_bytes, parse_article
from ..errors import InputError
from ..nlp import parse_as_shipped
from ..output import analysis_files
from ..pipeline import DEFAULT_STAGES, Pipeline

BASELINE = "spaCy nlp.pipe (as shipped)"


def add_arguments(parser) -> None:
    parser.add_argument("--texts", required=True, metavar="DIR", help="a folder of .txt articles")
    parser.add_argument("--limit", type=int, help="only the first N articles (sorted by name)")


def _articles(folder: str, limit: int | None) -> list:
    """The readable articles of a folder (sorted by name; unreadable ones skipped)."""
    articles = []
    for p in sorted(Path(folder).glob("*.txt"))[:limit]:
        try:
            articles.append(parse_article(decode_bytes(p.read_bytes(), name=str(p))))
        except InputError:
            continue
    if not articles:
        raise InputError(f"{folder}: no readable .txt articles")
    return articles


def measure(articles: list, pipeline: Pipeline | None = None) -> tuple[dict, dict]:
    """(wall, CPU) seconds by row: the baseline ``nlp(text)``, each stage, the output step."""
    pipeline = pipeline or Pipeline()
    first = pipeline.run(articles[0])  # warm-up: model, lexicons, fitted weights
    analysis_files(first)
    nlp = first.nlp
    rows = [BASELINE, *DEFAULT_STAGES[1:], "tables + JSON + CSV"]
    wall, cpu = dict.fromkeys(rows, 0.0), dict.fromkeys(rows, 0.0)

    def timed(row, fn):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall[row] += time.perf_counter() - t0
        cpu[row] += time.process_time() - c0
        return out

    for art in articles:
        timed(BASELINE, lambda: parse_as_shipped(art, nlp))
        result = pipeline.run(art)
        for name in result.timings:
            wall[name] = wall.get(name, 0.0) + result.timings[name]
            cpu[name] = cpu.get(name, 0.0) + result.cpu_timings[name]
        timed("tables + JSON + CSV", lambda: analysis_files(result))
    return wall, cpu


def run(args) -> int:
    articles = _articles(args.texts, args.limit)
    wall, cpu = measure(articles)
    base_w, base_c = wall[BASELINE] or 1e-9, cpu[BASELINE] or 1e-9
    print(f"{len(articles)} articles from {args.texts}")
    print(f"| {'stage':<28} | {'seconds':>8} | {'x parse':>7} | {'CPU s':>7} | {'CPU x parse':>11} |")
    print(f"|{'-' * 30}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 13}|")

    def line(name, w, c):
        print(f"| {name:<28} | {w:8.1f} | {w / base_w:7.2f} | {c:7.1f} | {c / base_c:11.2f} |")

    for name in wall:
        line(name, wall[name], cpu[name])
    stages = [n for n in wall if n != BASELINE]
    whole_w, whole_c = sum(wall[n] for n in stages), sum(cpu[n] for n in stages)
    line("whole pipeline", whole_w, whole_c)
    line("whole without framing", whole_w - wall.get("framing", 0.0), whole_c - cpu.get("framing", 0.0))
    return 0
