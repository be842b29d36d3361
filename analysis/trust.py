"""How far to trust these outputs: the shipped reliability table (public annotated datasets,
analysis/data/reliability.json) or, when the user gives one, the figures of their own
validation against human coders (a ``python -m analysis validate score`` output folder).

The ``trust`` stage carries the user's figures as a stage setting
(``Pipeline(config={"trust": {"validation": DIR}})``); without it the stage adds nothing to the
JSON or the tables, and the report shows the shipped figures.
"""
from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError
from .resources import data_path
from .stage import Stage, StageResult, register_stage

#: The coders' majority code: the reference the tool is compared with (also used by analysis.validate).
MAJORITY = "majority"
#: A sheet of adjudicated (final) codes: a reference, not a coder (also used by analysis.validate).
ADJUDICATED = "adjudicated"
#: Columns of a ``validate score`` codes.csv that are not coders.
NOT_CODERS = {"unit_id", "unit_type", "article_id", "outlet", "tool_answer", MAJORITY, ADJUDICATED}
SOURCE = "user validation folder (python -m analysis validate score)"


def _num(v):
    """A JSON-safe number: NaN becomes None, floats are rounded to 4 places."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        v = v.item()
    return round(v, 4) if isinstance(v, float) else v


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: _num(v) for k, v in row.items()} for row in df.to_dict("records")]


def _read(folder: Path, name: str) -> pd.DataFrame:
    try:
        return pd.read_csv(folder / name, keep_default_na=True)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{folder}: not a 'validate score' folder ({name}: {type(exc).__name__})") from exc


def unit_type_summary(folder: str | Path) -> pd.DataFrame:
    """One row per unit type: coders, units, alpha with its interval, and the tool's accuracy and
    kappa against the coders' majority (InputError, one line, on a folder that is not one)."""
    folder = Path(folder)
    rel, summ = _read(folder, "reliability.csv"), _read(folder, "tool_summary.csv")
    need = {"unit_type", "breakdown", "level", "coders", "units", "alpha", "alpha_lo", "alpha_hi"}
    if not need <= set(rel.columns) or not {"unit_type", "reference", "accuracy", "kappa"} <= set(summ.columns):
        raise InputError(f"{folder}: not a 'validate score' folder (reliability.csv or tool_summary.csv "
                         f"lacks its columns)")
    rel = rel[rel["breakdown"] == "all"][["unit_type", "level", "coders", "units", "alpha", "alpha_lo",
                                          "alpha_hi", *(["percent_agreement"] if "percent_agreement" in rel else [])]]
    tool = summ[summ["reference"] == MAJORITY][["unit_type", "accuracy", "kappa", "kappa_lo", "kappa_hi"]]
    tool = tool.rename(columns={c: f"tool_{c}" for c in tool.columns if c != "unit_type"})
    return rel.merge(tool, on="unit_type", how="left").reset_index(drop=True)


def read_validation(folder: str | Path) -> dict:
    """The user's validation figures for analysis.json: source, folder, date scored, coders,
    units, and the figures per unit type, per frame (alpha) and per category (the tool's
    precision/recall/F1 against the coders' majority)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder (--reliability takes a 'validate score' output folder)")
    per_type = unit_type_summary(folder)
    rel, codes = _read(folder, "reliability.csv"), _read(folder, "codes.csv")
    scores = _read(folder, "tool_scores.csv") if (folder / "tool_scores.csv").exists() else pd.DataFrame()
    frames = rel[rel["breakdown"] == "frame"].rename(columns={"category": "frame"})
    frames = frames[[c for c in ("frame", "units", "alpha", "alpha_lo", "alpha_hi", "percent_agreement")
                     if c in frames]]
    cats = pd.DataFrame()
    if len(scores) and "reference" in scores:
        cats = scores[scores["reference"] == MAJORITY][[c for c in (
            "unit_type", "category", "support", "predicted", "precision", "recall", "f1", "f1_lo", "f1_hi")
            if c in scores]]
    stamp = (folder / "reliability.csv").stat().st_mtime
    return {"source": SOURCE, "folder": str(folder),
            "date": datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).date().isoformat(),
            "coders": sorted(c for c in codes.columns if c not in NOT_CODERS), "units": int(len(codes)),
            "unit_types": _records(per_type), "frames": _records(frames), "categories": _records(cats)}


def shipped_rows() -> list[dict]:
    """The shipped reliability table's rows (measured on public annotated data)."""
    path = data_path("reliability.json")
    return json.loads(path.read_text(encoding="utf-8"))["rows"] if path.exists() else []


def shipped_summary() -> pd.DataFrame:
    """One row per kind of output of the shipped table: how many names were measured, how many
    beat their trivial baseline, the F1 range and the datasets."""
    df = pd.DataFrame(shipped_rows())
    if df.empty:
        return df
    df = df[~df["name"].str.startswith(("content-lenient", "content-tight", "cue:"))]   # headline metric only
    return df.groupby("output", sort=True).agg(
        measured=("name", "size"), reliable=("reliable", "sum"), f1_min=("f1", "min"), f1_max=("f1", "max"),
        dataset=("dataset", lambda s: "; ".join(sorted(set(s))))).reset_index()


@dataclass
class TrustResult(StageResult):
    """The user's validation figures (None: the shipped table applies)."""

    validation: dict | None = None

    def json_items(self) -> dict:
        return {"user_validation": self.validation} if self.validation is not None else {}

    def tables(self) -> dict[str, pd.DataFrame]:
        if self.validation is None:
            return {}
        return {"user_validation": pd.DataFrame(self.validation["unit_types"])}


@register_stage
class TrustStage(Stage):
    """Attaches the user's validation figures (read once, when the stage is built)."""

    name = "trust"
    requires = ()

    def __init__(self, validation: str | Path | dict | None = None) -> None:
        self.validation = read_validation(validation) if isinstance(validation, (str, Path)) else validation

    def run(self, context) -> TrustResult:
        return TrustResult(self.validation)
