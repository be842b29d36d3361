"""analysis/fitted/MANIFEST.json: for each fitted artefact, the data, the command, the date and
the sha256 of the file; a fit script records its file here when it writes it."""
from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from ..resources import fitted_path

MANIFEST = "MANIFEST.json"


def record(path: str | Path, data: str, command: str) -> None:
    """Record a fitted file written to analysis/fitted/ (files written elsewhere are not listed)."""
    path = Path(path).resolve()
    manifest_path = fitted_path(MANIFEST)
    if path.parent != manifest_path.parent.resolve():
        return
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"][path.name] = {"data": data, "command": command,
                                    "date": datetime.date.today().isoformat(),
                                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
