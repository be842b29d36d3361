"""python -m analysis.bench cli [--article FILE] [--repeat 5]

Cold-start time of the command line on one article, each run a fresh Python process: loading
spaCy and parsing the text alone (the floor), ``python -m analysis run --no-figures`` and
``python -m analysis run`` with its charts. Prints the median of the runs of each and the two
ratios to the floor. Outputs go to a temporary folder that is deleted afterwards.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import InputError

BUNDLED = Path("data/raw/000_72c6fca640860fce.txt")

#: The floor: a fresh interpreter that imports spaCy, loads the model and parses the text.
_SPACY_ONLY = ("import sys; from pathlib import Path; from analysis.nlp import load_nlp; "
               "load_nlp()(Path(sys.argv[1]).read_text(encoding='utf-8'))")


def add_arguments(parser) -> None:
    parser.add_argument("--article", default=str(BUNDLED), metavar="FILE",
                        help=f"the article (default: the bundled {BUNDLED})")
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="runs of each (default 5)")


def _seconds(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.strip().splitlines()[-1:]}")
    return secs


def run(args) -> int:
    article = Path(args.article)
    if not article.is_file():
        raise InputError(f"{article}: no such file")
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        commands = {
            "spaCy load + parse": [py, "-c", _SPACY_ONLY, str(article)],
            "run --no-figures": [py, "-m", "analysis", "run", str(article), "--out", f"{tmp}/a",
                                 "--no-figures"],
            "run (with charts)": [py, "-m", "analysis", "run", str(article), "--out", f"{tmp}/b",
                                  "--figures", f"{tmp}/fig"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(max(1, args.repeat)):       # interleaved, so load drifts hit all alike
            for name, cmd in commands.items():
                times[name].append(_seconds(cmd))
    med = {name: statistics.median(ts) for name, ts in times.items()}
    floor = med["spaCy load + parse"]
    print(f"CLI cold start on {article}, median of {args.repeat} fresh processes each")
    print(f"| {'command':<20} | {'median s':>8} | {'x floor':>7} |")
    print(f"|{'-' * 22}|{'-' * 10}|{'-' * 9}|")
    for name, secs in med.items():
        print(f"| {name:<20} | {secs:8.2f} | {secs / floor:7.2f} |")
    return 0
