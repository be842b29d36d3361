"""Benchmarks: python -m analysis.bench TASK prints speed numbers (one module per task)."""
