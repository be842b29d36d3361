"""Learned words for the generic frames (NFC train): shipped only where nested train CV beats the
cue-only calibration, scored at run time exactly as fitted, and listed with their offsets."""
import math

import numpy as np
import pytest

from analysis.frame_structure import features as structure_features
from analysis.frame_words import GENERIC_WORDS_FILE, TOKEN, contributions, load_words, tfidf
from analysis.framing import frame_features, load_calibration
from analysis.training import generic_words as gw

TEXT = ("Farmers face ruin as the drought deepens\n\n"
        "Maria Lopez, 54, a farmer in the valley, wept as she showed the dry fields her family has worked "
        "for three generations. \"We are desperate. My children ask me whether we will lose our home,\" she said.\n\n"
        "Church leaders said it was a moral duty to help, and called the government's inaction a sin and "
        "a betrayal of its values. \"God asks us to care for the vulnerable,\" the bishop said.\n\n"
        "Economists warned that crop losses would cost the region millions of dollars.\n\n")


def _generic():
    return (load_calibration().get("generic") or {}).get("frames", {})


def test_words_ship_only_where_nested_cv_beats_cues_and_always_yes():
    frames = _generic()
    if not frames:
        pytest.skip("no generic calibration")
    fw = load_words(GENERIC_WORDS_FILE)
    shipped = {k for k, c in frames.items() if c.get("model") == "words"}
    assert set(fw.weights if fw else {}) == shipped
    for key, c in frames.items():
        n = c["train_nested_cv"]
        assert n["reps"] >= 5 and 0.0 < n["always_yes"] < 1.0
        assert (key in shipped) == (n["words"] >= n["cues"] + gw.MIN_GAIN and n["words"] > n["always_yes"])


def test_word_model_score_is_reproducible_and_lists_words(analyze_text):
    frames = _generic()
    fw = load_words(GENERIC_WORDS_FILE)
    if fw is None:
        pytest.skip("no generic frame ships learned words")
    result = analyze_text(TEXT)
    text = result.article.text
    vec = tfidf(text, fw.idf)
    for f in result.frames.ranked("generic"):
        c = frames[f.frame]
        if c.get("model") != "words":
            assert f.words is None
            continue
        n = result.frames.n_sentences
        forms: dict[str, list[str]] = {}
        for k in c["weights"]:
            if "." in k:
                forms.setdefault(k.split(".")[0], []).append(k.split(".")[1])
        x = frame_features(list(f.items), f.items, f.share, n, f.parties["weight"] if f.parties else None,
                           structure=structure_features(f.structure or {}, forms, n))
        wc = contributions(vec, fw.weights[f.frame])
        z = c["bias"] + sum(c["weights"][k] * v for k, v in x.items() if k in c["weights"]) + sum(wc.values())
        assert math.isclose(f.score, 1 / (1 + math.exp(-z)), rel_tol=1e-9)
        assert f.present == (f.score >= c["threshold"] and bool(f.sentence_ids))
        assert f.words, "a word-model frame lists the words that raise its score"
        low = text.lower()
        for w in f.words:
            assert w["contribution"] > 0 and w["count"] >= 1
            assert w["count"] == sum(1 for m in TOKEN.finditer(low) if m.group(0) == w["word"])
            assert all(low[a:b] == w["word"] for a, b in w["offsets"])
        if f.present:
            assert f.evidence and f.sentence_ids      # a called frame keeps its cue sentences


def test_ships_rule():
    base = {"cues": 0.50, "always_yes": 0.40, "words_sd": 0.0, "cues_sd": 0.0, "reps": 5}
    assert gw.ships(dict(base, words=0.50 + gw.MIN_GAIN))
    assert not gw.ships(dict(base, words=0.50 + gw.MIN_GAIN / 2))
    assert not gw.ships(dict(base, cues=0.2, words=0.39))


def test_nested_compare_prefers_words_when_words_carry_the_label(monkeypatch):
    """Synthetic corpus: the label is a word ("glacier"), the cue feature is noise: the word model's
    nested F1 is far above the cue-only calibration's, and it ships."""
    monkeypatch.setattr(gw, "CS", (1.0,))            # one candidate C keeps the test quick
    rng = np.random.RandomState(0)
    filler = ["report", "city", "week", "officials", "plan", "river", "market", "school", "road", "council"]
    texts, y = [], []
    for i in range(60):
        pos = i % 2 == 0
        words = list(rng.choice(filler, 12)) + (["glacier", "melting", "glacier"] if pos else ["budget"])
        texts.append(" ".join(words))
        y.append(1.0 if pos else 0.0)
    y = np.array(y)
    X = np.column_stack([rng.rand(60), np.ones(60) * 0.5])       # a noise cue feature, a share
    E = np.ones(60, dtype=bool)
    cmp = gw.nested_compare(texts, X, y, E, np.array([True, True]), reps=1)
    assert cmp["words"] > 0.95 and cmp["words"] > cmp["cues"] + 0.2
    assert math.isclose(cmp["always_yes"], 2 / 3)
    assert gw.ships(cmp)
