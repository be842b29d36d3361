"""Learned policy-frame words: the run-time tf-idf equals scikit-learn's, offsets point at the words."""
import math

import pytest

from analysis.frame_words import TOKEN, contributions, load_words, tfidf, word_offsets

DOCS = ["Sanctions hit the economy; sanctions again.", "The court ruled the law unconstitutional.",
        "Troops and the army moved; the court waited.", "Economy, economy: the budget and taxes."]


def test_tfidf_equals_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(sublinear_tf=True, token_pattern=TOKEN.pattern, lowercase=True).fit(DOCS)
    idf = {w: float(vec.idf_[k]) for w, k in vec.vocabulary_.items()}
    row = vec.transform([DOCS[0]]).toarray()[0]
    want = {w: float(row[k]) for w, k in vec.vocabulary_.items() if row[k]}
    got = tfidf(DOCS[0], idf)
    assert set(got) == set(want) == {"sanctions", "hit", "the", "economy", "again"}
    assert all(math.isclose(got[w], want[w], rel_tol=1e-9) for w in want)
    assert got["sanctions"] > got["hit"]            # twice in the text: 1 + ln 2


def test_contributions_and_offsets():
    vec = {"sanctions": 0.5, "court": 0.25}
    assert contributions(vec, {"sanctions": 2.0, "army": 1.0}) == {"sanctions": 1.0}
    text = "Sanctions, then more sanctions (no sanction)."
    offs = word_offsets(text, {"sanctions"})
    assert [text[a:b].lower() for a, b in offs["sanctions"]] == ["sanctions", "sanctions"]
    assert offs["sanctions"][0] == (0, 9)


def test_packaged_words_cover_every_semeval_frame():
    fw = load_words()
    if fw is None:
        pytest.skip("no fitted word model")
    from analysis.evaluate.framing import semeval_label_of
    from analysis.framing import default_codebooks

    keys = {fd.key for fd in default_codebooks()[1].frames if semeval_label_of(fd)}
    assert set(fw.weights) == keys
    assert len(fw.idf) > 1000 and all(v > 0 for v in fw.idf.values())


def test_learned_words_list_a_bounded_number_of_offsets(analyze_text):
    """A word repeated many times (a long or repetitive article) gives its count and only its
    first MAX_WORD_OFFSETS offsets: the JSON stays bounded."""
    from analysis.frame_words import MAX_WORD_OFFSETS

    if load_words() is None:
        pytest.skip("no fitted word model")
    text = "Sanctions over the nuclear program\n\n" + "".join(
        f"The sanctions on oil exports were tightened again in round {k}.\n\n" for k in range(40))
    result = analyze_text(text)
    listed = [w for f in result.frames.ranked("policy") for w in (f.words or [])]
    many = [w for w in listed if w["count"] > MAX_WORD_OFFSETS]
    assert many, "some learned word should occur more than MAX_WORD_OFFSETS times"
    low = result.article.text.lower()
    for w in listed:
        assert len(w["offsets"]) == min(w["count"], MAX_WORD_OFFSETS)
        assert w["count"] == len([m for m in TOKEN.finditer(low) if m.group(0) == w["word"]])
        assert all(low[a:b] == w["word"] for a, b in w["offsets"])
