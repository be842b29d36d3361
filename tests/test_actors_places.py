"""A city is a place, not a state (issue 13, point 6): "Westerville" (10 mentions) and "San
Francisco" were typed states and spoke in SemEval train stories; a US state or a province with a government stays a state. Articles
written for the test."""
from __future__ import annotations

from analysis import analyze
from analysis.actor_types import is_country, is_region, refine_type

HEADLINE = ("A headline for the test\n\nThis short article was written for a unit test of the actors "
            "stage, and this first paragraph of it names nobody at all.\n\n")


def actors_of(nlp, text: str) -> dict:
    result = analyze(HEADLINE + text, nlp=nlp, stages=["article", "parse", "actors"])
    return {a.name: a for a in result.actors}


def test_regions_and_cities_by_name():
    assert is_region("Texas") and is_region("Ontario") and is_region("Bavaria")
    assert not is_region("Westerville") and not is_region("Columbus") and not is_region("London")
    assert is_country("Palestine") and is_country("Taiwan")          # "Palestine, State of" in ISO 3166
    assert refine_type("state", "Westerville", []) == "other"


def test_a_city_acting_is_a_place_a_state_acting_is_a_state(nlp):
    text = ("Columbus sent officers to help, and Cleveland agreed to pay for the funeral.\n\n"
            "Ohio officials said the state would pay for the funeral. Ohio agreed.\n")
    actors = actors_of(nlp, text)
    assert actors["Columbus"].type == "other"          # was "state": a city acting (a verb's subject)
    assert actors["Cleveland"].type == "other"
    assert actors["Ohio"].type == "state"


def test_a_city_is_left_out_of_who_speaks(nlp):
    from analysis.summary import who_speaks

    text = ("San Francisco announced on Monday that the law would change.\n\n"
            "\"We will be there,\" Mayor Jane Porter said.\n")
    result = analyze(HEADLINE + text, nlp=nlp)
    assert {a.name: a.type for a in result.actors}["San Francisco"] == "other"
    finding = who_speaks(result).text
    assert "Jane Porter" in finding and "San Francisco" not in finding


def test_a_county_taken_for_a_person_is_a_place(nlp):
    from analysis.actor_types import is_place

    assert is_place("Kent") and is_place("Nottinghamshire") and not is_place("Brent") and not is_place("Paul")
    text = ("The activist was attacked by two inmates at a prison on the Isle of Sheppey, Kent, on Monday.\n\n"
            "A firefighter from Nottinghamshire lost his job after the post.\n")
    actors = actors_of(nlp, text)
    assert all(actors[n].type == "other" for n in ("Kent", "Nottinghamshire") if n in actors)
    assert {"Kent", "Nottinghamshire"} & set(actors)


def test_outlets_and_platforms_are_not_persons(nlp):
    text = ("The activist told Breitbart that he would appeal.\n\n"
            "He later posted the video on Twitter, where it was shared widely.\n")
    actors = actors_of(nlp, text)
    assert actors["Breitbart News"].type == "media"
    assert actors["Twitter"].type == "organisation"


def test_an_outlet_with_and_without_the_article_is_one_actor(nlp):
    text = ("The Guardian published the claim on Tuesday.\n\n"
            "Critics said the Guardian had not checked it, and the paper stood by the story.\n")
    actors = actors_of(nlp, text)
    assert actors["The Guardian"].type == "media" and "Guardian" not in actors
    assert actors["The Guardian"].mention_count == 2


def test_a_name_before_a_hyphenated_participle_stays_the_name(nlp):
    text = ("George Soros gave money to the university, and the government attempted to close a "
            "prominent Soros-founded university.\n\nMoon Jae-in met him later.\n")
    actors = actors_of(nlp, text)
    assert "Soros-founded" not in actors and actors["George Soros"].mention_count == 2
    assert "Moon Jae-in" in actors                       # a hyphenated given name stays whole


def test_a_listed_persons_surname_labelled_a_place_is_a_person(nlp):
    # the recogniser labels "Obama" GPE in "than Obama in Syria" (a SemEval opinion piece); the
    # alias table lists Barack Obama, so the one-word name is his surname, not a town
    text = "Would the president have been less confrontational than Obama in Syria? Obama refused to send weapons.\n"
    actors = actors_of(nlp, text)
    assert actors["Obama"].type == "person" and actors["Syria"].type == "state"


def test_a_region_abroad_that_is_a_given_name_is_no_place_for_a_person_name():
    from analysis.actor_types import is_place
    assert is_place("Kent") and is_place("Texas") and is_place("Bavaria")
    assert not is_place("Miranda") and not is_place("Aurora")   # regions of Venezuela and the Philippines
