"""Actors: who an article mentions (people, states, governments, organisations, media, groups).

Mentions come from the alias table (analysis/data/aliases.yaml: names, initialisms such as
"JFK", @handles) and spaCy's named entities. Short person names resolve to the most salient
full name the article introduced ("Putin" -> "Vladimir Putin"), an @handle to the person whose
name it spells; a person's affiliation comes from the alias table or from a state word directly
before the name ("Russian President Vladimir Putin"). Names the table does not know are typed
from context (analysis/actor_types.py); things that are not actors get the type "other".
Pronouns, negated names ("no Republican Party") and words of quoted titles are never actors.
"""
from __future__ import annotations

import bisect
import re
import weakref
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import actor_types
from .article import Article
from .resources import load_yaml
from .stage import Stage, StageResult, register_stage
from .tabular import frame

ACTOR_TYPES = ("person", "state", "government", "organisation", "media", "group", actor_types.OTHER)
#: Actor types that are not actors: left out of who-speaks and of actor sentiment.
NOT_ACTORS = frozenset({actor_types.OTHER})
_NER_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "group"}
_MEDIA_WORDS = re.compile(r"\b(TV|Television|News|Times|Post|Journal|Herald|Tribune|Gazette|Agency|"
                          r"Radio|Press|Broadcasting|Telegraph|Guardian|Daily|Media|Network)\b")
_HONORIFICS = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|President|Prime Minister|Chancellor|"
                         r"Senator|Governor|General|Minister|Secretary|Leader|King|Queen|Pope)\.?\s+)+")


@dataclass(frozen=True)
class Mention:
    actor_id: str
    text: str
    start: int
    end: int
    sentence_id: int
    method: str  # alias | ner | name-resolution

    def to_dict(self) -> dict:
        """The fields by name (what dataclasses.asdict gives, without its deep copy)."""
        return {"actor_id": self.actor_id, "text": self.text, "start": self.start, "end": self.end,
                "sentence_id": self.sentence_id, "method": self.method}


@dataclass
class Actor:
    id: str
    name: str
    type: str
    affiliation: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def mention_count(self) -> int:
        return len(self.mentions)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "affiliation": self.affiliation,
                "mention_count": self.mention_count, "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True)
class AliasEntry:
    name: str
    type: str
    affiliation: str


#: Fields of one alias entry and the type of their value (``name`` is required).
_ALIAS_FIELDS = {"name": str, "type": str, "affiliation": str, "aliases": list, "context_aliases": list}


def _alias_error(path, node, message: str):
    from .errors import InputError
    from .resources import node_line

    return InputError(f"{path}, line {node_line(node)}: {message} (see analysis/data/aliases.yaml for the format)")


def _check_alias_entry(path, k: int, item, node) -> None:
    """Raise InputError (file, line, field) unless ``item`` is a well-formed alias entry."""
    if not isinstance(item, dict):
        raise _alias_error(path, node, f"actors entry {k} is not a mapping (name: ..., aliases: [...])")
    fields = {key.value: value for key, value in node.value}
    if not isinstance(item.get("name"), str) or not item["name"].strip():
        raise _alias_error(path, fields.get("name", node), f"actors entry {k}: field 'name' must be a non-empty text")
    for name, kind in _ALIAS_FIELDS.items():
        value = item.get(name)
        if value is None and name not in item:
            continue
        if not isinstance(value, kind) or (kind is list and not all(isinstance(v, str) and v.strip() for v in value)):
            want = "a list of texts" if kind is list else "a text"
            raise _alias_error(path, fields[name], f"actors entry {k} ({item['name']}): field {name!r} must be {want}")
    if item.get("type", "organisation") not in ACTOR_TYPES:
        raise _alias_error(path, fields["type"], f"actors entry {k} ({item['name']}): field 'type' is "
                                                 f"{item['type']!r}, not one of {', '.join(ACTOR_TYPES)}")


def read_alias_file(path: str | Path) -> list[dict]:
    """The entries of a user alias file, schema-checked: a one-line InputError names the file,
    line and field of the first problem (safe YAML loader only)."""
    from .resources import load_user_yaml

    data, node = load_user_yaml(path, "alias file")
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise _alias_error(path, node if node is not None else _NoNode, "expected a mapping with an 'actors' list")
    entries = dict(node.value)
    items_node = next(v for k, v in entries.items() if k.value == "actors")
    for k, (item, item_node) in enumerate(zip(data["actors"], items_node.value), start=1):
        _check_alias_entry(path, k, item, item_node)
    return data["actors"]


class _NoNode:
    """Stands for the missing node of an empty file (line 1)."""

    class start_mark:
        line = 0


class AliasTable:
    """Surface form -> AliasEntry, from the packaged table plus optional user files."""

    def __init__(self, extra_files: list[str | Path] | None = None):
        self.plain: dict[str, AliasEntry] = {}
        self.contextual: dict[str, AliasEntry] = {}
        self.by_name: dict[str, AliasEntry] = {}
        self.person_surnames: set[str] = set()
        sources = [load_yaml("aliases.yaml").get("actors", [])] + [read_alias_file(p) for p in (extra_files or [])]
        for items in sources:
            for item in items:
                entry = AliasEntry(item["name"], item.get("type", "organisation"),
                                   item.get("affiliation", item["name"]))
                if entry.type not in ACTOR_TYPES:
                    raise ValueError(f"alias table: unknown type {entry.type!r} for {entry.name!r}")
                self.by_name[entry.name] = entry
                if entry.type == "person":
                    self.person_surnames.add(entry.name.split()[-1])
                for alias in [item["name"], *item.get("aliases", [])]:
                    self._add(self.plain, alias, entry)
                for alias in item.get("context_aliases", []):
                    self._add(self.contextual, alias, entry)

    @staticmethod
    def _add(table: dict, alias: str, entry: AliasEntry) -> None:
        table[alias] = entry
        if alias.startswith("the "):
            table["The " + alias[4:]] = entry

    def lookup(self, surface: str) -> AliasEntry | None:
        return self.plain.get(surface) or self.plain.get(_strip_name(surface))


def _strip_name(text: str) -> str:
    """Drop a leading article/honorific and a trailing possessive from an entity text."""
    text = re.sub(r"^(?:the|The)\s+", "", text.strip())
    text = _HONORIFICS.sub("", text)
    return re.sub(r"(?:['’]s|['’])$", "", text).strip()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "actor"


@lru_cache(maxsize=None)
def default_alias_table() -> AliasTable:
    """The packaged alias table (read once per process)."""
    return AliasTable()


@lru_cache(maxsize=16)
def _alias_matcher(nlp, table: AliasTable):
    """A PhraseMatcher of every alias of the table (built once per pipeline and table)."""
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for label, aliases in (("plain", table.plain), ("context", table.contextual)):
        matcher.add(label, [nlp.make_doc(a) for a in aliases])
    return matcher


#: A candidate mention: (start, end, text, alias entry or None, how found: "alias" or an NER label).
_Candidate = tuple[int, int, str, "AliasEntry | None", str]


def _sentence_of(article: Article, start: int, end: int) -> int | None:
    """Id of the body sentence holding [start, end), if any."""
    s = article.sentence_at(start)
    return s.id if s is not None and end <= s.end else None


def _alias_candidates(article: Article, doc, nlp, table: AliasTable) -> list[_Candidate]:
    """Alias-table matches (longest first); contextual aliases only when the article also uses
    a plain alias of the same actor; an unknown organisation containing an alias stays whole."""
    from spacy.util import filter_spans

    alias_spans = filter_spans([doc[i:j] for _, i, j in _alias_matcher(nlp, table)(doc)])
    # An organisation name that contains an alias ("Russian TV") is one actor, not the alias.
    # (Spans sorted and disjoint: the ones inside an entity found by bisection, not a scan.)
    span_starts, dropped = [sp.start for sp in alias_spans], set()
    for ent in doc.ents:
        if ent.label_ == "ORG" and table.lookup(ent.text) is None:
            lo = bisect.bisect_left(span_starts, ent.start)
            inside = [k for k in range(lo, bisect.bisect_left(span_starts, ent.end)) if alias_spans[k].end <= ent.end]
            if inside and all(len(alias_spans[k]) < len(ent) for k in inside):
                dropped.update(inside)
    alias_spans = [sp for k, sp in enumerate(alias_spans) if k not in dropped]
    ent_of = {t.i: ent for ent in doc.ents if ent.label_ in _NAME_LABELS for t in ent}
    alias_spans = [sp for sp in alias_spans if not _part_of_name(doc, sp, table, ent_of)
                   and not actor_types.negated(doc, sp.start, sp.end) and not _in_title(article, sp.start_char, sp.end_char)]
    plain_entries = {table.plain[sp.text].name for sp in alias_spans if sp.text in table.plain}
    out = []
    for sp in alias_spans:
        if _sentence_of(article, sp.start_char, sp.end_char) is None:
            continue
        entry = table.plain.get(sp.text)
        if entry is None:
            entry = table.contextual[sp.text]
            if entry.name not in plain_entries:
                continue
        out.append((sp.start_char, sp.end_char, sp.text, entry, "alias"))
    return out


#: Entity labels of places and names an alias can be a word of ("the West" in "West Virginia",
#: "JFK" in "JFK Airport", "Washington" in "George Washington").
_NAME_LABELS = ("GPE", "LOC", "FAC", "PERSON", "EVENT", "WORK_OF_ART")


def _part_of_name(doc, sp, table: AliasTable, ent_of: dict) -> bool:
    """The alias is only a word of a longer place or name the table does not know; a person's
    alias stays a mention of that person ("JFK FILES", "Barack Obama Election Day").
    ``ent_of``: token index -> the place or name entity holding it."""
    entry = table.plain.get(sp.text) or table.contextual.get(sp.text)
    if entry is not None and entry.type == "person":
        return False
    for ent in {id(e): e for i in range(sp.start, sp.end) if (e := ent_of.get(i)) is not None}.values():
        longer = ent.end > sp.end or (ent.start < sp.start and doc[ent.start].lower_ != "the")
        if not longer or table.lookup(ent.text) is not None or any(t.pos_ == "CCONJ" for t in ent):
            continue   # "North and South Korean" coordinates two names
        extra = [t for t in ent if t.i < sp.start or t.i >= sp.end]
        if any(t.is_title and t.lower_ not in actor_types.rules()["person_titles"] for t in extra):
            return True
    return False


def _in_title(article: Article, start: int, end: int) -> bool:
    s = article.sentence_at(start)
    return s is not None and actor_types.in_quoted_title(article.text, start, end, s.start, s.end)


def _entity_candidates(article: Article, doc, table: AliasTable, taken: list[tuple[int, int]]) -> list[_Candidate]:
    """Named entities of actor types that no alias match covers (unknown demonyms skipped)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in _NER_TYPES or _overlaps(taken, ent.start_char, ent.end_char):
            continue
        if _sentence_of(article, ent.start_char, ent.end_char) is None:
            continue
        start, end, text = _trim_entity(doc, ent)
        if not re.search(r"[A-Z]|^@", text) or " and " in text or actor_types.negated(doc, ent.start, ent.end):
            continue
        if _in_title(article, start, end):
            continue
        entry = table.lookup(text)
        if ent.label_ == "NORP" and entry is None:
            continue  # an unknown demonym is an adjective, not an actor
        if entry is None and _common_plural(ent):
            continue
        out.append((start, end, text, entry, ent.label_))
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (sorted, disjoint: the last span starting
    before ``end`` is the only one to check -- a bisection, not a scan per entity)."""
    k = bisect.bisect_left(spans, (end,)) - 1
    return k >= 0 and spans[k][1] > start


def _common_plural(ent) -> bool:
    """A one-word entity that the tagger reads as a plural common noun ("Schools said ..." at a
    sentence start): a capitalised word, not an actor."""
    return len(ent) == 1 and ent[0].tag_ == "NNS" and ent[0].lemma_.lower() != ent[0].lower_


def _full_names(candidates: list[_Candidate]) -> list[tuple[int, str]]:
    """(offset, full name) of every person named with two or more words, or by alias."""
    out = []
    for start, end, text, entry, how in candidates:
        if how == "PERSON" and len(_strip_name(text).split()) >= 2:
            out.append((start, _strip_name(text)))
        elif entry is not None and entry.type == "person":
            out.append((start, entry.name))
    return out


def _surname_candidates(article: Article, doc, candidates: list[_Candidate],
                        full_names: list[tuple[int, str]]) -> list[_Candidate]:
    """NER often misses or mislabels a lone surname ("Mendes said"): every capitalised token
    that is the first or last word of a full name introduced earlier is a person mention."""
    name_parts = {part for _, full in full_names for part in (full.split()[0], full.split()[-1])}
    covered = [(c[0], c[1]) for c in candidates]  # sorted and disjoint
    first_full = min((start for start, _ in full_names), default=None)
    fixed = [(c[0], c[1], c[2], None, "PERSON") if c[2] in name_parts and (
                 (c[4] in ("ORG", "GPE") and c[3] is None) or (c[4] == "alias" and _named_subject(doc, c)))
             else c for c in candidates]
    for tok in _tokens_spelled(doc, name_parts):
        if tok.is_title and not _overlaps(covered, tok.idx, tok.idx + 1):
            if _sentence_of(article, tok.idx, tok.idx + len(tok.text)) is not None and first_full < tok.idx:
                fixed.append((tok.idx, tok.idx + len(tok.text), tok.text, None, "PERSON"))
    return sorted(fixed, key=lambda c: (c[0], c[1]))


def _tokens_spelled(doc, words: Container[str]) -> list:
    """The tokens whose text is one of ``words``, in order: found in the doc's ORTH array (one
    Token object per hit, not per word of the document)."""
    from spacy.attrs import ORTH

    orths = doc.to_array(ORTH)
    strings = doc.vocab.strings
    wanted = [h for h in set(orths.tolist()) if strings[h] in words]
    return [doc[i] for i in np.flatnonzero(np.isin(orths, np.array(wanted, dtype=orths.dtype))).tolist()]


@dataclass
class _Memory:
    """What the article said so far: mentions per (actor name, short form or None for a full
    mention), and the gender an honorific gave a person ("Mr. Obama" -> m)."""
    count: Counter = field(default_factory=Counter)
    gender: dict = field(default_factory=dict)

    def note(self, name: str, text: str, method: str, lead: str) -> None:
        self.count[name, _strip_name(text) if method == "name-resolution" else None] += 1
        g = honorific_gender(lead, text)
        if g is not None:
            self.gender.setdefault(name, g)


def honorific_gender(lead: str, text: str) -> str | None:
    """"m" or "f" from a honorific (analysis/data/actor_types.yaml) starting the mention ``text``
    or ending the ``lead`` just before it ("Mr. Obama", "Mrs. Clinton"), else None."""
    words = actor_types.rules()["gendered_honorifics"]
    alt = "(" + "|".join(re.escape(w) for ws in words.values() for w in ws) + ")"
    m = re.search(r"\b" + alt + r"\.?\s+$", lead) or re.match(alt + r"\b", text)
    return None if m is None else next(g for g, ws in words.items() if m.group(1) in ws)


def _handle_name(handle: str, full_names: list[tuple[int, str]]) -> str | None:
    """The full name an @handle spells ("@craigmelvin" -> "Craig Melvin"), if the article has one."""
    letters = re.sub(r"[^a-z0-9]", "", handle.lower())
    for _, full in full_names:
        if re.sub(r"[^a-z0-9]", "", full.lower()) == letters:
            return full
    return None


def _named_subject(doc, c: _Candidate) -> bool:
    """An alias of a state or group used as a one-word subject ("Cuban said", after "Mark Cuban"):
    the surname, not the demonym."""
    if c[3] is None or c[3].type == "person" or " " in c[2]:
        return False
    tok = _token_at_or_after(doc, c[0])
    return tok is not None and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX")


def _mention_entry(doc, table: AliasTable, c: _Candidate, full_names, names: dict,
                   memory: _Memory, lead: str) -> tuple[AliasEntry, str]:
    """The alias entry a candidate mention resolves to, and how it was found (``names``: the
    ``_name_index`` of ``full_names``; ``lead``: the text just before the mention, for a honorific)."""
    start, end, text, entry, how = c
    method = "alias" if how == "alias" else "ner"
    if entry is None and text.startswith("@") and (full := _handle_name(text, full_names)) is not None:
        entry = table.by_name.get(full) or AliasEntry(full, "person", full)
        method = "name-resolution"
    if entry is None:
        name = _strip_name(text)
        if how == "PERSON":
            resolved = _resolve_person(name, start, names, memory, table.by_name,
                                       honorific_gender(lead, text)) if " " not in name else _with_middle(name, names)
            if resolved != name:
                method = "name-resolution"
            name = resolved
            entry = table.by_name.get(name) or table.lookup(name)
        if entry is None:
            entry = AliasEntry(name, _ner_type(how, name), _affiliation_before(doc, start, table) or name)
    return entry, method


def find_actors(article: Article, doc, nlp, table: AliasTable | None = None) -> list[Actor]:
    """All actors mentioned in the article body, in order of first mention."""
    table = table or default_alias_table()
    aliases = _alias_candidates(article, doc, nlp, table)
    candidates = sorted(aliases + _entity_candidates(article, doc, table, [(c[0], c[1]) for c in aliases]),
                        key=lambda c: (c[0], c[1]))
    full_names = _full_names(candidates)
    actors: dict[str, Actor] = {}
    memory = _Memory()
    names = _name_index(full_names)
    for c in _surname_candidates(article, doc, candidates, full_names):
        start, end, text = c[0], c[1], c[2]
        lead = article.text[max(0, start - 6):start]   # (doc.text would join the whole document each time)
        entry, method = _mention_entry(doc, table, c, full_names, names, memory, lead)
        memory.note(entry.name, text, method, lead)
        actor = actors.get(entry.name)
        if actor is None:
            affiliation = entry.affiliation
            if entry.type in ("person", "media", "organisation") and affiliation == entry.name:
                inner = _inner_affiliation(text, table) if entry.type != "person" else None   # not "Mark Cuban"
                affiliation = _affiliation_before(doc, start, table) or inner or affiliation
            actor = actors[entry.name] = Actor(slug(entry.name), entry.name, entry.type, affiliation)
        actor.mentions.append(Mention(actor.id, article.text[start:end], start, end,
                                      _sentence_of(article, start, end), method))
    for actor in actors.values():
        if entry_of(table, actor.name) is None:
            spans = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in actor.mentions]
            kind = actor.type
            if kind == "state" and actor.name in table.person_surnames and not actor_types.is_country(actor.name):
                kind = "person"   # "than Obama was" labelled GPE: the surname of a listed person
            actor.type = actor_types.refine_type(kind, actor.name, [sp for sp in spans if sp is not None])
    return sorted(actors.values(), key=lambda a: a.mentions[0].start)


def entry_of(table: AliasTable, name: str) -> AliasEntry | None:
    """The alias-table entry of a canonical actor name (its type is authoritative), if any."""
    return table.by_name.get(name) or table.plain.get(name)


@dataclass
class ActorResult(StageResult):
    """The actors of one article, in order of first mention, with their mentions."""
    actors: list[Actor]

    def json_items(self) -> dict:
        return {"actors": [actor.to_dict() for actor in self.actors]}

    def tables(self) -> dict[str, pd.DataFrame]:
        actors, mentions = self.actors, [m for a in self.actors for m in a.mentions]
        return {"actors": frame({
                    "actor_id": [a.id for a in actors], "name": [a.name for a in actors],
                    "type": [a.type for a in actors], "affiliation": [a.affiliation for a in actors],
                    "mention_count": [a.mention_count for a in actors],
                    "first_offset": [a.mentions[0].start for a in actors],
                    "surface_forms": ["; ".join(sorted({m.text for m in a.mentions})) for a in actors]},
                    _ACTOR_KINDS),
                "mentions": frame({
                    "actor_id": [m.actor_id for m in mentions], "text": [m.text for m in mentions],
                    "start": [m.start for m in mentions], "end": [m.end for m in mentions],
                    "sentence_id": [m.sentence_id for m in mentions], "method": [m.method for m in mentions]},
                    _MENTION_KINDS)}


#: Column kinds of the actors and mentions tables (``tabular.frame``).
_ACTOR_KINDS = {"actor_id": "str", "name": "str", "type": "str", "affiliation": "str",
                "mention_count": "int", "first_offset": "int", "surface_forms": "str"}
_MENTION_KINDS = {"actor_id": "str", "text": "str", "start": "int", "end": "int", "sentence_id": "int",
                  "method": "str"}


@register_stage
class ActorsStage(Stage):
    """People, states, governments, organisations, media and groups the article mentions.
    Setting: ``aliases``, user alias files added to the packaged table."""

    name = "actors"
    requires = ("article", "parse")

    def __init__(self, aliases: list[str | Path] | None = None):
        self.table = AliasTable(aliases) if aliases else default_alias_table()

    def run(self, context) -> ActorResult:
        parse = context.require("parse")
        return ActorResult(find_actors(context.require("article"), parse.doc, context.language(), self.table))


#: English words after a hyphen that make a modifier, not a longer name ("Richmond-based").
_HYPHEN_WORDS = frozenset({"based", "led", "backed", "born", "run", "owned", "made", "style", "like", "era",
                           "linked", "funded", "affiliated", "focused", "controlled", "friendly", "related",
                           "appointed", "elect", "esque", "type", "ish", "backing", "inspired", "leaning"})


#: A participle after the hyphen makes a modifier too ("a Soros-founded university", SemEval train).
_PARTICIPLE_TAGS = frozenset({"VBN", "VBD", "VBG"})


def _trim_entity(doc, ent) -> tuple[int, int, str]:
    """Entity span without a leading 'the' or a trailing possessive, with a hyphenated last name
    part kept whole ("Moon Jae" of "Moon Jae-in")."""
    toks = list(ent)
    while toks and toks[0].lower_ == "the":
        toks = toks[1:]
    while toks and toks[-1].text in ("'s", "’s", "'", "’"):
        toks = toks[:-1]
    if not toks:
        return ent.start_char, ent.end_char, ent.text
    j = toks[-1].i
    while (ent.label_ == "PERSON" and j + 2 < len(doc) and doc[j + 2].lower_ not in _HYPHEN_WORDS and not doc[j].whitespace_ and doc[j + 1].text == "-" and not doc[j + 1].whitespace_
           and doc[j + 2].is_alpha and doc[j + 2].is_lower and doc[j + 2].tag_ not in _PARTICIPLE_TAGS):
        toks += [doc[j + 1], doc[j + 2]]
        j += 2
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = doc[toks[0].i:toks[-1].i + 1].text      # not doc.text: that joins the whole document
    m = re.search(r"['’]s$", text)
    if m:
        end -= 2
        text = text[:-2]
    return start, end, text


def _ner_type(label: str, name: str) -> str:
    kind = _NER_TYPES.get(label, "organisation")
    if kind == "organisation" and _MEDIA_WORDS.search(name):
        return "media"
    return kind


#: A full name this close before a one-word name (characters) is the one it repeats, whatever
#: the other full names' salience ("Jeb Bush ... Bush said" next to many "George W. Bush").
NEAREST_FULL_NAME = 100


def _with_middle(name: str, index: dict[str, dict[str, list[int]]]) -> str:
    """A two-word name ("John Kennedy") stands for the one longer full name of the article with
    the same first and last word ("John F. Kennedy"); with none or several, it stays itself."""
    parts = name.split()
    if len(parts) != 2:
        return name
    first, last = parts
    longer = [full for full in index.get(last, {}) if len(full.split()) > 2
              and full.split()[0] == first and full.split()[-1] == last]
    return longer[0] if len(longer) == 1 else name


def _name_index(full_names: list[tuple[int, str]]) -> dict[str, dict[str, list[int]]]:
    """First or last word -> full name -> its offsets (ascending): built once per article, so
    resolving a one-word name reads only the full names it can stand for."""
    index: dict[str, dict[str, list[int]]] = {}
    for s, full in full_names:
        words = full.split()
        for key in {words[0], words[-1]}:
            index.setdefault(key, {}).setdefault(full, []).append(s)
    return index


def _resolve_person(name: str, start: int, index: dict[str, dict[str, list[int]]],
                    memory: _Memory | None = None, known: Container[str] = frozenset(),
                    gender: str | None = None) -> str:
    """The full name a one-word person name stands for (first or last word of it: family-name-first
    names such as "Kim Jong Un" match on their first word): a full name just before it; else the
    most salient one, counting its full mentions and the same short name already resolved to it
    (``memory``: "Melania" going to Melania Trump does not make her "Trump"), a person of
    the alias table (``known``) before an unknown one, ties to the latest; a full name only named
    later competes once earlier short names went to it; with no full name before, the known
    person, else the most named. An honorific's ``gender`` ("Mrs. Obama") skips the names an
    earlier honorific gave the other gender. Two people sharing a surname stay two actors.
    ``index``: ``_name_index`` of the article's full names (per full name, bisection, no scan)."""
    if len(name.split()) != 1:
        return name
    fitting = {full: starts for full, starts in index.get(name, {}).items() if full != name}
    memory = memory or _Memory()
    if gender is not None:
        fitting = {f: st for f, st in fitting.items() if memory.gender.get(f, gender) == gender} or fitting
    if not fitting:
        return name
    n_before = {full: bisect.bisect_left(starts, start) for full, starts in fitting.items()}
    latest_before = {full: fitting[full][n - 1] for full, n in n_before.items() if n}
    if latest_before:
        nearest = max(latest_before, key=latest_before.get)
        if start - latest_before[nearest] <= NEAREST_FULL_NAME:
            return nearest
    said = {full: memory.count[full, None] + memory.count[full, name] for full in fitting}
    pool = [full for full in fitting if n_before[full] or said[full] > 0]
    if not pool:   # nothing named yet: the known person, else the most named, ties to the first
        count = {full: max(len(starts), said[full]) for full, starts in fitting.items()}
        return max(count, key=lambda full: (full in known, count[full], -fitting[full][0]))
    # a full name some short name already went to counts all its mentions; the others those before
    count = {full: max(len(fitting[full]) if said[full] else n_before[full], said[full]) for full in pool}
    latest = {full: fitting[full][-1] if said[full] else latest_before[full] for full in pool}
    return max(count, key=lambda full: (count[full], full in known, latest[full]))


@dataclass(frozen=True)
class _TokenOffsets:
    """Char offsets of a parsed doc's tokens and its text, read once per doc: a token found by
    bisection, a span's text by slicing (no Token or Span objects walked)."""
    starts: list[int]
    ends: list[int]
    text: str


#: Per parsed doc: its token count and offsets (rebuilt if the doc was retokenised).
_OFFSETS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _token_offsets(doc) -> _TokenOffsets:
    from spacy.attrs import IDX, LENGTH

    cached = _OFFSETS.get(doc)
    if cached is None or cached[0] != len(doc):
        rows = doc.to_array([IDX, LENGTH]).tolist()
        cached = _OFFSETS[doc] = (len(doc), _TokenOffsets([s for s, _ in rows], [s + n for s, n in rows], doc.text))
    return cached[1]


def _token_at_or_after(doc, start: int):
    """The first token starting at or after char offset ``start`` (bisection, no walk)."""
    i = bisect.bisect_left(_token_offsets(doc).starts, start)
    return doc[i] if i < len(doc) else None


def _affiliation_before(doc, start: int, table: AliasTable) -> str | None:
    """A state named within the three words before ``start`` ("Russian President X")."""
    offsets = _token_offsets(doc)
    t = bisect.bisect_left(offsets.starts, start)     # the token at or after ``start``
    if t >= len(doc):
        return None
    first = max(t - 4, 0)
    for i in range(t - 1, first - 1, -1):
        for j in range(i, first - 1, -1):            # tokens j..i, as doc[j:i + 1].text
            entry = table.plain.get(offsets.text[offsets.starts[j]:offsets.ends[i]])
            if entry is not None and entry.type in ("state", "group", "organisation"):
                return entry.affiliation
        if doc[i].is_punct or doc[i].pos_ in ("VERB", "AUX", "ADP"):
            return None
    return None


def _inner_affiliation(text: str, table: AliasTable) -> str | None:
    """A state word inside an organisation name ("Russian TV" -> Russia)."""
    words = text.split()
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            entry = table.plain.get(" ".join(words[i:i + n]))
            if entry is not None and entry.type == "state" and " ".join(words[i:i + n]) != text:
                return entry.affiliation
    return None
