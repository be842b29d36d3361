"""Headline attributions ("X says Y", "Y, X says"), kept apart from the body's attributions so
that they never count twice in who-speaks shares: a headline repeats the story's main claim."""
from __future__ import annotations

from .lexicon import cue_class
from .scope import Scope, token_ids
from .sources import span_of
from .speakers import actor_at


def headline_attributions(scope: Scope) -> list[dict]:
    """Attributions in the article's title line: a reporting verb of the lexicon with a subject
    and a clausal complement (or the rest of the line, for "Y, X says")."""
    block = next((b for b in scope.article.removed if b.reason.startswith("title")), None)
    if block is None:
        return []
    span = scope.doc.char_span(block.start, block.end, alignment_mode="expand")
    if span is None:
        return []
    out = []
    for tok in span:
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
        actor = actor_at(scope, *src, subj.idx) or _named(scope, scope.text[src[0]:src[1]])
        out.append({"source_text": scope.text[src[0]:src[1]], "source_start": src[0], "source_end": src[1],
                    "speaker": actor.name if actor is not None else scope.text[src[0]:src[1]],
                    "speaker_id": actor.id if actor is not None else None,
                    "cue_text": tok.text, "cue_start": tok.idx, "cue_end": tok.idx + len(tok.text),
                    "cue_class": cue_class(tok.lemma_.lower()),
                    "content_start": frag[0], "content_end": frag[1], "content_text": scope.text[frag[0]:frag[1]]})
    return out


def _named(scope: Scope, surface: str):
    """The one body actor whose name or mention is the headline's source ("Putin", "Kim Jong Un")."""
    found = {a.id: a for a in scope.actors
             if a.name == surface or a.name.split()[-1] == surface or any(m.text == surface for m in a.mentions)}
    return next(iter(found.values())) if len(found) == 1 else None
