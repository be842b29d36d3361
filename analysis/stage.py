"""The stage contract: what every analysis step declares, returns and how it is found.

A stage is a class with a ``name``, the names of the results it ``requires``, the name of the
result it ``provides`` (its own name unless it stands in for another stage) and one
``run(context) -> StageResult``. Stages register themselves with ``@register_stage``, in the
spirit of spaCy's ``Language.factory``: the pipeline finds a stage by name, orders stages by
their requirements and checks them before running, so a stage never has to guard against
another stage's absence. Configuration is given per stage name (``config={"actors":
{"aliases": [...]}}``) and passed to the stage's constructor.
"""
from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd


class StageError(ValueError):
    """A pipeline that cannot run: an unknown stage, a missing requirement, a cycle."""


class StageResult:
    """Base of every stage's typed result: what it adds to analysis.json and to the tables.

    ``json_items`` gives top-level keys of the article's JSON document; ``tables`` gives tidy
    DataFrames by file stem, where a ``sentences`` table adds columns to the sentence table
    (joined on ``sentence_id``).
    """

    def json_items(self) -> dict[str, Any]:
        return {}

    def tables(self) -> dict[str, pd.DataFrame]:
        return {}


class Stage:
    """One analysis step. Subclasses set ``name``, ``requires`` (and ``provides`` to stand in
    for another stage's result) and implement ``run``."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[str | None] = None

    def __init__(self, **config: Any) -> None:
        if config:
            raise StageError(f"stage {self.name!r} takes no settings (got {', '.join(sorted(config))})")

    @classmethod
    def output(cls) -> str:
        """The name under which the stage's result is stored and required by others."""
        return cls.provides or cls.name

    def run(self, context) -> StageResult:  # pragma: no cover - the contract
        raise NotImplementedError


_REGISTRY: dict[str, type[Stage]] = {}


def register_stage(cls: type[Stage]) -> type[Stage]:
    """Class decorator: make a stage available to pipelines by its name."""
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not name:
        raise StageError(f"{cls.__name__}: a stage needs a non-empty string `name`")
    if not isinstance(cls.requires, tuple):
        raise StageError(f"stage {name!r}: `requires` must be a tuple of result names")
    _REGISTRY[name] = cls
    return cls


def stage_class(name: str) -> type[Stage]:
    """The registered stage called ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise StageError(f"unknown stage {name!r} (registered: {known})") from None


def registered_stages() -> list[str]:
    """Names of every registered stage, in registration order."""
    return list(_REGISTRY)
