"""Headline findings are generated from the results and state the seed's main facts."""
from __future__ import annotations

from analysis import summary


def test_seed_findings(seed):
    found = {f.topic: f.text for f in summary.findings(seed)}
    assert set(found) >= {"Who speaks", "Tone", "Frames", "Contested labels"}
    assert "10 attributions" in found["Who speaks"]
    assert "Vladimir Putin is quoted most: 5 attributions (2 direct, 3 indirect)" in found["Who speaks"]
    assert "North Korea (2: denied, stated)" in found["Who speaks"]
    assert "United States (1: accused)" in found["Who speaks"]
    assert "above the narrator" in found["Tone"]
    assert found["Frames"].startswith("Leading generic frames present: Conflict")
    assert "special military operation" in found["Contested labels"]


def test_findings_follow_the_article(analyze_text):
    result = analyze_text("The council approved the budget on Monday. "
                          "“This is a good day for the city,” Mayor Ana Ruiz said.\n")
    text = summary.findings_markdown(result)
    assert "Ana Ruiz is quoted most: 1 attribution (1 direct, 0 indirect)" in text


def test_contested_rows_have_offsets(seed):
    rows = summary.contested_rows(seed)
    assert rows and all(seed.article.text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert {r["used_by"] for r in rows if r["text"].startswith("special military")} == {"Vladimir Putin"}


def test_quote_without_a_cue_does_not_break_the_summary(analyze_text):
    """A quotation with no cue and no speaker (unattributed speech) has no cue (NaN in the table):
    the summary lists the cues that exist and never 'nan'. (A follow-on quotation now shares its
    speaker's cue, so a narrator paragraph separates the cue-less one here.)"""
    result = analyze_text("Storm hits coast\n\n“We lost everything,” said Maria Lopez, a fisher in the town.\n\n"
                          "The storm destroyed the harbour and most of the fleet overnight.\n\n"
                          "“The boats are gone. Nobody came to help us for three days.”\n\n"
                          "“We lost the nets too,” Maria Lopez said.\n\n"
                          "The mayor said aid would arrive on Monday.\n")
    att = result.attributions.tables()["attributions"]
    assert att["cue_text"].isna().any()
    text = summary.findings_markdown(result)
    assert "Maria Lopez is quoted most: 2 attributions" in text and "nan" not in text
    assert "unattributed speech (no source named) (1)" in text


# ------------------------------------------------------------- rules, on constructed results

class _Tables:
    def __init__(self, **tables):
        self._tables = tables

    def tables(self):
        return self._tables


def _voices(rows):
    import pandas as pd

    cols = ["level", "name", "speaker_type", "attributions", "direct", "mixed", "indirect", "content_words",
            "share_of_attributed_words"]
    return pd.DataFrame(rows, columns=cols)


def _attributions(pairs, types=None):
    """Attribution rows (speaker, cue); ``types``: speaker -> (speaker_type, affiliation), an actor's."""
    import pandas as pd

    types = types or {}
    rows = [{"speaker": sp, "cue_text": c, "speaker_type": types.get(sp, ("anonymous", None))[0],
             "affiliation": types.get(sp, ("anonymous", None))[1],
             "speaker_id": sp.lower().replace(" ", "-") if sp in types else None} for sp, c in pairs]
    return pd.DataFrame(rows, columns=["speaker", "cue_text", "speaker_type", "affiliation", "speaker_id"])


def _result(attributions=None, sentiment=None):
    from types import SimpleNamespace

    return SimpleNamespace(attributions=attributions, sentiment=sentiment, frames=None)


def test_unnamed_sources_are_called_unattributed():
    from analysis.spans import UNKNOWN_SOURCE

    voices = _voices([("speaker", UNKNOWN_SOURCE, "anonymous", 3, 1, 0, 2, 60, 0.75),
                      ("speaker", "Ann Lee", "person", 1, 1, 0, 0, 20, 0.25),
                      ("affiliation", UNKNOWN_SOURCE, "anonymous", 3, 1, 0, 2, 60, 0.75),
                      ("affiliation", "Ann Lee", "person", 1, 1, 0, 0, 20, 0.25)])
    res = _result(_Tables(voices=voices, attributions=_attributions([(None, "said")] * 3 + [("Ann Lee", "said")])))
    text = summary.who_speaks(res).text
    assert "The largest share is unattributed speech (no source named): 3 attributions" in text
    assert "unknown source" not in text and "quoted most" not in text


def test_a_person_is_not_an_affiliation():
    voices = _voices([("speaker", "Ann Lee", "person", 2, 2, 0, 0, 40, 0.8),
                      ("speaker", "Acme Corp", "organisation", 1, 0, 0, 1, 10, 0.2),
                      ("affiliation", "Ann Lee", "person", 2, 2, 0, 0, 40, 0.8),
                      ("affiliation", "Acme Corp", "organisation", 1, 0, 0, 1, 10, 0.2)])
    types = {"Ann Lee": ("person", "Ann Lee"), "Acme Corp": ("organisation", "Acme Corp")}
    res = _result(_Tables(voices=voices, attributions=_attributions([("Ann Lee", "said")] * 2 + [("Acme Corp", "said")],
                                                                  types)))
    text = summary.who_speaks(res).text
    assert "Ann Lee supplies" not in text
    assert "Among affiliations (organisations, states), Acme Corp supplies 20% of attributed words." in text


def _actor_sentiment(rows):
    import pandas as pd

    return pd.DataFrame(rows, columns=["name", "scored_mentions", "score", "label"])


def test_actor_extremes_need_enough_mentions_and_a_clear_label():
    one = _result(sentiment=_Tables(actor_sentiment=_actor_sentiment([("Ann Lee", 1, -0.6, "negative"),
                                                                      ("Bo Chan", 1, 0.5, "positive")])))
    assert "too little evidence" in summary.actor_tone(one).text
    flat = _result(sentiment=_Tables(actor_sentiment=_actor_sentiment([("Ann Lee", 3, -0.05, "neutral"),
                                                                       ("Bo Chan", 2, 0.1, "neutral")])))
    assert "portrayed clearly negatively or positively" in summary.actor_tone(flat).text
    both = _result(sentiment=_Tables(actor_sentiment=_actor_sentiment([("Ann Lee", 3, -0.5, "negative"),
                                                                       ("Bo Chan", 2, 0.4, "positive"),
                                                                       ("Cy Dunn", 1, -0.9, "negative")])))
    text = summary.actor_tone(both).text
    assert text == "Most negative context: Ann Lee (-0.50 over 3 mentions); most positive: Bo Chan (+0.40 over 2 mentions)."


def test_tone_with_few_passages_says_the_evidence_is_thin():
    import pandas as pd

    vs = pd.DataFrame([{"voice": "narrator", "speaker": None, "n": 9, "vader_compound": 0.0, "label": "neutral"},
                       {"voice": "quoted", "speaker": "Ann Lee", "n": 1, "vader_compound": 0.5, "label": "positive"}])
    text = summary.tone_gap(_result(sentiment=_Tables(voice_sentiment=vs))).text
    assert "1 passage — thin evidence" in text and "calibrated label: positive" in text


def test_an_unresolved_source_is_not_an_affiliation():
    """"a statement" or "we" speaking for itself is no affiliation; a state a speaker belongs to is."""
    voices = _voices([("speaker", "a statement", "document", 2, 0, 0, 2, 40, 0.5),
                      ("speaker", "Ann Lee", "person", 1, 1, 0, 0, 40, 0.5),
                      ("affiliation", "a statement", "document", 2, 0, 0, 2, 40, 0.5),
                      ("affiliation", "Utopia", "person", 1, 1, 0, 0, 40, 0.5)])
    att = _attributions([("a statement", "said")] * 2 + [("Ann Lee", "said")], {"Ann Lee": ("person", "Utopia")})
    text = summary.who_speaks(_result(_Tables(voices=voices, attributions=att))).text
    assert "a statement supplies" not in text
    assert "Among affiliations (organisations, states), Utopia supplies 50% of attributed words." in text


def test_tone_of_unattributed_words_reads_as_such():
    import pandas as pd

    from analysis.spans import UNKNOWN_SOURCE

    vs = pd.DataFrame([{"voice": "narrator", "speaker": None, "n": 9, "vader_compound": 0.0, "label": "neutral"},
                       {"voice": "quoted", "speaker": UNKNOWN_SOURCE, "n": 4, "vader_compound": -0.4, "label": "negative"}])
    text = summary.tone_gap(_result(sentiment=_Tables(voice_sentiment=vs))).text
    assert "Unattributed words (no source named) average -0.40" in text and "unknown source" not in text


def test_a_person_named_as_someone_elses_affiliation_is_still_no_affiliation():
    voices = _voices([("speaker", "the office", "organisation", 1, 0, 0, 1, 30, 0.6),
                      ("speaker", "Ann Lee", "person", 1, 1, 0, 0, 20, 0.4),
                      ("affiliation", "Ann Lee", "person", 2, 1, 0, 1, 50, 1.0)])
    att = _attributions([("the office", "said"), ("Ann Lee", "said")], {"Ann Lee": ("person", "Ann Lee")})
    att.loc[0, "affiliation"] = "Ann Lee"   # an unresolved source qualified by a person's name
    assert "supplies" not in summary.who_speaks(_result(_Tables(voices=voices, attributions=att))).text
