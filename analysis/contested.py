"""Contested labels: one event named in competing ways within an article, and who uses each name.

Label families come from analysis/data/contested_labels.yaml (user-extendable: pass more files
to ``load_labels``, or the stage's ``labels`` setting). A finding is reported when at least two
variants of one family occur in the article body; each occurrence carries its offsets, sentence
id and user: the narrator, or the speaker of the direct quote it sits in (from the voice stage's
content spans; in indirect speech the wording is the narrator's, the reported speaker is kept
alongside).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .article import Article
from .resources import load_yaml
from .spans import NARRATOR, SpanIndex, owner
from .stage import Stage, StageResult, register_stage


@dataclass(frozen=True)
class LabelFamily:
    id: str
    event: str
    variants: list[tuple[str, re.Pattern]]     # (label, compiled alternation of its terms)
    exclude: re.Pattern | None
    context: re.Pattern | None
    source: str
    local: bool = False     # terms see only their own characters (see _local): one search of the
    #                         joined body tells whether a variant occurs in some sentence
    bare: tuple[re.Pattern, ...] = ()   # each variant's terms without the word-edge guards: a
    #                                     faster search whose miss rules the guarded one out


@dataclass(frozen=True)
class LabelUse:
    text: str
    start: int
    end: int
    sentence_id: int
    user: str            # whose wording: narrator | speaker name | unknown source
    voice: str           # narrator | quoted (direct quote: the speaker's words) | reported (indirect
    #                      speech: the narrator's wording of what `speaker` said)
    speaker: str | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "sentence_id": self.sentence_id,
                "user": self.user, "voice": self.voice, "speaker": self.speaker}


@dataclass
class VariantUse:
    label: str
    uses: list[LabelUse] = field(default_factory=list)

    @property
    def users(self) -> list[str]:
        seen: list[str] = []
        for u in self.uses:
            if u.user not in seen:
                seen.append(u.user)
        return seen

    def to_dict(self) -> dict:
        return {"label": self.label, "users": self.users, "count": len(self.uses),
                "occurrences": [u.to_dict() for u in self.uses]}


@dataclass
class ContestedLabel:
    """A family of competing names of which at least two occur in the article."""
    id: str
    event: str
    source: str
    variants: list[VariantUse]

    def to_dict(self) -> dict:
        return {"id": self.id, "event": self.event, "source": self.source,
                "variants": [v.to_dict() for v in self.variants]}


#: Regex syntax that can look past a match's own characters or at the string's ends.
_NONLOCAL = re.compile(r"\^|\$|\\[AZbB]|\(\?<?[=!]")


def _local(terms: list[str]) -> bool:
    """Whether a term found in a sentence is also found in the body's sentences joined by
    newlines: no anchors, word boundaries or lookarounds of its own (``_alternation``'s guards
    see a newline as they see a string's end). Then one search of the joined body can rule a
    variant out."""
    return not any(_NONLOCAL.search(t) for t in terms)


def _alternation(terms: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{t})" for t in terms) + r")(?![\w-])", re.IGNORECASE)


def _families(data: dict) -> list[LabelFamily]:
    out = []
    for e in (data or {}).get("labels", []) or []:
        variants = [(v["label"], _alternation(v["terms"])) for v in e.get("variants", []) if v.get("terms")]
        excl = e.get("exclude") or []
        ctx = e.get("context") or []
        out.append(LabelFamily(str(e["id"]), str(e.get("event", "")), variants,
                               re.compile("|".join(f"(?:{x})" for x in excl), re.IGNORECASE) if excl else None,
                               re.compile("|".join(f"(?:{x})" for x in ctx), re.IGNORECASE) if ctx else None,
                               str(e.get("source", "")),
                               all(_local(v["terms"]) for v in e.get("variants", []) if v.get("terms")),
                               tuple(re.compile("|".join(f"(?:{t})" for t in v["terms"]), re.IGNORECASE)
                                     for v in e.get("variants", []) if v.get("terms"))))
    return out


@lru_cache(maxsize=None)
def _default_families() -> tuple[LabelFamily, ...]:
    return tuple(_families(load_yaml("contested_labels.yaml")))


def load_labels(extra_files: list[str | Path] | None = None) -> list[LabelFamily]:
    """The packaged label families plus those in user YAML files of the same layout."""
    fams = list(_default_families())
    for p in extra_files or []:
        fams.extend(_families(load_yaml(Path(p))))
    return fams


def _user(index: SpanIndex, start: int, end: int) -> tuple[str, str, str | None]:
    """(whose wording, voice, attributed speaker). Only a direct (or mixed) quote gives the
    speaker's own words; in indirect speech the label is the narrator's choice."""
    inside = index.containing(start, end)
    direct = [sp for sp in inside if sp.kind in ("direct", "mixed")]
    if direct:
        sp = min(direct, key=lambda sp: sp.end - sp.start)
        return owner(sp), "quoted", owner(sp)
    if inside:
        sp = min(inside, key=lambda sp: sp.end - sp.start)
        return NARRATOR, "reported", owner(sp)
    return NARRATOR, NARRATOR, None


def detect_contested(article: Article, index: SpanIndex,
                     families: list[LabelFamily] | None = None) -> list[ContestedLabel]:
    """Every label family with two or more of its variants used in the article body."""
    families = list(_default_families()) if families is None else families
    found = []
    body = [(s, s.text) for s in article.sentences]
    joined = "\n".join(t for _, t in body)
    for fam in families:
        if fam.context is not None and not any(fam.context.search(t) for _, t in body):
            continue
        if fam.local and len(fam.bare) == len(fam.variants) and sum(
                bare.search(joined) is not None and rx.search(joined) is not None
                for (_, rx), bare in zip(fam.variants, fam.bare)) < 2:
            continue   # fewer than two variants anywhere: the per-sentence search cannot find two
        blocks = [[(m.start(), m.end()) for m in fam.exclude.finditer(t)] if fam.exclude else [] for _, t in body]
        uses: list[VariantUse] = []
        for label, rx in fam.variants:
            vu = VariantUse(label)
            for (s, text), blocked in zip(body, blocks):
                for m in rx.finditer(text):
                    if any(a <= m.start() < b or a < m.end() <= b for a, b in blocked):
                        continue
                    start, end = s.start + m.start(), s.start + m.end()
                    user, voice, speaker = _user(index, start, end)
                    vu.uses.append(LabelUse(m.group(0), start, end, s.id, user, voice, speaker))
            if vu.uses:
                uses.append(vu)
        if len(uses) >= 2:
            found.append(ContestedLabel(fam.id, fam.event, fam.source, uses))
    return found


@dataclass
class ContestedResult(StageResult):
    """Label families used in competing variants in the article (reported inside frames)."""
    labels: list[ContestedLabel]


@register_stage
class ContestedStage(Stage):
    """Competing names for one event and who uses each. Setting: ``labels``, user YAML files
    of label families added to the packaged ones."""

    name = "contested"
    requires = ("article", "voice")

    def __init__(self, labels: list[str | Path] | None = None):
        self.families = load_labels(labels) if labels else None

    def run(self, context) -> ContestedResult:
        return ContestedResult(detect_contested(context.require("article"), context.require("voice").index(),
                                                self.families))
