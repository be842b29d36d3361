"""Source attribution: who speaks, with which cue, saying what.

Rule-based over the spaCy dependency parse, with two packaged lexicons:
``reporting_verbs.yaml`` (cue words and their framing class) and ``attribution_cues.csv``
(how often each word is a cue in the PolNeAR train split). Steps per article:

1. Cues: verbs, nouns and "according to" whose lemma is a known cue and whose syntax carries
   content (a clause, an object, an adjacent quotation).
2. Source: the cue's subject (passive agent, inherited from the governing verb for "went on to
   say", "and added", "adding that", "By announcing ..., X"; the passive subject for "After
   saying ..., X was taken"; the object for "punished X for claiming"; the modified noun for "who
   said"; the object of "according to"; the subject of "seemed/appeared" before a reporting verb;
   a name outside the quotation when the parser chose a quoted word; a transcript label
   "SMITH:" naming an actor of the article).
3. Content: the clausal complement; the object and its prepositional tail ("accused X of
   ...", "praised X for ..."); the rest of the sentence for "..., X said." and "according to
   X"; the quotation(s) next to the cue for direct quotes (split quotes joined, quotes running
   over sentences and paragraphs followed; of two cues whose contents hold the quote, the outer
   one: "X said she expects “...”"); quoted sentences with no cue of their own inherit the
   previous speaker; transcript turns "SMITH: ..." (quoted or not).
4. Speaker: the actor whose mention the source covers; pronouns ("he"), relative pronouns
   ("who") and descriptions ("the president", "the company") resolve to the most recent
   compatible actor; unnamed sources ("officials") and documents ("a statement") are typed.
"""
from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import pandas as pd

from . import voice
from .actors import Actor, default_alias_table
from .article import Article
from .quotes import Quote, quoted_share, quotes_in_article
from .resources import fitted_path, load_yaml

SPEAKER_TYPES = ("person", "government", "state", "media", "organisation", "group", "anonymous", "document")

#: A cue word needs at least this learned probability of being a cue (PolNeAR train) when it
#: has a clausal complement or an adjacent quotation ...
P_WITH_CLAUSE = 0.04
#: ... and this much when it only has an object or a prepositional phrase.
P_WITH_OBJECT = 0.2
#: Lexicon words never seen as cues in train get this prior.
P_LEXICON_DEFAULT = 0.5
#: Cues inside a quotation (the quoted speaker reporting someone else) need this much.
P_INSIDE_QUOTE = 0.5
#: Pseudo-count pulling a structure's learned probability toward the word's prior.
SMOOTHING = 3.0
#: A candidate is kept when its learned probability of being a cue reaches this.
P_ACCEPT = 0.4
#: A quotation of at most this many words inside narrator text is a scare quote, not speech.
SCARE_QUOTE_WORDS = 4

#: A transcript speaker label at a paragraph or quotation start: "SMITH:", "JOHN SMITH:".
_LABEL = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):[ \t]")
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CLAUSE = ("ccomp", "xcomp", "csubj")
_OBJ = ("dobj", "attr", "oprd", "dative")
_PREP_ONLY = frozenset({"of", "about", "on", "against", "for", "by", "with"})
_CONTENT_PREPS = frozenset({"of", "for", "over", "as", "about", "on", "that", "against", "to", "in"})


# --------------------------------------------------------------------------- lexicons

@lru_cache(maxsize=None)
def _lexicon() -> dict[tuple[str, str], str | None]:
    """(lemma, pos) -> framing class for every cue word (None for cue words without a class);
    the learned tables weigh only these words."""
    data = load_yaml("reporting_verbs.yaml")
    return {(e["lemma"], e["pos"]): e["class"] for e in data["cues"]}


@lru_cache(maxsize=None)
def _learned() -> dict[tuple[str, str], tuple[float, int]]:
    out = {}
    try:
        with open(fitted_path("attribution_cues.csv"), encoding="utf-8") as fh:
            rows = csv.DictReader(line for line in fh if not line.startswith("#"))
            for r in rows:
                out[(r["lemma"], r["pos"])] = (float(r["p_cue"]), int(r["cue_count"]))
    except FileNotFoundError:
        pass
    return out


@lru_cache(maxsize=None)
def _speaker_words() -> dict:
    return load_yaml("attribution_speakers.yaml")


def cue_class(lemma: str) -> str | None:
    """The framing class of a cue lemma (neutral, emphatic, endorsing, disputing, tentative,
    visual-report), or None when the word is not in the reporting-verb lexicon or has no class."""
    lex = _lexicon()
    key = (lemma or "").lower()
    for pos in ("V", "P", "N"):
        if lex.get((key, pos)) is not None:
            return lex[(key, pos)]
    return None


@lru_cache(maxsize=None)
def _structures() -> dict[tuple[str, str, str, str], tuple[int, int]]:
    out = {}
    try:
        with open(fitted_path("attribution_structures.csv"), encoding="utf-8") as fh:
            for r in csv.DictReader(line for line in fh if not line.startswith("#")):
                out[(r["lemma"], r["pos"], r["structure"], r["in_quote"])] = (int(r["cues"]), int(r["candidates"]))
    except FileNotFoundError:
        pass
    return out


def structure_probability(lemma: str, pos: str, struct: str, in_quote: bool) -> float | None:
    """Learned probability that a candidate (word, construction, inside a quotation or not) is
    an annotated cue, smoothed toward the word's overall cue probability; 0 for words outside
    the lexicon, None when the structure table is absent."""
    table = _structures()
    if not table:
        return None
    if ("accord" if lemma == "according to" else lemma, pos) not in _lexicon():
        return 0.0
    prior = cue_probability(lemma, pos) if pos != "P" else 0.9
    hits, n = table.get((lemma, pos, struct, "1" if in_quote else "0"), (0, 0))
    return (hits + SMOOTHING * prior) / (n + SMOOTHING)


def cue_probability(lemma: str, pos: str) -> float:
    """Learned probability that an occurrence of a lexicon word is an attribution cue (the
    lexicon prior for words never seen as cues in train); 0 for words outside the lexicon."""
    if (lemma, pos) not in _lexicon():
        return 0.0
    learned = _learned().get((lemma, pos))
    return learned[0] if learned is not None else P_LEXICON_DEFAULT


# --------------------------------------------------------------------------- results

@dataclass
class Attribution:
    """One attribution relation with its evidence (all offsets into article.text)."""
    id: int
    kind: str                                   # direct | mixed | indirect
    source_text: str | None
    source_start: int | None
    source_end: int | None
    speaker: str | None                         # canonical actor name, else the surface form
    speaker_id: str | None
    speaker_type: str
    affiliation: str | None
    cue_text: str | None
    cue_start: int | None
    cue_end: int | None
    cue_lemma: str | None
    cue_class: str | None
    content_fragments: list[tuple[int, int]]
    content_start: int
    content_end: int
    sentence_ids: list[int]
    content_text: str = ""
    resolution: str = "none"    # actor | pronoun | relative | description | inherited | unresolved | none
    surface: str | None = None  # the word(s) resolved (pronoun or description), if any

    def to_dict(self) -> dict:
        d = asdict(self)
        d["content_fragments"] = [list(f) for f in self.content_fragments]
        return d


@dataclass
class AttributionResult:
    attributions: list[Attribution] = field(default_factory=list)
    sentence_count: int = 0

    def content_spans(self) -> list[voice.ContentSpan]:
        return [voice.ContentSpan(a, b, att.speaker, att.id, att.kind)
                for att in self.attributions for a, b in att.content_fragments]

    def sentence_voices(self, article: Article) -> list[voice.SentenceVoice]:
        return voice.voices_from_spans(article, self.content_spans())

    def to_dict(self) -> list[dict]:
        return [a.to_dict() for a in self.attributions]

    def tables(self, article: Article | None = None) -> dict[str, pd.DataFrame]:
        rows = []
        for a in self.attributions:
            d = a.to_dict()
            d["content_fragments"] = ";".join(f"{s}-{e}" for s, e in a.content_fragments)
            d["sentence_ids"] = ";".join(str(i) for i in a.sentence_ids)
            d["content_words"] = self._words(a)
            rows.append(d)
        cols = list(Attribution.__dataclass_fields__) + ["content_words"]
        att_df = pd.DataFrame(rows, columns=cols)
        out = {"attributions": att_df, "voices": self._voices_df()}
        if self._article is not None:
            sv = self.sentence_voices(self._article)
            out["sentences"] = pd.DataFrame(
                [{"sentence_id": v.sentence_id, "voice": v.voice, "speaker": v.speaker} for v in sv],
                columns=["sentence_id", "voice", "speaker"])
        return out

    # -- helpers
    _article: Article | None = field(default=None, repr=False, compare=False)

    def _words(self, a: Attribution) -> int:
        if self._article is None:
            return len(a.content_text.split())
        return sum(len(self._article.text[s:e].split()) for s, e in a.content_fragments)

    def _voices_df(self) -> pd.DataFrame:
        total = sum(self._words(a) for a in self.attributions) or 1
        groups: dict[tuple[str, str], dict] = {}
        for a in self.attributions:
            for level, name in (("speaker", a.speaker or "unknown source"),
                                ("affiliation", a.affiliation or a.speaker or "unknown source")):
                g = groups.setdefault((level, name), {"level": level, "name": name, "speaker_type": a.speaker_type,
                                                      "attributions": 0, "direct": 0, "mixed": 0,
                                                      "indirect": 0, "content_words": 0})
                g["attributions"] += 1
                g[a.kind] += 1
                g["content_words"] += self._words(a)
        rows = sorted(groups.values(), key=lambda g: (g["level"] != "speaker", -g["content_words"], g["name"]))
        for g in rows:
            g["share_of_attributed_words"] = round(g["content_words"] / total, 4)
        return pd.DataFrame(rows, columns=["level", "name", "speaker_type", "attributions", "direct", "mixed",
                                           "indirect", "content_words", "share_of_attributed_words"])


# --------------------------------------------------------------------------- extraction helpers

def _alnum(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def _pos(tok) -> str:
    return "V" if tok.pos_ in ("VERB", "AUX") else "N" if tok.pos_ in ("NOUN", "PROPN") else "O"


def _subject(tok, depth: int = 0):
    """(subject token, how) for a cue verb: own subject, passive agent, or inherited."""
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c, "subject"
    for c in tok.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p, "agent"
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            # the passive subject controls a dependent cue ("After saying ..., she was taken to ...")
            return (c, "subject") if depth > 0 else (None, "passive")
    if depth < 3 and tok.dep_ in ("xcomp", "conj", "advcl", "ccomp") and tok.head.i != tok.i:
        if tok.dep_ == "ccomp" and tok.i > tok.head.i:
            return None, "none"
        return _subject(tok.head, depth + 1)
    if tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return tok.head, "modified-noun"
    if depth < 3 and tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        if obj is None or tok.head.lower_ not in ("for", "of"):
            return _subject(verb, depth + 1)  # "started by saying", "In defending himself, X ..."
        if obj.pos_ in ("PROPN", "PRON") or obj.ent_type_ == "PERSON":
            return obj, "object"  # "punished X for claiming" (dropped when nested in a cue's content)
    if depth == 0 and tok.i > 0:
        # a subject the parser attached elsewhere ("... of the Post Trump said"): the name just before
        prev = tok.doc[tok.i - 1]
        if prev.pos_ in ("PROPN", "PRON") and prev.head.i != tok.i and prev.sent.start == tok.sent.start \
                and prev.dep_ in ("compound", "pobj", "appos", "npadvmod", "dep"):
            return prev, "adjacent"
    return None, "none"


def _tokens_of(sub) -> set[int]:
    return {t.i for t in sub}


def _fragments(doc, idx: set[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """Contiguous character fragments of a token set, trimmed of edge punctuation."""
    toks = sorted(i for i in idx if lo <= i < hi)
    frags: list[list[int]] = []
    for i in toks:
        if frags and i == frags[-1][-1] + 1:
            frags[-1].append(i)
        else:
            frags.append([i])
    out = []
    for run in frags:
        while run and (doc[run[0]].is_punct or doc[run[0]].is_space) and doc[run[0]].text not in "“\"‘'(":
            run = run[1:]
        while run and (doc[run[-1]].is_punct or doc[run[-1]].is_space) and doc[run[-1]].text not in "”\"’')":
            run = run[:-1]
        if not run:
            continue
        a, b = doc[run[0]].idx, doc[run[-1]].idx + len(doc[run[-1]].text)
        if _alnum(doc.text[a:b]):
            out.append((a, b))
    return out


def _span_of(sub_idx: set[int], doc) -> tuple[int, int] | None:
    if not sub_idx:
        return None
    lo, hi = min(sub_idx), max(sub_idx)
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


@dataclass
class _Cand:
    cue_toks: list                  # spaCy tokens of the cue
    lemma: str
    pos: str
    p: float
    src_tok: object | None
    src_how: str
    content: set[int]               # token indices of the content
    clause: bool                    # content is a clause / quote (strong evidence)
    sent: object                    # spaCy sentence span
    sid: int
    colon: bool = False             # "X said:" with the content after the colon / in the next sentence
    struct: str = "none"            # clause | xcomp | object | prep | trailing | according | noun | dash | none
    src_span: tuple[int, int] | None = None  # explicit source span (dash signatures)


# --------------------------------------------------------------------------- main entry

def extract_attributions(article: Article, doc, actors: list[Actor]) -> AttributionResult:
    """Every attribution in the article body, with resolved speakers (see module docstring)."""
    ex = _Extractor(article, doc, actors)
    result = AttributionResult(ex.run(), len(article.sentences))
    result._article = article
    return result


class _Extractor:
    def __init__(self, article: Article, doc, actors: list[Actor]):
        self.article, self.doc, self.actors = article, doc, actors
        self.text = article.text
        self.quotes = quotes_in_article(article)
        self.sents = []
        for s in article.sentences:
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is not None and len(span):
                self.sents.append((s, span))
        self.mentions = sorted(((m.start, m.end, a) for a in actors for m in a.mentions), key=lambda x: (x[0], x[1]))
        self.gender = self._genders()
        self.in_quote = bytearray(len(doc))
        for q in self.quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.in_quote[t.i] = 1

    def _genders(self) -> dict[str, str]:
        """Actor id -> 'm' | 'f' for person actors, from honorifics and following pronouns."""
        g = _speaker_words()["gender"]
        masc, fem = set(g["masculine"]), set(g["feminine"])
        votes: dict[str, list[int]] = {}
        people = [(ms, me, a) for ms, me, a in self.mentions if a.type == "person"]
        for ms, me, a in people:
            before = self.text[max(0, ms - 6):ms].lower().split()
            if before:
                w = before[-1]
                if w in masc:
                    votes.setdefault(a.id, [0, 0])[0] += 3
                elif w in fem:
                    votes.setdefault(a.id, [0, 0])[1] += 3
        k = 0
        for tok in self.doc:
            low = tok.lower_
            if tok.pos_ != "PRON" or (low not in masc and low not in fem):
                continue
            while k + 1 < len(people) and people[k + 1][0] < tok.idx:
                k += 1
            if people and people[k][0] < tok.idx and tok.idx - people[k][1] < 200:
                votes.setdefault(people[k][2].id, [0, 0])[0 if low in masc else 1] += 1
        return {aid: ("m" if m > f else "f") for aid, (m, f) in votes.items() if m != f}

    # ---------------------------------------------------------------- cues
    def _candidates(self) -> list[_Cand]:
        out = []
        for s, sent in self.sents:
            for tok in sent:
                c = self._cue(tok, s.id, sent)
                if c is not None:
                    out.append(c)
        return out

    def _cue(self, tok, sid: int, sent) -> _Cand | None:
        lemma = tok.lemma_.lower()
        pos = _pos(tok)
        # "according to X"
        if lemma == "accord" or (tok.lower_ == "according" and tok.i + 1 < len(self.doc)
                                 and self.doc[tok.i + 1].lower_ == "to"):
            nxt = self.doc[tok.i + 1] if tok.i + 1 < sent.end else None
            if nxt is None or nxt.lower_ != "to":
                return None
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            phrase = _tokens_of(tok.subtree) | _tokens_of(nxt.subtree)
            head = tok.head if tok.head.i != tok.i else None
            content = _tokens_of(head.subtree) - phrase if head is not None and head.i not in phrase else set()
            if not any(not self.doc[i].is_punct for i in content):
                content = set(range(sent.start, sent.end)) - phrase
            return _Cand([tok, nxt], "according to", "P", 1.0, pobj, "object", content, True, sent, sid,
                         struct="according")
        if pos not in ("V", "N"):
            return None
        p = cue_probability(lemma, pos)
        if p <= 0:
            return None
        if pos == "N":
            return self._noun_cue(tok, lemma, p, sid, sent)
        if tok.dep_ == "aux" or tok.dep_ == "auxpass":
            return None
        src, how = _subject(tok)
        if lemma in _speaker_words()["raising_verbs"]:
            # "X appeared to suggest ...": X is the speaker; "it seems", "what appeared" name nobody
            # only when the verb raises a reporting verb ("seemed to think"; "X seems happy" reports nothing)
            if src is None or how != "subject" or src.lower_ in ("it", "there", "what", "which", "that") or not any(
                    c.dep_ == "xcomp" and cue_class(c.lemma_.lower()) is not None for c in tok.children):
                src, how = None, "none"
        if src is not None and self.in_quote[src.i] and not self.in_quote[tok.i] and not self._nickname(src, tok):
            # "“..., it will,” said X": the parser took a word of the quotation; the speaker is outside it
            src = self._outside_source(tok)
            how = "subject" if src is not None else "none"
        elif tok.tag_ == "VBN" and tok.dep_ == "advcl" and how != "agent" and not any(
                c.dep_ in ("aux", "auxpass") for c in tok.children):
            src, how = None, "none"  # "Asked about X, ...": no speaker named ("when pressed by Y": Y)
        clause_kids = [c for c in tok.children if c.dep_ in _CLAUSE and c.i != (src.i if src is not None else -1)]
        content: set[int] = set()
        clause = False
        struct = "none"
        for c in clause_kids:
            content |= _tokens_of(c.subtree)
            clause = clause or c.dep_ != "xcomp"
        if clause_kids:
            struct = "clause" if clause else "xcomp"
        if not content:
            objs = [c for c in tok.children if c.dep_ in _OBJ]
            preps = [c for c in tok.children if c.dep_ in ("prep", "advcl", "prt") and c.i > tok.i
                     and (c.dep_ != "prep" or c.lower_ in _CONTENT_PREPS)]
            if lemma == "tell" or lemma == "ask":
                objs = [o for o in objs if o.dep_ != "dative"]
            struct = "object" if objs else struct
            if not objs:
                objs = [c for c in preps if c.dep_ == "prep" and c.lower_ in _PREP_ONLY]
                preps = []
                struct = "prep" if objs else struct
            for c in objs + (preps if objs else []):
                content |= _tokens_of(c.subtree)
        if not content and how == "agent":
            # "X was endorsed by Y": the content is the passive subject
            for c in tok.children:
                if c.dep_ == "nsubjpass":
                    content |= _tokens_of(c.subtree)
                    struct = "passive"
        if not content:
            # "tweeted that ...", "questioning why ...": a subordinate clause the parser attached loosely
            for c in tok.children:
                if c.i > tok.i and c.dep_ in ("advcl", "dep", "parataxis") and any(
                        g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") or g.tag_ in ("WRB", "WP", "WDT")
                        for g in c.children):
                    content |= _tokens_of(c.subtree)
                    clause = True
                    struct = "clause"
        # "..., X said." : the cue hangs off the clause it reports
        if not content and tok.dep_ in ("parataxis", "ccomp", "advcl", "conj") and (
                tok.head.i < tok.i or tok.dep_ != "conj") and (
                how in ("subject", "agent") and src is not None and src.head.i == tok.i):
            # the whole sentence is what was reported, minus the "X said" part
            content = set(range(sent.start, sent.end)) - _tokens_of(tok.subtree)
            clause = True
            struct = "trailing"
        if not content and tok.dep_ == "ROOT":
            left = [c for c in tok.children if c.i < tok.i and c.dep_ in ("parataxis", "ccomp", "advcl", "dep")]
            for c in left:
                content |= _tokens_of(c.subtree)
                clause = True
                struct = "trailing"
        colon = False
        after = [t for t in sent if t.i > tok.i and not t.is_space]
        if after and after[0].text == ":" or (after and after[-1].text == ":" and all(
                t.dep_ in ("punct", "dobj", "dative", "prep", "pobj", "advmod", "npadvmod") or t.is_punct
                for t in after)):
            colon = True
        if src is not None:
            content -= _tokens_of(src.subtree)
        content.discard(tok.i)
        return _Cand([tok], lemma, "V", p, src, how, content, clause, sent, sid, colon, struct)

    def _nickname(self, src, tok) -> bool:
        """``src`` sits in a short quotation right after the cue, past a determiner or adjective at
        most: a nickname ("said the “Iron Lady”"), not a word of the quoted speech or a title
        further on ("said Thursday on Fox's “Fox and Friends”")."""
        q = next((q for q in self.quotes if q.start <= src.idx < q.end), None)
        if q is None or q.start <= tok.idx or len(self.text[q.start:q.end].split()) > SCARE_QUOTE_WORDS:
            return False
        between = [t for t in self.doc[tok.i + 1:src.i] if t.idx < q.open_at]
        return len(between) <= 3 and all(t.pos_ in ("DET", "ADJ") for t in between)

    def _outside_source(self, tok):
        """A name governed by, or next to, a cue verb and outside any quotation (inverted
        "..., said X" and "..., X said" where the parser chose a quoted word as subject)."""
        def ok(t):
            return (not self.in_quote[t.i] and t.pos_ in ("PROPN", "NOUN") and t.sent.start == tok.sent.start
                    and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"))
        kids = [c for c in tok.children if ok(c) and c.dep_ in ("nsubj", "dobj", "attr", "npadvmod", "dep", "oprd")]
        if kids:
            return min(kids, key=lambda c: abs(c.i - tok.i))
        left = tok.i - 1
        while left > tok.sent.start and self.doc[left].is_punct and not self.in_quote[left]:
            left -= 1  # "..., Flynn, a campaign adviser, said"
        for j in (tok.i + 1, left):
            if 0 <= j < len(self.doc) and ok(self.doc[j]):
                t = self.doc[j]
                while t.dep_ in ("compound", "flat", "appos") and t.head.i != t.i and ok(t.head):
                    t = t.head
                if j == tok.i + 1 or j == tok.i - 1 or (t.pos_ == "PROPN" and t.dep_ != "pobj"):
                    return t  # past a comma only a name ("..., Flynn, an adviser, said"; not "after the debate,")
        return None

    def _noun_cue(self, tok, lemma, p, sid, sent) -> _Cand | None:
        # "X's announcement that ...", "a statement saying ..." (the verb is the cue then)
        kids = [c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl", "appos") and c.pos_ in ("VERB", "AUX")]
        kids = [c for c in kids if any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                or c.dep_ in ("ccomp",)]
        if not kids:
            return None
        src = next((c for c in tok.children if c.dep_ == "poss"), None)
        content = set()
        for c in kids:
            content |= _tokens_of(c.subtree)
        return _Cand([tok], lemma, "N", p, src, "possessor" if src is not None else "none", content, True, sent, sid,
                     struct="noun")

    # ---------------------------------------------------------------- quotes
    def run(self) -> list[Attribution]:
        cands = self._candidates()
        by_sent: dict[int, list[_Cand]] = {}
        for c in cands:
            by_sent.setdefault(c.sid, []).append(c)
        sent_by_id = {s.id: (s, span) for s, span in self.sents}
        groups: dict[int, list[Quote]] = {}
        for q in self.quotes:
            groups.setdefault(q.group, []).append(q)
        starts: dict[int, list[int]] = {}
        for g, qs in groups.items():
            s0 = self.article.sentence_at(qs[0].start)
            if s0 is not None:
                starts.setdefault(s0.id, []).append(g)
        done_groups: set[int] = set()
        used_cues: set[int] = set()
        built: list = []
        direct_frags: list[tuple[int, int]] = []

        for s, sent in self.sents:
            sid = s.id
            for g in sorted(starts.get(sid, []), key=lambda g: groups[g][0].start):
                if g in done_groups:
                    continue
                qs = groups[g]
                last = self.article.sentence_at(max(qs[-1].end - 1, qs[-1].start)) or s
                sids = [i for i in range(sid, last.id + 1) if i in sent_by_id]
                frame = [c for i in sids for c in by_sent.get(i, [])
                         if not self.in_quote[c.cue_toks[0].i] and id(c) not in used_cues
                         and c.p >= P_WITH_CLAUSE and (not c.content or self._share(c.content) > 0
                                                       or not c.clause or c.colon)]
                words = sum(len(self.text[q.start:q.end].split()) for q in qs)
                speech = (words > SCARE_QUOTE_WORDS or qs[0].open_at <= s.start
                          or any(c.content and self._share(c.content) >= 0.5 for c in frame)
                          or all(self._sentence_quoted(self.article.sentences[i]) for i in sids))
                if not speech:
                    continue
                frags = [(q.start, q.end) for q in qs]
                if self._speaker_label(qs[0].start) is not None:  # quoted transcript turns: “SMITH: ...”
                    done_groups.add(g)
                    for label, tfrags in self._turns(qs):
                        tsids = sorted({x.id for x in self.article.sentences
                                        if any(x.start < b and x.end > a for a, b in tfrags)})
                        built.append([label, tfrags, "direct", tsids, None])
                        direct_frags.extend(tfrags)
                    continue
                if frame:
                    # "X said she expects “...”": the outer reporting verb, whose content holds the
                    # inner cue and the quote, speaks for the quote
                    holders = [o for o in frame if self._share(o.content) > 0]
                    cue = max(frame, key=lambda c: (c.p >= 0.3, self._share(c.content) > 0, c.src_tok is not None,
                                                    not any(c.cue_toks[0].i in o.content for o in holders
                                                            if o is not c and o.src_tok is not None and o.p >= 0.3),
                                                    -min(abs(c.cue_toks[0].idx - q.start) for q in qs)))
                    used_cues.add(id(cue))
                    done_groups.add(g)
                    # split quote: a further quotation in the last sentence, after the cue
                    lo, hi = cue.cue_toks[0].idx, last.end
                    # a quotation inside the source's own words is a nickname ("said the “Iron Lady”")
                    src_a, src_b = (self._source_span(cue) or (-1, -1)) if cue.src_tok is not None else (-1, -1)
                    for g2 in sorted(starts.get(last.id, []), key=lambda g: groups[g][0].start):
                        if src_a <= groups[g2][0].start < src_b:
                            continue
                        if g2 not in done_groups and groups[g2][0].start > lo and groups[g2][0].start < hi:
                            frags += [(q.start, q.end) for q in groups[g2]]
                            done_groups.add(g2)
                    built.append([cue, frags, "direct", sids, None])
                    direct_frags.extend(frags)
                elif (sig := self._dash_signature(qs[-1])) is not None:
                    done_groups.add(g)
                    built.append([sig, frags, "direct", sids, None])
                    direct_frags.extend(frags)
                elif all(self._sentence_quoted(self.article.sentences[i]) for i in sids):
                    done_groups.add(g)
                    prev = self._previous(built, s)
                    if prev is not None:
                        if prev[1] == "merge":
                            prev[0][1].extend(frags)
                            prev[0][3].extend(sids)
                        else:
                            built.append([prev[0][0], frags, "direct", sids, {"inherit": prev[0]}])
                        direct_frags.extend(frags)
                    else:
                        colon = self._colon_before(s)
                        if colon is not None:
                            built.append([colon, frags, "direct", sids, None])
                            direct_frags.extend(frags)
            for c in sorted(by_sent.get(sid, []), key=lambda c: c.cue_toks[0].i):
                if id(c) in used_cues:
                    continue
                if not c.content or not self._accept(c):
                    continue
                frags = _fragments(self.doc, c.content, sent.start, sent.end)
                if not frags or self._mostly_in(frags, direct_frags):
                    continue
                if (c.src_tok is None or c.src_how == "object") and any(
                        o[0] is not None and c.cue_toks[0].i in o[0].content for o in built):
                    continue  # inside another attribution's content, nobody named ("praised X for doing")
                if c.src_tok is not None and self._thing_source(
                        c, nested=any(o[0] is not None and c.cue_toks[0].i in o[0].content for o in built)):
                    continue
                share = self._share(c.content)
                kind = "direct" if share >= 0.9 else "mixed" if share > 0.05 else "indirect"
                built.append([c, frags, kind, [sid], None])
        built.extend(self._transcript_turns(built))
        return self._finish(built)

    def _turns(self, qs: list[Quote]) -> list:
        """(label candidate, fragments) per speaker turn of a quotation group whose paragraphs
        start with speaker labels (a paragraph without a label continues the turn)."""
        turns: list = []
        for q in qs:
            label = self._speaker_label(q.start)
            a = q.start
            if label is not None:
                a = label.src_span[1] + 1
                while a < q.end and self.text[a].isspace():
                    a += 1
                turns.append((label, []))
            if turns and _alnum(self.text[a:q.end]):
                turns[-1][1].append((a, q.end))
        return [t for t in turns if t[1]]

    def _transcript_turns(self, built) -> list:
        """Unquoted transcript paragraphs "SMITH: ..." not already part of a quoted attribution
        (reported speech inside a turn, "I think ...", stays nested in it)."""
        taken = [f for it in built if it[2] != "indirect" for f in it[1]]
        out = []
        for p in self.article.paragraphs:
            label = self._speaker_label(p.start)
            if label is None:
                continue
            a, b = label.src_span[1] + 1, p.end
            while a < b and self.text[a].isspace():
                a += 1
            while b > a and self.text[b - 1].isspace():
                b -= 1
            if not _alnum(self.text[a:b]) or any(x < b and a < y for x, y in taken):
                continue
            kind = "direct" if quoted_share(self.text, a, b, self.quotes) >= 0.9 else "indirect"
            sids = sorted({s.id for s in self.article.sentences if s.start < b and s.end > a})
            out.append([label, [(a, b)], kind, sids, None])
        return out

    def _label_actor(self, label: str) -> Actor | None:
        """The one person of the article whose surname or full name a transcript label is
        ("SMITH", "JOHN SMITH"); None for initialisms, places and organisations ("UN", "RUSSIA")
        and name fragments ("UN" of Kim Jong Un)."""
        words = label.lower().replace("’", "'").split()
        if len(words) == 1 and (len(words[0]) < 3 or default_alias_table().lookup(label) is not None):
            return None
        named = [x for x in self.actors if x.type == "person"
                 and x.name.lower().replace("’", "'").split()[-len(words):] == words]
        if len(named) > 1:  # the label itself may have been taken for an actor "SMITH"
            named = [x for x in named if not x.name.isupper()]
        return named[0] if len(named) == 1 else None

    def _speaker_label(self, at: int) -> _Cand | None:
        """A transcript turn "SMITH: ..." starting at offset ``at``: a capitalised label of one to
        three words naming a person of the article (see _label_actor), then a colon."""
        m = _LABEL.match(self.text, at)
        if m is None or self._label_actor(m.group(1)) is None:
            return None
        a, b = m.start(1), m.end(1)
        span = self.doc.char_span(a, b, alignment_mode="expand")
        colon = self.doc.char_span(b, b + 1, alignment_mode="expand")
        s = self.article.sentence_at(a)
        if span is None or colon is None or not len(span) or not len(colon) or s is None:
            return None
        sent = next((sp for s2, sp in self.sents if s2.id == s.id), span)
        return _Cand([colon[0]], ":", "O", 1.0, span.root, "label", set(), True, sent, s.id, struct="label",
                      src_span=(a, b))

    def _dash_signature(self, q: Quote) -> _Cand | None:
        """A quotation signed with a dash and a name at its paragraph end: “...” — Name."""
        if q.close_at is None:
            return None
        para = self.article.paragraphs[q.paragraph]
        line_end = self.text.find("\n", q.close_at, para.end)
        line_end = para.end if line_end < 0 else line_end
        tail = self.text[q.close_at + 1:line_end].rstrip(" \t\u00a0.")
        stripped = tail.lstrip(" \t\u00a0")
        if not stripped or stripped[0] not in "―—–-" or len(stripped.split()) > 8:
            return None
        dash_at = q.close_at + 1 + (len(tail) - len(stripped))
        name = stripped.lstrip("―—–- \u00a0")
        if not name or not name[0].isupper():
            return None
        end = q.close_at + 1 + len(tail)
        n_start = end - len(name)
        span = self.doc.char_span(n_start, end, alignment_mode="expand")
        dash = self.doc.char_span(dash_at, dash_at + 1, alignment_mode="expand")
        if span is None or dash is None or not len(span) or not len(dash):
            return None
        s = self.article.sentence_at(n_start)
        sent = next((sp for s2, sp in self.sents if s is not None and s2.id == s.id), span)
        return _Cand([dash[0]], "—", "O", 1.0, span.root, "signature", set(), True, sent,
                     s.id if s is not None else 0, struct="dash", src_span=(n_start, end))

    def _accept(self, c: _Cand) -> bool:
        """Keep a cue candidate with no quotation of its own (learned or prior probability)."""
        inside = bool(self.in_quote[c.cue_toks[0].i])
        if c.struct == "noun" and c.src_tok is not None and _lexicon().get((c.lemma, "N")) is not None:
            return True  # "X's announcement that ...": a lexicon noun with its speaker
        p = structure_probability(c.lemma, c.pos, c.struct, inside)
        if p is not None:
            return p >= P_ACCEPT
        if inside and c.p < P_INSIDE_QUOTE:
            return False
        return (c.clause and c.p >= P_WITH_CLAUSE) or (bool(c.content) and c.p >= P_WITH_OBJECT)

    def _thing_source(self, c: _Cand, nested: bool = False) -> bool:
        """True when the cue is not a reporting verb and its source is an inanimate common noun:
        "which"/"that" standing for one ("a clash, which highlighted worries"), or, inside
        another attribution's content, the noun itself ("X stated that the visit demonstrated")."""
        if cue_class(c.lemma) is not None:
            return False
        tok = c.src_tok
        if tok.lower_ in ("which", "that") and tok.head.dep_ in ("relcl", "acl"):
            tok = tok.head.head
        elif not nested:
            return False
        if tok.pos_ != "NOUN" or tok.ent_type_:
            return False
        words = _speaker_words()
        lemma = tok.lemma_.lower()
        known = (set(words["anonymous"]) | set(words["document"]) | set(words["person_roles"])
                 | set(words["organisation_roles"]))
        if lemma in known:
            return False
        span = self._source_span(c)
        return span is None or self._actor_at(span[0], span[1], tok.idx) is None

    def _mostly_in(self, frags, others) -> bool:
        total = sum(_alnum(self.text[a:b]) for a, b in frags) or 1
        inside = 0
        for a, b in frags:
            for x, y in others:
                lo, hi = max(a, x), min(b, y)
                if lo < hi:
                    inside += _alnum(self.text[lo:hi])
        return inside / total >= 0.5

    def _share(self, content: set[int]) -> float:
        if not content:
            return 0.0
        toks = [self.doc[i] for i in content if not self.doc[i].is_punct]
        letters = sum(len(t.text) for t in toks) or 1
        inside = sum(len(t.text) for t in toks if self.in_quote[t.i])
        return inside / letters

    def _sentence_quoted(self, s) -> bool:
        total = _alnum(s.text)
        return total > 0 and quoted_share(self.text, s.start, s.end, self.quotes) >= 0.75

    def _previous(self, built, s):
        """The latest attribution if it is a quote in this paragraph or the one before
        (follow-on quotes): (item, "merge" | "new")."""
        if not built:
            return None
        item = max(built, key=lambda it: it[1][-1][1] if it[1] else -1)
        c, frags, kind, sids, extra = item
        prev_sent = self.article.sentences[max(sids)]
        if s.paragraph - prev_sent.paragraph > 1 or kind not in ("direct", "mixed"):
            return None
        return (item, "merge" if prev_sent.paragraph == s.paragraph else "new")

    def _colon_before(self, s):
        """A cue ending the previous sentence with a colon ("X said:") whose content follows."""
        if s.id == 0:
            return None
        prev = self.article.sentences[s.id - 1]
        if not prev.text.rstrip().endswith(":"):
            return None
        for s2, sent in self.sents:
            if s2.id == prev.id:
                cands = [self._cue(t, prev.id, sent) for t in sent]
                cands = [c for c in cands if c is not None and c.p >= P_WITH_CLAUSE]
                return cands[-1] if cands else None
        return None

    # ---------------------------------------------------------------- speakers
    def _finish(self, built) -> list[Attribution]:
        out: list[Attribution] = []
        for c, frags, kind, sids, extra in built:
            frags = sorted(set(frags))
            if not frags:
                continue
            inherited = extra is not None and "inherit" in extra
            cue_text = cue_start = cue_end = cue_lemma = cls = None
            src_text = src_start = src_end = None
            speaker = speaker_id = affiliation = surface = None
            stype, how = "anonymous", "none"
            if c is not None and not inherited:
                toks = c.cue_toks
                cue_start, cue_end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
                cue_text, cue_lemma = self.text[cue_start:cue_end], c.lemma
                cls = cue_class(c.lemma.split()[-1] if c.lemma != "according to" else "accord")
                if c.src_tok is not None:
                    span = self._source_span(c)
                    if span:
                        src_start, src_end = span
                        src_text = self.text[src_start:src_end]
                    speaker, speaker_id, stype, affiliation, how, surface = self._resolve(c.src_tok, src_start, src_end)
                    if c.struct == "label" and (label_actor := self._label_actor(src_text or "")) is not None:
                        speaker, speaker_id, stype, affiliation, how, surface = self._from_actor(label_actor, "actor", None)
            elif c is not None and inherited:
                speaker_src = c
                if speaker_src is not None and speaker_src.src_tok is not None:
                    span = self._source_span(speaker_src)
                    speaker, speaker_id, stype, affiliation, _, surface = self._resolve(
                        speaker_src.src_tok, *(span or (None, None)))
                    if span:  # evidence: the source named with the earlier quote
                        src_start, src_end = span
                        src_text = self.text[src_start:src_end]
                how = "inherited"
            sids_all = sorted({self.article.sentence_at(a).id for a, _ in frags if self.article.sentence_at(a)} | set(sids))
            out.append(Attribution(
                id=0, kind=kind, source_text=src_text, source_start=src_start, source_end=src_end,
                speaker=speaker, speaker_id=speaker_id, speaker_type=stype, affiliation=affiliation,
                cue_text=cue_text, cue_start=cue_start, cue_end=cue_end, cue_lemma=cue_lemma, cue_class=cls,
                content_fragments=frags, content_start=frags[0][0], content_end=frags[-1][1],
                sentence_ids=sids_all, content_text=" … ".join(self.text[a:b] for a, b in frags),
                resolution=how, surface=surface))
        out.sort(key=lambda a: (a.content_start, a.cue_start if a.cue_start is not None else -1, a.content_end))
        for i, a in enumerate(out, 1):
            a.id = i
        return out

    def _source_span(self, c: _Cand) -> tuple[int, int] | None:
        if c.src_span is not None:
            return c.src_span
        src = c.src_tok
        rel = src.head
        if src.tag_ in ("WP", "WDT") and rel.dep_ in ("relcl", "acl") and rel.head.i < src.i:
            # "Marc Smith, the league's chief, who said ...": the antecedent and the relative pronoun
            noun = rel.head
            lo = min(t.i for t in noun.subtree)
            if noun.i - lo < 30:
                return _span_of(set(range(lo, src.i + 1)), self.doc)
        idx = _tokens_of(src.subtree)
        for t in c.cue_toks:
            if t.i in idx:  # "the officials, saying ..." : the cue hangs inside the source phrase
                idx -= _tokens_of(t.subtree)
        # drop relative clauses and appositions after the head that run far
        keep = {i for i in idx if not self.doc[i].is_space}
        keep -= c.content
        if src.i not in keep:
            keep.add(src.i)
        lo = hi = src.i
        while lo - 1 in keep:
            lo -= 1
        while hi + 1 in keep:
            hi += 1
        return _span_of(set(range(lo, hi + 1)), self.doc)

    def _actor_at(self, start: int, end: int, head_idx: int | None) -> Actor | None:
        best, best_key = None, None
        for ms, me, actor in self.mentions:
            if me <= start or ms >= end:
                continue
            covers_head = head_idx is not None and ms <= head_idx < me
            key = (covers_head, me - ms)
            if best_key is None or key > best_key:
                best, best_key = actor, key
        return best

    def _mention_covers(self, actor: Actor, tok) -> bool:
        return any(m.start <= tok.idx < m.end for m in actor.mentions)

    def _noun_type(self, tok) -> str:
        """Speaker type from the head noun of an unresolved source."""
        words = _speaker_words()
        lemma = tok.lemma_.lower()
        if lemma in words["anonymous"]:
            return "anonymous"
        if lemma in words["document"]:
            return "document"
        roles = words["organisation_roles"]
        if lemma in roles:
            return roles[lemma][0]
        if lemma in words["person_roles"]:
            return "person"
        if tok.ent_type_ == "PERSON":
            return "person"
        return "group" if tok.tag_ in ("NNS", "NNPS") else "organisation"

    def _recent(self, before: int, types: list[str], title: str | None = None,
                gender: str | None = None) -> Actor | None:
        """The most recent actor of one of ``types`` mentioned before offset ``before``
        (skipping people known to be of the other gender than the pronoun)."""
        best = None
        for ms, me, actor in self.mentions:
            if ms >= before:
                break
            if gender and actor.type == "person" and self.gender.get(actor.id, gender) != gender:
                continue
            if actor.type in types or ("government" in types and actor.type == "state"):
                if title is not None:
                    lead = self.text[max(0, ms - 40):ms].lower()
                    if title not in lead.split()[-3:] and title not in actor.name.lower():
                        continue
                best = actor
        return best

    def _from_actor(self, actor: Actor, how: str, surface: str | None):
        stype = "government" if actor.type == "state" else actor.type
        return actor.name, actor.id, stype, actor.affiliation, how, surface

    def _resolve(self, tok, start, end, depth: int = 0):
        """(speaker, speaker_id, speaker_type, affiliation, resolution, surface) for a source token."""
        words = _speaker_words()
        low = tok.lower_
        surface_text = self.text[start:end] if start is not None else tok.text
        if start is not None:
            actor = self._actor_at(start, end, tok.idx)
            if actor is not None:
                if self._mention_covers(actor, tok) or tok.pos_ not in ("NOUN", "PROPN"):
                    return self._from_actor(actor, "actor", None)
                # "Russian TV", "Kremlin officials": the actor only qualifies the source
                stype = self._noun_type(tok)
                return surface_text, None, stype, actor.affiliation, "unresolved", None
        pron = words["pronouns"].get(low)
        if pron is not None and tok.pos_ == "PRON" or low in ("who", "which", "that") and tok.tag_ in ("WP", "WDT"):
            if pron == ["head"] or low in ("who", "which", "that"):
                head = tok.head
                while head.dep_ not in ("relcl", "acl") and head.head.i != head.i and depth < 3:
                    head = head.head
                    depth += 1
                noun = head.head if head.dep_ in ("relcl", "acl") else None
                if noun is not None and depth < 4:
                    r = self._resolve(noun, noun.idx, noun.idx + len(noun.text), depth + 1)
                    return r[:4] + ("relative", tok.text)
            elif low in ("i", "we"):
                # first person inside a quote: the quoted speaker is unknown here
                pass
            else:
                g = _speaker_words()["gender"]
                gender = "m" if low in g["masculine"] else "f" if low in g["feminine"] else None
                actor = self._recent(tok.idx, pron, gender=gender)
                if actor is not None:
                    return self._from_actor(actor, "pronoun", tok.text)
            return surface_text, None, "person" if low in ("he", "she", "i") else "group", None, "unresolved", tok.text
        lemma = tok.lemma_.lower()
        if lemma in words["person_roles"] and tok.pos_ == "NOUN" and lemma not in words["anonymous"] or (
                lemma in words["person_roles"] and any(c.lower_ in ("the", "this") for c in tok.children)):
            if not tok.tag_.endswith("S"):
                actor = self._recent(tok.idx, ["person"], title=lemma)
                if actor is not None and any(c.lower_ in ("the", "this", "that") for c in tok.children):
                    return self._from_actor(actor, "description", surface_text)
        roles = words["organisation_roles"]
        if lemma in roles and any(c.lower_ in ("the", "this", "that") for c in tok.children):
            actor = self._recent(tok.idx, roles[lemma])
            if actor is not None:
                return self._from_actor(actor, "description", surface_text)
        if lemma in words["anonymous"]:
            return surface_text, None, "anonymous", None, "unresolved", None
        if lemma in words["document"]:
            return surface_text, None, "document", None, "unresolved", None
        if tok.ent_type_ == "PERSON":
            stype = "person"
        elif tok.ent_type_ in ("ORG",):
            stype = "organisation"
        elif tok.ent_type_ in ("GPE",):
            stype = "government"
        elif tok.ent_type_ == "NORP" or tok.tag_ in ("NNS", "NNPS"):
            stype = "group"
        elif tok.pos_ == "PROPN":
            stype = "person"
        elif lemma in words["person_roles"]:
            stype = "person"
        else:
            stype = "organisation" if tok.pos_ == "NOUN" else "person"
        return surface_text, None, stype, None, "unresolved", None
