"""Outputs recorded before the stage redesign: the JSON and every CSV stay byte-identical."""
from __future__ import annotations

import json

import pytest

from conftest import require_eval
from golden import RECORD, polnear_digests, seed_digests


def _record() -> dict:
    return json.loads(RECORD.read_text(encoding="utf-8"))


def _changed(want: dict[str, str], got: dict[str, str]) -> list[str]:
    return sorted(name for name in want.keys() | got.keys() if want.get(name) != got.get(name))


def test_seed_outputs_unchanged(nlp):
    assert _changed(_record()["seed"], seed_digests(nlp)) == []


@pytest.mark.eval
def test_polnear_dev_outputs_unchanged(nlp):
    polnear = require_eval("polnear")
    want = _record()["polnear_dev"]
    got = polnear_digests(polnear, nlp)
    assert sorted(got) == sorted(want)
    changed = {stem: _changed(want[stem], got[stem]) for stem in want if _changed(want[stem], got[stem])}
    assert changed == {}


def test_comparison_sees_changed_missing_and_new_files():
    assert _changed({"a.csv": "1", "b.csv": "2"}, {"a.csv": "1", "b.csv": "3", "c.csv": "4"}) == ["b.csv", "c.csv"]
    assert _changed({"a.csv": "1"}, {}) == ["a.csv"]
