"""Run the project's notebooks: python -m analysis.notebooks [NOTEBOOK ...] [--article A | --corpus C].

Without --article/--corpus: re-execute in place (after a deliberate change); `pytest --nbval`
then checks that a fresh run reproduces the committed outputs exactly. With --article (notebooks
00-04) or --corpus (05): papermill runs each notebook with that input injected after its cell
tagged ``parameters`` and writes the executed copy under --out; the committed notebooks stay as
they are.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

NOTEBOOKS = Path("notebooks")
RUNS = Path("data/processed/notebook-runs")
#: Notebooks that take a corpus (INPUTS, OUT) instead of one ARTICLE.
CORPUS_NOTEBOOKS = {"05-compare"}


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


def parameters_for(path: Path, article: Path | None, corpus: Path | None, out: Path) -> dict | None:
    """Papermill parameters for one notebook (None: the notebook takes no such input)."""
    if path.stem in CORPUS_NOTEBOOKS:
        return None if corpus is None else {"INPUTS": [str(corpus.resolve())],
                                            "OUT": str((out / "corpus").resolve())}
    return None if article is None else {"ARTICLE": str(article.resolve())}


def run_with(path: Path, parameters: dict, out: Path, timeout: int = 900) -> Path:
    """Execute ``path`` with papermill and ``parameters``; the executed copy goes to ``out``."""
    import papermill

    out.mkdir(parents=True, exist_ok=True)
    target = out / path.name
    papermill.execute_notebook(str(path), str(target), parameters=parameters, cwd=str(path.parent),
                               kernel_name="python3", progress_bar=False, execution_timeout=timeout)
    return target


def _check_input(label: str, path: Path | None) -> str | None:
    """A one-line error for a missing input (None when fine or not given)."""
    return None if path is None or path.exists() else f"{label} {path}: no such file or folder"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--article", type=Path, help="run notebooks 00-04 on this article (papermill)")
    parser.add_argument("--corpus", type=Path, help="run notebook 05 on this corpus folder or table (papermill)")
    parser.add_argument("--out", type=Path, help=f"executed copies go here (default {RUNS}/<input name>)")
    args = parser.parse_args(argv)
    error = _check_input("--article", args.article) or _check_input("--corpus", args.corpus)
    if error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        import nbclient  # noqa: F401
        if args.article or args.corpus:
            import papermill  # noqa: F401
    except ImportError:
        print("error: notebook execution needs the test extras: pip install -e '.[test]'", file=sys.stderr)
        return 2
    paths = args.paths or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if not (args.article or args.corpus):
        for path in paths:
            print(f"executing {path}", flush=True)
            execute(path)
        return 0
    out = args.out or RUNS / (args.article or args.corpus).stem
    for path in paths:
        params = parameters_for(path, args.article, args.corpus, out)
        if params is not None:
            print(f"executing {path} -> {run_with(path, params, out)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
