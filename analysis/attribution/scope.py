"""Per-article state shared by the extraction steps: text, parse, quotations, actor mentions."""
from __future__ import annotations

from dataclasses import dataclass

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


def alnum(text: str) -> int:
    """The number of letters and digits in ``text``."""
    return sum(1 for ch in text if ch.isalnum())


def token_ids(tokens) -> set[int]:
    """Token indices of a spaCy subtree or span."""
    return {t.i for t in tokens}
