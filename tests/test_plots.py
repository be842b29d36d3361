"""Charts: every chart renders on the seed and on a minimal article; exports are byte-stable."""
from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from analysis import plots
from analysis.figures import save_figure
from chartcheck import overlapping_labels


@pytest.fixture(scope="module")
def minimal(nlp):
    from analysis import analyze

    return analyze("the weather was calm all day\n", nlp=nlp)


@pytest.mark.parametrize("name", sorted(plots.CHARTS))
def test_chart_renders_on_seed(seed, name, tmp_path):
    fig = plots.CHARTS[name](seed)
    assert isinstance(fig, Figure)
    assert fig.axes and (fig.axes[0].get_title("left") or fig._suptitle.get_text())
    assert not fig.plotted_data.empty
    paths = save_figure(fig, name, tmp_path)
    assert sorted(p.suffix for p in paths) == [".csv", ".png", ".svg"]


@pytest.mark.parametrize("name", sorted(plots.CHARTS))
def test_chart_renders_on_minimal_article(minimal, name, tmp_path):
    assert minimal.actors == [] and minimal.attributions.attributions == []
    fig = plots.CHARTS[name](minimal)
    save_figure(fig, name, tmp_path)
    assert (tmp_path / f"{name}.png").stat().st_size > 1000


def test_exports_are_byte_identical(seed, tmp_path):
    first = plots.export_all(seed, tmp_path / "a")
    second = plots.export_all(seed, tmp_path / "b")
    assert len(first) == 3 * len(plots.CHARTS)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


@pytest.mark.parametrize("name", sorted(plots.CHARTS))
def test_no_overlapping_labels_on_seed(seed, name):
    assert overlapping_labels(plots.CHARTS[name](seed)) == []


def test_overlap_check_sees_overlaps():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.text(0.5, 0.5, "first label")
    ax.text(0.5, 0.5, "second label")
    assert overlapping_labels(fig) == [("first label", "second label")]


def test_plotted_data_is_what_is_drawn(seed):
    fig = plots.who_speaks(seed)
    speakers = fig.plotted_data[fig.plotted_data["level"] == "speaker"]
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(speakers["name"])
    assert speakers.iloc[0]["name"] == "Vladimir Putin"


def test_speaker_colours_are_consistent(seed):
    from analysis.palette import actor_colors

    colors = actor_colors(seed)
    fig = plots.actor_sentiment(seed)
    for label in fig.axes[0].get_yticklabels():
        name = label.get_text().replace("\n", " ")
        assert label.get_color() == colors[name]
    assert len(set(colors[a.name] for a in seed.actors[:6])) == 6


def test_no_pyplot_figures_are_left_open(seed):
    import matplotlib.pyplot as plt

    plots.all_charts(seed)
    assert plt.get_fignums() == []
