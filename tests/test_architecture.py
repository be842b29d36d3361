"""The package's shape (docs/architecture.md): imports run one way, functions stay short, no
module reaches into another's private names, every fitted artefact is in the manifest."""
from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "analysis"

#: Lower layers first; a module may import its own layer or a lower one, never a higher one.
LAYERS = [
    {"version", "errors", "stage", "spans", "resources", "metrics", "taskcli", "tabular"},
    {"article", "quotes", "frame_words", "frame_structure"},
    {"nlp", "actors", "actor_types", "target_sentiment"},
    {"attribution"},
    {"voice", "contested", "palette", "output"},
    {"sentiment", "framing", "report", "trust"},
    {"pipeline"},
    {"figures", "summary", "compare", "plots", "corpus", "schema", "notebooks", "explore", "chart_workers"},
    {"evaluate", "training", "bench", "validate", "cli", "__main__"},
    {"__init__"},
]


def _modules() -> dict[str, Path]:
    out = {}
    for p in ROOT.rglob("*.py"):
        parts = p.relative_to(ROOT).with_suffix("").parts
        out[".".join(parts)] = p
    return out


def _top(name: str) -> str:
    return name.split(".")[0]


def _imports(name: str, path: Path) -> list[tuple[str, str, bool]]:
    """(imported module, imported names, inside a function?) for each relative import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg = name.split(".")[:-1] if not name.endswith("__init__") else name.split(".")[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = pkg[:len(pkg) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            names = ",".join(a.name for a in node.names)
            out.append((target, names, False))
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom) and node.level:
                    base = pkg[:len(pkg) - (node.level - 1)]
                    out.append((".".join(base + ([node.module] if node.module else [])), "", True))
    return out


def _layer(top: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if top in layer)


def test_imports_run_one_way():
    wrong = []
    for name, path in _modules().items():
        own = _layer(_top(name) if "." in name or name != "__init__" else "__init__")
        for target, names, _ in _imports(name, path):
            top = _top(target) if target else "__init__"
            if not target:   # "from . import x" at the package root
                continue
            if top != _top(name) and _layer(top) > own:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_module_imports_another_modules_private_names():
    private = []
    for name, path in _modules().items():
        for target, names, _ in _imports(name, path):
            if _top(target) != _top(name) and any(n.startswith("_") and not n.startswith("__")
                                                   for n in names.split(",") if n):
                private.append(f"{name}: from {target} import {names}")
    assert private == []


def test_no_function_over_80_lines():
    long = []
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 80:
                long.append(f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert long == []


def test_every_fitted_artefact_is_in_the_manifest_with_its_digest():
    fitted = ROOT / "fitted"
    manifest = json.loads((fitted / "MANIFEST.json").read_text(encoding="utf-8"))["files"]
    files = sorted(p.name for p in fitted.iterdir() if p.name != "MANIFEST.json")
    assert sorted(manifest) == files
    for name, entry in manifest.items():
        assert entry["sha256"] == hashlib.sha256((fitted / name).read_bytes()).hexdigest(), name
        assert entry["command"].startswith("python -m analysis.training.") and entry["data"] and entry["date"]


def test_reporting_verb_classes_are_read_from_the_lexicon():
    """Class names appear in code only where the lexicon's classes are read (no second list)."""
    from analysis.resources import load_yaml

    classes = {e["class"] for e in load_yaml("reporting_verbs.yaml")["cues"] if e["class"]}
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        for cls in classes - {"neutral"}:
            assert f'"{cls}"' not in text, f"{name} hard-codes the cue class {cls!r}"
