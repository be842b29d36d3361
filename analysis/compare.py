"""Side-by-side comparison of articles in a corpus: frame profiles, voice shares, tone by outlet.

Every helper takes the corpus tables -- the dict from ``analysis.corpus.load_tables(DIR)`` or
the batch output folder ``DIR`` itself -- and returns a tidy DataFrame sorted
deterministically. The helpers read the tables the pipeline stages write (see ``EXPECTED``);
when a table or a needed column is absent (a stage not in the pipeline yet, or an empty
corpus) the helper returns an empty DataFrame with its documented columns, never an error.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

#: The corpus tables and columns each helper reads (besides article_id/outlet/date/title).
EXPECTED = {
    "frame_profiles": ("frames", ["codebook", "frame", "score", "present", "share"]),
    "voice_shares": ("voices", ["level", "name", "speaker_type", "attributions", "direct", "indirect",
                                "content_words", "share_of_attributed_words"]),
    "narrator_shares": ("sentences", ["sentence_id", "voice"]),
    "tone_by_outlet": ("sentences", ["sentence_id", "vader_compound", "sentiment_label", "voice"]),
    "actor_tone": ("actor_sentiment", ["actor_id", "name", "scored_mentions", "score", "label"]),
}
LABELS = ("negative", "neutral", "positive")


def _tables(corpus) -> dict[str, pd.DataFrame]:
    if isinstance(corpus, (str, Path)):
        from .corpus import load_tables

        return load_tables(corpus)
    return corpus


def _table(corpus, name: str, needed: list[str]) -> pd.DataFrame | None:
    """The table if present with every needed column, else None."""
    df = _tables(corpus).get(name)
    if df is None or "article_id" not in df.columns or any(c not in df.columns for c in needed):
        return None
    # Articles without metadata (e.g. a single .txt added to a corpus) must not drop out of
    # group-bys and pivots.
    fill = {c: v for c, v in (("outlet", "(outlet not given)"), ("date", "")) if c in df.columns}
    return df.fillna(fill) if fill else df


def _meta(corpus, df: pd.DataFrame | None = None) -> list[str]:
    """Metadata columns (outlet, date) that ``df`` -- else the articles table -- carries."""
    if df is None:
        df = _tables(corpus).get("articles")
    return [c for c in ("outlet", "date") if df is not None and c in df.columns]


def frame_profiles(corpus, codebook: str | None = None, value: str = "score",
                   wide: bool = False) -> pd.DataFrame:
    """Each article's frame profile: one row per article x frame (``codebook`` filters).

    Long columns: article_id, [outlet, date], codebook, frame, score, present, share.
    ``wide=True`` gives one row per article and one column per frame holding ``value``
    (score, share or present); with no codebook given the columns are "codebook:frame".
    Empty (with those columns) when the pipeline has no ``frames`` table.
    """
    df = _table(corpus, "frames", ["codebook", "frame", "score", "present", "share"])
    meta = _meta(corpus, df)
    cols = ["article_id", *meta, "codebook", "frame", "score", "present", "share"]
    if df is None:
        out = pd.DataFrame(columns=cols)
    else:
        out = df[[c for c in cols if c in df.columns]]
        if codebook is not None:
            out = out[out["codebook"] == codebook]
        out = out.sort_values(["article_id", "codebook", "frame"], kind="stable").reset_index(drop=True)
    if not wide:
        return out
    index = ["article_id", *meta]
    if out.empty:
        return pd.DataFrame(columns=index)
    label = out["frame"] if codebook is not None else out["codebook"] + ":" + out["frame"]
    wide_df = out.assign(_col=label).pivot_table(index=index, columns="_col", values=value,
                                                 aggfunc="first", sort=True)
    wide_df.columns.name = None
    return wide_df.reset_index()


def voice_shares(corpus, level: str = "speaker") -> pd.DataFrame:
    """Who speaks in each article: share of attributed words per speaker (or per affiliation).

    Columns: article_id, [outlet, date], name, speaker_type, attributions, direct, indirect,
    content_words, share (of the article's attributed words). Sorted by article, then by
    share, largest first. Empty when the pipeline has no ``voices`` table.
    """
    df = _table(corpus, "voices", EXPECTED["voice_shares"][1])
    meta = _meta(corpus, df)
    cols = ["article_id", *meta, "name", "speaker_type", "attributions", "direct", "indirect",
            "content_words", "share"]
    if df is None:
        return pd.DataFrame(columns=cols)
    out = df[df["level"] == level].rename(columns={"share_of_attributed_words": "share"})
    out = out[[c for c in cols if c in out.columns]]
    out = out.assign(_neg=-out["share"]).sort_values(["article_id", "_neg", "name"], kind="stable")
    return out.drop(columns="_neg").reset_index(drop=True)


def narrator_shares(corpus) -> pd.DataFrame:
    """Share of each article's sentences in the narrator's voice, quoted, or mixed.

    Columns: article_id, [outlet, date], sentences, narrator, quoted, mixed (shares 0..1).
    Empty when the sentences table has no ``voice`` column yet.
    """
    df = _table(corpus, "sentences", ["sentence_id", "voice"])
    meta = _meta(corpus, df)
    cols = ["article_id", *meta, "sentences", "narrator", "quoted", "mixed"]
    if df is None:
        return pd.DataFrame(columns=cols)
    keys = ["article_id", *meta]
    counts = pd.crosstab([df[k] for k in keys], df["voice"])
    for v in ("narrator", "quoted", "mixed"):
        if v not in counts.columns:
            counts[v] = 0
    total = counts.sum(axis=1)
    out = counts[["narrator", "quoted", "mixed"]].div(total, axis=0).round(4)
    out.insert(0, "sentences", total)
    out.columns.name = None
    return out.reset_index()[cols].sort_values("article_id", kind="stable").reset_index(drop=True)


def tone_by_outlet(corpus, score: str = "vader_compound", by: str = "outlet",
                   by_voice: bool = True) -> pd.DataFrame:
    """Mean sentence sentiment per outlet (``by``: any article column), split by voice.

    Columns: <by>, voice, articles, sentences, mean_score, negative, neutral, positive (shares
    of sentence labels). Without an outlet column it groups by article_id; without a voice
    column all sentences count as voice "all". Empty when sentences carry no ``score``.
    """
    df = _table(corpus, "sentences", ["sentence_id", score])
    if df is not None and by not in df.columns:
        by = "article_id"
    cols = [by, "voice", "articles", "sentences", "mean_score", *LABELS]
    if df is None:
        return pd.DataFrame(columns=cols)
    df = df.assign(voice=df["voice"] if by_voice and "voice" in df.columns else "all")
    df = df.assign(voice=df["voice"].fillna("unknown"))
    g = df.groupby([by, "voice"], sort=True)
    out = pd.DataFrame({"articles": g["article_id"].nunique(), "sentences": g[score].size(),
                        "mean_score": g[score].mean().round(4)})
    label_col = "sentiment_label"
    for lab in LABELS:
        out[lab] = (g[label_col].apply(lambda s, lab=lab: round(float((s == lab).mean()), 4))
                    if label_col in df.columns else float("nan"))
    return out.reset_index()[cols]


def actor_tone(corpus, by: str = "outlet", min_mentions: int = 1) -> pd.DataFrame:
    """Sentiment toward each actor by outlet (or ``by`` article column), actors matched by name.

    Columns: <by>, name, articles, scored_mentions, mean_score. Empty when the pipeline has no
    ``actor_sentiment`` table.
    """
    df = _table(corpus, "actor_sentiment", ["name", "scored_mentions", "score"])
    if df is not None and by not in df.columns:
        by = "article_id"
    cols = [by, "name", "articles", "scored_mentions", "mean_score"]
    if df is None:
        return pd.DataFrame(columns=cols)
    df = df[df["scored_mentions"] >= min_mentions]
    g = df.groupby([by, "name"], sort=True)
    weighted = (df["score"] * df["scored_mentions"]).groupby([df[by], df["name"]]).sum()
    out = pd.DataFrame({"articles": g["article_id"].nunique(), "scored_mentions": g["scored_mentions"].sum()})
    out["mean_score"] = (weighted / out["scored_mentions"].where(out["scored_mentions"] > 0)).round(4)
    return out.reset_index()[cols]


def side_by_side(corpus) -> pd.DataFrame:
    """One row per article: metadata, size, quoted share, leading frame, narrator tone.

    Columns: article_id, [outlet, date], headline, sentences, actors, quoted_share, speakers,
    top_speaker, leading_frame, narrator_tone. Parts whose table is missing are left empty.
    """
    tables = _tables(corpus)
    arts = tables.get("articles")
    meta = _meta(tables)
    cols = ["article_id", *meta, "headline", "sentences", "actors", "quoted_share", "speakers",
            "top_speaker", "leading_frame", "narrator_tone"]
    if arts is None or arts.empty:
        return pd.DataFrame(columns=cols)
    out = arts[["article_id", *meta, "headline", "sentences", "actors"]].copy()
    shares = narrator_shares(tables)
    q = dict(zip(shares["article_id"], shares["quoted"] + shares["mixed"])) if not shares.empty else {}
    out["quoted_share"] = out["article_id"].map(q)
    voices = voice_shares(tables)
    out["speakers"] = out["article_id"].map(voices.groupby("article_id").size()) if not voices.empty else None
    out["top_speaker"] = out["article_id"].map(voices.groupby("article_id")["name"].first()) \
        if not voices.empty else None
    frames = frame_profiles(tables)
    if not frames.empty:
        top = frames[frames["present"].astype(bool)].sort_values(["article_id", "score", "frame"],
                                                                 ascending=[True, False, True])
        out["leading_frame"] = out["article_id"].map(
            (top["codebook"] + ":" + top["frame"]).groupby(top["article_id"]).first())
    else:
        out["leading_frame"] = None
    tone = tone_by_outlet(tables, by="article_id")
    narr = tone[tone["voice"] == "narrator"] if not tone.empty else tone
    out["narrator_tone"] = out["article_id"].map(dict(zip(narr["article_id"], narr["mean_score"]))) \
        if not narr.empty else None
    return out[cols].sort_values("article_id", kind="stable").reset_index(drop=True)
