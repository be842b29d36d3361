"""Re-execute the project's notebooks in place: python -m analysis.notebooks [NOTEBOOK ...].

Run after a deliberate change to the package or the notebooks; `pytest --nbval` then checks that
a fresh run reproduces the committed outputs exactly.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

NOTEBOOKS = Path("notebooks")


def execute(path: Path, timeout: int = 900) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    try:
        import nbclient  # noqa: F401
    except ImportError:
        print("error: notebook execution needs the test extras: pip install -e '.[test]'", file=sys.stderr)
        return 2
    paths = args.paths or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    for path in paths:
        print(f"executing {path}", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
