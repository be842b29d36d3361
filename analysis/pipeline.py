"""One article in, one ArticleAnalysis out: the stages in order, and the result container."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .actors import Actor, AliasTable, default_alias_table, find_actors
from .attribution import extract_attributions
from .article import MAX_CHARS, Article, article_from_text, load_article
from .framing import detect_frames
from .nlp import load_nlp, parse
from .sentiment import analyze_sentiment

SCHEMA_VERSION = "1.0.0"


@dataclass
class ArticleAnalysis:
    """Everything computed for one article. Stage results (attributions, sentiment, frames)
    expose ``to_dict()`` for the JSON document and ``tables()`` for tidy DataFrames."""

    article: Article
    actors: list[Actor]
    attributions: Any = None
    sentiment: Any = None
    frames: Any = None
    doc: Any = field(default=None, repr=False, compare=False)

    # ---------------------------------------------------------------- JSON
    def to_dict(self) -> dict:
        a = self.article
        return {
            "schema_version": SCHEMA_VERSION,
            "generator": {"package": "media-analysis", "version": __version__},
            "source": {"path": a.source_path, "sha256": a.sha256, "characters": len(a.text)},
            "article": a.to_dict(),
            "sentences": [{"id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end,
                           "text": s.text} for s in a.sentences],
            "actors": [actor.to_dict() for actor in self.actors],
            "attributions": self.attributions.to_dict() if self.attributions is not None else [],
            "sentiment": self.sentiment.to_dict() if self.sentiment is not None else {},
            "frames": self.frames.to_dict() if self.frames is not None else {},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    # ---------------------------------------------------------------- tables
    def sentences_df(self) -> pd.DataFrame:
        rows = [{"sentence_id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end,
                 "text": s.text} for s in self.article.sentences]
        df = pd.DataFrame(rows, columns=["sentence_id", "paragraph", "start", "end", "text"])
        for stage in self._stages():
            extra = stage.tables().get("sentences")
            if extra is not None:
                df = df.merge(extra, on="sentence_id", how="left")
        return df

    def actors_df(self) -> pd.DataFrame:
        rows = [{"actor_id": a.id, "name": a.name, "type": a.type, "affiliation": a.affiliation,
                 "mention_count": a.mention_count, "first_offset": a.mentions[0].start,
                 "surface_forms": "; ".join(sorted({m.text for m in a.mentions}))} for a in self.actors]
        return pd.DataFrame(rows, columns=["actor_id", "name", "type", "affiliation", "mention_count",
                                           "first_offset", "surface_forms"])

    def mentions_df(self) -> pd.DataFrame:
        rows = [{"actor_id": m.actor_id, "text": m.text, "start": m.start, "end": m.end,
                 "sentence_id": m.sentence_id, "method": m.method}
                for a in self.actors for m in a.mentions]
        return pd.DataFrame(rows, columns=["actor_id", "text", "start", "end", "sentence_id", "method"])

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every tidy table by file stem (sentences, actors, mentions, and each stage's)."""
        out = {"sentences": self.sentences_df(), "actors": self.actors_df(), "mentions": self.mentions_df()}
        for stage in self._stages():
            for name, df in stage.tables().items():
                if name != "sentences":
                    out[name] = df
        return out

    def _repr_html_(self) -> str:
        from .report import render_fragment

        return render_fragment(self)

    def _stages(self) -> list:
        return [s for s in (self.attributions, self.sentiment, self.frames) if s is not None]


def _is_path(value) -> bool:
    if isinstance(value, Path):
        return True
    return isinstance(value, str) and value.strip() != "" and "\n" not in value and len(value) < 1024 and (
        Path(value).suffix.lower() in (".txt", ".text", ".md") or Path(value).exists())


def analyze(path_or_text: str | Path, *, nlp=None, aliases: list[str | Path] | None = None,
            encoding: str = "utf-8", max_chars: int = MAX_CHARS) -> ArticleAnalysis:
    """Analyse one article given as a file path or as the article text itself.

    A ``Path``, or a one-line string naming a ``.txt``/``.md`` file or an existing file, is read
    from disk; any other string is the article text.
    """
    if _is_path(path_or_text):
        article = load_article(path_or_text, encoding=encoding, max_chars=max_chars)
    else:
        article = article_from_text(str(path_or_text), max_chars=max_chars)
    return analyze_article(article, nlp=nlp, aliases=aliases)


def analyze_article(article: Article, *, nlp=None, aliases: list[str | Path] | None = None,
                    doc=None) -> ArticleAnalysis:
    """Run every stage on a parsed Article (``doc``: its spaCy parse, if already made)."""
    nlp = nlp or load_nlp()
    table = AliasTable(aliases) if aliases else default_alias_table()
    doc = doc if doc is not None else parse(article, nlp)
    result = ArticleAnalysis(article=article, actors=find_actors(article, doc, nlp, table), doc=doc)
    # Stages in order; each may read what the earlier ones produced.
    result.attributions = extract_attributions(article, doc, result.actors)
    result.sentiment = analyze_sentiment(result)
    result.frames = detect_frames(result)
    return result
