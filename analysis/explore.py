"""Interactive exploration in JupyterLab (ipywidgets): one article, or a batch-analysed corpus.

``TableExplorer(df)``: a long table as a filterable, sortable, paged view.
``ArticleExplorer(result)``: pick a speaker, an actor or a frame; the article text highlights its
spans (speaker: source, cue and attributed words; actor: its mentions; frame: the sentences
carrying its cues), the table below filters to it and the evidence shows. ``CorpusExplorer(out)``:
filter the articles of a ``batch`` output folder by outlet, frame or speaker and open one in an
ArticleExplorer. The span and table functions are plain (tested without a browser); the widgets
only wire them to dropdowns. Static exports (PNG/SVG/CSV, HTML report) are unchanged.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .palette import NARRATOR, actor_colors
from .spans import UNKNOWN_SOURCE

NONE = "(none)"
#: Highlight colours when a span has no actor colour: frames and cues.
FRAME_COLOR = "#56B4E9"
CUE_COLOR = "#E69F00"


# ----------------------------------------------------------------------------- spans and tables

def speakers(result) -> list[str]:
    """Speakers in order of their first attribution."""
    atts = result.attributions.attributions if result.attributions is not None else []
    return list(dict.fromkeys(a.speaker or UNKNOWN_SOURCE for a in atts))


def frames(result) -> list[str]:
    """Frames with cue evidence in the text, as ``codebook: frame``."""
    if result.frames is None:
        return []
    ev = result.frames.tables()["frame_evidence"]
    return list(dict.fromkeys(f"{c}: {f}" for c, f in zip(ev["codebook"], ev["frame"])))


def speaker_spans(result, speaker: str) -> list[tuple[int, int, str]]:
    """(start, end, role) of a speaker's source mentions, cues and attributed words."""
    out = []
    for a in result.attributions.attributions if result.attributions is not None else []:
        if (a.speaker or UNKNOWN_SOURCE) != speaker:
            continue
        out += [(s, e, "content") for s, e in a.content_fragments]
        if a.source_start is not None:
            out.append((a.source_start, a.source_end, "source"))
        if a.cue_start is not None:
            out.append((a.cue_start, a.cue_end, "cue"))
    return sorted(set(out))


def actor_spans(result, actor: str) -> list[tuple[int, int, str]]:
    """(start, end, "mention") of every mention of the actor."""
    return sorted({(m.start, m.end, "mention") for a in result.actors if a.name == actor for m in a.mentions})


def frame_spans(result, frame: str) -> list[tuple[int, int, str]]:
    """(start, end, "frame") of the sentences carrying cues of ``codebook: frame``."""
    ev = frame_evidence(result, frame)
    by_id = {s.id: s for s in result.article.sentences}
    return sorted({(by_id[i].start, by_id[i].end, "frame") for i in ev["sentence_id"] if i in by_id})


def frame_evidence(result, frame: str) -> pd.DataFrame:
    """The cue evidence rows of ``codebook: frame``."""
    ev = result.frames.tables()["frame_evidence"] if result.frames is not None else pd.DataFrame()
    if ev.empty:
        return ev
    codebook, _, name = frame.partition(": ")
    return ev[(ev["codebook"] == codebook) & (ev["frame"] == name)].reset_index(drop=True)


def evidence(result, kind: str, key: str) -> pd.DataFrame:
    """The table rows behind a selection: a speaker's attributions, an actor's mentions (with
    their sentiment), a frame's cue evidence."""
    tables = result.tables()
    if kind == "speaker":
        att = tables.get("attributions", pd.DataFrame())
        if att.empty:
            return att
        cols = [c for c in ("id", "kind", "speaker", "cue_text", "cue_class", "content_text") if c in att]
        return att.loc[att["speaker"].fillna(UNKNOWN_SOURCE) == key, cols].reset_index(drop=True)
    if kind == "actor":
        ids = {a.id for a in result.actors if a.name == key}
        men = tables.get("mention_sentiment", tables.get("mentions", pd.DataFrame()))
        return men[men["actor_id"].isin(ids)].reset_index(drop=True) if not men.empty else men
    return frame_evidence(result, key)


def highlight_html(text: str, spans: list[tuple[int, int, str]], color: str) -> str:
    """The text as HTML with ``<mark class="ex-hit">`` around each span (nested/overlapping
    spans are merged into the outermost, so the marks never cross)."""
    merged: list[list] = []
    for s, e, role in sorted(spans, key=lambda t: (t[0], -t[1])):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
            continue
        merged.append([s, e, role])
    parts, pos = [], 0
    for s, e, role in merged:
        parts.append(html.escape(text[pos:s]))
        style = f"background:{color}40;border-bottom:2px solid {color}"
        parts.append(f"<mark class='ex-hit' data-role='{role}' style='{style}'>{html.escape(text[s:e])}</mark>")
        pos = e
    parts.append(html.escape(text[pos:]))
    body = "".join(parts).replace("\n\n", "<br><br>")
    return f"<div class='ex-text' style='white-space:pre-wrap;line-height:1.5;max-height:28em;overflow:auto'>{body}</div>"


# ----------------------------------------------------------------------------- widgets

def _table_html(df: pd.DataFrame, limit: int = 200) -> str:
    """A scrollable HTML table (first ``limit`` rows) for an HTML widget."""
    more = f"<p>first {limit} of {len(df)} rows</p>" if len(df) > limit else ""
    table = df.head(limit).to_html(index=False, escape=True, border=0, float_format=lambda v: f"{v:.3f}")
    return f"<div class='ex-table' style='max-height:24em;overflow:auto'>{table}</div>{more}"


def _widgets():
    try:
        import ipywidgets
    except ImportError:  # pragma: no cover - the test extras install it
        raise ImportError("the explorers need ipywidgets: pip install -e '.[test]'") from None
    return ipywidgets


def table_page(df: pd.DataFrame, query: str = "", sort: str | None = None, descending: bool = False,
               page: int = 0, size: int = 15) -> tuple[pd.DataFrame, int]:
    """Rows of ``df`` whose text contains ``query`` (case-insensitive, any column), sorted by
    ``sort``, cut to page ``page`` of ``size`` rows; also the number of matching rows."""
    rows = df
    if query:
        text = df.astype(str).apply(lambda col: col.str.contains(query, case=False, regex=False))
        rows = df[text.any(axis=1)]
    if sort in rows.columns:
        rows = rows.sort_values(sort, ascending=not descending, kind="stable", na_position="last")
    start = max(page, 0) * size
    return rows.iloc[start:start + size], len(rows)


class TableExplorer:
    """A long table in JupyterLab: filter by text, sort by a column, page through the rows."""

    def __init__(self, df: pd.DataFrame, size: int = 15):
        w = _widgets()
        self.df, self.size = df.reset_index(drop=True), size
        self.query = w.Text(placeholder="filter: text in any column", description="filter")
        self.sort = w.Dropdown(options=[NONE, *map(str, df.columns)], description="sort by")
        self.descending = w.Checkbox(value=False, description="descending")
        self.page = w.BoundedIntText(value=1, min=1, max=1, description="page")
        self.status = w.HTML()
        self.table = w.HTML()
        for box in (self.query, self.sort, self.descending, self.page):
            box.observe(self._changed, names="value")
        self.widget = w.VBox([w.HBox([self.query, self.sort, self.descending, self.page]), self.status,
                              self.table])
        self.widget.add_class("table-explorer")
        self._changed(None)

    def _changed(self, change) -> None:
        if change is not None and change["owner"] is not self.page:
            self.page.value = 1
        sort = None if self.sort.value == NONE else self.sort.value
        rows, n = table_page(self.df, self.query.value, sort, self.descending.value, self.page.value - 1,
                             self.size)
        self.page.max = max(1, -(-n // self.size))
        self.status.value = f"<span class='ex-status'>{n} of {len(self.df)} rows; page {self.page.value} " \
                            f"of {self.page.max}</span>"
        self.table.value = _table_html(rows, limit=self.size)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = f"TableExplorer: {len(self.df)} rows, {len(self.df.columns)} columns"
        return bundle


class ArticleExplorer:
    """Pick a speaker, an actor or a frame: highlighted text, filtered table, evidence."""

    def __init__(self, result):
        w = _widgets()
        self.result = result
        self.colors = actor_colors(result, extra=speakers(result))
        layout = w.Layout(width="32%")
        style = {"description_width": "initial"}
        self.speaker = w.Dropdown(options=[NONE, *speakers(result)], description="speaker", layout=layout,
                                  style=style)
        self.actor = w.Dropdown(options=[NONE, *[a.name for a in result.actors]], description="actor",
                                layout=layout, style=style)
        self.frame = w.Dropdown(options=[NONE, *frames(result)], description="frame", layout=layout, style=style)
        self.status = w.HTML()
        self.text = w.HTML()
        self.table = w.HTML()
        for box in (self.speaker, self.actor, self.frame):
            box.observe(self._changed, names="value")
        self.widget = w.VBox([w.HBox([self.speaker, self.actor, self.frame]), self.status, self.text, self.table])
        self.widget.add_class("article-explorer")
        self.kind, self.key = None, None
        self.show(None, None)

    def _changed(self, change) -> None:
        owner = change["owner"]
        kind = {id(self.speaker): "speaker", id(self.actor): "actor", id(self.frame): "frame"}[id(owner)]
        if change["new"] == NONE:
            return self.show(None, None) if self.kind == kind else None
        for other in (self.speaker, self.actor, self.frame):   # one selection at a time
            if other is not owner and other.value != NONE:
                other.unobserve(self._changed, names="value")
                other.value = NONE
                other.observe(self._changed, names="value")
        self.show(kind, change["new"])

    def spans(self) -> list[tuple[int, int, str]]:
        """The spans highlighted now."""
        finder = {"speaker": speaker_spans, "actor": actor_spans, "frame": frame_spans}.get(self.kind)
        return finder(self.result, self.key) if finder else []

    def show(self, kind: str | None, key: str | None) -> None:
        """Highlight and filter for one selection (None: the plain text)."""
        self.kind, self.key = kind, key
        spans = self.spans()
        color = FRAME_COLOR if kind == "frame" else self.colors.get(key, NARRATOR)
        self.text.value = highlight_html(self.result.article.text, spans, color)
        what = f"{kind} <b>{html.escape(key)}</b>: {len(spans)} highlighted spans" if kind else \
            "Pick a speaker, an actor or a frame to highlight its spans."
        self.status.value = f"<span class='ex-status'>{what}</span>"
        self.table.value = _table_html(evidence(self.result, kind, key)) if kind else ""

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = (f"ArticleExplorer: {len(self.speaker.options) - 1} speakers, "
                              f"{len(self.actor.options) - 1} actors, {len(self.frame.options) - 1} frames")
        return bundle


def _article_keys(tables: dict[str, pd.DataFrame], column: str, table: str, where=None) -> dict[str, set]:
    """value -> article ids, from one corpus table."""
    df = tables.get(table)
    if df is None or column not in df:
        return {}
    if where is not None:
        df = df[where(df)]
    out: dict[str, set] = {}
    for value, aid in zip(df[column].fillna(UNKNOWN_SOURCE).astype(str), df["article_id"]):
        out.setdefault(value, set()).add(aid)
    return out


def corpus_index(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, set]]:
    """For each filter (outlet, frame, speaker): value -> the article ids that have it (a frame:
    judged present)."""
    present = (lambda df: df["present"].astype(bool)) if "present" in tables.get("frames", {}) else None
    return {"outlet": _article_keys(tables, "outlet", "articles"),
            "frame": _article_keys(tables, "frame", "frames", present),
            "speaker": _article_keys(tables, "speaker", "attributions")}


def filter_articles(tables: dict[str, pd.DataFrame], outlet=None, frame=None, speaker=None) -> pd.DataFrame:
    """The articles table limited to those matching every given filter."""
    arts = tables["articles"]
    index = corpus_index(tables)
    keep = set(arts["article_id"])
    for name, value in (("outlet", outlet), ("frame", frame), ("speaker", speaker)):
        if value not in (None, NONE):
            keep &= index[name].get(value, set())
    return arts[arts["article_id"].isin(keep)].reset_index(drop=True)


class CorpusExplorer:
    """Filter the articles of a batch output folder by outlet, frame or speaker; open one."""

    def __init__(self, out: str | Path, nlp=None):
        from .corpus import load_tables

        w = _widgets()
        self.tables, self.nlp = load_tables(out), nlp
        index = corpus_index(self.tables)
        self.filters = {name: w.Dropdown(options=[NONE, *sorted(values)], description=name,
                                         layout=w.Layout(width="32%")) for name, values in index.items()}
        self.pick = w.Dropdown(description="article", layout=w.Layout(width="60%"))
        self.open = w.Button(description="open", tooltip="analyse the picked article and explore it")
        self.listing, self.article = w.HTML(), w.VBox()
        for box in self.filters.values():
            box.observe(lambda _: self.refresh(), names="value")
        self.open.on_click(lambda _: self.open_article(self.pick.value))
        self.widget = w.VBox([w.HBox(list(self.filters.values())), self.listing, w.HBox([self.pick, self.open]),
                              self.article])
        self.refresh()

    def selected(self) -> pd.DataFrame:
        return filter_articles(self.tables, **{k: b.value for k, b in self.filters.items()})

    def refresh(self) -> None:
        arts = self.selected()
        self.pick.options = list(arts["article_id"])
        cols = [c for c in ("article_id", "outlet", "headline", "sentences", "actors") if c in arts]
        self.listing.value = _table_html(arts[cols])

    def open_article(self, article_id: str | None) -> ArticleExplorer | None:
        """Re-analyse the article from its path and show an ArticleExplorer (None if no file)."""
        from .pipeline import analyze

        arts = self.tables["articles"]
        row = arts[arts["article_id"] == article_id]
        path = Path(str(row["path"].iloc[0])) if not row.empty else None
        if path is None or not path.is_file():
            note = f"{article_id}: no article file to open (table input); see the corpus tables"
            self.article.children = [_widgets().HTML(html.escape(note))]
            return None
        explorer = ArticleExplorer(analyze(path, nlp=self.nlp))
        self.article.children = [explorer.widget]
        return explorer

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/plain"] = f"CorpusExplorer: {len(self.tables['articles'])} articles"
        return bundle
