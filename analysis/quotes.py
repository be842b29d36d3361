"""Quotation-mark pairing: which stretches of an article are inside quotation marks.

Handles curly and straight double quotes, single quotes used as quotation marks (never
apostrophes or possessives: "don't", "Putin’s", "voters’ worries", "’90s"), unbalanced marks
(never crash, never swallow the rest of the article: an unclosed quote ends at its paragraph
end) and quotes running over several paragraphs (an unclosed quote continues when the next
paragraph opens with a quotation mark, the usual newspaper convention).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‹"
_SINGLE_CLOSE = "’›"
_STRAIGHT = "\"'"
_BEFORE_OPEN = " \t\n([{—–-/:;,"  # what may stand before an opening mark
_AFTER_CLOSE = " \t\n)]}.,;:!?—–-…/"  # what may follow a closing mark


@dataclass(frozen=True)
class Quote:
    """Text inside one pair of quotation marks, in one paragraph.

    ``start``/``end`` delimit the quoted text (marks excluded); ``open_at``/``close_at`` are the
    offsets of the marks (``close_at`` is None when the quote is unbalanced and stops at the
    paragraph end). Quotes running over paragraphs share a ``group`` number.
    """
    start: int
    end: int
    open_at: int
    close_at: int | None
    paragraph: int
    group: int
    double: bool = True

    @property
    def balanced(self) -> bool:
        return self.close_at is not None


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _mark_role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close', 'either' or 'none' for the quotation-mark character at text[i]."""
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if ch == "“" and prev in ".,!?" and i - 2 >= lo and _is_word(text[i - 2]) and nxt.isspace():
        return "close"  # 'down,“ she said': a closing mark typed as an opener, right after a word
    if ch in _DOUBLE_OPEN:
        return "open"
    if ch in _DOUBLE_CLOSE:
        return "close"
    if ch in _SINGLE_OPEN:
        return "open" if not _is_word(prev) else "none"
    if ch in _SINGLE_CLOSE or ch == "'":
        # apostrophes: inside a word (don't, Putin’s), elisions (’90s, rock ’n’ roll) and
        # plural possessives (voters’ worries) are never quotation marks
        if _is_word(prev) and _is_word(nxt):
            return "none"
        if nxt.isdigit() or (ch != "'" and not _is_word(prev) and _is_word(nxt) and ch in _SINGLE_CLOSE
                             and text[i + 1:i + 3].lower() in ("n ", "em", "ti", "co", "ca")):
            return "none"
        if not _is_word(prev) and prev not in ".,!?…\"”" and _is_word(nxt) and prev in _BEFORE_OPEN:
            return "open" if ch == "'" else "maybe-open"
        if (_is_word(prev) or prev in ".,!?…") and (nxt in _AFTER_CLOSE or nxt in "\"”"):
            return "single-close"
        return "none"
    if ch == '"':
        open_ok = prev in _BEFORE_OPEN or prev in _DOUBLE_OPEN + _SINGLE_OPEN or i == lo
        close_ok = nxt in _AFTER_CLOSE or nxt in _DOUBLE_CLOSE + _SINGLE_CLOSE + "'" or i + 1 == hi
        if open_ok and not close_ok:
            return "open"
        if close_ok and not open_ok:
            return "close"
        return "either"
    return "none"


def _nested_close(text: str, i: int, hi: int) -> int | None:
    """The closing mark of a curly quotation opened at ``i`` inside an open one, when two closing
    marks follow before any opener (“I’d rather live in what he calls “hell” than here.”), else None."""
    closes = []
    for j in range(i + 1, hi):
        if text[j] in _DOUBLE_OPEN + _DOUBLE_CLOSE + '"':
            role = _mark_role(text, j, i, hi)
            if role in ("open", "none") or text[j] == '"':
                return None
            closes.append(j)
            if len(closes) == 2:
                return closes[0]
    return None


def _pair_paragraph(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int | None, int]], list[tuple[int, int]]]:
    """Double quotes (open index, close index or None, end of the quoted text) and single-quote
    pairs in text[lo:hi], in one pass.

    One open quote per paragraph: the first unclosed quote runs to the paragraph end (quotes
    nested in it, “like this”, are paired as before); a later unclosed one stops at the next
    opening mark, or is dropped when it is the last (its text is already inside the first).
    So 500 unclosed marks give short quotes, not 500 copies of the paragraph.
    """
    doubles: list[tuple[int, int | None, int]] = []
    singles: list[tuple[int, int]] = []
    open_at: int | None = None
    single_open: int | None = None
    to_end = False  # an unclosed quote of this paragraph already runs to its end
    skip = -1  # the closing mark of a quotation nested in the open one
    for i in range(lo, hi):
        ch = text[i]
        if ch not in _DOUBLE_OPEN + _DOUBLE_CLOSE + _SINGLE_OPEN + _SINGLE_CLOSE + _STRAIGHT:
            continue
        role = _mark_role(text, i, lo, hi)
        if role == "none" or i == skip:
            continue
        if ch in _DOUBLE_OPEN + _DOUBLE_CLOSE + '"':
            if open_at is None:
                if role in ("open", "either"):
                    open_at, single_open = i, None
                elif role == "close" and ch in _DOUBLE_CLOSE and i + 1 < hi and _is_word(text[i + 1]):
                    open_at, single_open = i, None  # a mis-typed ” used as an opener
                # a stray closing mark with nothing open is ignored
            else:
                if role in ("close", "either"):
                    doubles.append((open_at, i, i))
                    open_at = None
                elif role == "open" and ch in _DOUBLE_OPEN and (inner := _nested_close(text, i, hi)) is not None:
                    skip = inner  # “he calls “hell” than …”: a quotation inside the open one
                elif role == "open":
                    # two openers in a row: the first one was never closed
                    doubles.append((open_at, None, i if to_end else hi))
                    to_end, open_at = True, i
            continue
        # single marks: only paired outside double quotes (nested quotes are part of the outer)
        if open_at is not None:
            continue
        if role in ("open", "maybe-open") and single_open is None:
            single_open = i
        elif role == "single-close" and single_open is not None:
            if i - single_open > 1:
                singles.append((single_open, i))
            single_open = None
    if open_at is not None and not to_end:  # else its text is inside the quote that runs to the end
        doubles.append((open_at, None, hi))
    return doubles, singles


_DOUBLED = re.compile(r"''|``")


def _double_apostrophes(text: str) -> str:
    """Same-length view of ``text`` where two apostrophes or backticks (typewriter and
    newswire style: ``like this'') stand for one double quotation mark."""
    if "''" not in text and "``" not in text:
        return text
    chars = list(text)
    for m in _DOUBLED.finditer(text):
        a = m.start()
        prev = text[a - 1] if a else " "
        if m.group(0) == "``" or (not prev.isalnum() and prev not in ".,!?…" and m.end() < len(text)
                                  and not text[m.end()].isspace()):
            chars[a], chars[a + 1] = " ", '"'
        else:
            chars[a], chars[a + 1] = '"', " "
    return "".join(chars)


def find_quotes(text: str, paragraphs: list[tuple[int, int]], singles: bool = True) -> list[Quote]:
    """All quotations in ``text``, paragraph by paragraph (``paragraphs``: (start, end) spans).

    A double quote left open at a paragraph end stops there; when the next paragraph starts
    with an opening mark, both belong to one group (a quote running over paragraphs).
    """
    text = _double_apostrophes(text)
    out: list[Quote] = []
    group = -1
    carry = False  # previous paragraph ended inside an open quote
    carry_mark = ""  # the mark that opened it
    for pid, (lo, hi) in enumerate(paragraphs):
        doubles, single_pairs = _pair_paragraph(text, lo, hi)
        first_mark = text[lo:lo + 1]
        # a quote continues only under the mark that opened it (a writer keeps one style; a
        # straight mark then a curly one are two quotations, not one running over paragraphs)
        continues = carry and first_mark == carry_mark and doubles and doubles[0][0] == lo
        items = [(a, b, stop, True) for a, b, stop in doubles]
        if singles:
            items += [(a, b, b, False) for a, b in single_pairs]
        items.sort()
        for k, (a, b, end, dbl) in enumerate(items):
            if not (continues and k == 0 and dbl):
                group += 1
            start = a + 1
            # trim whitespace inside the marks
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append(Quote(start, end, a, b, pid, group, dbl))
        carry = bool(doubles) and doubles[-1][1] is None
        carry_mark = text[doubles[-1][0]] if carry else ""
    return QuoteList(out)


def quotes_in_article(article) -> list[Quote]:
    """find_quotes over an Article's body paragraphs."""
    return find_quotes(article.text, [(p.start, p.end) for p in article.paragraphs])


class QuoteList(list):
    """The quotes of an article in text order, with an index so that finding the quotes over one
    sentence costs about the number found, not the number of quotes in the article."""

    _index: tuple | None = None

    def _build(self) -> tuple:
        """(quotes overlapping a later one, their running maximum end) and (the others, which
        never overlap each other, and their ends)."""
        ordered = sorted(self, key=lambda q: (q.start, q.end))
        long, short = [], []
        for i, q in enumerate(ordered):
            (long if any(r.start < q.end for r in ordered[i + 1:i + 2]) else short).append(q)
        reach, top = [], -1
        for q in long:
            top = max(top, q.end)
            reach.append(top)
        return long, reach, short, [q.end for q in short], len(self)

    def overlapping(self, start: int, end: int) -> list[Quote]:
        """The quotes that overlap text[start:end], in text order."""
        if self._index is None or self._index[-1] != len(self):
            self._index = self._build()
        long, reach, short, ends, _ = self._index
        out = []
        for quotes, keys in ((long, reach), (short, ends)):
            for i in range(bisect.bisect_right(keys, start), len(quotes)):
                if quotes[i].start >= end:
                    break
                if quotes[i].end > start:
                    out.append(quotes[i])
        return sorted(out, key=lambda q: (q.start, q.end))


def quoted_share(text: str, start: int, end: int, quotes: list[Quote]) -> float:
    """Share of the letters and digits in text[start:end] that lie inside quotation marks."""
    total = inside = 0
    near = quotes.overlapping(start, end) if isinstance(quotes, QuoteList) else quotes
    for q in near:
        if q.end <= start or q.start >= end:
            continue
        a, b = max(q.start, start), min(q.end, end)
        inside += sum(1 for ch in text[a:b] if ch.isalnum())
    total = sum(1 for ch in text[start:end] if ch.isalnum())
    return inside / total if total else 0.0
