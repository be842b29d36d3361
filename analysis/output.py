"""Writing results: analysis.json and tidy CSVs, all-or-nothing (temporary file, then rename)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd


def csv_bytes(df: pd.DataFrame) -> bytes:
    """Deterministic CSV: no index, LF line ends, floats rounded to 6 significant digits."""
    return df.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


def write_files(out_dir: str | Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into out_dir; each lands whole (temp file + rename) or not at all."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            temps.append((name, Path(tmp)))
        written = []
        for name, tmp in temps:
            os.replace(tmp, out / name)
            written.append(out / name)
        return written
    finally:
        for _, tmp in temps:
            if tmp.exists():
                tmp.unlink()


def analysis_files(analysis) -> dict[str, bytes]:
    """The bytes of analysis.json and of one CSV per table of an ArticleAnalysis, by file name."""
    files = {"analysis.json": analysis.to_json().encode("utf-8")}
    for name, df in analysis.tables().items():
        files[f"{name}.csv"] = csv_bytes(df)
    return files


def write_analysis(analysis, out_dir: str | Path) -> list[Path]:
    """Write analysis.json plus one CSV per table of an ArticleAnalysis."""
    return write_files(out_dir, analysis_files(analysis))
