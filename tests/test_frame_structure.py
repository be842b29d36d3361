"""Structural indicators of responsibility, conflict and human interest (analysis/frame_structure.py)."""
from __future__ import annotations

import math
import random

import pytest

from analysis.frame_structure import Indicator, check_forms, dense_sentences, features
from analysis.framing import FramingStage, default_codebooks, load_calibration


def _found(analyze_text, text: str, frame: str) -> dict[str, Indicator]:
    """Every indicator the codebook allows the frame (no calibration: as when fitting)."""
    return FramingStage(calibration={}).run(analyze_text(text)).get("generic", frame).structure


def test_only_the_indicators_the_calibration_weighs_are_found_and_shown(analyze_text):
    res = analyze_text("ExxonMobil rejected the EPA's findings. Greenpeace blamed ExxonMobil for the spill.")
    frames = load_calibration()["generic"]["frames"]
    for frame in ("responsibility", "conflict", "human_interest", "economic", "morality"):
        weighed = {w.split(".")[0] for w, v in frames[frame]["weights"].items() if "." in w and v}
        shown = res.frames.get("generic", frame).structure
        assert sorted(shown or {}) == sorted(weighed), frame   # None when the frame weighs none
    hi = res.frames.get("generic", "human_interest").structure
    assert "personal_story" not in hi and "first_person_quotes" not in hi   # not chosen / weight 0 on train
    assert _found(analyze_text, "ExxonMobil rejected the EPA's findings.", "conflict")["opposed_parties"].count == 1


def _actors(ind: Indicator) -> list[list[str]]:
    return [e["actors"] for e in ind.evidence]


def test_blame_with_a_named_actor_counts(analyze_text):
    s = _found(analyze_text, "Environmental groups blamed ExxonMobil for the oil spill.", "responsibility")
    assert s["blame"].count == 1
    assert s["blame"].evidence[0]["text"] == "blamed"
    assert "ExxonMobil" in s["blame"].evidence[0]["actors"]


@pytest.mark.parametrize("text", [
    "Environmental groups did not blame ExxonMobil for the oil spill.",   # negated
    "The oil spill was blamed on bad weather.",                              # no actor among its arguments
])
def test_blame_without_a_named_actor_or_negated_does_not_count(analyze_text, text):
    assert _found(analyze_text, text, "responsibility")["blame"].count == 0


@pytest.mark.parametrize("text, who", [
    ("Greenpeace urged the government to ban offshore drilling.", "government"),
    ("The protesters called on lawmakers to act before the summer.", "lawmakers"),
])
def test_a_call_on_government_counts(analyze_text, text, who):
    s = _found(analyze_text, text, "responsibility")["call_on_government"]
    assert s.count == 1 and who in s.evidence[0]["actors"]


@pytest.mark.parametrize("text", [
    "She called her mother on Sunday evening.",          # "call" without on/for/upon
    "Greenpeace urged its members to recycle more.",     # nobody in government asked to act
    "Greenpeace never urged the government to ban drilling.",   # negated
])
def test_other_calls_are_not_calls_on_government(analyze_text, text):
    assert _found(analyze_text, text, "responsibility")["call_on_government"].count == 0


def test_opposition_between_two_named_parties(analyze_text):
    s = _found(analyze_text, "ExxonMobil rejected the EPA's findings on Tuesday.", "conflict")
    assert s["opposed_parties"].count == 1
    assert set(_actors(s["opposed_parties"])[0]) == {"ExxonMobil", "EPA"}


@pytest.mark.parametrize("text", [
    "ExxonMobil rejected the proposal on Tuesday.",       # one party only
    "ExxonMobil did not reject the EPA's findings.",      # negated
])
def test_opposition_needs_two_parties_and_no_negation(analyze_text, text):
    assert _found(analyze_text, text, "conflict")["opposed_parties"].count == 0


def test_disputing_attributions_count_only_when_two_named_parties_speak(analyze_text):
    one = ('ExxonMobil denied the report, spokeswoman Jane Doe said. '
           '"We have always followed the rules," ExxonMobil said in a statement.')
    assert _found(analyze_text, one, "conflict")["disputes"].count == 0
    two = ('Greenpeace accused ExxonMobil of hiding the data. ExxonMobil rejected the accusation, '
           'saying its research was public. "This is a smear," ExxonMobil said.')
    s = _found(analyze_text, two, "conflict")["disputes"]
    assert s.count >= 2
    assert {a for e in s.evidence for a in e["actors"]} == {"Greenpeace", "ExxonMobil"}


def test_feature_forms():
    ind = {"blame": Indicator("blame", [{"sentence_id": 0, "text": "blamed", "start": 0, "end": 6, "actors": ["X"]}] * 2)}
    got = features(ind, {"blame": ["count", "any", "rate"], "disputes": ["any"]}, 4)
    assert got == {"blame.count": math.log1p(2), "blame.any": 1.0, "blame.rate": 0.5, "disputes.any": 0.0}


@pytest.mark.parametrize("spec", [{"nonsense": ["any"]}, {"blame": ["sometimes"]}, {"blame": []}])
def test_structure_entries_are_checked(spec):
    with pytest.raises(ValueError, match="structure"):
        check_forms("responsibility", spec)


def test_codebook_lists_the_indicators_of_responsibility_and_conflict():
    frames = {fd.key: fd for fd in default_codebooks()[0].frames}
    assert set(frames["responsibility"].structure) == {"blame", "call_on_government", "government_actors"}
    assert set(frames["conflict"].structure) == {"disputes", "opposed_parties"}
    assert set(frames["human_interest"].structure) == {"ordinary_sources", "personal_detail",
                                                       "first_person_quotes", "personal_story"}
    assert frames["economic"].structure == frames["morality"].structure == {"dense_sentences": ["count", "any", "rate"]}


def _without_and_with(res, frame: str, term: str, weight: float):
    """A generic frame's result scored by the shipped calibration without ``term`` and with it
    weighed ``weight``."""
    import copy

    cal = copy.deepcopy(load_calibration())
    weights = cal["generic"]["frames"][frame]["weights"]
    weights.pop(term, None)
    before = FramingStage(calibration=cal).run(res).get("generic", frame)
    weights[term] = weight
    return before, FramingStage(calibration=cal).run(res).get("generic", frame)


def test_a_chosen_indicator_adds_its_weight_to_the_score(analyze_text):
    """A calibration weighing ``blame.any`` shows the term in the contributions and raises the
    score; without the weight the indicator is reported but does not count."""
    res = analyze_text("Environmental groups blamed ExxonMobil for the oil spill near the coast.")
    before, after = _without_and_with(res, "responsibility", "blame.any", 2.0)
    assert "blame.any" not in before.contributions and after.contributions["blame.any"] == 2.0
    assert after.score > before.score
    assert after.to_dict()["structure"]["blame"]["count"] == 1


def test_selection_keeps_an_informative_indicator_and_drops_noise():
    """Synthetic data: one candidate predicts the label beyond the cue feature, the other is noise;
    the nested comparison favours the selection and the choice on all data is the informative one."""
    from analysis.training.frames import select_structure

    rng = random.Random(1)
    rows, gold = [], []
    for k in range(160):
        y = rng.random() < 0.5
        rows.append({"CO1": rng.random() + 0.3 * y, "share": 0.2, "length": 3.0,
                     "disputes.any": float(y if rng.random() < 0.85 else not y), "opposed_parties.any": float(rng.random() < 0.5)})
        gold.append({"CO": y})
    feats = {"conflict": rows}
    out = select_structure(feats, gold, {"conflict": "CO"}, reps=1)["conflict"]
    assert out["chosen"][0] == "disputes.any"
    assert out["train_nested_cv"]["structure"] > out["train_nested_cv"]["cues"] + 0.05
    assert "disputes.any" in feats["conflict"][0]


def test_a_codebook_without_word_lists_finds_no_indicators(analyze_text, tmp_path):
    """A user codebook whose frames list indicators but which has no `structure` word lists scores
    without error and reports nothing found (government actors need no word list)."""
    import yaml

    from analysis.resources import load_yaml

    data = load_yaml("frames_generic.yaml")
    del data["structure"]
    path = tmp_path / "generic.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    res = analyze_text("ExxonMobil rejected the EPA's findings on Tuesday.")
    fr = FramingStage(codebooks={"generic": path}, calibration={}).run(res)
    assert fr.get("generic", "conflict").structure["opposed_parties"].count == 0
    assert FramingStage(calibration={}).run(res).get("generic", "conflict").structure["opposed_parties"].count == 1


STORY = ('Maria Lopez, 34, said she lost her home in the flood. "I cried for days," Lopez said. '
         'Her daughter was at school. Lopez has lived in the town for ten years. Lopez works as a nurse.')


def test_a_private_person_speaking_about_herself_gives_every_human_interest_indicator(analyze_text):
    s = _found(analyze_text, STORY, "human_interest")
    assert s["ordinary_sources"].count == 2 and _actors(s["ordinary_sources"]) == [["Maria Lopez"]] * 2
    assert [e["text"] for e in s["personal_detail"].evidence] == ["34", "daughter"]
    assert [e["text"] for e in s["first_person_quotes"].evidence] == ["I cried for days,"]
    assert s["personal_story"].count == 4
    assert {a for e in s["personal_story"].evidence for a in e["actors"]} == {"Maria Lopez"}


@pytest.mark.parametrize("text", [
    'Senator John Smith said the bill would pass. "I am confident," Smith said.',
    'John Smith, a spokesman for the ministry, said the bill would pass. "I am confident," Smith said.',
    'Professor Jane Roe said the data were clear. "My model shows it," Roe said.',
])
def test_officials_and_experts_are_not_ordinary_people(analyze_text, text):
    s = _found(analyze_text, text, "human_interest")
    assert s["ordinary_sources"].count == 0 and s["first_person_quotes"].count == 0


@pytest.mark.parametrize("text, ages", [
    ("The 67-year-old grandmother told reporters that her son had died.", ["67-year-old", "son"]),
    ("The farmer, who is 52 years old, sold his land.", ["52 years old"]),
    ("The family planning clinic closed in May.", []),            # no possessor: no relation of a person
    ("Five years ago the company opened a plant.", []),
    ("The deal was struck by John Smith, one of the founders.", []),   # a number word, not an age
    ("The award went to Maria Lopez, 2019's best nurse.", []),
])
def test_personal_detail_is_an_age_or_a_relation_of_a_person(analyze_text, text, ages):
    s = _found(analyze_text, text, "human_interest")["personal_detail"]
    assert [e["text"] for e in s.evidence] == ages


def test_a_person_named_once_is_no_personal_story(analyze_text):
    text = "Maria Lopez lost her home. The river rose overnight. The town council met on Monday."
    assert _found(analyze_text, text, "human_interest")["personal_story"].count == 0


def test_a_quotation_without_first_person_words_does_not_count(analyze_text):
    text = '"The water came fast," Maria Lopez said. "The town was not ready," Lopez said.'
    s = _found(analyze_text, text, "human_interest")
    assert s["first_person_quotes"].count == 0 and s["ordinary_sources"].count == 2


@pytest.mark.parametrize("text, details", [
    ("The 200-year-old bridge collapsed on Tuesday.", []),                     # an age of a thing
    ("The 1,000-year-old oak fell in the storm.", []),                         # not "000-year-old"
    ("Senator John Smith, 64, said his wife would not run.",                  # HI3: any actor's private life
     [("64", ["John Smith"]), ("wife", ["John Smith"])]),
    ("Governor John Smith spoke. Smith said his son would serve.", [("son", ["John Smith"])]),
    ("Police said 30-year-old Quentin Smith was shot.", [("30-year-old", ["Quentin Smith"])]),
])
def test_personal_detail_is_about_a_person(analyze_text, text, details):
    s = _found(analyze_text, text, "human_interest")["personal_detail"]
    assert [(e["text"], e["actors"]) for e in s.evidence] == details


@pytest.mark.parametrize("text, first", [
    ('Police arrested Maria Lopez on Tuesday. "I did nothing wrong," Lopez said.', 1),   # "Police": another phrase
    ('Maria Bishop lost her home in the flood. "I cried for days," Bishop said.', 1),    # a surname, no title
    ('"I’m scared," Maria Lopez said. "It’s hard," Lopez said.', 1),                    # curly apostrophe
    ('"It felt like World War I," Maria Lopez said.', 0),                                # a numeral, no pronoun
])
def test_first_person_quotations_of_private_people(analyze_text, text, first):
    s = _found(analyze_text, text, "human_interest")
    assert s["first_person_quotes"].count == first
    assert s["ordinary_sources"].count >= 1


@pytest.mark.parametrize("text", [
    'Archbishop Carlo Vigano wrote a letter. "I was silent for too long," Vigano said.',   # title in the name
    'NBC host Chuck Todd asked the question. "I wanted an answer," Todd said.',
])
def test_titles_inside_the_name_or_its_phrase_make_no_ordinary_source(analyze_text, text):
    s = _found(analyze_text, text, "human_interest")
    assert s["ordinary_sources"].count == 0


def test_dense_sentences_answer_two_or_more_questions():
    """Only sentences whose hits answer two or more questions count; each is the whole sentence."""
    from types import SimpleNamespace as Hit

    hits = [Hit(sentence_id=0, item="EC1"), Hit(sentence_id=0, item="EC1"), Hit(sentence_id=2, item="EC2"),
            Hit(sentence_id=2, item="EC3"), Hit(sentence_id=3, item="EC1")]
    sentences = {0: (0, 10, "Profits rose.", []), 2: (30, 60, "Costs hit firms.", ["Acme"]), 3: (61, 70, "Money.", [])}
    got = dense_sentences(hits, sentences)
    assert got == [{"sentence_id": 2, "text": "Costs hit firms.", "start": 30, "end": 60, "actors": ["Acme"],
                    "items": ["EC2", "EC3"]}]


def test_dense_sentences_of_the_economic_frame(analyze_text):
    text = ("Wind farms opened near the coast last year.\n\nThe carbon tax will cost the steel companies "
            "about $40 million a year, and the union fears for jobs. The economy grew last year.")
    s = _found(analyze_text, text, "economic")["dense_sentences"]
    assert s.count == 1
    e = s.evidence[0]
    assert e["text"].startswith("The carbon tax will cost") and text[e["start"]:e["end"]] == e["text"]
    assert e["items"] == ["EC1", "EC2", "EC3"]
    assert _found(analyze_text, "The economy grew last year. Profits rose.", "economic")["dense_sentences"].count == 0
    assert _found(analyze_text, text, "morality")["dense_sentences"].count == 0


def test_a_weighed_dense_sentence_raises_the_score_and_is_shown(analyze_text):
    res = analyze_text("The carbon tax will cost the steel companies about $40 million a year, and the union "
                       "fears for jobs. Wind farms opened near the coast.")
    before, after = _without_and_with(res, "economic", "dense_sentences.any", 1.5)
    assert after.contributions["dense_sentences.any"] == 1.5 and after.score > before.score
    assert after.to_dict()["structure"]["dense_sentences"]["evidence"][0]["items"] == ["EC1", "EC2", "EC3"]
