"""Errors the command line reports as one line and exit code 2."""


class InputError(Exception):
    """The input cannot be analysed (missing, empty, binary, undecodable, too large, no prose)."""


class ModelNotFound(InputError):
    """No usable spaCy English model is installed."""
