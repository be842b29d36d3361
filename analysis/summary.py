"""Headline findings in plain sentences, generated from an ArticleAnalysis (never typed by hand).

Each finding names its evidence (counts, scores, sentence ids) so a reader can check it in the
detailed tables.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .actors import NOT_ACTORS
from .spans import UNKNOWN_SOURCE


@dataclass(frozen=True)
class Finding:
    topic: str
    text: str


def _fmt(x: float) -> str:
    return f"{x:+.2f}"


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


#: An actor needs this many scored mentions before the summary names it as most negative/positive.
MIN_ACTOR_MENTIONS = 2
#: Fewer quoted passages than this make a tone comparison "thin evidence".
MIN_PASSAGES = 3
UNATTRIBUTED = "unattributed speech (no source named)"


def _source(name: str) -> str:
    return UNATTRIBUTED if name == UNKNOWN_SOURCE else name


def _lead_sentence(top, total: int, n_sources: int) -> str:
    kinds = (f"{int(top['direct'])} direct, {int(top['indirect'])} indirect"
             f"{', ' + str(int(top['mixed'])) + ' mixed' if top['mixed'] else ''}")
    head = (f"{_n(total, 'attribution')} from {_n(n_sources, 'source')}. ")
    if top["name"] == UNKNOWN_SOURCE:
        return head + (f"The largest share is {UNATTRIBUTED}: {_n(int(top['attributions']), 'attribution')} "
                       f"({kinds}), {top['share_of_attributed_words']:.0%} of all attributed words.")
    return head + (f"{top['name']} is quoted most: {_n(int(top['attributions']), 'attribution')} ({kinds}), "
                   f"{top['share_of_attributed_words']:.0%} of all attributed words.")


def _affiliation_sentence(voices: pd.DataFrame, att: pd.DataFrame) -> str:
    """The affiliation (organisation, state) supplying most attributed words. An affiliation is
    one some speaker belongs to, or a non-person actor speaking for itself; an unnamed or
    unresolved source ("a statement", "we") or a person is none."""
    belongs = att["affiliation"].notna() & (att["affiliation"] != att["speaker"])
    itself = att["speaker_id"].notna() & (att["speaker_type"] != "person")
    people = set(att.loc[att["speaker_type"] == "person", "speaker"])
    real = (set(att.loc[belongs, "affiliation"]) | set(att.loc[itself, "speaker"])) - people
    aff = voices[(voices["level"] == "affiliation") & voices["name"].isin(real)]
    if aff.empty:
        return ""
    lead = aff.sort_values("content_words", ascending=False, kind="stable").iloc[0]
    return (f" Among affiliations (organisations, states), {lead['name']} supplies "
            f"{lead['share_of_attributed_words']:.0%} of attributed words.")


def who_speaks(result) -> Finding | None:
    if result.attributions is None:
        return None
    tables = result.attributions.tables()
    # a source typed "other" (a product, storm, place: analysis/actor_types.py) is not an actor
    voices = tables["voices"][~tables["voices"]["speaker_type"].isin(NOT_ACTORS)]
    speakers = voices[voices["level"] == "speaker"].sort_values(
        ["attributions", "content_words", "name"], ascending=[False, False, True], kind="stable")
    if speakers.empty:
        return Finding("Who speaks", "No attributed speech was found: every sentence is the narrator's.")
    text = _lead_sentence(speakers.iloc[0], int(speakers["attributions"].sum()), len(speakers))
    att = tables["attributions"][~tables["attributions"]["speaker_type"].isin(NOT_ACTORS)]
    # an inherited follow-on quote has no cue of its own: only cues that exist are listed
    cues = {name: ", ".join(dict.fromkeys(str(c) for c in group["cue_text"].dropna()))
            for name, group in att.groupby(att["speaker"].fillna(UNKNOWN_SOURCE), sort=False)}
    others = [f"{_source(r['name'])} ({int(r['attributions'])}{': ' + cues[r['name']] if cues.get(r['name']) else ''})"
              for _, r in speakers.iloc[1:6].iterrows()]
    if others:
        text += f" Other sources: {_join(others)}."
    return Finding("Who speaks", text + _affiliation_sentence(voices, att))


def tone_gap(result) -> Finding | None:
    if result.sentiment is None:
        return None
    vs = result.sentiment.tables()["voice_sentiment"]
    narrator = vs[vs["voice"] == "narrator"]
    quoted = vs[(vs["voice"] != "narrator") & vs["speaker"].notna()].sort_values(["n", "speaker"], ascending=[False, True], kind="stable")
    if narrator.empty:
        return Finding("Tone", "The article has no narrator sentences of its own to score.")
    nar = float(narrator.iloc[0]["vader_compound"])
    text = f"The narrator's own sentences average VADER {_fmt(nar)} (calibrated label: {narrator.iloc[0]['label']})."
    if not quoted.empty:
        top = quoted.iloc[0]
        gap = float(top["vader_compound"]) - nar
        thin = " — thin evidence" if int(top["n"]) < MIN_PASSAGES else ""
        who = ("Unattributed words (no source named)" if top["speaker"] == UNKNOWN_SOURCE
               else f"Words attributed to {top['speaker']}")
        text += (f" {who} average {_fmt(float(top['vader_compound']))} "
                 f"(calibrated label: {top['label']}; {_n(int(top['n']), 'passage')}{thin}): a gap of {_fmt(gap)} "
                 f"{'above' if gap > 0 else 'below'} the narrator.")
    return Finding("Tone", text)


def actor_tone(result, min_mentions: int = MIN_ACTOR_MENTIONS) -> Finding | None:
    """The actors portrayed most negatively and most positively, among those scored in at least
    ``min_mentions`` mentions and only when their label says so."""
    if result.sentiment is None:
        return None
    df = result.sentiment.tables()["actor_sentiment"]
    df = df[df["scored_mentions"] >= min_mentions].sort_values(["score", "name"], kind="stable")
    if df.empty:
        return Finding("Sentiment toward actors",
                       f"No actor is scored in {min_mentions} or more mentions: too little evidence to name "
                       "the most negatively or positively portrayed actor.")
    low, high = df.iloc[0], df.iloc[-1]
    parts = []
    if low["label"] == "negative":
        parts.append(f"most negative context: {low['name']} ({_fmt(float(low['score']))} over "
                     f"{_n(int(low['scored_mentions']), 'mention')})")
    if high["label"] == "positive" and high["name"] != low["name"]:
        parts.append(f"most positive: {high['name']} ({_fmt(float(high['score']))} over "
                     f"{_n(int(high['scored_mentions']), 'mention')})")
    if not parts:
        return Finding("Sentiment toward actors",
                       f"No actor with {min_mentions} or more scored mentions is portrayed clearly negatively or "
                       f"positively (scores from {_fmt(float(low['score']))} to {_fmt(float(high['score']))}).")
    text = "; ".join(parts)
    return Finding("Sentiment toward actors", text[0].upper() + text[1:] + ".")


def leading_frames(result) -> Finding | None:
    if result.frames is None:
        return None
    frames = result.frames.tables()["frames"]
    parts = []
    for codebook, name in (("generic", "generic"), ("policy", "policy")):
        sub = frames[(frames["codebook"] == codebook) & frames["present"].astype(bool)
                     & frames["reliable"].astype(bool)].sort_values("rank", kind="stable")
        labels = [f"{r['label']} ({r['score']:.2f}" + ("" if pd.isna(r["precision"]) else
                                                      f", measured precision {r['precision']:.2f}") + ")"
                  for _, r in sub.iterrows()]
        parts.append(f"{name} frames present: {_join(labels) if labels else 'none above threshold'}")
    return Finding("Frames", "Leading " + "; ".join(parts) + ".")


def contested(result) -> Finding | None:
    if result.frames is None:
        return None
    groups = result.frames.to_dict().get("contested_labels", [])
    sentences = []
    for group in groups:
        variants = group.get("variants", [])
        if len(variants) < 2:
            continue
        described = []
        for v in variants:
            words = sorted({o["text"] for o in v["occurrences"]})
            described.append(f"“{'”/“'.join(words)}” ({', '.join(v['users'])})")
        sentences.append(f"{group.get('event', 'one event')} is named as " + " vs ".join(described))
    if not sentences:
        return None
    return Finding("Contested labels", "; ".join(sentences) + ".")


def contested_rows(result) -> list[dict]:
    """Every occurrence of a contested label: event, variant, words, who used it, where."""
    if result.frames is None:
        return []
    rows = []
    for group in result.frames.to_dict().get("contested_labels", []):
        for v in group.get("variants", []):
            for o in v["occurrences"]:
                rows.append({"event": group.get("event"), "variant": v.get("label"), "text": o["text"],
                             "used_by": o["user"], "voice": o["voice"], "sentence_id": o["sentence_id"],
                             "start": o["start"], "end": o["end"]})
    return rows


def findings(result) -> list[Finding]:
    out = [f(result) for f in (who_speaks, tone_gap, actor_tone, leading_frames, contested)]
    return [f for f in out if f is not None]


def findings_markdown(result) -> str:
    return "\n\n".join(f"### {f.topic}\n{f.text}" for f in findings(result))


def findings_frame(result) -> pd.DataFrame:
    return pd.DataFrame([{"topic": f.topic, "finding": f.text} for f in findings(result)], columns=["topic", "finding"])
