"""Attribution records from drafts: cue, source span and resolved speaker of each."""
from __future__ import annotations

from dataclasses import replace

from ..actors import Actor
from .candidates import Draft
from .gate import confidence, construction
from .lexicon import cue_class, lexicon_lemma
from .results import Attribution
from .scope import Scope
from .sources import noun_cue_subject, possessor_subject, source_span
from .speakers import Speaker, from_actor, label_actor, resolve


def attribution_records(scope: Scope, drafts: list[Draft]) -> list[Attribution]:
    """One Attribution per draft with content, in text order, numbered from 1. Drafts are resolved
    in the order their sources appear, so a pronoun can refer back to the speakers named before it
    (only speakers named in the text: a speaker a pronoun was resolved to is no antecedent, so one
    wrong resolution does not carry on)."""
    said: list[tuple[int, Actor]] = []
    by_id = {x.id: x for x in scope.actors}
    out = []
    for d in sorted((d for d in drafts if d.fragments), key=_position):
        a = _record(scope, d, said)
        if a.speaker_id is not None and a.speaker_type == "person" and a.resolution == "actor":
            said.append((a.source_start, by_id[a.speaker_id]))
        out.append(a)
    out.sort(key=lambda a: (a.content_start, a.cue_start if a.cue_start is not None else -1, a.content_end))
    for i, a in enumerate(out, 1):
        a.id = i
    return out


def _position(d: Draft) -> int:
    """Where a draft's speaker is named: its source token, else its cue, else its content."""
    c = d.cue
    if c.source is not None:
        return c.source.idx
    return c.start if c.struct != "orphan" else min(a for a, _ in d.fragments)


def _merged(fragments) -> list[tuple[int, int]]:
    """Fragments sorted, overlapping ones joined: nested quotations never repeat their text."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(fragments)):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _record(scope: Scope, d: Draft, said: list[tuple[int, Actor]]) -> Attribution:
    text, article = scope.text, scope.article
    frags = _merged(d.fragments)
    c = d.cue
    cue_text = cue_start = cue_end = cue_lemma = cls = None
    if c.struct != "orphan":  # a follow-on quotation shares its speaker's cue (PolNeAR's convention too)
        cue_start, cue_end = c.start, c.end
        cue_text, cue_lemma = text[cue_start:cue_end], c.lemma
        cls = cue_class(lexicon_lemma(c.lemma).split()[-1])
    span, speaker = _source(scope, d, said)
    src_start, src_end = span or (None, None)
    src_text = text[src_start:src_end] if span else None
    sids = sorted({article.sentence_at(a).id for a, _ in frags if article.sentence_at(a)} | set(d.sentence_ids))
    return Attribution(
        id=0, kind=d.kind, source_text=src_text, source_start=src_start, source_end=src_end,
        speaker=speaker.name, speaker_id=speaker.id, speaker_type=speaker.type, affiliation=speaker.affiliation,
        cue_text=cue_text, cue_start=cue_start, cue_end=cue_end, cue_lemma=cue_lemma, cue_class=cls,
        content_fragments=frags, content_start=frags[0][0], content_end=frags[-1][1],
        sentence_ids=sids, content_text=" … ".join(text[a:b] for a, b in frags),
        resolution=speaker.resolution, surface=speaker.surface,
        confidence=d.score if d.score is not None else confidence(c, d.kind, d.inherited), construction=construction(c, d.inherited))


def _source(scope: Scope, d: Draft, said: list[tuple[int, Actor]]) -> tuple[tuple[int, int] | None, Speaker]:
    """(source span, speaker) of a draft; a follow-on quote names the earlier quote's source;
    ``said``: (offset, actor) of the person speakers resolved before it, in text order."""
    c = d.cue
    if c.source is None and c.pos == "N" and (src := noun_cue_subject(c.head)) is not None:
        c = replace(c, source=src, source_how="subject")  # "X ... with an assertion that"
    elif c.pos == "N" and (src := possessor_subject(c.head, c.source)) is not None:
        c = replace(c, source=src, source_how="subject")  # "X is keeping up his criticism of"
    if c.source is None:
        return None, Speaker(None, resolution="inherited" if d.inherited else "none")
    span = source_span(scope, c)
    start, end = span or (None, None)
    speaker = resolve(scope, c.source, start, end, said=said)
    if d.inherited:
        return span, replace(speaker, resolution="inherited")
    if c.struct == "label" and (actor := label_actor(scope.actors, scope.text[start:end] if span else "")) is not None:
        speaker = from_actor(actor, "actor", None)
    return span, speaker
