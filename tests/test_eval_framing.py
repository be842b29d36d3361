"""Framing measured on public annotated news (skipped when ../shared/eval is absent).

Floors are the numbers reached when this was written, minus a small margin:
NFC dev (generic frames, calibration fitted on NFC train only) and FrAC (policy frames; nothing
fitted on FrAC, scores on the held-out odd rows and on all rows).
"""
from __future__ import annotations

import argparse
import json

import pytest

from conftest import require_eval

pytestmark = pytest.mark.eval

# Measured 2026-12-01 (generic calibration refitted on NFC train on the current pipeline, with dense
# sentences for economic and morality, chosen by nested train CV): NFC dev macro-F1 0.619, micro-F1
# 0.675; conflict 0.825 vs always-yes 0.819 (the frame closest to its baseline), responsibility
# 0.569 vs 0.522. Floors sit about 0.01-0.02 below the measured values.
# FrAC (after the sentence-initial determiner fix and the uncapped tie-break): all rows accuracy
# 0.667, macro-F1 0.661; held-out half B 0.667 / 0.658.
MACRO_FLOOR = 0.605
MICRO_FLOOR = 0.655
ABOVE_BASELINE = ("AR", "HI", "CO", "MO", "EC")
FRAC_ACC_FLOOR = 0.62
FRAC_MACRO_FLOOR = 0.60


def _args(**kw):
    from analysis.evaluate import framing

    p = argparse.ArgumentParser()
    framing.add_arguments(p)
    argv = []
    for k, v in kw.items():
        argv += [f"--{k.replace('_', '-')}", str(v)]
    return p.parse_args(argv)


@pytest.fixture(scope="module")
def nfc_dev(tmp_path_factory):
    from analysis.evaluate import framing

    nfc = require_eval("nfc")
    out = tmp_path_factory.mktemp("nfc") / "pred.jsonl"
    assert framing.run(_args(nfc=nfc, split="dev", predictions_out=out)) == 0
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold = framing.read_nfc(nfc / "dev.txt")
    return gold, preds


def test_nfc_dev_beats_floors_and_always_yes(nfc_dev):
    from analysis.evaluate.framing import NFC_FRAMES
    from analysis.metrics import multilabel_scores

    gold, preds = nfc_dev
    assert [p["id"] for p in preds] == [g["id"] for g in gold]
    g = [r["labels"] for r in gold]
    ours = multilabel_scores(g, [{c: c in p["frames"] for c in NFC_FRAMES} for p in preds], NFC_FRAMES)
    base = multilabel_scores(g, [{c: True for c in NFC_FRAMES} for _ in g], NFC_FRAMES)
    assert ours["macro_f1"] >= MACRO_FLOOR
    assert ours["micro"][2] >= MICRO_FLOOR
    assert ours["macro_f1"] > base["macro_f1"] + 0.1
    for code in ABOVE_BASELINE:
        assert ours[code][2] > base[code][2], code


def test_nfc_every_positive_call_has_evidence(nfc_dev):
    _, preds = nfc_dev
    calls = [(p["id"], c) for p in preds for c in p["frames"]]
    assert calls
    for pid, c in calls:
        ev = next(p for p in preds if p["id"] == pid)["evidence"][c]
        assert ev["sentence_ids"] and ev["cues"]


def test_frac_policy_frame_beats_majority(tmp_path):
    from collections import Counter

    from analysis.evaluate import framing

    path = require_eval("frac") / "gold_standard_single_label_all.csv"
    out = tmp_path / "frac.jsonl"
    assert framing.run(_args(frac=path, predictions_out=out)) == 0
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold = [r["label"] for r in framing.read_frac(path)]
    pred = [p["frac_label"] for p in preds]
    held = range(1, len(gold), 2)
    labels = sorted(set(gold))
    acc_b, macro_b = framing._acc_macro([gold[i] for i in held], [pred[i] for i in held], labels)
    acc, macro = framing._acc_macro(gold, pred, labels)
    majority = Counter(gold).most_common(1)[0][1] / len(gold)
    assert acc_b >= FRAC_ACC_FLOOR and macro_b >= FRAC_MACRO_FLOOR
    assert acc >= FRAC_ACC_FLOOR and acc > majority + 0.3


# ----------------------------------------------------------------- SemEval-2023 policy frames

def test_read_semeval_and_its_baselines(tmp_path):
    """The SemEval layout is read into boolean labels; the constant baseline is train's top five."""
    from analysis.errors import InputError
    from analysis.evaluate import framing

    arts = tmp_path / "train-articles-subtask-2"
    arts.mkdir()
    lines = []
    for i, labs in enumerate(["Political,Economic", "Political,Morality", "Political,Economic,Crime_and_punishment",
                              "Security_and_defense,Political", "Economic,Health_and_safety"]):
        (arts / f"article{100 + i}.txt").write_text(f"Title {i}\n\nBody text {i}.\n", encoding="utf-8")
        lines.append(f"{100 + i}\t{labs}")
    (tmp_path / "train-labels-subtask-2.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = framing.read_semeval(tmp_path, "train")
    assert [r["id"] for r in rows] == ["100", "101", "102", "103", "104"]
    assert rows[0]["labels"]["Political"] and rows[0]["labels"]["Economic"] and not rows[0]["labels"]["Morality"]
    assert rows[0]["text"].startswith("Title 0")
    top5 = framing.semeval_baselines([r["labels"] for r in rows])["most-frequent-5"]
    assert sorted(k for k, v in top5.items() if v) == sorted(
        ["Political", "Economic", "Morality", "Crime_and_punishment", "Security_and_defense"])
    (tmp_path / "train-labels-subtask-2.txt").write_text("100\tPolitics\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown label"):
        framing.read_semeval(tmp_path, "train")


# Measured 2026-11-30 (word model fitted on SemEval train only; per-frame thresholds by coordinate
# ascent on train CV, calls on cue or learned-word evidence, words inside names skipped): dev
# micro-F1 0.667, macro-F1 0.527 (train nested CV 1x5 0.658 / 0.531; always-yes 0.403 / 0.368;
# most-frequent-5 0.556 / 0.228); 4.06 frames per article against 3.53 in gold. Policy prescription
# (F1 0, train CV 0.197 against its always-yes 0.259) is the one label not above always-yes.
SEMEVAL_MICRO_FLOOR = 0.63
SEMEVAL_MACRO_FLOOR = 0.49
SEMEVAL_ABOVE_ALWAYS_YES = ("Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
                            "Legality_Constitutionality_and_jurisprudence", "Crime_and_punishment",
                            "Security_and_defense", "Health_and_safety", "Quality_of_life", "Cultural_identity",
                            "Public_opinion", "Political", "External_regulation_and_reputation")


def test_semeval_dev_policy_frames_beat_always_yes(tmp_path):
    from analysis.evaluate import framing
    from analysis.metrics import multilabel_scores

    folder = require_eval("semeval23")
    out = tmp_path / "semeval.jsonl"
    assert framing.run(_args(semeval=folder, split="dev", predictions_out=out)) == 0
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold = framing.read_semeval(folder, "dev")
    assert [p["id"] for p in preds] == [g["id"] for g in gold]
    labs = framing.SEMEVAL_LABELS
    g = [r["labels"] for r in gold]
    ours = multilabel_scores(g, [{lab: lab in p["frames"] for lab in labs} for p in preds], labs)
    base = multilabel_scores(g, [{lab: True for lab in labs} for _ in g], labs)
    assert ours["micro"][2] >= SEMEVAL_MICRO_FLOOR and ours["macro_f1"] >= SEMEVAL_MACRO_FLOOR
    assert ours["micro"][2] > base["micro"][2] + 0.05
    top5 = framing.semeval_baselines([r["labels"] for r in framing.read_semeval(folder, "train")])["most-frequent-5"]
    assert ours["micro"][2] > multilabel_scores(g, [top5] * len(g), labs)["micro"][2] + 0.03
    called, coded = sum(len(p["frames"]) for p in preds), sum(sum(r.values()) for r in g)
    assert abs(called - coded) <= 0.2 * coded          # frames per article within 20% of gold
    for lab in SEMEVAL_ABOVE_ALWAYS_YES:
        assert ours[lab][2] > base[lab][2], lab
