"""The extraction entry points: one article in, its attributions (or cue candidates) out."""
from __future__ import annotations

from ..actors import Actor
from ..article import Article
from ..quotes import quotes_in_article
from .candidates import Candidate, Draft, Ledger
from .content import fragments, mostly_in, quoted_token_share
from .classifier import decide, record
from .cues import candidates
from .headline import headline_attributions
from .posts import embedded_posts
from .quotes import attribute_quotes, group_quotes, transcript_turns
from .records import attribution_records
from .results import AttributionResult
from .scope import Scope, alnum
from .speakers import gender_votes, genders_from, thing_source


def extract_attributions(article: Article, doc, actors: list[Actor]) -> AttributionResult:
    """Every attribution in the article body, with resolved speakers (see the package docstring)."""
    scope = build_scope(article, doc, actors)
    result = AttributionResult(attribution_records(scope, _drafts(scope)), len(article.sentences), article.text,
                               headline=headline_attributions(scope), posts=embedded_posts(scope))
    return result


def cue_candidates(article: Article, doc) -> list[Candidate]:
    """Every cue candidate the extraction considers, before any is accepted (for learning the
    per-construction cue statistics); ``Candidate.in_quote`` tells whether the cue is quoted."""
    return candidates(build_scope(article, doc, []))


def build_scope(article: Article, doc, actors: list[Actor]) -> Scope:
    quotes = quotes_in_article(article)
    sents = []
    for s in article.sentences:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is not None and len(span):
            sents.append((s, span))
    mentions = sorted(((m.start, m.end, a) for a in actors for m in a.mentions), key=lambda x: (x[0], x[1]))
    in_quote = bytearray(len(doc))
    for q in quotes:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                in_quote[t.i] = 1
    votes, cast, titled = gender_votes(article.text, doc, mentions)
    return Scope(article=article, doc=doc, actors=actors, quotes=quotes, sents=sents,
                 spans={s.id: span for s, span in sents}, mentions=mentions, in_quote=in_quote,
                 gender=genders_from(votes), gender_votes=votes, gender_cast=cast,
                 gender_titled=titled)


def _drafts(scope: Scope) -> list[Draft]:
    """Sentence by sentence: the quotation groups starting there (direct quotes), then the
    sentence's remaining cues (reported speech); last, unquoted transcript turns."""
    by_sent: dict[int, list[Candidate]] = {}
    for c in candidates(scope):
        by_sent.setdefault(c.sid, []).append(c)
    quotes = group_quotes(scope)
    ledger = Ledger()
    for s, sent in scope.sents:
        attribute_quotes(scope, quotes, by_sent, ledger, s)
        for c in sorted(by_sent.get(s.id, []), key=lambda c: c.head.i):
            draft = _reported(scope, ledger, c, sent)
            if draft is not None:
                ledger.add(draft)
    ledger.drafts.extend(transcript_turns(scope, ledger.drafts))
    # a quotation of nothing but marks ("Ratzinger: “…”") reports no words
    return [d for d in ledger.drafts if any(alnum(scope.text[a:b]) for a, b in d.fragments)]


def _only_when(scope: Scope, c: Candidate) -> bool:
    """True when a cue's content is only a time ("reported on Wednesday", "this cycle"): no
    content words outside date and time expressions, prepositions and determiners."""
    toks = [scope.doc[i] for i in c.content]
    return bool(toks) and all(t.ent_type_ in ("DATE", "TIME") or t.is_punct or t.pos_ in ("ADP", "DET")
                              for t in toks)


def _reported(scope: Scope, ledger: Ledger, c: Candidate, sent) -> Draft | None:
    """A draft for a cue that speaks for no quotation, when the candidate classifier keeps it
    and its content is neither mostly a direct quote already attributed nor a nested report
    with nobody named."""
    if c in ledger.used or not c.content:
        return None
    frags = fragments(scope.doc, c.content, sent.start, sent.end)
    if not frags or mostly_in(scope.text, frags, ledger.direct_near(frags)) or _only_when(scope, c):
        return None
    nested = ledger.in_content(c.head.i)
    keep, p = decide(c, nested, len(scope.article.sentences))
    if not keep:
        return None
    if (c.source is None or c.source_how == "object") and nested:
        return None  # inside another attribution's content, nobody named ("praised X for doing")
    if c.source is not None and thing_source(scope, c, nested=nested):
        return None
    share = quoted_token_share(scope, c.content)
    kind = "direct" if share >= 0.9 else "mixed" if share > 0.05 else "indirect"
    record(c, nested, len(scope.article.sentences))
    return Draft(c, frags, kind, [c.sid], score=p)
