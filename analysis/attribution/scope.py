"""Per-article state shared by the extraction steps: text, parse, quotations, actor mentions."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
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
    gender_votes: dict[str, list[int]] = field(default_factory=dict)  # person actor id -> [m, f] votes
    gender_cast: dict[int, str] = field(default_factory=dict)         # pronoun offset -> actor id it voted for
    gender_titled: dict[str, str] = field(default_factory=dict)       # person actor id -> "m" | "f" by honorifics

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

    @cached_property
    def _quotation_runs(self) -> tuple[list[int], frozenset[int]]:
        """(per article paragraph, its number when a break inside an open quotation is no break;
        the paragraphs lying wholly inside such a quotation). A quotation running over several
        lines (one sentence per line) or paragraphs is one stretch of discourse: a break is inside
        when the paragraph before it ends in an unclosed double quotation that a later paragraph,
        past paragraphs without any mark, closes with a stray closing mark or continues by opening
        with a mark."""
        paras = self.article.paragraphs
        last: dict[int, Quote] = {}
        for q in self.quotes:
            if q.double and (q.paragraph not in last or q.open_at > last[q.paragraph].open_at):
                last[q.paragraph] = q
        joined = [False] * len(paras)
        inside: set[int] = set()
        k = 0
        while k < len(paras):
            q = last.get(k)
            j = k + 1
            if q is not None and q.close_at is None:
                while j < len(paras) and not any(ch in _DOUBLE_MARKS for ch in paras[j].text):
                    j += 1
                if j < len(paras) and _closes_or_continues(paras[j].text):
                    joined[k + 1:j + 1] = [True] * (j - k)
                    inside.update(range(k + 1, j))
            k = j
        out, n = [], 0
        for k in range(len(paras)):
            n += 0 if k == 0 or joined[k] else 1
            out.append(n)
        return out, frozenset(inside)

    @property
    def discourse_paragraphs(self) -> list[int]:
        """Per article paragraph, its number when a break inside an open quotation is no break."""
        return self._quotation_runs[0]

    @property
    def quoted_paragraphs(self) -> frozenset[int]:
        """Paragraphs without quotation marks that lie wholly inside a quotation over several paragraphs."""
        return self._quotation_runs[1]


_DOUBLE_MARKS = "“”\"„"


def _closes_or_continues(text: str) -> bool:
    """A paragraph that continues an open quotation: it opens with a quotation mark (the
    newspaper convention), or its first mark is a closing one."""
    text = text.lstrip()
    if text[:1] in _DOUBLE_MARKS:
        return True
    i = next(i for i, ch in enumerate(text) if ch in _DOUBLE_MARKS)
    return text[i] == "”" or (text[i] == '"' and not text[i - 1].isspace())


#: Runs of characters that are not letters or digits (``\w`` is exactly ``str.isalnum`` plus "_").
_NOT_ALNUM = re.compile(r"[\W_]+")


def alnum(text: str) -> int:
    """The number of letters and digits in ``text`` (characters for which ``str.isalnum``)."""
    return len(_NOT_ALNUM.sub("", text))


def token_ids(tokens) -> set[int]:
    """Token indices of a spaCy subtree or span."""
    return {t.i for t in tokens}
