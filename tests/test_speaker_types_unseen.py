"""An unlinked descriptive speaker is a person when its noun is a person's (issue 13, point 6): "a
dispatcher", "an officer", "her husband" were typed "organisation" on SemEval train articles.
Articles written for the test."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("source, sentence", [
    ("a dispatcher", "Later a dispatcher said that the woman was safe."),
    ("an officer", "Inside the house, an officer tells a colleague that it is all quiet right now."),
    ("Her husband", "Her husband says that she named the man in the sessions."),
    ("A firefighter", "A firefighter stated that he had been suspended from his job."),
])
def test_a_person_noun_speaks_as_a_person(attribute, source, sentence):
    r = attribute("The shooting happened on Saturday at a complex of town houses in the city.\n\n" + sentence + "\n")
    a = next(a for a in r.attributions.attributions if a.source_text == source)
    assert a.speaker_type == "person"


def test_a_described_person_resolves_to_the_one_introduced_with_the_noun(attribute):
    r = attribute("Officer Jane Porter arrived at the house at noon, and a neighbour called the police.\n\n"
                  "The officer said that the door was locked.\n")
    a = next(a for a in r.attributions.attributions if a.source_text == "The officer")
    assert (a.speaker, a.speaker_type) == ("Jane Porter", "person")



@pytest.mark.parametrize("sentence, source", [
    ("Two Chicago police officers said that the door of the house was locked.", "Two Chicago police officers"),
    ("Maria Lopez's parents said that she had left the house on Friday.", "Maria Lopez's parents"),
])
def test_several_people_named_by_a_person_noun_are_a_group(attribute, sentence, source):
    r = attribute("Maria Lopez lives at a complex of town houses in Chicago.\n\n" + sentence + "\n")
    a = next(a for a in r.attributions.attributions if a.source_text == source)
    assert a.speaker_type == "group"
