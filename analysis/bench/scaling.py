"""python -m analysis.bench scaling [--texts DIR] [--sizes 2,20,200,1000] [--shapes ...]

Does the cost per character stay flat as articles grow? For real news text (PolNeAR articles
joined into one long article) and for pathological shapes -- 50,000 lines of "Ok.", one long
line without punctuation, hundreds of unclosed quotation marks -- it times the whole pipeline
(article model to framing, plus the JSON and CSV bytes) at each size and prints seconds per
10 KB, the peak memory (resource.getrusage) and, per shape, the ratio of the per-KB cost at the
largest size to that at 20 KB (linear time: about 1; the acceptance bound is 1.5). The ratio is
taken on CPU seconds of the measuring process: on a shared machine wall time also counts the
other jobs (both are printed).

Each measurement runs in its own process (spaCy loaded and warmed up first, not timed), so the
peak memory is that of one article of that size; ``--max-seconds`` stops a shape whose
measurement runs longer (larger sizes of it are then skipped).
"""
from __future__ import annotations

import multiprocessing
import resource
import time
from pathlib import Path

from ..errors import InputError

DEFAULT_TEXTS = "../shared/eval/polnear/train/text"
SHAPES = ("news", "ok-lines", "no-punctuation", "unclosed-quotes", "single-line")
#: A sentence of plain prose for the synthetic shapes (the project's own words).
_WORDS = "the minister told reporters in the capital that the new plan would cost more than expected "


def add_arguments(parser) -> None:
    parser.add_argument("--texts", default=DEFAULT_TEXTS, metavar="DIR",
                        help=f"folder of real news .txt articles, joined for the news shape (default {DEFAULT_TEXTS})")
    parser.add_argument("--sizes", default="2,20,200,1000", metavar="KB,KB,...",
                        help="article sizes in KB (1 KB = 1,000 characters); default 2,20,200,1000")
    parser.add_argument("--shapes", default=",".join(SHAPES), metavar="SHAPE,...",
                        help=f"any of {', '.join(SHAPES)} (default all)")
    parser.add_argument("--max-seconds", type=float, default=1800, metavar="S",
                        help="give up on a measurement after S seconds and skip larger sizes of that shape")


def news_text(folder: Path, chars: int) -> str:
    """Real articles joined with blank lines (sorted by name) up to ``chars`` characters, cut at a
    paragraph end."""
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise InputError(f"{folder}: no .txt articles (pass --texts DIR)")
    parts, size = [], 0
    for p in files:
        parts.append(p.read_text(encoding="utf-8").strip())
        size += len(parts[-1]) + 2
        if size >= chars:
            break
    text = "\n\n".join(parts)[:chars]
    return text[:text.rfind("\n")] if len(text) == chars and "\n" in text else text


def shape_text(shape: str, chars: int, folder: Path) -> str:
    """An article of about ``chars`` characters of the given shape."""
    if shape == "news":
        return news_text(folder, chars)
    if shape == "single-line":  # the same news text as one line, as many scrapers produce
        return " ".join(news_text(folder, chars).split())
    if shape == "ok-lines":
        return "Ok.\n" * (chars // 4)
    if shape == "no-punctuation":
        return (_WORDS * (chars // len(_WORDS) + 1))[:chars].strip()
    if shape == "unclosed-quotes":
        para = ("Officials said “ " + _WORDS) * 10  # 10 unclosed marks per ~1 KB paragraph
        return "\n".join([para.strip()] * (chars // (len(para) + 1) + 1))[:chars]
    raise InputError(f"unknown shape {shape!r}: use {', '.join(SHAPES)}")


def _measure(text: str, queue) -> None:
    """Child process: warm up, time one full pipeline run and the output bytes, report peak RSS."""
    from ..article import parse_article
    from ..output import analysis_files
    from ..pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.run(parse_article("The minister said the plan would work. Critics disagreed."))
    start, cpu = time.perf_counter(), time.process_time()
    result = pipeline.run(parse_article(text))
    analysis_files(result)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    stages = {**result.timings}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, cpu, peak_mb, stages))


def measure(text: str, max_seconds: float) -> tuple[float, float, float, dict] | None:
    """(wall seconds, CPU seconds, peak MB, wall seconds per stage) of one article in a fresh
    process, or None when it ran longer than ``max_seconds``."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(text, queue), daemon=True)
    proc.start()
    try:
        return queue.get(timeout=max_seconds + 60)  # + model load and warm-up
    except Exception:  # queue.Empty: too slow (or the child died)
        return None
    finally:
        proc.terminate()
        proc.join()


def run(args) -> int:
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    shapes = [s.strip() for s in args.shapes.split(",") if s.strip()]
    folder = Path(args.texts)
    print(f"| {'shape':<16} | {'KB':>6} | {'wall s':>7} | {'CPU s':>7} | {'CPU s per 10 KB':>15} | {'peak MB':>7} | slowest stages (wall s)")
    print(f"|{'-' * 18}|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 17}|{'-' * 9}|{'-' * 25}")
    for shape in shapes:
        per_kb: dict[float, float] = {}
        for kb in sizes:
            text = shape_text(shape, int(kb * 1000), folder)
            got = measure(text, args.max_seconds)
            if got is None:
                print(f"| {shape:<16} | {len(text) / 1000:6.0f} | > {args.max_seconds:5.0f} | {'-':>7} | {'-':>15} | {'-':>7} | "
                      f"stopped (--max-seconds)", flush=True)
                break
            seconds, cpu, peak, stages = got
            per_kb[kb] = cpu / (len(text) / 1000)
            slow = ", ".join(f"{k} {v:.1f}" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])[:3])
            print(f"| {shape:<16} | {len(text) / 1000:6.0f} | {seconds:7.1f} | {cpu:7.1f} | {10 * per_kb[kb]:15.3f} | "
                  f"{peak:7.0f} | {slow}", flush=True)
        ref = per_kb.get(20.0)
        if ref and len(per_kb) > 1 and max(per_kb) > 20:
            top = max(per_kb)
            print(f"| {shape:<16} | ratio of per-KB CPU cost {top:g} KB / 20 KB: {per_kb[top] / ref:.2f} (linear: ~1, bound 1.5)",
                  flush=True)
    return 0
