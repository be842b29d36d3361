"""Fuzz tests (hypothesis) for careless input, and scale tests (marked slow) for linear time.

Strategies mix quotation marks (curly, straight, guillemets, doubled apostrophes), unicode
categories (letters, digits, punctuation, symbols, marks, separators, lone surrogates) and
line-break shapes (\\n, \\r\\n, \\r, blank lines, none at all).
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.article import article_from_text, normalise_text, split_sentences
from analysis.errors import InputError
from analysis.quotes import find_quotes, quoted_share

from conftest import require_eval

QUOTE_MARKS = list("“”„«»‘’‹›\"'`") + ["''", "``"]
BREAKS = ["\n", "\r\n", "\r", "\n\n", " "]
WORDS = ["The", "minister", "said", "Putin", "don't", "voters’", "’90s", "U.S.", "Dr.", "plan", "would", "work"]

chars = st.characters(codec=None, categories=("L", "N", "P", "S", "M", "Z", "Cs"))
pieces = st.one_of(st.sampled_from(QUOTE_MARKS), st.sampled_from(BREAKS), st.sampled_from(WORDS),
                   st.sampled_from([".", ",", "!", "?", " ", " "]), st.text(chars, max_size=5))
articles = st.lists(pieces, max_size=80).map("".join)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


@given(articles)
@settings(max_examples=300, deadline=None)
def test_quotes_stay_in_their_paragraph_and_at_most_two_reach_its_end(text):
    paragraphs = _paragraphs(text)
    quotes = find_quotes(text, paragraphs)
    for pid, (lo, hi) in enumerate(paragraphs):
        mine = [q for q in quotes if q.paragraph == pid]
        assert all(lo < q.start < q.end <= hi for q in mine)
        assert sum(1 for q in mine if q.close_at is None and q.end == hi) <= 2
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


@given(articles, st.data())
@settings(max_examples=300, deadline=None)
def test_indexed_quoted_share_equals_a_full_scan(text, data):
    quotes = find_quotes(text, _paragraphs(text))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert quoted_share(text, start, end, quotes) == quoted_share(text, start, end, list(quotes))


@given(articles)
@settings(max_examples=300, deadline=None)
def test_sentences_cover_the_text_in_order(text):
    spans = split_sentences(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    assert all(not text[b1:a2].strip() for (_, b1), (a2, _) in zip(spans, spans[1:]))  # nothing lost between


@given(articles)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_is_an_article_or_one_input_error(text):
    try:
        art = article_from_text(text)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert art.text == normalise_text(text)
    for s in art.sentences:
        assert art.text[s.start:s.end] == s.text
    art.text.encode("utf-8")  # lone surrogates are gone: every output can be written


# --------------------------------------------------------------------------- scale (slow)

def _news(chars: int) -> str:
    from analysis.bench.scaling import news_text

    return news_text(require_eval("polnear") / "train" / "text", chars)


def _cost_per_kb(text: str, nlp) -> float:
    from analysis.article import parse_article
    from analysis.nlp import _prepare
    from analysis.quotes import quotes_in_article

    t0 = time.perf_counter()
    art = parse_article(text)
    _prepare(nlp, art)
    quotes = quotes_in_article(art)
    for s in art.sentences:
        quoted_share(art.text, s.start, s.end, quotes)
    return (time.perf_counter() - t0) / (len(text) / 1000)


@pytest.mark.slow
@pytest.mark.eval
@pytest.mark.parametrize("kb", [200, 1000])
def test_article_model_parse_set_up_and_quotes_grow_linearly(kb, nlp):
    """Per-KB cost of the article model, sentence starts and quotation pairing at 200 KB and
    1 MB over that at 20 KB (real news, joined PolNeAR articles): linear, by ratio."""
    small = min(_cost_per_kb(_news(20_000), nlp) for _ in range(2))
    large = min(_cost_per_kb(_news(kb * 1000), nlp) for _ in range(2))
    assert large / small <= 1.5


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["ok-lines", "no-punctuation", "unclosed-quotes"])
def test_pathological_shapes_grow_linearly(shape, nlp, tmp_path):
    from analysis.bench.scaling import shape_text

    small = min(_cost_per_kb(shape_text(shape, 20_000, tmp_path), nlp) for _ in range(2))
    large = min(_cost_per_kb(shape_text(shape, 200_000, tmp_path), nlp) for _ in range(2))
    assert large / small <= 1.5


_WHOLE_20KB: dict[str, float] = {}


def _whole_cost_per_kb(shape: str, kb: int) -> tuple[float, float]:
    """(CPU seconds per KB, peak MB) of the whole pipeline plus the JSON and CSV bytes on one
    article of the shape, measured as ``bench scaling`` does (own process, CPU time: the ratio
    does not depend on what else the shared machine runs)."""
    from analysis.bench.scaling import measure, shape_text

    text = shape_text(shape, kb * 1000, require_eval("polnear") / "train" / "text")
    got = measure(text, max_seconds=3600)
    assert got is not None, f"{shape} at {kb} KB did not finish in an hour"
    _, cpu, peak, _ = got
    return cpu / (len(text) / 1000), peak


@pytest.mark.slow
@pytest.mark.eval
@pytest.mark.parametrize("kb", [200, 1000])
@pytest.mark.parametrize("shape", ["news", "ok-lines", "no-punctuation", "unclosed-quotes", "single-line"])
def test_whole_pipeline_grows_linearly_with_bounded_memory(shape, kb):
    """The acceptance: per-KB cost of the whole pipeline at 200 KB and 1 MB over that at 20 KB
    at most 1.5 for real news and every pathological shape; peak memory under 2.5 GB."""
    if shape not in _WHOLE_20KB:
        _WHOLE_20KB[shape] = _whole_cost_per_kb(shape, 20)[0]
    cost, peak = _whole_cost_per_kb(shape, kb)
    assert cost / _WHOLE_20KB[shape] <= 1.5
    assert peak < 2500
