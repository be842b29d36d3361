"""Direct quotes: which cue speaks for each quotation group, and transcript turns "SMITH: ..."."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..quotes import Quote, quoted_share
from .candidates import Candidate, Draft, Ledger
from .content import quoted_token_share, sentence_quoted
from .cues import colon_before
from .gate import passes_gate
from .scope import Scope, alnum
from .sources import source_span
from .speakers import label_actor
from .thresholds import ORPHAN_QUOTE_WORDS, P_WITH_CLAUSE, SCARE_QUOTE_WORDS

#: A transcript speaker label at a paragraph or quotation start: "SMITH:", "JOHN SMITH:".
_LABEL = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):[ \t]")


@dataclass(frozen=True)
class QuoteGroups:
    """Quotations by group (a quote split by narration, or running over paragraphs) and the
    groups starting in each sentence."""
    groups: dict[int, list[Quote]]
    starts: dict[int, list[int]]

    def starting_in(self, sid: int) -> list[int]:
        return sorted(self.starts.get(sid, []), key=lambda g: self.groups[g][0].start)


def group_quotes(scope: Scope) -> QuoteGroups:
    groups: dict[int, list[Quote]] = {}
    for q in scope.quotes:
        groups.setdefault(q.group, []).append(q)
    starts: dict[int, list[int]] = {}
    for g, qs in groups.items():
        s0 = scope.article.sentence_at(qs[0].start)
        if s0 is not None:
            starts.setdefault(s0.id, []).append(g)
    return QuoteGroups(groups, starts)


def attribute_quotes(scope: Scope, quotes: QuoteGroups, by_sent: dict[int, list[Candidate]],
                     ledger: Ledger, s) -> None:
    """Draft a direct attribution for every quotation group starting in sentence ``s``."""
    for g in quotes.starting_in(s.id):
        if g not in ledger.done_groups:
            _attribute_group(scope, quotes, by_sent, ledger, s, g)


def _attribute_group(scope: Scope, quotes: QuoteGroups, by_sent: dict[int, list[Candidate]],
                     ledger: Ledger, s, g: int) -> None:
    qs = quotes.groups[g]
    last = scope.article.sentence_at(max(qs[-1].end - 1, qs[-1].start)) or s
    sids = [i for i in range(s.id, last.id + 1) if i in scope.spans]
    frame = [c for i in sids for c in by_sent.get(i, [])
             if not c.in_quote and c not in ledger.used and c.p >= P_WITH_CLAUSE and passes_gate(c, quoted=True)
             and (not c.content or quoted_token_share(scope, c.content) > 0 or not c.clause or c.colon)]
    if not _is_speech(scope, qs, s, sids, frame):
        return
    frags = [(q.start, q.end) for q in qs]
    if speaker_label(scope, qs[0].start) is not None:  # quoted transcript turns: “SMITH: ...”
        ledger.done_groups.add(g)
        for label, tfrags in turns(scope, qs):
            tsids = sorted({x.id for x in scope.article.sentences if any(x.start < b and x.end > a for a, b in tfrags)})
            ledger.add(Draft(label, tfrags, "direct", tsids), direct=True)
    elif frame:
        cue = _speaking_cue(scope, frame, qs)
        ledger.used.add(cue)
        ledger.done_groups.add(g)
        frags += _split_quote(scope, quotes, ledger, cue, last)
        ledger.add(Draft(cue, frags, "direct", sids), direct=True)
    elif (sig := dash_signature(scope, qs[-1]) or colon_intro(scope, qs[0])) is not None:
        ledger.done_groups.add(g)
        ledger.add(Draft(sig, frags, "direct", sids), direct=True)
    elif all(sentence_quoted(scope, scope.article.sentences[i]) for i in sids) and _follow_on(
            scope, ledger, s, frags, sids):
        ledger.done_groups.add(g)
    elif (orphan := _orphan(scope, qs)) is not None:  # a quotation without a cue of its own:
        ledger.done_groups.add(g)  # the quote just before continues, else unattributed speech
        prev = previous(scope, ledger.drafts, s)
        if prev is not None:
            ledger.add(Draft(prev[0].cue, frags, "direct", sids, inherited=True), direct=True)
        else:
            ledger.add(Draft(orphan, frags, "direct", sids), direct=True)


def _orphan(scope: Scope, qs: list[Quote]) -> Candidate | None:
    """A cue-less stand-in for a long quotation without a cue, source or signature (a quotation
    is somebody's words; the speaker stays unknown, the confidence low)."""
    words = sum(len(scope.text[q.start:q.end].split()) for q in qs)
    span = scope.doc.char_span(qs[0].start, qs[0].end, alignment_mode="expand")
    s = scope.article.sentence_at(qs[0].start)
    if words < ORPHAN_QUOTE_WORDS or span is None or not len(span) or s is None or s.id not in scope.spans:
        return None
    return Candidate([span[0]], "", "O", 0.0, None, "none", set(), True, scope.spans[s.id], s.id,
                     struct="orphan", in_quote=True)


def _is_speech(scope: Scope, qs: list[Quote], s, sids: list[int], frame: list[Candidate]) -> bool:
    """A quotation group is speech unless it is a short scare quote inside narration."""
    words = sum(len(scope.text[q.start:q.end].split()) for q in qs)
    return (words > SCARE_QUOTE_WORDS or qs[0].open_at <= s.start
            or any(c.content and quoted_token_share(scope, c.content) >= 0.5 for c in frame)
            or all(sentence_quoted(scope, scope.article.sentences[i]) for i in sids)
            or _exclaimed(scope, qs, frame))


def _exclaimed(scope: Scope, qs: list[Quote], frame: list[Candidate]) -> bool:
    """A short quotation that closes with its own punctuation ("“Stay there!”", "“Cruz,”") right
    next to a speech verb with a source ("a man yelled", "shouted"): an utterance, not a scare quote."""
    q = qs[-1]
    if q.close_at is None or not scope.text[q.start:q.end].rstrip().endswith((",", "!", "?")):
        return False
    near = [c for c in frame if c.pos == "V" and c.source is not None and (
        0 <= qs[0].open_at - (c.head.idx + len(c.head.text)) <= 3 or 0 <= c.source.idx - q.close_at <= 3
        or 0 <= c.head.idx - q.close_at <= 3)]
    return bool(near)


def _speaking_cue(scope: Scope, frame: list[Candidate], qs: list[Quote]) -> Candidate:
    """The cue that speaks for a quotation: probable, holding quoted content, with a source, not
    itself inside the content of another such cue ("X said she expects “...”": the outer one),
    and nearest to the quotation."""
    holders = [o for o in frame if quoted_token_share(scope, o.content) > 0]

    def nested(c: Candidate) -> bool:
        return any(c.head.i in o.content for o in holders if o is not c and o.source is not None and o.p >= 0.3)

    return max(frame, key=lambda c: (c.p >= 0.3, quoted_token_share(scope, c.content) > 0, c.source is not None,
                                     not nested(c), -min(abs(c.head.idx - q.start) for q in qs)))


def _split_quote(scope: Scope, quotes: QuoteGroups, ledger: Ledger, cue: Candidate, last) -> list[tuple[int, int]]:
    """Fragments of further quotations in the group's last sentence after the cue (a split
    quote), marking their groups done; a quotation inside the source's own words is a nickname
    ("said the “Iron Lady”")."""
    lo, hi = cue.head.idx, last.end
    src_a, src_b = (source_span(scope, cue) or (-1, -1)) if cue.source is not None else (-1, -1)
    out = []
    for g2 in quotes.starting_in(last.id):
        start = quotes.groups[g2][0].start
        if src_a <= start < src_b:
            continue
        if g2 not in ledger.done_groups and lo < start < hi:
            out += [(q.start, q.end) for q in quotes.groups[g2]]
            ledger.done_groups.add(g2)
    return out


def _follow_on(scope: Scope, ledger: Ledger, s, frags: list[tuple[int, int]], sids: list[int]) -> bool:
    """A quoted sentence with no cue of its own: a cue ending the previous sentence with a colon
    introduces it ("She went on to say: / “...”"), else the previous quote's speaker continues
    it (False when neither does)."""
    colon = colon_before(scope, s)
    prev = previous(scope, ledger.drafts, s) if colon is None else None
    if prev is not None:
        draft, how = prev
        if how == "merge":
            draft.fragments.extend(frags)
            draft.sentence_ids.extend(sids)
            ledger.direct.extend(frags)
        else:
            ledger.add(Draft(draft.cue, frags, "direct", sids, inherited=True), direct=True)
        return True
    if colon is not None:
        ledger.add(Draft(colon, frags, "direct", sids), direct=True)
    return colon is not None


def previous(scope: Scope, drafts: list[Draft], s) -> tuple[Draft, str] | None:
    """The latest attribution if it is a quote in this paragraph or the one before
    (follow-on quotes): (draft, "merge" | "new")."""
    if not drafts:
        return None
    draft = max(drafts, key=lambda d: d.fragments[-1][1] if d.fragments else -1)
    prev_sent = scope.article.sentences[max(draft.sentence_ids)]
    if s.paragraph - prev_sent.paragraph > 1 or draft.kind not in ("direct", "mixed"):
        return None
    return draft, ("merge" if prev_sent.paragraph == s.paragraph else "new")


def turns(scope: Scope, qs: list[Quote]) -> list[tuple[Candidate, list[tuple[int, int]]]]:
    """(label candidate, fragments) per speaker turn of a quotation group whose paragraphs
    start with speaker labels (a paragraph without a label continues the turn)."""
    out: list = []
    for q in qs:
        label = speaker_label(scope, q.start)
        a = q.start
        if label is not None:
            a = label.source_span[1] + 1
            while a < q.end and scope.text[a].isspace():
                a += 1
            out.append((label, []))
        if out and alnum(scope.text[a:q.end]):
            out[-1][1].append((a, q.end))
    return [t for t in out if t[1]]


def transcript_turns(scope: Scope, drafts: list[Draft]) -> list[Draft]:
    """Unquoted transcript paragraphs "SMITH: ..." not already part of a quoted attribution
    (reported speech inside a turn, "I think ...", stays nested in it)."""
    taken = [f for d in drafts if d.kind != "indirect" for f in d.fragments]
    text = scope.text
    out = []
    for p in scope.article.paragraphs:
        label = speaker_label(scope, p.start)
        if label is None:
            continue
        a, b = label.source_span[1] + 1, p.end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if not alnum(text[a:b]) or any(x < b and a < y for x, y in taken):
            continue
        kind = "direct" if quoted_share(text, a, b, scope.quotes) >= 0.9 else "indirect"
        sids = sorted({s.id for s in scope.article.sentences if s.start < b and s.end > a})
        out.append(Draft(label, [(a, b)], kind, sids))
    return out


def speaker_label(scope: Scope, at: int) -> Candidate | None:
    """A transcript turn "SMITH: ..." starting at offset ``at``: a capitalised label of one to
    three words naming a person of the article (see speakers.label_actor), then a colon."""
    m = _LABEL.match(scope.text, at)
    if m is None or label_actor(scope.actors, m.group(1)) is None:
        return None
    a, b = m.start(1), m.end(1)
    span = scope.doc.char_span(a, b, alignment_mode="expand")
    colon = scope.doc.char_span(b, b + 1, alignment_mode="expand")
    s = scope.article.sentence_at(a)
    if span is None or colon is None or not len(span) or not len(colon) or s is None:
        return None
    return Candidate([colon[0]], ":", "O", 1.0, span.root, "label", set(), True, scope.spans.get(s.id, span), s.id,
                     struct="label", source_span=(a, b), in_quote=bool(scope.in_quote[colon[0].i]))


def dash_signature(scope: Scope, q: Quote) -> Candidate | None:
    """A quotation signed with a dash and a name at its paragraph end: “...” — Name."""
    if q.close_at is None:
        return None
    text = scope.text
    para = scope.article.paragraphs[q.paragraph]
    line_end = text.find("\n", q.close_at, para.end)
    line_end = para.end if line_end < 0 else line_end
    tail = text[q.close_at + 1:line_end].rstrip(" \t\u00a0.")
    stripped = tail.lstrip(" \t\u00a0")
    if not stripped or stripped[0] not in "―—–-" or len(stripped.split()) > 8:
        return None
    dash_at = q.close_at + 1 + (len(tail) - len(stripped))
    name = stripped.lstrip("―—–- \u00a0")
    if not name or not name[0].isupper():
        return None
    end = q.close_at + 1 + len(tail)
    n_start = end - len(name)
    span = scope.doc.char_span(n_start, end, alignment_mode="expand")
    dash = scope.doc.char_span(dash_at, dash_at + 1, alignment_mode="expand")
    if span is None or dash is None or not len(span) or not len(dash):
        return None
    s = scope.article.sentence_at(n_start)
    sent = scope.spans.get(s.id, span) if s is not None else span
    return Candidate([dash[0]], "—", "O", 1.0, span.root, "signature", set(), True, sent,
                     s.id if s is not None else 0, struct="dash", source_span=(n_start, end),
                     in_quote=bool(scope.in_quote[dash[0].i]))


def colon_intro(scope: Scope, q: Quote) -> Candidate | None:
    """A quotation introduced by a colon in its own sentence: "X sighed: “...”", "X swiped at Y
    in a series of tweets: “...”" (the clause's verb is the cue, its subject the source, whatever
    the verb) or "Name, Outlet: “...”" (the colon is the cue, the name the source)."""
    text = scope.text
    colon_at = len(text[:q.open_at].rstrip()) - 1
    s = scope.article.sentence_at(q.open_at)
    sent = scope.spans.get(s.id) if s is not None else None
    if colon_at < 0 or text[colon_at] != ":" or sent is None or colon_at <= s.start:
        return None
    colon = scope.doc.char_span(colon_at, colon_at + 1, alignment_mode="expand")
    if colon is None or not len(colon):
        return None
    before = [t for t in sent if t.i < colon[0].i and not scope.in_quote[t.i]]
    verbs = [t for t in before if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp")]
    for v in reversed(verbs):
        src = next((c for c in v.children if c.dep_ == "nsubj" and c.i < colon[0].i), None)
        if src is not None and _speaker_like(scope, src):
            return Candidate([v], v.lemma_.lower(), "V", 1.0, src, "subject", set(), True, sent, s.id,
                             colon=True, struct="colon", in_quote=False)
    if not verbs and before and len(before) <= 8 and _speaker_like(scope, before[0]):
        name = [before[0]]
        for t in before[1:]:
            if t.pos_ != "PROPN" or t.i != name[-1].i + 1:
                break
            name.append(t)
        lo, hi = name[0].idx, name[-1].idx + len(name[-1].text)
        return Candidate([colon[0]], ":", "O", 1.0, name[-1], "label", set(), True, sent, s.id,
                         struct="label", source_span=(lo, hi), in_quote=False)
    return None


def _speaker_like(scope: Scope, tok) -> bool:
    """A token that can name a speaker: a pronoun for a person, a proper name or an actor mention."""
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "i", "we")
    return tok.pos_ == "PROPN" or bool(scope.mentions_overlapping(tok.idx, tok.idx + 1))
