"""Reader for PolNeAR (Newell et al., LREC 2018) in its original brat standoff format.

Layout: ``DIR/<split>/text/<stem>.txt`` and ``DIR/<split>/attributions/<stem>_<annotator>.ann``.
Each attribution relation is an event line ``E<n>  Attribution:T<a> Source:T<s> Cue:T<c>
Content:T<t>`` (Source missing for "Attribution-no-source"); text-bound lines are
``T<n>  Label start end[;start end...]  text``. Articles annotated twice: the annotation
file whose name sorts first is used. Nothing is copied; files are read in place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

Span = tuple[int, int]


@dataclass
class GoldAttribution:
    content: list[Span]
    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)


@dataclass
class PolnearDoc:
    stem: str
    text: str
    attributions: list[GoldAttribution]


def _spans(field_text: str) -> list[Span]:
    out = []
    for part in field_text.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[GoldAttribution]:
    """Attribution relations of one brat .ann file (relations without content are skipped)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, _spans(offsets))
            except ValueError:
                continue
        elif parts[0].startswith("E"):
            events.append(parts[1].split()[1:])
    out = []
    for args in events:
        roles: dict[str, list[Span]] = {}
        for arg in args:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            if ref in spans:
                roles.setdefault(role, []).extend(spans[ref][1])
        if roles.get("Content"):
            out.append(GoldAttribution(sorted(roles["Content"]), sorted(roles.get("Source", [])),
                                       sorted(roles.get("Cue", []))))
    return out


def load_split(root: str | Path, split: str = "dev", limit: int | None = None) -> list[PolnearDoc]:
    """Documents of one split, sorted by file stem."""
    base = Path(root) / split
    text_dir, ann_dir = base / "text", base / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{base}: expected PolNeAR folders text/ and attributions/ (original brat layout)")
    anns: dict[str, Path] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        stem = p.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, p)
    docs = []
    for stem in sorted(anns):
        txt = text_dir / f"{stem}.txt"
        if not txt.exists():
            continue
        docs.append(PolnearDoc(stem, txt.read_text(encoding="utf-8"), read_ann(anns[stem])))
        if limit and len(docs) >= limit:
            break
    if not docs:
        raise InputError(f"{base}: no annotated articles found")
    return docs
