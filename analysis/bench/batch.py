"""python -m analysis.bench batch --texts DIR [--texts DIR2]: corpus-mode throughput and memory.

Runs ``python -m analysis batch DIR`` in a fresh process for 1 local worker, N local workers
and Dask (a LocalCluster of N worker processes on 127.0.0.1), plus spaCy parsing alone on the
same texts (in one process, and plain ``nlp.pipe(texts, n_process=N)``, the yardstick for the
N-worker run), and prints articles per second and the peak resident memory of the whole process
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
    p.add_argument("--texts", required=True, action="append", metavar="DIR",
                   help="folder of .txt articles (read in place); repeat to join several folders")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N articles (sorted by file name)")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="workers for the multi-worker and Dask runs (default 2)")
    p.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    p.add_argument("--only-workers", action="store_true",
                   help="only the N-worker run and plain nlp.pipe(n_process=N): no 1-worker, 1-process or Dask run")


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

def spacy_only(texts: str, limit: int | None = None, n_process: int = 1) -> None:
    """Print JSON timings of spaCy parsing alone on the texts: our article split + nlp.pipe in
    this process, or (n_process > 1) plain ``nlp.pipe(texts, n_process=N)`` on the raw texts."""
    from ..article import decode_bytes, parse_article
    from ..nlp import load_nlp, parse_many

    t0 = time.perf_counter()
    nlp = load_nlp()
    t1 = time.perf_counter()
    paths = sorted(Path(texts).glob("*.txt"))[:limit]
    if n_process > 1:
        raw = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
        tokens = sum(len(doc) for doc in nlp.pipe(raw, n_process=n_process, batch_size=8))
        n = len(raw)
    else:
        articles = []
        for p in paths:
            try:
                articles.append(parse_article(decode_bytes(p.read_bytes(), name=str(p)), source_path=str(p)))
            except InputError:
                continue
        tokens = sum(len(doc) for doc in parse_many(articles, nlp))
        n = len(articles)
    t2 = time.perf_counter()
    print(json.dumps({"articles": n, "load_s": t1 - t0, "parse_s": t2 - t1, "tokens": tokens}))


# --------------------------------------------------------------------------- the benchmark

def _spacy_row(py: str, texts: Path, limit, n_process: int) -> tuple | None:
    """Time spaCy alone in a fresh process; the row for the table, or None when it failed."""
    label = "spaCy parse only" if n_process == 1 else f"spaCy nlp.pipe, {n_process} proc"
    m = measure([py, "-c", "import sys; from analysis.bench.batch import spacy_only; "
                 "spacy_only(sys.argv[1], int(sys.argv[2]) or None, int(sys.argv[3]))",
                 str(texts), str(limit or 0), str(n_process)])
    if m["rc"] != 0:
        print(f"  {label}: failed: {m['stderr'].strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    sp = json.loads(m["stdout"].strip().splitlines()[-1])
    print(f"  {label}: {sp['articles']} articles, {sp['tokens']:,} tokens, model load "
          f"{sp['load_s']:.1f}s, parse {sp['parse_s']:.1f}s", flush=True)
    return (label, sp["articles"], m["wall"], sp["load_s"] + sp["parse_s"], m["peak_mb"], sp)


def _folder(dirs: list[str], tmp: str) -> Path:
    """The one folder to read: the given one, or a temporary folder of links to the .txt files
    of several (read in place, never copied)."""
    if len(dirs) == 1:
        return Path(dirs[0])
    joined = Path(tmp) / "texts"
    joined.mkdir()
    for k, d in enumerate(dirs):
        for f in sorted(Path(d).glob("*.txt")):
            (joined / f"{k}-{f.name}").symlink_to(f.resolve())
    return joined


def run(args) -> int:
    dirs = args.texts
    for d in dirs:
        if not Path(d).is_dir():
            raise InputError(f"{d}: not a folder of .txt files")
    py = sys.executable
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        texts = _folder(dirs, tmp)
        n_files = len(sorted(texts.glob("*.txt"))[:args.limit])
        if n_files == 0:
            raise InputError(f"{' '.join(dirs)}: no .txt files")
        limit = ["--limit", str(args.limit)] if args.limit else []
        print(f"corpus-mode benchmark on {' + '.join(dirs)} ({n_files} .txt files), {os.cpu_count()} "
              f"CPUs; wall time includes Python start-up and spaCy model loading", flush=True)
        procs = (args.workers,) if args.only_workers else (1, args.workers)
        spacy_rows = [r for r in (_spacy_row(py, texts, args.limit, n) for n in procs) if r]
        rows += [r[:5] for r in spacy_rows]
        configs = [] if args.only_workers else [("local, 1 worker", ["--workers", "1"])]
        configs.append((f"local, {args.workers} workers", ["--workers", str(args.workers)]))
        if not args.no_dask and not args.only_workers:
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
    _print_table(rows, spacy_rows[0][5] if spacy_rows and spacy_rows[0][0] == "spaCy parse only" else None,
                 args.workers)
    return 0


def _print_table(rows: list[tuple], sp: dict | None, workers: int) -> None:
    print()
    print(f"{'configuration':<24}{'articles':>9}{'wall s':>9}{'art/s':>8}{'in-batch s':>12}"
          f"{'art/s':>8}{'peak RSS MB':>13}")
    for label, n, wall, inner, peak in rows:
        print(f"{label:<24}{n:>9}{wall:>9.1f}{n / wall:>8.2f}{inner:>12.1f}{n / inner:>8.2f}{peak:>13.0f}")
    by = {r[0]: r for r in rows}
    ours, pipe = by.get(f"local, {workers} workers"), by.get(f"spaCy nlp.pipe, {workers} proc")
    if ours and pipe and ours[1] and pipe[1]:
        ratio = (ours[1] / ours[2]) / (pipe[1] / pipe[2])
        print(f"\ncorpus mode, {workers} workers: {ours[1] / ours[2]:.2f} articles/s = {ratio:.2f}x plain "
              f"nlp.pipe(n_process={workers}) ({pipe[1] / pipe[2]:.2f} articles/s), both wall time "
              f"of a fresh process (start-up and model loading included)")
    one = by.get("local, 1 worker")
    if one and one[1] and sp and sp["articles"] and sp["parse_s"] > 0:
        per_spacy = sp["parse_s"] / sp["articles"]
        per_pipe = max(one[3] - sp["load_s"], 0.0) / one[1]
        print(f"\nper article, model loading excluded: spaCy parsing alone {per_spacy * 1000:.0f} ms, "
              f"full pipeline (1 worker) {per_pipe * 1000:.0f} ms = {per_pipe / per_spacy:.1f}x spaCy alone "
              f"(pipeline time = in-batch time minus the measured model load)")
