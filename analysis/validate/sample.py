"""Drawing the sample: the input's corpus tables (a batch output folder is read as is; an
article, folder or corpus file is analysed with corpus mode first), then a stratified random
sample of units per unit type, reproducible by seed: strata are outlet x (frame) x the tool's
own answer, every stratum gets at least one unit so rare categories are present, the rest is
allocated in proportion to stratum size (largest remainders)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from ..corpus import load_tables, run_batch
from ..errors import InputError
from ..output import csv_bytes, write_files
from .codebook import codebook_html, codebook_markdown, unit_types
from .sheets import KEY_FILE, coder_files
from .units import KEY_COLUMNS, build_units

BATCH_MANIFEST = "batch.json"


def input_tables(input: str | Path, work: Path, quiet: bool = True) -> dict[str, pd.DataFrame]:
    """Corpus tables of INPUT: read from a batch output folder, else analysed into ``work``."""
    path = Path(input)
    if path.is_dir() and (path / BATCH_MANIFEST).exists():
        tables = load_tables(path)
    else:
        run_batch(path, work, quiet=quiet)
        tables = load_tables(work)
    if tables.get("sentences") is None or tables["sentences"].empty:
        raise InputError(f"{path}: no analysed article to sample from")
    return tables


def allocate(sizes: dict[str, int], n: int, rng: np.random.Generator) -> dict[str, int]:
    """Units per stratum: all when n covers the population; else one per stratum (a random
    subset of strata if n is smaller than their number) and the rest proportional to size."""
    total = sum(sizes.values())
    if n >= total:
        return dict(sizes)
    keys = sorted(sizes)
    if n < len(keys):  # round-robin over the tool's answers so every answer is drawn
        by_answer: dict[str, list] = {}
        for k in keys:
            by_answer.setdefault(k.rsplit("|", 1)[-1], []).append(k)
        queues = [[g[i] for i in rng.permutation(len(g))] for _, g in sorted(by_answer.items())]
        order = [q[i] for i in range(max(map(len, queues))) for q in queues if i < len(q)]
        return {k: int(k in set(order[:n])) for k in keys}
    alloc = {k: 1 for k in keys}
    spare = {k: sizes[k] - 1 for k in keys}
    left, pool = n - len(keys), sum(spare.values())
    quota = {k: left * spare[k] / pool if pool else 0.0 for k in keys}
    for k in keys:
        alloc[k] += int(quota[k])
    rest = left - sum(int(q) for q in quota.values())
    for k in sorted(keys, key=lambda k: (-(quota[k] - int(quota[k])), k))[:rest]:
        alloc[k] += 1
    return alloc


def stratified_sample(units: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """n units of each unit type (or all of them), stratified, in a seeded random order."""
    rng = np.random.default_rng(seed)
    parts = []
    for name in unit_types():
        pop = units[units["unit_type"] == name]
        if pop.empty:
            continue
        groups = {k: g.sort_values("unit_id") for k, g in pop.groupby("stratum", sort=True)}
        alloc = allocate({k: len(g) for k, g in groups.items()}, n, rng)
        picked = [g.iloc[np.sort(rng.choice(len(g), size=alloc[k], replace=False))]
                  for k, g in groups.items() if alloc[k]]
        part = pd.concat(picked)
        part = part.iloc[rng.permutation(len(part))].copy()
        part["population"] = part["stratum"].map({k: len(g) for k, g in groups.items()})
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def draw_sample(input: str | Path, out: str | Path, *, units=None, n: int = 200, seed: int = 0,
                coders: int = 2, show_tool_answers: bool = False, quiet: bool = True) -> list[Path]:
    """Write the coders' sheets (XLSX + CSV), the key, the codebook and sample.json into OUT."""
    out = Path(out)
    names = list(units or unit_types())
    unknown = [u for u in names if u not in unit_types()]
    if unknown:
        raise InputError(f"unknown unit type(s) {', '.join(unknown)} (choose from {', '.join(unit_types())})")
    if n < 1 or coders < 1:
        raise InputError("--n and --coders must be at least 1")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    created = not out.exists()
    try:
        tables = input_tables(input, out / "batch", quiet=quiet)
        population = build_units(tables, names)
        if population.empty:
            raise InputError(f"{input}: no units of type {', '.join(names)} to sample")
    except BaseException:
        if created and out.exists():   # nothing half-made left behind
            shutil.rmtree(out)
        raise
    sample = stratified_sample(population, n, seed)
    files = {KEY_FILE: csv_bytes(sample[[*KEY_COLUMNS, "group", "population"]]),
             "codebook.md": codebook_markdown().encode("utf-8"),
             "codebook.html": codebook_html().encode("utf-8")}
    for c in range(1, coders + 1):
        files.update(coder_files(sample, f"coder_{c}", show_tool_answers))
    meta = {"input": str(input), "units": names, "n": n, "seed": seed, "coders": coders,
            "show_tool_answers": show_tool_answers,
            "sampled": {k: int(v) for k, v in sample["unit_type"].value_counts().sort_index().items()},
            "population": {k: int(v) for k, v in population["unit_type"].value_counts().sort_index().items()}}
    files["sample.json"] = (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return write_files(out, files)
