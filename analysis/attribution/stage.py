"""The attribution stage of the pipeline (the steps are in the package docstring)."""
from __future__ import annotations

from ..stage import Stage, StageError, register_stage
from .extract import extract_attributions
from .results import AttributionResult


@register_stage
class AttributionStage(Stage):
    """Quotations and reported speech with source, cue, content and resolved speaker.

    ``min_confidence``: hide attributions whose learned confidence is below it (CLI
    ``--min-confidence``); every later stage, the report and the summary then see only the rest."""

    name = "attribution"
    requires = ("article", "parse", "actors")

    def __init__(self, min_confidence: float = 0.0) -> None:
        if not 0.0 <= float(min_confidence) <= 1.0:
            raise StageError(f"stage 'attribution': min_confidence must be between 0 and 1 (got {min_confidence})")
        self.min_confidence = float(min_confidence)

    def run(self, context) -> AttributionResult:
        result = extract_attributions(context.require("article"), context.require("parse").doc,
                                      context.require("actors").actors)
        if self.min_confidence > 0:
            result.hide_below(self.min_confidence)
        return result
