"""Dispatch python -m analysis.evaluate TASK to the task's module."""
import argparse
import importlib
import sys

from ..errors import InputError

TASKS = {
    "attribution": "PolNeAR attribution relations (source, cue, content)",
    "sentiment": "NewsMTSC target-dependent sentiment",
    "framing": "Narrative Frames Corpus (generic frames) and FrAC (policy frames)",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.evaluate",
                                     description="Measure the analysis on public annotated news data.")
    sub = parser.add_subparsers(dest="task", metavar="TASK")
    modules = {}
    for task, help_text in TASKS.items():
        try:
            module = importlib.import_module(f"analysis.evaluate.{task}")
        except ModuleNotFoundError as exc:
            if exc.name != f"analysis.evaluate.{task}":
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


if __name__ == "__main__":
    sys.exit(main())
