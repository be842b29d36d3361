"""Exporting charts: PNG (200 dpi) + SVG + the CSV of exactly the plotted data, byte-stable."""
from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from .output import csv_bytes, write_files

FIGURES_DIR = Path("figures")
DPI = 200

#: Fixed style for every chart: bundled font, slide-readable sizes, no timestamps or random ids.
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "svg.hashsalt": "media-analysis",
    "svg.fonttype": "none",
    "path.simplify": True,
}


@contextmanager
def chart_style():
    with matplotlib.rc_context(STYLE):
        yield


def new_figure(width: float = 9, height: float = 5) -> Figure:
    """A Figure not registered with pyplot: no global state, never shown by itself; in a
    notebook with ``%matplotlib inline`` it displays as the cell's result."""
    with chart_style():
        return Figure(figsize=(width, height), layout="constrained")


def attach_data(fig: Figure, data: pd.DataFrame) -> Figure:
    """Keep the exact plotted data on the figure so save_figure can write it beside the image."""
    fig.plotted_data = data.reset_index(drop=True)
    return fig


def figure_bytes(fig: Figure) -> dict[str, bytes]:
    """PNG and SVG renderings with volatile metadata removed."""
    out = {}
    with chart_style():
        for fmt, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=DPI, metadata=meta)
            out[fmt] = buf.getvalue()
    return out


def save_figure(fig: Figure, name: str, figures_dir: str | Path = FIGURES_DIR) -> list[Path]:
    """Write figures/<name>.png, .svg and .csv (the plotted data), each atomically."""
    data = getattr(fig, "plotted_data", None)
    if data is None:
        raise ValueError(f"figure {name!r} carries no plotted data; build it with analysis.plots")
    files = {f"{name}.{fmt}": blob for fmt, blob in figure_bytes(fig).items()}
    files[f"{name}.csv"] = csv_bytes(data)
    return write_files(figures_dir, files)
