"""Evaluation on public annotated news datasets: python -m analysis.evaluate TASK ...

Each task lives in its own module (attribution, sentiment, framing) exposing
``add_arguments(parser)`` and ``run(args) -> int``. Datasets are read in place from the path
given on the command line; nothing is copied into the repository.
"""
