"""Parameterised notebook runs (papermill): `make notebooks ARTICLE=...` on a long real article."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import notebooks
from conftest import ROOT, require_eval


def test_a_missing_article_is_a_one_line_error(tmp_path, capsys):
    assert notebooks.main(["--article", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.txt" in err
    assert not (tmp_path / "o").exists()


def test_parameters_go_to_the_notebook_that_takes_them(tmp_path):
    art, corpus = ROOT / "data" / "raw" / "000_72c6fca640860fce.txt", ROOT / "data" / "raw" / "corpus"
    assert notebooks.parameters_for(Path("notebooks/01-article.ipynb"), art, None, tmp_path) == {"ARTICLE": str(art)}
    assert notebooks.parameters_for(Path("notebooks/05-compare.ipynb"), art, None, tmp_path) is None
    assert notebooks.parameters_for(Path("notebooks/05-compare.ipynb"), None, corpus, tmp_path)["INPUTS"] == [str(corpus)]
    assert notebooks.parameters_for(Path("notebooks/02-sentiment.ipynb"), None, corpus, tmp_path) is None


def test_every_notebook_has_a_tagged_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in cells), path.name


@pytest.mark.eval
def test_notebooks_run_on_a_long_real_article(tmp_path, monkeypatch):
    texts = require_eval("polnear") / "dev" / "text"
    longest = max(sorted(texts.glob("*.txt")), key=lambda p: p.stat().st_size)
    monkeypatch.chdir(ROOT)
    names = ["00-summary.ipynb", "01-article.ipynb", "02-sentiment.ipynb"]
    rc = notebooks.main([f"notebooks/{n}" for n in names] + ["--article", str(longest), "--out", str(tmp_path)])
    assert rc == 0
    for name in names:
        nb = json.loads((tmp_path / name).read_text())
        injected = [c for c in nb["cells"] if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(injected) == 1 and str(longest) in "".join(injected[0]["source"])
        outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"]
        assert "000_72c6fca640860fce" not in json.dumps(outputs)   # nothing of the seed leaks in
