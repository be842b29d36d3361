"""Policy prescription and evaluation (issue 14): the enforcement-agency item of the codebook and the
frame's cue-only calibration (its word model ranked train articles below chance)."""
from __future__ import annotations

import numpy as np
import pytest

from analysis.framing import load_calibration

ITEM = "policy:policy_prescription:enforcement"


@pytest.fixture()
def enforcement_cues(analyze_text):
    """The surface words the enforcement item matched in a text."""
    def run(text: str) -> list[str]:
        fr = analyze_text(text).frames
        f = fr.get("policy", "policy_prescription")
        return [c.text for h in f.evidence if h.item == ITEM for c in h.cues]
    return run


@pytest.mark.parametrize("text, words", [
    ("Police waited six hours before they searched the compound.", ["Police"]),
    ("Two officers stood outside the house all night.", ["officers"]),
    ("The FBI opened an inquiry into the shooting on Monday.", ["FBI"]),
    ("Critics said the cops had ignored every warning.", ["cops"]),
])
def test_an_enforcement_agency_is_evidence_of_existing_policy_in_practice(enforcement_cues, text, words):
    assert enforcement_cues(text) == words


@pytest.mark.parametrize("text", [
    "The Dallas Police Department held a news conference on Monday.",   # inside an organisation's name
    "She starred in the film Police Academy Returns last year.",        # inside a title
    "No officer was charged after the raid.",                           # negated
    "The committee debated the new school budget for hours.",           # no agency at all
])
def test_no_enforcement_cue_inside_a_name_or_negated(enforcement_cues, text):
    assert enforcement_cues(text) == []


def test_the_enforcement_item_is_its_own_calibration_feature(analyze_text):
    """The item weight enters the frame's own features under its item id, beside the old item."""
    f = analyze_text("Police waited six hours before they searched the compound.").frames.get(
        "policy", "policy_prescription")
    assert f.items[ITEM] == 0.5 and f.items["policy:policy_prescription"] == 0.0   # a weak (half) cue


def test_policy_prescription_is_calibrated_on_its_own_cues():
    """The shipped calibration scores the frame by its own cue features (non-negative cue weights,
    a threshold in (0, 1)); the word file holds no column for it; its train nested F1 is recorded."""
    from analysis.frame_words import load_words

    c = load_calibration()["policy"]["frames"]["policy_prescription"]
    assert c["model"] == "cues"
    assert set(c["weights"]) == {"policy:policy_prescription", ITEM, "lead", "share", "length"}
    assert all(w >= 0 for n, w in c["weights"].items() if n != "length")
    assert c["weights"][ITEM] > 0 and 0.0 < c["threshold"] < 1.0
    assert "policy_prescription" not in load_words(load_calibration()["policy"]["words"]).weights
    assert 0.0 < c["train_cv_f1"] <= 1.0


def test_a_call_rests_on_cue_evidence_and_reports_its_own_features(analyze_text):
    """At run time the frame's score is the logistic of its own features: contributions by those
    names, no learned words; with no cue sentence the frame is never called."""
    c = load_calibration()["policy"]["frames"]["policy_prescription"]
    f = analyze_text("Police waited six hours before they searched the compound. Officers said the "
                     "FBI had told police to wait.").frames.get("policy", "policy_prescription")
    assert set(f.contributions) <= set(c["weights"]) and f.words is None
    assert f.threshold == c["threshold"]
    none = analyze_text("The committee debated the school budget for hours.").frames.get("policy", "policy_prescription")
    assert not none.present and not none.evidence


def test_cue_only_calls_need_the_frames_evidence():
    """policy_words._cue_calls: a model fitted on the training rows calls the held-out rows whose
    feature is high, and never a row without the frame's cue evidence."""
    from analysis.training.policy_words import _cue_calls

    rng = np.random.RandomState(0)
    x = rng.rand(200)
    y = (x > 0.6).astype(float)
    X = np.column_stack([x * 3, np.zeros(200)])
    Y = np.column_stack([y, y])
    E = np.ones((200, 2), dtype=bool)
    E[150:175, 1] = False
    tr, te = np.arange(100), np.arange(100, 200)
    calls = _cue_calls({1: (X, np.array([True, False]))}, Y, E, tr, te)[1]
    held = y[te] > 0
    assert (calls == (held & E[te, 1])).mean() > 0.9
    assert not calls[50:75].any()


@pytest.mark.parametrize("text", [
    "Police foiled the alleged terrorist attempt on Monday.",
    "Most police forces have long had cameras in their cruisers.",
    "Police officers and FBI agents searched the house.",
])
def test_a_police_mention_alone_does_not_make_a_sentence_policy_prescription(analyze_text, text):
    """The enforcement item is half-weight context (``context: true``): its weight is a calibration
    feature, but the frame's summed cue weight leaves it out, so in a one-sentence text (the FrAC
    rule: the frame with the most cue weight) another frame wins."""
    from analysis.evaluate.framing import top_policy_frame
    from analysis.framing import default_codebooks

    fr = analyze_text(text).frames
    assert top_policy_frame(fr, default_codebooks()[1])[0] != "policy_prescription"
    f = fr.get("policy", "policy_prescription")
    assert f.items[ITEM] > 0 and f.weight == 0.0
