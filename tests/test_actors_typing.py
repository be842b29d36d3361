"""Actor typing and naming on short articles written for the test (issue 13, section 6):
things that are not actors typed "other", hyphenated names, aliases inside longer names,
@handles and initialisms, two people with one surname, junk names."""
from __future__ import annotations

import pytest

from analysis import analyze
from analysis.actor_types import is_country, refine_type
from analysis.summary import who_speaks


def actors_of(nlp, text: str) -> dict:
    """The actors of ``text`` as the body of an article (a headline line is put before it)."""
    result = analyze(HEADLINE + text, nlp=nlp, stages=["article", "parse", "actors"])
    return {a.name: a for a in result.actors}


#: A headline and a long first paragraph (a short second line would be read as a caption).
HEADLINE = ("A headline for the test\n\nThis short article was written for a unit test of the actors "
            "stage, and this first paragraph of it names nobody at all.\n\n")
SUMMIT = ("After the summit, the two leaders walked through the gardens of a hotel on the island of "
          "Sentosa. The White House said the men were served Häagen-Dazs ice cream for dessert.\n\n"
          "Trump showed Kim Jong Un a short film on an iPad during their talks. Later, Hurricane Maria "
          "was mentioned, and an astronaut said Neptune and Mars would be visible.\n")


def test_products_places_and_planets_are_typed_other(nlp):
    actors = actors_of(nlp, SUMMIT)
    assert actors["Sentosa"].type == "other"          # an island, not a state
    assert actors["Häagen-Dazs"].type == "other"      # a product, not an organisation
    assert actors["iPad"].type == "other"
    assert actors["Kim Jong Un"].type == "person"
    assert actors["United States"].type == "state"    # from the alias table: never re-typed
    assert not {"Hurricane Maria", "Neptune", "Mars"} & {n for n, a in actors.items() if a.type != "other"}


def test_refine_type_rules_by_name():
    assert refine_type("organisation", "iPhone", []) == "other"       # i-prefixed product
    assert refine_type("person", "Hurricane Irma", []) == "other"     # storm
    assert refine_type("person", "Jupiter", []) == "other"            # planet
    assert refine_type("person", "Madagascar", []) == "state"         # ISO 3166 country
    assert is_country("Singapore") and is_country("England") and not is_country("Sentosa")
    assert not is_country("AL")                                       # a code is not a name


def test_a_place_with_a_government_stays_a_state(nlp):
    text = ("Officials met in Dover on Monday.\n\n"
            "The governor of Vermont said the state would sue. Vermont officials agreed.\n")
    actors = actors_of(nlp, text)
    assert actors["Dover"].type == "other"
    assert actors["Vermont"].type == "state"


def test_other_actors_are_left_out_of_actor_sentiment_and_who_speaks(nlp):
    text = SUMMIT + "\n\"It was a wonderful meeting,\" Kim Jong Un said.\n"
    result = analyze(HEADLINE + text, nlp=nlp)
    types = {a.name: a.type for a in result.actors}
    assert types["iPad"] == "other"
    scored = set(result.sentiment.tables()["actor_sentiment"]["name"])
    assert "Kim Jong Un" in scored
    assert not scored & {n for n, t in types.items() if t == "other"}
    assert "Kim Jong Un" in who_speaks(result).text


def test_hyphenated_korean_name_kept_whole(nlp):
    text = ("South Korean President Moon Jae-in met Kim Jong Un on Friday.\n\n"
            "Moon said the talks went well. Activist Lee Hyun-seo agreed.\n")
    actors = actors_of(nlp, text)
    assert "Moon Jae" not in actors
    moon = actors["Moon Jae-in"]
    assert [m.text for m in moon.mentions] == ["Moon Jae-in", "Moon"]
    assert moon.affiliation == "South Korea"


def test_hyphenated_modifier_is_not_a_longer_name(nlp):
    text = "The Richmond-based group said it would appeal. Richmond officials declined to comment.\n"
    names = set(actors_of(nlp, text))
    assert "Richmond-based" not in names


def test_the_west_is_not_found_inside_west_virginia(nlp):
    text = ("Coal miners in the West Virginia hills said jobs were scarce.\n\n"
            "Russia accused the West of hypocrisy, the Kremlin said.\n")
    actors = actors_of(nlp, text)
    west = actors["Western countries"]
    assert [m.text for m in west.mentions] == ["the West"]
    assert west.mentions[0].start == len(HEADLINE) + text.index("the West of")


def test_alias_word_of_a_person_name_is_not_the_state(nlp):
    text = "Mark Cuban said he would attend. Cuban added that George Washington was his hero.\n"
    actors = actors_of(nlp, text)
    assert "Cuba" not in actors and "United States" not in actors
    assert actors["Mark Cuban"].mention_count == 2 and actors["Mark Cuban"].affiliation == "Mark Cuban"
    assert actors["George Washington"].affiliation == "George Washington"


def test_handle_maps_to_the_person_it_spells(nlp):
    text = ("Craig Melvin asked the author about the book on Monday.\n\n"
            "Later @craigmelvin wrote that the interview had been tough.\n")
    actors = actors_of(nlp, text)
    assert "@craigmelvin" not in actors
    assert [m.text for m in actors["Craig Melvin"].mentions] == ["Craig Melvin", "@craigmelvin"]


def test_handle_from_the_alias_table(nlp):
    actors = actors_of(nlp, "Late on Friday, @realDonaldTrump wrote that the deal was dead.\n")
    assert actors["Donald Trump"].mentions[0].text == "@realDonaldTrump"


def test_initialisms_merge_with_surnames(nlp):
    text = ("Historians still argue about the day JFK was shot in Dallas.\n\n"
            "LBJ took the oath on the plane. Kennedy had been president for under three years, "
            "and Johnson would serve for five. FDR had died two decades earlier.\n")
    actors = actors_of(nlp, text)
    assert [m.text for m in actors["John F. Kennedy"].mentions] == ["JFK", "Kennedy"]
    assert [m.text for m in actors["Lyndon B. Johnson"].mentions] == ["LBJ", "Johnson"]
    assert actors["Franklin D. Roosevelt"].type == "person"
    assert not {"JFK", "LBJ", "Kennedy", "Johnson"} & set(actors)


def test_two_bushes_stay_apart_and_bush_goes_to_the_most_salient(nlp):
    text = ("George W. Bush spoke in Texas on Monday. Bush said the war had been right. Bush smiled.\n\n"
            "He recalled that his father, George H. W. Bush, had led the country during the Gulf War.\n\n"
            "The speech was long and touched on many subjects, from taxes and schools to the economy and "
            "the weather. At the end, Bush said he was proud of his record.\n")
    actors = actors_of(nlp, text)
    elder, son = actors["George H. W. Bush"], actors["George W. Bush"]
    assert [m.text for m in elder.mentions] == ["George H. W. Bush"]
    assert [m.text for m in son.mentions] == ["George W. Bush", "Bush", "Bush", "Bush"]


def test_surname_goes_to_the_most_salient_full_name(nlp):
    text = ("North Korean leader Kim Jong Un arrived on Tuesday. Kim smiled. Kim waved to the crowd.\n\n"
            "Kim assumed power after his father Kim Jong Il, also a dictator, died in 2011.\n\n"
            "Later in the day, after a long lunch with officials and a walk in the gardens of the hotel, "
            "Kim said the meeting had been a success.\n")
    actors = actors_of(nlp, text)
    assert actors["Kim Jong Il"].mention_count == 1
    assert actors["Kim Jong Un"].mentions[-1].start == len(HEADLINE) + text.index("Kim said")


def test_a_first_name_does_not_claim_the_surname(nlp):
    # "Melania" goes to Melania Trump, but the bare surname still means the candidate
    text = ("Melania spoke to voters in Ohio on Monday, and Melania smiled for the cameras.\n\n"
            "Her husband Donald Trump watched from the side of the stage with his campaign staff.\n\n"
            "Melania Trump then left the hall with her aides and her security detail.\n\n"
            "Hours later, in a long speech about trade, taxes and the border, Trump said he was winning.\n")
    actors = actors_of(nlp, text)
    assert [m.text for m in actors["Donald Trump"].mentions] == ["Donald Trump", "Trump"]
    assert [m.text for m in actors["Melania Trump"].mentions] == ["Melania", "Melania", "Melania Trump"]


def test_negated_party_is_not_an_actor(nlp):
    text = ("There is no Republican Party any more, the senator said. Democrats disagreed, and "
            "officials said no US interest was served by the quarrel.\n")
    actors = actors_of(nlp, text)
    assert "Republican Party" not in actors and "no Republican Party" not in actors
    assert "Democratic Party" in actors
    assert [m.text for m in actors["United States"].mentions] == ["US"]   # "no" negates "interest"


def test_a_book_title_is_not_an_actor(nlp):
    text = ("His latest book is “Nixon’s White House Wars: The Battles That Made and Broke a President "
            "and Divided America Forever.” It sold well in Britain.\n")
    actors = actors_of(nlp, text)
    assert "Divided America Forever" not in actors
    assert "United States" not in actors          # "White House" inside the title
    assert "United Kingdom" in actors


@pytest.mark.parametrize("text, name, kind", [
    ("The Neptunes produced the song, and the record sold well.\n", "Neptunes", "group"),
    ("She was a Princeton professor before the war. Robert George said so.\n", "Princeton", "organisation"),
    ("Pastor Mark Jones said he was happy. Schools said they would close early.\n", "Schools", None),
])
def test_capitalised_words_that_are_not_persons(nlp, text, name, kind):
    actors = actors_of(nlp, text)
    if kind is None:
        assert name not in actors
    else:
        assert actors[name].type == kind


def test_a_one_word_person_with_a_title_or_speech_stays_a_person(nlp):
    text = "Senator Warren spoke first. Later, Warren said the bill was weak.\n"
    assert actors_of(nlp, text)["Warren"].type == "person"


def test_an_honorific_keeps_a_surname_with_the_person_of_that_gender(nlp):
    text = ("Mrs. Jane Roe spoke in Ohio on Monday about jobs, trade and the economy.\n\n"
            "Her husband, Mr. John Roe, campaigned in Florida the same day.\n\n"
            "After a long day of rallies, town halls and interviews with local reporters in both states, "
            "Mrs. Roe said the campaign was going well.\n")
    actors = actors_of(nlp, text)
    assert [m.text for m in actors["Jane Roe"].mentions] == ["Jane Roe", "Roe"]
    assert actors["John Roe"].mention_count == 1


def test_who_speaks_leaves_out_a_source_typed_other():
    import pandas as pd
    from types import SimpleNamespace

    class Tables:
        def __init__(self, **tables):
            self._tables = tables

        def tables(self):
            return self._tables

    cols = ["level", "name", "speaker_type", "attributions", "direct", "mixed", "indirect", "content_words",
            "share_of_attributed_words"]
    voices = pd.DataFrame([("speaker", "Sentosa", "other", 3, 0, 0, 3, 60, 0.6),
                           ("speaker", "Ann Lee", "person", 2, 2, 0, 0, 40, 0.4),
                           ("affiliation", "Sentosa", "other", 3, 0, 0, 3, 60, 0.6)], columns=cols)
    att = pd.DataFrame([{"speaker": "Sentosa", "cue_text": "showed", "speaker_type": "other", "affiliation": "Sentosa",
                         "speaker_id": "sentosa"}] * 3
                       + [{"speaker": "Ann Lee", "cue_text": "said", "speaker_type": "person",
                           "affiliation": "Ann Lee", "speaker_id": "ann-lee"}] * 2)
    result = SimpleNamespace(attributions=Tables(voices=voices, attributions=att), sentiment=None, frames=None)
    text = who_speaks(result).text
    assert text.startswith("2 attributions from 1 source. Ann Lee is quoted most")
    assert "Sentosa" not in text


def test_voices_table_and_who_speaks_chart_leave_out_a_source_typed_other():
    from types import SimpleNamespace

    from analysis.attribution.results import Attribution, AttributionResult
    from analysis.plots import who_speaks_data

    text = "Sentosa showed the resort was full. Ann Lee said it was busy."
    def att(i, speaker, stype, start, end):
        return Attribution(id=i, kind="indirect", source_text=speaker, source_start=None, source_end=None,
                           speaker=speaker, speaker_id=speaker.lower(), speaker_type=stype, affiliation=speaker,
                           cue_text="said", cue_start=None, cue_end=None, cue_lemma="say", cue_class="neutral",
                           content_fragments=[(start, end)], content_start=start, content_end=end,
                           sentence_ids=[i])
    result = AttributionResult(attributions=[att(0, "Sentosa", "other", 15, 34), att(1, "Ann Lee", "person", 49, 60)],
                               sentence_count=2, text=text)
    voices = result.tables()["voices"]
    assert set(voices["name"]) == {"Ann Lee"}
    assert voices["share_of_attributed_words"].tolist() == [1.0, 1.0]   # shares among the voices
    assert len(result.tables()["attributions"]) == 2                     # the evidence stays
    chart = who_speaks_data(SimpleNamespace(attributions=result))
    assert set(chart["name"]) == {"Ann Lee"}


def test_a_name_without_its_middle_initial_is_the_same_person(nlp):
    text = ("President John F. Kennedy was shot in Dallas in 1963.\n\n"
            "Historians still argue about what John Kennedy knew. Jane R. Doe and Jane Q. Doe disagreed; "
            "Jane Doe said the files were incomplete.\n")
    actors = actors_of(nlp, text)
    assert "John Kennedy" not in actors
    assert "John Kennedy" in [m.text for m in actors["John F. Kennedy"].mentions]
    assert "Jane Doe" in actors            # two longer names fit: left as it is
