"""Validation against human coders (analysis/validate/): alpha reproduces Krippendorff's worked
example, sheets are blind, locked and reproducible, a full round trip with sheets filled by the
test gives the expected numbers, malformed sheets give one-line errors."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.corpus import run_batch
from analysis.errors import InputError
from analysis.resources import load_yaml
from analysis.validate import draw_sample, score_sheets, unit_types
from analysis.validate.codebook import codebook_html, codebook_markdown, frame_entries
from analysis.validate.report import reliability_summary, write_report
from analysis.validate.score import alpha, percent_agreement, sklearn_points, tool_scores

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "raw" / "corpus"
NAN = np.nan
REPS = 50

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, values 1-5, missing data; nominal alpha = 0.743.
WORKED = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
          [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
          [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
          [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN]]


def test_alpha_reproduces_krippendorffs_worked_example():
    assert round(alpha(np.array(WORKED) - 1, "nominal", 5), 3) == 0.743


def test_alpha_is_one_for_perfect_agreement_and_negative_for_systematic_disagreement():
    same = [[0, 1, 2, 1, 0], [0, 1, 2, 1, 0]]
    assert alpha(same, "nominal", 3) == 1.0 and alpha(same, "ordinal", 3) == 1.0
    assert np.isnan(alpha([[0, 0], [0, 0]], "nominal", 2))      # no variation: undefined
    flipped = [[0, 1, 0, 1, 0, 1], [1, 0, 1, 0, 1, 0]]
    assert alpha(flipped, "nominal", 2) < 0
    # one disagreement among otherwise identical codes: alpha = 0 by hand (n.. = 2n values,
    # o_ab + o_ba = 2, n_a * n_b * 2 = 2(2n - 1): 1 - (2n - 1) * 2 / (2(2n - 1)) = 0)
    assert alpha([[0] * 10, [0] * 9 + [1]], "nominal", 2) == pytest.approx(0.0)
    assert percent_agreement([[0] * 10, [0] * 9 + [1]]) == pytest.approx(0.9)


def test_kappa_and_f1_match_a_hand_computed_case_and_the_bootstrap_versions():
    ut = unit_types()["sentences"]
    ref = np.array(["negative", "negative", "positive", "positive"], dtype=object)
    tool = np.array(["negative", "positive", "positive", "positive"], dtype=object)
    rows, summary = tool_scores(ref, tool, ut, reps=REPS)
    # p_o = 3/4, p_e = 2/4 * 1/4 + 2/4 * 3/4 = 1/2: kappa = (0.75 - 0.5) / 0.5 = 0.5
    assert summary["kappa"] == pytest.approx(0.5) and summary["accuracy"] == 0.75
    pos = next(r for r in rows if r["category"] == "positive")
    assert (pos["precision"], pos["recall"]) == (pytest.approx(2 / 3), 1.0)
    rng = np.random.default_rng(3)
    from analysis.validate.score import _kappa, _matrix
    ref, tool = rng.integers(0, 3, 60), rng.integers(0, 3, 60)
    names = np.array(ut.categories, dtype=object)
    points, kappa, weighted = sklearn_points(names[ref], names[tool], ut)
    assert _kappa(_matrix(ref, tool, 3)) == pytest.approx(kappa)
    assert _kappa(_matrix(ref, tool, 3), "linear") == pytest.approx(weighted)


def test_codebook_categories_come_from_the_project_codebooks():
    types = unit_types()
    lexicon = list(load_yaml("reporting_verbs.yaml")["classes"])
    assert list(types["attributions"].categories[:len(lexicon)]) == lexicon
    for ut in types.values():
        assert all(ut.definitions.get(c) for c in ut.categories), ut.name
    assert types["sentences"].level == "ordinal" and types["sentences"].categories == ("negative", "neutral", "positive")
    md, page = codebook_markdown(), codebook_html()
    for fr in frame_entries():
        assert fr["label"] in md and fr["id"] in page
    assert "CO1: Does the story reflect disagreement" in md
    from analysis.validate.codebook import sections
    for sec in sections():
        if sec["name"] != "frames":   # frames: examples per frame (cue words) instead
            assert all(c["example"] for c in sec["categories"] if c["code"] not in ("no_class", "not_attribution"))
    assert "<script" not in page


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("validate") / "batch"
    run_batch(DEMO, out, limit=3, quiet=True)
    return out


@pytest.fixture(scope="module")
def sample(batch, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("validate") / "sample"
    draw_sample(batch, out, n=6, seed=0, coders=2)
    return out


def _key(sample: Path) -> pd.DataFrame:
    return pd.read_csv(sample / "key.csv", dtype=str, keep_default_na=False)


def test_sample_reads_a_batch_folder_and_is_stratified_by_the_tools_answer(sample, batch):
    assert not (sample / "batch").exists()          # a batch folder is read, not re-analysed
    key = _key(sample)
    assert sorted(key["unit_type"].unique()) == sorted(unit_types())
    assert (key.groupby("unit_type").size() <= 6).all()
    frames = key[key["unit_type"] == "frames"]
    assert set(frames["tool_answer"]) == {"present", "absent"}   # the rare answer is drawn
    assert sorted(p.name for p in sample.iterdir()) == [
        "codebook.html", "codebook.md", "coder_1.csv", "coder_1.xlsx", "coder_2.csv", "coder_2.xlsx",
        "key.csv", "sample.json"]


def test_the_same_seed_gives_byte_identical_sheets(batch, sample, tmp_path):
    draw_sample(batch, tmp_path / "again", n=6, seed=0, coders=2)
    for name in ("coder_1.xlsx", "coder_1.csv", "key.csv", "codebook.html"):
        assert (tmp_path / "again" / name).read_bytes() == (sample / name).read_bytes(), name
    draw_sample(batch, tmp_path / "other", n=6, seed=1, coders=2)
    assert (tmp_path / "other" / "key.csv").read_bytes() != (sample / "key.csv").read_bytes()


def test_blind_sheets_hold_no_tool_answers_and_the_xlsx_has_dropdowns_and_locks(sample, batch, tmp_path):
    csv = pd.read_csv(sample / "coder_1.csv", dtype=str, keep_default_na=False)
    assert "tool_answer" not in csv.columns and set(csv["code"]) == {""}
    wb = load_workbook(sample / "coder_1.xlsx")
    assert wb.sheetnames == ["instructions", *unit_types()]
    for name, ut in unit_types().items():
        ws = wb[name]
        header = [c.value for c in ws[1]]
        assert "tool_answer" not in header and ws.freeze_panes == "A2"
        assert ws.protection.sheet
        (dv,) = ws.data_validations.dataValidation
        assert dv.type == "list" and dv.formula1 == '"' + ",".join(ut.categories) + '"'
        code, context = header.index("code") + 1, header.index("context") + 1
        assert str(dv.sqref) == f"{ws.cell(2, code).column_letter}2:{ws.cell(2, code).column_letter}{ws.max_row}"
        assert not ws.cell(2, code).protection.locked and ws.cell(2, context).protection.locked
        assert ws.cell(2, context).alignment.wrap_text
    shown = tmp_path / "shown"
    draw_sample(batch, shown, n=6, seed=0, coders=1, show_tool_answers=True)
    ws = load_workbook(shown / "coder_1.xlsx")["sentences"]
    header = [c.value for c in ws[1]]
    assert "tool_answer" in header and ws.cell(2, header.index("tool_answer") + 1).protection.locked


def test_units_carry_marked_context_and_offsets(sample, batch):
    key = _key(sample)
    att = key[key["unit_type"] == "attributions"].iloc[0]
    assert "{{" in att["context"] and "<<" in att["context"] and "[[" in att["context"]
    sentences = pd.read_parquet(batch / "sentences.parquet")
    sent = key[key["unit_type"] == "sentences"].iloc[0]
    row = sentences[(sentences["article_id"] == sent["article_id"]) & (sentences["start"] == int(sent["start"]))]
    assert f"[[{row.iloc[0]['text']}]]" in sent["context"]


def _fill_xlsx(src: Path, dst: Path, answer) -> None:
    wb = load_workbook(src)
    for ws in wb.worksheets[1:]:
        header = [c.value for c in ws[1]]
        for r in range(2, ws.max_row + 1):
            ws.cell(r, header.index("code") + 1).value = answer(ws.cell(r, 1).value, r)
    wb.save(dst)


def _fill_csv(src: Path, dst: Path, answer) -> None:
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    df["code"] = [answer(u, i + 2) for i, u in enumerate(df["unit_id"])]
    df.to_csv(dst, index=False)


def test_a_sheet_resaved_with_windows_line_ends_is_accepted(sample, tmp_path):
    tool = _key(sample).set_index("unit_id")["tool_answer"].to_dict()
    shutil.copy(sample / "key.csv", tmp_path / "key.csv")
    _fill_csv(sample / "coder_1.csv", tmp_path / "c.csv", lambda u, r: tool[u])
    df = pd.read_csv(tmp_path / "c.csv", dtype=str, keep_default_na=False)
    df["context"] = df["context"].str.replace("\n", "\r\n")
    df.to_csv(tmp_path / "coder_1.csv", index=False, lineterminator="\r\n")
    tables = score_sheets([tmp_path / "coder_1.csv"], reps=REPS)
    assert (tables["tool_summary"]["accuracy"] == 1.0).all()
    md = write_report(tables, tmp_path / "r") and (tmp_path / "r" / "report.md").read_text()
    assert "alpha (nominal) = undefined (one coder), percent agreement n/a" in md and "nan" not in md


def test_round_trip_gives_the_expected_numbers(sample, tmp_path):
    key = _key(sample).set_index("unit_id")
    tool = key["tool_answer"].to_dict()
    atts = key.index[key["unit_type"] == "attributions"]
    flipped = set(atts[:2])      # coder_2 says two of the tool's attributions are no attributions
    shutil.copy(sample / "key.csv", tmp_path / "key.csv")
    _fill_xlsx(sample / "coder_1.xlsx", tmp_path / "coder_1.xlsx", lambda u, r: tool[u])
    _fill_csv(sample / "coder_2.csv", tmp_path / "coder_2.csv",
              lambda u, r: "not_attribution" if u in flipped else tool[u])
    tables = score_sheets([tmp_path / "coder_1.xlsx", tmp_path / "coder_2.csv"], reps=REPS)
    rel = tables["reliability"].set_index(["unit_type", "breakdown", "category"])
    for name in ("frames", "actor_sentiment", "sentences"):
        assert rel.loc[(name, "all", ""), "alpha"] == 1.0
        assert rel.loc[(name, "all", ""), "percent_agreement"] == 1.0
    n = len(atts)
    assert rel.loc[("attributions", "all", ""), "percent_agreement"] == pytest.approx((n - 2) / n)
    matrix = np.array([[list(unit_types()["attributions"].categories).index(tool[u]) for u in atts],
                       [list(unit_types()["attributions"].categories).index(
                           "not_attribution" if u in flipped else tool[u]) for u in atts]], dtype=float)
    assert rel.loc[("attributions", "all", ""), "alpha"] == pytest.approx(alpha(matrix, "nominal", 8))
    summ = tables["tool_summary"].set_index(["unit_type", "reference"])
    assert summ.loc[("attributions", "coder_1"), "kappa"] == 1.0
    assert summ.loc[("attributions", "coder_2"), "accuracy"] == pytest.approx((n - 2) / n)
    assert summ.loc[("attributions", "majority"), "units"] == n - 2   # ties left out
    scores = tables["tool_scores"].set_index(["unit_type", "reference", "category"])
    na = scores.loc[("attributions", "coder_2", "not_attribution")]
    assert (na["support"], na["predicted"], na["recall"]) == (2, 0, 0.0)
    cm = tables["confusion"]
    cell = cm[(cm["unit_type"] == "attributions") & (cm["reference"] == "coder_2") & (cm["human"] == "not_attribution")]
    assert cell["count"].sum() == 2
    written = write_report(tables, tmp_path / "report")
    names = {p.name for p in written}
    assert {"report.html", "report.md", "reliability.csv", "confusion_frames.png", "confusion_frames.csv",
            "f1_sentences.png", "f1_sentences.csv"} <= names
    assert "Krippendorff's alpha (nominal) = 1.00" in (tmp_path / "report" / "report.md").read_text()
    summary = reliability_summary(tmp_path / "report").set_index("unit_type")
    assert summary.loc["sentences", "alpha"] == 1.0
    assert summary.loc["attributions", "tool_accuracy"] == 1.0 and summary.loc["attributions", "units"] == n


def _error(capsys, argv) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    return err


@pytest.mark.parametrize("edit, expected", [
    (lambda df: df.assign(code=["maybe"] + list(df["code"][1:])),
     "coder_1.csv: sheet attributions, row 2, column code: unknown category 'maybe'"),
    (lambda df: df.assign(context=["changed"] + list(df["context"][1:])),
     "coder_1.csv: sheet attributions, row 2, column context: edited"),
    (lambda df: df.assign(code=[""] + list(df["code"][1:])),
     "coder_1.csv: sheet attributions, row 2, column code: no code given"),
    (lambda df: df.iloc[1:], "coder_1.csv: sheet attributions, column unit_id: 1 unit(s) of the sample missing"),
    (lambda df: pd.concat([df, df.iloc[:1]]), "column unit_id: unit 'attributions:"),
    (lambda df: df.assign(unit_id=["attributions:x:99"] + list(df["unit_id"][1:])),
     "row 2, column unit_id: unknown unit 'attributions:x:99'"),
    (lambda df: df.drop(columns="code"), "coder_1.csv: sheet (header), row 1, column code: column missing from the header"),
])
def test_malformed_sheets_give_one_line_errors_and_write_nothing(sample, tmp_path, capsys, edit, expected):
    tool = _key(sample).set_index("unit_id")["tool_answer"].to_dict()
    shutil.copy(sample / "key.csv", tmp_path / "key.csv")
    _fill_csv(sample / "coder_1.csv", tmp_path / "full.csv", lambda u, r: tool[u])
    edit(pd.read_csv(tmp_path / "full.csv", dtype=str, keep_default_na=False)).to_csv(tmp_path / "coder_1.csv", index=False)
    err = _error(capsys, ["validate", "score", str(tmp_path / "coder_1.csv"), "--out", str(tmp_path / "out")])
    assert expected in err
    assert not (tmp_path / "out").exists()


def test_bad_xlsx_cell_and_bad_inputs_give_one_line_errors(sample, tmp_path, capsys):
    tool = _key(sample).set_index("unit_id")["tool_answer"].to_dict()
    shutil.copy(sample / "key.csv", tmp_path / "key.csv")
    _fill_xlsx(sample / "coder_1.xlsx", tmp_path / "coder_1.xlsx",
               lambda u, r: "positive" if u.startswith("attributions") and r == 3 else tool[u])
    err = _error(capsys, ["validate", "score", str(tmp_path / "coder_1.xlsx"), "--out", str(tmp_path / "out")])
    assert "coder_1.xlsx: sheet attributions, row 3, column code: unknown category 'positive'" in err
    (tmp_path / "notes.txt").write_text("x")
    assert "must be .xlsx or .csv" in _error(capsys, ["validate", "score", str(tmp_path / "notes.txt"),
                                                       "--out", str(tmp_path / "out")])
    assert "missing.xlsx: no such sheet file" in _error(capsys, ["validate", "score", str(tmp_path / "missing.xlsx"),
                                                                "--out", str(tmp_path / "out")])
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    assert "not a readable XLSX" in _error(capsys, ["validate", "score", str(tmp_path / "broken.xlsx"),
                                                    "--out", str(tmp_path / "out")])
    assert not (tmp_path / "out").exists()
    with pytest.raises(InputError, match="not a 'validate score' folder"):
        reliability_summary(tmp_path)


def test_sample_of_one_article_through_the_cli(seed_path, tmp_path, capsys):
    out = tmp_path / "s"
    assert main(["validate", "sample", str(seed_path), "--out", str(out), "--n", "3",
                 "--units", "attributions,sentences", "--coders", "1"]) == 0
    key = _key(out)
    assert sorted(key["unit_type"].unique()) == ["attributions", "sentences"]
    assert set(key["article_id"]) == {seed_path.stem}
    assert (out / "coder_1.xlsx").exists() and not (out / "coder_2.csv").exists()
    assert "unknown unit type 'actors'" in _error_usage(capsys, ["validate", "sample", str(seed_path),
                                                                  "--out", str(out), "--units", "actors"])


def test_a_failed_sample_leaves_nothing_behind(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01\x02 binary")
    err = _error(capsys, ["validate", "sample", str(tmp_path / "in"), "--out", str(tmp_path / "s")])
    assert "no analysed article" in err
    assert not (tmp_path / "s").exists()


def test_an_adjudicated_sheet_is_a_reference_not_a_coder(sample, tmp_path):
    key = _key(sample).set_index("unit_id")
    tool = key["tool_answer"].to_dict()
    shutil.copy(sample / "key.csv", tmp_path / "key.csv")
    _fill_csv(sample / "coder_1.csv", tmp_path / "coder_1.csv", lambda u, r: tool[u])
    _fill_csv(sample / "coder_2.csv", tmp_path / "coder_2.csv", lambda u, r: tool[u])
    sentences = set(key.index[key["unit_type"] == "sentences"][:3])
    other = {"negative": "positive", "neutral": "negative", "positive": "neutral"}
    _fill_csv(sample / "coder_1.csv", tmp_path / "adjudicated.csv",
              lambda u, r: other[tool[u]] if u in sentences else tool[u])
    tables = score_sheets([tmp_path / "coder_1.csv", tmp_path / "coder_2.csv", tmp_path / "adjudicated.csv"],
                          reps=REPS)
    assert set(tables["reliability"]["coders"]) == {2}
    summ = tables["tool_summary"].set_index(["unit_type", "reference"])
    n = int((key["unit_type"] == "sentences").sum())
    assert summ.loc[("sentences", "adjudicated"), "accuracy"] == pytest.approx((n - 3) / n)
    assert summ.loc[("sentences", "majority"), "accuracy"] == 1.0
    assert "adjudicated" in tables["codes"].columns


def _error_usage(capsys, argv) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    return capsys.readouterr().err


@pytest.mark.browser
def test_codebook_and_report_render_in_chromium(sample, tmp_path):
    from browser import chromium, save_screenshot

    tool = _key(sample).set_index("unit_id")["tool_answer"].to_dict()
    shutil.copy(sample / "key.csv", tmp_path / "key.csv")
    _fill_csv(sample / "coder_1.csv", tmp_path / "coder_1.csv", lambda u, r: tool[u])
    _fill_csv(sample / "coder_2.csv", tmp_path / "coder_2.csv", lambda u, r: tool[u])
    write_report(score_sheets([tmp_path / "coder_1.csv", tmp_path / "coder_2.csv"], reps=REPS), tmp_path / "r")
    with chromium() as driver:
        for page, shot in ((sample / "codebook.html", "validate-codebook.png"),
                           (tmp_path / "r" / "report.html", "validate-report.png")):
            driver.get(page.as_uri())
            assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
            assert driver.find_element("tag name", "h1").text
            if "report" in shot:
                loaded = driver.execute_script(
                    "return Array.from(document.images).map(i => i.complete && i.naturalWidth > 0);")
                assert loaded and all(loaded)
            save_screenshot(driver, shot)


@pytest.fixture(scope="module")
def score_folder(sample, tmp_path_factory) -> Path:
    """A `validate score` folder from the round trip: coder_1 agrees with the tool throughout,
    coder_2 calls the first two sampled attributions no attributions."""
    tmp = tmp_path_factory.mktemp("validate")
    key = _key(sample).set_index("unit_id")
    tool = key["tool_answer"].to_dict()
    flipped = set(key.index[key["unit_type"] == "attributions"][:2])
    shutil.copy(sample / "key.csv", tmp / "key.csv")
    _fill_csv(sample / "coder_1.csv", tmp / "coder_1.csv", lambda u, r: tool[u])
    _fill_csv(sample / "coder_2.csv", tmp / "coder_2.csv", lambda u, r: "not_attribution" if u in flipped else tool[u])
    assert main(["validate", "score", str(tmp / "coder_1.csv"), str(tmp / "coder_2.csv"), "--out", str(tmp / "score"),
                 "--reps", "50"]) == 0
    return tmp / "score"


def test_reliability_option_puts_the_users_figures_in_the_json_and_the_report(score_folder, seed_path, tmp_path):
    import json

    from analysis.schema import validate as validate_schema

    assert main(["run", str(seed_path), "--out", str(tmp_path / "plain"), "--no-figures", "--report"]) == 0
    plain = json.loads((tmp_path / "plain" / "analysis.json").read_text())
    assert "user_validation" not in plain and not (tmp_path / "plain" / "user_validation.csv").exists()
    page = (tmp_path / "plain" / "report.html").read_text()
    assert "How far to trust these outputs" in page and "Measured on public annotated news datasets" in page

    assert main(["run", str(seed_path), "--out", str(tmp_path / "own"), "--no-figures", "--report",
                 "--reliability", str(score_folder)]) == 0
    doc = json.loads((tmp_path / "own" / "analysis.json").read_text())
    validate_schema(doc)
    v = doc["user_validation"]
    rel = pd.read_csv(score_folder / "reliability.csv")
    assert v["coders"] == ["coder_1", "coder_2"] and v["folder"] == str(score_folder)
    assert v["units"] == len(pd.read_csv(score_folder / "codes.csv")) and v["source"].startswith("user validation")
    by_type = {r["unit_type"]: r for r in v["unit_types"]}
    att = rel[(rel["unit_type"] == "attributions") & (rel["breakdown"] == "all")].iloc[0]
    assert by_type["attributions"]["alpha"] == round(float(att["alpha"]), 4) < 1.0
    assert by_type["sentences"]["alpha"] == 1.0 and by_type["sentences"]["tool_accuracy"] == 1.0
    assert {f["frame"] for f in v["frames"]} == set(rel.loc[rel["breakdown"] == "frame", "category"])
    assert any(c["unit_type"] == "attributions" and c["category"] == "not_attribution" for c in v["categories"])
    assert {k: doc[k] for k in plain} == plain          # nothing else changes
    page = (tmp_path / "own" / "report.html").read_text()
    assert "From your own validation against human coders" in page and "coder_1, coder_2" in page
    assert "Measured on public annotated news datasets" not in page
    assert pd.read_csv(tmp_path / "own" / "user_validation.csv")["unit_type"].tolist() == \
        [r["unit_type"] for r in v["unit_types"]]


def test_reliability_option_is_recorded_by_batch(score_folder, batch, tmp_path):
    import json

    out = tmp_path / "batch"
    shutil.copytree(batch, out)
    report = run_batch(DEMO, out, limit=3, quiet=True, validation=score_folder)
    assert report.new == 0                         # stored per-article results are reused
    meta = json.loads((out / "batch.json").read_text())
    assert meta["user_validation"]["coders"] == ["coder_1", "coder_2"]
    table = pd.read_parquet(out / "user_validation.parquet")
    assert sorted(table["unit_type"]) == sorted(r["unit_type"] for r in meta["user_validation"]["unit_types"])
    assert "user_validation" not in json.loads((batch / "batch.json").read_text())


@pytest.mark.parametrize("command", ["run", "report", "batch"])
def test_a_bad_reliability_folder_is_refused_before_anything_is_written(command, seed_path, tmp_path, capsys):
    (tmp_path / "notscore").mkdir()
    (tmp_path / "notscore" / "reliability.csv").write_text("just,some\n1,2\n")
    (tmp_path / "notscore" / "tool_summary.csv").write_text("x\n1\n")
    src = str(DEMO if command == "batch" else seed_path)
    for folder, expected in ((tmp_path / "missing", "no such folder"),
                             (tmp_path / "notscore", "not a 'validate score' folder")):
        err = _error(capsys, [command, src, "--out", str(tmp_path / "out"), "--reliability", str(folder)])
        assert expected in err and str(folder) in err
    assert not (tmp_path / "out").exists()
