"""The attribution stage: who speaks, with which cue, saying what (see analysis.attribution)."""
from __future__ import annotations

from .attribution import AttributionResult, extract_attributions
from .stage import Stage, register_stage


@register_stage
class AttributionStage(Stage):
    """Quotations and reported speech with source, cue, content and resolved speaker."""

    name = "attribution"
    requires = ("article", "parse", "actors")

    def run(self, context) -> AttributionResult:
        return extract_attributions(context.require("article"), context.require("parse").doc,
                                    context.require("actors").actors)
