"""What a cue reports: content fragments and how much of them is quoted."""
from __future__ import annotations

from ..quotes import quoted_share
from .scope import Scope, alnum


def fragments(doc, idx: set[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """Contiguous character fragments of a token set, trimmed of edge punctuation."""
    toks = sorted(i for i in idx if lo <= i < hi)
    runs: list[list[int]] = []
    for i in toks:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    out = []
    for run in runs:
        while run and (doc[run[0]].is_punct or doc[run[0]].is_space) and doc[run[0]].text not in "“\"‘'(":
            run = run[1:]
        while run and (doc[run[-1]].is_punct or doc[run[-1]].is_space) and doc[run[-1]].text not in "”\"’')":
            run = run[:-1]
        if not run:
            continue
        a, b = doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]].text)
        if alnum(doc[run[0]:run[-1] + 1].text):      # not doc.text: that joins the whole document
            out.append((a, b))
    return out


def mostly_in(text: str, frags: list[tuple[int, int]], others: list[tuple[int, int]]) -> bool:
    """True when at least half the letters and digits of ``frags`` lie inside ``others``."""
    total = sum(alnum(text[a:b]) for a, b in frags) or 1
    inside = 0
    for a, b in frags:
        for x, y in others:
            lo, hi = max(a, x), min(b, y)
            if lo < hi:
                inside += alnum(text[lo:hi])
    return inside / total >= 0.5


def quoted_token_share(scope: Scope, content: set[int]) -> float:
    """Share of the characters of the content's non-punctuation tokens that are quoted."""
    if not content:
        return 0.0
    toks = [scope.doc[i] for i in content if not scope.doc[i].is_punct]
    letters = sum(len(t.text) for t in toks) or 1
    inside = sum(len(t.text) for t in toks if scope.in_quote[t.i])
    return inside / letters


def sentence_quoted(scope: Scope, s) -> bool:
    """True when at least three quarters of an article sentence lie inside quotation marks."""
    total = alnum(s.text)
    return total > 0 and quoted_share(scope.text, s.start, s.end, scope.quotes) >= 0.75
