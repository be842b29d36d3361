"""Per-sentence voice: is a sentence the narrator's, a quoted source's, or mixed?

Derived from the attribution stage's content spans: a sentence is "quoted" when most of its
letters lie inside attributed content, "mixed" when some do, else the narrator's.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .article import Article
from .spans import NARRATOR, ContentSpan, SpanIndex, owner
from .stage import Stage, StageResult, register_stage
from .tabular import frame

#: Share of a sentence's letters inside attributed content from which it counts as "quoted".
QUOTED_SHARE = 0.6


@dataclass
class SentenceVoice:
    sentence_id: int
    voice: str                        # narrator | quoted | mixed
    quoted_share: float               # letters inside content / letters in the sentence
    speakers: list[str] = field(default_factory=list)
    spans: list[ContentSpan] = field(default_factory=list)

    @property
    def speaker(self) -> str | None:
        """The main speaker (most content letters) or None for narrator sentences."""
        return self.speakers[0] if self.speakers else None


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def voices_from_spans(article: Article, spans: list[ContentSpan]) -> list[SentenceVoice]:
    """One SentenceVoice per body sentence, from content spans clipped to each sentence."""
    index = SpanIndex(spans)
    out = []
    for s in article.sentences:
        total = _letters(s.text) or 1
        clipped, by_speaker = [], {}
        for sp in index.overlapping(s.start, s.end):
            a, b = max(sp.start, s.start), min(sp.end, s.end)
            clipped.append(ContentSpan(a, b, sp.speaker, sp.attribution_id, sp.kind))
            key = owner(sp)
            by_speaker[key] = by_speaker.get(key, 0) + _letters(article.text[a:b])
        share = min(1.0, sum(by_speaker.values()) / total)
        voice = NARRATOR if not clipped else ("quoted" if share >= QUOTED_SHARE else "mixed")
        speakers = [k for k, _ in sorted(by_speaker.items(), key=lambda kv: (-kv[1], kv[0]))]
        out.append(SentenceVoice(s.id, voice, round(share, 4), speakers, clipped))
    return out


@dataclass
class VoiceResult(StageResult):
    """Attributed content spans of the article and each sentence's voice."""
    spans: list[ContentSpan]
    sentences: list[SentenceVoice]
    _index: SpanIndex | None = field(default=None, repr=False, compare=False)

    def index(self) -> SpanIndex:
        """The spans, searchable by character range (built once; the stages after voice share it)."""
        if self._index is None:
            self._index = SpanIndex(self.spans)
        return self._index

    def tables(self) -> dict[str, pd.DataFrame]:
        vs = self.sentences
        return {"sentences": frame({"sentence_id": [v.sentence_id for v in vs], "voice": [v.voice for v in vs],
                                    "speaker": [v.speaker for v in vs]},
                                   {"sentence_id": "int", "voice": "str", "speaker": "str"})}


@register_stage
class VoiceStage(Stage):
    """Sentence voices from the attribution stage's content spans."""

    name = "voice"
    requires = ("article", "attribution")

    def run(self, context) -> VoiceResult:
        spans = context.require("attribution").content_spans()
        return VoiceResult(spans, voices_from_spans(context.require("article"), spans))
