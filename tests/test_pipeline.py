"""The stage contract: ordering, requirements, subsets, third-party stages, and the three
changes docs/architecture.md shows (a reporting verb, how a frame is decided, the sentiment
method), each made here and seen in the output."""
from __future__ import annotations

import pytest

from analysis import analyze
from analysis.pipeline import DEFAULT_STAGES, Pipeline
from analysis.stage import Stage, StageError, StageResult, register_stage, registered_stages

TEXT = ("Council approves budget\n\n"
        "Mayor Anna Lindqvist said the new budget would fund two schools. "
        "Critics accused the council of hiding the cost of the bridge.\n")


def test_default_stages_are_registered_and_run_in_order(nlp):
    result = analyze(TEXT, nlp=nlp)
    assert set(DEFAULT_STAGES) <= set(registered_stages())
    assert list(result.results) == list(DEFAULT_STAGES)
    assert set(result.timings) == set(DEFAULT_STAGES) - {"article"}


def test_a_subset_runs_with_its_requirements_only(nlp):
    result = analyze(TEXT, nlp=nlp, stages=["attribution"])
    assert list(result.results) == ["article", "parse", "actors", "attribution"]
    assert result.sentiment is None and result.frames is None
    doc = result.to_dict()
    assert "attributions" in doc and "sentiment" not in doc and "frames" not in doc
    assert {"sentences", "actors", "mentions", "attributions", "voices"} == set(result.tables())


def test_unknown_stage_and_bad_settings_are_clear_errors():
    with pytest.raises(StageError, match="unknown stage 'nope'"):
        Pipeline(["nope"])
    for stage in ("voice", "sentiment"):
        with pytest.raises(StageError, match=f"stage '{stage}'"):
            Pipeline(config={stage: {"colour": "red"}})


def test_a_missing_requirement_is_named_before_the_stage_runs(nlp):
    with pytest.raises(StageError, match="result 'parse' is not available"):
        stage = Pipeline(["actors"], nlp=nlp).stages[-1]
        from analysis.pipeline import ArticleAnalysis
        from analysis.article import article_from_text

        context = ArticleAnalysis(results={"article": article_from_text(TEXT)})
        for need in stage.requires:
            context.require(need)


def test_a_third_party_stage_runs_without_editing_pipeline_code(nlp):
    class WordCount(StageResult):
        def __init__(self, n):
            self.n = n

        def json_items(self):
            return {"word_count": self.n}

    @register_stage
    class WordCountStage(Stage):
        name = "test-word-count"
        requires = ("article", "voice")

        def run(self, context):
            narrator = [v for v in context.require("voice").sentences if v.voice == "narrator"]
            return WordCount(len(narrator))

    result = analyze(TEXT, nlp=nlp, stages=[*DEFAULT_STAGES, "test-word-count"])
    assert result.to_dict()["word_count"] == sum(1 for v in result.voice.sentences if v.voice == "narrator")
    assert list(result.results)[-1] == "test-word-count"


# ------------------------------------------------------------- (a) a reporting verb

@pytest.fixture()
def fresh_lexicon():
    """Lexicon caches cleared before and after the test (it edits what the YAML gives)."""
    from analysis.attribution import lexicon

    def clear():
        lexicon.lexicon.cache_clear()
        lexicon._classes.cache_clear()

    clear()
    yield lexicon
    clear()


def test_a_reporting_verb_added_to_the_lexicon_makes_a_new_attribution(monkeypatch, nlp, fresh_lexicon):
    """docs/architecture.md (a): one entry in analysis/data/reporting_verbs.yaml."""
    from analysis.resources import load_yaml

    text = "Ministers sulked that the plan was unfair.\n"
    assert not analyze(text, nlp=nlp).attributions.attributions
    packaged = load_yaml("reporting_verbs.yaml")
    edited = {**packaged, "cues": packaged["cues"] + [{"lemma": "sulk", "pos": "V", "class": "disputing"}]}
    monkeypatch.setattr(fresh_lexicon, "load_yaml", lambda name: edited)
    fresh_lexicon.lexicon.cache_clear()
    (att,) = analyze(text, nlp=nlp).attributions.attributions
    assert (att.cue_text, att.cue_class, att.speaker) == ("sulked", "disputing", "Ministers")
    assert text[att.content_start:att.content_end].endswith("the plan was unfair")


# ------------------------------------------------------------- (b) how a frame is decided

def test_a_cue_added_to_a_codebook_becomes_frame_evidence(tmp_path, nlp):
    """docs/architecture.md (b): a cue in the codebook YAML (a user copy via the framing stage's
    `codebooks` setting, or analysis/data/frames_generic.yaml itself)."""
    from analysis.resources import data_path

    text = "The zorblax was the talk of the town on Monday.\n"
    yaml_text = data_path("frames_generic.yaml").read_text(encoding="utf-8")
    yaml_text = yaml_text.replace("cues: [urgent, urgently,", "cues: [zorblax, urgent, urgently,")
    user = tmp_path / "generic.yaml"
    user.write_text(yaml_text, encoding="utf-8")
    before = analyze(text, nlp=nlp).frames.get("generic", "responsibility")
    after = Pipeline(nlp=nlp, config={"framing": {"codebooks": {"generic": user}}}).run(text)
    resp = after.frames.get("generic", "responsibility")
    assert not before.evidence
    assert [c.text for h in resp.evidence for c in h.cues] == ["zorblax"]
    assert resp.items["AR5"] > 0 and resp.contributions["AR5"] > 0


# ------------------------------------------------------------- (c) the sentiment method

def test_a_sentence_scorer_replaces_the_sentiment_method(nlp):
    """docs/architecture.md (c): the sentiment stage's `scorer` setting."""
    from analysis.sentiment import TextScore

    class AlwaysPositive:
        def score_text(self, text):
            return TextScore(1.0, 0.5, 1.0, "positive", (0.0, 0.0, 1.0))

    default = analyze(TEXT, nlp=nlp)
    changed = Pipeline(nlp=nlp, config={"sentiment": {"scorer": AlwaysPositive()}}).run(TEXT)
    assert default.sentiment.document()["label"] != "positive"
    assert changed.sentiment.document()["label"] == "positive"
    assert {s.score.label for s in changed.sentiment.sentences} == {"positive"}


def test_a_registered_stage_can_stand_in_for_a_built_in_one(nlp):
    """docs/architecture.md (e): `provides` names the result a stage replaces."""
    from analysis.sentiment import SentimentStage, TextScore

    class Flat:
        def score_text(self, text):
            return TextScore(0.0, 0.0, 0.0, "neutral", (0.0, 1.0, 0.0))

    @register_stage
    class FlatSentiment(SentimentStage):
        name = "test-flat-sentiment"
        provides = "sentiment"

        def __init__(self):
            super().__init__(scorer=Flat())

    stages = [s if s != "sentiment" else "test-flat-sentiment" for s in DEFAULT_STAGES]
    result = analyze(TEXT, nlp=nlp, stages=stages)
    assert "test-flat-sentiment" in result.timings and "sentiment" not in result.timings
    assert result.sentiment.document()["label"] == "neutral"
    assert result.frames is not None   # framing still finds everything it requires
