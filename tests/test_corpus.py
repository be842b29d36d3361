"""Corpus mode: inputs, bad articles, resume after interruption, schedulers agree, comparisons."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import BatchSettings, load_tables, read_corpus, run_batch

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "raw" / "corpus"
DEMO_IDS = sorted(p.stem for p in DEMO.glob("*.txt"))


def table_files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.suffix in (".csv", ".parquet")}


def assert_same_tables(a: Path, b: Path) -> None:
    fa, fb = table_files(a), table_files(b)
    assert sorted(fa) == sorted(fb)
    for name in fa:
        assert fa[name] == fb[name], name


def store_files(out: Path) -> list[Path]:
    return sorted((out / "articles").glob("*.json"))


@pytest.fixture(scope="module")
def clean(tmp_path_factory, nlp):
    """One uninterrupted in-process run over the demo corpus."""
    out = tmp_path_factory.mktemp("clean")
    report = run_batch(DEMO, out, quiet=True)
    return out, report


# --------------------------------------------------------------------------- inputs

def test_folder_input_writes_tables_with_article_columns(clean):
    out, report = clean
    assert (report.total, report.new, report.reused, report.analysed, report.failed) == (6, 6, 0, 6, 0)
    tables = load_tables(out)
    assert {"articles", "sentences", "actors", "mentions", "errors"} <= set(tables)
    for name in tables:
        assert (out / f"{name}.csv").exists()
    arts = tables["articles"]
    assert list(arts["article_id"]) == DEMO_IDS          # sorted by id
    assert list(arts.columns[:4]) == ["article_id", "outlet", "date", "title"]
    row = arts.set_index("article_id").loc["ledger_strike_costs"]
    assert row["outlet"] == "The Northern Ledger" and row["date"] == "2025-03-04"
    assert row["headline"] == "Port Strike Could Cost Region Millions a Day, Shippers Warn"
    sents = tables["sentences"]
    assert list(sents.columns[:5]) == ["article_id", "outlet", "date", "title", "sentence_id"]
    assert sents["article_id"].is_monotonic_increasing
    assert int(arts["sentences"].sum()) == len(sents)
    # offsets still point into each article's text
    for aid, group in sents.groupby("article_id"):
        text = (DEMO / f"{aid}.txt").read_text(encoding="utf-8")
        for s in group.itertuples():
            assert text[s.start:s.end] == s.text
    # CSV and Parquet hold the same rows
    csv = pd.read_csv(out / "sentences.csv", keep_default_na=False)
    assert len(csv) == len(sents) and list(csv.columns) == list(sents.columns)
    assert tables["errors"].empty and list(tables["errors"].columns) == [
        "article_id", "path", "sha256", "kind", "reason"]
    manifest = json.loads((out / "batch.json").read_text())
    assert manifest["new"] == 6 and manifest["input_kind"] == "folder"


def test_rerun_skips_everything_and_is_identical(clean, tmp_path):
    out, _ = clean
    before = table_files(out)
    report = run_batch(DEMO, out, quiet=True)
    assert (report.new, report.reused, report.analysed) == (0, 6, 6)
    assert table_files(out) == before


def _demo_frame(n: int = 3) -> pd.DataFrame:
    meta = pd.read_csv(DEMO / "metadata.csv", dtype=str).set_index("id")
    rows = [{"id": aid, "text": (DEMO / f"{aid}.txt").read_text(encoding="utf-8"),
             "outlet": meta.loc[aid, "outlet"], "date": meta.loc[aid, "date"]} for aid in DEMO_IDS[:n]]
    return pd.DataFrame(rows)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_table_inputs_give_the_folder_results(fmt, clean, tmp_path):
    df = _demo_frame(3)
    src = tmp_path / f"corpus.{fmt}"
    if fmt == "csv":
        df.to_csv(src, index=False)
    elif fmt == "jsonl":
        df.to_json(src, orient="records", lines=True, force_ascii=False)
    else:
        df.to_parquet(src, index=False)
    report = run_batch(src, tmp_path / "out", quiet=True)
    assert (report.total, report.analysed, report.failed) == (3, 3, 0)
    got = load_tables(tmp_path / "out")
    ref = load_tables(clean[0])
    assert list(got["articles"].columns[:3]) == ["article_id", "outlet", "date"]   # no title given
    assert "title" not in got["sentences"].columns
    ref_sents = ref["sentences"][ref["sentences"]["article_id"].isin(DEMO_IDS[:3])].drop(columns="title")
    pd.testing.assert_frame_equal(got["sentences"], ref_sents.reset_index(drop=True))
    # same bytes, same key: the content hash of a CSV text equals the file's
    assert list(got["articles"]["sha256"]) == list(ref["articles"]["sha256"][:3])
    assert got["articles"]["path"][0] == f"{src} row 1" or got["articles"]["path"].str.startswith(str(src)).all()


def test_unusable_input_exits_2(tmp_path, capsys):
    from analysis.cli import main

    (tmp_path / "notes.md").write_text("hello\n")
    pd.DataFrame({"id": ["a"], "body": ["The mayor said the port would reopen."]}).to_csv(
        tmp_path / "wrong.csv", index=False)
    for bad in (tmp_path / "missing", tmp_path / "notes.md", tmp_path / "wrong.csv"):
        assert main(["batch", str(bad), "--out", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: ")
    assert "missing column(s) text" in err[0]
    assert main(["batch", str(DEMO), "--out", str(tmp_path / "o2"), "--scheduler", "yarn"]) == 2


def test_bad_articles_are_recorded_and_never_stop_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = "The council said the bridge would reopen on Monday. Drivers welcomed the news.\n"
    (folder / "good.txt").write_text(good, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes("Café owners said prices rose.\n".encode("latin-1"))
    (folder / "boiler.txt").write_text("Read more: other stories\nSubscribe to our newsletter\n")
    (folder / "huge.txt").write_text("The minister said the plan would work. " * 200, encoding="utf-8")
    (folder / "giant.txt").write_text("The minister said the plan would work. " * 600, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    report = run_batch(folder, tmp_path / "out", settings=BatchSettings(max_chars=5000), quiet=True)
    assert (report.total, report.analysed, report.failed, report.ignored) == (7, 1, 6, 1)
    errors = pd.read_csv(tmp_path / "out" / "errors.csv", keep_default_na=False).set_index("article_id")
    assert list(errors.index) == ["binary", "boiler", "empty", "giant", "huge", "latin1"]
    reasons = errors["reason"].to_dict()
    assert "binary" in reasons["binary"]
    assert "no body sentences" in reasons["boiler"]
    assert "empty" in reasons["empty"]
    assert "above the limit of 5,000" in reasons["huge"]
    assert "23,400 bytes is above the limit" in reasons["giant"] and errors.loc["giant", "sha256"] == ""
    assert "not valid utf-8" in reasons["latin1"]
    assert errors.loc["empty", "path"] == str(folder / "empty.txt")
    assert (errors["kind"] == "input").all()
    assert all("\n" not in r for r in reasons.values())
    assert load_tables(tmp_path / "out")["articles"]["article_id"].tolist() == ["good"]
    # bad inputs are remembered too: a rerun has nothing to do
    again = run_batch(folder, tmp_path / "out", settings=BatchSettings(max_chars=5000), quiet=True)
    assert (again.new, again.reused, again.failed) == (0, 6, 6)   # giant: refused unread again


def test_duplicate_ids_and_missing_text_in_a_table(tmp_path):
    df = pd.DataFrame({"id": ["a", "a", "b"],
                       "text": ["The mayor said the port would reopen.", "Workers said they were tired.", None]})
    df.to_json(tmp_path / "c.jsonl", orient="records", lines=True)
    with open(tmp_path / "c.jsonl", "a", encoding="utf-8") as fh:
        fh.write('{"id": "c", "text": "unterminated\n\n{"id": 7, "text": "The port reopened on Friday."}\n')
    report = run_batch(tmp_path / "c.jsonl", tmp_path / "out", quiet=True)
    assert (report.analysed, report.failed) == (2, 3)
    tables = load_tables(tmp_path / "out")
    assert tables["articles"]["article_id"].tolist() == ["7", "a"]
    errors = tables["errors"]
    assert errors["article_id"].tolist() == ["a#2", "b", "line4"]
    assert "duplicate id 'a'" in errors["reason"][0] and "text is missing" in errors["reason"][1]
    assert "invalid JSON" in errors["reason"][2]


# --------------------------------------------------------------------------- resume

def test_resume_after_partial_run_finishes_only_the_rest(clean, tmp_path):
    out = tmp_path / "out"
    first = run_batch(DEMO, out, limit=3, quiet=True)
    assert (first.total, first.new) == (3, 3)
    assert load_tables(out)["articles"]["article_id"].tolist() == sorted(DEMO_IDS[:3])
    store_files(out)[0].unlink()             # lose one finished result as well
    second = run_batch(DEMO, out, quiet=True)
    assert (second.total, second.new, second.reused) == (6, 4, 2)
    assert_same_tables(out, clean[0])


def test_resume_after_kill(clean, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "batch", str(DEMO), "--out", str(out),
                             "--quiet"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None and not (out / "articles").exists() or \
            proc.poll() is None and not store_files(out):
        time.sleep(0.02)
    assert proc.poll() is None, "batch finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(store_files(out))
    assert 1 <= done < 6
    assert not (out / "articles.csv").exists()      # killed before assembling
    report = run_batch(DEMO, out, quiet=True)
    assert (report.new, report.reused) == (6 - done, done)
    assert not list((out / "articles").glob(".*.tmp"))
    assert_same_tables(out, clean[0])


# --------------------------------------------------------------------------- schedulers

def test_two_workers_equal_one(clean, tmp_path):
    report = run_batch(DEMO, tmp_path / "out", workers=2, quiet=True)
    assert (report.new, report.analysed) == (6, 6)
    assert_same_tables(tmp_path / "out", clean[0])


def test_spawned_workers_equal_one(clean, tmp_path, monkeypatch):
    """Where fork is not used (another OS, other threads running) workers start by spawn."""
    import analysis.corpus as corpus

    monkeypatch.setattr(corpus, "start_method", lambda: "spawn")
    report = run_batch(DEMO, tmp_path / "out", workers=2, quiet=True)
    assert (report.new, report.analysed) == (6, 6)
    assert_same_tables(tmp_path / "out", clean[0])


def _model_cache() -> tuple[int, int, int]:
    """(hits, misses) of load_nlp's cache in the process that runs this, and how many objects
    its garbage collector leaves frozen."""
    import gc

    from analysis.nlp import load_nlp

    info = load_nlp.cache_info()
    return info.hits, info.misses, gc.get_freeze_count()


def test_forked_workers_inherit_the_loaded_model(nlp):
    """Forked workers find the model this process loaded (their initializer's load is a cache
    hit): no second load per worker; the objects they inherit are frozen for their collector,
    and this process's collector is back to normal once they are forked."""
    import gc
    import multiprocessing

    from analysis.corpus import CorpusItem, ProcessRunner, _task_for
    from analysis.nlp import load_nlp

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    settings = BatchSettings()
    text = "The council met on Tuesday. \"We will rebuild the pier,\" Mayor Ann Lee said."
    task, _ = _task_for(CorpusItem("a", "row 1", text=text), settings, settings.key())
    with ProcessRunner(2, "fork") as runner:
        assert gc.get_freeze_count() > 0             # until the workers are forked
        record, data = runner.submit(task).result()
        assert gc.get_freeze_count() == 0
        infos = [runner.pool.submit(_model_cache).result() for _ in range(4)]
    assert record["status"] == "ok" and json.loads(data)["tables"]["sentences"]["rows"]
    assert all(misses == load_nlp.cache_info().misses for _, misses, _ in infos)
    assert all(hits >= 1 for hits, _, _ in infos)
    assert all(frozen > 1000 for _, _, frozen in infos)


def test_start_method_is_fork_on_linux_without_other_threads():
    code = ("import threading, sys; from analysis.corpus import start_method; a = start_method(); "
            "e = threading.Event(); t = threading.Thread(target=e.wait); t.start(); b = start_method(); "
            "e.set(); t.join(); print(a, b)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    expected = "fork" if sys.platform.startswith("linux") else "spawn"
    assert out.stdout.split() == [expected, "spawn"]


def test_longest_articles_are_submitted_first(tmp_path):
    from analysis.corpus import CorpusItem, longest_first

    for name, size in (("a", 10), ("b", 300), ("c", 10), ("d", 50)):
        (tmp_path / f"{name}.txt").write_text("x" * size)
    items = [CorpusItem(n, n, path=str(tmp_path / f"{n}.txt")) for n in "abcd"]
    items += [CorpusItem("gone", "gone", path=str(tmp_path / "gone.txt")),
              CorpusItem("inline", "row 1", text="y" * 100), CorpusItem("none", "row 2", error="no text")]
    assert [i.id for i in longest_first(items)] == ["b", "inline", "d", "a", "c", "gone", "none"]


def test_store_bytes_split_before_the_analysis_document():
    from analysis.corpus import Store, record_head

    record = {"format": "f", "sha256": "s", "status": "ok",
              "tables": {"t": {"columns": ["text"], "dtypes": ["str"],
                               "rows": [[',"analysis":{"x":1}'], ["“é” \u2028"]]}},
              "analysis": {"text": ',"analysis":', "n": [1.5, None, True]}}
    data, head = Store.encode_split(record)
    assert data == Store.encode(record)
    assert record_head(data, head) == {k: v for k, v in record.items() if k != "analysis"}
    no_analysis = {"format": "f", "status": "error", "reason": "r"}
    assert Store.encode_split(no_analysis) == (Store.encode(no_analysis), None)
    not_last = {"analysis": {}, "status": "ok"}
    assert Store.encode_split(not_last) == (Store.encode(not_last), None)


def test_dask_cluster_on_loopback_equals_local(clean, tmp_path):
    distributed = pytest.importorskip("distributed")
    from analysis.corpus import model_loads

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        report = run_batch(DEMO, tmp_path / "out", scheduler=address, quiet=True)
        loads = client.run(model_loads)
    assert (report.new, report.analysed) == (6, 6)
    assert list(loads.values()) == [1]            # spaCy loaded once by the worker, not per article
    assert_same_tables(tmp_path / "out", clean[0])


def test_dask_local_cluster_scheduler(clean, tmp_path):
    pytest.importorskip("distributed")
    report = run_batch(DEMO, tmp_path / "out", scheduler="dask", workers=1, dask_processes=False,
                       limit=2, quiet=True)
    assert (report.new, report.analysed) == (2, 2)
    ref = load_tables(clean[0])["sentences"]
    got = load_tables(tmp_path / "out")["sentences"]
    pd.testing.assert_frame_equal(got, ref[ref["article_id"].isin(DEMO_IDS[:2])].reset_index(drop=True))


# --------------------------------------------------------------------------- generic tables

def test_new_stage_tables_flow_through(tmp_path, monkeypatch):
    from analysis.pipeline import ArticleAnalysis

    original = ArticleAnalysis.tables

    def tables(self):
        out = original(self)
        out["toy"] = pd.DataFrame({"sentence_id": [s.id for s in self.article.sentences],
                                   "words": [len(s.text.split()) for s in self.article.sentences]})
        return out

    monkeypatch.setattr(ArticleAnalysis, "tables", tables)
    run_batch(DEMO, tmp_path / "out", limit=2, quiet=True)
    toy = load_tables(tmp_path / "out")["toy"]
    assert list(toy.columns) == ["article_id", "outlet", "date", "title", "sentence_id", "words"]
    assert toy["words"].dtype == "int64"
    first = (DEMO / f"{DEMO_IDS[0]}.txt").read_text(encoding="utf-8")
    assert set(toy["article_id"]) == set(DEMO_IDS[:2])
    assert (tmp_path / "out" / "toy.csv").exists()
    assert toy["words"].sum() > 50 and len(first) > 0


def test_corpus_reader_folder_metadata_and_limit():
    corpus = read_corpus(DEMO, limit=2)
    assert [i.id for i in corpus.items] == DEMO_IDS[:2]
    assert corpus.meta_columns == ["outlet", "date", "title"]
    assert corpus.items[0].meta["outlet"] == "Coastal Business Daily"


# --------------------------------------------------------------------------- comparisons

def _toy_tables() -> dict[str, pd.DataFrame]:
    """Corpus tables as the stages will write them, with values written for this test."""
    arts = pd.DataFrame({"article_id": ["a1", "a2"], "outlet": ["Gazette", "Ledger"],
                         "date": ["2025-03-03", "2025-03-04"], "headline": ["H1", "H2"],
                         "sentences": [3, 2], "actors": [2, 1]})
    sents = pd.DataFrame({"article_id": ["a1", "a1", "a1", "a2", "a2"],
                          "outlet": ["Gazette"] * 3 + ["Ledger"] * 2,
                          "sentence_id": [0, 1, 2, 0, 1],
                          "voice": ["narrator", "quoted", "mixed", "narrator", "narrator"],
                          "vader_compound": [-0.5, 0.25, 0.75, 0.5, 0.0],
                          "sentiment_label": ["negative", "positive", "positive", "positive", "neutral"]})
    voices = pd.DataFrame({"article_id": ["a1", "a1", "a1"], "outlet": ["Gazette"] * 3,
                           "level": ["speaker", "speaker", "affiliation"],
                           "name": ["Maria Okafor", "Daniel Reyes", "Union"],
                           "speaker_type": ["person", "person", "org"], "attributions": [2, 1, 2],
                           "direct": [1, 1, 1], "mixed": [0, 0, 0], "indirect": [1, 0, 1],
                           "content_words": [30, 10, 30], "share_of_attributed_words": [0.75, 0.25, 0.75]})
    frames = pd.DataFrame({"article_id": ["a1", "a1", "a2", "a2"], "outlet": ["Gazette"] * 2 + ["Ledger"] * 2,
                           "codebook": ["generic"] * 4,
                           "frame": ["conflict", "economic", "conflict", "economic"],
                           "score": [0.8, 0.1, 0.2, 0.9], "present": [True, False, False, True],
                           "share": [0.67, 0.0, 0.0, 1.0]})
    actor = pd.DataFrame({"article_id": ["a1", "a2", "a2"], "outlet": ["Gazette", "Ledger", "Ledger"],
                          "actor_id": ["A1", "A1", "A2"], "name": ["Port Authority", "Port Authority", "Union"],
                          "scored_mentions": [2, 1, 0], "score": [-0.4, 0.2, 0.0], "label": ["negative"] * 3})
    return {"articles": arts, "sentences": sents, "voices": voices, "frames": frames,
            "actor_sentiment": actor}


def test_compare_helpers_on_stage_tables():
    from analysis import compare

    t = _toy_tables()
    wide = compare.frame_profiles(t, codebook="generic", wide=True)
    assert wide.set_index("article_id").loc["a2", "economic"] == 0.9
    assert list(wide.columns) == ["article_id", "outlet", "conflict", "economic"]
    vs = compare.voice_shares(t)
    assert vs["name"].tolist() == ["Maria Okafor", "Daniel Reyes"] and vs["share"].tolist() == [0.75, 0.25]
    ns = compare.narrator_shares(t).set_index("article_id")
    assert ns.loc["a1", "narrator"] == round(1 / 3, 4) and ns.loc["a2", "narrator"] == 1.0
    tone = compare.tone_by_outlet(t).set_index(["outlet", "voice"])
    assert tone.loc[("Gazette", "narrator"), "mean_score"] == -0.5
    assert tone.loc[("Ledger", "narrator"), "mean_score"] == 0.25
    assert tone.loc[("Ledger", "narrator"), "positive"] == 0.5
    at = compare.actor_tone(t).set_index(["outlet", "name"])
    assert at.loc[("Gazette", "Port Authority"), "mean_score"] == -0.4
    assert ("Ledger", "Union") not in at.index          # no scored mention
    side = compare.side_by_side(t).set_index("article_id")
    assert side.loc["a1", "top_speaker"] == "Maria Okafor"
    assert side.loc["a1", "quoted_share"] == round(1 / 3, 4) * 2
    assert side.loc["a2", "leading_frame"] == "generic:economic"
    assert side.loc["a1", "narrator_tone"] == -0.5


def test_compare_helpers_empty_when_stage_tables_absent(clean):
    from analysis import compare

    t = {k: v for k, v in load_tables(clean[0]).items() if k in ("articles", "actors", "mentions")}
    t["sentences"] = load_tables(clean[0])["sentences"][["article_id", "outlet", "date", "title",
                                                         "sentence_id", "text"]]
    for fn, cols in [(compare.frame_profiles, ["article_id", "outlet", "date", "codebook", "frame"]),
                     (compare.voice_shares, ["article_id", "outlet", "date", "name"]),
                     (compare.narrator_shares, ["article_id", "outlet", "date", "sentences", "narrator"]),
                     (compare.tone_by_outlet, ["outlet", "voice", "articles", "sentences", "mean_score"]),
                     (compare.actor_tone, ["outlet", "name", "articles"])]:
        df = fn(t)
        assert df.empty and list(df.columns[:len(cols)]) == cols, fn.__name__
    side = compare.side_by_side(t)
    assert side["article_id"].tolist() == DEMO_IDS and side["leading_frame"].isna().all()
