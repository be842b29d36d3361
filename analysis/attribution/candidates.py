"""Cue candidates, attribution drafts and the ledger of what the extraction has decided."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(eq=False)
class Candidate:
    """A cue with the source and content its syntax proposes (compared by identity)."""
    tokens: list                    # spaCy tokens of the cue
    lemma: str
    pos: str                        # V verb | N noun | P "according to" | O label colon or signature dash
    p: float                        # learned probability that the word is a cue
    source: object | None           # the source's head token
    source_how: str                 # subject | agent | object | possessor | modified-noun | adjacent | label | ...
    content: set[int]               # token indices of the content
    clause: bool                    # content is a clause / quote (strong evidence)
    sent: object                    # spaCy sentence span
    sid: int
    colon: bool = False             # "X said:" with the content after the colon / in the next sentence
    struct: str = "none"            # clause | xcomp | object | prep | passive | trailing | according | noun
    #                                 | label | dash | none
    source_span: tuple[int, int] | None = None  # explicit source span (labels, dash signatures)
    in_quote: bool = False          # the cue itself lies inside a quotation
    lead: object | None = None      # the verb a cue noun's span starts at (PolNeAR's
    #                                 convention: "pointed to attacks", "expressed concern")

    @property
    def head(self):
        """The first token of the cue."""
        return self.tokens[0]

    @property
    def start(self) -> int:
        return (self.lead if self.lead is not None else self.tokens[0]).idx

    @property
    def end(self) -> int:
        return self.tokens[-1].idx + len(self.tokens[-1].text)


@dataclass(eq=False)
class Draft:
    """An attribution before its speaker is resolved: a cue and the content fragments it reports."""
    cue: Candidate
    fragments: list[tuple[int, int]]
    kind: str                       # direct | mixed | indirect
    sentence_ids: list[int]
    inherited: bool = False         # a follow-on quote: the cue's speaker, not its cue, is evidence
    score: float | None = None      # the candidate classifier's probability (reported speech)


@dataclass
class Ledger:
    """What the extraction has decided so far, sentence by sentence."""
    drafts: list[Draft] = field(default_factory=list)
    used: set[Candidate] = field(default_factory=set)       # cues already speaking for a quotation
    done_groups: set[int] = field(default_factory=set)      # quotation groups already attributed
    direct: list[tuple[int, int]] = field(default_factory=list)  # fragments of direct quotes
    _content: set[int] = field(default_factory=set, repr=False)    # content tokens of drafts[:_seen]
    _seen: int = field(default=0, repr=False)
    _direct_sorted: list[tuple[int, int]] = field(default_factory=list, repr=False)  # direct[:_direct_seen]
    _direct_seen: int = field(default=0, repr=False)
    _direct_longest: int = field(default=0, repr=False)

    def add(self, draft: Draft, direct: bool = False) -> None:
        self.drafts.append(draft)
        if direct:
            self.direct.extend(draft.fragments)

    def in_content(self, i: int) -> bool:
        """Whether token ``i`` is in the cue content of a draft so far (the union kept up to
        date as drafts are added, not re-read per question)."""
        for d in self.drafts[self._seen:]:
            self._content.update(d.cue.content)
        self._seen = len(self.drafts)
        return i in self._content

    def direct_near(self, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The direct-quote fragments overlapping any of ``frags`` (each once, repeats kept):
        all that ``content.mostly_in`` can count, found by bisection in a sorted copy of
        ``direct`` kept up to date, instead of reading every direct quote per candidate."""
        for f in self.direct[self._direct_seen:]:
            bisect.insort(self._direct_sorted, f)
            self._direct_longest = max(self._direct_longest, f[1] - f[0])
        self._direct_seen = len(self.direct)
        hits: set[int] = set()
        for a, b in frags:
            k = bisect.bisect_left(self._direct_sorted, (b,)) - 1
            while k >= 0 and self._direct_sorted[k][0] + self._direct_longest > a:
                x, y = self._direct_sorted[k]
                if max(a, x) < min(b, y):
                    hits.add(k)
                k -= 1
        return [self._direct_sorted[k] for k in sorted(hits)]
