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


def test_follow_on_quote_without_a_cue_does_not_break_the_summary(analyze_text):
    """A quotation inheriting its speaker has no cue (NaN in the table): the summary lists the
    cues that exist and never 'nan'."""
    result = analyze_text("Storm hits coast\n\n“We lost everything,” said Maria Lopez, a fisher in the town.\n\n"
                          "“The boats are gone. Nobody came to help us for three days.”\n\n"
                          "The mayor said aid would arrive on Monday.\n")
    att = result.attributions.tables()["attributions"]
    assert att["cue_text"].isna().any()
    text = summary.findings_markdown(result)
    assert "Maria Lopez is quoted most: 2 attributions" in text and "nan" not in text
