"""Chart checks shared by the chart tests and the real-news end-to-end test: texts that overlap
(renderer bounding boxes after one draw) and a bounded figure size."""
from __future__ import annotations

import warnings

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from analysis.plots import MAX_HEIGHT


def overlapping_labels(fig, dpi: float | None = None) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap by more than a pixel each way (at 100 dpi).

    ``dpi``: draw at this resolution instead (cheaper); the one-pixel tolerance scales with it.
    Drawing turns matplotlib warnings (a layout that cannot be applied, ...) into errors.
    """
    if dpi is not None:
        fig.set_dpi(dpi)
    tol = fig.dpi / 100
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        canvas.draw()
    renderer, frame = canvas.get_renderer(), fig.bbox
    boxes = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip():
            b = t.get_window_extent(renderer)
            # ticks beyond the axis limits are kept as invisible-in-practice texts outside the canvas
            if b.x0 >= frame.x0 - tol and b.x1 <= frame.x1 + tol and b.y0 >= frame.y0 - tol and b.y1 <= frame.y1 + tol:
                boxes.append((t.get_text(), b))
    return [(ta, tb) for i, (ta, a) in enumerate(boxes) for tb, b in boxes[i + 1:]
            if min(a.x1, b.x1) - max(a.x0, b.x0) > tol and min(a.y1, b.y1) - max(a.y0, b.y0) > tol]


def chart_problems(name: str, fig, dpi: float | None = None) -> list[str]:
    """Everything wrong with one drawn chart ([] when it is fine)."""
    problems = [f"{name}: {a!r} overlaps {b!r}" for a, b in overlapping_labels(fig, dpi)]
    width, height = fig.get_size_inches()
    if height > MAX_HEIGHT + 1e-9 or width > 14:
        problems.append(f"{name}: {width:.1f} x {height:.1f} in exceeds the size bound")
    return problems
