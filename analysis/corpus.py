"""Corpus mode: run the full pipeline over many articles and write tidy corpus tables.

Input is a folder of ``.txt`` files (optionally with ``metadata.csv``: ``id`` plus any of
``outlet,date,title``) or a CSV / JSONL / Parquet file with ``id,text[,outlet,date,title]``.
Every article is analysed on its own; each result is stored atomically as
``OUT/articles/<sha256>.json`` (keyed by the content hash, so a rerun skips what is done and an
interrupted run loses at most the articles in flight). At the end the stored results are
assembled into one table per name of ``ArticleAnalysis.tables()`` -- whatever stages the
pipeline has -- with ``article_id`` (and outlet/date/title when given) prepended, sorted by
article id, written as Parquet and CSV, plus ``articles`` and ``errors`` tables.

Schedulers: ``local`` (in-process for one worker, else a pool of processes: forked after this
process loaded the spaCy model once, or spawned, each loading it once; see ``start_method``;
articles are handed out longest first) and Dask (``dask`` = a LocalCluster on 127.0.0.1, or the
``tcp://HOST:PORT`` address of a running scheduler; a worker plugin loads the model once per
worker process). Results do not depend on the scheduler: each article is computed by the same
function and the tables are assembled in article-id order.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from .version import __version__
from .article import MAX_CHARS, decode_bytes, normalise_text, parse_article
from .errors import InputError
from .output import csv_bytes, python_values, write_files

#: Sub-folder of OUT holding one JSON result per article content hash.
STORE_DIR = "articles"
#: Optional metadata file inside a folder input (id + outlet/date/title).
METADATA_FILE = "metadata.csv"
#: Metadata columns carried from the input into every corpus table.
META_COLUMNS = ("outlet", "date", "title")
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
                  ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
RECORD_FORMAT = "media-analysis/corpus-article/1"
ERROR_COLUMNS = ["article_id", "path", "sha256", "kind", "reason"]
ARTICLE_COLUMNS = ["path", "sha256", "headline", "characters", "paragraphs", "sentences",
                   "removed_blocks", "actors"]


# --------------------------------------------------------------------------- input

@dataclass(frozen=True)
class CorpusItem:
    """One article of the corpus: a file to read (``path``) or an inline ``text``."""

    id: str
    source: str                      # shown in tables and errors: file path or "FILE row N"
    path: str | None = None
    text: str | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    error: str | None = None         # known bad before reading (missing text, duplicate id)


@dataclass
class Corpus:
    input: Path
    kind: str                        # "folder" | "csv" | "tsv" | "jsonl" | "parquet"
    items: list[CorpusItem]
    meta_columns: list[str]          # the subset of META_COLUMNS the input provides
    ignored: int = 0                 # non-.txt files skipped in a folder


def _missing(value) -> bool:
    """True for None and pandas' missing markers (NaN, NaT, NA); lists and arrays are not missing."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict, set)) or getattr(value, "ndim", 0):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _clean(value) -> str | None:
    """A metadata cell as a string, or None when missing."""
    if _missing(value):
        return None
    text = str(value).strip()
    return text or None


def _read_table(path: Path, kind: str) -> pd.DataFrame:
    try:
        if kind in ("csv", "tsv"):
            return pd.read_csv(path, sep="\t" if kind == "tsv" else ",", dtype=str,
                               keep_default_na=False, encoding="utf-8-sig")
        if kind == "jsonl":
            return _read_jsonl(path)
        return pd.read_parquet(path)
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError, ImportError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot read as {kind.upper()} ({first})") from None


def _read_jsonl(path: Path) -> pd.DataFrame:
    """JSON Lines as text cells (no type guessing); a broken line becomes an error row."""
    rows = []
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                row = {"id": f"line{n}", "text": None, "_error": f"line {n}: invalid JSON ({exc})"}
            rows.append(row)
    if not rows:
        raise ValueError("no JSON lines")
    return pd.DataFrame.from_records(rows).astype(object)


def _dedupe(items: list[CorpusItem]) -> list[CorpusItem]:
    """Keep the first item of each id; later ones become errors named ID#2, ID#3 ..."""
    first: dict[str, str] = {}
    count: dict[str, int] = {}
    out = []
    for item in items:
        if item.id in first:
            count[item.id] = count.get(item.id, 1) + 1
            item = CorpusItem(f"{item.id}#{count[item.id]}", item.source, item.path, item.text, item.meta,
                              error=f"duplicate id {item.id!r} (first used by {first[item.id]})")
        else:
            first[item.id] = item.source
        out.append(item)
    return out


def _read_folder(root: Path) -> Corpus:
    files, ignored = [], 0
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or p.is_dir():
            continue
        if p.suffix.lower() == ".txt":
            files.append(p)
        elif not (rel.as_posix() == METADATA_FILE or p.name.lower() == "readme.md"):
            ignored += 1
    meta_columns: list[str] = []
    meta: dict[str, dict] = {}
    meta_path = root / METADATA_FILE
    if meta_path.exists():
        df = _read_table(meta_path, "csv")
        if "id" not in df.columns:
            raise InputError(f"{meta_path}: needs an 'id' column (the .txt file name without .txt)")
        meta_columns = [c for c in META_COLUMNS if c in df.columns]
        for row in df.to_dict("records"):
            meta[str(row["id"]).strip()] = {c: _clean(row.get(c)) for c in meta_columns}
    items = []
    for p in files:
        aid = p.relative_to(root).with_suffix("").as_posix()
        items.append(CorpusItem(aid, str(p), path=str(p),
                                meta=meta.get(aid, {c: None for c in meta_columns})))
    return Corpus(root, "folder", items, meta_columns, ignored)


def read_corpus(path: str | Path | list, limit: int | None = None) -> Corpus:
    """Describe the articles of a corpus input (texts of a folder are read later, one by one).

    ``path``: a folder of .txt files, one .txt file, a table file, or a list of these (joined).

    Raises InputError for an unusable input: missing path, unknown format, no id/text columns.
    ``limit`` keeps the first N articles in input order (folders: sorted file order).
    """
    if isinstance(path, (list, tuple)):
        parts = [read_corpus(p) for p in path]
        if not parts:
            raise InputError("no corpus inputs given")
        corpus = Corpus(parts[0].input, "+".join(dict.fromkeys(c.kind for c in parts)),
                        [i for c in parts for i in c.items],
                        list(dict.fromkeys(m for c in parts for m in c.meta_columns)),
                        sum(c.ignored for c in parts))
        corpus.items = _dedupe(corpus.items)
        if limit is not None:
            corpus.items = corpus.items[:max(0, limit)]
        return corpus
    root = Path(path)
    if not root.exists():
        raise InputError(f"{root}: no such file or folder")
    if root.is_dir():
        corpus = _read_folder(root)
    elif root.suffix.lower() == ".txt":
        corpus = Corpus(root, "file", [CorpusItem(root.stem, str(root), path=str(root), meta={})], [])
    else:
        kind = TABLE_SUFFIXES.get(root.suffix.lower())
        if kind is None:
            raise InputError(f"{root}: unknown corpus format {root.suffix or '(no suffix)'!r}; give a "
                             f"folder of .txt files or a .csv, .tsv, .jsonl or .parquet file")
        df = _read_table(root, kind)
        missing = [c for c in ("id", "text") if c not in df.columns]
        if missing:
            raise InputError(f"{root}: missing column(s) {', '.join(missing)} (need id,text"
                             f"[,{','.join(META_COLUMNS)}]; found {', '.join(map(str, df.columns)) or 'none'})")
        meta_columns = [c for c in META_COLUMNS if c in df.columns]
        items = []
        for n, row in enumerate(df.to_dict("records"), start=1):
            aid = _clean(row["id"]) or f"row{n}"
            text = row["text"]
            error = _clean(row.get("_error"))
            if error is None and not isinstance(text, str):
                error = f"{root.name} row {n}: text is {'missing' if _clean(text) is None else 'not a string'}"
                text = None
            items.append(CorpusItem(aid, f"{root} row {n}", text=text,
                                    meta={c: _clean(row.get(c)) for c in meta_columns}, error=error))
        corpus = Corpus(root, kind, items, meta_columns)
    corpus.items = _dedupe(corpus.items)
    if limit is not None:
        corpus.items = corpus.items[:max(0, limit)]
    return corpus


# --------------------------------------------------------------------------- settings

#: Modules that do not change analysis results (left out of the code fingerprint).
NOT_PIPELINE = {"__init__.py", "__main__.py", "cli.py", "corpus.py", "compare.py", "report.py",
                "palette.py", "taskcli.py"}


def code_fingerprint() -> str:
    """Hash of the pipeline's code and data files and the spaCy model's name and version, so
    stored results made by other code or another model are not reused."""
    from importlib import metadata

    from .nlp import model_name

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    try:
        name = model_name()
        h.update(f"{name}=={metadata.version(name)}".encode())
    except Exception:  # model missing or not a distribution: the run will report it
        pass
    files = [p for p in root.glob("*.py") if p.name not in NOT_PIPELINE]
    files += [p for p in (root / "data").rglob("*") if p.is_file()]
    for p in sorted(files):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


@dataclass(frozen=True)
class BatchSettings:
    """Options that change results; stored results are reused only when these match."""

    encoding: str = "utf-8"
    max_chars: int = MAX_CHARS
    aliases: tuple[str, ...] = ()
    min_confidence: float = 0.0

    def key(self) -> str:
        parts = {"code": code_fingerprint(), "encoding": self.encoding, "max_chars": self.max_chars,
                 "aliases": [hashlib.sha256(Path(a).read_bytes()).hexdigest() if Path(a).exists() else a
                             for a in self.aliases]}
        if self.min_confidence:  # absent by default: keys of earlier runs stay valid
            parts["min_confidence"] = self.min_confidence
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- per-article work

def _jsonable(value):
    """A table cell as a JSON-native value (numpy scalars unwrapped, missing markers as None)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    return None if _missing(value) else value


def _column_cells(values: pd.Series) -> list:
    """``_jsonable`` of every cell of a column, column-wise: numpy integer and boolean columns
    are already Python values after ``tolist()`` (and never missing), floats only need NaN made
    None, text cells pass as they are; anything else goes through ``_jsonable``."""
    cells = python_values(values)
    kind = values.dtype.kind if isinstance(values.dtype, np.dtype) else None
    if kind in ("i", "u", "b"):
        return cells
    if kind == "f":
        return [None if v != v else v for v in cells]
    return [v if type(v) is str else _jsonable(v) for v in cells]


def encode_table(df: pd.DataFrame) -> dict:
    """A DataFrame as JSON-native columns, dtypes and rows (round-trips through decode_table);
    built column by column, then transposed into rows."""
    columns = [_column_cells(values) for _, values in df.items()]
    rows = [list(r) for r in zip(*columns)] if columns else [[] for _ in range(len(df))]
    return {"columns": [str(c) for c in df.columns],
            "dtypes": [str(t) for t in df.dtypes],
            "rows": rows}


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    text = text[0] if text else ""
    return (f"{type(exc).__name__}: {text}" if not isinstance(exc, InputError) else text)[:300]


def init_worker(parent: int | None = None) -> None:
    """Load the spaCy model once in this process (pool initializer / Dask worker plugin).

    ``parent``: the batch process's id; the worker then exits as soon as that process is gone
    (killed, even with SIGKILL), so no worker is left orphaned holding its model in memory.
    """
    from .nlp import load_nlp

    if parent is not None:
        import threading

        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True,
                         name="exit-with-parent").start()
    load_nlp()


def _exit_with_parent(parent: int, every: float = 0.5) -> None:
    """Poll the parent process id; exit this process at once when the parent has died."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


class ArticleTimeout(Exception):
    """An article used up its --timeout-per-article budget."""


@contextmanager
def time_limit(seconds: float | None):
    """Raise ArticleTimeout in this thread after ``seconds`` (a no-op without a limit, or where
    SIGALRM cannot be used: not the main thread, or not POSIX).

    The alarm repeats every ``min(seconds, 0.1)`` s until the block is left: Python ignores an
    exception raised while it runs a garbage-collector callback or a ``__del__``, so a single
    alarm that lands there would be lost and the article would run on without a limit.
    """
    import signal
    import threading

    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise ArticleTimeout(f"took longer than {seconds:g}s (--timeout-per-article)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, min(seconds, 0.1))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def ok_record(result) -> dict:
    """The stored part of a successful analysis: status, article summary, tables, JSON document."""
    article = result.article
    tables = {n: encode_table(df) for n, df in result.tables().items()}
    summary = {"headline": article.title, "characters": len(article.text),
               "paragraphs": len(article.paragraphs), "sentences": len(article.sentences),
               "removed_blocks": len(article.removed), "actors": len(result.actors)}
    return {"status": "ok", "summary": summary, "tables": tables, "analysis": result.to_dict()}


def analyse_task(task: dict) -> dict:
    """Analyse one article (task from the batch loop); never raises, returns a result record.

    A record has ``status`` "ok" (with the analysis document and its tables) or "error"
    (``kind`` "input" for bad input, "timeout" when ``task["timeout"]`` seconds ran out,
    "internal" for an unexpected failure, and a one-line ``reason``).
    """
    settings: BatchSettings = task["settings"]
    name = task["name"]
    record = {"format": RECORD_FORMAT, "sha256": task["sha256"], "settings_key": task["settings_key"]}
    try:
        with time_limit(task.get("timeout")):
            _analyse_into(task, record, settings, name)
    except ArticleTimeout as exc:
        record.update(status="error", kind="timeout", reason=str(exc))
    except InputError as exc:
        reason = _one_line(exc)
        if reason.startswith(f"{name}: "):  # the path is its own column
            reason = reason[len(name) + 2:]
        record.update(status="error", kind="input", reason=reason)
    except Exception as exc:  # one bad article never stops the batch
        record.update(status="error", kind="internal", reason=_one_line(exc))
    return record


#: Record kinds that are not stored: a later run retries those articles.
RETRIED_KINDS = ("internal", "worker", "timeout")


def encoded_task(task: dict) -> tuple[dict, bytes | None]:
    """``analyse_task`` as the batch loop runs it: a record to be stored comes back as the bytes
    of its store file (``Store.encode_split``, done in the worker: only bytes cross back) beside
    its sha256, status, kind and ``head``, the length of the store bytes before the analysis
    document (the batch process decodes only that part, the tables it assembles); a record
    that is not stored comes back whole, with None."""
    record = analyse_task(task)
    if record.get("kind") in RETRIED_KINDS:
        return record, None
    data, head = Store.encode_split(record)
    return {**{k: record[k] for k in ("sha256", "status", "kind") if k in record}, "head": head}, data


def record_head(data: bytes, head: int | None) -> dict:
    """The record in store bytes without its analysis document (``head`` from
    ``Store.encode_split``; None: the whole record)."""
    return json.loads(data if head is None else data[:head] + b"}")


def _analyse_into(task: dict, record: dict, settings: "BatchSettings", name: str) -> None:
    """Decode, parse and analyse the task's article; fill ``record`` with the result."""
    from .nlp import load_nlp
    from .pipeline import analyze_article

    if task.get("data") is not None:
        text = decode_bytes(task["data"], name=name, encoding=settings.encoding,
                            max_chars=settings.max_chars)
    else:
        text = normalise_text(task["text"], name=name, max_chars=settings.max_chars)
    article = parse_article(text, source_path=task.get("path"), sha256=task["sha256"], name=name)
    result = analyze_article(article, nlp=load_nlp(), aliases=list(settings.aliases) or None,
                             min_confidence=settings.min_confidence)
    record.update(ok_record(result))


# --------------------------------------------------------------------------- store

class Store:
    """OUT/articles/<sha256>.json: one finished result per article content."""

    def __init__(self, out: Path):
        self.dir = out / STORE_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        for stale in self.dir.glob(".*.tmp"):  # left by a run killed mid-write
            stale.unlink(missing_ok=True)

    def path(self, sha: str) -> Path:
        return self.dir / f"{sha}.json"

    def load(self, sha: str, key: str) -> dict | None:
        """The stored record for this content and settings, or None (missing, stale, corrupt)."""
        try:
            record = json.loads(self.path(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if record.get("format") != RECORD_FORMAT or record.get("settings_key") != key:
            return None
        return record

    @staticmethod
    def encode(record: dict) -> bytes:
        """The bytes of a record's store file."""
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @staticmethod
    def encode_split(record: dict) -> tuple[bytes, int | None]:
        """``encode(record)`` and the length of its part before the analysis document (None when
        the record has no analysis as its last key): the bytes are the record's fields up to
        the analysis, then ``,"analysis":`` and the analysis encoded alone (the compact encoder
        writes an object as its keys and values joined, so this is ``encode(record)``)."""
        keys = list(record)
        if len(keys) < 2 or keys[-1] != "analysis":
            return Store.encode(record), None
        head = Store.encode({k: record[k] for k in keys[:-1]})
        return head[:-1] + b',"analysis":' + Store.encode(record["analysis"]) + b"}", len(head) - 1

    def save(self, record: dict) -> None:
        self.save_bytes(record["sha256"], self.encode(record))

    def save_bytes(self, sha: str, data: bytes) -> None:
        """Write an encoded record (``encode``) as the store file of content ``sha``."""
        path = self.path(sha)
        write_files(path.parent, {path.name: data})


# --------------------------------------------------------------------------- schedulers

class _Done:
    """A finished 'future' for the in-process runner."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class InProcessRunner:
    """One worker: this process (the model is loaded once, by load_nlp's cache)."""

    workers = 1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, task):
        return _Done(encoded_task(task))

    def wait(self, futures):
        return list(futures)


def start_method() -> str:
    """How the local worker processes start: "fork" on Linux when this process runs no other
    thread (the workers then inherit the spaCy model this process loaded once, as spaCy's own
    ``nlp.pipe(n_process=N)`` does), else "spawn" (each worker imports everything and loads
    the model itself). Fork is not used elsewhere (unsafe on macOS, absent on Windows) nor with
    other threads running (one may hold a lock the child would inherit held)."""
    import multiprocessing
    import threading

    if (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1):
        return "fork"
    return "spawn"


class ProcessRunner:
    """N local worker processes; each has the spaCy model loaded once (see ``start_method``)."""

    def __init__(self, workers: int, method: str | None = None):
        self.workers, self.method = workers, method
        self.frozen = False

    def __enter__(self):
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.method = self.method or start_method()
        if self.method == "fork":
            from .nlp import load_nlp

            try:
                load_nlp()   # once here; inherited by every worker
            except Exception:  # noqa: BLE001 -- the workers' initializer reports it as for spawn
                pass
            # The workers' collector then never scans the inherited objects (modules, model):
            # less collection work, and their pages stay shared. Undone here once they are forked.
            self.frozen = gc.get_freeze_count() == 0
            if self.frozen:
                gc.freeze()
        self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=init_worker,
                                        initargs=(os.getpid(),),
                                        mp_context=multiprocessing.get_context(self.method))
        return self

    def _unfreeze(self) -> None:
        import gc

        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def __exit__(self, *exc):
        self._unfreeze()
        self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)
        return False

    def submit(self, task):
        future = self.pool.submit(encoded_task, task)
        self._unfreeze()   # a fork pool starts all its workers at the first submit
        return future

    def wait(self, futures):
        from concurrent.futures import FIRST_COMPLETED, wait

        return list(wait(futures, return_when=FIRST_COMPLETED).done)


def _spacy_plugin():
    from distributed import WorkerPlugin

    class SpacyModelPlugin(WorkerPlugin):
        """Loads the spaCy model once when a Dask worker starts (cached in its process)."""

        name = "media-analysis-spacy"

        def setup(self, worker):
            init_worker()

    return SpacyModelPlugin()


class DaskRunner:
    """Dask: a LocalCluster on loopback (``address=None``) or an existing scheduler address.

    Workers of an existing cluster need this package and the spaCy model installed.
    """

    def __init__(self, workers: int = 1, address: str | None = None, processes: bool = True):
        self.workers, self.address, self.processes = workers, address, processes

    def __enter__(self):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError("the Dask scheduler needs dask[distributed]: pip install "
                             "'media-analysis[dask]'") from None
        import logging

        self.cluster = None
        if self.address is None:
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                        processes=self.processes, protocol="tcp", host="127.0.0.1",
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(self.address, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise InputError(f"cannot reach Dask scheduler {self.address} ({exc})") from None
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self.client.register_plugin(_spacy_plugin())
        return self

    def __exit__(self, *exc):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        return False

    def submit(self, task):
        return self.client.submit(encoded_task, task, pure=False)

    def wait(self, futures):
        from distributed import wait

        return list(wait(futures, return_when="FIRST_COMPLETED").done)


def make_runner(scheduler: str = "local", workers: int = 1, dask_processes: bool = True):
    """The runner for ``--scheduler local|dask|tcp://HOST:PORT`` and ``--workers N``."""
    if workers < 1:
        raise InputError(f"--workers must be at least 1 (got {workers})")
    if scheduler == "local":
        return InProcessRunner() if workers == 1 else ProcessRunner(workers)
    if scheduler == "dask":
        return DaskRunner(workers, None, processes=dask_processes)
    if scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        return DaskRunner(workers, scheduler)
    raise InputError(f"unknown scheduler {scheduler!r}: use local, dask or tcp://HOST:PORT")


# --------------------------------------------------------------------------- the batch

@dataclass
class BatchReport:
    """What a batch did. ``new``: articles processed by this run (ok or not); ``reused``: found
    done in OUT/articles; ``analysed``/``failed``: rows of the articles/errors tables."""

    out: Path
    total: int
    analysed: int
    new: int
    reused: int
    failed: int
    ignored: int
    tables: list[str]
    seconds: float

    def summary(self) -> str:
        """One line: counts, then where the tables are."""
        ignored = f", {self.ignored} non-.txt files ignored" if self.ignored else ""
        return (f"{self.out}: {self.total} articles: {self.new} processed now, {self.reused} already "
                f"done; {self.analysed} analysed, {self.failed} failed{ignored}; "
                f"{len(self.tables)} tables (.parquet + .csv){', see errors.csv' if self.failed else ''}; "
                f"{self.seconds:.1f}s")


def _progress(total: int, quiet: bool):
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0  # no monitor thread: worker processes may be forked (start_method)

    return Bar(total=total, file=sys.stderr, unit="article", dynamic_ncols=True,
               disable=quiet or not sys.stderr.isatty())


def _task_for(item: CorpusItem, settings: BatchSettings, key: str,
              timeout: float | None = None) -> tuple[dict | None, str | None]:
    """(task, error reason) for an item: read its bytes and hash them."""
    if item.error:
        return None, item.error
    if item.path is not None:
        p = Path(item.path)
        try:
            size = p.stat().st_size
            if size > 4 * settings.max_chars:  # cannot fit in max_chars: do not even read it
                return None, (f"{size:,} bytes is above the limit of {settings.max_chars:,} characters "
                              f"(split the file, or raise --max-chars)")
            data = p.read_bytes()
        except OSError as exc:
            return None, f"{p}: cannot read ({exc.strerror or exc})"
        return {"name": str(p), "path": str(p), "data": data, "text": None, "timeout": timeout,
                "sha256": hashlib.sha256(data).hexdigest(), "settings": settings, "settings_key": key}, None
    return {"name": item.source, "path": None, "data": None, "text": item.text, "timeout": timeout,
            "sha256": hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).hexdigest(),
            "settings": settings, "settings_key": key}, None


def _size(item: CorpusItem) -> int:
    """Bytes of a file item (0 when it cannot be read), characters of an inline text."""
    if item.path is not None:
        try:
            return os.stat(item.path).st_size
        except OSError:
            return 0
    return len(item.text) if isinstance(item.text, str) else 0


def longest_first(items: list[CorpusItem]) -> list[CorpusItem]:
    """The items in the order their tasks are submitted: longest first (ties in input order),
    so the last articles to finish are short ones and no worker idles long at the end while
    another works through a long article. Tables are assembled in article-id order, so the
    order of work does not change them."""
    return sorted(items, key=lambda item: -_size(item))


def _drive(runner, tasks: Iterator[dict], store: Store, key: str, runtime_errors: dict[str, dict],
           bar, on_result: Callable[[dict], None] | None, stored: dict[str, dict]) -> int:
    """Keep a bounded window of tasks in flight; store each result as soon as it arrives, and
    keep its record without the analysis document in ``stored`` (by sha256) for the tables.

    Returns how many articles were analysed."""
    done = 0
    window = max(2, 2 * runner.workers)
    inflight: dict[Any, dict] = {}
    exhausted = False
    while True:
        while not exhausted and len(inflight) < window:
            task = next(tasks, None)
            if task is None:
                exhausted = True
                break
            inflight[runner.submit(task)] = task
        if not inflight:
            return done
        for fut in runner.wait(list(inflight)):
            task = inflight.pop(fut)
            try:
                record, data = fut.result()
            except Exception as exc:  # a worker died (crash, out of memory)
                record, data = {"format": RECORD_FORMAT, "sha256": task["sha256"], "settings_key": key,
                                "status": "error", "kind": "worker",
                                "reason": f"worker failed: {_one_line(exc)}"}, None
            if data is None:
                runtime_errors[task["sha256"]] = record   # not stored: retried by the next run
            else:
                store.save_bytes(task["sha256"], data)
                stored[task["sha256"]] = record_head(data, record.get("head"))
            done += 1
            bar.update(1)
            if on_result is not None:
                on_result(record if data is None else json.loads(data))


def run_batch(input: str | Path, out: str | Path, *, workers: int = 1, scheduler: str = "local",
              limit: int | None = None, settings: BatchSettings | None = None, quiet: bool = False,
              dask_processes: bool = True, on_result: Callable[[dict], None] | None = None,
              timeout: float | None = None, validation: str | Path | dict | None = None) -> BatchReport:
    """Analyse every article of INPUT into OUT (resumable); return what was done.

    Raises InputError for an unusable input or output folder, or one that another batch is
    writing to (OUT/.batch.lock). Bad articles are recorded in the errors table, so is an
    article that takes longer than ``timeout`` seconds (then the batch goes on). ``on_result``
    is called after each newly stored record (tests, hooks). ``validation``: the user's
    figures from a ``validate score`` folder (analysis.trust), recorded once for the corpus in
    batch.json and the user_validation table (stored per-article results stay reusable).
    """
    settings = settings or BatchSettings()
    if isinstance(validation, (str, Path)):
        from .trust import read_validation

        validation = read_validation(validation)
    corpus = read_corpus(input, limit=limit)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    with output_lock(out):
        return _run_locked(corpus, out, workers, scheduler, settings, quiet, dask_processes, on_result, timeout,
                           validation)


#: Lock file inside a batch output folder; held (flock) while a batch writes there.
LOCK_FILE = ".batch.lock"


@contextmanager
def output_lock(out: Path):
    """Hold an exclusive lock on the output folder for the whole batch: a second batch on the
    same folder fails at once instead of overwriting tables or deleting temporary files in use.
    The lock goes with the process (also when it is killed)."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    fh = open(out / LOCK_FILE, "a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(f"{out}: another batch is writing to this folder ({LOCK_FILE} is locked); "
                             f"wait for it to finish or use another --out") from None
        yield
    finally:
        fh.close()


def _run_locked(corpus: Corpus, out: Path, workers: int, scheduler: str, settings: BatchSettings, quiet: bool,
                dask_processes: bool, on_result, timeout: float | None, validation: dict | None = None
                ) -> BatchReport:
    """run_batch once the output folder is locked."""
    start = time.perf_counter()
    store = Store(out)
    key = settings.key()

    shas: dict[str, str] = {}                 # article id -> content hash
    read_errors: dict[str, str] = {}          # article id -> reason (never reached a worker)
    runtime_errors: dict[str, dict] = {}      # sha -> record of an uncached (internal) failure
    stored: dict[str, dict] = {}              # sha -> record stored by this run, without analysis
    reused = new = 0
    bar = _progress(len(corpus.items), quiet)

    def pending_tasks() -> Iterator[dict]:
        nonlocal reused
        queued: set[str] = set()
        for item in longest_first(corpus.items):
            task, reason = _task_for(item, settings, key, timeout)
            if task is None:
                read_errors[item.id] = reason
                bar.update(1)
                continue
            sha = task["sha256"]
            shas[item.id] = sha
            if sha in queued or store.load(sha, key) is not None:
                reused += sha not in queued
                bar.update(1)
                continue
            queued.add(sha)
            yield task

    runner = make_runner(scheduler, workers, dask_processes)
    tasks = pending_tasks()
    first = next(tasks, None)           # nothing left to do: no workers are started
    try:
        if first is not None:
            with runner:
                new = _drive(runner, itertools.chain([first], tasks), store, key, runtime_errors,
                             bar, on_result, stored)
    finally:
        bar.close()

    tables, errors = assemble(corpus, store, key, shas, read_errors, runtime_errors, stored)
    if validation is not None:
        tables["user_validation"] = pd.DataFrame(validation["unit_types"])
    written = write_tables(out, tables, errors)
    analysed = len(tables["articles"])
    failed = len(errors)
    report = BatchReport(out, len(corpus.items), analysed, new, reused, failed, corpus.ignored,
                         sorted(written), time.perf_counter() - start)
    manifest = {"generator": {"package": "media-analysis", "version": __version__},
                "input": str(corpus.input), "input_kind": corpus.kind, "settings": asdict(settings),
                "settings_key": key, "scheduler": scheduler, "workers": runner.workers,
                **{k: v for k, v in asdict(report).items() if k not in ("out", "tables")},
                "tables": sorted(written), **({"user_validation": validation} if validation is not None else {})}
    write_files(out, {"batch.json": (json.dumps(manifest, indent=2, default=str) + "\n").encode()})
    return report


# --------------------------------------------------------------------------- assembling tables

def _rename_meta(meta_cols: list[str], columns: list[str]) -> list[str]:
    """Prepended metadata column names, prefixed with article_ when a table already has one."""
    return [c if c not in columns else f"article_{c}" for c in meta_cols]


def _build(columns: list[str], dtypes: list[str], rows: list[list]) -> pd.DataFrame:
    """A DataFrame from rows; numeric and boolean columns get back their recorded dtype."""
    df = pd.DataFrame(rows, columns=columns)
    for col, dtype in zip(columns, dtypes):
        if not dtype.startswith(("int", "uint", "float", "bool", "Int", "Float", "boolean")):
            continue  # strings and objects: leave as inferred (None stays missing)
        try:
            df[col] = df[col].astype(dtype)
        except (TypeError, ValueError):
            pass
    return df


def assemble(corpus: Corpus, store: Store, key: str, shas: dict[str, str],
             read_errors: dict[str, str], runtime_errors: dict[str, dict],
             stored: dict[str, dict] | None = None) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Corpus tables (sorted by article id) from the stored per-article results (``stored``:
    records this run stored, already decoded; the others are read from the store)."""
    stored = stored or {}
    meta_cols = list(corpus.meta_columns)
    lead = ["article_id", *meta_cols]
    articles_rows: list[list] = []
    error_rows: list[list] = []
    parts: dict[str, dict] = {}          # table name -> {"columns", "dtypes", "rows"}
    for item in sorted(corpus.items, key=lambda i: i.id):
        prefix = [item.id, *(item.meta.get(c) for c in meta_cols)]
        if item.id in read_errors:
            error_rows.append([item.id, item.source, None, "input", read_errors[item.id]])
            continue
        sha = shas.get(item.id)
        if sha is None:  # not reached (cannot happen unless the run was interrupted)
            continue
        record = runtime_errors.get(sha) or stored.get(sha) or store.load(sha, key)
        if record is None:
            error_rows.append([item.id, item.source, sha, "internal", "no result stored"])
            continue
        if record["status"] != "ok":
            error_rows.append([item.id, item.source, sha, record.get("kind", "input"), record["reason"]])
            continue
        s = record["summary"]
        articles_rows.append(prefix + [item.source, sha, *(s.get(c) for c in ARTICLE_COLUMNS[2:])])
        for name, table in record["tables"].items():
            part = parts.setdefault(name, {"columns": table["columns"], "dtypes": table["dtypes"],
                                           "rows": []})
            if table["columns"] != part["columns"]:  # align by name if a stage's columns differ
                idx = {c: i for i, c in enumerate(table["columns"])}
                for c in table["columns"]:
                    if c not in part["columns"]:
                        part["columns"].append(c)
                        part["dtypes"].append(table["dtypes"][idx[c]])
                        for r in part["rows"]:
                            r.append(None)
                rows = [[r[idx[c]] if c in idx else None for c in part["columns"]] for r in table["rows"]]
            else:
                rows = table["rows"]
            if rows and part["dtypes"] != table["dtypes"]:
                part["dtypes"] = [d if d == t else "object" for d, t in zip(part["dtypes"], table["dtypes"])] \
                    if len(part["dtypes"]) == len(table["dtypes"]) else part["dtypes"]
            part["rows"].extend(prefix + r for r in rows)

    tables = {"articles": _build(lead + ARTICLE_COLUMNS,
                                 ["str"] * len(lead) + ["str", "str", "str"] + ["int64"] * 5,
                                 articles_rows)}
    for name in sorted(parts):
        if name in ("articles", "errors"):
            continue
        part = parts[name]
        cols = ["article_id", *_rename_meta(meta_cols, part["columns"]), *part["columns"]]
        tables[name] = _build(cols, ["str"] * len(lead) + part["dtypes"], part["rows"])
    errors = _build(ERROR_COLUMNS, ["str"] * 5, error_rows)
    return tables, errors


def _arrow_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding mixed types become strings so Parquet can store them."""
    import pyarrow as pa

    df = df.copy()
    for col in df.columns:
        if df[col].dtype == object:
            try:
                pa.array(df[col], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                df[col] = df[col].map(lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
                                      if isinstance(v, (list, dict)) else str(v))
    return df


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    _arrow_safe(df).to_parquet(buf, index=False, engine="pyarrow", compression="zstd")
    return buf.getvalue()


def write_tables(out: Path, tables: dict[str, pd.DataFrame], errors: pd.DataFrame) -> list[str]:
    """Write every table as <name>.parquet and <name>.csv (all land together or none)."""
    files: dict[str, bytes] = {}
    for name, df in {**tables, "errors": errors}.items():
        files[f"{name}.csv"] = csv_bytes(df)
        files[f"{name}.parquet"] = parquet_bytes(df)
    write_files(out, files)
    return list(tables) + ["errors"]


def load_tables(out: str | Path) -> dict[str, pd.DataFrame]:
    """Read the corpus tables of a batch output folder (Parquet) by name."""
    out = Path(out)
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


def model_loads() -> int:
    """How many times this process loaded a spaCy model (run on Dask workers to check: 1)."""
    from .nlp import load_nlp

    return load_nlp.cache_info().misses
