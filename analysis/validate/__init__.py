"""Validation against human coders (content-analysis standard): draw a stratified sample of the
tool's units, write blind coding sheets and a codebook, then score the filled sheets:
inter-coder reliability (Krippendorff's alpha) and the tool's agreement with the coders.

    python -m analysis validate sample INPUT --out DIR
    python -m analysis validate score SHEETS... --out DIR
"""
from .codebook import UNIT_TYPES, UnitType, unit_types
from .sample import draw_sample
from .score import score_sheets

__all__ = ["UNIT_TYPES", "UnitType", "unit_types", "draw_sample", "score_sheets"]
