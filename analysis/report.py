"""The annotated article: one self-contained HTML page (inline CSS, no network resources).

Quoted content is highlighted per speaker, cues are underlined with their class, frame cues
are marked and filterable, each paragraph carries its sentences' sentiment in the margin, and
set-aside boilerplate is listed collapsed. Every highlighted element carries ``data-start`` and
``data-end``: its text equals ``article.text[start:end]``. All article text is HTML-escaped.
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .attribution import cue_classes
from .palette import NARRATOR, actor_colors
from .sentiment import SentenceSentiment
from .spans import UNKNOWN_SOURCE
from .trust import shipped_rows, shipped_summary


@dataclass(frozen=True)
class Mark:
    """A span to highlight: layer decides nesting (sentence < content < cue < frame)."""
    start: int
    end: int
    layer: int
    tag: str
    attrs: tuple[tuple[str, str], ...]


_LAYERS = 4  # sentence, content, cue, frame cue


def _attr_text(attrs) -> str:
    return "".join(f' {k}="{html.escape(str(v), quote=True)}"' for k, v in attrs)


def _non_overlapping(marks: list[Mark]) -> list[Mark]:
    """Within one layer keep marks that do not overlap an earlier (longer-first) one."""
    kept: list[Mark] = []
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _render(text: str, start: int, end: int, layers: list[list[Mark]], depth: int = 0,
            ends: list[list[int]] | None = None) -> str:
    """HTML for text[start:end] with the marks of layers[depth:] nested inside each other.
    Each layer is sorted and non-overlapping (``_non_overlapping``), so its marks' ends never
    decrease: the first mark reaching into the range is found by bisection (``ends``: each
    layer's mark ends), keeping the whole report linear in the marks instead of quadratic."""
    if depth == len(layers):
        return html.escape(text[start:end])
    if ends is None:
        ends = [[m.end for m in layer] for layer in layers]
    layer = layers[depth]
    out, pos = [], start
    for k in range(bisect.bisect_right(ends[depth], start), len(layer)):
        m = layer[k]
        if m.start >= end:
            break
        a, b = max(m.start, start), min(m.end, end)
        if a >= b:
            continue
        if a > pos:
            out.append(_render(text, pos, a, layers, depth + 1, ends))
        attrs = m.attrs + (("data-start", str(a)), ("data-end", str(b)))
        out.append(f"<{m.tag}{_attr_text(attrs)}>{_render(text, a, b, layers, depth + 1, ends)}</{m.tag}>")
        pos = b
    if pos < end:
        out.append(_render(text, pos, end, layers, depth + 1, ends))
    return "".join(out)


def _attributions(result) -> list:
    return result.attributions.attributions if result.attributions is not None else []


def _sentence_scores(result) -> dict[int, tuple[float, str]]:
    if result.sentiment is None:
        return {}
    rows = getattr(result.sentiment, "sentences", None)
    if isinstance(rows, list) and all(isinstance(s, SentenceSentiment) for s in rows):
        return {int(s.sentence_id): (float(s.score.vader_compound), str(s.score.label)) for s in rows}
    df = result.sentiment.tables().get("sentences")     # another sentiment stage's result
    if df is None or "vader_compound" not in df:
        return {}
    label = df["sentiment_label"] if "sentiment_label" in df else pd.Series([""] * len(df))
    return {int(r.sentence_id): (float(r.vader_compound), str(lab)) for r, lab in zip(df.itertuples(), label)}


def _frame_marks(result) -> tuple[list[Mark], list[str]]:
    """Frame cue spans (from every frame's evidence), each listing the frames it supports."""
    if result.frames is None:
        return [], []
    grouped: dict[tuple[int, int], list[str]] = {}
    frames: list[str] = []
    for f in result.frames.frames:
        key = f"{f.codebook}:{f.frame}"
        for hit in f.evidence:
            for cue in hit.cues:
                names = grouped.setdefault((cue.start, cue.end), [])
                if key not in names:
                    names.append(key)
                if key not in frames:
                    frames.append(key)
    marks = [Mark(s, e, 3, "mark", (("class", "frame-cue"), ("data-frames", " ".join(names)),
                                    ("title", "frame cue: " + ", ".join(names))))
             for (s, e), names in sorted(grouped.items()) if e > s]
    return marks, frames


def _marks(result, colors: dict[str, str], scores: dict[int, tuple[float, str]] | None = None
           ) -> tuple[list[list[Mark]], list[str]]:
    layers: list[list[Mark]] = [[] for _ in range(_LAYERS)]
    scores = _sentence_scores(result) if scores is None else scores
    for s in result.article.sentences:
        score = scores.get(s.id)
        title = f"S{s.id}" + (f" · VADER {score[0]:+.2f} ({score[1]})" if score else "")
        layers[0].append(Mark(s.start, s.end, 0, "span", (("class", "sentence"), ("id", f"s{s.id}"),
                                                           ("data-sentence", str(s.id)), ("title", title))))
    for att in _attributions(result):
        speaker = att.speaker or UNKNOWN_SOURCE
        color = colors.get(speaker, NARRATOR)
        for fs, fe in att.content_fragments:
            layers[1].append(Mark(fs, fe, 1, "span", (
                ("class", f"content {att.kind}"), ("data-attribution", str(att.id)), ("data-speaker", speaker),
                ("style", f"background-color:{color}33;border-bottom:2px solid {color}"),
                ("title", f"{att.kind} content, attributed to {speaker}"))))
        if att.cue_start is not None:
            layers[2].append(Mark(att.cue_start, att.cue_end, 2, "span", (
                ("class", f"cue cue-{att.cue_class or 'other'}"), ("data-attribution", str(att.id)),
                ("title", f"cue '{att.cue_lemma}' ({att.cue_class or 'unclassified'})"))))
        if att.source_start is not None:
            layers[2].append(Mark(att.source_start, att.source_end, 2, "span", (
                ("class", "source"), ("data-attribution", str(att.id)), ("style", f"color:{color}"),
                ("title", f"source: {speaker}"))))
    frame_marks, frames = _frame_marks(result)
    layers[3] = frame_marks
    return [_non_overlapping(layer) for layer in layers], frames


CSS = """
body{font-family:Georgia,'DejaVu Serif',serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.6}
h1{font-family:'DejaVu Sans',Arial,sans-serif;font-size:1.6em}
h2{font-family:'DejaVu Sans',Arial,sans-serif;font-size:1.2em;margin-top:2em}
.meta,.legend,.controls,table{font-family:'DejaVu Sans',Arial,sans-serif;font-size:.85em}
.para{display:grid;grid-template-columns:150px 1fr;gap:1em;margin:.8em 0}
.margin{font-family:'DejaVu Sans',Arial,sans-serif;font-size:.75em;color:#555;text-align:right}
.margin div{white-space:nowrap}
.neg{color:#D55E00}.pos{color:#0072B2}.neu{color:#777}
.cue{text-decoration:underline;text-decoration-thickness:2px;text-underline-offset:3px}
.source{font-weight:bold}
mark.frame-cue{background:none;outline:1px dotted #999;outline-offset:1px}
body[data-frame] mark.frame-cue{outline:none}
.swatch{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;vertical-align:middle;border-radius:2px}
table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left}
details{margin-top:1.5em;font-family:'DejaVu Sans',Arial,sans-serif;font-size:.85em}
"""

SCRIPT = """
(function(){
  var select=document.getElementById('frame-filter');
  if(!select){return;}
  var style=document.getElementById('frame-style');
  select.addEventListener('change',function(){
    var f=select.value;
    if(f){document.body.setAttribute('data-frame',f);
      style.textContent='mark.frame-cue[data-frames~="'+f.replace(/[^a-z0-9_:-]/gi,'')+'"]{background:#F0E44288;outline:1px solid #999}';}
    else{document.body.removeAttribute('data-frame');style.textContent='';}
  });
})();
"""


def _cue_css() -> str:
    """One underline style per reporting-verb class of the lexicon."""
    return "".join(f".cue-{cls}{{text-decoration-style:{spec['underline']}}}" for cls, spec in cue_classes().items()) + "\n"


def _score_class(score: float) -> str:
    return "pos" if score >= 0.05 else "neg" if score <= -0.05 else "neu"


def _table(df: pd.DataFrame | None, caption: str, limit: int = 40) -> str:
    if df is None or df.empty:
        return ""
    return f"<h2>{html.escape(caption)}</h2>" + df.head(limit).to_html(index=False, escape=True, border=0,
                                                                      float_format=lambda v: f"{v:.3f}")


def render_fragment(result) -> str:
    """The annotated article as an HTML fragment (used in notebooks via _repr_html_)."""
    art = result.article
    speakers = [a.speaker or UNKNOWN_SOURCE for a in _attributions(result)]
    colors = actor_colors(result, extra=speakers)
    scores = _sentence_scores(result)
    layers, frames = _marks(result, colors, scores)
    parts = [f"<div class='annotated-article'>"]
    if art.title:
        parts.append(f"<h1>{html.escape(art.title)}</h1>")
    if art.caption:
        parts.append(f"<p class='meta'><em>{html.escape(art.caption)}</em></p>")
    if speakers:
        legend = "".join(f"<span class='swatch' style='background:{colors.get(s, NARRATOR)}'></span>{html.escape(s)}"
                         for s in dict.fromkeys(speakers))
        underlines = "; ".join(f"{spec['underline']} = {cls}" for cls, spec in cue_classes().items())
        parts.append(f"<p class='legend'>Attributed content by speaker:{legend}<br>Cue underline: {underlines}; "
                     f"source in bold. Margin: VADER compound per sentence.</p>")
    if frames:
        options = "".join(f"<option value='{html.escape(f)}'>{html.escape(f)}</option>" for f in frames)
        parts.append(f"<p class='controls'><label>Show frame cues: <select id='frame-filter'>"
                     f"<option value=''>(none)</option>{options}</select></label></p>")
    ends = [[m.end for m in layer] for layer in layers]
    by_paragraph: dict[int, list] = {}
    for s in art.sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    for p in art.paragraphs:
        margin = "".join(
            f"<div class='{_score_class(scores[s.id][0])}'>S{s.id} {scores[s.id][0]:+.2f}</div>"
            for s in by_paragraph.get(p.id, ()) if s.id in scores)
        parts.append(f"<div class='para' data-paragraph='{p.id}'><div class='margin'>{margin}</div>"
                     f"<div class='text'>{_render(art.text, p.start, p.end, layers, 0, ends)}</div></div>")
    if art.removed:
        items = "".join(f"<li><em>{html.escape(b.reason)}</em>: {html.escape(b.text)}</li>" for b in art.removed)
        parts.append(f"<details><summary>Set aside before analysis ({len(art.removed)})</summary><ul>{items}</ul></details>")
    tables = result.tables()
    parts.append(_table(tables.get("voices"), "Who speaks"))
    parts.append(_table(tables.get("frames"), "Frames"))
    actor = tables.get("actor_sentiment")
    if actor is not None:
        actor = actor[[c for c in ("name", "type", "mention_count", "score", "label", "evidence") if c in actor]]
    parts.append(_table(actor, "Sentiment toward actors"))
    parts.append("</div>")
    return "\n".join(parts)


def _ci(row: dict, name: str) -> str:
    v, lo, hi = row.get(name), row.get(f"{name}_lo"), row.get(f"{name}_hi")
    if v is None:
        return "n/a"
    return f"{v:.2f} [{lo:.2f}, {hi:.2f}]" if lo is not None and hi is not None else f"{v:.2f}"


def _user_trust(v: dict) -> str:
    """The user's validation: per unit type, then per frame and per category (collapsed)."""
    e = html.escape
    rows = pd.DataFrame([{"unit type": r["unit_type"], "coders": r["coders"], "units": r["units"],
                          "alpha between coders [95% CI]": _ci(r, "alpha"),
                          "tool = majority (accuracy)": "n/a" if r.get("tool_accuracy") is None
                          else f"{r['tool_accuracy']:.0%}",
                          "tool kappa [95% CI]": _ci(r, "tool_kappa")} for r in v["unit_types"]])
    head = (f"<p class='meta'>From your own validation against human coders ({e(v['source'])}): "
            f"<code>{e(v['folder'])}</code>, scored {e(v['date'])}, coders {e(', '.join(v['coders']))}, "
            f"{v['units']} coded units. These figures replace the shipped ones measured on public "
            f"datasets; frames marked not reliable still follow the shipped table.</p>")
    more = ""
    for title, key in (("per frame (alpha between coders)", "frames"),
                       ("per category (tool vs the coders' majority)", "categories")):
        if v[key]:
            more += (f"<details><summary>{e(title)}</summary>"
                     + pd.DataFrame(v[key]).to_html(index=False, escape=True, border=0, na_rep="",
                                                    float_format=lambda x: f"{x:.3f}") + "</details>")
    return head + rows.to_html(index=False, escape=True, border=0) + more


def _shipped_trust() -> str:
    """The shipped reliability table: a summary per kind of output, every row collapsed."""
    summary = shipped_summary()
    if summary.empty:
        return "<p class='meta'>No reliability figures are shipped with this installation.</p>"
    summary = summary.rename(columns={"reliable": "beat their baseline",
                                      "f1_min": "F1 lowest", "f1_max": "F1 highest"})
    rows = pd.DataFrame(shipped_rows())[["output", "name", "precision", "recall", "f1", "baseline",
                                        "baseline_f1", "reliable", "dataset", "support"]]
    return ("<p class='meta'>Measured on public annotated news datasets, not on your corpus: an output "
            "counts as reliable when its F1 beats a trivial baseline's. To report how the tool does on "
            "your own articles, code a sample with <code>python -m analysis validate sample</code> and "
            "<code>validate score</code>, then pass <code>--reliability DIR</code>.</p>"
            + summary.to_html(index=False, escape=True, border=0, float_format=lambda x: f"{x:.2f}")
            + "<details><summary>Every measured output</summary>"
            + rows.to_html(index=False, escape=True, border=0, float_format=lambda x: f"{x:.3f}") + "</details>")


def render_trust(result) -> str:
    """The report's "How far to trust these outputs" section: the user's validation figures
    when the trust stage carries them (--reliability DIR), else the shipped ones."""
    trust = result.results.get("trust")
    validation = trust.validation if trust is not None else None
    body = _user_trust(validation) if validation is not None else _shipped_trust()
    return f"<section id='trust'><h2>How far to trust these outputs</h2>{body}</section>"


def render_html(result) -> str:
    """A complete, self-contained HTML document."""
    title = html.escape(result.article.title or result.article.source_path or "Annotated article")
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width'><title>{title}</title>"
            f"<style>{CSS}{_cue_css()}</style><style id='frame-style'></style></head><body>\n"
            f"{render_fragment(result)}\n{render_trust(result)}\n<script>{SCRIPT}</script></body></html>\n")


def write_report(result, out_dir: str | Path, name: str = "report.html") -> Path:
    from .output import write_files

    return write_files(out_dir, {name: render_html(result).encode("utf-8")})[0]
