"""The attribution stage of the pipeline (the steps are in the package docstring)."""
from __future__ import annotations

from ..stage import Stage, register_stage
from .extract import extract_attributions
from .results import AttributionResult


@register_stage
class AttributionStage(Stage):
    """Quotations and reported speech with source, cue, content and resolved speaker."""

    name = "attribution"
    requires = ("article", "parse", "actors")

    def run(self, context) -> AttributionResult:
        return extract_attributions(context.require("article"), context.require("parse").doc,
                                    context.require("actors").actors)
