"""NewsMTSC evaluation: the loader and metrics on records written here, the dev floors on the
real data (skipped when ../shared/eval is absent)."""
from __future__ import annotations

import json
from argparse import Namespace

import pytest
from conftest import require_eval

from analysis.evaluate.sentiment import accuracy, evaluate, load_newsmtsc, macro_f1, run

#: Dev macro-F1 reached by the target-level method (see the closing report), minus a margin.
FLOORS = {"rw": 0.70, "mt": 0.64}
MARGIN = 0.02


def _write(tmp_path):
    folder = tmp_path / "newsmtsc-rw"
    folder.mkdir()
    recs = [
        {"primary_gid": "a_1", "sentence_normalized": "Critics said Lena Holm failed the city badly.",
         "targets": [{"Input.gid": "a_1", "from": 13, "to": 22, "mention": "Lena Holm", "polarity": 2.0}]},
        {"primary_gid": "a_2", "sentence_normalized": "Omar Diaz and Lena Holm met on Tuesday.",
         "targets": [{"Input.gid": "a_2", "from": 0, "to": 9, "mention": "Omar Diaz", "polarity": 4.0},
                     {"Input.gid": "a_3", "from": 14, "to": 23, "mention": "Lena Holm", "polarity": 4.0}]},
        {"primary_gid": "a_4", "sentence_normalized": "Fans cheered Omar Diaz, a wonderful and generous host.",
         "targets": [{"Input.gid": "a_4", "from": 13, "to": 22, "mention": "Omar Diaz", "polarity": 6.0}]},
    ]
    (folder / "dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return tmp_path, recs


def test_loader_reads_the_original_format(tmp_path):
    root, recs = _write(tmp_path)
    sentences, targets = load_newsmtsc(root / "newsmtsc-rw" / "dev.jsonl")
    assert len(sentences) == 3 and len(targets) == 4
    assert [t.gold for t in targets] == [-1, 0, 0, 1]
    t = targets[2]
    assert sentences[t.sentence_index][t.start:t.end] == "Lena Holm"


def test_metrics():
    assert macro_f1([-1, 0, 1], [-1, 0, 1]) == 1.0
    assert accuracy([-1, 0, 1, 1], [-1, 0, 0, 1]) == 0.75
    # Always-neutral on a balanced set: F1 0.5 for neutral, 0 for the others.
    assert macro_f1([-1, 0, 1], [0, 0, 0]) == pytest.approx(0.5 / 3)


def test_command_prints_every_method_and_writes_predictions(tmp_path, capsys):
    root, recs = _write(tmp_path)
    out = tmp_path / "pred.jsonl"
    assert run(Namespace(newsmtsc=str(root), variant="rw", split="dev", predictions_out=str(out))) == 0
    printed = capsys.readouterr().out
    for method in ("target-level", "TextBlob", "VADER", "always neutral"):
        assert method in printed
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(lines) == 4
    assert set(lines[0]) == {"primary_gid", "from", "to", "label"}
    assert {x["label"] for x in lines} <= {-1, 0, 1}
    assert lines[0]["label"] == -1 and lines[3]["label"] == 1


@pytest.mark.parametrize("variant", ["rw", "mt"])
def test_dev_floor(variant, nlp):
    root = require_eval("newsmtsc")
    out = evaluate(root, variant, "dev", nlp)
    s = out["scores"]
    mine = s["target-level (this project)"]["macro_f1"]
    assert mine >= FLOORS[variant] - MARGIN
    assert mine > s["sentence VADER (compound +-0.05)"]["macro_f1"] + 0.05
    assert mine > s["sentence TextBlob (polarity sign)"]["macro_f1"] + 0.05
    assert mine > s["always neutral"]["macro_f1"] + 0.3
