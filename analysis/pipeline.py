"""One article in, one ArticleAnalysis out: the stages in dependency order, and the result.

``Pipeline`` is the only wiring: ``analyze()``, the evaluators, the benchmarks and corpus mode
all run stages through it. A subset runs with its requirements (``analyze(text,
stages=["attribution"])`` also runs article, parse and actors); a third-party stage registered
with ``analysis.stage.register_stage`` runs by naming it (``stages=[*DEFAULT_STAGES, "mine"]``).
"""
from __future__ import annotations

import json
import math
import time
from json.encoder import c_make_encoder, encode_basestring
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
import pandas as pd

from .version import __version__
from .actors import ActorsStage
from .article import MAX_CHARS, Article, ArticleStage, article_from_text, load_article
from .attribution import AttributionStage
from .contested import ContestedStage
from .framing import FramingStage
from .nlp import ParseResult, ParseStage, load_nlp, parse_many
from .sentiment import SentimentStage
from .stage import Stage, StageError, StageResult, stage_class
from .trust import TrustStage
from .voice import VoiceStage

#: 1.1.0: frame contributions list every calibration feature, the length term included.
SCHEMA_VERSION = "1.3.0"

_BUILTIN = (ArticleStage, ParseStage, ActorsStage, AttributionStage, VoiceStage, SentimentStage, ContestedStage,
            FramingStage, TrustStage)
#: Every built-in stage, in the order the pipeline runs them.
DEFAULT_STAGES = tuple(stage.name for stage in _BUILTIN)


class _ResultOf:
    """A read-only attribute: one stage's result by the name it provides (None when that
    stage did not run)."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj, owner=None):
        return self if obj is None else obj.results.get(self.name)

    def __set__(self, obj, value):
        raise AttributeError(f"stage results are read-only here; set results[{self.name!r}]")


@dataclass
class ArticleAnalysis:
    """The context the stages share and the result of a run: each stage's typed result by the
    name it provides (the Article first), the spaCy pipeline, and the input text when the
    article stage builds the Article. Outputs: ``to_dict()`` (the JSON document) and
    ``tables()`` (tidy DataFrames)."""

    results: dict[str, StageResult] = field(default_factory=dict, repr=False)
    nlp: Any = field(default=None, repr=False, compare=False)
    text: str | None = field(default=None, repr=False)
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)  # seconds per stage
    cpu_timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)  # CPU seconds

    def require(self, name: str) -> Any:
        """The result a stage declared it requires (a StageError names a missing one)."""
        try:
            return self.results[name]
        except KeyError:
            raise StageError(f"result {name!r} is not available (ran: {', '.join(self.results)})") from None

    def language(self):
        """The spaCy pipeline (loaded on first use)."""
        if self.nlp is None:
            self.nlp = load_nlp()
        return self.nlp

    # ------------------------------------------------------------ results by name
    article = _ResultOf("article")
    attributions = _ResultOf("attribution")
    voice = _ResultOf("voice")
    sentiment = _ResultOf("sentiment")
    contested = _ResultOf("contested")
    frames = _ResultOf("framing")
    trust = _ResultOf("trust")

    @property
    def doc(self):
        parse = self.results.get("parse")
        return parse.doc if parse is not None else None

    @property
    def actors(self) -> list:
        actors = self.results.get("actors")
        return actors.actors if actors is not None else []

    # ------------------------------------------------------------ JSON
    def to_dict(self) -> dict:
        out = {"schema_version": SCHEMA_VERSION, "generator": {"package": "media-analysis", "version": __version__}}
        for result in self.results.values():
            out.update(result.json_items())
        return out

    def to_json(self) -> str:
        """analysis.json: the same text as ``json.dumps(to_dict(), ensure_ascii=False,
        indent=2)``, written by a faster encoder (see ``indented_json``)."""
        return indented_json(self.to_dict()) + "\n"

    # ------------------------------------------------------------ tables
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every tidy table by file stem: sentences (the article's, joined with each stage's
        sentence columns), then each stage's own tables."""
        out: dict[str, pd.DataFrame] = {}
        sentences: list[pd.DataFrame] = []
        for result in self.results.values():
            for name, df in result.tables().items():
                if name == "sentences":
                    if not sentences:
                        out[name] = df          # keeps the table's place among the others
                    sentences.append(df)
                else:
                    out[name] = df
        if len(sentences) > 1:
            out["sentences"] = _join_sentences(*sentences)
        return out

    def sentences_df(self) -> pd.DataFrame:
        return self.tables()["sentences"]

    def actors_df(self) -> pd.DataFrame:
        return self.require("actors").tables()["actors"]

    def mentions_df(self) -> pd.DataFrame:
        return self.require("actors").tables()["mentions"]

    def _repr_html_(self) -> str:
        from .report import render_fragment

        return render_fragment(self)


def _join_sentences(left: pd.DataFrame, *rights: pd.DataFrame) -> pd.DataFrame:
    """``left.merge(right, on="sentence_id", how="left")`` for each right in turn. Runs of
    tables listing the same sentences in the same order (every stage's sentence table does)
    are put side by side (``_side_by_side``) without pandas' hash join or a copy per table."""
    pieces = [left]
    for right in rights:
        names, dtypes = right.columns.tolist(), right.dtypes.tolist()
        extra = [c for c in names if c != "sentence_id"]
        taken = {c for p in pieces for c in p.columns}
        if (right["sentence_id"].is_unique and not set(extra) & taken and right.index.equals(left.index)
                and left["sentence_id"].tolist() == right["sentence_id"].tolist()
                and all(d.kind not in "biufc" or isinstance(d, np.dtype)
                        for c, d in zip(names, dtypes) if c != "sentence_id")):
            pieces.append(right)
            continue
        left = _side_by_side(pieces)
        left = pieces[0] = left.merge(right, on="sentence_id", how="left")
        del pieces[1:]
    return _side_by_side(pieces) if len(pieces) > 1 else left.copy()


def _side_by_side(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat([first, *(p without sentence_id for p in rest)], axis=1)`` for frames with
    the same index: the frame built at once from the columns' own arrays (pandas' concat
    selected and copied each table first)."""
    if len(pieces) == 1:
        return pieces[0]
    fast = getattr(pd.DataFrame, "_from_arrays", None)       # pandas-private: absent -> concat
    if fast is None or not all(hasattr(p._mgr, "iget_values") and p.columns.is_unique for p in pieces):
        return pd.concat([pieces[0], *(p[[c for c in p.columns if c != "sentence_id"]] for p in pieces[1:])],
                         axis=1)
    arrays, labels = [], []
    for n, p in enumerate(pieces):
        for k, c in enumerate(p.columns.tolist()):
            if n == 0 or c != "sentence_id":
                arrays.append(p._mgr.iget_values(k))
                labels.append(c)
    return fast(arrays, columns=pd.Index(labels), index=pieces[0].index, verify_integrity=False)


_JSON_CONST = {None: "null", True: "true", False: "false"}


def _no_default(o):
    """json's default hook: anything it cannot write is a TypeError (as ``JSONEncoder.default``)."""
    return json.JSONEncoder.default(None, o)


def _json_scalar(o) -> str:
    """A number, bool or None as json.dumps writes it (TypeError for anything else)."""
    if o is None or o is True or o is False:
        return _JSON_CONST[o]
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        if o != o or o in (math.inf, -math.inf):
            return json.dumps(o)
        return float.__repr__(o)
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def _json_key(k) -> str:
    """A dict key as json.dumps writes it (str, or a number, bool or None made a string)."""
    return encode_basestring(k) if isinstance(k, str) else '"' + _json_scalar(k) + '"'


_CONTAINERS = (dict, list, tuple)


def indented_json(obj) -> str:
    """Byte for byte ``json.dumps(obj, ensure_ascii=False, indent=2)``. With an indent the
    standard library falls back to its pure-Python generator encoder (one generator per
    container); here every run of consecutive items holding no (non-empty) container is written
    by json's C encoder with the indent as its item separator, and only the nesting above is
    walked in Python."""
    parts: list[str] = []
    out = parts.append
    flat = {}     # indent -> C encoder writing a flat container's items at that indent

    def run_text(run, inner: str) -> str:
        enc = flat.get(inner)
        if enc is None and c_make_encoder is None:   # a Python without json's C speedups
            enc = flat[inner] = lambda o, _, e=json.JSONEncoder(ensure_ascii=False,
                                                            separators=(",\n" + inner, ": ")): [e.encode(o)]
        elif enc is None:   # the C encoder JSONEncoder(...).encode builds on every call, built once
            enc = flat[inner] = c_make_encoder({}, _no_default, encode_basestring, None, ": ", ",\n" + inner,
                                               False, False, True)
        try:
            return "".join(enc(run, 0))[1:-1]
        except BaseException:
            del flat[inner]     # its circular-reference markers may hold this run's containers
            raise

    def value(o, ind: str) -> None:
        if not isinstance(o, _CONTAINERS):
            out(encode_basestring(o) if isinstance(o, str) else _json_scalar(o))
            return
        if not o:
            out("{}" if isinstance(o, dict) else "[]")
            return
        inner = ind + "  "
        sep = ",\n" + inner
        if isinstance(o, dict):
            out("{\n" + inner)
            run: dict = {}
            first = True
            for k, v in o.items():
                if not (isinstance(v, _CONTAINERS) and v):
                    run[k] = v
                    continue
                if run:
                    out(("" if first else sep) + run_text(run, inner))
                    run, first = {}, False
                out(("" if first else sep) + (encode_basestring(k) if isinstance(k, str) else _json_key(k)) + ": ")
                value(v, inner)
                first = False
            if run:
                out(("" if first else sep) + run_text(run, inner))
            out("\n" + ind + "}")
        else:
            out("[\n" + inner)
            items: list = []
            first = True
            for v in o:
                if not (isinstance(v, _CONTAINERS) and v):
                    items.append(v)
                    continue
                if items:
                    out(("" if first else sep) + run_text(items, inner))
                    items, first = [], False
                if not first:
                    out(sep)
                value(v, inner)
                first = False
            if items:
                out(("" if first else sep) + run_text(items, inner))
            out("\n" + ind + "]")

    value(obj, "")
    return "".join(parts)


class Pipeline:
    """Stages by name, ordered so each runs after what it requires; ``config`` maps a stage
    name to the settings its constructor takes."""

    def __init__(self, stages: Iterable[str] | None = None, *, nlp=None,
                 config: dict[str, dict] | None = None):
        self.nlp = nlp
        self.config = dict(config or {})
        names = list(DEFAULT_STAGES if stages is None else stages)
        self.stages: list[Stage] = [_build(n, self.config.get(n, {})) for n in _ordered(names)]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run(self, source: Article | str, doc=None) -> ArticleAnalysis:
        """Run every stage on an Article, or on text the article stage turns into one
        (``doc``: the Article's spaCy parse, if already made)."""
        context = ArticleAnalysis(nlp=self.nlp)
        if isinstance(source, Article):
            context.results["article"] = source
        elif isinstance(source, str):
            context.text = source
        else:
            raise TypeError(f"Pipeline.run takes an Article or text, not {type(source).__name__}")
        if doc is not None:
            context.results["parse"] = ParseResult(doc)
        for stage in self.stages:
            if stage.output() in context.results:
                continue
            for need in stage.requires:
                context.require(need)
            t0, c0 = time.perf_counter(), time.process_time()
            context.results[stage.output()] = stage.run(context)
            context.timings[stage.name] = time.perf_counter() - t0
            context.cpu_timings[stage.name] = time.process_time() - c0
        self.nlp = context.nlp
        return context

    def run_many(self, articles: Iterable[Article], batch_size: int = 8) -> Iterator[ArticleAnalysis]:
        """Run the pipeline on many articles, parsing them in batches with ``nlp.pipe``."""
        nlp = self.nlp = self.nlp or load_nlp()
        articles = list(articles)
        parses = parse_many(articles, nlp, batch_size=batch_size) if "parse" in self.names else None
        for article in articles:
            yield self.run(article, doc=next(parses) if parses is not None else None)


def _build(name: str, settings: dict) -> Stage:
    """An instance of the registered stage ``name`` with its settings."""
    try:
        return stage_class(name)(**settings)
    except TypeError as exc:
        raise StageError(f"stage {name!r}: bad settings ({exc})") from None


def _ordered(names: list[str]) -> list[str]:
    """The stages and everything they require, each after its requirements (stable: ties keep
    the order of DEFAULT_STAGES, then the order given)."""
    providers = {stage_class(n).output(): n for n in DEFAULT_STAGES}
    providers.update({stage_class(n).output(): n for n in names})
    rank = {n: i for i, n in enumerate(list(DEFAULT_STAGES) + names)}
    out: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in out:
            return
        if name in visiting:
            raise StageError(f"stage requirements form a cycle through {name!r}")
        visiting.add(name)
        for need in sorted(stage_class(name).requires, key=lambda r: rank.get(providers.get(r, r), 0)):
            if need not in providers:
                raise StageError(f"stage {name!r} requires {need!r}, which no stage provides")
            visit(providers[need])
        visiting.discard(name)
        out.append(name)

    for name in sorted(dict.fromkeys(names), key=lambda n: rank[n]):
        visit(name)
    return out


def _is_path(value) -> bool:
    if isinstance(value, Path):
        return True
    return isinstance(value, str) and value.strip() != "" and "\n" not in value and len(value) < 1024 and (
        Path(value).suffix.lower() in (".txt", ".text", ".md") or Path(value).exists())


def analyze(path_or_text: str | Path, *, nlp=None, aliases: list[str | Path] | None = None,
            encoding: str = "utf-8", max_chars: int = MAX_CHARS,
            stages: Iterable[str] | None = None) -> ArticleAnalysis:
    """Analyse one article given as a file path or as the article text itself.

    A ``Path``, or a one-line string naming a ``.txt``/``.md`` file or an existing file, is read
    from disk; any other string is the article text. ``stages``: run only these (and what they
    require); default every built-in stage.
    """
    if not isinstance(path_or_text, (str, Path)):
        raise TypeError(f"analyze() takes a path or the article text, not {type(path_or_text).__name__}")
    if isinstance(aliases, (str, Path, bytes)):
        raise TypeError("analyze(aliases=...) takes a list of alias files, e.g. aliases=[\"my_aliases.yaml\"]")
    if _is_path(path_or_text):
        article = load_article(path_or_text, encoding=encoding, max_chars=max_chars)
    else:
        article = article_from_text(str(path_or_text), max_chars=max_chars)
    return analyze_article(article, nlp=nlp, aliases=aliases, stages=stages)


def analyze_article(article: Article, *, nlp=None, aliases: list[str | Path] | None = None,
                    doc=None, stages: Iterable[str] | None = None,
                    validation: str | Path | dict | None = None,
                    min_confidence: float = 0.0) -> ArticleAnalysis:
    """Run the pipeline on a parsed Article (``doc``: its spaCy parse, if already made;
    ``validation``: a ``validate score`` folder, or its figures, for the trust stage;
    ``min_confidence``: hide attributions below this learned confidence)."""
    config = {"actors": {"aliases": list(aliases)}} if aliases else {}
    if validation is not None:
        config["trust"] = {"validation": validation}
    if min_confidence:
        config["attribution"] = {"min_confidence": min_confidence}
    return Pipeline(stages, nlp=nlp, config=config).run(article, doc=doc)


__all__ = ["ArticleAnalysis", "DEFAULT_STAGES", "Pipeline", "analyze", "analyze_article"]
