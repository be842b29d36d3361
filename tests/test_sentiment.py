"""Sentiment: sentence scores, negation and contrast, target exclusion, narrator vs quoted voices,
sentiment toward actors; on sentences written for these tests, plus the seed article."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest

from analysis.sentiment import SentenceScorer, SentimentStage
from analysis.spans import ContentSpan
from analysis.target_sentiment import lexicon, target_features, target_sentiment, token_valences
from analysis.voice import VoiceStage


def analyze_sentiment(result):
    """The sentiment stage, run again on an analysed article."""
    return SentimentStage().run(result)


def _span(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def _valence_of(nlp, text: str, word: str) -> tuple[float, bool]:
    doc = nlp(text)
    vals = token_valences(doc[:], lexicon())
    tok = next(t for t in doc if t.text == word)
    return vals[tok.i]


# --------------------------------------------------------------------------- lexicon rules

def test_negation_flips_a_verb_valence(nlp):
    plain, neg_plain = _valence_of(nlp, "The senator praised the new budget.", "praised")
    negated, neg_flag = _valence_of(nlp, "The senator did not praise the new budget.", "praise")
    assert plain > 0 and not neg_plain
    assert negated < 0 and neg_flag
    assert negated == pytest.approx(lexicon().valence["praise"] * lexicon().n_scalar)


def test_negation_lowers_target_score(nlp):
    a = "The senator praised Marta Olsen for the new budget."
    b = "The senator did not praise Marta Olsen for the new budget."
    sa, la, ev_a = target_sentiment(a, *_span(a, "Marta Olsen"), nlp=nlp)
    sb, lb, ev_b = target_sentiment(b, *_span(b, "Marta Olsen"), nlp=nlp)
    assert la == "positive"
    assert sb < sa - 0.3
    praise = [e for e in ev_b if e.word == "praise"]
    assert praise and praise[0].negated and praise[0].valence < 0


def test_contrast_weights_the_clause_after_but(nlp):
    text = "The mayor is honest, but his plan is a disaster."
    honest, _ = _valence_of(nlp, text, "honest")
    disaster, _ = _valence_of(nlp, text, "disaster")
    lex = lexicon()
    assert honest == pytest.approx(lex.valence["honest"] * 0.5)
    assert disaster == pytest.approx(lex.valence["disaster"] * 1.5)


def test_contrast_order_changes_target_score(nlp):
    a = "Reporters found Tomas Berg brilliant but reckless and dishonest."
    b = "Reporters found Tomas Berg reckless and dishonest but brilliant."
    sa, _, _ = target_sentiment(a, *_span(a, "Tomas Berg"), nlp=nlp)
    sb, _, _ = target_sentiment(b, *_span(b, "Tomas Berg"), nlp=nlp)
    assert sb > sa


def test_target_words_are_not_evidence(nlp):
    # "Liberty" and "Hope" are sentiment words in VADER; as names they must not count.
    text = "The Liberty Hope Party held a meeting on Tuesday."
    start, end = _span(text, "Liberty Hope Party")
    doc = nlp(text)
    feats, parts = target_features(doc[:], start, end)
    assert "lin_pos" not in feats and "lin_neg" not in feats
    assert all(not (start <= doc[i].idx < end) for i in parts)
    score, label, evidence = target_sentiment(text, start, end, nlp=nlp)
    assert all(not (start <= e.start < end) for e in evidence)
    assert label == "neutral"


def test_excluded_ranges_do_not_count(nlp):
    text = "Ines Moreau said the deal was a wonderful, historic success."
    start, end = _span(text, "Ines Moreau")
    content = (text.index("the deal"), len(text) - 1)
    with_words, _, ev1 = target_sentiment(text, start, end, nlp=nlp)
    without, _, ev2 = target_sentiment(text, start, end, exclude=[content], nlp=nlp)
    assert any(e.word == "wonderful" for e in ev1)
    assert not any(content[0] <= e.start < content[1] for e in ev2)
    assert without < with_words


def test_bad_offsets_do_not_crash(nlp):
    score, label, evidence = target_sentiment("Nothing to see here.", 50, 60, nlp=nlp)
    assert label in ("negative", "neutral", "positive") and -1 <= score <= 1
    score, label, _ = target_sentiment("", 0, 0, nlp=nlp)
    assert label in ("negative", "neutral", "positive")


def test_sentence_scorer_labels_clear_cases():
    scorer = SentenceScorer.load()
    good = scorer.score_text("The rescue was a wonderful success and families celebrated with joy.")
    bad = scorer.score_text("The attack killed dozens and left the town in terror and grief.")
    flat = scorer.score_text("The committee meets on Tuesday in the town hall.")
    assert good.label == "positive" and good.vader_compound > 0.5
    assert bad.label == "negative" and bad.vader_compound < -0.5
    assert flat.label == "neutral"
    assert 0 <= good.textblob_subjectivity <= 1


# --------------------------------------------------------------------------- voices

ARTICLE = (
    "Bridge opens after delays\n\n"
    "Mayor Anna Lindqvist opened the new river bridge on Monday after years of delays. "
    "“This is a wonderful, beautiful day for our great city,” Lindqvist said. "
    "Critics called the project a costly failure and blamed the mayor for the chaos.\n\n"
    "Transport minister Paul Okafor praised Anna Lindqvist for her courage.\n"
)


@dataclass
class FakeAttribution:
    speaker: str
    speaker_id: str
    source_start: int
    source_end: int
    cue_start: int
    cue_end: int
    content_fragments: list = field(default_factory=list)


@dataclass
class FakeAttributions:
    """Stands in for the attribution stage: one direct quote by a named speaker."""
    spans: list
    attributions: list

    def content_spans(self):
        return self.spans


@pytest.fixture(scope="module")
def bridge(nlp):
    from analysis import analyze

    result = analyze(ARTICLE, nlp=nlp)
    text = result.article.text
    q0 = text.index("“") + 1
    q1 = text.index("”")
    src = _span(text, "Lindqvist", 1)
    cue = _span(text, "said")
    result.results["attribution"] = FakeAttributions(
        [ContentSpan(q0, q1, "Anna Lindqvist", 1, "direct")],
        [FakeAttribution("Anna Lindqvist", "anna-lindqvist", *src, *cue, [(q0, q1)])])
    result.results["voice"] = VoiceStage().run(result)
    return result, analyze_sentiment(result)


def test_quoted_words_go_to_the_speaker_not_the_narrator(bridge):
    result, sent = bridge
    rows = {(r["voice"], r["speaker"]): r for r in sent.voice_rows()}
    narrator = rows[("narrator", None)]
    quoted = rows[("quoted", "Anna Lindqvist")]
    assert quoted["vader_compound"] > 0.6 and quoted["label"] == "positive"
    assert narrator["vader_compound"] < quoted["vader_compound"] - 0.4
    text = result.article.text
    narrator_text = " ".join(text[g.start:g.end] for g in sent.segments if g.voice == "narrator")
    assert "wonderful" not in narrator_text and "failure" in narrator_text
    assert sent.to_dict()["method"]["voice_source"] == "attributions"


def test_speaker_own_words_are_not_sentiment_toward_the_speaker(bridge):
    result, sent = bridge
    text = result.article.text
    actor = next(a for a in sent.actors if a.name == "Anna Lindqvist")
    q0, q1 = text.index("“"), text.index("”")
    src = _span(text, "Lindqvist", 1)
    said = next(m for m in actor.mentions if m.start == src[0])
    assert said.voice == "narrator"
    assert all(not (q0 <= e.start < q1) for e in said.evidence)
    assert all(e.word != "said" for e in said.evidence)
    # Another actor's praise of her does count toward her.
    praised = [m for m in actor.mentions if m.sentence_id == 3]
    assert praised and praised[0].label == "positive"
    assert any(e.word == "praised" for e in praised[0].evidence)


def test_sentiment_alone_runs_what_it_requires(nlp):
    from analysis import analyze

    result = analyze(ARTICLE, nlp=nlp, stages=["sentiment"])
    assert list(result.results) == ["article", "parse", "actors", "attribution", "voice", "sentiment"]
    quoted = {r["speaker"]: r for r in result.sentiment.voice_rows() if r["voice"] == "quoted" and r["speaker"]}
    assert quoted["Anna Lindqvist"]["label"] == "positive"


def test_output_is_json_native_deterministic_and_valid(bridge, nlp):
    import jsonschema
    from referencing import Registry, Resource

    from analysis.schema import schema_documents

    result, sent = bridge
    d1 = json.dumps(sent.to_dict(), sort_keys=False)
    d2 = json.dumps(analyze_sentiment(result).to_dict(), sort_keys=False)
    assert d1 == d2
    docs = schema_documents()
    registry = Registry().with_resources((u, Resource.from_contents(d)) for u, d in docs.items())
    jsonschema.Draft202012Validator(docs["urn:media-analysis:sentiment"], registry=registry).validate(json.loads(d1))


def test_tables_shapes_and_no_clashing_columns(bridge):
    result, sent = bridge
    tables = sent.tables()
    s = tables["sentences"]
    assert list(s.columns[:5]) == ["sentence_id", "textblob_polarity", "textblob_subjectivity",
                                   "vader_compound", "sentiment_label"]
    assert len(s) == len(result.article.sentences)
    assert set(tables) >= {"sentences", "actor_sentiment", "voice_sentiment"}
    actors = tables["actor_sentiment"]
    assert "Anna Lindqvist" in set(actors["name"])
    row = actors[actors["name"] == "Anna Lindqvist"].iloc[0]
    assert row["scored_mentions"] >= 2 and row["evidence"]


def test_odd_input_does_not_crash(analyze_text):
    for text in ['He said "this never closes. Then nothing happened at all on the day.',
                 "“” “”  The council met. ‘’ ««»» ….",
                 "Zoë Ångström 😊 praised the café’s naïve résumé in Zürich today."]:
        result = analyze_text(text)
        json.dumps(result.sentiment.to_dict())
        result.sentiment.tables()


# --------------------------------------------------------------------------- seed article

def _seed_sentiment(seed):
    return seed.sentiment if seed.sentiment is not None else analyze_sentiment(seed)


def test_seed_quoted_putin_more_positive_than_narrator(seed):
    sent = _seed_sentiment(seed)
    rows = sent.voice_rows()
    narrator = next(r for r in rows if r["voice"] == "narrator")
    assert narrator["label"] in ("neutral", "negative")
    assert narrator["vader_compound"] <= 0.05
    putin = next(r for r in rows if r["speaker"] == "Vladimir Putin")
    assert putin["label"] == "positive"
    assert putin["vader_compound"] > narrator["vader_compound"] + 0.1


def test_seed_actor_table_covers_main_actors_with_evidence(seed):
    sent = _seed_sentiment(seed)
    by_name = {a.name: a for a in sent.actors}
    for name in ("Vladimir Putin", "Kim Jong Un", "Russia", "North Korea", "United States", "Ukraine"):
        assert name in by_name, name
        assert by_name[name].mentions, name
        assert by_name[name].evidence(), name
        for m in by_name[name].mentions:
            assert seed.article.text[m.start:m.end] == m.text
            for e in m.evidence:
                assert seed.article.text[e.start:e.end] == e.word


def test_seed_sentences_csv_has_scores_once(seed):
    df = seed.tables()["sentences"]
    assert "vader_compound" in df.columns and "sentiment_label" in df.columns
    assert not [c for c in df.columns if c.endswith(("_x", "_y"))]
