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
