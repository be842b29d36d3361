"""Web and wire furniture found reading SemEval-2023 train articles (issue 13, points 5 and 6):
poll and sign-up widgets, video players, wire editor notes, editor's notes, reposted-article
credits, dated datelines and markup tags glued to words. Every article here is written for the
test."""
from __future__ import annotations

import pytest

from analysis.article import article_from_text

FIRST = "The senator spoke on Monday."
LAST = "She said it again on Tuesday."


@pytest.mark.parametrize("line, reason", [
    ("take our poll - story continues below Should the mayor resign? Should the mayor resign?", "poll widget"),
    ("Should the mayor resign? Should the mayor resign?", "poll widget"),
    ("Who is the best candidate for governor? * Jane Doe John Roe Mary Major", "poll widget"),
    ("Email *", "form field label"),
    ("Completing this poll grants you access to Example Outpost updates free of charge. You may opt out "
     "at anytime. You also agree to this site's Privacy Policy and Terms of Use.", "poll widget"),
    ("Get Morning Brief in your inbox: The news you need before work. Sign Up Thank you for signing up! "
     "Sign up for more newsletters here", "newsletter sign-up"),
    ("JUST WATCHED Mayor speaks after the storm Replay More Videos ... MUST WATCH Mayor speaks after "
     "the storm 01:00", "video widget"),
    ("(Fixes dateline)", "wire editor note"),
    ("(Updates with comments from the minister in paragraphs 4-6)", "wire editor note"),
    ("Editor's Note: We think the council got this one wrong, and we said so last week.", "editor's note"),
    ("“Mayor wins the vote on the new bridge,” by Jane Doe, Example Times, March 2, 2018:",
     "reposted article credit"),
    ("Article posted with permission from John Roe", "reposted article credit"),
])
def test_site_furniture_is_set_aside(line, reason):
    art = article_from_text(f"{FIRST}\n{line}\n{LAST}")
    assert [s.text for s in art.sentences] == [FIRST, LAST]
    assert [b.reason for b in art.removed] == [reason]


def test_a_long_editors_note_is_set_aside_a_long_paragraph_is_not():
    note = "Editor's Note: " + " ".join(["The council was wrong on the bridge."] * 12)   # 85 words
    art = article_from_text(f"{FIRST}\n{note}\n{LAST}")
    assert [b.reason for b in art.removed] == ["editor's note"]
    body = "Take our poll on the bridge, the mayor said, " + " ".join(["and the council agreed."] * 14)
    art = article_from_text(f"{FIRST}\n{body}\n{LAST}")
    assert not art.removed and len(art.sentences) == 3                  # only a short block is furniture


def test_a_question_in_the_text_is_no_poll():
    art = article_from_text(f"{FIRST}\nShould the mayor resign? Voters will decide in May.\n{LAST}")
    assert not art.removed


def test_form_validation_text_glued_to_the_next_paragraph_is_cut_out():
    art = article_from_text(
        f"{FIRST}\nComments This field is for validation purposes and should be left unchanged. Completing "
        "this poll grants you access to Example Outpost updates free of charge. You may opt out at anytime. "
        "You also agree to this site's Privacy Policy and Terms of Use. The boy told agents that he ran.\n" + LAST)
    assert [s.text for s in art.sentences] == [FIRST, "The boy told agents that he ran.", LAST]
    assert [b.reason for b in art.removed] == ["poll widget"]
    assert art.removed[0].text.endswith("Terms of Use.")


#: A long last paragraph: the article is not read as hard-wrapped lines.
LONG = ("He wrote a letter to the bishops of the region on the same day, and the letter was read out in "
        "several churches of the diocese during the services that followed on Sunday morning.")


@pytest.mark.parametrize("dateline", [
    "GERMANY, February 8, 2018 (Example News) – ",
    "BRATISLAVA, Slovakia, February 13, 2018 (Example News) – ",
    "ROME, February 2, 2018 (Example News) —",
])
def test_a_dated_dateline_after_site_crumbs_is_no_text(dateline):
    text = ("Cardinal criticises the plan for a new rite\n\nNewsChurch, Family\n"
            f"{dateline}Cardinal John Roe criticised the plan on Monday. {LONG}\n{LONG}\n{LONG}")
    art = article_from_text(text)
    assert "Cardinal John Roe criticised the plan on Monday." in [s.text for s in art.sentences]
    assert any(b.reason.startswith("dateline") and b.text == dateline for b in art.removed)


def test_a_dated_dateline_makes_no_speaker(attribute):
    r = attribute("Cardinal criticises the plan\n\nNewsChurch\nGERMANY, February 8, 2018 (Example News) – "
                  "Cardinal John Roe criticized the plan of the bishops, saying that it ignores the law. " + LONG + "\n" + LONG + "\n" + LONG)
    atts = r.attributions.attributions
    assert atts and all("GERMANY" not in (a.source_text or "") for a in atts)
    assert not any("GERMANY" in a.name or "Example News" in a.name for a in r.actors)


def test_a_wire_editor_note_makes_no_actor(attribute):
    r = attribute("Orban calls for an alliance\n\n(Fixes dateline)\n\nBUDAPEST, Feb 18 (Reuters) - Prime Minister "
                  "Viktor Orban called on Sunday for an alliance, he said in a speech.")
    assert "Fixes" not in {a.name for a in r.actors}
    assert "Viktor Orban" in {a.name for a in r.actors}


def test_a_markup_tag_glued_to_words_leaves_a_token_boundary(nlp):
    from analysis.nlp import parse

    art = article_from_text("The mayor wrote a letter.<br/>The council said it will vote on Monday.\nIt did.")
    doc = parse(art, nlp)
    assert doc.text == art.text                                         # offsets unchanged
    words = [t.text for t in doc]
    assert "letter" in words and "The" in words and not any("<br/>" in w and len(w) > 5 for w in words)
    council = next(t for t in doc if t.text == "council")
    assert council.sent.text.startswith("The council said")             # the cut starts a sentence


def test_a_wire_credit_glued_to_the_last_paragraph_makes_no_actor(attribute):
    r = attribute("Island to get aid\n\nSAN JUAN, Feb 9 (Reuters) - Governor Ricardo Lopez said on Friday the island "
                  "would receive the aid. The package covers three storms. (Reporting by Jane Doe; Editing by "
                  "John Roe)\n")
    names = {a.name for a in r.actors}
    assert "Ricardo Lopez" in names and not names & {"Jane Doe", "John Roe"}
    assert [b.text for b in r.article.removed if b.reason == "wire credit line"] == [
        "(Reporting by Jane Doe; Editing by John Roe)"]
    assert r.article.sentences[-1].text == "The package covers three storms."


def test_reporting_by_inside_a_paragraph_stays_text():
    art = article_from_text("The senator spoke on Monday.\n\nThe report (Reporting by Example News staff) was cited "
                            "by the council. She said it again on Tuesday.\n")
    assert not art.removed


@pytest.mark.parametrize("paragraph", [
    '"Thank you for signing up to serve," the mayor told the 40 volunteers on Monday.',
    'She said: "Thank you for signing up. It means a lot to the families here."',
    '“Fire and Fury,” by Michael Wolff, was published on January 5, 2018, and sold a million copies.',
    '"We are not going anywhere," by all accounts the strongest line of the night, was repeated in 2019.',
])
def test_a_paragraph_that_only_shares_words_with_furniture_stays_text(paragraph):
    art = article_from_text(f"A headline about the council\n\nThe council met on Tuesday to discuss the budget.\n\n"
                            f"{paragraph}\n\nThe meeting ended at 9 p.m. after a long debate.")
    assert [b.reason for b in art.removed] == ["title (headline line before the body)"]


@pytest.mark.parametrize("first", ["U.S.—China talks resumed on Monday in Beijing, officials said.",
                                   "NATO—long a pillar—faces a test."])
def test_an_acronym_before_an_unspaced_dash_is_no_dateline(first):
    art = article_from_text(f"A headline about the talks\n\n{first}\n\nA second paragraph with more words.")
    assert art.sentences[0].text == first


def test_a_bracketed_credit_of_a_reposted_story_makes_no_actor(attribute):
    r = attribute("Judge frees a man\n\nA judge freed the man on Friday, the court said. [Judge Frees Maria Lopez "
                  "Held By Order, by Jane Doe, Example Wire, November 1, 2017]\n\nThe man went home.\n")
    assert [b.reason for b in r.article.removed if "credit" in b.reason] == ["reposted article credit"]
    assert not {"Maria Lopez", "Jane Doe"} & {a.name for a in r.actors}
