"""Charts. Each function takes an ArticleAnalysis and returns a matplotlib Figure carrying the
exact plotted data (``fig.plotted_data``), which ``save_figure`` writes beside the image.

Colours: one per actor/affiliation in order of first mention (``analysis.palette``), grey for the
narrator; cue classes and sentiment use fixed colour-blind-safe colours; a sentiment bar takes the
colour of the label the table gives it (``palette.label_color``).

Scaling: charts listing speakers or actors show the ``top_n`` largest (default ``TOP_N``) and say
how many more there are; the actor chart drops actors with fewer than ``min_mentions`` scored
mentions (default ``MIN_MENTIONS``, the summary's own threshold); sentence axes thin their ticks
past ``DENSE_SENTENCES``; no chart is taller than ``MAX_HEIGHT`` inches, whatever the length.
"""
from __future__ import annotations

import textwrap
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from .actors import NOT_ACTORS
from .attribution import cue_classes
from .figures import attach_data, build_and_save, chart_style, new_figure
from .palette import CATEGORICAL, NARRATOR, POSITIVE, SENTIMENT_COLORS, actor_colors, label_color
from .spans import UNKNOWN_SOURCE
from .summary import MIN_ACTOR_MENTIONS

#: Speakers / actors shown per chart; the rest are counted in a "k more" note.
TOP_N = 12
#: Scored mentions an actor needs for a bar in the actor-sentiment chart (as in the summary).
MIN_MENTIONS = MIN_ACTOR_MENTIONS
#: Upper bound on every chart's height, in inches (at 100 dpi: 900 px).
MAX_HEIGHT = 9.0
#: Above this many sentences, the sentiment arc stops naming speakers under quoted sentences.
DENSE_SENTENCES = 40
#: Above this many sentences, sentence axes get a few integer ticks instead of one per sentence.
TICK_EVERY_SENTENCE = 25

KIND_COLORS = {"direct": "#0072B2", "mixed": "#56B4E9", "indirect": "#E69F00"}
#: Reporting-verb class -> colour, from the lexicon (analysis/data/reporting_verbs.yaml).
CUE_CLASS_COLORS = {**{c: spec["colour"] for c, spec in cue_classes().items()}, "other": "#DDDDDD"}


@lru_cache(maxsize=1)
def _font_chars() -> frozenset[int]:
    """Code points the chart font can draw (matplotlib warns on, and boxes, any other)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(font_manager.findfont(font_manager.FontProperties())).get_charmap())


def _printable(label) -> str:
    """A label the chart font can draw: control and format characters dropped (text from the web
    carries stray C1 controls), characters without a glyph shown as '?'."""
    chars = _font_chars()
    out = []
    for ch in str(label):
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(" " if ch in "\n\t\r" else "")
        else:
            out.append(ch if ord(ch) in chars else "?")
    return "".join(out)


def _wrap(label: str, width: int = 22, lines: int = 2) -> str:
    """A label wrapped at ``width`` characters, at most ``lines`` lines (a long phrase read as a
    speaker's name ends in an ellipsis rather than covering its neighbours)."""
    label = _printable(label)
    return "\n".join(textwrap.wrap(label, width, max_lines=lines, placeholder=" …")) or label


def _height(rows: int, per_row: float = 0.5, base: float = 2.0, floor: float = 4.0) -> float:
    """Figure height for ``rows`` bars: grows with the rows, never above MAX_HEIGHT."""
    return min(MAX_HEIGHT, max(floor, base + per_row * rows))


def _more(hidden: int, what: str, rule: str) -> str:
    """The "k more" note for an axis label ('' when nothing is hidden)."""
    return f"\n+{hidden} more {what} not shown ({rule})" if hidden > 0 else ""


def _sentence_ticks(ax, n_sent: int) -> None:
    """One tick per sentence for short articles, a few integer ticks for long ones."""
    if n_sent <= TICK_EVERY_SENTENCE:
        ax.set_xticks(range(n_sent))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=12, integer=True))


def _outside_legend(ax, **kw):
    """A legend to the right of the axes, outside the data (constrained layout makes room)."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.03, 1.0), borderaxespad=0, fontsize=9, **kw)


def _short(label: str, width: int = 24) -> str:
    """One line of at most ``width`` characters (long names cut with an ellipsis)."""
    label = _printable(label)
    return label if len(label) <= width else label[:width - 1].rstrip() + "…"


def _titled_axes(fig: Figure, title: str, **title_kw):
    """The single Axes of a one-panel chart, titled flush left (call inside chart_style)."""
    ax = fig.subplots()
    ax.set_title(title, loc="left", **title_kw)
    return ax


def _empty(fig: Figure, ax, message: str, data: pd.DataFrame | None = None) -> Figure:
    """Say on the panel why it is empty; with ``data``, finish the figure with that (empty) data."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#555555")
    ax.set_xticks([])
    ax.set_yticks([])
    return fig if data is None else attach_data(fig, data)


def _stage_table(stage, name: str, cols: list[str]) -> pd.DataFrame:
    """Columns ``cols`` of a stage's table (empty with those columns when the stage is absent)."""
    if stage is None:
        return pd.DataFrame(columns=cols)
    df = stage.tables()[name]
    return df[[c for c in cols if c in df]].reset_index(drop=True)


def _attributions(result) -> pd.DataFrame:
    if result.attributions is None:
        return pd.DataFrame(columns=["id", "kind", "speaker", "speaker_type", "affiliation", "cue_class", "content_words"])
    return result.attributions.tables()["attributions"]


def _colors(result, names) -> dict[str, str]:
    return actor_colors(result, extra=[n for n in names if isinstance(n, str)])


def _color_ticks(ax, result, names: list[str]) -> None:
    """Colour y tick labels by actor so an actor has one colour in every chart."""
    colors = _colors(result, names)
    for label, name in zip(ax.get_yticklabels(), names):
        label.set_color(colors.get(name, NARRATOR))


# ----------------------------------------------------------------------------- who speaks

def who_speaks_data(result) -> pd.DataFrame:
    """Attributions and attributed words per speaker and per affiliation, by kind (sources
    typed ``other`` are no voices, as in the voices table)."""
    att = _attributions(result)
    att = att[~att["speaker_type"].isin(NOT_ACTORS)]
    rows = []
    for level, key in (("speaker", "speaker"), ("affiliation", "affiliation")):
        if att.empty:
            continue
        names = att[key].fillna(UNKNOWN_SOURCE)
        for name in pd.unique(names):
            sub = att[names == name]
            row = {"level": level, "name": name}
            for kind in KIND_COLORS:
                row[f"{kind}_attributions"] = int((sub["kind"] == kind).sum())
                row[f"{kind}_words"] = int(sub.loc[sub["kind"] == kind, "content_words"].sum())
            row["attributions"] = len(sub)
            row["words"] = int(sub["content_words"].sum())
            rows.append(row)
    cols = ["level", "name"] + [f"{k}_{m}" for k in KIND_COLORS for m in ("attributions", "words")] + ["attributions", "words"]
    df = pd.DataFrame(rows, columns=cols)
    df["rank_key"] = np.where(df["level"] == "speaker", df["attributions"] * 10_000 + df["words"], df["words"])
    df = df.sort_values(["level", "rank_key", "name"], ascending=[False, False, True], kind="stable")
    return df.drop(columns="rank_key").reset_index(drop=True)


def who_speaks(result, top_n: int = TOP_N) -> Figure:
    """(6) Who is quoted: attributions per speaker and attributed words per affiliation,
    split into direct, mixed and indirect speech (the ``top_n`` largest of each)."""
    full = who_speaks_data(result)
    data = full.groupby("level", sort=False).head(top_n).reset_index(drop=True)
    rows = int(data["level"].value_counts().max()) if not data.empty else 0
    fig = new_figure(11, _height(rows, base=2.4))
    with chart_style():
        axes = fig.subplots(1, 2)
        panels = (("speaker", "attributions", "Attributions per speaker", "attributions (count)", "speakers"),
                  ("affiliation", "words", "Attributed words per affiliation", "words of attributed content",
                   "affiliations"))
        for ax, (level, metric, title, xlabel, what) in zip(axes, panels):
            sub = data[data["level"] == level].iloc[::-1]
            ax.set_title(title, loc="left")
            if sub.empty:
                _empty(fig, ax, "no attributed speech found")
                continue
            y = np.arange(len(sub))
            left = np.zeros(len(sub))
            for kind, color in KIND_COLORS.items():
                vals = sub[f"{kind}_{metric}"].to_numpy(dtype=float)
                ax.barh(y, vals, left=left, color=color, label=kind, height=0.6)
                left += vals
            ax.set_yticks(y, [_wrap(n) for n in sub["name"]], fontsize=9 if len(sub) > 8 else None)
            _color_ticks(ax, result, list(sub["name"]))
            hidden = int((full["level"] == level).sum()) - len(sub)
            ax.set_xlabel(xlabel + _more(hidden, what, f"top {top_n} by {metric}"))
            ax.xaxis.get_major_locator().set_params(integer=True)
        if not data.empty:
            _outside_legend(axes[1], title="speech")
        fig.suptitle("Who speaks in this article", fontweight="bold", fontsize=14)
    return attach_data(fig, data)


# ----------------------------------------------------------------------------- cue classes

def cue_classes_data(result) -> pd.DataFrame:
    """Reporting-verb classes per speaker (count of attributions)."""
    att = _attributions(result)
    if att.empty:
        return pd.DataFrame(columns=["speaker", "cue_class", "attributions", "cues"])
    att = att.assign(speaker=att["speaker"].fillna(UNKNOWN_SOURCE), cue_class=att["cue_class"].fillna("other"))
    grouped = att.groupby(["speaker", "cue_class"], sort=True)
    df = grouped.agg(attributions=("id", "count"),
                     cues=("cue_text", lambda s: "; ".join(sorted({str(v) for v in s if isinstance(v, str)}))))
    return df.reset_index()


def cue_classes(result, top_n: int = TOP_N) -> Figure:
    """(7) How each speaker is introduced: neutral ("said"), endorsing ("praised"),
    disputing ("accused", "denied"), ... reporting verbs (the ``top_n`` speakers quoted most)."""
    full = cue_classes_data(result)
    totals = full.groupby("speaker")["attributions"].sum() if not full.empty else pd.Series(dtype=int)
    keep = list(totals.sort_values(ascending=False, kind="stable").index[:top_n])
    data = full[full["speaker"].isin(keep)].reset_index(drop=True)
    fig = new_figure(10, _height(len(keep)))
    with chart_style():
        ax = _titled_axes(fig, "Reporting-verb classes per speaker")
        if data.empty:
            return _empty(fig, ax, "no attributed speech found", data)
        table = data.pivot_table(index="speaker", columns="cue_class", values="attributions", fill_value=0)
        order = table.sum(axis=1).sort_values(kind="stable").index
        table = table.loc[order]
        y = np.arange(len(table))
        left = np.zeros(len(table))
        classes = [c for c in CUE_CLASS_COLORS if c in table.columns]
        classes += sorted(c for c in table.columns if c not in CUE_CLASS_COLORS)
        for cls in classes:
            vals = table[cls].to_numpy(dtype=float)
            ax.barh(y, vals, left=left, color=CUE_CLASS_COLORS.get(cls, "#DDDDDD"), label=cls, height=0.6)
            left += vals
        ax.set_yticks(y, [_wrap(n) for n in table.index], fontsize=9 if len(table) > 8 else None)
        _color_ticks(ax, result, list(table.index))
        ax.set_xlabel("attributions (count)" + _more(len(totals) - len(keep), "speakers",
                                                      f"top {top_n} by attributions"))
        ax.xaxis.get_major_locator().set_params(integer=True)
        _outside_legend(ax, title="cue class")
    return attach_data(fig, data)


# ----------------------------------------------------------------------------- network

def speaker_network_data(result) -> pd.DataFrame:
    """Who talks about whom: actor mentions inside each speaker's attributed content."""
    if result.attributions is None:
        return pd.DataFrame(columns=["speaker", "mentioned", "mentions"])
    counts: dict[tuple[str, str], int] = {}
    for att in result.attributions.attributions:
        speaker = att.speaker or UNKNOWN_SOURCE
        for actor in result.actors:
            if actor.name == speaker:
                continue
            n = sum(1 for m in actor.mentions for s, e in att.content_fragments if s <= m.start and m.end <= e)
            if n:
                counts[(speaker, actor.name)] = counts.get((speaker, actor.name), 0) + n
    rows = [{"speaker": s, "mentioned": m, "mentions": n} for (s, m), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["speaker", "mentioned", "mentions"])


def _top_names(data: pd.DataFrame, column: str, top_n: int) -> list[str]:
    """The ``top_n`` names of ``column`` with the most mentions (ties: name order)."""
    sums = data.groupby(column)["mentions"].sum()
    return list(sums.sort_values(ascending=False, kind="stable").index[:top_n])


def speaker_network(result, top_n: int = TOP_N) -> Figure:
    """(8) Speaker -> mentioned actor: lines join each speaker (left) to the actors named in
    their attributed words (right); line width = number of mentions. The ``top_n`` speakers and
    actors with most mentions are drawn."""
    full = speaker_network_data(result)
    speakers, targets = _top_names(full, "speaker", top_n), _top_names(full, "mentioned", top_n)
    data = full[full["speaker"].isin(speakers) & full["mentioned"].isin(targets)].reset_index(drop=True)
    speakers = [n for n in speakers if n in set(data["speaker"])]
    targets = [n for n in targets if n in set(data["mentioned"])]
    fig = new_figure(10, _height(max(len(speakers), len(targets)), per_row=0.55))
    with chart_style():
        ax = _titled_axes(fig, "Who talks about whom (actors named in each speaker's words)", pad=28)
        ax.axis("off")
        if data.empty:
            return _empty(fig, ax, "no actor is named inside attributed speech", data)
        colors = _colors(result, list(data["speaker"]) + list(data["mentioned"]))
        ys = {n: 1 - (i + 0.5) / len(speakers) for i, n in enumerate(speakers)}
        yt = {n: 1 - (i + 0.5) / len(targets) for i, n in enumerate(targets)}
        top = max(data["mentions"])
        for r in data.itertuples():
            ax.plot([0.3, 0.7], [ys[r.speaker], yt[r.mentioned]], color=colors.get(r.speaker, NARRATOR),
                    linewidth=1 + 5 * r.mentions / top, alpha=0.75, solid_capstyle="round")
        said = data.groupby("speaker")["mentions"].sum()
        named = data.groupby("mentioned")["mentions"].sum()
        size = 9 if max(len(speakers), len(targets)) > 8 else None
        for n, y in ys.items():
            ax.text(0.28, y, f"{_wrap(n, 26)} ({said[n]})", ha="right", va="center", fontweight="bold",
                    color=colors.get(n, NARRATOR), fontsize=size)
        for n, y in yt.items():
            ax.text(0.72, y, f"{_wrap(n, 26)} ({named[n]})", ha="left", va="center", color=colors.get(n, NARRATOR),
                    fontsize=size)
        ax.text(0.28, 1.01, "speaker (mentions made)", ha="right", va="bottom", fontsize=10, color="#555555",
                transform=ax.transAxes)
        ax.text(0.72, 1.01, "actor mentioned (times named)", ha="left", va="bottom", fontsize=10,
                color="#555555", transform=ax.transAxes)
        hidden_s, hidden_t = full["speaker"].nunique() - len(speakers), full["mentioned"].nunique() - len(targets)
        if hidden_s or hidden_t:
            ax.text(0.5, -0.01, f"+{hidden_s} more speakers and {hidden_t} more actors not shown "
                    f"(top {top_n} by mentions)", ha="center", va="top", fontsize=9, color="#555555",
                    transform=ax.transAxes)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
    return attach_data(fig, data)


# ----------------------------------------------------------------------------- sentiment

def _sentences(result) -> pd.DataFrame:
    return result.sentences_df()


def sentiment_arc_data(result) -> pd.DataFrame:
    """Per sentence: TextBlob polarity, VADER compound, voice and main speaker."""
    df = _sentences(result)
    cols = ["sentence_id", "paragraph", "textblob_polarity", "vader_compound", "voice", "speaker"]
    if "vader_compound" not in df:
        return pd.DataFrame(columns=cols)
    return df[cols].copy()


def _quoted_shading(ax, data: pd.DataFrame, colors: dict, top_n: int) -> None:
    """Shade quoted / mixed sentences in their speaker's colour; the ``top_n`` speakers with most
    quoted sentences get a legend entry each, the rest share one."""
    quoted = data[data["voice"].isin(["quoted", "mixed"]) & data["speaker"].map(lambda v: isinstance(v, str))]
    named = set(quoted["speaker"].value_counts(sort=True).index[:top_n])
    labelled, previous = set(), (None, None)
    for r in quoted.itertuples():
        key = r.speaker if r.speaker in named else "other speakers"
        label = None if key in labelled else f"quoted: {_wrap(key, 24)}"
        labelled.add(key)
        ax.axvspan(r.sentence_id - 0.45, r.sentence_id + 0.45, color=colors.get(r.speaker, NARRATOR),
                   alpha=0.28 if r.voice == "quoted" else 0.12, linewidth=0, label=label)
        # name the speaker once per run of their sentences, on one short line (no overlaps)
        if len(data) <= DENSE_SENTENCES and previous != (r.speaker, r.sentence_id - 1):
            ax.text(r.sentence_id, -1.0, _short(r.speaker), rotation=90, ha="center", va="bottom",
                    fontsize=8, color="#333333")
        previous = (r.speaker, r.sentence_id)


def sentiment_arc(result, top_n: int = TOP_N) -> Figure:
    """(1) Sentence-by-sentence sentiment (TextBlob polarity and VADER compound, -1..+1);
    sentences that are mostly quoted speech are shaded in their speaker's colour."""
    data = sentiment_arc_data(result)
    fig = new_figure(11, 5)
    with chart_style():
        ax = _titled_axes(fig, "Sentiment sentence by sentence (shaded: quoted speech)")
        if data.empty:
            return _empty(fig, ax, "no sentiment scores", data)
        _quoted_shading(ax, data, _colors(result, list(data["speaker"].dropna())), top_n)
        dense = len(data) > DENSE_SENTENCES
        ax.axhline(0, color="#666666", linewidth=0.8)
        ax.plot(data["sentence_id"], data["vader_compound"], marker=None if dense else "o", color=POSITIVE,
                label="VADER compound", linewidth=1 if dense else 1.5)
        ax.plot(data["sentence_id"], data["textblob_polarity"], marker=None if dense else "s", linestyle="--",
                color="#E69F00", label="TextBlob polarity", linewidth=1 if dense else 1.5)
        ax.set_ylim(-1.05, 1.05)
        ax.set_xlim(-0.6, data["sentence_id"].max() + 0.6)
        _sentence_ticks(ax, int(data["sentence_id"].max()) + 1)
        ax.set_xlabel("sentence number in the body")
        ax.set_ylabel("sentiment score (−1 negative … +1 positive)")
        _outside_legend(ax)
    return attach_data(fig, data)


def voice_sentiment_data(result) -> pd.DataFrame:
    return _stage_table(result.sentiment, "voice_sentiment",
                        ["voice", "speaker", "n", "vader_compound", "textblob_polarity"])


def voice_sentiment(result, top_n: int = TOP_N) -> Figure:
    """(2) The narrator's sentences vs each quoted speaker's words: mean VADER and TextBlob
    (the narrator and the ``top_n`` voices with most passages)."""
    full = voice_sentiment_data(result)
    order = full.assign(_nar=full["voice"] != "narrator").sort_values(["_nar", "n"], ascending=[True, False],
                                                                      kind="stable")
    data = full.loc[sorted(order.index[:top_n + 1])].reset_index(drop=True) if not full.empty else full
    fig = new_figure(10, _height(len(data), per_row=0.6))
    with chart_style():
        ax = _titled_axes(fig, "Tone of the narrator vs quoted speakers")
        if data.empty:
            return _empty(fig, ax, "no sentiment scores", data)
        keys = ["narrator" if v == "narrator" else (s if isinstance(s, str) else f"all {v} speech")
                for v, s in zip(data["voice"], data["speaker"])]
        labels = [f"{k} (n={n})" for k, n in zip(keys, data["n"])]
        colors = _colors(result, keys)
        y = np.arange(len(data))[::-1]
        ax.barh(y + 0.18, data["vader_compound"], height=0.34, color=[colors.get(k, NARRATOR) for k in keys],
                label="VADER compound (mean)")
        ax.barh(y - 0.18, data["textblob_polarity"], height=0.34, color=[colors.get(k, NARRATOR) for k in keys],
                alpha=0.45, hatch="//", label="TextBlob polarity (mean)")
        ax.axvline(0, color="#666666", linewidth=0.8)
        ax.set_yticks(y, [_wrap(lab, 30) for lab in labels], fontsize=9 if len(data) > 8 else None)
        ax.set_xlim(-1, 1)
        ax.set_xlabel("mean sentiment score (−1 … +1)" + _more(len(full) - len(data), "voices",
                                                              f"top {top_n} by passages"))
        _outside_legend(ax)
    return attach_data(fig, data)


def actor_sentiment_data(result, min_mentions: int = 1) -> pd.DataFrame:
    """Actors with at least ``min_mentions`` scored mentions, most negative first."""
    df = _stage_table(result.sentiment, "actor_sentiment",
                      ["name", "score", "label", "scored_mentions", "mention_count", "evidence"])
    df = df[df["scored_mentions"] >= max(1, min_mentions)] if not df.empty else df
    return df.sort_values(["score", "name"], kind="stable").reset_index(drop=True)


def actor_sentiment(result, top_n: int = TOP_N, min_mentions: int = MIN_MENTIONS) -> Figure:
    """(3) Sentiment toward each actor (target-dependent, from the words around its mentions),
    with the number of mentions that carry evidence. Only actors scored in ``min_mentions`` or
    more mentions, the ``top_n`` with most; each bar has the colour of the table's label."""
    every = actor_sentiment_data(result)
    full = actor_sentiment_data(result, min_mentions)
    keep = full.sort_values(["scored_mentions", "name"], ascending=[False, True], kind="stable").index[:top_n]
    data = full.loc[sorted(keep)].reset_index(drop=True)
    fig = new_figure(10, _height(len(data), per_row=0.45))
    with chart_style():
        ax = _titled_axes(fig, "Sentiment toward each actor")
        if data.empty:
            return _empty(fig, ax, f"no actor with {min_mentions}+ mentions carrying sentiment evidence", data)
        y = np.arange(len(data))
        ax.barh(y, data["score"], color=[label_color(v) for v in data["label"]], height=0.6)
        for yi, (score, n, total) in enumerate(zip(data["score"], data["scored_mentions"], data["mention_count"])):
            ax.text(score + (0.02 if score >= 0 else -0.02), yi, f"{n}/{total} mentions",
                    va="center", ha="left" if score >= 0 else "right", fontsize=9, color="#333333")
        ax.axvline(0, color="#666666", linewidth=0.8)
        ax.set_yticks(y, [_wrap(n, 26) for n in data["name"]], fontsize=9 if len(data) > 8 else None)
        _color_ticks(ax, result, list(data["name"]))
        lim = max(0.5, float(data["score"].abs().max()) * 1.6)
        ax.set_xlim(-lim, lim)
        hidden = _more(len(every) - len(data), "actors", f"fewer than {min_mentions} scored mentions or "
                       f"beyond the top {top_n}")
        ax.set_xlabel("mean target sentiment (−1 negative … +1 positive)\nlabel: mentions with evidence / all"
                      + hidden)
        ax.legend(handles=[Patch(color=c, label=k) for k, c in SENTIMENT_COLORS.items()], title="table label",
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=9)
    return attach_data(fig, data)


# ----------------------------------------------------------------------------- frames

def frame_profile_data(result) -> pd.DataFrame:
    return _stage_table(result.frames, "frames",
                        ["codebook", "frame", "label", "score", "present", "threshold", "share", "n_sentences"])


def frame_profile(result) -> Figure:
    """(4) Frame profile for both codebooks: article-level score per frame; filled bars are
    frames judged present (score above the calibrated threshold, marked by a tick)."""
    data = frame_profile_data(result)
    fig = new_figure(13, 7.5)
    with chart_style():
        axes = fig.subplots(1, 2, width_ratios=[1, 1.3])
        titles = {"generic": "Generic frames (Semetko & Valkenburg)", "policy": "Policy frames (Boydstun et al.)"}
        for ax, codebook in zip(axes, ("generic", "policy")):
            sub = data[data["codebook"] == codebook].iloc[::-1]
            ax.set_title(titles[codebook], loc="left", fontsize=12)
            if sub.empty:
                _empty(fig, ax, "no frame scores")
                continue
            y = np.arange(len(sub))
            present = sub["present"].astype(bool).to_numpy()
            ax.barh(y, sub["score"], color=[CATEGORICAL[0] if p else "#FFFFFF" for p in present],
                    edgecolor=CATEGORICAL[0], height=0.6)
            on_scale = sub["threshold"].astype(float) <= 1.0  # policy presence is a cue-weight rule
            if on_scale.any():
                ax.scatter(sub["threshold"][on_scale], y[on_scale.to_numpy()], marker="|", s=250,
                           color="#333333", zorder=3, label="presence threshold")
            ax.set_yticks(y, [_wrap(lab, 34) for lab in sub["label"]], fontsize=9)
            ax.set_xlabel("frame score (filled = present: at or above the threshold\nand with cue or learned-word evidence in the article)")
        if not data.empty and axes[0].get_legend_handles_labels()[0]:
            fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower left", fontsize=9)
    return attach_data(fig, data)


def frame_heatmap_data(result) -> pd.DataFrame:
    return _stage_table(result.frames, "frame_evidence", ["sentence_id", "codebook", "frame", "weight", "cues"])


def frame_heatmap(result) -> Figure:
    """(5) Which sentence carries which frame: cue weight per sentence and frame."""
    data = frame_heatmap_data(result)
    frames = frame_profile_data(result)
    n_sent = len(result.article.sentences)
    fig = new_figure(12, 7)
    with chart_style():
        ax = _titled_axes(fig, "Frames sentence by sentence (cue weight)")
        if data.empty or frames.empty:
            return _empty(fig, ax, "no frame cues found", data)
        rows = [(r.codebook, r.frame, r.label) for r in frames.itertuples()
                if ((data["codebook"] == r.codebook) & (data["frame"] == r.frame)).any()]
        grid = np.zeros((len(rows), n_sent))
        index = {(c, f): i for i, (c, f, _) in enumerate(rows)}
        for r in data.itertuples():
            i = index.get((r.codebook, r.frame))
            if i is not None and 0 <= r.sentence_id < n_sent:
                grid[i, r.sentence_id] += r.weight
        image = ax.imshow(grid, aspect="auto", cmap="Blues", vmin=0, interpolation="nearest")
        ax.set_yticks(range(len(rows)), [f"{lab} ({c})" for c, _, lab in rows], fontsize=9)
        _sentence_ticks(ax, n_sent)
        ax.tick_params(axis="x", labelsize=9)
        ax.set_xlabel("sentence number in the body")
        ax.spines[["left", "bottom"]].set_visible(False)
        fig.colorbar(image, ax=ax, label="cue weight", shrink=0.8)
    return attach_data(fig, data)


# ----------------------------------------------------------------------------- all

CHARTS = {
    "sentiment_arc": sentiment_arc,
    "voice_sentiment": voice_sentiment,
    "actor_sentiment": actor_sentiment,
    "frame_profile": frame_profile,
    "frame_heatmap": frame_heatmap,
    "who_speaks": who_speaks,
    "cue_classes": cue_classes,
    "speaker_network": speaker_network,
}


def all_charts(result) -> dict[str, Figure]:
    """Every chart for one article, by export name."""
    return {name: chart(result) for name, chart in CHARTS.items()}


#: Charts a second process builds and renders when there are two CPUs: about half of the rendering
#: time on the bundled article (measured per chart: heat map, who speaks, actors, network).
FORKED_CHARTS = ("frame_heatmap", "who_speaks", "actor_sentiment", "speaker_network")


def chart_groups(count: int) -> list[list[str]]:
    """The chart names split for ``count`` processes (1 or 2; with 2, FORKED_CHARTS second)."""
    if count < 2:
        return [list(CHARTS)]
    return [[n for n in CHARTS if n not in FORKED_CHARTS], [n for n in CHARTS if n in FORKED_CHARTS]]


def export_all(result, figures_dir="figures", prefix: str = "") -> list:
    """Render and save every chart (PNG, SVG, CSV) into figures_dir, about half of them built
    and rendered in a forked process when there are two CPUs (same bytes)."""
    return build_and_save(lambda name: CHARTS[name](result), list(CHARTS), list(FORKED_CHARTS),
                          figures_dir, prefix)


# ----------------------------------------------------------------------------- corpus comparison

def _article_labels(df: pd.DataFrame) -> list[str]:
    if "outlet" in df.columns:
        return [f"{o} · {a}" if o and o != "(outlet not given)" else str(a)
                for a, o in zip(df["article_id"], df["outlet"])]
    return [str(a) for a in df["article_id"]]


def compare_frames(tables, codebook: str = "generic") -> Figure:
    """Frame profiles side by side: one row per article, one column per frame (score)."""
    from .compare import frame_profiles

    data = frame_profiles(tables, codebook=codebook, wide=True)
    fig = new_figure(12, max(4, 0.55 * len(data) + 2))
    with chart_style():
        ax = _titled_axes(fig, f"Frame profiles by article ({codebook} codebook, score)")
        frames = [c for c in data.columns if c not in ("article_id", "outlet", "date")]
        if data.empty or not frames:
            return _empty(fig, ax, "no frame scores", data)
        grid = data[frames].to_numpy(dtype=float)
        image = ax.imshow(grid, aspect="auto", cmap="Blues", vmin=0, interpolation="nearest")
        for (i, j), v in np.ndenumerate(grid):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8,
                    color="white" if v > 0.6 * np.nanmax(grid) else "#333333")
        ax.set_xticks(range(len(frames)), [_wrap(f.replace("_", " "), 14) for f in frames], fontsize=9)
        ax.set_yticks(range(len(data)), [_wrap(lab, 44) for lab in _article_labels(data)], fontsize=9)
        ax.spines[["left", "bottom"]].set_visible(False)
        fig.colorbar(image, ax=ax, label="frame score", shrink=0.8)
    return attach_data(fig, data)


def compare_voices(tables) -> Figure:
    """Share of each article's sentences in the narrator's voice, quoted, or mixed."""
    from .compare import narrator_shares

    data = narrator_shares(tables)
    fig = new_figure(11, max(4, 0.5 * len(data) + 2))
    with chart_style():
        ax = _titled_axes(fig, "Whose voice: share of sentences by article")
        if data.empty:
            return _empty(fig, ax, "no voice information", data)
        y = np.arange(len(data))[::-1]
        left = np.zeros(len(data))
        for voice, color in (("narrator", NARRATOR), ("mixed", "#56B4E9"), ("quoted", "#0072B2")):
            vals = data[voice].to_numpy(dtype=float)
            ax.barh(y, vals, left=left, color=color, label=voice, height=0.6)
            left += vals
        ax.set_yticks(y, [_wrap(lab, 44) for lab in _article_labels(data)], fontsize=9)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of body sentences")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return attach_data(fig, data)


def compare_tone(tables) -> Figure:
    """Tone by outlet: mean VADER compound of narrator sentences vs quoted sentences."""
    from .compare import tone_by_outlet

    data = tone_by_outlet(tables)
    fig = new_figure(11, 5)
    with chart_style():
        ax = _titled_axes(fig, "Tone by outlet: narrator vs quoted sentences (mean VADER)")
        if data.empty or "outlet" not in data.columns:
            return _empty(fig, ax, "no tone information", data)
        outlets = sorted(pd.unique(data["outlet"]))
        voices = [v for v in ("narrator", "mixed", "quoted") if v in set(data["voice"])]
        width = 0.8 / max(1, len(voices))
        colors = {"narrator": NARRATOR, "mixed": "#56B4E9", "quoted": "#0072B2"}
        score = "mean_score"
        for k, voice in enumerate(voices):
            sub = data[data["voice"] == voice].set_index("outlet").reindex(outlets)
            x = np.arange(len(outlets)) + (k - (len(voices) - 1) / 2) * width
            ax.bar(x, sub[score].fillna(0).to_numpy(dtype=float), width=width, color=colors[voice], label=voice)
        ax.axhline(0, color="#666666", linewidth=0.8)
        ax.set_xticks(range(len(outlets)), [_wrap(o, 14) for o in outlets], fontsize=9)
        ax.set_ylabel("mean VADER compound (−1 … +1)")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return attach_data(fig, data)
