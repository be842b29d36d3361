"""Per-sentence voice: is a sentence the narrator's, a quoted source's, or mixed?

Derived from attributed content spans (the attribution stage). ``quote_spans`` is the
fallback when no attribution result is available: text inside double quotation marks,
speaker unknown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .article import Article

#: Share of a sentence's letters inside attributed content from which it counts as "quoted".
QUOTED_SHARE = 0.6


@dataclass(frozen=True)
class ContentSpan:
    """Attributed content (a quote or reported speech) and who it belongs to."""
    start: int
    end: int
    speaker: str | None = None        # canonical speaker name, None when unknown
    attribution_id: int | None = None
    kind: str = "direct"             # direct | mixed | indirect


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
    out = []
    for s in article.sentences:
        total = _letters(s.text) or 1
        clipped, by_speaker = [], {}
        for sp in spans:
            a, b = max(sp.start, s.start), min(sp.end, s.end)
            if a < b:
                part = ContentSpan(a, b, sp.speaker, sp.attribution_id, sp.kind)
                clipped.append(part)
                key = sp.speaker or "unknown source"
                by_speaker[key] = by_speaker.get(key, 0) + _letters(article.text[a:b])
        share = min(1.0, sum(by_speaker.values()) / total)
        voice = "narrator" if not clipped else ("quoted" if share >= QUOTED_SHARE else "mixed")
        speakers = [k for k, _ in sorted(by_speaker.items(), key=lambda kv: (-kv[1], kv[0]))]
        out.append(SentenceVoice(s.id, voice, round(share, 4), speakers, clipped))
    return out


_QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def quote_spans(article: Article) -> list[ContentSpan]:
    """Fallback content spans: text inside balanced double quotation marks, speaker unknown."""
    return [ContentSpan(m.start() + 1, m.end() - 1) for p in article.paragraphs
            for m in _QUOTE.finditer(article.text, p.start, p.end) if m.end() - m.start() > 2]
