"""The span toolkit: who owns a stretch of article text.

Attributed content (a quotation or reported speech) is a ``ContentSpan`` with its speaker;
text outside every span is the narrator's. ``SpanIndex`` answers "which spans contain
[start, end)" for every stage that asks (voice, sentiment, framing, contested labels), and
``owner`` names the voice of a span, so "narrator" and "unknown source" are spelled once.
"""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

#: The voice of text outside attributed content.
NARRATOR = "narrator"
#: The speaker of attributed content whose source could not be named.
UNKNOWN_SOURCE = "unknown source"


@dataclass(frozen=True)
class ContentSpan:
    """Attributed content (a quote or reported speech) and who it belongs to."""
    start: int
    end: int
    speaker: str | None = None        # canonical speaker name, None when unknown
    attribution_id: int | None = None
    kind: str = "direct"             # direct | mixed | indirect


def owner(span: ContentSpan | None) -> str:
    """The voice a span gives its text: the narrator (no span), the speaker, or unknown source."""
    if span is None:
        return NARRATOR
    return span.speaker or UNKNOWN_SOURCE


class SpanIndex:
    """Content spans, searchable by character range; results keep the spans' given order."""

    def __init__(self, spans: list[ContentSpan]):
        self.spans = list(spans)
        self._order = sorted(range(len(self.spans)), key=lambda i: self.spans[i].start)
        self._starts = [self.spans[i].start for i in self._order]
        self._reach = list(itertools.accumulate((self.spans[i].end for i in self._order), max))

    def _ending_after(self, upto: int, end: int, inclusive: bool) -> list[int]:
        """Indices among the first ``upto`` spans (by start) whose end is >= ``end`` (or >),
        walking back only while the furthest end so far can still reach (not the whole list)."""
        hits, k = [], upto - 1
        while k >= 0 and (self._reach[k] >= end if inclusive else self._reach[k] > end):
            i = self._order[k]
            if self.spans[i].end >= end if inclusive else self.spans[i].end > end:
                hits.append(i)
            k -= 1
        return sorted(hits)

    def containing(self, start: int, end: int) -> list[ContentSpan]:
        """Every span that contains [start, end), in the given order."""
        hits = self._ending_after(bisect.bisect_right(self._starts, start), end, True)
        return [self.spans[i] for i in hits]

    def overlapping(self, start: int, end: int) -> list[ContentSpan]:
        """Every span that shares a character with [start, end), in the given order."""
        hits = self._ending_after(bisect.bisect_left(self._starts, end), start, False)
        return [self.spans[i] for i in hits]

    def first_owner(self, start: int, end: int) -> str:
        """The voice of [start, end): the first span containing it, else the narrator."""
        found = self.containing(start, end)
        return owner(found[0] if found else None)
