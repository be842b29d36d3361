"""Charts scale: constructed articles of 10, 100 and 300 sentences with many speakers and actors
render every chart without overlapping text, within the size bound, with a "k more" note, and
with actor bars coloured by the table's label."""
from __future__ import annotations

import itertools

import pytest
from matplotlib.colors import to_rgb

from analysis import plots
from analysis.palette import label_color
from chartcheck import chart_problems

FIRST = ["Maria", "John", "Aisha", "Peter", "Olga", "Kenji", "Fatima", "Lars", "Ines", "David", "Chen",
         "Amara", "Tomas", "Leila", "Samuel", "Nadia", "Victor", "Hana", "Omar", "Greta"]
LAST = ["Lopez", "Harrington", "Okafor", "Lindqvist", "Petrova", "Tanaka", "Haddad", "Moreau", "Kowalski",
        "Brennan", "Wei", "Mensah", "Novak", "Farouk", "Whitfield", "Castillo", "Duarte", "Sato", "Rahimi",
        "Engel"]
ORGS = ["the Ministry of Finance", "the National Farmers Union", "the Central Bank", "Greenpeace",
        "the World Health Organization", "the European Commission", "the Senate Budget Committee"]
NARRATION = ["The government announced a new budget plan on Monday.",
             "Critics called the proposal a disaster for rural families.",
             "Prices rose sharply across the region last year.",
             "The vote is expected next week after a long and bitter debate.",
             "Supporters praised the reform as a welcome and overdue step."]


def constructed_article(n_sentences: int) -> str:
    """A deterministic article: narration mixed with direct and indirect quotes of many speakers."""
    people = [f"{f} {l}" for f, l in zip(FIRST, itertools.cycle(LAST))] + \
             [f"{f} {l}" for f, l in zip(FIRST, LAST[7:] + LAST[:7])]
    paras, sentences = [], []
    for i in range(n_sentences):
        who, org = people[i % len(people)], ORGS[i % len(ORGS)]
        if i % 3 == 0:
            s = NARRATION[i % len(NARRATION)]
        elif i % 3 == 1:
            s = f'"This plan is a terrible mistake for {ORGS[(i + 1) % len(ORGS)]}," said {who} of {org}.'
        else:
            s = f"{who} said the reform was a great success for {org}."
        sentences.append(s)
        if len(sentences) == 3:
            paras.append(" ".join(sentences))
            sentences = []
    if sentences:
        paras.append(" ".join(sentences))
    return "Budget reform divides the country\n\n" + "\n\n".join(paras) + "\n"


@pytest.fixture(scope="module", params=[10, 100, 300])
def sized(request, nlp):
    from analysis import analyze

    return request.param, analyze(constructed_article(request.param), nlp=nlp)


def test_constructed_articles_have_the_intended_length(sized):
    n, result = sized
    assert abs(len(result.article.sentences) - n) <= 2
    assert len(result.attributions.attributions) >= n // 3


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name", sorted(plots.CHARTS))
def test_every_chart_scales(sized, name):
    n, result = sized
    assert chart_problems(name, plots.CHARTS[name](result)) == []


def test_long_articles_show_top_speakers_and_say_how_many_more(sized):
    n, result = sized
    fig = plots.who_speaks(result)
    shown = fig.plotted_data[fig.plotted_data["level"] == "speaker"]
    total = plots.who_speaks_data(result).query("level == 'speaker'")
    assert len(shown) == min(plots.TOP_N, len(total))
    note = fig.axes[0].get_xlabel()
    if len(total) > plots.TOP_N:
        assert f"+{len(total) - plots.TOP_N} more speakers not shown" in note
    else:
        assert "more" not in note


def test_sentence_ticks_stay_readable(sized):
    n, result = sized
    fig = plots.sentiment_arc(result)
    fig.canvas.draw()
    ticks = [t for t in fig.axes[0].get_xticks() if 0 <= t < len(result.article.sentences)]
    assert len(ticks) <= max(plots.DENSE_SENTENCES, 14)


def test_actor_bars_take_the_colour_of_the_table_label(sized):
    _bars_match_table_labels(sized[1])


def test_seed_actor_bars_take_the_colour_of_the_table_label(seed):
    labels = _bars_match_table_labels(seed)
    assert len(set(labels)) >= 2      # the seed has actors of more than one label


def _bars_match_table_labels(result) -> list[str]:
    fig = plots.actor_sentiment(result)
    data = fig.plotted_data
    if data.empty:
        pytest.skip("no actor scored often enough")
    assert (data["scored_mentions"] >= plots.MIN_MENTIONS).all()
    bars = fig.axes[0].patches[:len(data)]
    for bar, label in zip(bars, data["label"]):
        assert bar.get_facecolor()[:3] == pytest.approx(to_rgb(label_color(label)))
    table = result.sentiment.tables()["actor_sentiment"].set_index("name")
    assert list(data["label"]) == list(table.loc[data["name"], "label"])
    return list(data["label"])


def test_labels_with_stray_controls_and_glyphless_characters_draw_without_warnings():
    import warnings

    from analysis.plots import _printable, _wrap

    assert _printable("Kim\x83 Jong\u200b Un") == "Kim Jong Un"
    assert _printable("\u91d1 smile") == "? smile"
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    ax.set_yticks([0, 1], [_wrap("Kim\x83 Jong Un"), _wrap("\u91d1\u6b63\u6069 \u0000x")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
