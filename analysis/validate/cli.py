"""``python -m analysis validate sample|score``: the subcommand's options and what it runs.
analysis/cli.py registers it with ``add_parser(sub)`` and dispatches to ``run(args)``."""
from __future__ import annotations

import argparse
import sys

from .codebook import UNIT_TYPES


def _units(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    wrong = [v for v in names if v not in UNIT_TYPES]
    if wrong or not names:
        raise argparse.ArgumentTypeError(f"unknown unit type {(wrong or [value])[0]!r} "
                                         f"(choose from {','.join(UNIT_TYPES)})")
    return names


def add_parser(sub) -> argparse.ArgumentParser:
    """Register ``validate`` with its two actions on the main parser's subparsers."""
    p = sub.add_parser("validate", help="validation against human coders: coding sheets out, agreement in",
                       description="Draw a stratified sample of the tool's units and write blind coding "
                                   "sheets and a codebook (sample), then score the filled sheets: "
                                   "Krippendorff's alpha between coders, the tool vs the coders (score).")
    acts = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    s = acts.add_parser("sample", help="write coding sheets (XLSX + CSV), key.csv and the codebook")
    s.add_argument("input", metavar="INPUT", help="an article .txt, a folder or corpus file (analysed "
                   "first), or a batch output folder (read as is)")
    s.add_argument("--out", metavar="DIR", required=True, help="folder for the sheets, key and codebook")
    s.add_argument("--units", type=_units, default=list(UNIT_TYPES), metavar="TYPES",
                   help=f"comma-separated unit types (default: {','.join(UNIT_TYPES)})")
    s.add_argument("--n", type=int, default=200, help="units per unit type (default 200; all if fewer)")
    s.add_argument("--seed", type=int, default=0, help="random seed of the sample (default 0)")
    s.add_argument("--coders", type=int, default=2, help="number of coder sheets (default 2)")
    s.add_argument("--show-tool-answers", action="store_true",
                   help="put the tool's answer in a locked column (not blind: for training coders only)")
    c = acts.add_parser("score", help="check filled sheets; write reliability, tool agreement and the report")
    c.add_argument("sheets", nargs="+", metavar="SHEET", help="filled sheets (.xlsx or .csv), one per coder; "
                   "the file name names the coder")
    c.add_argument("--out", metavar="DIR", required=True, help="folder for the CSVs, charts and report")
    c.add_argument("--key", metavar="FILE", help="the sample's key.csv (default: beside the first sheet)")
    c.add_argument("--reps", type=int, default=1000, help="bootstrap resamples (default 1000)")
    return p


def run(args) -> int:
    """Run ``validate sample`` or ``validate score``; InputError propagates to the CLI (exit 2)."""
    if args.action == "sample":
        from .sample import draw_sample

        written = draw_sample(args.input, args.out, units=args.units, n=args.n, seed=args.seed,
                              coders=args.coders, show_tool_answers=args.show_tool_answers)
        print(f"{args.input}: sample of {args.coders} coder sheet(s) -> {args.out}/ ({len(written)} files)")
        return 0
    from .report import write_report
    from .score import score_sheets

    tables = score_sheets(args.sheets, args.key, reps=args.reps)
    written = write_report(tables, args.out)
    print(f"{len(args.sheets)} sheet(s) scored -> {args.out}/ ({len(written)} files)")
    return 0


def main(argv=None) -> int:
    """``python -m analysis.validate``: the same subcommand through the main CLI."""
    from ..cli import main as cli_main

    return cli_main(["validate", *(sys.argv[1:] if argv is None else argv)])
