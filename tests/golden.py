"""Recorded output digests: the JSON and CSV bytes of the seed and of every PolNeAR dev text.

The stage redesign must not change any output; ``tests/test_golden.py`` recomputes the digests
and compares them with ``tests/data/golden_outputs.json``. After a deliberate output change
(the schema version says so), re-record with::

    .venv/bin/python tests/golden.py --polnear ../shared/eval/polnear --write
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "000_72c6fca640860fce.txt"
RECORD = ROOT / "tests" / "data" / "golden_outputs.json"


def digests(result) -> dict[str, str]:
    """sha256 of every output file (analysis.json and the CSV tables) of one analysis."""
    from analysis.output import analysis_files

    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(analysis_files(result).items())}


def seed_digests(nlp) -> dict[str, str]:
    """The seed, analysed as the README's command does (path relative to the repository)."""
    from analysis.article import load_article
    from analysis.pipeline import analyze_article

    article = load_article(SEED)
    article = dataclasses.replace(article, source_path=str(SEED.relative_to(ROOT)))
    return digests(analyze_article(article, nlp=nlp))


def polnear_digests(polnear: Path, nlp, names: list[str] | None = None) -> dict[str, dict[str, str]]:
    """Every PolNeAR dev text (or the named ones), analysed from its text."""
    from analysis.article import article_from_text
    from analysis.errors import InputError
    from analysis.pipeline import analyze_article

    out = {}
    for path in sorted((polnear / "dev" / "text").glob("*.txt")):
        if names is not None and path.stem not in names:
            continue
        try:
            article = article_from_text(path.read_text(encoding="utf-8"), name=path.stem)
        except InputError:
            continue
        out[path.stem] = digests(analyze_article(article, nlp=nlp))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--polnear", required=True, type=Path)
    p.add_argument("--write", action="store_true", help="overwrite tests/data/golden_outputs.json")
    args = p.parse_args(argv)
    from analysis.nlp import load_nlp

    nlp = load_nlp()
    record = {"seed": seed_digests(nlp), "polnear_dev": polnear_digests(args.polnear, nlp)}
    text = json.dumps(record, indent=1, sort_keys=True) + "\n"
    if args.write:
        RECORD.write_text(text, encoding="utf-8")
        print(f"recorded {1 + len(record['polnear_dev'])} articles -> {RECORD}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
