"""Per-article state shared by the extraction steps: text, parse, quotations, actor mentions."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from ..actors import Actor
from ..article import Article, Sentence
from ..quotes import Quote


@dataclass(frozen=True)
class Scope:
    """One article as the extraction steps see it (built once per article, never changed)."""
    article: Article
    doc: object                                  # the spaCy Doc of article.text
    actors: list[Actor]
    quotes: list[Quote]
    sents: list[tuple[Sentence, object]]         # (sentence, spaCy span) where the parse covers it
    spans: dict[int, object]                     # sentence id -> spaCy span, for the same sentences
    mentions: list[tuple[int, int, Actor]]       # actor mentions sorted by offset
    in_quote: bytearray                          # per token: 1 inside quotation marks
    gender: dict[str, str]                       # person actor id -> "m" | "f"

    @property
    def text(self) -> str:
        return self.article.text

    @cached_property
    def _mention_index(self) -> tuple[list[int], list[int]]:
        """Mention starts, and the furthest mention end up to each mention (for bisection)."""
        starts, reach, top = [], [], -1
        for ms, me, _ in self.mentions:
            top = max(top, me)
            starts.append(ms)
            reach.append(top)
        return starts, reach

    def mentions_overlapping(self, start: int, end: int) -> list[int]:
        """Indices (ascending) of the mentions overlapping [start, end): found by bisection on
        the sorted mentions, not by a scan of the whole article per question."""
        starts, reach = self._mention_index
        k, out = bisect.bisect_left(starts, end) - 1, []
        while k >= 0 and reach[k] > start:
            if self.mentions[k][1] > start:
                out.append(k)
            k -= 1
        return out[::-1]

    def mentions_before(self, offset: int) -> int:
        """How many mentions start before ``offset``."""
        return bisect.bisect_left(self._mention_index[0], offset)


#: Runs of characters that are not letters or digits (``\w`` is exactly ``str.isalnum`` plus "_").
_NOT_ALNUM = re.compile(r"[\W_]+")


def alnum(text: str) -> int:
    """The number of letters and digits in ``text`` (characters for which ``str.isalnum``)."""
    return len(_NOT_ALNUM.sub("", text))


def token_ids(tokens) -> set[int]:
    """Token indices of a spaCy subtree or span."""
    return {t.i for t in tokens}
