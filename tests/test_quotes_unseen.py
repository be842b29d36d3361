"""Direct quotations the extractor used to lose on unseen news (issue 13, quotation part): one
test per construction, on articles written for these tests (no corpus text)."""
from __future__ import annotations

import pytest


def atts(result):
    return result.attributions.attributions


def direct(result):
    return [a for a in atts(result) if a.kind == "direct"]


# --------------------------------------------------------------------------- a second cue

def test_a_quotation_after_adding_is_its_own_attribution(attribute):
    r = attribute("“We will not back down from this fight,” Jane Smith wrote, adding, “The people are with us.”")
    first, second = sorted(direct(r), key=lambda a: a.content_start)
    assert (first.cue_text, first.content_text) == ("wrote", "We will not back down from this fight,")
    assert (second.cue_text, second.content_text) == ("adding", "The people are with us.")
    assert first.speaker == second.speaker == "Jane Smith"


def test_a_quotation_inside_adding_that_goes_to_adding(attribute):
    r = attribute("“He stands for working families,” Ann Lee said, adding that Mr. Roe is “the most honest "
                  "of the candidates.”")
    by_cue = {a.cue_text: a for a in atts(r)}
    assert by_cue["said"].content_text == "He stands for working families,"
    assert "the most honest of the candidates" in by_cue["adding"].content_text
    assert by_cue["adding"].speaker == "Ann Lee"


def test_a_quoted_title_is_never_an_attribution_of_its_own(attribute):
    r = attribute("She told ABC’s “Morning Show” on Monday the talk was cordial and predicted viewers "
                  "“will be feeling a little uncomfortable.”")
    assert not [a for a in atts(r) if a.content_text == "Morning Show"]
    assert any("will be feeling a little uncomfortable" in a.content_text for a in atts(r))


def test_a_split_quotation_with_one_cue_stays_one_attribution(attribute):
    r = attribute("“We will win,” Jane Smith said, “and we will win big.”")
    (a,) = atts(r)
    assert a.cue_text == "said" and len(a.content_fragments) == 2


@pytest.mark.parametrize("action", ["pointing to the map", "referring to the storm"])
def test_a_split_quotation_around_an_action_participle_stays_one_attribution(attribute, action):
    r = attribute(f"The storm hit.\n\n\"We are ready,\" Smith said, {action}, \"and we will go tomorrow.\"\n")
    (a,) = direct(r)
    assert a.cue_text == "said" and len(a.content_fragments) == 2


# --------------------------------------------------------------------------- any verb after a quotation

@pytest.mark.parametrize("text, cue, speaker", [
    ("“This is fantastic!” beamed Dana Hart of Madison, who had waited all day.", "beamed", "Dana Hart"),
    ("“Go back to your seat,” Ms. Roe barked, and the guard stepped in.", "barked", "Roe"),
    ("“Not again!” Mr. Smith laughed.", "laughed", "Smith"),
])
def test_a_quotation_closed_by_punctuation_then_a_person_and_any_verb(attribute, text, cue, speaker):
    (a,) = direct(attribute(text))
    assert a.cue_text == cue and a.speaker == speaker
    assert a.construction == "trailing-quote"


def test_a_question_quote_then_a_new_sentence_with_an_object_is_no_cue(attribute):
    r = attribute("“Why now?” Mr. Smith won the state anyway. He celebrated with his staff in the city.")
    assert not [a for a in atts(r) if a.cue_text == "won"]


def test_a_title_in_quotation_marks_is_not_taken_for_speech(attribute):
    r = attribute("In “The Long Road,” Ms. Roe plays a nurse who returns to her town.")
    assert not direct(r)


@pytest.mark.parametrize("text, cue, speaker, content", [
    ("Asked about a cabinet post, Mrs. Clinton shook her head and said, “No.”", "said", "Clinton", "No."),
    ("Cruz spoke as the heckler yelled: “You suck!”", "yelled", "the heckler", "You suck!"),
])
def test_a_one_word_reply_after_a_speech_verb_and_comma_is_speech(attribute, text, cue, speaker, content):
    (a,) = direct(attribute(text))
    assert (a.cue_text, a.speaker, a.content_text) == (cue, speaker, content)


@pytest.mark.parametrize("text, cue, speaker, content", [
    ("As the guards dragged him off the stage, the mayor roared, “Let him go!”", "roared", "the mayor",
     "Let him go!"),
    ("As one columnist put it, “The party is over.”", "put", "one columnist", "The party is over."),
    ("Protesters outside the hall carried one message: “Go home.”", "carried", "Protesters outside the hall",
     "Go home."),
])
def test_a_short_quotation_set_off_by_a_comma_or_colon_at_the_sentence_end_is_speech(
        attribute, text, cue, speaker, content):
    (a,) = direct(attribute(text))
    assert (a.cue_text, a.speaker, a.content_text) == (cue, speaker, content)
    assert a.construction.startswith("set-off")


@pytest.mark.parametrize("text", [
    "She told the story in her memoir, “A Long Way Home.”",       # a title after a comma
    "Friends know him by a nickname, “Bear.”",                     # a name after a noun and a comma
    "He told them that if they want the land, “just ask.”",      # the end of a reported clause
])
def test_a_title_a_name_or_the_end_of_a_reported_clause_is_no_set_off_quotation(attribute, text):
    assert not [a for a in atts(attribute(text)) if a.construction.startswith("set-off")]


def test_a_short_quoted_phrase_inside_narration_stays_a_scare_quote(attribute):
    r = attribute("Officials said the budget, a “real mess” to many, was fixed on Monday.")
    assert not direct(r) and [a.kind for a in atts(r)] == ["mixed"]


# --------------------------------------------------------------------------- colon quotes, headlines

def test_a_quotation_paragraph_after_a_colon_cue_goes_to_that_cue(attribute):
    r = attribute("“It will be close,” Jane Tenney said about the money. “This is what I am up against.” "
                  "She went on to say:\n\n“Incredibly, none of them will come out and support the nominee.”")
    last = max(direct(r), key=lambda a: a.content_start)
    assert last.content_text.startswith("Incredibly")
    assert (last.cue_text, last.source_text, last.speaker) == ("say", "She", "Jane Tenney")
    assert last.resolution != "inherited"  # its own cue names the speaker, not the quote before


def test_a_short_quotation_after_a_name_and_colon_is_speech(attribute):
    r = attribute("Harry Reid has some advice for his party. Reid: ‘Never underestimate Trump.’ He left.")
    (a,) = direct(r)
    assert a.speaker == "Harry Reid" and a.cue_text == ":" and a.content_text == "Never underestimate Trump."


@pytest.mark.parametrize("title, source, content", [
    ("Carly Fiorina: 'Bill Clinton's fair game.'", "Carly Fiorina", "Bill Clinton's fair game."),
    ("Gillibrand on Clinton Releasing Her Speech Transcripts: ‘I Think She Will.’", "Gillibrand",
     "I Think She Will."),
])
def test_headline_name_colon_quote_is_a_headline_attribution(attribute, title, source, content):
    r = attribute(f"{title}\n\nSen. Kristen Gillibrand and Carly Fiorina spoke on Monday about the campaign.")
    (h,) = r.attributions.headline
    assert (h["source_text"], h["cue_text"], h["content_text"]) == (source, ":", content)
    assert r.article.title == title
    assert not [a for a in atts(r) if a.content_start < len(title)]  # kept apart from the body


def test_headline_colon_without_a_name_is_no_attribution(attribute):
    r = attribute("Breaking news: 'storm hits the coast.'\n\nA storm hit the coast on Monday, officials said.")
    assert r.attributions.headline == []


# --------------------------------------------------------------------------- speaker carried over

def test_a_quotation_after_reported_speech_carries_its_speaker(attribute):
    r = attribute("Jane Smith said the plan would fail. “It is a disaster for every family in this town.”")
    q = max(atts(r), key=lambda a: a.content_start)
    assert q.kind == "direct" and q.content_text.startswith("It is a disaster")
    assert q.speaker == "Jane Smith" and q.resolution == "inherited" and q.construction == "inherited"


def test_a_quotation_paragraph_after_a_quoted_paragraph_carries_its_speaker(attribute):
    r = attribute("“We will rebuild the bridge,” Mayor Ann Lee said on Monday.\n\n"
                  "“It will take two years and every crew we have, but the town needs it.”")
    q = max(atts(r), key=lambda a: a.content_start)
    assert q.speaker == "Ann Lee" and q.resolution == "inherited"


def test_a_quotation_two_paragraphs_after_reported_speech_stays_unattributed(attribute):
    r = attribute("Jane Smith said the plan would fail.\n\nThe council met again on Tuesday.\n\n"
                  "“It is a disaster for every family in this town and for the schools.”")
    q = max(atts(r), key=lambda a: a.content_start)
    assert q.kind == "direct" and q.speaker is None



def test_a_quotation_paragraph_after_a_paragraph_of_one_named_source_carries_its_speaker(attribute):
    r = attribute("Jane Smith said the plan would fail. She called it a waste of money. The vote is set "
                  "for Tuesday.\n\n“It is a disaster for every family in this town.”")
    q = max(atts(r), key=lambda a: a.content_start)
    assert q.kind == "direct" and q.speaker == "Jane Smith" and q.resolution == "inherited"


@pytest.mark.parametrize("before", [
    "Jane Smith said the plan would fail. Tom Roe said it would work. The council met on Monday.",
    "The council said the plan would fail. The vote is set for Tuesday.",
])
def test_a_quotation_paragraph_after_two_sources_or_an_unnamed_one_stays_unattributed(attribute, before):
    r = attribute(before + "\n\n“It is a disaster for every family in this town.”")
    q = max(atts(r), key=lambda a: a.content_start)
    assert q.kind == "direct" and q.speaker is None

def test_a_quoted_one_word_line_after_reported_speech_is_not_carried_over(attribute):
    r = attribute("Jane Smith argued that military spending is too high.\n\n“Related:”\n\nOther stories follow.")
    assert not [a for a in atts(r) if a.content_text.startswith("Related")]


# --------------------------------------------------------------------------- marks typed without a space

def test_a_closing_mark_typed_as_an_opener_after_a_word_closes(attribute):
    from analysis.quotes import find_quotes

    text = "“We will not back down,“ Jane Smith said. The vote failed.“It was a bad day.“ She left."
    quoted = [text[q.start:q.end] for q in find_quotes(text, [(0, len(text))])]
    assert quoted == ["We will not back down,", "It was a bad day."]
    (a,) = [a for a in direct(attribute(text)) if a.cue_text == "said"]
    assert (a.speaker, a.content_text) == ("Jane Smith", "We will not back down,")


@pytest.mark.parametrize("text", [
    "Paul Ryan said,“We will pass this bill before the recess.” Others disagreed.",
    'Paul Ryan said,"We will pass this bill before the recess." Others disagreed.',
])
def test_an_opening_mark_after_a_comma_without_a_space_opens_a_quotation_of_the_cue(attribute, text):
    (a,) = direct(attribute(text))
    assert (a.cue_text, a.speaker) == ("said", "Paul Ryan")
    assert a.content_text == "We will pass this bill before the recess."


def test_the_tokenizer_cuts_punctuation_and_a_mark_typed_without_spaces(nlp):
    assert [t.text for t in nlp("Ryan said,“We won.” It failed.“No.”")] == [
        "Ryan", "said", ",", "“", "We", "won", ".", "”", "It", "failed", ".", "“", "No", ".", "”"]


def test_a_quotation_of_only_marks_reports_nothing(attribute):
    r = attribute("A dialogue we imagined\n\nJoseph Weber spoke to the students on Monday about the long "
                  "winter.\n\nWeber: “I was tired and did not feel up to the party.”\n\nWeber: “…”\n\n"
                  "The students left.")
    assert [(a.source_text, a.content_text) for a in atts(r)] == [
        ("Weber", "I was tired and did not feel up to the party.")]


# --------------------------------------------------------------------------- quotation groups

@pytest.mark.parametrize("text, said, suggested", [
    # a second cue whose clause holds words of the later quotation
    ("“We have to talk about the real issues. The voters do not agree with him,” Bernie Sanders said, "
     "suggesting a few questions for the debate, including, “Mr. Jones, do you really think that billionaires "
     "need another tax cut?”",
     "We have to talk about the real issues. The voters do not agree with him,",
     "Mr. Jones, do you really think that billionaires need another tax cut?"),
    # a participle of the cue keeps the quotation its object introduces (two questions)
    ("“We have to talk about the real issues,” Bernie Sanders said, suggesting a few questions, including, "
     "“Mr. Jones, do you really think that billionaires need a massive tax break? Mr. Jones, what will you do?”",
     "We have to talk about the real issues,",
     "Mr. Jones, do you really think that billionaires need a massive tax break? Mr. Jones, what will you do?"),
])
def test_a_second_cue_after_a_quotation_keeps_the_later_quotation(attribute, text, said, suggested):
    by_cue = {a.cue_text: a for a in direct(attribute(text))}
    assert by_cue["said"].content_text == said
    assert by_cue["suggesting"].content_text == suggested
    assert by_cue["suggesting"].speaker == "Bernie Sanders"


def test_a_paragraph_opened_by_another_mark_does_not_continue_a_quotation(attribute):
    r = attribute('Melanie Hart lives in Ohio.\n\n"Melanie thought the whole thing was outrageous. She was angry, '
                  "sure. But certainly not dangerous.\n\n“It never crossed my mind that I was in trouble,” she "
                  "said months later.")
    (said,) = [a for a in atts(r) if a.cue_text == "said"]
    assert said.content_text == "It never crossed my mind that I was in trouble,"
    assert said.speaker == "Melanie Hart"


def test_quoted_transcript_turns_after_an_unlabelled_paragraph_stay_apart(attribute):
    r = attribute('Governor Mike Jones sat down with the host, Chris Smith, on Sunday.\n\n"(CROSSTALK.)\n\n'
                  '"SMITH: If I may, sir, I want to ask you, will the governor be there?\n\n'
                  '"JONES: The governor will not be attending the debate tomorrow night. He has other plans.')
    turns = [(a.speaker, a.content_text) for a in direct(r)]
    assert turns == [("Chris Smith", "If I may, sir, I want to ask you, will the governor be there?"),
                     ("Mike Jones", "The governor will not be attending the debate tomorrow night. He has other plans.")]


def test_a_curly_quotation_nested_in_an_open_one_does_not_swallow_the_paragraph():
    from analysis.quotes import find_quotes

    text = ("“As a young woman, I’d rather live in what he calls “hell” than live in a world where he is "
            "president.” ― Ana Ruiz\n“He is someone that no sane person would want.” ― Lisa Gray")
    quotes = [text[q.start:q.end] for q in find_quotes(text, [(0, len(text))])]
    assert quotes == ["As a young woman, I’d rather live in what he calls “hell” than live in a world where he "
                      "is president.", "He is someone that no sane person would want."]


@pytest.mark.parametrize("text, cue, content", [
    ("Ann Roe says she values the mayor’s “grit and drive” but argues that he can’t win.", "says",
     "she values the mayor’s “grit and drive"),
    ("Later that week the governor called his rival “second-rate” at a rally.", "called", "his rival “second-rate"),
    ("Mr. Lee has often decried the habit of “wasteful spending” and promised cuts.", "decried",
     "the habit of “wasteful spending"),
])
def test_a_short_quoted_phrase_in_a_reported_clause_keeps_the_clause(attribute, text, cue, content):
    r = attribute(text)
    (a,) = [a for a in atts(r) if a.cue_text == cue]
    assert a.kind == "mixed" and a.content_text.startswith(content) and not direct(r)


def test_a_short_quotation_that_is_the_whole_content_stays_direct(attribute):
    r = attribute("The crowd answered with chants of “We want Lee” until the senator spoke.")
    assert [a.content_text for a in direct(r)] == ["We want Lee"]


# --------------------------------------------------------------------------- second cues the parser hides

@pytest.mark.parametrize("text, first, second", [
    ("“If the wall goes up, nothing can be done for the boats,” Paul Grant said before adding: “Though the "
     "engineers may find another way.”", "said", "adding"),
    ("“We have started all those conversations with the port,” the engineer Sam Lowe said, adding of the mayor, "
     "“She cares about the whole town.”", "said", "adding"),
    ("''We've started all those conversations,'' the engineer Sam Lowe said, adding of the mayor, ''She cares "
     "about the whole town.''", "said", "adding"),
    ('"Thank you, neighbour," Mayor Ellen Ward replied, before adding that she thinks "the fishermen should '
     'actually be heard first."', "replied", "adding"),
    ("Mayor Ellen Ward condemned “such a reckless plan” and declared a determination to “keep the harbour open "
     "for every fisherman.”", "condemned", "declared"),
])
def test_a_later_quotation_with_a_second_cue_of_the_same_speaker_is_its_own_attribution(attribute, text, first,
                                                                                       second):
    """"said before adding: “…”", "said, adding of X, “…”", "condemned “…” and declared … “…”": the
    parser hangs the later quotation on the first verb, but the second verb reports it (PolNeAR
    train annotates two attributions)."""
    a, b = sorted(direct(attribute(text)), key=lambda a: a.content_start)
    assert (a.cue_text, b.cue_text) == (first, second)
    assert len(a.content_fragments) == len(b.content_fragments) == 1
    assert a.speaker == b.speaker


def test_a_quotation_set_between_dashes_joins_no_later_quotation(attribute):
    """"touted her term—“…”—and promised …, in her words, “…”": the closing dash ends the
    parenthesis, so the later quotation is not a fragment of the same attribution."""
    r = attribute("Mayor Linda Park has touted her first term—“the best four years this town has had”—and "
                  "promised to put her deputy in charge of the budget because, in her words, “he knows how to do it.”")
    joined = [a for a in atts(r) if any("best four years" in r.article.text[x:y] for x, y in a.content_fragments)]
    assert joined and all(not any("he knows" in r.article.text[x:y] for x, y in a.content_fragments) for a in joined)


def test_a_split_quotation_between_dashes_of_one_speaker_still_joins(attribute):
    """Without a dash parenthesis the one cue keeps both halves ("“…,” X said, “…”")."""
    (a,) = atts(attribute("“We will keep the harbour open,” Mayor Ellen Ward said, “whatever the council decides.”"))
    assert len(a.content_fragments) == 2


@pytest.mark.parametrize("text, speaker, content", [
    ("The clip ends with footage of Smith saying during the hearing last week, “That proves I am clever,” "
     "when Jones criticised him for the loan.", "Smith", "That proves I am clever,"),
    ("The new ad closes on a shot of Mayor Ellen Ward saying at a town meeting, “Nobody will lose a job,” "
     "while the camera pans over the shuttered mill.", "Ellen Ward", "Nobody will lose a job,"),
    # a short one closed by a comma: no scare quote after a participle that leads up to it
    ("The new ad ends with a clip of Ellis saying at a rally in May, “Nobody loses a job,” as the plant "
     "closes behind him.", "Ellis", "Nobody loses a job,"),
    ("The film closes with footage of Ward saying on the radio, “We stay open,” while the workers leave.",
     "Ward", "We stay open,"),
])
def test_a_participle_leading_up_to_a_quotation_speaks_for_it(attribute, text, speaker, content):
    """"footage of X saying during …, “…,” when Y …": the parser hangs the quotation on the main
    verb, but the participle whose own words run up to the comma before it is the cue."""
    (a,) = direct(attribute(text))
    assert (a.cue_text, a.speaker, a.content_text) == ("saying", speaker, content)


def test_a_participle_with_a_clause_of_its_own_before_the_quotation_does_not_take_it(attribute):
    """"kept saying in May that …, “…,”": the participle reports its own clause; the quotation after
    it is not its content."""
    r = attribute("Ellis kept saying in May that the plant would stay open, “Nobody loses a job,” as the mayor "
                  "shrugged.")
    saying = [a for a in atts(r) if a.cue_text == "saying"]
    assert saying and all("Nobody loses" not in a.content_text for a in saying)


# --------------------------------------------------------------------------- another speaker between quotations

@pytest.mark.parametrize("text, first, second", [
    ("“It seems somebody in the back is upset tonight,” Hale said as the heckler shouted: “Go home!”",
     ("said", "Hale", "It seems somebody in the back is upset tonight,"), ("shouted", "the heckler", "Go home!")),
    ("The senator likes “The Long Road,” while the governor loves “Harbour Lights.”",
     ("likes", "The senator", "The Long Road,"), ("loves", "the governor", "Harbour Lights.")),
])
def test_a_later_quotation_introduced_by_another_speakers_verb_is_theirs(attribute, text, first, second):
    """"“…,” X said as Y shouted: “…”": the clause hung on the first cue has a subject of its own
    whose verb introduces the later quotation, so that quotation is Y's, not part of X's."""
    a, b = sorted(direct(attribute(text)), key=lambda a: a.content_start)
    assert (a.cue_text, a.speaker, a.content_text) == first
    assert (b.cue_text, b.speaker, b.content_text) == second


def test_a_clause_of_another_subject_inside_a_split_quotation_keeps_it_one_attribution(attribute):
    """The verb of "as the storm hit the coast" does not introduce the quotation after it (its object
    stands between): the two halves stay the first speaker's."""
    (a,) = direct(attribute("“We are ready,” Ann Lee said as the storm hit the coast, “and we will stay here "
                            "until it passes.”"))
    assert a.cue_text == "said" and a.speaker == "Ann Lee" and len(a.content_fragments) == 2
