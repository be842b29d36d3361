"""The explorers: spans, evidence and filters behind the widgets, and the widgets' wiring."""
from __future__ import annotations

import pytest

from analysis import explore


def test_speaker_spans_cover_source_cue_and_attributed_words(seed):
    speaker = "Vladimir Putin"
    atts = [a for a in seed.attributions.attributions if a.speaker == speaker]
    spans = explore.speaker_spans(seed, speaker)
    roles = {r for _, _, r in spans}
    assert roles == {"content", "source", "cue"}
    assert sum(r == "content" for *_, r in spans) == len({f for a in atts for f in a.content_fragments})
    assert all(seed.article.text[s:e].strip() for s, e, _ in spans)


def test_actor_spans_are_its_mentions(seed):
    actor = next(a for a in seed.actors if a.name == "Vladimir Putin")
    spans = explore.actor_spans(seed, actor.name)
    assert [seed.article.text[s:e] for s, e, _ in spans][0] == "Vladimir Putin"
    assert len(spans) == actor.mention_count
    ev = explore.evidence(seed, "actor", actor.name)
    assert len(ev) == actor.mention_count and {"score", "label", "voice"} <= set(ev.columns)


def test_frame_spans_are_the_sentences_with_its_cues(seed):
    frame = explore.frames(seed)[0]
    ev = explore.evidence(seed, "frame", frame)
    spans = explore.frame_spans(seed, frame)
    assert len(spans) == ev["sentence_id"].nunique() > 0
    starts = {s.start for s in seed.article.sentences}
    assert all(s in starts for s, _, _ in spans)


def test_highlight_marks_each_merged_span_and_escapes_text():
    out = explore.highlight_html("a <b> c d", [(0, 1, "x"), (2, 5, "y"), (3, 4, "z")], "#0072B2")
    assert out.count("<mark") == 2 and "&lt;b&gt;" in out and "<b>" not in out


def test_article_explorer_highlights_the_picked_selection_only(seed):
    pytest.importorskip("ipywidgets")
    ex = explore.ArticleExplorer(seed)
    assert ex.text.value.count("ex-hit") == 0
    ex.speaker.value = "Vladimir Putin"
    hits = ex.text.value.count("class='ex-hit'")
    assert hits == len(explore.speaker_spans(seed, "Vladimir Putin")) > 0
    assert "<table" in ex.table.value and "Vladimir Putin" in ex.table.value
    ex.actor.value = "North Korea"
    assert ex.speaker.value == explore.NONE and ex.kind == "actor"
    assert ex.text.value.count("class='ex-hit'") == len(explore.actor_spans(seed, "North Korea"))
    ex.actor.value = explore.NONE
    assert ex.kind is None and "ex-hit" not in ex.text.value
    bundle = ex._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert bundle["text/plain"].startswith("ArticleExplorer: ")
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.fixture(scope="module")
def demo_corpus(tmp_path_factory, seed_path):
    from analysis.corpus import run_batch

    out = tmp_path_factory.mktemp("corpus")
    run_batch([str(seed_path.parent / "corpus"), str(seed_path)], out, quiet=True)
    return out


def test_corpus_filters_by_outlet_frame_and_speaker(demo_corpus):
    from analysis.corpus import load_tables

    tables = load_tables(demo_corpus)
    index = explore.corpus_index(tables)
    assert set(index) == {"outlet", "frame", "speaker"} and index["speaker"]
    everyone = explore.filter_articles(tables)
    assert len(everyone) == len(tables["articles"])
    speaker, ids = next(iter(sorted(index["speaker"].items())))
    assert set(explore.filter_articles(tables, speaker=speaker)["article_id"]) == ids
    outlet = sorted(index["outlet"])[0]
    both = explore.filter_articles(tables, outlet=outlet, speaker=speaker)
    assert set(both["article_id"]) == ids & index["outlet"][outlet]


def test_corpus_explorer_opens_an_article(demo_corpus, nlp):
    pytest.importorskip("ipywidgets")
    ex = explore.CorpusExplorer(demo_corpus, nlp=nlp)
    first = ex.pick.options[0]
    opened = ex.open_article(first)
    assert isinstance(opened, explore.ArticleExplorer) and opened.result.article.text
    outlet = sorted(o for o in ex.filters["outlet"].options if o != explore.NONE)[0]
    ex.filters["outlet"].value = outlet
    assert 0 < len(ex.pick.options) < len(ex.tables["articles"])
    assert ex.listing.value.count("<tr") == len(ex.pick.options) + 1      # header + one row each
    assert ex.article.children[0] is opened.widget


def test_table_page_filters_sorts_and_pages():
    import pandas as pd

    from analysis.explore import table_page

    df = pd.DataFrame({"speaker": ["Putin", "Kim", "putin aide", "Lavrov"], "n": [3, 1, 2, 5]})
    rows, n = table_page(df, query="PUTIN")
    assert n == 2 and list(rows["speaker"]) == ["Putin", "putin aide"]
    rows, n = table_page(df, sort="n", descending=True, page=1, size=2)
    assert n == 4 and list(rows["n"]) == [2, 1]


def test_table_explorer_widget_pages_through_a_long_table():
    import pandas as pd

    from analysis.explore import TableExplorer

    view = TableExplorer(pd.DataFrame({"i": range(40), "t": [f"row {i}" for i in range(40)]}), size=15)
    assert view.page.max == 3 and "40 of 40 rows" in view.status.value
    view.page.value = 3
    assert "row 39" in view.table.value and "row 0<" not in view.table.value
    view.query.value = "row 1"          # row 1, 10..19: 11 rows, back to page 1
    assert view.page.value == 1 and view.page.max == 1 and "11 of 40 rows" in view.status.value
