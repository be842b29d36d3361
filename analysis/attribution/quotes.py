"""Direct quotes: which cue speaks for each quotation group, and transcript turns "SMITH: ..."."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..quotes import Quote, quoted_share
from .candidates import Candidate, Draft, Ledger
from .content import quoted_token_share, sentence_quoted
from .cues import colon_before
from .gate import passes_gate
from .lexicon import cue_class
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
    frags = [(q.start, q.end) for q in qs]
    own = [c for i in sids for c in by_sent.get(i, []) if not c.in_quote]
    if not _is_speech(scope, qs, s, sids, frame):
        if (setoff := set_off(scope, qs, frame, own)) is not None:
            ledger.done_groups.add(g)
            ledger.add(Draft(setoff, frags, "direct", sids), direct=True)
        return
    trail = trailing_verb(scope, qs[-1])
    if any(speaker_label(scope, q.start) is not None for q in qs):  # quoted transcript turns: “SMITH: ...”
        ledger.done_groups.add(g)
        for label, tfrags in turns(scope, qs):
            tsids = sorted({x.id for x in scope.article.sentences if any(x.start < b and x.end > a for a, b in tfrags)})
            ledger.add(Draft(label, tfrags, "direct", tsids), direct=True)
    elif frame and (trail is None or any(c.head.i <= trail.head.i for c in frame)):  # the verb next to it speaks
        cue = _speaking_cue(scope, frame, qs)
        ledger.used.add(cue)
        ledger.done_groups.add(g)
        frags += _split_quote(scope, quotes, ledger, cue, last, by_sent, qs)
        ledger.add(Draft(cue, frags, "direct", sids), direct=True)
    elif (sig := dash_signature(scope, qs[-1]) or colon_intro(scope, qs[0]) or trail) is not None:
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
    elif (setoff := set_off(scope, qs, frame, own)) is not None:  # a short utterance after a comma or colon
        ledger.done_groups.add(g)
        ledger.add(Draft(setoff, frags, "direct", sids), direct=True)


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


def set_off(scope: Scope, qs: list[Quote], frame: list[Candidate], cands: list[Candidate]) -> Candidate | None:
    """A quotation set off by a comma or colon that closes its sentence on its own end punctuation
    ("Ms. Roe shouted, “Get out of here!”", "As the saying goes, “no news is good news.”", "the
    march had one demand: “Open the border.”"): an utterance, whatever the word before it (PolNeAR
    train: each of the 13 such quotations that no other rule attributes is annotated). A
    title-cased one after a comma names a work or a person ("her memoir, “A Long Way Home.”", "by a
    nickname, “Bear.”"), and one ending a list of quoted words or a reported clause with words of
    its own belongs to that list's or clause's cue: none of them is set off.
    The cue is the nearest verb before the quotation (its subject the source), else the mark."""
    q0, q1 = qs[0], qs[-1]
    text = scope.text
    s = scope.article.sentence_at(q0.open_at)
    if (q1.close_at is None or s is None or s.id not in scope.spans
            or scope.article.sentence_at(q1.close_at) is not s):
        return None
    before = text[s.start:q0.open_at].rstrip(" \t\n\u00a0'`")
    said = " ".join(text[q.start:q.end] for q in qs).rstrip("’'\"” ")
    if (not before.endswith((",", ":")) or not alnum(before) or not said.endswith((".", "!", "?"))
            or text[q1.close_at + 1:s.end].strip(" \t\n\u00a0\"”'’)")):
        return None
    sent = scope.spans[s.id]
    mark = scope.doc.char_span(s.start + len(before) - 1, s.start + len(before), alignment_mode="expand")
    if mark is None or not len(mark):
        return None
    if before.endswith(",") and _named_or_listed(before, said, mark[0]):
        return None
    span = scope.doc.char_span(q1.start, q1.end, alignment_mode="expand")
    toks = {t.i for t in span} if span is not None else set()
    if any(c.clause and toks & c.content and quoted_token_share(scope, c.content) < 0.9 for c in cands):
        return None  # part of a reported clause ("told them that if they want it, “just ask.”")
    verbs = [t for t in sent if t.i < mark[0].i and t.pos_ == "VERB" and not scope.in_quote[t.i]]
    if not verbs:
        return Candidate([mark[0]], mark[0].text, "O", 0.9, None, "none", set(), True, sent, s.id,
                         struct="set-off", in_quote=False)
    v = verbs[-1]
    known = next((c for c in frame if c.head.i == v.i and c.pos == "V"), None)
    src = known.source if known is not None else next(
        (c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if src is None and v.dep_ == "conj":  # "shook her head and said, “No.”"
        src = next((c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return Candidate([v], v.lemma_.lower(), "V", 0.9, src, "subject" if src is not None else "none", set(), True,
                     sent, s.id, struct="set-off", in_quote=False)


def _named_or_listed(before: str, said: str, comma) -> bool:
    """After a comma: a title-cased quotation of several words, or of one after a noun (a work's
    or a person's name: "her memoir, “A Long Way Home.”", "a nickname, “Bear.”"), or the last of
    a list of quoted words ("called it “slow”, “costly.”")."""
    words = said.split()
    titled = all(not w[0].isalpha() or w[0].isupper() for w in words)
    after_noun = comma.i > 0 and comma.nbor(-1).pos_ in ("NOUN", "PROPN")
    return titled and (len(words) > 1 or after_noun) or before[:-1].rstrip().endswith(("”", "’", '"', "'"))


def _is_speech(scope: Scope, qs: list[Quote], s, sids: list[int], frame: list[Candidate]) -> bool:
    """A quotation group is speech unless it is a short scare quote inside narration (one that a
    speaker and a colon introduce, "Reid: ‘Never underestimate him.’", is speech). A cue's content
    mostly quoted makes it speech, but a short unpunctuated phrase in a clause with words of its
    own ("says she respects his “passion and commitment”") stays in that clause: PolNeAR train
    annotates the clause as the content (most of its short quotes inside a cue's content)."""
    words = sum(len(scope.text[q.start:q.end].split()) for q in qs)
    uttered = _uttered(scope, qs)
    return (words > SCARE_QUOTE_WORDS or qs[0].open_at <= s.start
            or any(c.content and (share := quoted_token_share(scope, c.content)) >= 0.5
                   and (uttered or share >= 0.9) for c in frame)
            or all(sentence_quoted(scope, scope.article.sentences[i]) for i in sids)
            or _exclaimed(scope, qs, frame) or colon_intro(scope, qs[0]) is not None)


def _exclaimed(scope: Scope, qs: list[Quote], frame: list[Candidate]) -> bool:
    """A short quotation that closes with its own punctuation ("“Stay there!”", "“Cruz,”") right
    next to a speech verb with a source ("a man yelled", "shouted"), or that a speech verb
    introduces with a comma or colon and that ends its sentence ("Priebus said, “Probably.”"):
    an utterance, not a scare quote."""
    q = qs[-1]
    said = scope.text[q.start:q.end].rstrip()
    if q.close_at is None or not said.endswith((",", "!", "?", ".")):
        return False
    verbs = [c for c in frame if c.pos == "V" and c.source is not None]
    span = scope.doc.char_span(qs[0].start, qs[0].end, alignment_mode="expand")
    if span is not None and len(span) and any(_leads_into(c, span[0].i) for c in verbs):
        return True  # "footage of X saying during the debate, “…,” when …"
    if any(scope.text[c.end:qs[0].open_at].strip() in (",", ":") for c in verbs):
        return not said.endswith(",")
    near = [c for c in verbs if not said.endswith(".") and (
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

    span = scope.doc.char_span(qs[0].start, qs[0].end, alignment_mode="expand")
    first = span[0].i if span is not None and len(span) else None
    return max(frame, key=lambda c: (c.p >= 0.3, first is not None and _leads_into(c, first),
                                     quoted_token_share(scope, c.content) > 0, c.source is not None,
                                     not nested(c), -min(abs(c.head.idx - q.start) for q in qs)))


def _leads_into(c: Candidate, first: int) -> bool:
    """A speech participle with a source whose own adjuncts run up to a comma or colon right before
    the quotation at token ``first`` ("footage of X saying during the debate, “…,” when …"): it
    speaks for the quotation, though the parser hangs the quotation on another verb."""
    v = c.head
    doc = v.doc
    if c.pos != "V" or v.tag_ != "VBG" or c.source is None or v.i >= first or cue_class(c.lemma) is None:
        return False
    sub = {t.i for t in v.subtree}
    between = [doc[i] for i in range(v.i + 1, first)]
    rest = [t for t in between if t.text not in _QUOTE_MARKS]
    return (bool(rest) and rest[-1].text in (",", ":") and sum(not t.is_punct for t in rest) <= 8
            and all(t.is_punct or (t.i in sub and t.pos_ not in ("VERB", "AUX")) for t in rest))


def _split_quote(scope: Scope, quotes: QuoteGroups, ledger: Ledger, cue: Candidate, last,
                 by_sent: dict[int, list[Candidate]], qs: list[Quote]) -> list[tuple[int, int]]:
    """Fragments of further quotations in the group's last sentence after the cue (a split
    quote), marking their groups done; a quotation inside the source's own words is a nickname
    ("said the “Iron Lady”"), and one reported by a second cue of its own ("X said, adding, “…”")
    is left for that cue: a second attribution, as PolNeAR annotates it. After a first quotation
    that is no utterance (a title, "on “Meet the Press,” saying …") only a verb conjoined to the
    cue counts as a second cue ("condemned “…” and declared …"). A quotation set off between
    dashes ("touted his record—“…”—and promised …, in her words, “…”") joins nothing after its
    closing dash (PolNeAR train: such a parenthesis closes the quotation)."""
    uttered = _uttered(scope, qs) or _opens_with_comma(scope, qs)
    lo, hi = cue.head.idx, min(last.end, _closing_dash(scope.text, qs[-1]) or last.end)
    src_a, src_b = (source_span(scope, cue) or (-1, -1)) if cue.source is not None else (-1, -1)
    out = []
    for g2 in quotes.starting_in(last.id):
        start, end = quotes.groups[g2][0].start, quotes.groups[g2][0].end
        second = _second_cue(scope, by_sent.get(last.id, []), cue, start, end) if _uttered(
            scope, quotes.groups[g2]) else None
        if src_a <= start < src_b or (second is not None and (uttered or _conjoined(second, cue))):
            continue
        if _uttered(scope, quotes.groups[g2]) and _other_speaker(scope, by_sent.get(last.id, []), cue, start,
                                                                  end) is not None:
            continue
        if g2 not in ledger.done_groups and lo < start < hi:
            out += [(q.start, q.end) for q in quotes.groups[g2]]
            ledger.done_groups.add(g2)
    return out


def _opens_with_comma(scope: Scope, qs: list[Quote]) -> bool:
    """A quotation opening its sentence and closed by a comma before its cue ("“Thank you, son,”
    Cruz replied, …"): an utterance, however short."""
    s = scope.article.sentence_at(qs[0].open_at)
    said = scope.text[qs[-1].start:qs[-1].end].rstrip("’'\"” ")
    return s is not None and said.endswith(",") and not alnum(scope.text[s.start:qs[0].open_at])


def _closing_dash(text: str, q: Quote) -> int | None:
    """The offset of a dash that closes a parenthesis around quotation ``q`` ("— “…” —"), else None."""
    if q.close_at is None or not text[:q.open_at].rstrip().endswith(_DASHES + (" -",)):
        return None
    after = text[q.close_at + 1:q.close_at + 5]
    rest = after.lstrip(" ,\u00a0")
    return q.close_at + 1 + len(after) - len(rest) if rest.startswith(_DASHES + ("- ",)) else None


_DASHES = ("—", "–", "--")
_QUOTE_MARKS = ("“", "”", "‘", "’", '"', "'", "''", "``", "`")


def _uttered(scope: Scope, qs: list[Quote]) -> bool:
    """A quotation that reads as words said, not a name or title ("“Meet the Press”"): more than a
    scare quote's words, or closed by sentence punctuation."""
    said = " ".join(scope.text[q.start:q.end] for q in qs).rstrip("’'\"” ")
    return len(said.split()) > SCARE_QUOTE_WORDS or said.endswith((".", "!", "?"))


def _second_cue(scope: Scope, cands: list[Candidate], cue: Candidate, start: int, end: int) -> Candidate | None:
    """A second speech verb between ``cue`` and a later quotation at ``start``-``end`` whose
    content holds words of that quotation ("X said, adding, “…”", "…, adding that Y is “…”",
    "X said, suggesting questions, including, “…, do you think …?”")."""
    span = scope.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    toks = {t.i for t in span}
    for c in cands:
        hung = _participle_of(c, cue) or (c.head.tag_ == "VBG" and c.head.head.i in toks)  # on the quotation
        if (c is not cue and c.pos == "V" and not c.in_quote and c.source is not None
                and (c.clause or hung or _conjoined(c, cue))
                and cue.head.i < c.head.i and c.end <= start and passes_gate(c, quoted=True)
                and (toks & c.content or (hung and _introduces(c, span[0].i)))):
            return c
    return None


def _other_speaker(scope: Scope, cands: list[Candidate], cue: Candidate, start: int, end: int) -> Candidate | None:
    """A verb in a clause hung on ``cue`` ("as …", "while …", ", and …") with a named subject of its
    own, another speaker, that introduces the later quotation at ``start``-``end`` with nothing
    but punctuation between ("“…,” Hale said as a heckler shouted: “…”", "X likes “…,” while Y
    loves “…”"): that quotation is the other speaker's, not a fragment of ``cue``'s (PolNeAR
    train annotates two attributions)."""
    span = scope.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or cue.source is None:
        return None
    for c in cands:
        if (c is not cue and c.pos == "V" and not c.in_quote and c.source is not None and c.source_how == "subject"
                and c.source.pos_ != "PRON" and c.source.lower_ != cue.source.lower_
                and c.head.head.i == cue.head.i and c.head.dep_ in ("advcl", "conj")
                and cue.head.i < c.head.i and c.end <= start and passes_gate(c, quoted=True)
                and all(scope.doc[i].is_punct for i in range(c.head.i + 1, span[0].i))):
            return c
    return None


def _participle_of(c: Candidate, cue: Candidate) -> bool:
    """``c`` is a participle hung on ``cue`` ("X said, suggesting questions, including “…”",
    "X replied, before adding that …"): a second speech act of the same speaker, whatever its object."""
    v = c.head
    if v.tag_ != "VBG":
        return False
    if v.dep_ == "pcomp" and v.head.dep_ == "prep":  # "said before adding: “…”"
        return v.head.head.i == cue.head.i
    return v.head.i == cue.head.i and v.dep_ in ("advcl", "conj", "xcomp")


def _conjoined(c: Candidate, cue: Candidate) -> bool:
    """``c`` is a verb conjoined to ``cue`` ("X condemned “…” and declared a determination to
    “…”"): the same speaker's second speech act, which PolNeAR annotates apart."""
    return c.head.dep_ == "conj" and c.head.head.i == cue.head.i and c.head.pos_ == "VERB"


def _introduces(c: Candidate, first: int) -> bool:
    """Nothing but ``c``'s own words and punctuation stands between the participle ``c`` and the
    quotation starting at token ``first`` ("adding of the mayor, “…”", "before adding: “…”"),
    though the parser hangs the quotation on the first verb (or the participle on the quotation)."""
    doc = c.head.doc
    sub = {t.i for t in c.head.subtree}
    if any(doc[i].dep_ in ("dobj", "pobj") and doc[i].head.lower_ != "of" for i in sub if c.head.i < i < first):
        return False   # "said, pointing to the map, “…”": an action between the halves of one quotation
    return all(doc[i].is_punct or i in sub for i in range(c.head.i + 1, first))


def _follow_on(scope: Scope, ledger: Ledger, s, frags: list[tuple[int, int]], sids: list[int]) -> bool:
    """A quoted sentence with no cue of its own: it continues a quote of its paragraph, else a cue
    ending the previous sentence with a colon introduces it ("She went on to say:"), else the
    previous quote's speaker continues it (False when none does)."""
    prev = previous(scope, ledger.drafts, s)
    if prev is not None and prev[1] == "merge":
        prev[0].fragments.extend(frags)
        prev[0].sentence_ids.extend(sids)
        ledger.direct.extend(frags)
        return True
    colon = colon_before(scope, s)
    if colon is not None:  # "She went on to say:" names the speaker of what follows
        ledger.add(Draft(colon, frags, "direct", sids), direct=True)
        return True
    words = sum(len(scope.text[a:b].split()) for a, b in frags)
    if prev is not None and (prev[0].kind != "indirect" or words > SCARE_QUOTE_WORDS):  # not "“Related:”"
        ledger.add(Draft(prev[0].cue, frags, "direct", sids, inherited=True), direct=True)
        return True
    return False


def previous(scope: Scope, drafts: list[Draft], s) -> tuple[Draft, str] | None:
    """The latest attribution if it is a quote in this paragraph or the one before
    (follow-on quotes), or reported speech with a named source in the sentence just before
    ("Smith said the plan would fail. “It is a disaster.”"): (draft, "merge" | "new")."""
    if not drafts:
        return None
    draft = max(drafts, key=lambda d: d.fragments[-1][1] if d.fragments else -1)
    prev_sent = scope.article.sentences[max(draft.sentence_ids)]
    if s.paragraph - prev_sent.paragraph > 1:
        return None
    if draft.kind not in ("direct", "mixed"):
        near = prev_sent.id == s.id - 1 or _one_named_source_before(scope, drafts, s)
        return (draft, "new") if near and draft.cue.source is not None and draft.cue.pos == "V" else None
    return draft, ("merge" if prev_sent.paragraph == s.paragraph else "new")


def _one_named_source_before(scope: Scope, drafts: list[Draft], s) -> bool:
    """``s`` opens its paragraph and the paragraph before reports the speech of one named source
    only ("Smith said the plan would fail. She called it costly.\n\n“It is a disaster.”")."""
    sents = scope.article.sentences
    if s.id == 0 or sents[s.id - 1].paragraph != s.paragraph - 1:
        return False
    before = [d for d in drafts if sents[max(d.sentence_ids)].paragraph == s.paragraph - 1]
    names = {_named(d.cue.source) for d in before} - {"he/she"}  # a pronoun goes back to the name
    return len(names) == 1 and None not in names


def _named(tok) -> str | None:
    """A source token's name ('Smith'), 'he/she' for those pronouns, else None."""
    if tok is None:
        return None
    if tok.lower_ in ("he", "she"):
        return "he/she"
    return tok.text if tok.pos_ == "PROPN" else None


def turns(scope: Scope, qs: list[Quote]) -> list[tuple[Candidate, list[tuple[int, int]]]]:
    """(label candidate, fragments) per speaker turn of a quotation group whose paragraphs
    start with speaker labels (a paragraph without a label continues the turn; one before the
    first label, "“(CROSSTALK)", belongs to no turn)."""
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


def trailing_verb(scope: Scope, q: Quote) -> Candidate | None:
    """A quotation opening its sentence and closing on ",", "!" or "?", then a person and a verb
    of any kind: "“Go back,” Ms. Roe barked", "“This is fantastic!” beamed Jane Roe" (the verb is
    the cue, its subject the source: the punctuation makes it an utterance). After "!"/"?" the
    splitter may have cut the sentence at the quotation: then the next sentence of the paragraph
    speaks, if its verb takes no object or is a reporting verb ("“Why?” Mr. Roe laughed.")."""
    s = scope.article.sentence_at(q.open_at)
    if (q.close_at is None or s is None or s.id not in scope.spans or scope.text[s.start:q.open_at].strip()
            or not scope.text[q.start:q.end].rstrip("’'\"” ").endswith((",", "!", "?"))):
        return None
    after = [t for t in scope.spans[s.id] if t.idx > q.close_at and not t.is_space]
    cut = not after and s.id + 1 in scope.spans and scope.article.sentences[s.id + 1].paragraph == s.paragraph
    if cut:
        s = scope.article.sentences[s.id + 1]
        after = [t for t in scope.spans[s.id] if not t.is_space]
    found = _name_and_verb(scope, after) if after and not after[0].is_punct else None
    if found is None or (cut and any(c.dep_ == "dobj" for c in found[0].children)
                         and cue_class(found[0].lemma_.lower()) is None):
        return None
    verb, src = found
    return Candidate([verb], verb.lemma_.lower(), "V", 1.0, src, "subject", set(), True, scope.spans[s.id], s.id,
                     struct="trailing-quote", in_quote=False)


def _name_and_verb(scope: Scope, after: list):
    """(verb, subject) opening ``after``: "beamed Jane Roe" (inverted) or "Mr. Roe laughed"."""
    first = after[0]
    if first.pos_ == "VERB":
        src = next((c for c in first.children if c.dep_ == "nsubj" and c.i > first.i), None)
        verb = first
    else:
        src = next((t for t in after[:4] if t.dep_ == "nsubj" and t.head.pos_ == "VERB" and t.head.i > t.i
                    and t.left_edge.i == first.i and t.right_edge.i + 1 == t.head.i), None)
        verb = src.head if src is not None else None
        if src is None and first.pos_ == "PROPN":  # the parser's "Trump(compound) barked(appos)"
            name = 1
            while name < len(after) - 1 and after[name].pos_ == "PROPN":
                name += 1
            if name < len(after) and after[name].tag_ in ("VBD", "VBZ", "VBN"):
                verb, src = after[name], after[name - 1]
    if verb is None or src is None or scope.in_quote[verb.i] or not _speaker_like(scope, src):
        return None
    return verb, src


def _speaker_like(scope: Scope, tok) -> bool:
    """A token that can name a speaker: a pronoun for a person, a proper name or an actor mention."""
    if tok.pos_ == "PRON":
        return tok.lower_ in ("he", "she", "they", "i", "we")
    return tok.pos_ == "PROPN" or bool(scope.mentions_overlapping(tok.idx, tok.idx + 1))
