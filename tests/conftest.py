"""Shared fixtures: the seed article, one spaCy pipeline per session, the evaluation data."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "000_72c6fca640860fce.txt"


def eval_dir() -> Path:
    """Public evaluation datasets: $ANALYSIS_EVAL_DIR, else ../shared/eval beside the repo."""
    return Path(os.environ.get("ANALYSIS_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def require_eval(sub: str) -> Path:
    path = eval_dir() / sub
    if not path.exists():
        pytest.skip(f"evaluation data not present: {path}")
    return path


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed(nlp):
    """The full analysis of the seed article (computed once)."""
    from analysis import analyze

    return analyze(SEED, nlp=nlp)


@pytest.fixture()
def analyze_text(nlp):
    """Analyse a short article written in the test."""
    from analysis import analyze

    def run(text: str):
        return analyze(text, nlp=nlp)

    return run


@pytest.fixture(scope="session")
def attribute(nlp):
    """Run the attribution stage (and what it needs) on a short article written in the test."""
    from analysis.pipeline import Pipeline

    return Pipeline(["attribution"], nlp=nlp).run


@pytest.fixture(scope="session")
def attributions(attribute):
    """The attributions of a short article written in the test."""
    return lambda text: attribute(text).attributions.attributions


def cue_candidates_of(nlp, text: str):
    """The cue candidates of a short article written in the test (before gate and classifier)."""
    from analysis.article import article_from_text
    from analysis.attribution import cue_candidates

    art = article_from_text(text)
    return cue_candidates(art, nlp(art.text))


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run the tests marked slow (scale tests)")


def pytest_collection_modifyitems(config, items):
    """Tests marked slow (200 KB and 1 MB scale tests) run only with --run-slow or ANALYSIS_SLOW=1."""
    if config.getoption("--run-slow") or os.environ.get("ANALYSIS_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow scale test: pass --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
