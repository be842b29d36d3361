"""python -m analysis.bench batch --texts DIR: corpus-mode throughput and peak memory.

Runs ``python -m analysis batch DIR`` in a fresh process for 1 local worker, N local workers
and Dask (a LocalCluster of N worker processes on 127.0.0.1), plus spaCy parsing alone on the
same texts, and prints articles per second and the peak resident memory of the whole process
tree (the command and every worker it starts, sampled every 50 ms; summed RSS counts pages
shared between processes more than once). Wall time includes interpreter start and model
loading; "in batch" is the time the batch reports itself (from reading the input to writing
the tables, so worker start-up and model loading are included but not Python start-up).
The texts are read in place; outputs go to a temporary folder that is deleted afterwards.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..errors import InputError


def add_arguments(p) -> None:
    p.add_argument("--texts", required=True, metavar="DIR", help="folder of .txt articles (read in place)")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N articles (sorted by file name)")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="workers for the multi-worker and Dask runs (default 2)")
    p.add_argument("--no-dask", action="store_true", help="skip the Dask run")


# --------------------------------------------------------------------------- memory

def _children_proc(pid: int) -> list[int]:
    kids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                kids.append(int(d.name))
    return kids


def tree_rss(pid: int) -> int:
    """Resident memory in bytes of a process and all its descendants."""
    try:
        import psutil

        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total
    except ImportError:
        pass
    total, todo = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(_children_proc(p))
    return total


def measure(cmd: list[str], cwd: str | None = None) -> dict:
    """Run a command; return wall seconds, peak tree RSS (MB), exit code and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            stop.wait(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    stop.set()
    t.join()
    return {"wall": time.perf_counter() - start, "peak_mb": peak / 2**20, "rc": proc.returncode,
            "stdout": out, "stderr": err}


# --------------------------------------------------------------------------- spaCy alone

def spacy_only(texts: str, limit: int | None = None) -> None:
    """Print JSON timings of spaCy parsing alone (our article split + nlp.pipe) on the texts."""
    from ..article import decode_bytes, parse_article
    from ..nlp import load_nlp, parse_many

    t0 = time.perf_counter()
    nlp = load_nlp()
    t1 = time.perf_counter()
    articles = []
    for p in sorted(Path(texts).glob("*.txt"))[:limit]:
        try:
            articles.append(parse_article(decode_bytes(p.read_bytes(), name=str(p)), source_path=str(p)))
        except InputError:
            continue
    tokens = sum(len(doc) for doc in parse_many(articles, nlp))
    t2 = time.perf_counter()
    print(json.dumps({"articles": len(articles), "load_s": t1 - t0, "parse_s": t2 - t1, "tokens": tokens}))


# --------------------------------------------------------------------------- the benchmark

def run(args) -> int:
    texts = Path(args.texts)
    if not texts.is_dir():
        raise InputError(f"{texts}: not a folder of .txt files")
    n_files = len(sorted(texts.glob("*.txt"))[:args.limit])
    if n_files == 0:
        raise InputError(f"{texts}: no .txt files")
    limit = ["--limit", str(args.limit)] if args.limit else []
    py = sys.executable
    print(f"corpus-mode benchmark on {texts} ({n_files} .txt files), {os.cpu_count()} CPUs; "
          f"wall time includes Python start-up and spaCy model loading", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        m = measure([py, "-c", "import sys; from analysis.bench.batch import spacy_only; "
                     "spacy_only(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)",
                     str(texts), *([str(args.limit)] if args.limit else [])])
        if m["rc"] != 0:
            print(f"spaCy-only run failed: {m['stderr'].strip().splitlines()[-1:]}", file=sys.stderr)
            return 1
        sp = json.loads(m["stdout"].strip().splitlines()[-1])
        rows.append(("spaCy parse only", sp["articles"], m["wall"], sp["load_s"] + sp["parse_s"],
                     m["peak_mb"]))
        print(f"  spaCy alone: {sp['articles']} articles, {sp['tokens']:,} tokens, model load "
              f"{sp['load_s']:.1f}s, parse {sp['parse_s']:.1f}s", flush=True)
        configs = [("local, 1 worker", ["--workers", "1"]),
                   (f"local, {args.workers} workers", ["--workers", str(args.workers)])]
        if not args.no_dask:
            configs.append((f"dask, {args.workers} workers", ["--scheduler", "dask", "--workers",
                                                              str(args.workers)]))
        for label, extra in configs:
            out = Path(tmp) / label.replace(" ", "").replace(",", "_")
            m = measure([py, "-m", "analysis", "batch", str(texts), "--out", str(out), "--quiet",
                         *limit, *extra])
            if m["rc"] != 0:
                print(f"  {label}: failed (exit {m['rc']}): "
                      f"{' '.join(m['stderr'].strip().splitlines()[-1:])}", file=sys.stderr)
                continue
            info = json.loads((out / "batch.json").read_text())
            rows.append((label, info["analysed"], m["wall"], info["seconds"], m["peak_mb"]))
            print(f"  {label}: {m['stdout'].strip()}", flush=True)

    print()
    print(f"{'configuration':<22}{'articles':>9}{'wall s':>9}{'art/s':>8}{'in-batch s':>12}"
          f"{'art/s':>8}{'peak RSS MB':>13}")
    for label, n, wall, inner, peak in rows:
        print(f"{label:<22}{n:>9}{wall:>9.1f}{n / wall:>8.2f}{inner:>12.1f}{n / inner:>8.2f}{peak:>13.0f}")
    one = next((r for r in rows if r[0] == "local, 1 worker"), None)
    if one and one[1] and sp["articles"] and sp["parse_s"] > 0:
        per_spacy = sp["parse_s"] / sp["articles"]
        per_pipe = max(one[3] - sp["load_s"], 0.0) / one[1]
        print(f"\nper article, model loading excluded: spaCy parsing alone {per_spacy * 1000:.0f} ms, "
              f"full pipeline (1 worker) {per_pipe * 1000:.0f} ms = {per_pipe / per_spacy:.1f}x spaCy alone "
              f"(pipeline time = in-batch time minus the measured model load)")
    return 0
