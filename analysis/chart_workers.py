"""Chart processes for ``python -m analysis run``: started before the spaCy model loads, so that
importing matplotlib and drawing a first figure (font look-ups, backends) happen while the
command loads the model and analyses; then they build and render each article's charts while
the command writes its tables. The parent writes every chart file (same bytes as
``plots.export_all``: tests/test_speed.py).

One process is forked at start; once warm it forks a second (which inherits the warm state)
when two or more CPUs are available, and the charts are split between them as in
``plots.FORKED_CHARTS``. An article reaches them as a pickle of its analysis without the spaCy
parse (charts read results and tables, never the Doc). This module imports no matplotlib.
"""
from __future__ import annotations

import os
import pickle
import signal

from .output import write_files


def usable_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                     # not Linux
        return os.cpu_count() or 1


def _warm_up() -> None:
    """Import the chart modules and render one small figure that takes the drawing paths the
    charts take (bars with named ticks, legends outside, a heat map with colour bar, shaded
    spans, marked lines, rotated and bold text, a figure legend) and the pandas reshaping they
    use, so fonts, text metrics, image resampling and the PNG and SVG writers are loaded before
    the first real chart (their first use costs about 0.5 s of CPU per process)."""
    import numpy as np
    import pandas as pd
    from matplotlib.patches import Patch

    from . import figures, plots  # noqa: F401  (loading them is part of the point)

    df = pd.DataFrame({"speaker": ["a", "a", "b"], "cls": ["x", "y", "x"], "n": [1, 2, 3]})
    df.groupby(["speaker", "cls"], sort=True).agg(n=("n", "count"), t=("cls", lambda s: "; ".join(s)))
    df.pivot_table(index="speaker", columns="cls", values="n", fill_value=0)
    df["speaker"].value_counts(sort=True)
    fig = figures.new_figure(4, 3)
    with figures.chart_style():
        left, right = fig.subplots(1, 2)
        left.set_title("warm-up", loc="left")
        left.barh([0, 1], [1.0, -1.0], color=["#0072B2", "#8C8C8C"], height=0.6, hatch="//", label="x")
        left.set_yticks([0, 1], ["narrator", "quoted"], fontsize=9)
        left.get_yticklabels()[0].set_color("#0072B2")
        left.axvspan(0.1, 0.3, alpha=0.2, linewidth=0)
        left.plot([0, 1], [0, 1], marker="o", linestyle="--")
        left.scatter([0.5], [0.5], marker="|", s=250)
        left.text(0, 0, "x", rotation=90, fontsize=8, fontweight="bold")
        left.set_xlabel("score")
        left.legend(handles=[Patch(color="#D55E00", label="negative")], loc="upper left",
                    bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=9, title="label")
        image = right.imshow(np.eye(3), aspect="auto", cmap="Blues", vmin=0, interpolation="nearest")
        fig.colorbar(image, ax=right, label="weight", shrink=0.8)
        fig.legend(*left.get_legend_handles_labels(), loc="outside lower left", fontsize=9)
        fig.suptitle("warm-up", fontweight="bold", fontsize=14)
    figures.figure_bytes(fig)


def _render(job: bytes) -> tuple[dict[str, bytes], list[str]]:
    """Build and render this process's share of the charts of a job (its files by name), and
    the names of all charts in order."""
    from .figures import chart_files
    from .plots import CHARTS, chart_groups

    result, index, count, prefix = pickle.loads(job)
    files: dict[str, bytes] = {}
    for name in chart_groups(count)[index]:
        files.update(chart_files(CHARTS[name](result), prefix + name))
    return files, list(CHARTS)


def _serve(conn, closing: list) -> None:
    """Answer jobs on ``conn`` until it closes or sends b"": ("ok", (files, names)) or ("error", line)."""
    for other in closing:
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # the command handles Ctrl-C and ends us
    while True:
        try:
            job = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not job:
            return
        try:
            reply = ("ok", _render(job))
        except Exception as exc:                    # reported by the command as one line
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except OSError:                              # the command is gone (Ctrl-C, an error)
            return


def _first(conn, second, closing: list) -> None:
    """The process forked at start: warm up, fork the second process (if any), then serve.
    ``closing``: the command's pipe ends, which no chart process may hold open (so a pipe
    reports EOF when the command is gone)."""
    try:
        _warm_up()
    except Exception:                               # a real failure shows with the first job
        pass
    if second is not None:
        import multiprocessing

        multiprocessing.get_context("fork").Process(
            target=_serve, args=(second, [conn, *closing]), name="charts-2", daemon=False).start()
        second.close()
    _serve(conn, closing)


class ChartWorkers:
    """Context manager: chart processes for the whole command (see the module docstring).

    ``submit(result, prefix)`` sends one article's charts; ``save(figures_dir)`` waits for
    them and writes the files. Without fork (not POSIX) or inside a daemon process, charts are
    made in this process by ``plots.export_all``."""

    def __init__(self, workers: int | None = None):
        import multiprocessing

        self.workers = max(1, min(2, workers or usable_cpus()))
        self.usable = ("fork" in multiprocessing.get_all_start_methods()
                       and not multiprocessing.current_process().daemon)
        self.conns: list = []
        self.proc = None
        self._pending: list = []
        self._result, self._prefix = None, ""

    def __enter__(self):
        if not self.usable:
            return self
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        pairs = [ctx.Pipe() for _ in range(self.workers)]
        ours = [p[0] for p in pairs]
        theirs = [p[1] for p in pairs]
        second = theirs[1] if self.workers > 1 else None
        # daemon=False: the first process forks the second; it ends when our pipe closes
        self.proc = ctx.Process(target=_first, args=(theirs[0], second, ours), name="charts-1",
                                daemon=False)
        self.proc.start()
        for end in theirs:
            end.close()
        self.conns = ours
        return self

    def __exit__(self, *exc):
        for conn in self.conns:
            try:
                if exc[0] is None:
                    conn.send_bytes(b"")
            except OSError:
                pass
            conn.close()
        if self.proc is not None:
            if exc[0] is not None:
                self.proc.terminate()
            self.proc.join()
        return False

    def submit(self, result, prefix: str = "") -> None:
        """Send the charts of ``result`` to the chart processes (returns at once)."""
        from .pipeline import ArticleAnalysis

        self._result, self._prefix = result, prefix
        if not self.usable:
            return
        snapshot = ArticleAnalysis(results={k: v for k, v in result.results.items() if k != "parse"},
                                   text=result.text)
        count = len(self.conns)
        for index, conn in enumerate(self.conns):
            conn.send_bytes(pickle.dumps((snapshot, index, count, prefix), protocol=pickle.HIGHEST_PROTOCOL))
        self._pending = list(self.conns)

    def save(self, figures_dir) -> list:
        """Wait for the submitted charts and write them (PNG, SVG, CSV per chart, in
        ``plots.CHARTS`` order, all together)."""
        if not self.usable:
            from .plots import export_all

            return export_all(self._result, figures_dir, self._prefix)
        files: dict[str, bytes] = {}
        names: list[str] = []
        prefix = self._prefix
        pending, self._pending = self._pending, []
        replies = []
        for conn in pending:                         # every reply read before any error is raised,
            try:                                     # so a later article never reads this one's
                replies.append(conn.recv())
            except (EOFError, OSError):
                replies.append(("error", None))
        for status, payload in replies:
            if status != "ok":
                raise RuntimeError(f"chart process: {payload}" if payload else "a chart process ended unexpectedly")
            files.update(payload[0])
            names = payload[1]
        ordered = {k: files[k] for n in names for k in (f"{prefix}{n}.png", f"{prefix}{n}.svg", f"{prefix}{n}.csv")}
        return write_files(figures_dir, ordered)
