"""Command line: the run command, the output contract and bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.plots import CHARTS
from analysis.schema import validate

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=600)


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("run") / "seed"
    proc = run_cli("run", seed_path, "--out", out, "--figures", out.parent / "figures")
    assert proc.returncode == 0, proc.stderr
    return out


def test_run_writes_json_and_tables(seed_run, seed_path):
    names = sorted(p.name for p in seed_run.iterdir())
    assert {"analysis.json", "sentences.csv", "actors.csv", "mentions.csv"} <= set(names)
    assert not [n for n in names if n.endswith(".tmp")]
    doc = json.loads((seed_run / "analysis.json").read_text(encoding="utf-8"))
    validate(doc)
    assert doc["schema_version"] == "1.3.0"
    assert len(doc["sentences"]) == 12
    assert doc["article"]["title"] == "Vladimir Putin with Kim Jong Un"
    text = (ROOT / doc["source"]["path"]).read_text(encoding="utf-8") if not Path(doc["source"]["path"]).is_absolute() \
        else Path(doc["source"]["path"]).read_text(encoding="utf-8")
    for s in doc["sentences"]:
        assert text[s["start"]:s["end"]] == s["text"]
    charts = sorted((seed_run.parent / "figures" / seed_path.stem).iterdir())
    assert len(charts) == 3 * len(CHARTS) and {p.suffix for p in charts} == {".png", ".svg", ".csv"}


def test_run_is_deterministic(seed_run, seed_path, tmp_path):
    proc = run_cli("run", seed_path, "--out", tmp_path / "seed", "--figures", tmp_path / "figures")
    assert proc.returncode == 0, proc.stderr
    for f in seed_run.iterdir():
        assert (tmp_path / "seed" / f.name).read_bytes() == f.read_bytes(), f.name
    for f in (seed_run.parent / "figures" / seed_path.stem).iterdir():
        assert (tmp_path / "figures" / seed_path.stem / f.name).read_bytes() == f.read_bytes(), f.name


def test_api_mirrors_cli(seed, seed_run):
    assert json.loads(seed.to_json())["sentences"] == json.loads((seed_run / "analysis.json").read_text())["sentences"]
    assert list(seed.actors_df().columns[:4]) == ["actor_id", "name", "type", "affiliation"]


def test_help_documents_commands():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "run" in proc.stdout
    proc = run_cli("run", "--help")
    assert "--out" in proc.stdout and "--aliases" in proc.stdout


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "blank.txt").write_bytes(b"  \n\n\t \n")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    (tmp / "nosentence.txt").write_text("Read more: other stories\nSubscribe to our newsletter\n", encoding="utf-8")
    (tmp / "huge.txt").write_text("The minister said the plan would work. " * 130_000, encoding="utf-8")
    (tmp / "folder").mkdir()
    return {"missing": tmp / "missing.txt", "directory": tmp / "folder", "empty": tmp / "empty.txt",
            "whitespace": tmp / "blank.txt", "binary": tmp / "binary.txt", "encoding": tmp / "latin1.txt",
            "no sentence": tmp / "nosentence.txt", "5 MB": tmp / "huge.txt"}


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "whitespace", "binary", "encoding",
                                  "no sentence", "5 MB"])
def test_bad_input_one_line_error_exit_2_no_output(case, tmp_path):
    path = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    proc = run_cli("run", path, "--out", out)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_wrong_encoding_can_be_named(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 owners said prices rose sharply.\n".encode("latin-1"))
    proc = run_cli("run", path, "--out", tmp_path / "out", "--encoding", "latin-1", "--figures", tmp_path / "figs")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert doc["sentences"][0]["text"].startswith("Café")


def test_failed_write_leaves_no_partial_files(tmp_path, monkeypatch):
    from analysis import output

    def boom(*a, **k):
        raise OSError("disk full")

    files = {"a.json": b"{}", "b.csv": b"x\n"}
    monkeypatch.setattr(output.os, "replace", boom)
    with pytest.raises(OSError):
        output.write_files(tmp_path / "o", files)
    assert list((tmp_path / "o").iterdir()) == []


@pytest.mark.parametrize("text", ["", "   "])
def test_api_empty_text_is_reported_as_empty(text):
    from analysis import analyze
    from analysis.errors import InputError

    with pytest.raises(InputError, match="empty"):
        analyze(text)
