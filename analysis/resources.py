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


#: libyaml's parser when PyYAML was built with it (same documents, several times faster than
#: the pure-Python one; the packaged files are checked equal by tests/test_speed.py).
_PACKAGED_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def _load_packaged_yaml(name: str):
    with open(data_path(name), encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_PACKAGED_LOADER)


def load_yaml(name_or_path: str | Path):
    """Load a packaged YAML file by name, or any YAML file by Path."""
    if isinstance(name_or_path, Path):
        with open(name_or_path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    return _load_packaged_yaml(name_or_path)


def read_user_bytes(path: str | Path, what: str = "file", expected: str | None = None) -> bytes:
    """The bytes of a user's file, or InputError with one line: missing ("no such <what>"), a
    directory ("expected a <expected>", default <what>), unreadable."""
    from .errors import InputError

    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such {what}")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a {expected or what}")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def load_user_yaml(path: str | Path, what: str = "YAML file"):
    """A user's YAML file as (data, node): the data as yaml.safe_load gives it and the composed
    node tree (for line numbers). Only the safe loader is used, so tags such as
    ``!!python/object`` are refused. Raises InputError naming the file (and line) for a missing,
    unreadable, non-UTF-8 or malformed file."""
    from .errors import InputError

    p = Path(path)
    try:
        text = read_user_bytes(p, what).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not valid UTF-8 (byte {exc.start}), expected a {what}") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{p}{where}: not a valid {what} ({exc.problem or exc.context})") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{p}: not a valid {what} ({str(exc).splitlines()[0]})") from None
    finally:
        loader.dispose()
    return data, node


def node_line(node) -> int:
    """1-based line of a composed YAML node."""
    return node.start_mark.line + 1
