"""Writing results: analysis.json and tidy CSVs, all-or-nothing (temporary file, then rename).

Files get the permissions the umask gives new files (0644 under the usual 022), like any file
a program creates, although they are first written as private temporary files.

CSV cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) are prefixed with a single quote, as OWASP recommends against
CSV injection (https://owasp.org/www-community/attacks/CSV_Injection). Only text cells change;
numbers, analysis.json and the Parquet tables keep the exact values.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A text cell safe to open in a spreadsheet: a leading formula character gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _formula_cells(values: pd.Series) -> pd.Series:
    """True where a cell is text starting with a formula character (vectorised where pandas can)."""
    try:
        return values.str.startswith(FORMULA_START, na=False).astype(bool)
    except AttributeError:   # an object column holding no text at all
        return values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)


def _has_formula(values: pd.Series) -> bool:
    """Whether any cell is text starting with a formula character: one pass over the values in
    Python, cheaper than pandas' string methods on the small tables of one article."""
    return any(isinstance(v, str) and v.startswith(FORMULA_START) for v in python_values(values))


def python_values(values: pd.Series) -> list:
    """A column's cells as Python objects; Arrow-backed text (pandas' default string dtype) is
    read through the Arrow array's own ``to_pylist`` (missing cells as None, several times
    faster than ``Series.tolist``), other columns by ``tolist()``."""
    if isinstance(values.dtype, pd.StringDtype) and hasattr(values.array, "__arrow_array__"):
        return values.array.__arrow_array__().to_pylist()
    return values.tolist()


def csv_bytes(df: pd.DataFrame) -> bytes:
    """Deterministic CSV: no index, LF line ends, floats rounded to 6 significant digits, text
    cells that a spreadsheet would treat as formulas neutralised (see the module docstring)."""
    original = df
    for col, dtype in original.dtypes.items():
        if not (dtype == object or isinstance(dtype, pd.StringDtype)) or not _has_formula(original[col]):
            continue
        hit = _formula_cells(original[col])
        if df is original:
            df = original.copy()
        df[col] = df[col].mask(hit, df[col].map(neutralise_cell))
    return df.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


def _file_mode() -> int:
    """Permissions of a new file under the current umask (0o666 minus the umask bits)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_files(out_dir: str | Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into out_dir; each lands whole (temp file + rename) or not at all,
    with the permissions the umask gives new files."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    mode = _file_mode()
    temps: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            temps.append((name, Path(tmp)))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                os.fchmod(fh.fileno(), mode)
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
