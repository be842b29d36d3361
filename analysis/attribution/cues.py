"""Finding cue candidates: reporting verbs, cue nouns and "according to" with their syntax."""
from __future__ import annotations

import itertools
from .candidates import Candidate
from .lexicon import ACCORDING_TO, cue_class, cue_classes, cue_probability, has_class, speaker_words, structure_probability
from .scope import Scope, token_ids
from .sources import name_start, nickname, outside_source, reduced_relative_span, subject
from .thresholds import P_ACCEPT, P_INSIDE_QUOTE, P_NOUN_PREP, P_WITH_CLAUSE, P_WITH_OBJECT

_CLAUSE = ("ccomp", "xcomp", "csubj")
_OBJ = ("dobj", "attr", "oprd", "dative")
_PREP_ONLY = frozenset({"of", "about", "on", "against", "for", "by", "with"})
_CONTENT_PREPS = frozenset({"of", "for", "over", "as", "about", "on", "that", "against", "to", "in"})
_LOOSE = ("advcl", "dep", "parataxis")
#: Verbs whose subject receives, not utters, the cue noun they take ("X faced allegations").
_RECEIVING = frozenset({"face", "receive", "draw", "dismiss", "reject", "deny", "ignore", "answer", "address",
                        "hear", "get", "attract", "spark", "prompt", "provoke", "fuel", "trigger", "raise"})
#: Prepositions that introduce what a cue noun reports ("allegations regarding X", "fears of X").
_NOUN_PREPS = frozenset({"of", "about", "regarding", "on", "over", "concerning"})
#: Prepositions by which a verb's subject takes up a cue noun ("pointed to", "backed away from").
_TURNING_PREPS = frozenset({"to", "with", "at", "from", "behind"})
#: Most words between a cue and the verb its span starts at (``_lead``).
_LEAD_GAP = 4


def candidates(scope: Scope) -> list[Candidate]:
    """Every cue candidate of the article, in text order."""
    out = []
    doc = scope.doc
    maybe = _maybe_cues(doc)
    for s, sent in scope.sents:
        for i in range(sent.start, sent.end):
            if maybe[i]:
                c = cue_at(scope, doc[i], s.id, sent)
                if c is not None:
                    out.append(c)
    # "voiced concerns that ...": one attribution, the noun's (its span starts at the verb, its source
    # is the verb's subject, its content the clause); "issued a statement on ..." keeps the verb's too
    nouns = {c.lead.i: c for c in out if c.pos == "N" and c.lead is not None and c.source_how == "subject"
             and c.struct == "noun"}
    return [c for c in out if not (c.pos == "V" and c.struct == "object" and c.head.i in nouns
                                   and nouns[c.head.i].head.i in c.content)]


def _maybe_cues(doc) -> list[bool]:
    """Per token: whether ``cue_at`` can find a cue there (the word is "according", its lemma
    "accord" or a lexicon word as that verb or noun), read from the doc's arrays once so the
    other tokens are never built."""
    from spacy.attrs import LEMMA, LOWER, POS

    strings, known = doc.vocab.strings, {}
    according = strings.add("according")
    out = []
    for lemma, lower, pos in doc.to_array([LEMMA, LOWER, POS]).tolist():
        key = (lemma, pos)
        hit = known.get(key)
        if hit is None:
            word, kind = strings[lemma].lower(), _POS_KIND.get(strings[pos], "O")
            hit = known[key] = word == "accord" or (kind != "O" and cue_probability(word, kind) > 0)
        out.append(hit or lower == according)
    return out


_POS_KIND = {"VERB": "V", "AUX": "V", "NOUN": "N", "PROPN": "N"}


def _pos(tok) -> str:
    return _POS_KIND.get(tok.pos_, "O")


def cue_at(scope: Scope, tok, sid: int, sent) -> Candidate | None:
    """The cue candidate headed by ``tok`` in sentence ``sid``, if its word is a cue."""
    lemma = tok.lemma_.lower()
    doc = scope.doc
    if lemma == "accord" or (tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"):
        return _according_to(scope, tok, sid, sent)
    pos = _pos(tok)
    if pos not in ("V", "N"):
        return None
    p = cue_probability(lemma, pos)
    if p <= 0:
        return None
    if pos == "N":
        return _noun_cue(scope, tok, lemma, p, sid, sent)
    if tok.dep_ == "aux" or tok.dep_ == "auxpass":
        return None
    return _verb_cue(scope, tok, lemma, p, sid, sent)


def _according_to(scope: Scope, tok, sid: int, sent) -> Candidate | None:
    """"according to X": X is the source, the phrase's head (else the rest of the sentence) the content."""
    doc = scope.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
    if nxt is None or nxt.lower_ != "to":
        return None
    pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
    phrase = token_ids(tok.subtree) | token_ids(nxt.subtree)
    head = tok.head if tok.head.i != tok.i else None
    content = token_ids(head.subtree) - phrase if head is not None and head.i not in phrase else set()
    if not any(not doc[i].is_punct for i in content):
        content = set(range(sent.start, sent.end)) - phrase
    return Candidate([tok, nxt], ACCORDING_TO, "P", 1.0, pobj, "object", content, True, sent, sid,
                     struct="according", in_quote=bool(scope.in_quote[tok.i]))


def _noun_cue(scope: Scope, tok, lemma: str, p: float, sid: int, sent) -> Candidate | None:
    """"X's announcement that ...", "a statement saying ..." (the verb is the cue then)."""
    kids = [c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl", "appos") and c.pos_ in ("VERB", "AUX")]
    kids = [c for c in kids if any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            or c.dep_ in ("ccomp",)]
    src = next((c for c in tok.children if c.dep_ == "poss"), None)
    how = "possessor" if src is not None else "none"
    verb = tok.head if tok.dep_ == "dobj" else _turning_to(tok)
    if src is None and verb is not None and (verb.lemma_.lower() not in _RECEIVING or _speaker_raises(tok)):
        src = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # "X leveled criticism at Y"
        how = "subject" if src is not None else how
    if not kids:  # "allegations regarding ...", "comments on ...", "fears of ..."
        preps = [c for c in tok.children if c.dep_ == "prep" and c.i > tok.i and c.lower_ in _NOUN_PREPS
                 and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
        if not preps:
            return None
        return Candidate([tok], lemma, "N", p, src, how, token_ids(preps[0].subtree) - {preps[0].i}, False, sent, sid,
                         struct="noun-prep", in_quote=bool(scope.in_quote[tok.i]), lead=_lead(tok))
    content = set()
    for c in kids:
        content |= token_ids(c.subtree)
    return Candidate([tok], lemma, "N", p, src, how, content, True, sent, sid,
                     struct="noun", in_quote=bool(scope.in_quote[tok.i]), lead=_lead(tok))


def _turning_to(tok):
    """The verb whose subject turns to a cue noun it is the object of ("X pointed to attacks on ...",
    "responded to reports that ...", "backed away from a suggestion"): PolNeAR's source of the
    verb-and-noun cue (train). None for other shapes."""
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep" or tok.head.lower_ not in _TURNING_PREPS:
        return None
    verb = tok.head.head  # not "stirred controversy with an assertion": the verb has an object of its own
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() not in ("come", "be") and not any(
        c.dep_ == "dobj" for c in verb.children) else None


def _speaker_raises(tok) -> bool:
    """"Smith raised questions about ...": a person or organisation subject of a verb like
    "raise" utters the cue noun; a thing ("the remarks raised concerns") does not."""
    if tok.head.lemma_.lower() not in speaker_words().get("raising_concern_verbs", []):
        return False
    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    return subj is not None and (subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                                 or subj.lower_ in ("he", "she", "they", "i", "we"))


def _list_gerund(tok):
    """The gerund heading a list that a later gerund belongs to, when the parser hung the later
    one on a finite verb inside the first one's clause ("saying the border is open and praising
    the sheriff"): its source is the list's, not that clause's subject."""
    if tok.tag_ != "VBG" or tok.dep_ != "conj" or tok.head.tag_ == "VBG":
        return None
    return next((a for a in tok.ancestors if a.tag_ == "VBG" and a.dep_ in ("advcl", "xcomp", "conj", "pcomp")
                 and cue_probability(a.lemma_.lower(), "V") > 0), None)


def _verb_cue(scope: Scope, tok, lemma: str, p: float, sid: int, sent) -> Candidate:
    src, how = _verb_source(scope, tok, lemma)
    content, clause, struct = _complement(tok, lemma, src, how)
    if not content:
        content, clause, struct = _loose_content(tok, src, how, sent, clause, struct)
    if src is not None:  # "analysts saying ...": the source's subtree holds the cue and its content
        content -= token_ids(src.subtree) - token_ids(tok.subtree)
    content.discard(tok.i)
    return Candidate([tok], lemma, "V", p, src, how, content, clause, sent, sid, _colon_after(tok, sent), struct,
                     source_span=reduced_relative_span(tok, src) if how == "subject" and tok.dep_ == "ROOT" else None,
                     in_quote=bool(scope.in_quote[tok.i]))


def _verb_source(scope: Scope, tok, lemma: str):
    """(source token, how) of a cue verb."""
    src, how = subject(tok)
    if lemma in speaker_words()["raising_verbs"]:
        # "X appeared to suggest ...": X is the speaker; "it seems", "what appeared" name nobody
        # only when the verb raises a reporting verb ("seemed to think"; "X seems happy" reports nothing)
        if src is None or how != "subject" or src.lower_ in ("it", "there", "what", "which", "that") or not any(
                c.dep_ == "xcomp" and cue_class(c.lemma_.lower()) is not None for c in tok.children):
            src, how = None, "none"
    if src is not None and scope.in_quote[src.i] and not scope.in_quote[tok.i] and not nickname(scope, src, tok):
        # "“..., it will,” said X": the parser took a word of the quotation; the speaker is outside it
        src = outside_source(scope, tok)
        how = "subject" if src is not None else "none"
    elif tok.tag_ == "VBN" and tok.dep_ == "advcl" and how != "agent" and not any(
            c.dep_ in ("aux", "auxpass") for c in tok.children):
        src, how = None, "none"  # "Asked about X, ...": no speaker named ("when pressed by Y": Y)
    return src, how


def _complement(tok, lemma: str, src, how: str) -> tuple[set[int], bool, str]:
    """(content, clause, struct) from the verb's own complements: a clause, else an object
    with its prepositional tail, else a content preposition, else the passive subject when
    the source is the agent ("X was endorsed by Y")."""
    clause_kids = [c for c in tok.children if c.dep_ in _CLAUSE and c.i != (src.i if src is not None else -1)]
    relative = False
    if src is not None and any(c.i > tok.i for c in clause_kids):
        # "the $9 billion Marquez has said the province needs": the clause holding the source, or
        # ending on the noun the source's relative clause follows, is the sentence around it,
        # not what the source said
        kept = [c for c in clause_kids if c.i > tok.i or not _around_relative(c, src)]
        relative, clause_kids = len(kept) < len(clause_kids), kept
    content: set[int] = set()
    clause = False
    struct = "none"
    for c in clause_kids:
        content |= token_ids(c.subtree) - _later_gerunds(c)
        if relative and c.i > tok.i:
            # "the money Lee said last year the province needs": the adverbial is the saying's
            content -= {i for a in c.children if a.dep_ in ("npadvmod", "advmod") and a.left_edge.i == tok.i + 1
                        for i in token_ids(a.subtree)}
        clause = clause or (c.dep_ != "xcomp" and c.pos_ in ("VERB", "AUX"))
    if clause_kids:  # a verbless "clause" ("made him an effective target") is an object and its predicate
        struct = "clause" if clause else "xcomp" if any(c.dep_ == "xcomp" for c in clause_kids) else "object"
    if not content:
        objs = [c for c in tok.children if c.dep_ in _OBJ]
        preps = [c for c in tok.children if c.dep_ in ("prep", "advcl", "prt") and c.i > tok.i
                 and (c.dep_ != "prep" or c.lower_ in _CONTENT_PREPS) and not _own_cue(c)]
        if lemma == "tell" or lemma == "ask":
            objs = [o for o in objs if o.dep_ != "dative"]
        struct = "object" if objs else struct
        if not objs:
            objs = [c for c in preps if c.dep_ == "prep" and c.lower_ in _PREP_ONLY]
            preps = []
            struct = "prep" if objs else struct
        for c in objs + (preps if objs else []):
            content |= token_ids(c.subtree)
        if struct == "object" and _small_clause(tok, objs):
            struct, clause = "clause", True  # "polls showing Trump ahead": a reported state of affairs
            content |= {i for c in tok.children if c.i > objs[-1].i and c.dep_ in ("advmod", "acomp", "oprd")
                        for i in token_ids(c.subtree)}
    if not content and how == "agent":
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                content |= token_ids(c.subtree)
                struct = "passive"
    return content, clause, struct


def _around_relative(clause, src) -> bool:
    """A clause before the cue that holds the source, or ends on a noun or number right before
    the source's name ("falls short of the money Governor Lee said ...")."""
    if clause.left_edge.i <= src.i <= clause.right_edge.i:
        return True
    first = name_start(src) if src.pos_ == "PROPN" else src.i
    end = clause.right_edge
    return end.i == first - 1 and end.pos_ in ("NOUN", "NUM")


def _later_gerunds(clause) -> set[int]:
    """Tokens of cue gerunds the parser conjoined to a finite verb of ``clause``: later items of
    a list ("saying the border is open and praising the sheriff"), not what the clause reports."""
    out: set[int] = set()
    for t in clause.subtree:
        if _list_gerund(t) is not None:
            out |= token_ids(t.subtree)
            cc = [c for c in t.head.children if c.dep_ == "cc" and c.i < t.i]
            out |= {c.i for c in cc}
    return out


def _own_cue(c) -> bool:
    """True for a participle that is a cue of its own ("endorsed Cruz, saying ..."): what it
    reports is its attribution, not part of the object of the verb before it (PolNeAR train)."""
    return c.dep_ == "advcl" and c.tag_ == "VBG" and cue_probability(c.lemma_.lower(), "V") > 0


def _lead(tok):
    """The verb a cue span starts at when PolNeAR's annotators mark it as the cue (as seen in
    train): the verb taking a cue noun as object ("expressed concern", "pointed to attacks",
    "responded to reports"); None when the noun stands alone. Only a near verb (at most
    ``_LEAD_GAP`` words between, none a name) so the span names no other actor. Verb cues keep
    their own word (a catenative "went on to say" stays "say")."""
    verb = tok.head if tok.dep_ == "dobj" else _turning_to(tok)
    if verb is None or verb.i >= tok.i or verb.pos_ not in ("VERB", "AUX") or tok.i - verb.i - 1 > _LEAD_GAP \
            or verb.lemma_.lower() in _RECEIVING and not _speaker_raises(tok):
        return None  # "faces allegations": the noun is somebody else's words, the verb no cue
    between = tok.doc[verb.i + 1:tok.i]
    if any(t.is_punct or t.pos_ == "PROPN" and t.ent_type_ != "DATE" or t.pos_ == "PRON" and t.dep_ == "poss"
           for t in between):
        return None
    return verb


def _small_clause(tok, objs) -> bool:
    """True for a verb whose one direct object is followed by a predicate: a standing word
    ("showing Trump ahead") or an adjective ("found the plan unpopular")."""
    direct = [o for o in objs if o.dep_ == "dobj"]
    if len(direct) != 1 or len(objs) != 1:
        return False
    words = speaker_words().get("small_clause_predicates", [])
    return any(c.i > direct[0].i and (c.dep_ == "advmod" and c.lower_ in words
                                       or c.dep_ in ("acomp", "oprd") and c.pos_ == "ADJ")
               for c in tok.children)


def _loose_content(tok, src, how: str, sent, clause: bool, struct: str) -> tuple[set[int], bool, str]:
    """(content, clause, struct) for a verb without complements: a subordinate clause the parser
    attached loosely ("tweeted that ..."), or the clause the cue hangs off ("..., X said.")."""
    content: set[int] = set()
    for c in tok.children:
        if c.i > tok.i and c.dep_ in _LOOSE and any(
                g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") or g.tag_ in ("WRB", "WP", "WDT")
                for g in c.children):
            content |= token_ids(c.subtree)
            clause, struct = True, "clause"
    if not content and tok.dep_ in ("parataxis", "ccomp", "advcl", "conj") and (
            tok.head.i < tok.i or tok.dep_ != "conj") and (
            how in ("subject", "agent") and src is not None and src.head.i == tok.i):
        # the whole sentence is what was reported, minus the "X said" part
        content = set(range(sent.start, sent.end)) - token_ids(tok.subtree)
        clause, struct = True, "trailing"
    if not content and tok.dep_ == "ROOT":
        for c in tok.children:
            if c.i < tok.i and c.dep_ in ("parataxis", "ccomp", "advcl", "dep"):
                content |= token_ids(c.subtree)
                clause, struct = True, "trailing"
    return content, clause, struct


def _colon_after(tok, sent) -> bool:
    """"X said:" with the content after the colon (or in the next sentence). Reads the tokens
    after the cue only as far as needed (not the rest of a long sentence per cue)."""
    doc, lo = sent.doc, max(tok.i + 1, sent.start)
    after = (doc[i] for i in range(lo, sent.end) if not doc[i].is_space)
    first = next(after, None)
    if first is None or first.text == ":":
        return first is not None
    last = next((doc[i] for i in range(sent.end - 1, lo - 1, -1) if not doc[i].is_space), None)
    return last.text == ":" and all(
        t.dep_ in ("punct", "dobj", "dative", "prep", "pobj", "advmod", "npadvmod") or t.is_punct
        for t in itertools.chain([first], after))


def colon_before(scope: Scope, s) -> Candidate | None:
    """A cue ending the previous sentence with a colon ("X said:") whose content follows."""
    if s.id == 0:
        return None
    prev = scope.article.sentences[s.id - 1]
    if not prev.text.rstrip().endswith(":"):
        return None
    sent = scope.spans.get(prev.id)
    if sent is None:
        return None
    cands = [cue_at(scope, t, prev.id, sent) for t in sent]
    cands = [c for c in cands if c is not None and c.p >= P_WITH_CLAUSE]
    return cands[-1] if cands else None


def _argues(lemma: str) -> bool:
    """True for a cue word whose class argues a position (``argues`` in the lexicon's classes)."""
    cls = cue_class(lemma)
    return cls is not None and bool(cue_classes()[cls].get("argues"))


def accept(c: Candidate) -> bool:
    """Keep a cue candidate with no quotation of its own (learned or prior probability)."""
    if c.struct == "noun" and c.source is not None and has_class(c.lemma, "N"):
        return True  # "X's announcement that ...": a lexicon noun with its speaker
    p = structure_probability(c.lemma, c.pos, c.struct, c.in_quote)
    if c.struct == "noun" and c.clause and any(t.lower_ == "that" for t in c.sent if t.i in c.content):
        return True  # "the news that ...", "fears that ...": a lexicon noun with a that-clause
    if c.struct == "noun-prep":  # "allegations of ...", "fears of ...": not "a poll of", "support for"
        return _argues(c.lemma) or (cue_class(c.lemma) is None and c.p >= P_NOUN_PREP)
    if (c.struct == "object" and c.source_how == "subject" and _argues(c.lemma)
            and not c.in_quote and c.p >= P_WITH_OBJECT):
        return True  # "demanded an explanation": an arguing reporting verb, its subject and object
    if p is not None:
        return p >= P_ACCEPT
    if c.in_quote and c.p < P_INSIDE_QUOTE:
        return False
    return (c.clause and c.p >= P_WITH_CLAUSE) or (bool(c.content) and c.p >= P_WITH_OBJECT)
