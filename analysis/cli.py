"""Command line: python -m analysis COMMAND ... (see --help)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .article import MAX_CHARS
from .errors import InputError

DEFAULT_OUT = Path("data/processed")


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--aliases", action="append", metavar="FILE",
                   help="extra alias table (YAML, same format as analysis/data/aliases.yaml); repeatable")
    p.add_argument("--encoding", default="utf-8", help="text encoding of the input (default: utf-8)")
    p.add_argument("--max-chars", type=int, default=MAX_CHARS,
                   help=f"refuse articles longer than this many characters (default: {MAX_CHARS:,})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Analyse English news articles: who speaks (source attribution), sentiment "
                    "(narrator, quoted voices, toward actors) and framing, with evidence.")
    parser.add_argument("--debug", action="store_true", help="show a traceback on unexpected errors")
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
    _add_input_options(batch)
    from .validate.cli import add_parser as add_validate
    add_validate(sub)
    return parser


def _out_dir(path: Path, out: str | None, several: bool) -> Path:
    if out is None:
        return DEFAULT_OUT / path.stem
    return Path(out) / path.stem if several else Path(out)


def cmd_run(args) -> int:
    from .article import load_article
    from .nlp import load_nlp
    from .output import write_analysis
    from .pipeline import analyze_article

    for raw in args.paths:
        path = Path(raw)
        article = load_article(path, encoding=args.encoding, max_chars=args.max_chars)
        result = analyze_article(article, nlp=load_nlp(), aliases=args.aliases)
        out = _out_dir(path, args.out, len(args.paths) > 1)
        written = write_analysis(result, out)
        n_att = len(result.attributions.attributions) if result.attributions is not None else 0
        print(f"{path}: {len(result.article.sentences)} sentences, {len(result.actors)} actors, "
              f"{n_att} attributions -> {out}/ ({len(written)} files)")
        if args.report:
            from .report import write_report

            print(f"{path}: report -> {write_report(result, out)}")
        if not args.no_figures:
            from .plots import export_all

            figures = Path(args.figures) / path.stem
            charts = export_all(result, figures)
            print(f"{path}: {len(charts) // 3} charts -> {figures}/")
    return 0


def cmd_report(args) -> int:
    from .article import load_article
    from .nlp import load_nlp
    from .pipeline import analyze_article
    from .report import write_report

    path = Path(args.path)
    article = load_article(path, encoding=args.encoding, max_chars=args.max_chars)
    result = analyze_article(article, nlp=load_nlp(), aliases=args.aliases)
    written = write_report(result, _out_dir(path, args.out, False))
    print(f"{path}: report -> {written}")
    return 0


def cmd_batch(args) -> int:
    from .corpus import BatchSettings, run_batch

    settings = BatchSettings(encoding=args.encoding, max_chars=args.max_chars,
                             aliases=tuple(args.aliases or ()))
    report = run_batch(args.input, args.out, workers=args.workers, scheduler=args.scheduler,
                       limit=args.limit, settings=settings, quiet=args.quiet)
    print(report.summary())
    return 0


def cmd_validate(args) -> int:
    from .validate.cli import run

    return run(args)


COMMANDS = {"run": cmd_run, "report": cmd_report, "batch": cmd_batch, "validate": cmd_validate}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # last resort: one line, not a traceback
        if args.debug or os.environ.get("ANALYSIS_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)",
              file=sys.stderr)
        return 1
