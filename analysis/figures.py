"""Exporting charts: PNG (200 dpi) + SVG + the CSV of exactly the plotted data, byte-stable."""
from __future__ import annotations

import io
import os
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from .chart_workers import usable_cpus
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
    "figure.autolayout": False,             # so set_layout_engine(None) means no layout engine
    "figure.constrained_layout.use": False,
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


def _png_bytes(fig: Figure, metadata: dict) -> bytes:
    """The PNG of ``savefig(format="png", dpi=DPI)`` from one Agg draw. ``savefig`` draws a figure
    with a layout engine twice (a draw without rendering to run the layout, then the real draw
    with the layout switched off); the Agg canvas's own draw runs the layout engine itself, with
    the same renderer at the same dpi, so one draw gives the same pixels."""
    from matplotlib import cbook
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.image import imsave

    previous = fig.canvas
    canvas = FigureCanvasAgg(fig)
    try:
        with cbook._setattr_cm(fig, dpi=DPI), \
                cbook._setattr_cm(canvas, _device_pixel_ratio=1, _is_saving=True):
            canvas.draw()
            buf = io.BytesIO()
            imsave(buf, canvas.buffer_rgba(), format="png", origin="upper", dpi=fig.dpi, metadata=metadata)
    finally:
        fig.set_canvas(previous)
    return buf.getvalue()


def figure_bytes(fig: Figure) -> dict[str, bytes]:
    """PNG and SVG renderings with volatile metadata removed. The layout engine runs once, in the
    PNG's single Agg draw; the SVG is drawn with that layout instead of laying the figure out again."""
    engine = fig.get_layout_engine()
    with chart_style():
        try:
            out = {"png": _png_bytes(fig, {"Software": None})}
            fig.set_layout_engine(None)     # no layout engine: no second layout pass
            buf = io.BytesIO()
            fig.savefig(buf, format="svg", dpi=DPI, metadata={"Date": None, "Creator": None})
            out["svg"] = buf.getvalue()
        finally:
            fig.set_layout_engine(engine)
    return out


_PENDING: list[Figure] = []     # figures a forked renderer process reads by position


def _render_pending(k: int) -> dict[str, bytes]:
    return figure_bytes(_PENDING[k])


def _spare_cpus() -> int:
    """CPUs this process may use minus the system's current load (a busy machine gains
    nothing from more processes)."""
    try:
        cpus = len(os.sched_getaffinity(0))
        return max(1, round(cpus - os.getloadavg()[0] + 1))
    except (AttributeError, OSError):          # not Linux
        return 1


def _cpus() -> int:
    """CPUs this process may run on (a seam for tests)."""
    return usable_cpus()


def render_all(figs: list[Figure], workers: int | None = None) -> list[dict[str, bytes]]:
    """``figure_bytes`` of each figure, in order; split across forked processes when there are
    two or more CPUs and figures (the children inherit the figures, so nothing is pickled but
    the bytes coming back). Serial where fork is not available or inside a daemon process."""
    import multiprocessing

    workers = min(len(figs), workers or _spare_cpus())
    if (workers < 2 or "fork" not in multiprocessing.get_all_start_methods()
            or multiprocessing.current_process().daemon):      # a daemon may not have children
        return [figure_bytes(f) for f in figs]
    _PENDING[:] = figs
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_render_pending, range(len(figs)), chunksize=1)
    finally:
        _PENDING.clear()


def _files(fig: Figure, name: str, images: dict[str, bytes]) -> dict[str, bytes]:
    data = getattr(fig, "plotted_data", None)
    if data is None:
        raise ValueError(f"figure {name!r} carries no plotted data; build it with analysis.plots")
    files = {f"{name}.{fmt}": blob for fmt, blob in images.items()}
    files[f"{name}.csv"] = csv_bytes(data)
    return files


def chart_files(fig: Figure, name: str) -> dict[str, bytes]:
    """``name``.png, .svg and .csv of a chart, as bytes (what ``save_figure`` writes)."""
    if getattr(fig, "plotted_data", None) is None:
        raise ValueError(f"figure {name!r} carries no plotted data; build it with analysis.plots")
    return _files(fig, name, figure_bytes(fig))


def save_figure(fig: Figure, name: str, figures_dir: str | Path = FIGURES_DIR) -> list[Path]:
    """Write figures/<name>.png, .svg and .csv (the plotted data), each atomically."""
    return write_files(figures_dir, chart_files(fig, name))


def save_figures(figs: dict[str, Figure], figures_dir: str | Path = FIGURES_DIR) -> list[Path]:
    """``save_figure`` for many figures by name, rendered in parallel (``render_all``)."""
    for name, fig in figs.items():
        if getattr(fig, "plotted_data", None) is None:
            raise ValueError(f"figure {name!r} carries no plotted data; build it with analysis.plots")
    files: dict[str, bytes] = {}
    for (name, fig), images in zip(figs.items(), render_all(list(figs.values()))):
        files.update(_files(fig, name, images))
    return write_files(figures_dir, files)


_BUILD: list = []     # the chart builder a forked process calls (inherited, never pickled)


def _build_files(names: list[str], prefix: str) -> dict[str, bytes]:
    """Build, render and encode the named charts with the pending builder: their files."""
    build = _BUILD[0]
    files: dict[str, bytes] = {}
    for name in names:
        files.update(chart_files(build(name), prefix + name))
    return files


def build_and_save(build, names: list[str], forked: list[str], figures_dir: str | Path = FIGURES_DIR,
                   prefix: str = "") -> list[Path]:
    """Write ``prefix + name`` .png/.svg/.csv for each chart ``build(name)`` makes, in the order
    of ``names``. With two CPUs or more the charts in ``forked`` are built and rendered by one
    forked process while this one does the rest (the child inherits the data, so only the bytes
    come back; same bytes as serial, see tests/test_speed.py); serial otherwise. One child for a
    few seconds is worth it even on a busy machine, unlike a pool sized by the load."""
    import multiprocessing

    here = [n for n in names if n not in forked]
    away = [n for n in names if n in forked]
    _BUILD[:] = [build]
    try:
        if (not away or not here or _cpus() < 2 or "fork" not in multiprocessing.get_all_start_methods()
                or multiprocessing.current_process().daemon):
            files = _build_files(names, prefix)
        else:
            with multiprocessing.get_context("fork").Pool(1) as pool:
                pending = pool.apply_async(_build_files, (away, prefix))
                files = _build_files(here, prefix)
                files.update(pending.get())
    finally:
        _BUILD.clear()
    ordered = {k: files[k] for n in names for k in (f"{prefix}{n}.png", f"{prefix}{n}.svg", f"{prefix}{n}.csv")}
    return write_files(figures_dir, ordered)
