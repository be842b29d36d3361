"""Writing results: analysis.json and tidy CSVs, all-or-nothing (temporary file, then rename).

Files get the permissions the umask gives new files (0644 under the usual 022), like any file
a program creates, although they are first written as private temporary files.

CSV cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) are prefixed with a single quote, as OWASP recommends against
CSV injection (https://owasp.org/www-community/attacks/CSV_Injection). Only text cells change;
numbers, analysis.json and the Parquet tables keep the exact values.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import numpy as np
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
    cells that a spreadsheet would treat as formulas neutralised (see the module docstring).

    The same bytes as ``pandas_csv_bytes``, written column by column through Python's csv
    writer (the one pandas itself ends in): pandas' per-block formatting machinery cost twice
    the writing on an article's small tables. Columns of another dtype go through pandas."""
    names = df.columns.tolist()
    plain = len(set(names)) == len(names) and all(isinstance(c, str) for c in names)
    columns = [_csv_cells(_column_array(df, k)) for k in range(len(names))] if plain else [None]
    if any(c is None for c in columns):
        return pandas_csv_bytes(df)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(zip(*columns))
    return buf.getvalue().encode("utf-8")


def _column_array(df: pd.DataFrame, k: int):
    """The k-th column's values (numpy or extension array) without building a Series."""
    try:
        return df._mgr.iget_values(k)
    except AttributeError:  # pragma: no cover - a pandas without the block manager accessor
        return df.iloc[:, k].array


def _csv_cells(values) -> list | None:
    """One column's cells as pandas' ``to_csv(float_format="%.6g")`` hands them to the csv
    writer (missing cells empty, formula text neutralised); None for a dtype not handled here."""
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        cells = (values.__arrow_array__().to_pylist() if hasattr(values, "__arrow_array__")
                 else values.to_numpy(dtype=object, na_value=None).tolist())
        return ["" if v is None or v != v else neutralise_cell(v) for v in cells]
    if not isinstance(dtype, np.dtype) or values.ndim != 1:
        return None
    if dtype.kind == "f":
        return ["" if v != v else "%.6g" % v for v in values.tolist()]
    if dtype.kind in "iub":
        return values.tolist()
    if dtype.kind == "O":
        missing = pd.isna(values).tolist()
        return ["" if m else neutralise_cell(v) for v, m in zip(values.tolist(), missing)]
    return None


def pandas_csv_bytes(df: pd.DataFrame) -> bytes:
    """``csv_bytes`` by pandas' own ``to_csv`` (the reference the fast path equals)."""
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
