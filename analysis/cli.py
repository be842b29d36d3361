"""Command line: python -m analysis COMMAND ... (see --help)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .article import MAX_CHARS
from .errors import InputError

#: Default --timeout-per-article in seconds (a 1 MB article takes about a minute).
DEFAULT_TIMEOUT = 300.0

DEFAULT_OUT = Path("data/processed")


#: Exit codes (README "Exit codes"): 0 done; 1 internal error (a bug: rerun with --debug);
#: 2 bad input, options or output paths (one line on stderr, nothing written); 3 batch --strict
#: with failed articles (see errors.csv); 130 interrupted.
EXIT_OK, EXIT_INTERNAL, EXIT_USAGE, EXIT_FAILED_ARTICLES, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
DEBUG_HELP = "show a traceback on unexpected errors (allowed before or after the command)"


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    p.add_argument("--aliases", action="append", metavar="FILE",
                   help="extra alias table (YAML, same format as analysis/data/aliases.yaml); repeatable")
    p.add_argument("--encoding", default="utf-8", help="text encoding of the input (default: utf-8)")
    p.add_argument("--max-chars", type=int, default=MAX_CHARS,
                   help=f"refuse articles longer than this many characters (default: {MAX_CHARS:,})")
    p.add_argument("--min-confidence", type=_confidence, default=0.0, metavar="X",
                   help="hide attributions whose learned confidence is below X (0-1; default 0: show all); "
                        "tables, report and summary then leave them out")
    p.add_argument("--reliability", metavar="DIR",
                   help="a 'validate score' output folder: report how well the tool did against your "
                        "coders (analysis.json key user_validation, the report's trust section) instead "
                        "of the shipped figures from public datasets")


def _confidence(value: str) -> float:
    """--min-confidence: a number from 0 to 1."""
    try:
        x = float(value)
    except ValueError:
        x = -1.0
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1 (got {value!r})")
    return x


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Analyse English news articles: who speaks (source attribution), sentiment "
                    "(narrator, quoted voices, toward actors) and framing, with evidence.")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="analyse article files; write analysis.json and CSV tables",
                         description="Analyse one or more article text files. For each, write "
                                     "analysis.json and tidy CSVs to OUT/<file stem>/.")
    run.add_argument("paths", nargs="+", metavar="PATH", help="UTF-8 text file(s) of one article each")
    run.add_argument("--out", metavar="DIR",
                     help="output folder (default: data/processed/<stem>/; with several PATHs, "
                          "DIR/<stem>/)")
    run.add_argument("--figures", metavar="DIR", default="figures",
                     help="where charts go: DIR/<stem>/<chart>.png/.svg/.csv (default: figures)")
    run.add_argument("--no-figures", action="store_true", help="skip the charts")
    run.add_argument("--report", action="store_true", help="also write the annotated report.html")
    _add_input_options(run)

    report = sub.add_parser("report", help="write the annotated article as one self-contained HTML file",
                            description="Analyse one article and write OUT/report.html: quoted content "
                                        "highlighted per speaker, cues, frame cues, sentence sentiment.")
    report.add_argument("path", metavar="PATH", help="UTF-8 text file of one article")
    report.add_argument("--out", metavar="DIR", help="output folder (default: data/processed/<stem>/)")
    _add_input_options(report)

    batch = sub.add_parser(
        "batch", help="corpus mode: analyse many articles; write corpus tables (Parquet + CSV)",
        description="Analyse every article of INPUT (a folder of .txt files, optionally with "
                    "metadata.csv; or a CSV/TSV/JSONL/Parquet file with id,text[,outlet,date,title]) "
                    "and write one table per kind (articles, sentences, actors, ... and errors) as "
                    "DIR/<table>.parquet and .csv. Results are stored per article in "
                    "DIR/articles/<sha256>.json: rerunning with the same DIR skips finished articles.")
    batch.add_argument("input", metavar="INPUT", help="folder of .txt files, or .csv/.tsv/.jsonl/.parquet")
    batch.add_argument("--out", metavar="DIR", required=True, help="output folder (resumable)")
    batch.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes (local) or Dask workers (--scheduler dask); default 1")
    batch.add_argument("--scheduler", default="local", metavar="local|dask|tcp://HOST:PORT",
                       help="local processes (default), a Dask LocalCluster on 127.0.0.1, or the "
                            "address of a running Dask scheduler")
    batch.add_argument("--limit", type=int, metavar="N", help="only the first N articles of INPUT")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    batch.add_argument("--timeout-per-article", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"give up on an article after this many seconds and record it in errors.csv "
                            f"(default {DEFAULT_TIMEOUT:g}; 0 = no limit)")
    batch.add_argument("--strict", action="store_true",
                       help=f"exit with code {EXIT_FAILED_ARTICLES} when any article failed (default: exit 0 and "
                            f"list failures in errors.csv)")
    _add_input_options(batch)
    from .validate.cli import add_parser as add_validate
    add_validate(sub)
    return parser


def _out_dir(path: Path, out: str | None, several: bool) -> Path:
    if out is None:
        return DEFAULT_OUT / path.stem
    return Path(out) / path.stem if several else Path(out)


def check_output_dir(path: Path, option: str) -> None:
    """InputError unless ``path`` is, or can be made as, a writable folder (checked before the
    model loads so that a bad --out or --figures costs nothing and leaves nothing behind)."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: exists and is not a folder ({option})")
    parent = path
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"{path}: cannot create it, {parent} is a file ({option})")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{path}: cannot write there, permission denied on {parent} ({option})")


def check_aliases(files: list[str] | None) -> None:
    """Schema-check the --aliases files (a one-line InputError names file, line and field)."""
    if files:
        from .actors import read_alias_file

        for f in files:
            read_alias_file(f)


def check_reliability(folder: str | None) -> dict | None:
    """The user's validation figures from --reliability DIR (read before the model loads)."""
    if folder is None:
        return None
    from .trust import read_validation

    return read_validation(folder)


def _run_targets(args) -> list[tuple[Path, Path, Path | None]]:
    """(input, output folder, figures folder or None) per PATH; refuses two inputs that would
    write to the same folder (x/art.txt and y/art.txt both map to OUT/art)."""
    several = len(args.paths) > 1
    targets, seen = [], {}
    for raw in args.paths:
        path = Path(raw)
        out = _out_dir(path, args.out, several)
        figures = None if args.no_figures else Path(args.figures) / path.stem
        for folder in (out, figures):
            if folder is None:
                continue
            key = os.path.abspath(folder)
            if key in seen and seen[key] != path:
                raise InputError(f"{seen[key]} and {path} would both write to {folder}/; rename one, "
                                 f"or run them one at a time with different --out")
            seen[key] = path
        targets.append((path, out, figures))
    return targets


def cmd_run(args) -> int:
    from .article import load_article

    targets = _run_targets(args)
    check_aliases(args.aliases)
    args.validation = check_reliability(args.reliability)
    for _, out, figures in targets:
        check_output_dir(out, "--out")
        if figures is not None:
            check_output_dir(figures, "--figures")
    with _chart_workers(any(figures is not None for _, _, figures in targets)) as charts:
        articles = [load_article(path, encoding=args.encoding, max_chars=args.max_chars) for path, _, _ in targets]
        for (path, out, figures), article in zip(targets, articles):
            _run_one(args, path, article, out, figures, charts)
    return EXIT_OK


def _chart_workers(wanted: bool):
    """Chart processes started now, before the model loads (analysis.chart_workers); a no-op
    context without charts, so ``--no-figures`` never imports matplotlib."""
    from contextlib import nullcontext

    if not wanted:
        return nullcontext()
    from .chart_workers import ChartWorkers

    return ChartWorkers()


def _run_one(args, path: Path, article, out: Path, figures: Path | None, charts) -> None:
    """Analyse one loaded article and write its tables, report and charts (rendered by the
    chart processes while the tables are written)."""
    from .nlp import load_nlp
    from .output import write_analysis
    from .pipeline import analyze_article

    result = analyze_article(article, nlp=load_nlp(), aliases=args.aliases, validation=args.validation,
                             min_confidence=args.min_confidence)
    if figures is not None:
        charts.submit(result)
    written = write_analysis(result, out)
    n_att = len(result.attributions.attributions) if result.attributions is not None else 0
    print(f"{path}: {len(result.article.sentences)} sentences, {len(result.actors)} actors, "
          f"{n_att} attributions -> {out}/ ({len(written)} files)")
    if args.report:
        from .report import write_report

        print(f"{path}: report -> {write_report(result, out)}")
    if figures is not None:
        saved = charts.save(figures)
        print(f"{path}: {len(saved) // 3} charts -> {figures}/")


def cmd_report(args) -> int:
    from .article import load_article
    from .nlp import load_nlp
    from .pipeline import analyze_article
    from .report import write_report

    path = Path(args.path)
    out = _out_dir(path, args.out, False)
    check_aliases(args.aliases)
    validation = check_reliability(args.reliability)
    check_output_dir(out, "--out")
    article = load_article(path, encoding=args.encoding, max_chars=args.max_chars)
    result = analyze_article(article, nlp=load_nlp(), aliases=args.aliases, validation=validation,
                             min_confidence=args.min_confidence)
    written = write_report(result, out)
    print(f"{path}: report -> {written}")
    return EXIT_OK


def cmd_batch(args) -> int:
    from .corpus import BatchSettings, run_batch

    if args.timeout_per_article < 0:
        raise InputError(f"--timeout-per-article must be 0 (no limit) or more seconds (got {args.timeout_per_article:g})")
    check_aliases(args.aliases)
    validation = check_reliability(args.reliability)
    check_output_dir(Path(args.out), "--out")
    settings = BatchSettings(encoding=args.encoding, max_chars=args.max_chars,
                             aliases=tuple(args.aliases or ()), min_confidence=args.min_confidence)
    report = run_batch(args.input, args.out, workers=args.workers, scheduler=args.scheduler,
                       limit=args.limit, settings=settings, quiet=args.quiet,
                       timeout=args.timeout_per_article or None, validation=validation)
    print(report.summary())
    return EXIT_FAILED_ARTICLES if args.strict and report.failed else EXIT_OK


def cmd_validate(args) -> int:
    from .validate.cli import run

    return run(args)


COMMANDS = {"run": cmd_run, "report": cmd_report, "batch": cmd_batch, "validate": cmd_validate}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # the disk, not the program: full, read-only, permissions changed
        if args.debug or os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"error: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # last resort: one line, not a traceback
        if args.debug or os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)",
              file=sys.stderr)
        return EXIT_INTERNAL
