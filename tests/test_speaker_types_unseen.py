"""An unlinked descriptive speaker is a person when its noun is a person's (issue 13, point 6): "a
dispatcher", "an officer", "her husband" were typed "organisation" on SemEval train articles.
Articles written for the test."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("source, sentence, kind", [
    ("a dispatcher", "Later a dispatcher said that the woman was safe.", "person"),
    ("an officer", "Inside the house, an officer tells a colleague that it is all quiet right now.", "person"),
    ("Her husband", "Her husband says that she named the man in the sessions.", "person"),
    ("A firefighter", "A firefighter stated that he had been suspended from his job.", "person"),
    # several people named by a person noun qualified by an actor are a group
    ("Two Chicago police officers", "Two Chicago police officers said that the door of the house was locked.", "group"),
    ("Maria Lopez's parents", "Maria Lopez's parents said that she had left the house on Friday.", "group"),
])
def test_a_person_noun_speaks_as_a_person_or_a_group(attribute, source, sentence, kind):
    r = attribute("Maria Lopez lives at a complex of town houses in Chicago.\n\n" + sentence + "\n")
    a = next(a for a in r.attributions.attributions if a.source_text == source)
    assert a.speaker_type == kind


def test_a_described_person_resolves_to_the_one_introduced_with_the_noun(attribute):
    r = attribute("Officer Jane Porter arrived at the house at noon, and a neighbour called the police.\n\n"
                  "The officer said that the door was locked.\n")
    a = next(a for a in r.attributions.attributions if a.source_text == "The officer")
    assert (a.speaker, a.speaker_type) == ("Jane Porter", "person")
