"""Real news end to end: every PolNeAR dev text and every SemEval-2023 train/dev article goes
through the analysis, the summary, every chart, the HTML report and ``batch`` with no exception
and no matplotlib warning; the most demanding articles' charts are drawn and checked.

Affordable in CI: one parse with ``nlp.pipe``; each result is used and dropped at once; the batch
store is filled from these same analyses (three articles are re-run through the batch worker to
prove the records equal) so ``batch`` reads, hashes and assembles every article without a second
analysis; charts are drawn at low dpi. ANALYSIS_E2E_DRAW=all draws every chart of every article;
ANALYSIS_E2E_LIMIT=N keeps the first N articles of each dataset (a quick local run).
"""
from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

import pytest

from conftest import require_eval

pytestmark = pytest.mark.eval

#: Articles whose charts are drawn and checked by default: the longest, those with most speakers
#: and with most actors (the layouts under most pressure), and an even spread of the rest.
DRAWN_PER_CRITERION = 4
SPREAD = 12
DRAW_DPI = 30


def _datasets() -> dict[str, Path]:
    polnear, semeval = require_eval("polnear"), require_eval("semeval23")
    return {"polnear-dev": polnear / "dev" / "text",
            "semeval-train": semeval / "train-articles-subtask-2",
            "semeval-dev": semeval / "dev-articles-subtask-2"}


def _paths() -> list[Path]:
    limit = int(os.environ.get("ANALYSIS_E2E_LIMIT", "0")) or None
    out = []
    for folder in _datasets().values():
        out += sorted(folder.glob("*.txt"))[:limit]
    return out


def _chart_check(name: str, result, draw: bool) -> list[str]:
    from analysis import plots
    from chartcheck import chart_problems

    fig = plots.CHARTS[name](result)
    if draw:
        return chart_problems(name, fig, dpi=DRAW_DPI)
    width, height = fig.get_size_inches()
    return [] if height <= plots.MAX_HEIGHT else [f"{name}: {height:.1f} in tall"]


def _one_article(result, draw: bool) -> list[str]:
    """Summary, report and every chart of one analysed article: the problems found."""
    from analysis import plots, summary
    from analysis.report import render_html

    summary.findings_markdown(result)
    summary.findings_frame(result)
    html = render_html(result)
    assert html.startswith("<!DOCTYPE html>")
    problems = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")     # matplotlib warns through warn_external: no module filter
        for name in plots.CHARTS:
            problems += _chart_check(name, result, draw)
    return problems


def _demanding(articles: list, results_meta: dict) -> set[str]:
    """Paths of the articles whose charts are drawn (see DRAWN_PER_CRITERION, SPREAD)."""
    if os.environ.get("ANALYSIS_E2E_DRAW") == "all":
        return {str(a.source_path) for a in articles}
    keys = [str(a.source_path) for a in articles]
    chosen = set(keys[::max(1, len(keys) // SPREAD)])
    for column in ("sentences", "speakers", "actors"):
        chosen.update(sorted(keys, key=lambda k: (-results_meta[k][column], k))[:DRAWN_PER_CRITERION])
    return chosen


@pytest.fixture(scope="module")
def real_news(tmp_path_factory, nlp):
    """Analyse every article once; run summary/report/charts on each; fill the batch store."""
    from analysis.article import load_article
    from analysis.corpus import RECORD_FORMAT, BatchSettings, Store, ok_record
    from analysis.pipeline import Pipeline

    out = tmp_path_factory.mktemp("batch")
    store, key = Store(out), BatchSettings().key()
    articles = [load_article(p) for p in _paths()]
    meta = {str(a.source_path): {"sentences": len(a.sentences), "speakers": 0, "actors": 0} for a in articles}
    failures = {}
    for article, result in zip(articles, Pipeline(nlp=nlp).run_many(articles)):
        path = str(article.source_path)
        meta[path].update(speakers=len({a.speaker for a in result.attributions.attributions}),
                          actors=len(result.actors))
        try:
            problems = _one_article(result, draw=False)
        except Exception as exc:  # collected: every failing article is listed at once
            problems = [f"{type(exc).__name__}: {exc}"]
        if problems:
            failures[path] = problems
        data = Path(path).read_bytes()
        store.save({"format": RECORD_FORMAT, "sha256": hashlib.sha256(data).hexdigest(), "settings_key": key,
                    **ok_record(result)})
    chosen = _demanding(articles, meta)
    return {"articles": articles, "failures": failures, "out": out, "chosen": chosen, "meta": meta}


def test_every_real_article_runs_summary_report_and_charts(real_news):
    assert len(real_news["articles"]) >= (3 if os.environ.get("ANALYSIS_E2E_LIMIT") else 395)
    assert real_news["failures"] == {}


def test_the_most_demanding_real_charts_have_no_overlap_and_bounded_size(real_news, nlp):
    from analysis.pipeline import Pipeline

    chosen = [a for a in real_news["articles"] if str(a.source_path) in real_news["chosen"]]
    failures = {}
    for article, result in zip(chosen, Pipeline(nlp=nlp).run_many(chosen)):
        problems = _one_article(result, draw=True)
        if problems:
            failures[str(article.source_path)] = problems
    assert failures == {}


def test_batch_covers_every_real_article(real_news):
    from analysis.corpus import run_batch

    paths = [str(a.source_path) for a in real_news["articles"]]
    report = run_batch(paths, real_news["out"], quiet=True)
    n = len(paths)
    assert (report.total, report.analysed, report.failed, report.new, report.reused) == (n, n, 0, 0, n)


def test_the_batch_worker_makes_the_records_the_test_stored(real_news):
    """The store was filled from the test's own analyses: the batch worker gives the same."""
    import json

    from analysis.corpus import BatchSettings, Store, analyse_task

    settings = BatchSettings()
    store = Store(real_news["out"])
    for article in real_news["articles"][:: max(1, len(real_news["articles"]) // 3)][:3]:
        data = Path(article.source_path).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        task = {"name": str(article.source_path), "path": str(article.source_path), "data": data, "text": None,
                "sha256": sha, "settings": settings, "settings_key": settings.key()}
        fresh = analyse_task(task)
        assert json.dumps(fresh, sort_keys=True) == json.dumps(store.load(sha, settings.key()), sort_keys=True)
