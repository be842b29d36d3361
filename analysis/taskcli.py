"""A small dispatcher for `python -m analysis.evaluate TASK` and `python -m analysis.bench TASK`.

Each task is a module of the package exposing ``add_arguments(parser)`` and ``run(args) -> int``.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from .errors import InputError


def dispatch(prog: str, description: str, package: str, tasks: dict[str, str], argv=None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    sub = parser.add_subparsers(dest="task", metavar="TASK")
    modules = {}
    for task, help_text in tasks.items():
        try:
            module = importlib.import_module(f"{package}.{task}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{task}":
                raise
            continue
        modules[task] = module
        module.add_arguments(sub.add_parser(task, help=help_text, description=help_text))
    args = parser.parse_args(argv)
    if not args.task:
        parser.print_help()
        return 2
    try:
        return modules[args.task].run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
