"""Attribution scores by construction (direct/mixed/indirect, noun cue, colon quote, headline)
next to the baseline, and a breakdown of speaker errors (pronoun, surname, description, wrong
actor, missing, spurious) for ``python -m analysis.evaluate attribution``."""
from __future__ import annotations

import re
from collections import Counter

from ..attribution.lexicon import lexicon

CONSTRUCTIONS = ("direct", "mixed", "indirect", "noun cue", "colon quote", "headline")
SPEAKER_ERRORS = ("pronoun", "surname", "description", "wrong actor", "missing", "spurious")


_OPENERS = re.compile(r"[\s“\"‘'«„]+$")  # opening marks and spaces between a colon and its quote


def _noun_cues() -> frozenset[str]:
    return frozenset(lemma for lemma, pos in lexicon() if pos == "N")


def gold_constructions(text: str, gold, body_start: int) -> list[set[str]]:
    """The constructions of each gold item: its kind, a noun cue (the cue's last word is a
    lexicon noun), a colon quote (a colon just before the content) and a headline item
    (content before the first body sentence)."""
    nouns = _noun_cues()
    out = []
    for g in gold:
        tags = {g.kind}
        words = re.findall(r"[a-z]+", " ".join(text[a:b] for a, b in g.cue).lower())
        if words and (words[-1] in nouns or words[-1].rstrip("s") in nouns):
            tags.add("noun cue")
        start = min(a for a, _ in g.content) if g.content else 0
        if _OPENERS.sub("", text[max(0, start - 4):start]).endswith(":"):
            tags.add("colon quote")
        if start < body_start:
            tags.add("headline")
        out.append(tags)
    return out


def pred_constructions(atts) -> list[set[str]]:
    """The constructions of each predicted attribution (the extractor's own construction)."""
    out = []
    for a in atts:
        tags = {a.kind}
        if a.construction == "noun":
            tags.add("noun cue")
        if a.construction in ("colon", "label") or a.construction.startswith("colon"):
            tags.add("colon quote")
        if a.construction == "headline":
            tags.add("headline")
        out.append(tags)
    return out


class Breakdown:
    """Counts per construction (gold found by us / by the baseline, predictions right) and
    speaker errors."""

    def __init__(self):
        self.gold = Counter()
        self.found = Counter()
        self.base_found = Counter()
        self.pred = Counter()
        self.pred_right = Counter()
        self.speaker = Counter()

    def add(self, gtags, ptags, ours, base) -> None:
        """One document: tags of gold and predicted items, our and the baseline's lenient pairs."""
        for tags in gtags:
            self.gold.update(tags)
        for tags in ptags:
            self.pred.update(tags)
        for gi, pi in ours:
            self.found.update(gtags[gi])
            self.pred_right.update(ptags[pi])
        for gi, _ in base:
            self.base_found.update(gtags[gi])

    def add_speaker_error(self, kind: str) -> None:
        self.speaker[kind] += 1

    def lines(self) -> list[str]:
        out = [f"{'construction':<14}{'gold':>6}{'R':>7}{'base R':>8}{'pred':>6}{'P':>7}"]
        for c in CONSTRUCTIONS:
            ng, npred = self.gold[c], self.pred[c]
            r = 100 * self.found[c] / ng if ng else 0.0
            br = 100 * self.base_found[c] / ng if ng else 0.0
            p = 100 * self.pred_right[c] / npred if npred else 0.0
            out.append(f"{c:<14}{ng:>6}{r:7.1f}{br:8.1f}{npred:>6}{p:7.1f}")
        total = sum(self.speaker.values())
        out.append("speaker errors (content matched, source span wrong): "
                   + ", ".join(f"{k} {self.speaker[k]}" for k in SPEAKER_ERRORS) + f"; total {total}")
        return out


def speaker_error(gold_source, att) -> str:
    """Why a predicted source misses the gold source: no source predicted, a source where gold
    has none, a resolved pronoun, a bare surname, a description, or another actor."""
    if att.source_start is None:
        return "missing"
    if not gold_source:
        return "spurious"
    if att.resolution in ("pronoun", "relative"):
        return "pronoun"
    if att.resolution == "description":
        return "description"
    if att.source_text and len(att.source_text.split()) == 1 and att.source_text[:1].isupper():
        return "surname"
    return "wrong actor"
