"""The reliability table: how far to trust each kind of output, as measured by the evaluation
commands on public annotated data (precision, recall, F1, the trivial baseline's F1, the dataset
and the date). Each evaluation command replaces its own rows in the packaged file
analysis/data/reliability.json, which the outputs read (analysis.framing.reliability_of).
An output is "reliable" only when its F1 is above its trivial baseline's.
"""
from __future__ import annotations

import datetime
import json

from ..resources import data_path

RELIABILITY_FILE = "reliability.json"


def row(output: str, name: str, prf: tuple[float, float, float], baseline: str, baseline_f1: float,
        dataset: str, support: int) -> dict:
    """One row of the table (F1 values rounded to 4 places)."""
    p, r, f = prf
    return {"output": output, "name": name, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "baseline": baseline, "baseline_f1": round(baseline_f1, 4), "reliable": f > baseline_f1,
            "dataset": dataset, "support": int(support), "date": datetime.date.today().isoformat()}


def read() -> dict:
    path = data_path(RELIABILITY_FILE)
    if not path.exists():
        return {"about": __doc__.split("\n\n")[0].replace("\n", " "), "rows": []}
    return json.loads(path.read_text(encoding="utf-8"))


def write(rows: list[dict]) -> None:
    """Replace the rows of the same (output, name) and write the table, sorted, atomically."""
    table = read()
    keys = {(r["output"], r["name"]) for r in rows}
    kept = [r for r in table["rows"] if (r["output"], r["name"]) not in keys]
    table["rows"] = sorted(kept + rows, key=lambda r: (r["output"], r["name"]))
    path = data_path(RELIABILITY_FILE)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(table, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
    print(f"reliability table: {len(rows)} rows -> {path}")
