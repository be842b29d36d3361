"""Fitting: every script that rebuilds a fitted artefact in analysis/fitted/ from a public
dataset's train split (``python -m analysis.training.<name> --help``). Evaluation
(analysis.evaluate) only measures."""
