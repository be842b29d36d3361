"""The package version (one place; the JSON generator field and the corpus cache key read it)."""
__version__ = "0.1.0"
