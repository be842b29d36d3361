"""Coding sheets: one per coder as XLSX (a worksheet per unit type: frozen header, wrapped
context, drop-downs holding the codebook's categories, every column but code and note locked)
and as CSV; blind unless asked (the tool's answers live in key.csv). Reading filled sheets back
checks them strictly: any problem is one InputError naming the file, sheet, row and column."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..output import csv_bytes
from .codebook import general_instructions, unit_types
from .units import UNIT_COLUMNS

KEY_FILE = "key.csv"
CODE, NOTE, TOOL = "code", "note", "tool_answer"
INSTRUCTIONS = "instructions"
WIDTHS = {"unit_id": 28, "context": 90, "span": 40, "question": 50, CODE: 16, NOTE: 30, TOOL: 16}
#: Fixed timestamp and zip date so the same sample gives byte-identical workbooks.
FIXED_STAMP = "2000-01-01T00:00:00Z"
ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def sheet_columns(show_tool_answers: bool) -> list[str]:
    return [*UNIT_COLUMNS, *([TOOL] if show_tool_answers else []), CODE, NOTE]


def _stable_zip(data: bytes) -> bytes:
    """The workbook re-zipped with fixed dates and document timestamps (openpyxl stamps 'now')."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_STAMP.encode(), blob)
            dst.writestr(zipfile.ZipInfo(info.filename, ZIP_DATE), blob, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _add_sheet(wb, name: str, rows: pd.DataFrame, columns: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(name)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values in rows[columns].itertuples(index=False):
        ws.append(list(values))
    ws.freeze_panes = "A2"
    wrap, editable = Alignment(wrap_text=True, vertical="top"), Protection(locked=False)
    last = ws.max_row
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS.get(col, 12)
        for (cell,) in ws.iter_rows(min_row=2, max_row=last, min_col=i, max_col=i):
            cell.alignment = wrap if col in ("context", "question", "span", NOTE) else Alignment(vertical="top")
            if col in (CODE, NOTE):
                cell.protection = editable
    code_letter = get_column_letter(columns.index(CODE) + 1)
    cats = unit_types()[name].categories
    dv = DataValidation(type="list", formula1='"' + ",".join(cats) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Not a category",
                        error=f"Choose one of: {', '.join(cats)}")
    dv.add(f"{code_letter}2:{code_letter}{max(last, 2)}")
    ws.add_data_validation(dv)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False


def xlsx_bytes(sample: pd.DataFrame, coder: str, show_tool_answers: bool = False) -> bytes:
    """The coder's workbook: an instructions sheet, then one worksheet per unit type."""
    from openpyxl import Workbook

    wb = Workbook()
    info = wb.active
    info.title = INSTRUCTIONS
    for line in [f"Coding sheet of {coder}", general_instructions(),
                 "Each worksheet holds one unit type; fill the 'code' column (drop-down) of every row.",
                 "See codebook.html for each category's definition, indicator questions and examples."]:
        info.append([line])
    info.column_dimensions["A"].width = 120
    columns = sheet_columns(show_tool_answers)
    for name in unit_types():
        rows = sample[sample["unit_type"] == name].assign(**{CODE: "", NOTE: ""})
        if not rows.empty:
            _add_sheet(wb, name, rows, columns)
    buf = io.BytesIO()
    wb.properties.creator = "media-analysis validate"
    wb.save(buf)
    return _stable_zip(buf.getvalue())


def coder_files(sample: pd.DataFrame, coder: str, show_tool_answers: bool = False) -> dict[str, bytes]:
    """``<coder>.xlsx`` and ``<coder>.csv`` (all unit types in one CSV)."""
    csv = sample.assign(**{CODE: "", NOTE: ""})[sheet_columns(show_tool_answers)]
    return {f"{coder}.xlsx": xlsx_bytes(sample, coder, show_tool_answers), f"{coder}.csv": csv_bytes(csv)}


# --------------------------------------------------------------------------- reading back

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if not isinstance(value, str) else value


def _read_xlsx(path: Path) -> list[tuple[str, int, dict]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one input error
        raise InputError(f"{path}: not a readable XLSX workbook ({type(exc).__name__})") from exc
    out = []
    for ws in wb.worksheets:
        if ws.title == INSTRUCTIONS:
            continue
        rows = ws.iter_rows(values_only=True)
        header = [_cell(v) for v in next(rows, ())]
        out.append((ws.title, 1, {"__header__": header}))
        for r, values in enumerate(rows, start=2):
            if all(v is None or _cell(v) == "" for v in values):
                continue
            out.append((ws.title, r, dict(zip(header, (_cell(v) for v in values)))))
    return out


def _read_csv(path: Path) -> list[tuple[str, int, dict]]:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"{path}: not a readable CSV sheet ({type(exc).__name__}: {exc})") from exc
    out = [("(header)", 1, {"__header__": list(df.columns)})]   # a CSV's "sheet" is the row's unit type
    out += [(rec.get("unit_type") or "?", r, rec) for r, rec in enumerate(df.to_dict("records"), start=2)]
    return out


def read_rows(path: str | Path) -> list[tuple[str, int, dict]]:
    """(sheet, row number, {column: text}) of a filled sheet; header rows carry ``__header__``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such sheet file")
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    raise InputError(f"{path}: a coding sheet must be .xlsx or .csv")


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_row(where: str, rec: dict, key: pd.DataFrame, seen: set) -> tuple[str, str, str]:
    uid = rec.get("unit_id", "")
    if uid not in key.index:
        raise InputError(f"{where}, column unit_id: unknown unit {uid!r} (not in {KEY_FILE})")
    if uid in seen:
        raise InputError(f"{where}, column unit_id: unit {uid!r} appears twice")
    expected = key.loc[uid]
    for col in UNIT_COLUMNS:   # whitespace-insensitive: spreadsheet programs rewrite line ends
        if col in rec and _squash(rec[col]) != _squash(_cell(expected[col])):
            raise InputError(f"{where}, column {col}: edited (differs from {KEY_FILE}); "
                             f"restore the original value")
    cats = unit_types()[expected["unit_type"]].categories
    code = rec.get(CODE, "").strip()
    if not code:
        raise InputError(f"{where}, column {CODE}: no code given")
    if code not in cats:
        raise InputError(f"{where}, column {CODE}: unknown category {code!r} (allowed: {', '.join(cats)})")
    return uid, expected["unit_type"], code


def read_codes(path: str | Path, key: pd.DataFrame) -> pd.DataFrame:
    """The codes of one filled sheet (unit_id, unit_type, coder, code), checked against the key
    (indexed by unit_id): unknown categories, missing or repeated units, edited locked cells."""
    path = Path(path)
    coder, seen, rows = path.stem, set(), []
    types: set[str] = set()
    for sheet, r, rec in read_rows(path):
        where = f"{path.name}: sheet {sheet}, row {r}"
        if "__header__" in rec:
            missing = [c for c in (*UNIT_COLUMNS, CODE) if c not in rec["__header__"]]
            if missing:
                raise InputError(f"{where}, column {missing[0]}: column missing from the header")
            continue
        uid, unit_type, code = _check_row(where, rec, key, seen)
        seen.add(uid)
        types.add(unit_type)
        rows.append((uid, unit_type, coder, code))
    if not rows:
        raise InputError(f"{path.name}: no coded units")
    for unit_type in sorted(types):
        wanted = key.index[key["unit_type"] == unit_type]
        lost = [u for u in wanted if u not in seen]
        if lost:
            raise InputError(f"{path.name}: sheet {unit_type}, column unit_id: {len(lost)} unit(s) of the "
                             f"sample missing (first: {lost[0]})")
    return pd.DataFrame(rows, columns=["unit_id", "unit_type", "coder", CODE])


def read_key(path: str | Path) -> pd.DataFrame:
    """The sample key (unit_id index; the tool's answers and the locked columns)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no sample key (give --key, or keep {KEY_FILE} beside the sheets)")
    key = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "unit_id" not in key or "tool_answer" not in key:
        raise InputError(f"{path}: not a sample key (needs unit_id and tool_answer columns)")
    return key.set_index("unit_id", drop=False)
