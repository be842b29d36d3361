"""The codebook rule (a frame is present when k of its questions have cue evidence) measured on
train: analysis.training.codebook_rule and the trainer's --rule-cv report."""
import math

import numpy as np

from analysis.training import codebook_rule as cr
from analysis.training.frames import _print_rule


def _two_of_four(n=60, seed=3):
    """Item features (log1p weights) where the frame is present exactly when two questions weigh > 1."""
    rng = np.random.RandomState(seed)
    raw = rng.choice([0.0, 0.5, 2.0, 4.0], size=(n, 4))
    return np.log1p(raw), ((raw > 1.0).sum(axis=1) >= 2).astype(float)


def test_calls_count_questions_above_the_least_weight():
    Q = np.log1p(np.array([[0.0, 0.0, 3.0], [2.0, 0.5, 0.0], [2.0, 1.5, 0.0]]))
    assert cr.calls(Q, 1.0, 2).tolist() == [False, False, True]
    assert cr.calls(Q, 0.0, 1).tolist() == [True, True, True]
    assert cr.calls(Q, 2.0, 1).tolist() == [True, False, False]   # strictly above tau


def test_choose_and_nested_find_the_rule_behind_the_labels():
    Q, y = _two_of_four()
    assert cr.choose(Q, y) == (1.0, 2)
    r = cr.nested(Q, y, reps=2)
    assert (r["tau"], r["k"], r["reps"]) == (1.0, 2, 2)
    assert r["rule"] == 1.0 and r["rule_sd"] == 0.0


def test_nested_is_below_train_fit_on_noisy_labels():
    Q, y = _two_of_four()
    y = y.copy()
    y[::5] = 1 - y[::5]                      # a fifth of the labels flipped
    r = cr.nested(Q, y, reps=3)
    assert 0.5 < r["rule"] < 1.0


def test_trainer_prints_the_rule_per_frame(capsys):
    Q, y = _two_of_four()
    items = ["CO1", "CO2", "CO3", "CO4"]
    feats = {"conflict": [dict(zip(items, row), share=0.1, length=math.log1p(10)) for row in Q]}
    _print_rule(feats, [{"CO": bool(v)} for v in y], {"conflict": "CO"}, 2)
    out = capsys.readouterr().out
    assert "CO conflict        1.000 (0.000); on all of train: k 2 of 4 questions above 1" in out
