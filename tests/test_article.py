"""Article model: header/boilerplate separation, sentence splitting, offsets."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.article import article_from_text, load_article, split_sentences
from analysis.errors import InputError


def assert_offsets(article):
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text
    for p in article.paragraphs:
        assert article.text[p.start:p.end] == p.text
    for b in article.removed:
        assert article.text[b.start:b.end] == b.text


def test_seed_article_structure(seed_path):
    art = load_article(seed_path)
    assert art.title == "Vladimir Putin with Kim Jong Un"
    assert len(art.sentences) == 12
    assert art.sentences[0].text.startswith("Russian President Vladimir Putin arrived")
    assert all("Also read" not in s.text for s in art.sentences)
    reasons = {b.text: b.reason for b in art.removed}
    assert reasons["Also read: Markets Set New Record Highs In Early Trade"].startswith("related-link")
    assert reasons["Vladimir Putin with Kim Jong Un"].startswith("title")
    quote = art.sentences[6].text
    assert quote.startswith("“We highly appreciate") and quote.endswith("Putin noted.")
    assert_offsets(art)


def test_bom_and_crlf_are_normalised(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffHeadline here\r\nThe minister said it was fine. Others disagreed.\r\n".encode("utf-8"))
    art = load_article(p)
    assert art.title == "Headline here"
    assert [s.text for s in art.sentences] == ["The minister said it was fine.", "Others disagreed."]
    assert "\r" not in art.text
    assert_offsets(art)


def test_wire_story_with_dateline():
    text = ("Ceasefire talks stall as envoys leave\n"
            "By Jane Doe\n"
            "GENEVA, March 3 (Reuters) - Envoys left Geneva on Tuesday without an agreement, "
            "officials said. Sen. John Smith said the U.S. delegation would return on Jan. 15.\n"
            "The talks are expected to resume next week.\n"
            "(Reporting by Jane Doe; Editing by Tom Roe)\n")
    art = article_from_text(text)
    assert art.title == "Ceasefire talks stall as envoys leave"
    reasons = [b.reason.split(" ")[0] for b in art.removed]
    assert reasons == ["title", "byline", "dateline", "wire"]
    assert [s.text for s in art.sentences] == [
        "Envoys left Geneva on Tuesday without an agreement, officials said.",
        "Sen. John Smith said the U.S. delegation would return on Jan. 15.",
        "The talks are expected to resume next week.",
    ]
    assert_offsets(art)


def test_multi_paragraph_quote_keeps_paragraphs():
    text = ("The mayor spoke for an hour. She said:\n"
            "“We will rebuild the bridge. It will take two years.\n"
            "“Nobody will be left behind,” she added.\n")
    art = article_from_text(text)
    assert len(art.paragraphs) == 3
    assert [s.text for s in art.sentences] == [
        "The mayor spoke for an hour.", "She said:", "“We will rebuild the bridge.",
        "It will take two years.", "“Nobody will be left behind,” she added."]
    assert_offsets(art)


def test_headline_byline_and_read_more_footer():
    text = ("Stocks Rally As Inflation Cools\n\n"
            "By Maria Lopez and Ken Ito\n\n"
            "Shares rose on Friday after data showed prices rising more slowly. "
            "\"It's a relief,\" said one trader.\n\n"
            "Read more: Why inflation matters for your savings\n\n"
            "Subscribe to our newsletter\n")
    art = article_from_text(text)
    assert art.title == "Stocks Rally As Inflation Cools"
    assert len(art.sentences) == 2
    assert art.sentences[1].text == "\"It's a relief,\" said one trader."
    kinds = sorted(b.reason.split(" ")[0] for b in art.removed)
    assert kinds == ["byline", "call", "related-link", "title"]


def test_hard_wrapped_paragraphs_are_joined():
    text = ("The committee met on Monday and\nvoted to delay the decision until\nthe spring.\n\n"
            "Members said they needed more\ntime to study the plan.\n")
    art = article_from_text(text)
    assert len(art.paragraphs) == 2
    assert len(art.sentences) == 2
    assert_offsets(art)


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
    ("It happened in the U.S. The police came.", ["It happened in the U.S.", "The police came."]),
    ("The U.S. Army said so. Fine.", ["The U.S. Army said so.", "Fine."]),
    ("J. K. Rowling wrote it. Yes.", ["J. K. Rowling wrote it.", "Yes."]),
    ("\"Go home.\" he said. Then he left.", ["\"Go home.\" he said.", "Then he left."]),
    ("“Stop!” She ran. It was 5 p.m. on Monday.", ["“Stop!”", "She ran.", "It was 5 p.m. on Monday."]),
    ("Is it over? “Yes,” said Ann.", ["Is it over?", "“Yes,” said Ann."]),
])
def test_sentence_splitter(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


@pytest.mark.parametrize("text", ["", "   \n\t\n", "Also read: something else\n", "*** --- ***\n"])
def test_text_without_sentences_is_rejected(text):
    with pytest.raises(InputError):
        article_from_text(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400))
def test_offsets_invariant_on_random_text(text):
    try:
        art = article_from_text(text)
    except InputError:
        return
    assert art.sentences
    assert_offsets(art)
    for a, b in zip(art.sentences, art.sentences[1:]):
        assert a.end <= b.start


news_words = st.sampled_from(["The", "minister", "said", "“We", "will", "win.”", "U.S.", "Mr.", "Jan.",
                              "he", "added.", "\"No,\"", "It's", "'quoted'", "Putin’s", "(AP)", "-", "\n",
                              "\n\n", "Read more:", "—", "5.5", "?", "!", "said:", "officials"])


@settings(max_examples=150, deadline=None)
@given(st.lists(news_words, min_size=1, max_size=60).map(" ".join))
def test_offsets_invariant_on_news_like_text(text):
    try:
        art = article_from_text(text)
    except InputError:
        return
    assert_offsets(art)
