"""Attribution records and their tables (attributions, and attributed words per speaker)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from ..actors import NOT_ACTORS
from ..spans import UNKNOWN_SOURCE, ContentSpan
from ..stage import StageResult
from ..tabular import frame

SPEAKER_TYPES = ("person", "government", "state", "media", "organisation", "group", "anonymous", "document")


@dataclass
class Attribution:
    """One attribution relation with its evidence (all offsets into article.text)."""
    id: int
    kind: str                                   # direct | mixed | indirect
    source_text: str | None
    source_start: int | None
    source_end: int | None
    speaker: str | None                         # canonical actor name, else the surface form
    speaker_id: str | None
    speaker_type: str
    affiliation: str | None
    cue_text: str | None
    cue_start: int | None
    cue_end: int | None
    cue_lemma: str | None
    cue_class: str | None
    content_fragments: list[tuple[int, int]]
    content_start: int
    content_end: int
    sentence_ids: list[int]
    content_text: str = ""
    resolution: str = "none"    # actor | pronoun | relative | description | inherited | unresolved | none
    surface: str | None = None  # the word(s) resolved (pronoun or description), if any
    confidence: float = 1.0     # learned probability that the attribution is right (gate.confidence)
    #: the cue's construction (clause, object, quote, inherited, ...): what the confidence table is
    #: keyed by; internal, not written to the outputs
    construction: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict:
        # The fields by name, as dataclasses.asdict gives them, without its recursive deep copy.
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d.pop("construction")
        d["content_fragments"] = [list(f) for f in self.content_fragments]
        d["sentence_ids"] = list(self.sentence_ids)
        return d


@dataclass
class AttributionResult(StageResult):
    """The attributions of one article (``text``: the article text, for word counts)."""
    attributions: list[Attribution] = field(default_factory=list)
    sentence_count: int = 0
    text: str = field(default="", repr=False, compare=False)
    #: attributions in the headline ("X says Y"), apart from the body's (never in the voices table)
    headline: list[dict] = field(default_factory=list)
    #: embedded social posts as quotations of their author (``posts``), apart from the body's
    posts: list[dict] = field(default_factory=list)
    #: the --min-confidence in force and how many attributions it hid (0 / 0: none hidden)
    min_confidence: float = 0.0
    hidden: int = 0

    def confident(self, minimum: float = 0.5) -> list[Attribution]:
        """The attributions whose confidence reaches ``minimum`` (hides the low-confidence ones)."""
        return [a for a in self.attributions if a.confidence >= minimum]

    def hide_below(self, minimum: float) -> None:
        """Drop the body's attributions below ``minimum`` confidence, renumbering the rest from 1
        so that ids stay dense; records the threshold and the count hidden."""
        kept = self.confident(minimum)
        self.hidden = len(self.attributions) - len(kept)
        self.min_confidence = minimum
        for i, a in enumerate(kept, 1):
            a.id = i
        self.attributions = kept

    def content_spans(self) -> list[ContentSpan]:
        return [ContentSpan(a, b, att.speaker, att.id, att.kind)
                for att in self.attributions for a, b in att.content_fragments]

    def to_dict(self) -> list[dict]:
        return [a.to_dict() for a in self.attributions]

    def json_items(self) -> dict:
        items = {"attributions": self.to_dict(), "headline_attributions": list(self.headline),
                 "embedded_posts": list(self.posts)}
        if self.min_confidence > 0:  # only when the user asked: default outputs stay as they were
            items["attribution_filter"] = {"min_confidence": self.min_confidence, "hidden": self.hidden}
        return items

    def tables(self) -> dict[str, pd.DataFrame]:
        atts = self.attributions
        cols = {name: [getattr(a, name) for a in atts] for name in _ATTRIBUTION_KINDS if name != "content_words"}
        cols["content_fragments"] = [";".join(f"{s}-{e}" for s, e in a.content_fragments) for a in atts]
        cols["sentence_ids"] = [";".join(str(i) for i in a.sentence_ids) for a in atts]
        cols["content_words"] = [self._words(a) for a in atts]
        return {"attributions": frame(cols, _ATTRIBUTION_KINDS), "voices": self._voices_df()}

    def _words(self, a: Attribution) -> int:
        return sum(len(self.text[s:e].split()) for s, e in a.content_fragments)

    def _voices_df(self) -> pd.DataFrame:
        """Who speaks: per speaker and per affiliation. Sources typed ``other`` (a product, a
        storm, a title of a work) are no voices; their attributions stay in the attributions table."""
        voiced = [a for a in self.attributions if a.speaker_type not in NOT_ACTORS]
        total = sum(self._words(a) for a in voiced) or 1
        groups: dict[tuple[str, str], dict] = {}
        for a in voiced:
            for level, name in (("speaker", a.speaker or UNKNOWN_SOURCE),
                                ("affiliation", a.affiliation or a.speaker or UNKNOWN_SOURCE)):
                g = groups.setdefault((level, name), {"level": level, "name": name, "speaker_type": a.speaker_type,
                                                      "attributions": 0, "direct": 0, "mixed": 0,
                                                      "indirect": 0, "content_words": 0})
                g["attributions"] += 1
                g[a.kind] += 1
                g["content_words"] += self._words(a)
        rows = sorted(groups.values(), key=lambda g: (g["level"] != "speaker", -g["content_words"], g["name"]))
        for g in rows:
            g["share_of_attributed_words"] = round(g["content_words"] / total, 4)
        return frame({name: [g[name] for g in rows] for name in _VOICE_KINDS}, _VOICE_KINDS)


def _column_kind(annotation: str) -> str:
    """``tabular.frame`` kind of a field annotation ("int | None" -> int; lists joined as text)."""
    base = annotation.split("|")[0].strip()
    return base if base in ("int", "float") else "str"


#: Columns of the attributions table in order (the fields but ``construction``, then the word
#: count) with their kinds; derived from the dataclass so a new field reaches the table.
_ATTRIBUTION_KINDS = {**{f.name: _column_kind(str(f.type)) for f in fields(Attribution) if f.name != "construction"},
                      "content_words": "int"}
_VOICE_KINDS = {"level": "str", "name": "str", "speaker_type": "str", "attributions": "int", "direct": "int",
                "mixed": "int", "indirect": "int", "content_words": "int", "share_of_attributed_words": "float"}
