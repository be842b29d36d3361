"""Headline attributions ("X says Y", "Y, X says"), kept apart from the body's attributions so
that they never count twice in who-speaks shares: a headline repeats the story's main claim."""
from __future__ import annotations

import re

from .lexicon import cue_class
from .scope import Scope, token_ids
from .sources import span_of
from .speakers import actor_at


#: A headline quoting its source: the colon (group 1) and the quoted words (group 2).
_QUOTED = re.compile(r"[^:\n]{1,80}?(:)\s*[‘'“\"]\s*(\S[^\n]*?)\s*[’'”\"]\s*")


def headline_attributions(scope: Scope) -> list[dict]:
    """Attributions in the article's title line: a reporting verb of the lexicon with a subject
    and a clausal complement (or the rest of the line, for "Y, X says")."""
    block = next((b for b in scope.article.removed if b.reason.startswith("title")), None)
    if block is None:
        return []
    span = scope.doc.char_span(block.start, block.end, alignment_mode="expand")
    if span is None:
        return []
    out = [] if (quoted := _colon_quote(scope, span)) is None else [quoted]
    for tok in span:
        if quoted is not None and tok.idx >= quoted["cue_start"]:
            break  # verbs inside the quotation are the quoted words, not the headline's
        if tok.pos_ != "VERB" or cue_class(tok.lemma_.lower()) is None:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        content = set()
        for c in tok.children:
            if c.dep_ in ("ccomp", "parataxis") or (c.dep_ == "xcomp" and c.i > tok.i):
                content |= token_ids(c.subtree)
        if not content and tok.dep_ in ("ccomp", "parataxis", "ROOT") and tok.i > span.start + 2:
            content = set(range(span.start, subj.left_edge.i))  # "Y, X says"
        src = span_of(token_ids(subj.subtree), scope.doc)
        frag = span_of({i for i in content if span.start <= i < span.end}, scope.doc)
        if src is None or frag is None:
            continue
        out.append(_item(scope, src, subj.idx, tok, cue_class(tok.lemma_.lower()), frag))
    return out


def _item(scope: Scope, src: tuple[int, int], head_at: int, cue, cls: str | None, frag: tuple[int, int]) -> dict:
    """One headline attribution: source, its actor, cue and content."""
    actor = actor_at(scope, *src, head_at) or _named(scope, scope.text[src[0]:src[1]])
    return {"source_text": scope.text[src[0]:src[1]], "source_start": src[0], "source_end": src[1],
            "speaker": actor.name if actor is not None else scope.text[src[0]:src[1]],
            "speaker_id": actor.id if actor is not None else None,
            "cue_text": cue.text, "cue_start": cue.idx, "cue_end": cue.idx + len(cue.text), "cue_class": cls,
            "content_start": frag[0], "content_end": frag[1], "content_text": scope.text[frag[0]:frag[1]]}


def _colon_quote(scope: Scope, span) -> dict | None:
    """"Name: ‘…’" / "Name on Topic: ‘…’": the proper name opening the headline speaks the
    quotation after its colon (the colon is the cue)."""
    text = scope.text
    m = _QUOTED.fullmatch(text, span.start_char, span.end_char)
    colon = scope.doc.char_span(m.start(1), m.end(1), alignment_mode="expand") if m else None
    if colon is None or not len(colon) or not (
            span[0].pos_ == "PROPN" or scope.mentions_overlapping(span[0].idx, span[0].idx + 1)
            or _named(scope, span[0].text) is not None):
        return None
    name = [span[0]]
    for t in span[1:]:
        if t.pos_ != "PROPN" or t.i != name[-1].i + 1 or t.i >= colon[0].i:
            break
        name.append(t)
    src = (name[0].idx, name[-1].idx + len(name[-1].text))
    return _item(scope, src, name[-1].idx, colon[0], None, (m.start(2), m.end(2)))


def _named(scope: Scope, surface: str):
    """The one body actor whose name or mention is the headline's source ("Putin", "Kim Jong Un")."""
    found = {a.id: a for a in scope.actors
             if a.name == surface or a.name.split()[-1] == surface or any(m.text == surface for m in a.mentions)}
    return next(iter(found.values())) if len(found) == 1 else None
