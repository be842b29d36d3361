"""Access to the package's data files: hand-written lexicons, codebooks and alias tables under
analysis/data/, and fitted artefacts (learned counts and weights) under analysis/fitted/, whose
MANIFEST.json records the data, command, date and sha256 of each."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml


def data_path(name: str) -> Path:
    """Filesystem path of a packaged data file under analysis/data/."""
    return Path(str(resources.files("analysis") / "data" / name))


def fitted_path(name: str) -> Path:
    """Filesystem path of a fitted artefact under analysis/fitted/."""
    return Path(str(resources.files("analysis") / "fitted" / name))


def load_fitted_json(name: str):
    with open(fitted_path(name), encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def _load_packaged_yaml(name: str):
    with open(data_path(name), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_yaml(name_or_path: str | Path):
    """Load a packaged YAML file by name, or any YAML file by Path."""
    if isinstance(name_or_path, Path):
        with open(name_or_path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    return _load_packaged_yaml(name_or_path)
