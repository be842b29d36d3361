"""The cue gate on non-speech senses read on SemEval-2023 train web articles (issue 13, point 2):
physical and administrative actions, phrasal verbs like "call back", a name taken for a
speech-act object. Every sentence is written for the test."""
from __future__ import annotations

import pytest
from conftest import cue_candidates_of

from analysis.attribution import classifier
from analysis.attribution.gate import passes_gate


_candidates = cue_candidates_of


@pytest.mark.parametrize("text, lemma", [
    ("The governor shot back that the plan was a fraud.", "shoot"),           # a clause: a retort
    ("The minister released a speech on the economy.", "release"),            # a speech-act object
])
def test_the_same_verbs_with_a_reason_still_pass(nlp, text, lemma):
    assert passes_gate(next(c for c in _candidates(nlp, text) if c.lemma == lemma))


def test_a_phrasal_call_back_makes_no_attribution(nlp, attributions):
    text = "After the hang-up call, a dispatcher called the number back and reached a woman."
    c = next(c for c in _candidates(nlp, text) if c.lemma == "call")
    assert not passes_gate(c)
    assert "call" not in {a.cue_lemma for a in attributions(text)}
    off = "The police called off the search for the missing hiker on Sunday."
    assert "call" not in {a.cue_lemma for a in attributions(off)}
    hat = "A stranger ripped off the boy's hat and threw it on the floor."
    assert not passes_gate(next(c for c in _candidates(nlp, hat) if c.lemma == "rip"))
    # "ripped" alone is criticism (PolNeAR train): no particle, no gate
    assert passes_gate(next(c for c in _candidates(nlp, "Sanders ripped the senator over the deal.")
                            if c.lemma == "rip"))


def test_call_for_and_call_on_stay_cues(nlp):
    for text in ("The senator called for an inquiry into the deal.",
                 "The senator called on the minister to resign."):
        assert passes_gate(next(c for c in _candidates(nlp, text) if c.lemma == "call"))


def test_a_name_is_no_speech_act_object(nlp):
    # "post" is a speech-act object ("published a post"); the newspaper's name is not one
    named = next(c for c in _candidates(nlp, "The essay was first published the Jerusalem Post.")
                 if c.lemma == "publish")
    assert not passes_gate(named)
    post = next(c for c in _candidates(nlp, "The ministry published a post on the attack.") if c.lemma == "publish")
    assert passes_gate(post)
