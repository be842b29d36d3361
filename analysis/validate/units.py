"""Units to code, built from the corpus tables (analysis.corpus): one row per attribution,
per frame of an article, per actor mention and per sentence, with the context a coder needs
(the sentence(s) with the unit's spans marked), the article id and offsets, and the tool's
answer (kept out of blind sheets)."""
from __future__ import annotations

import re

import pandas as pd

from .codebook import ABSENT, PRESENT, frame_entries, unit_types

#: Markers around spans in the context column (explained in the codebook's general note).
MARKS = {"source": ("{{", "}}"), "cue": ("<<", ">>"), "content": ("[[", "]]"), "unit": ("[[", "]]")}
#: Spreadsheet cells hold at most 32,767 characters.
MAX_CONTEXT = 30000
UNIT_COLUMNS = ["unit_id", "unit_type", "article_id", "outlet", "start", "end", "context", "span",
                "question"]
KEY_COLUMNS = [*UNIT_COLUMNS, "tool_answer", "stratum"]
NO_CLASS = "no_class"
#: Control characters a spreadsheet cell cannot hold (tab and line feed are kept).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _mark(sentences: pd.DataFrame, spans: list[tuple[int, int, str]]) -> str:
    """The sentences' text joined by paragraph, each span wrapped in its markers (overlaps dropped)."""
    pieces, last_para = [], None
    for row in sentences.itertuples():
        text, base = row.text, int(row.start)
        inside = sorted((s - base, e - base, kind) for s, e, kind in spans
                        if base <= s and e <= base + len(text) and s < e)
        kept, end = [], -1
        for s, e, kind in inside:
            if s >= end:
                kept.append((s, e, kind))
                end = e
        for s, e, kind in reversed(kept):
            left, right = MARKS[kind]
            text = text[:s] + left + text[s:e] + right + text[e:]
        sep = "" if last_para is None else (" " if row.paragraph == last_para else "\n\n")
        pieces.append(sep + text)
        last_para = row.paragraph
    out = CONTROL.sub("", "".join(pieces))
    return out if len(out) <= MAX_CONTEXT else out[:MAX_CONTEXT] + " [...]"


def _fragments(value) -> list[tuple[int, int]]:
    out = []
    for part in _text(value).split(";"):
        if "-" in part:
            a, b = part.split("-", 1)
            out.append((int(a), int(b)))
    return out


def _sentences_of(sents: pd.DataFrame, lo: int, hi: int) -> pd.DataFrame:
    return sents[(sents["end"] > lo) & (sents["start"] < hi)]


def attribution_units(tables: dict, sents: dict) -> list[dict]:
    out = []
    for r in tables.get("attributions", pd.DataFrame()).to_dict("records"):
        spans = [(int(r["source_start"]), int(r["source_end"]), "source")] if pd.notna(r["source_start"]) else []
        if pd.notna(r["cue_start"]):
            spans.append((int(r["cue_start"]), int(r["cue_end"]), "cue"))
        spans += [(a, b, "content") for a, b in _fragments(r["content_fragments"])]
        if not spans:   # nothing to show a coder
            continue
        lo, hi = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
        context = _mark(_sentences_of(sents[r["article_id"]], lo, hi), spans)
        span = (f"source: {_text(r['source_text'])} | cue: {_text(r['cue_text'])} | "
                f"content: {_text(r['content_text'])}")
        out.append({"unit_id": f"attributions:{r['article_id']}:{r['id']}", "article_id": r["article_id"],
                    "start": lo, "end": hi, "context": context, "span": span,
                    "tool_answer": _text(r["cue_class"]) or NO_CLASS})
    return out


def frame_units(tables: dict, sents: dict) -> list[dict]:
    frames = {f["id"]: f for f in frame_entries()}
    evidence: dict[tuple, list] = {}
    for r in tables.get("frame_evidence", pd.DataFrame()).to_dict("records"):
        key = (r["article_id"], f"{r['codebook']}/{r['frame']}")
        evidence.setdefault(key, []).extend((a, b, "unit") for a, b in _fragments(r["offsets"]))
    out = []
    for r in tables.get("frames", pd.DataFrame()).to_dict("records"):
        fid = f"{r['codebook']}/{r['frame']}"
        sent = sents[r["article_id"]]
        fr = frames.get(fid, {"label": r["label"], "definition": "", "questions": []})
        question = " ".join([f"Is the frame '{fr['label']}' ({fid}) present in the article?",
                             fr["definition"], *fr["questions"]]).strip()
        out.append({"unit_id": f"frames:{r['article_id']}:{fid}", "article_id": r["article_id"],
                    "start": int(sent["start"].min()), "end": int(sent["end"].max()),
                    "context": _mark(sent, evidence.get((r["article_id"], fid), [])),
                    "span": f"frame: {fid}", "question": question,
                    "tool_answer": PRESENT if bool(r["present"]) else ABSENT, "group": fid})
    return out


def mention_units(tables: dict, sents: dict) -> list[dict]:
    out = []
    for n, r in enumerate(tables.get("mention_sentiment", pd.DataFrame()).to_dict("records")):
        s, e = int(r["start"]), int(r["end"])
        sent = sents[r["article_id"]]
        out.append({"unit_id": f"actor_sentiment:{r['article_id']}:{r['actor_id']}@{s}",
                    "article_id": r["article_id"], "start": s, "end": e,
                    "context": _mark(sent[sent["sentence_id"] == r["sentence_id"]], [(s, e, "unit")]),
                    "span": f"actor: {_text(r['text'])}", "tool_answer": _text(r["label"])})
    return out


def sentence_units(tables: dict, sents: dict) -> list[dict]:
    out = []
    for r in tables.get("sentences", pd.DataFrame()).to_dict("records"):
        sent = sents[r["article_id"]]
        sid = int(r["sentence_id"])
        near = sent[(sent["sentence_id"] >= sid - 1) & (sent["sentence_id"] <= sid + 1)]
        out.append({"unit_id": f"sentences:{r['article_id']}:{sid}", "article_id": r["article_id"],
                    "start": int(r["start"]), "end": int(r["end"]),
                    "context": _mark(near, [(int(r["start"]), int(r["end"]), "unit")]),
                    "span": f"sentence {sid}", "tool_answer": _text(r["sentiment_label"])})
    return out


BUILDERS = {"attributions": attribution_units, "frames": frame_units,
            "actor_sentiment": mention_units, "sentences": sentence_units}


def build_units(tables: dict[str, pd.DataFrame], names=None) -> pd.DataFrame:
    """Every unit of the requested types (default: all) as one table in KEY_COLUMNS order,
    plus ``group`` (the frame of a frame unit, else empty)."""
    sentences = tables.get("sentences", pd.DataFrame(columns=["article_id", "sentence_id", "start",
                                                               "end", "text", "paragraph"]))
    sents = {aid: df.sort_values("start") for aid, df in sentences.groupby("article_id", sort=True)}
    outlets = {}
    if "articles" in tables:
        col = "outlet" if "outlet" in tables["articles"] else None
        outlets = dict(zip(tables["articles"]["article_id"],
                           tables["articles"][col] if col else [""] * len(tables["articles"])))
    types = unit_types()
    rows = []
    for name in names or list(types):
        for unit in BUILDERS[name](tables, sents):
            unit.setdefault("question", types[name].question)
            rows.append({"unit_type": name, "outlet": _text(outlets.get(unit["article_id"])),
                         "group": unit.pop("group", ""), **unit})
    df = pd.DataFrame(rows, columns=[*UNIT_COLUMNS, "tool_answer", "group"])
    df["stratum"] = df["unit_type"] + "|" + df["outlet"] + "|" + df["group"] + "|" + df["tool_answer"]
    return df[[*KEY_COLUMNS, "group"]]
