"""The learned candidate classifier of reported speech: features, scoring, the rule
gate as fallback, and the training labels and threshold simulation (on articles written here)."""
from __future__ import annotations

import pytest
from conftest import cue_candidates_of

from analysis.attribution import classifier
from analysis.evaluate.attribution import Item


_candidates = cue_candidates_of


def test_features_name_the_construction_source_and_rule_verdict(nlp):
    c = next(c for c in _candidates(nlp, "The senator said that the bill would pass.") if c.lemma == "say")
    f = classifier.features(c, nested=False, n_sents=1)
    assert f["struct=clause"] == 1.0 and f["how=subject"] == 1.0 and f["pos=V"] == 1.0
    assert f["rule_accepts"] == 1.0 and f["that"] == 1.0 and f["lemma=say"] == 1.0
    assert f["struct_prior"] > 2.0          # "say" with a clause is almost always a cue on train
    assert "nested" not in f and "in_quote" not in f


def test_features_tell_a_gated_sense_without_a_reason(nlp):
    c = next(c for c in _candidates(nlp, "The museum showed the visitors the old movie.") if c.lemma == "show")
    f = classifier.features(c, nested=True, n_sents=1)
    assert f["gated"] == 1.0 and f["nested"] == 1.0 and "rule_accepts" not in f


def test_score_is_the_logistic_of_the_weighted_sum():
    m = {"bias": -1.0, "threshold": 0.5, "weights": {"a": 2.0, "b": -0.5}}
    assert classifier.score({"a": 1.0}, m) == pytest.approx(1 / (1 + 2.718281828 ** -1.0))
    assert classifier.score({"a": 1.0, "b": 2.0, "unknown": 9.0}, m) == pytest.approx(0.5)


def test_without_a_model_the_rule_gate_decides(nlp, monkeypatch):
    monkeypatch.setattr(classifier, "model", lambda: None)
    said, shown = (next(c for c in _candidates(nlp, t) if c.lemma == lemma) for t, lemma in (
        ("The senator said that the bill would pass.", "say"), ("The museum showed the visitors the movie.", "show")))
    assert classifier.decide(said, False, 1) == (True, None)
    assert classifier.decide(shown, False, 1) == (False, None)


def test_the_packaged_model_keeps_say_and_drops_a_gated_sense(nlp):
    m = classifier.model()
    assert m is not None and 0 < m["threshold"] < 1
    said = next(c for c in _candidates(nlp, "The senator said that the bill would pass.") if c.lemma == "say")
    shown = next(c for c in _candidates(nlp, "The museum showed the visitors the old movie.") if c.lemma == "show")
    assert classifier.decide(said, False, 1)[0] is True
    assert classifier.decide(shown, False, 1)[0] is False


def test_a_kept_reported_attribution_carries_the_model_probability(nlp, attributions):
    text = "The senator said that the bill would pass."
    a = next(a for a in attributions(text) if a.cue_text == "said")
    c = next(c for c in _candidates(nlp, text) if c.lemma == "say")
    assert a.confidence == round(classifier.score(classifier.features(c, False, 1), classifier.model()), 3)


def test_recording_keeps_every_candidate_with_its_features(nlp):
    from analysis.pipeline import Pipeline

    text = "The museum showed the visitors the old movie. The senator said that the bill would pass."
    with classifier.recording() as log:
        atts = Pipeline(["attribution"], nlp=nlp).run(text).attributions.attributions
    cues = {text[a:b] for (a, b), _ in log}
    assert "said" in cues and "showed" not in cues          # the precision gate holds while recording
    assert {a.cue_text for a in atts} == cues and all(f["pos=V"] == 1.0 for _, f in log)
    assert classifier._recording is None


def test_training_label_needs_the_gold_cue():
    from analysis.training.attribution_candidates import labels

    text = "Smith said that Jones wants a new tax on imports."
    gold = [Item([(11, 48)], [(0, 5)], [(6, 10)]), Item([(27, 48)], [(16, 21)], [(22, 27)])]
    nested_under_said = Item([(28, 48)], [(16, 21)], [(0, 3)])        # content of "wants" but another cue
    wants = Item([(28, 48)], [(16, 21)], [(22, 27)])
    doc = {"text": text, "gold": gold, "fixed": [], "cands": [(nested_under_said, {}), (wants, {})]}
    assert labels(doc) == [0, 1]


def test_threshold_simulation_counts_kept_candidates_only():
    import numpy as np

    from analysis.training.attribution_candidates import simulate

    text = "Smith said that Jones wants a new tax on imports."
    gold = [Item([(11, 48)], [(0, 5)], [(6, 10)])]
    doc = {"text": text, "gold": gold, "fixed": [], "cands": [(Item([(11, 48)], [(0, 5)], [(6, 10)]), {})]}
    assert simulate([doc], np.array([0.9]), 0.5)[:2] == (100.0, 100.0)
    assert simulate([doc], np.array([0.1]), 0.5)[:2] == (0.0, 0.0)


def test_cue_nouns_keep_their_rules_under_the_model(attributions):
    found = attributions("A new poll of likely voters shows the mayor well ahead. The governor faced allegations "
                         "of fraud.")
    assert "poll" not in {a.cue_text for a in found}               # "a poll of": not what a poll says
    assert next(a for a in found if a.cue_text == "allegations").content_text == "fraud"
    # a cue noun with only a prepositional object is kept only at the model's threshold or above
    fears = attributions("Fears of a recession grew.")
    assert all(a.confidence >= classifier.model()["threshold"] for a in fears)


def test_the_model_adds_an_intention_the_rules_dropped(attributions, monkeypatch):
    text = "Senator Jones wants to cut taxes for small firms."
    assert [(a.cue_text, a.source_text) for a in attributions(text)] == [("wants", "Senator Jones")]
    monkeypatch.setattr(classifier, "model", lambda: None)
    assert attributions(text) == []


# Sense-ambiguous verbs added to the precision gate after reading the model's additions on 40
# SemEval-2023 train web articles (issue 13 (2)): each sentence below uses the verb's non-speech sense.
_NON_SPEECH = {
    "fire": "The officer fired the shot that killed the woman.",
    "seize": "The campaign seized on the emails to attack its rival.",
    "launch": "The party launched an investigation into the claim.",
    "accept": "The president accepted the invitation for talks.",
    "continue": "The mayor continued praising the young leaders.",
    "spot": "The minister was spotted taking a stroll around the hotel.",
    "trade": "The two men traded insults for months.",
    "publish": "The newspaper published the photo of the two men.",
    "introduce": "The bill introduces a voluntary guardian program for schools.",
    "mandate": "State law mandates a waiting period for the purchase of a handgun.",
    "pass": "The House passed a bill raising the age to buy a gun.",
    "sign": "The governor signed the bill on Friday.",
    "provide": "The translators provided their own reading of the text.",
    "roll": "The committee rolled out the old defense again.",
    "address": "Nobody else is addressing the problem in a serious way.",
    "choose": "The coalition chose not to do anything about the militia.",
    "present": "I presented myself at the door of the church.",
    "strike": "The idea struck me as the strangest thing I had read.",
    "block": "The agency blocked out the fact that tests had been conducted.",
    "deliver": "The agency delivered a million doses of antibiotics.",
    "become": "The debate became the focus of the campaign.",
    "turn": "The president turned his attention to the missile program.",
    "attempt": "The regime attempted to skirt the restrictions on its purchases.",
    "target": "The group targeted three students on the board.",
    "grant": "The president granted the agency more time.",
    "file": "They filed a case in the federal courts.",
    "debate": "The House debated the bill for eight hours on Wednesday.",
    "encourage": "The president encourages a free-for-all format at his press events.",
    # physical and administrative actions read as cues on SemEval-2023 train web articles
    "throw": "A stranger threw a soda in the boy's face at the restaurant.",
    "enjoy": "The family was enjoying a calm dinner at the restaurant.",
    "shoot": "The gunman shot eleven people dead in the square.",
    "aim": "The suspect aimed the gun at the officer.",
    "prohibit": "The new law prohibits trade with the island.",
    "sue": "Eight states sued to block the settlement.",
    "intend": "The article intended to provide evidence for the claims.",
    "allow": "He was not allowed to leave the building.",
}


@pytest.mark.parametrize("lemma", sorted(_NON_SPEECH))
def test_a_non_speech_sense_is_stopped_by_the_gate(nlp, attributions, lemma):
    from analysis.attribution.gate import passes_gate

    text = _NON_SPEECH[lemma]
    c = next(c for c in _candidates(nlp, text) if c.lemma == lemma)
    assert not passes_gate(c)
    assert classifier.decide(c, False, 1) == (False, None)
    assert lemma not in {a.cue_lemma for a in attributions(text)}


@pytest.mark.parametrize("text, lemma", [
    ("The minister accepted that the plan had failed.", "accept"),       # clausal complement
    ("The ministry published a statement on the attack.", "publish"),    # speech-act object
    ("The court filed a report on the case.", "file"),
])
def test_a_gated_verb_with_a_structural_reason_still_passes(nlp, text, lemma):
    from analysis.attribution.gate import passes_gate

    assert passes_gate(next(c for c in _candidates(nlp, text) if c.lemma == lemma))


# --------------------------------------------------------------------------- cue spans and content (issue 13)

def _one(atts, cue):
    found = [a for a in atts if a.cue_text == cue]
    assert len(found) == 1, [(a.cue_text, a.content_text) for a in atts]
    return found[0]


def test_a_participle_cue_after_an_object_reports_its_own_content(attributions):
    atts = attributions("Senator Jane Smith endorsed Cruz last week, saying the governor had kept every promise.")
    assert _one(atts, "endorsed").content_text == "Cruz"
    said = _one(atts, "saying")
    assert said.source_text == "Senator Jane Smith" and said.content_text == "the governor had kept every promise"


def test_a_quotation_after_a_participle_cue_is_the_participle_s(attributions):
    atts = attributions("Senator Jane Smith endorsed Cruz last week, saying he “has kept every promise he made to us.”")
    quoted = [a for a in atts if a.kind == "direct"]
    assert [(a.cue_text, a.source_text) for a in quoted] == [("saying", "Senator Jane Smith")]


def test_a_cue_noun_span_starts_at_the_verb_taking_it(attributions, nlp):
    """PolNeAR marks the verb as the cue of "pointed to attacks on ...", "expressed concern over"
    (whether such a candidate is kept is the classifier's call: its span is checked here)."""
    text = "The governor expressed deep concern over the closing of the plant."
    c = next(c for c in _candidates(nlp, text) if c.lemma == "concern" and c.struct == "noun-prep")
    assert text[c.start:c.end] == "expressed deep concern" and c.source.text == "governor"
    assert " ".join(t.text for t in c.sent if t.i in c.content) == "the closing of the plant"
    b = _one(attributions("Jane Smith pointed to attacks on her campaign."), "pointed to attacks")
    assert b.source_text == "Jane Smith" and b.content_text == "her campaign"


def test_a_cue_noun_span_stops_short_of_a_name(nlp):
    c = next(c for c in _candidates(nlp, "Clinton backed President Obama's advice that Britain should stay.")
             if c.lemma == "advice")
    assert c.lead is None and c.start == c.head.idx


def test_a_verb_and_its_cue_noun_make_one_attribution(attributions):
    atts = attributions("Local critics voiced concerns that the plan would raise prices.")
    assert [(a.cue_text, a.source_text, a.content_text) for a in atts] == [
        ("voiced concerns", "Local critics", "that the plan would raise prices")]


def test_a_person_raising_questions_is_their_source_a_thing_is_not(attributions):
    a = _one(attributions("Senator Jane Smith raised questions about the contract on Monday."), "raised questions")
    assert a.source_text == "Senator Jane Smith" and a.content_text == "the contract"
    b = _one(attributions("The remarks raised concerns about the contract."), "concerns")  # the verb is no cue then
    assert b.source_text is None


def test_the_later_gerunds_of_a_list_keep_the_list_s_source(attributions):
    atts = attributions("In her speech, Senator Jane Smith kept blaming the banks for the crisis, "
                     "saying the border is open and praising the sheriff.")
    said = _one(atts, "saying")
    assert said.content_text == "the border is open"
    assert _one(atts, "praising").source_text == "Senator Jane Smith"


def test_with_analysts_saying_is_reported_speech(attributions):
    a = _one(attributions("The index rose sharply on Monday, with analysts saying the rally would not last."), "saying")
    assert a.source_text == "analysts" and a.content_text == "the rally would not last"


def test_a_verbless_small_clause_is_no_reason_for_a_gated_verb(nlp):
    from analysis.attribution.gate import passes_gate

    c = next(c for c in _candidates(nlp, "Smith made him an effective target for Democrats.") if c.lemma == "make")
    assert c.struct == "object" and not c.clause and not passes_gate(c)


@pytest.mark.parametrize("text, kept", [
    ("Voters will see a new ad on Monday.", False),              # a thing to look at: not a view
    ("Senator Smith watched the debate on Monday.", False),
    ("Voters see him as a weak candidate.", True),               # "see X as Y": a belief
    ("Rivals see an opening in New Hampshire.", True),           # abstract object: PolNeAR's belief cue
])
def test_see_reports_a_view_only_in_its_belief_sense(nlp, attributions, text, kept):
    from analysis.attribution.gate import passes_gate

    c = next(c for c in _candidates(nlp, text) if c.lemma in ("see", "watch"))
    assert passes_gate(c) is kept
    if not kept:
        assert attributions(text) == []


def test_a_noun_reporting_only_a_prepositional_object_needs_the_model_threshold(attribute):
    """'attacks on', 'view of' below the classifier's threshold make no attribution; 'allegations
    of', 'raised questions about' above it do."""
    from analysis.attribution.classifier import model

    def noun_preps(text):
        return [a for a in attribute(text).attributions.attributions if a.construction == "noun-prep"]

    assert noun_preps("The senator repeated his attacks on the moderators at a rally in Ohio on Tuesday.") == []
    assert noun_preps("Its view of the world has changed little since the war ended.") == []
    (a,) = noun_preps("The governor faced allegations of fraud at the state lottery, which he denied on Monday.")
    assert a.cue_text == "allegations" and a.content_text == "fraud" and a.confidence >= model()["threshold"]
    (b,) = noun_preps("Mr. Smith has raised questions about the company's tax returns.")
    assert b.content_text == "the company's tax returns" and b.speaker == "Smith"
