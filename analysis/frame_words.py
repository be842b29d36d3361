"""Learned frame words: per frame, a weight for each word of a vocabulary, fitted by
analysis.training.frames: policy frames on SemEval-2023 train (analysis/fitted/frames_policy_words.csv),
the generic frames where nested train CV supports it on NFC train (frames_generic_words.csv).

The article's words are weighed as scikit-learn's TfidfVectorizer does at fit time (lower-cased
tokens of two or more word characters, sublinear term frequency 1 + ln(count), times the
vocabulary's idf, L2-normalised over the vocabulary), so a score here equals the fitted model's
without scikit-learn at run time. Every word that raises a frame's score is reported with its
contribution and its offsets: the learned part of a call stays as checkable as the codebook cues.
Words inside names (the cue matcher's name ranges: "Fair" in Vanity Fair, "Justice" in Department
of Justice) are blanked out before tokenising, both when fitting and at run time (`mask_names`).
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .resources import fitted_path

WORDS_FILE = "frames_policy_words.csv"
GENERIC_WORDS_FILE = "frames_generic_words.csv"
#: scikit-learn's default token pattern (CountVectorizer), applied to lower-cased text.
TOKEN = re.compile(r"(?u)\b\w\w+\b")
#: Words reported per frame (the largest positive contributions).
TOP_WORDS = 8
#: Offsets listed per learned word (the first ones; ``count`` gives them all): output stays
#: bounded on long or repetitive articles.
MAX_WORD_OFFSETS = 10


@dataclass(frozen=True)
class FrameWords:
    """The fitted vocabulary (word -> idf) and each frame's word weights (frame -> word -> weight)."""
    idf: dict[str, float]
    weights: dict[str, dict[str, float]]


@lru_cache(maxsize=None)
def load_words(name: str = WORDS_FILE) -> FrameWords | None:
    """The packaged word weights of file `name` (None when the file is absent)."""
    path = fitted_path(name)
    if not path.exists():
        return None
    idf: dict[str, float] = {}
    weights: dict[str, dict[str, float]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(row for row in fh if not row.startswith("#"))
        header = next(reader)
        frames = header[2:]
        for f in frames:
            weights[f] = {}
        for row in reader:
            word, val = row[0], float(row[1])
            idf[word] = val
            for f, w in zip(frames, row[2:]):
                if w:
                    weights[f][word] = float(w)
    return FrameWords(idf, weights)


def mask_names(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with every character in the name spans (character offsets) replaced by a space:
    no word inside a name is counted or listed, and all other offsets stay the same."""
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def word_count(text: str) -> int:
    """Number of tokens (as the tokeniser reads them) in text: with names blanked, the words
    outside names, which a call on learned words alone may require a least number of."""
    return sum(1 for _ in TOKEN.finditer(text))


def tfidf(text: str, idf: dict[str, float]) -> dict[str, float]:
    """The article's L2-normalised sublinear tf-idf vector over the vocabulary."""
    counts: dict[str, int] = {}
    for m in TOKEN.finditer(text.lower()):
        w = m.group(0)
        if w in idf:
            counts[w] = counts.get(w, 0) + 1
    vec = {w: (1.0 + math.log(c)) * idf[w] for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def contributions(vec: dict[str, float], weights: dict[str, float]) -> dict[str, float]:
    """Each word's contribution to a frame's log-odds (word weight x tf-idf)."""
    return {w: weights[w] * x for w, x in vec.items() if w in weights}


def word_offsets(text: str, words: set[str], start: int = 0, end: int | None = None) -> dict[str, list[tuple[int, int]]]:
    """Where each of `words` occurs in text[start:end] (as the tokeniser reads it)."""
    out: dict[str, list[tuple[int, int]]] = {}
    low = text.lower()
    for m in TOKEN.finditer(low, start, len(text) if end is None else end):
        if m.group(0) in words:
            out.setdefault(m.group(0), []).append((m.start(), m.end()))
    return out
