"""Framing: which news frames an article uses, after two codebooks, with evidence for every call.

Codebooks are data files: generic frames after Semetko & Valkenburg (2000)
(analysis/data/frames_generic.yaml, indicator questions with cue lexicons) and the Policy
Frames Codebook of Boydstun et al. (2014) (analysis/data/frames_policy.yaml). Each sentence is
matched against every indicator item's cues (spaCy lemmas / lower-cased tokens, regex patterns);
structural cues use the other stages: the actors named in a reproach, private individuals, and
attributions whose reporting verb is of the class an item names (``reporting_class``).

Article level: generic frames get a calibrated probability (a non-negative logistic
combination of the named features of ``frame_features``, fitted on NFC train only by
analysis.training.frames: analysis/fitted/frames_calibration.json) and a threshold; policy frames
(no article-level training data exist) use a fixed, documented rule. A frame is only ever
`present` when at least one sentence carries evidence for it.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .actors import Actor
from .article import Article
from .attribution import AttributionResult
from .contested import ContestedLabel, ContestedResult
from .frame_structure import FRAME_OWN, Indicator, check_forms, dense_sentences, find_indicators
from .frame_structure import features as structure_features
from .nlp import ParseResult
from .resources import data_path, fitted_path, load_fitted_json, load_yaml
from .spans import NARRATOR, SpanIndex
from .stage import Stage, StageResult, register_stage
from .tabular import frame
from .voice import VoiceResult

CODEBOOK_FILES = {"generic": "frames_generic.yaml", "policy": "frames_policy.yaml"}
#: Where cue words are not cues: named entities of these spaCy (OntoNotes) labels, Title-Case
#: multiword names and @/# handles ("Bill" in Bill Clinton, "Un" in Kim Jong Un, "Fair" in Vanity
#: Fair, "Justice" in a department's name), unless the cue covers the whole name (the
#: codebook lists the name itself, e.g. "Congress"). Negated cues: _negated_positions.
NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT"})
NEGATORS = frozenset({"no", "not", "n't", "never", "nobody", "nothing", "none", "neither", "nor", "noone"})
#: A sentence whose alphabetic words are mostly Title-Case is a headline-style line, where
#: capitals do not mark names.
HEADLINE_TITLE_SHARE = 0.6
CALIBRATION_FILE = "frames_calibration.json"
#: Written by the evaluation commands (analysis.evaluate.reliability, `make eval`).
RELIABILITY_FILE = "reliability.json"
#: Per sentence and item, summed cue weight is capped here (repetition is not more evidence).
ITEM_CAP = 2.0


# --------------------------------------------------------------------------- codebooks

@dataclass(frozen=True)
class Cue:
    tokens: tuple[str, ...]        # lower-cased; a trailing "*" marks a prefix
    weight: float
    text: str


@dataclass
class Item:
    """One indicator question of a codebook frame and its cues."""
    id: str
    question: str
    cues: list[Cue]
    patterns: list[tuple[re.Pattern, float]]
    actors_weight: dict[int, float] | None = None
    reporting_class: str | None = None                           # attributions of this cue class count
    first: dict[str, list[Cue]] = field(default_factory=dict)   # first-token index
    prefixed: list[Cue] = field(default_factory=list)            # cues starting with a prefix


@dataclass
class FrameDef:
    key: str
    label: str
    items: list[Item]
    code: int | None = None
    nfc: str | None = None
    frac: int | None = None
    definition: str = ""
    parties_min_actors: int | None = None   # see `parties` in frames_generic.yaml
    private_person_item: bool = False       # private individuals are evidence for the first item
    structure: dict[str, list[str]] = field(default_factory=dict)   # see analysis.frame_structure


@dataclass
class Codebook:
    key: str
    name: str
    source: str
    frames: list[FrameDef]
    sentence_min_weight: float
    present_min_weight: float
    veto: Item                           # cues that make weak cues of a sentence not count
    index: "CueIndex | None" = None      # every item's cues and the veto's, compiled once
    structure_words: dict = field(default_factory=dict)   # word lists of analysis.frame_structure

    def compiled(self) -> "CueIndex":
        """The cue index of all items (in frame order) and, last, the veto."""
        if self.index is None:
            self.index = CueIndex([it for fd in self.frames for it in fd.items] + [self.veto])
        return self.index


def _cue(text: str, weight: float) -> Cue:
    text = str(text).strip().lower()
    toks = tuple(text.replace("-", " - ").split()) if (" " in text or "-" in text.strip("-")) else (text,)
    return Cue(toks, weight, text)


def _index(item: Item) -> None:
    for cue in item.cues:
        if cue.tokens[0].endswith("*"):
            item.prefixed.append(cue)
        else:
            item.first.setdefault(cue.tokens[0], []).append(cue)


def _item(iid: str, question: str, spec: dict) -> Item:
    weak_only = bool(spec.get("weak_only"))
    weak = {str(w).strip().lower() for w in spec.get("weak", []) or []}
    seen: dict[str, Cue] = {}
    for word in list(spec.get("cues", []) or []) + sorted(weak):
        w = str(word).strip().lower()
        seen[w] = _cue(w, 0.5 if (weak_only or w in weak) else 1.0)
    pats = [(re.compile(p), 0.5 if weak_only else 1.0) for p in spec.get("patterns", []) or []]
    aw = spec.get("actors_weight")
    item = Item(iid, question, [seen[k] for k in sorted(seen)], pats,
                {int(k): float(v) for k, v in aw.items()} if aw else None, spec.get("reporting_class"))
    _index(item)
    return item


def load_codebook(key: str, path=None) -> Codebook:
    """Read a codebook YAML (packaged by key, or any path with the same layout)."""
    data = load_yaml(Path(path)) if path else load_yaml(CODEBOOK_FILES[key])
    frames = []
    for fkey, spec in data["frames"].items():
        if "items" in spec:
            items = [_item(iid, it.get("question", ""), it) for iid, it in spec["items"].items()]
        else:
            items = [_item(f"{key}:{fkey}", spec.get("definition", ""), spec)]
        parties = (spec.get("parties") or {}).get("min_actors")
        if parties is not None and (not isinstance(parties, int) or parties < 2):
            raise ValueError(f"codebook {key!r}, frame {fkey!r}: parties.min_actors must be an integer >= 2")
        frames.append(FrameDef(fkey, spec.get("label", fkey), items, spec.get("code"), spec.get("nfc"),
                               spec.get("frac"), spec.get("definition", ""),
                               parties, bool(spec.get("private_person_item")),
                               check_forms(fkey, spec.get("structure"))))
    veto = Item("veto", "", [_cue(w, 1.0) for ctx in (data.get("veto") or {}).values() for w in ctx.get("cues", [])], [])
    _index(veto)
    return Codebook(key, data.get("name", key), data.get("source", ""), frames,
                    float(data.get("sentence_min_weight", 1.0)), float(data.get("present_min_weight", 2.0)),
                    veto, structure_words=dict(data.get("structure") or {}))


@lru_cache(maxsize=None)
def default_codebooks() -> tuple[Codebook, ...]:
    return tuple(load_codebook(k) for k in CODEBOOK_FILES)


@lru_cache(maxsize=None)
def load_calibration() -> dict:
    """Fitted per-frame weights and thresholds for the generic codebook ({} when absent)."""
    if not fitted_path(CALIBRATION_FILE).exists():
        return {}
    return load_fitted_json(CALIBRATION_FILE)


@lru_cache(maxsize=None)
def _reliability_rows() -> dict[tuple[str, str], dict]:
    path = data_path(RELIABILITY_FILE)
    if not path.exists():
        return {}
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return {(r["output"], r["name"]): r for r in rows}


def reliability_of(codebook: str, frame: str) -> dict | None:
    """How far a frame's calls can be trusted, as measured on held-out annotated news: precision,
    recall, F1, the always-yes baseline's F1, `reliable` (F1 above that baseline), the dataset and
    the date. None when the frame has not been measured."""
    r = _reliability_rows().get((f"{codebook} frame", f"{codebook}:{frame}"))
    if r is None:
        return None
    return {k: r[k] for k in ("precision", "recall", "f1", "baseline", "baseline_f1", "reliable", "dataset", "date")}


# --------------------------------------------------------------------------- matching

@dataclass(frozen=True)
class CueMatch:
    """One matched cue: the lexicon entry, the text it matched and where."""
    cue: str
    text: str
    start: int
    end: int
    weight: float
    source: str = "lexicon"        # lexicon | pattern | actors | attribution | private-person
    speaker: str = NARRATOR        # narrator, a quoted speaker's name, or unknown source

    def to_dict(self) -> dict:
        return {"cue": self.cue, "text": self.text, "start": self.start, "end": self.end,
                "weight": round(self.weight, 4), "source": self.source, "speaker": self.speaker}


@dataclass
class ItemHit:
    """Evidence for one indicator item in one sentence."""
    sentence_id: int
    item: str
    weight: float
    cues: list[CueMatch]
    note: str = ""

    def to_dict(self) -> dict:
        d = {"sentence_id": self.sentence_id, "item": self.item, "weight": round(self.weight, 4),
             "cues": [c.to_dict() for c in self.cues]}
        if self.note:
            d["note"] = self.note
        return d


def _tok_match(tok_lemma: str, tok_lower: str, pat: str, pos: str = "") -> bool:
    if "/" in pat and len(pat) > 1:
        pat, want = pat.rsplit("/", 1)
        if pos.lower() != want:
            return False
    if pat.endswith("*"):
        p = pat[:-1]
        return tok_lower.startswith(p) or tok_lemma.startswith(p)
    return tok_lower == pat or tok_lemma == pat


Slotted = tuple[int, Cue]     # (index of the item in its CueIndex, cue)


class CueIndex:
    """Every cue of a codebook's items (plus its veto), compiled once: exact first tokens in one
    dict, prefix cues ("word*") in a dict by prefix, and a per-token cache of the candidate cues,
    so a sentence is scanned once for all items instead of once per item."""

    def __init__(self, items: list[Item]):
        self.items = items
        self.first: dict[str, list[Slotted]] = {}
        self.prefix: dict[str, list[Slotted]] = {}
        self.other: list[Slotted] = []          # prefix cues with a part-of-speech suffix
        for slot, item in enumerate(items):
            for key, cues in item.first.items():
                self.first.setdefault(key, []).extend((slot, c) for c in cues)
            for c in item.prefixed:
                target = self.other if "/" in c.tokens[0] else self.prefix.setdefault(c.tokens[0][:-1], [])
                target.append((slot, c))
        self.max_prefix = max((len(p) for p in self.prefix), default=0)
        self._cache: dict[tuple[str, str, str], tuple[Slotted, ...]] = {}

    def _prefixed(self, s: str) -> list[Slotted]:
        return [sc for n in range(min(len(s), self.max_prefix) + 1) for sc in self.prefix.get(s[:n], ())]

    def candidates(self, lemma: str, lower: str, pos: str) -> tuple[Slotted, ...]:
        """Cues whose first token matches this token (lemma or lower-cased form, part of speech)."""
        key = (lemma, lower, pos)
        got = self._cache.get(key)
        if got is None:
            p, f = pos.lower(), self.first
            keys = [lower, f"{lower}/{p}"] + ([lemma, f"{lemma}/{p}"] if lemma != lower else [])
            found = [sc for k in keys for sc in f.get(k, ())]
            pre = {id(c): (s, c) for s, c in self._prefixed(lower) + (self._prefixed(lemma) if lemma != lower else [])}
            found += pre.values()
            found += [(s, c) for s, c in self.other if _tok_match(lemma, lower, c.tokens[0], pos)]
            got = self._cache[key] = tuple(found)
        return got

    def find(self, toks: list[tuple[str, str, int, int, str]], names: list[tuple[int, int]] = (),
             negated: frozenset[int] = frozenset()) -> dict[int, list[tuple[int, int, Cue]]]:
        """Per item slot: all (token start, token end, cue) matches in a token list, except
        matches inside a name (token ranges `names`) and matches with a negated token."""
        out: dict[int, list[tuple[int, int, Cue]]] = {}
        n = len(toks)
        for i, (lemma, lower, _, _, pos) in enumerate(toks):
            for slot, cue in self.candidates(lemma, lower, pos):
                k = len(cue.tokens)
                if i + k <= n and all(_tok_match(toks[i + j][0], toks[i + j][1], cue.tokens[j], toks[i + j][4])
                                      for j in range(1, k)) and not _excluded(i, i + k, names, negated):
                    out.setdefault(slot, []).append((i, i + k, cue))
        return out


def _excluded(i: int, j: int, names, negated) -> bool:
    """A match of tokens i..j-1 that is negated, or lies partly inside a name it does not cover."""
    return any(p in negated for p in range(i, j)) or any(
        a < j and i < b and not (i <= a and b <= j) for a, b in names)


def _negated_positions(ts: list) -> frozenset[int]:
    """Positions (over `ts`) of negated tokens: the head of a negation ("did not accuse", "no
    protest", "never voted"), the predicate of a negated copula ("was not controversial") and
    the verb whose subject is "no one"/"nobody" ("no one was hurt")."""
    pos = {t.i: k for k, t in enumerate(ts)}
    marked = set()
    for t in ts:
        if t.dep_ == "neg" or (t.dep_ in ("det", "advmod") and t.lower_ in NEGATORS):
            h = t.head
            marked.add(h.i)
            marked.update(c.i for c in h.children if c.dep_ in ("acomp", "attr"))
            if h.dep_ in ("nsubj", "nsubjpass"):
                marked.add(h.head.i)
        elif t.lower_ in NEGATORS and t.dep_ in ("nsubj", "nsubjpass"):
            marked.add(t.head.i)
    return frozenset(pos[i] for i in marked if i in pos)


class _EntityIndex:
    """The document's entities by start token, so each sentence finds its own by bisection
    (spaCy's ``Span.ents`` scans every entity of the document for each sentence)."""

    def __init__(self, doc):
        self.ents = sorted(doc.ents, key=lambda e: (e.start, e.end))
        self.starts = [e.start for e in self.ents]

    def within(self, span) -> list:
        """The entities lying wholly inside ``span`` (as ``span.ents``)."""
        out = []
        for k in range(bisect_left(self.starts, span.start), len(self.ents)):  # no slice copy
            e = self.ents[k]
            if e.start >= span.end:
                break
            if e.end <= span.end:
                out.append(e)
        return out


def _name_ranges(ts: list, span, entities: _EntityIndex | None = None) -> list[tuple[int, int]]:
    """Token ranges (over the sentence's non-space tokens `ts`) that are names: named entities of
    NAME_LABELS (without a leading "the"), Title-Case runs of two or more words (not in a
    headline-style line) and @/# handles."""
    pos = {t.i: k for k, t in enumerate(ts)}
    out = []
    for ent in (entities.within(span) if entities is not None else span.ents):
        if ent.label_ in NAME_LABELS:
            ks = [pos[t.i] for t in ent if t.i in pos and not (t.i == ent.start and t.lower_ == "the")]
            if ks:
                out.append((ks[0], ks[-1] + 1))
    alpha = [t for t in ts if t.is_alpha]
    if not alpha or sum(t.is_title for t in alpha) / len(alpha) < HEADLINE_TITLE_SHARE:
        k = 0
        while k < len(ts):
            e = k
            while e < len(ts) and ts[e].is_title and ts[e].is_alpha:
                e += 1
            # A determiner capitalised only because it starts the sentence is no part of the name
            # ("The Liberals conspired": the cue "Liberals" is a party, not inside a name).
            s = k + 1 if e > k and ts[k].pos_ == "DET" else k
            if e - s >= 2:
                out.append((s, e))
            k = max(e, k + 1)
    for k, t in enumerate(ts):
        if t.text[:1] in "@#" and len(t.text) > 1:
            out.append((k, k + 1))
        elif t.text in ("@", "#") and k + 1 < len(ts) and ts[k + 1].idx == t.idx + 1:
            out.append((k, k + 2))
    return sorted(set(out))


def _longest_non_overlapping(matches: list[tuple[int, int, Cue]]) -> list[tuple[int, int, Cue]]:
    chosen, used = [], set()
    for m in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[0], m[2].text)):
        span = set(range(m[0], m[1]))
        if not span & used:
            used |= span
            chosen.append(m)
    return sorted(chosen, key=lambda m: (m[0], m[1]))


@dataclass
class _SentenceInfo:
    id: int
    start: int
    end: int
    text: str
    toks: list[tuple[str, str, int, int, str]]   # (lemma, lower, start, end, coarse POS)
    actors: list[str]                             # distinct actor names, in order of mention
    private: list[tuple[str, int, int]]           # private-person mentions (name, start, end)
    reporting: list[tuple[str, str, int, int]]    # attribution cues: (cue class, lemma, start, end)
    names: list[tuple[int, int]] = field(default_factory=list)   # token ranges that are names
    negated: frozenset[int] = frozenset()                        # negated token positions
    vetoed: bool = False


def _match_item(item: Item, si: _SentenceInfo, spans: SpanIndex, text: str,
                matches: list[tuple[int, int, Cue]]) -> ItemHit | None:
    found = _longest_non_overlapping(matches)
    cues = []
    for i, j, cue in found:
        if cue.weight < 1.0 and si.vetoed:
            continue
        a, b = si.toks[i][2], si.toks[j - 1][3]
        cues.append(CueMatch(cue.text, text[a:b], a, b, cue.weight, "lexicon", spans.first_owner(a, b)))
    taken = [(c.start, c.end) for c in cues]
    for rx, w in item.patterns:
        for m in rx.finditer(si.text):
            a, b = si.start + m.start(), si.start + m.end()
            if b > a and not any(s < b and a < e for s, e in taken):
                cues.append(CueMatch(f"/{rx.pattern}/", m.group(0), a, b, w, "pattern", spans.first_owner(a, b)))
                taken.append((a, b))
    note = ""
    for cls, lemma, a, b in si.reporting:
        if cls == item.reporting_class and not any(s <= a and b <= e for s, e in taken):
            cues.append(CueMatch(lemma, text[a:b], a, b, 1.0, "attribution", spans.first_owner(a, b)))
            taken.append((a, b))
    if not cues:
        return None
    cues.sort(key=lambda c: (c.start, c.end, c.cue))
    if item.actors_weight is not None:
        n = min(len(si.actors), max(item.actors_weight))
        weight = item.actors_weight.get(n, 1.0)
        note = ("actors: " + "; ".join(si.actors)) if si.actors else "no actor named"
    else:
        weight = min(ITEM_CAP, sum(c.weight for c in cues))
    return ItemHit(si.id, item.id, weight, cues, note)


# --------------------------------------------------------------------------- results

@dataclass
class FrameScore:
    """Article-level result for one frame of one codebook."""
    codebook: str
    frame: str
    label: str
    score: float
    present: bool
    threshold: float
    rule: str
    share: float                  # share of body sentences that carry the frame
    weight: float                 # summed (capped) cue weight over the article
    sentence_ids: list[int]
    items: dict[str, float]       # item id -> summed weight
    contributions: dict[str, float]
    evidence: list[ItemHit]
    code: int | None = None
    rank: int = 0
    parties: dict | None = None   # {min_actors, weight, sentences: [{sentence_id, actors}]}
    reliability: dict | None = None   # measured on held-out data, see reliability_of
    words: list[dict] | None = None   # learned frame words raising the score (word model only)
    structure: dict[str, Indicator] | None = None   # structural indicators (analysis.frame_structure)

    @property
    def reliable(self) -> bool:
        """False when the measured F1 is not above the trivial baseline's (unmeasured: True)."""
        return self.reliability is None or bool(self.reliability["reliable"])

    def to_dict(self) -> dict:
        d = {"frame": self.frame, "label": self.label, "code": self.code, "rank": self.rank,
             "score": round(self.score, 4), "present": self.present,
             "threshold": round(self.threshold, 4), "rule": self.rule, "share": round(self.share, 4),
             "weight": round(self.weight, 4), "sentence_ids": list(self.sentence_ids),
             "items": {k: round(v, 4) for k, v in self.items.items()},
             "contributions": {k: round(v, 4) for k, v in self.contributions.items()},
             "evidence": [h.to_dict() for h in self.evidence],
             "reliability": dict(self.reliability) if self.reliability is not None else None}
        if self.words is not None:
            d["words"] = [dict(w) for w in self.words]
        if self.structure is not None:
            d["structure"] = {k: v.to_dict() for k, v in sorted(self.structure.items())}
        if self.parties is not None:
            d["parties"] = {"min_actors": self.parties["min_actors"], "weight": round(self.parties["weight"], 4),
                            "sentences": [{"sentence_id": s["sentence_id"], "actors": list(s["actors"])}
                                          for s in self.parties["sentences"]]}
        return d


@dataclass
class FrameResult(StageResult):
    """All frames of one article: per codebook, per sentence, and contested labels."""
    frames: list[FrameScore]
    sentence_frames: dict[int, dict[str, list[str]]]    # sentence id -> codebook -> frames
    contested: list[ContestedLabel]
    codebooks: dict[str, dict]
    n_sentences: int
    speaker_source: str
    #: Character spans of the names the cue matcher skips (not serialised): the learned words
    #: skip them too, and policy-word training reads them (analysis.training.frames).
    name_spans: list[tuple[int, int]] = field(default_factory=list)

    def get(self, codebook: str, frame: str) -> FrameScore:
        for f in self.frames:
            if f.codebook == codebook and f.frame == frame:
                return f
        raise KeyError((codebook, frame))

    def ranked(self, codebook: str) -> list[FrameScore]:
        return sorted((f for f in self.frames if f.codebook == codebook), key=lambda f: f.rank)

    def present(self, codebook: str) -> list[str]:
        return [f.frame for f in self.ranked(codebook) if f.present]

    def json_items(self) -> dict:
        return {"frames": self.to_dict()}

    def to_dict(self) -> dict:
        out = {"speaker_source": self.speaker_source, "codebooks": {}}
        for key, meta in self.codebooks.items():
            fr = self.ranked(key)
            order = meta["order"]
            out["codebooks"][key] = {"name": meta["name"], "source": meta["source"],
                                     "calibration": meta["calibration"], "items": meta["items"],
                                     "present": [f.frame for f in fr if f.present],
                                     "leading": [f.frame for f in fr if f.present and f.reliable][:3],
                                     "not_reliable": [f.frame for f in fr if not f.reliable],
                                     "frames": [f.to_dict() for f in sorted(fr, key=lambda f: order.index(f.frame))]}
        out["sentences"] = [{"sentence_id": sid, **{k: v for k, v in cb.items()}}
                            for sid, cb in sorted(self.sentence_frames.items())]
        out["contested_labels"] = [c.to_dict() for c in self.contested]
        return out

    def tables(self) -> dict[str, pd.DataFrame]:
        fs = self.frames
        frames = frame({
            "codebook": [f.codebook for f in fs], "frame": [f.frame for f in fs], "label": [f.label for f in fs],
            "code": [f.code for f in fs], "rank": [f.rank for f in fs], "score": [round(f.score, 4) for f in fs],
            "present": [f.present for f in fs], "threshold": [round(f.threshold, 4) for f in fs],
            "rule": [f.rule for f in fs], "share": [round(f.share, 4) for f in fs],
            "weight": [round(f.weight, 4) for f in fs], "n_sentences": [len(f.sentence_ids) for f in fs],
            "sentence_ids": [";".join(map(str, f.sentence_ids)) for f in fs],
            "items": ["; ".join(f"{k}={v:.2f}" for k, v in f.items.items() if v) for f in fs],
            "precision": [f.reliability["precision"] if f.reliability else None for f in fs],
            "reliable": [f.reliable for f in fs]}, _FRAME_KINDS)
        ev: dict[str, list] = {name: [] for name in _EVIDENCE_KINDS}
        for f in fs:
            by_sent: dict[int, list[ItemHit]] = {}
            for h in f.evidence:
                by_sent.setdefault(h.sentence_id, []).append(h)
            for sid in sorted(by_sent):
                hits = by_sent[sid]
                cues = [c for h in hits for c in h.cues]
                ev["codebook"].append(f.codebook)
                ev["frame"].append(f.frame)
                ev["sentence_id"].append(sid)
                ev["items"].append(";".join(h.item for h in hits))
                ev["weight"].append(round(sum(h.weight for h in hits), 4))
                ev["cues"].append("; ".join(c.text for c in cues))
                ev["offsets"].append("; ".join(f"{c.start}-{c.end}" for c in cues))
                ev["speakers"].append("; ".join(sorted({c.speaker for c in cues})))
        sents = sorted(self.sentence_frames.items())
        sent = {"sentence_id": [sid for sid, _ in sents],
                "frames_generic": [";".join(cb.get("generic", [])) for _, cb in sents],
                "frames_policy": [";".join(cb.get("policy", [])) for _, cb in sents]}
        return {"frames": frames,
                "frame_evidence": frame(ev, _EVIDENCE_KINDS),
                "sentences": frame(sent, _SENTENCE_KINDS)}


#: Columns of the framing tables in order, with their kinds (``tabular.frame``).
_FRAME_KINDS = {"codebook": "str", "frame": "str", "label": "str", "code": "int", "rank": "int", "score": "float",
                "present": "bool", "threshold": "float", "rule": "str", "share": "float", "weight": "float",
                "n_sentences": "int", "sentence_ids": "str", "items": "str", "precision": "float",
                "reliable": "bool"}
_EVIDENCE_KINDS = {"codebook": "str", "frame": "str", "sentence_id": "int", "items": "str", "weight": "float",
                   "cues": "str", "offsets": "str", "speakers": "str"}
_SENTENCE_KINDS = {"sentence_id": "int", "frames_generic": "str", "frames_policy": "str"}


# --------------------------------------------------------------------------- the stage

def _reporting_cues(article: Article, parse: ParseResult, attributions: AttributionResult
                    ) -> dict[int, list[tuple[str, str, int, int]]]:
    """Per sentence: the cues of attributions that have a cue class, as (class, lemma, start, end)."""
    out: dict[int, list[tuple[str, str, int, int]]] = {}
    sents = {s.id: s for s in article.sentences}
    for rel in attributions.attributions:
        if rel.cue_class is None:
            continue
        lemma = (rel.cue_lemma or "").lower()
        cs, ce = rel.cue_start, rel.cue_end
        s = article.sentence_at(cs) if cs is not None and ce is not None and ce > cs else None
        if s is not None:
            out.setdefault(s.id, []).append((rel.cue_class, lemma or article.text[cs:ce].lower(), cs, ce))
            continue
        for sid in rel.sentence_ids:
            tok = next((t for t in parse.sentence(sents[sid]) or [] if t.lemma_.lower() == lemma), None)
            if tok is not None:
                out.setdefault(sid, []).append((rel.cue_class, lemma, tok.idx, tok.idx + len(tok.text)))
    return out


def _sentence_infos(article: Article, parse: ParseResult, actors: list[Actor],
                    attributions: AttributionResult) -> list[_SentenceInfo]:
    by_sent_actors: dict[int, list[str]] = {}
    private: dict[int, list[tuple[str, int, int]]] = {}
    mentions = sorted(((m.start, m.end, m.sentence_id, a) for a in actors for m in a.mentions),
                      key=lambda x: (x[0], x[1]))
    for start, end, sid, a in mentions:
        lst = by_sent_actors.setdefault(sid, [])
        if a.name not in lst:
            lst.append(a.name)
        if a.type == "person" and a.affiliation == a.name:
            private.setdefault(sid, []).append((a.name, start, end))
    reporting = _reporting_cues(article, parse, attributions)
    entities = _EntityIndex(parse.doc)
    infos = []
    for s in article.sentences:
        span = parse.sentence(s)
        ts = [t for t in (span or []) if not t.is_space]
        toks = [(t.lemma_.lower(), t.lower_, t.idx, t.idx + len(t.text), t.pos_) for t in ts]
        infos.append(_SentenceInfo(s.id, s.start, s.end, s.text, toks, by_sent_actors.get(s.id, []),
                                   private.get(s.id, []), reporting.get(s.id, []),
                                   _name_ranges(ts, span, entities) if span is not None else [],
                                   _negated_positions(ts)))
    return infos


def name_spans(infos: list[_SentenceInfo]) -> list[tuple[int, int]]:
    """Character spans of every sentence's name token ranges (`_name_ranges`)."""
    return [(si.toks[a][2], si.toks[b - 1][3]) for si in infos for a, b in si.names]


def sentence_hits(infos: list[_SentenceInfo], text: str, spans: SpanIndex, codebooks=None
                  ) -> dict[str, dict[str, list[ItemHit]]]:
    """Every item hit per codebook and frame (the raw evidence)."""
    codebooks = codebooks or default_codebooks()
    hits: dict[str, dict[str, list[ItemHit]]] = {}
    for cb in codebooks:
        hits[cb.key] = {}
        index = cb.compiled()
        veto_slot = len(index.items) - 1
        for si in infos:
            found = index.find(si.toks, si.names, si.negated)
            si.vetoed = bool(cb.veto.cues) and bool(found.get(veto_slot))
            slot = 0
            for fd in cb.frames:
                for item in fd.items:
                    matches = found.get(slot)
                    slot += 1
                    if not (matches or item.patterns or (si.reporting and item.reporting_class)):
                        continue      # no cue, pattern or reporting verb can hit: _match_item gives None
                    h = _match_item(item, si, spans, text, matches or [])
                    if h is not None:
                        hits[cb.key].setdefault(fd.key, []).append(h)
                if fd.private_person_item and si.private:
                    hits[cb.key].setdefault(fd.key, []).append(_private_hit(fd, si, spans, text))
    return hits


def _private_hit(fd: FrameDef, si: _SentenceInfo, spans: SpanIndex, text: str) -> ItemHit:
    """Private individuals named in a sentence: evidence for the frame's first item (the human
    face of an issue, in the generic codebook's human-interest frame)."""
    cues = [CueMatch("private person", text[a:b], a, b, 0.5, "private-person", spans.first_owner(a, b))
            for _, a, b in si.private]
    return ItemHit(si.id, fd.items[0].id, 0.5, cues,
                   "private individual: " + "; ".join(sorted({n for n, _, _ in si.private})))




def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


#: Calibration features besides one per indicator item, in the order they are summed.
PARTIES, LEAD, SHARE, LENGTH = "parties", "lead", "share", "length"
#: `features` value of a calibration section whose frames weigh the article's learned frame
#: words (analysis.frame_words) and the cue features of all its frames (article_features).
WORDS_FEATURES = "words+cues"
#: Body sentences that make up the lead (where a story states its angle; the ``lead`` feature).
LEAD_SENTENCES = 3


def lead_weight(per_sent: dict[int, float]) -> float:
    """A frame's cue weight in the lead (the first LEAD_SENTENCES body sentences)."""
    return sum((w for sid, w in per_sent.items() if sid < LEAD_SENTENCES), 0.0)


def frame_features(item_ids: list[str], items: dict[str, float], share: float, n_sentences: int,
                   parties: float | None = None, lead: float | None = None,
                   structure: dict[str, float] | None = None) -> dict[str, float]:
    """Named calibration features of one frame: log1p(item weight) per item id, ``parties``
    (log1p of the cue weight in sentences naming several actors) for frames that define it,
    ``lead`` (log1p of the cue weight in the lead) when given, the structural indicator features
    (``indicator.form``, analysis.frame_structure) when given, ``share`` of sentences carrying
    the frame and ``length`` (log1p of the sentence count)."""
    out = {i: math.log1p(items.get(i, 0.0)) for i in item_ids}
    out.update(structure or {})
    if parties is not None:
        out[PARTIES] = math.log1p(parties)
    if lead is not None:
        out[LEAD] = math.log1p(lead)
    out[SHARE] = share
    out[LENGTH] = math.log1p(n_sentences)
    return out


def article_features(tallies: dict[str, tuple[dict[str, float], float, float]], n_sentences: int) -> dict[str, float]:
    """Named article-level features over all frames of a codebook (the policy calibration weighs
    every frame's cues, since e.g. crime cues also speak for and against security): per frame
    ``key`` (item weights, share, lead weight): log1p of each item weight, ``key.share``,
    ``key.lead`` (log1p), and ``length`` (log1p of the sentence count)."""
    out: dict[str, float] = {}
    for key, (items, share, lead) in tallies.items():
        out.update({i: math.log1p(w) for i, w in items.items()})
        out[f"{key}.{LEAD}"] = math.log1p(lead)
        out[f"{key}.{SHARE}"] = share
    out[LENGTH] = math.log1p(n_sentences)
    return out


def parties_evidence(fd: FrameDef, per_sent: dict[int, float], infos: list[_SentenceInfo]) -> dict | None:
    """The frame's cue weight in sentences naming at least `fd.parties_min_actors` different
    actors, with those sentences and all actors each names (None when the frame does not define
    `parties`). Counted like the item weights: a sentence below `sentence_min_weight` counts too."""
    if fd.parties_min_actors is None:
        return None
    sents = [si for si in infos if si.id in per_sent and len(si.actors) >= fd.parties_min_actors]
    return {"min_actors": fd.parties_min_actors, "weight": sum((per_sent[si.id] for si in sents), 0.0),
            "sentences": [{"sentence_id": si.id, "actors": list(si.actors)} for si in sents]}


@dataclass
class _Tally:
    """One frame's evidence summed over the article."""
    per_sent: dict[int, float]
    items: dict[str, float]
    carrying: list[int]
    share: float
    parties: dict | None


def _tally(fd: FrameDef, cb: Codebook, fh: list[ItemHit], infos: list[_SentenceInfo]) -> _Tally:
    per_sent: dict[int, float] = {}
    items = {it.id: 0.0 for it in fd.items}
    for h in fh:
        per_sent[h.sentence_id] = per_sent.get(h.sentence_id, 0.0) + h.weight
        items[h.item] += h.weight
    carrying = sorted(sid for sid, w in per_sent.items() if w >= cb.sentence_min_weight)
    share = len(carrying) / len(infos) if infos else 0.0
    return _Tally(per_sent, items, carrying, share, parties_evidence(fd, per_sent, infos))


def calibrated_score(c: dict, features: dict[str, float]) -> tuple[float, dict[str, float]]:
    """Logistic score of a frame from its fitted weights (by feature name) and each feature's
    contribution to the log-odds. Features the calibration has no weight for do not count."""
    contrib = {name: c["weights"][name] * x for name, x in features.items() if name in c["weights"]}
    return _sigmoid(c["bias"] + sum(contrib.values())), contrib


def _frame_x(fd: FrameDef, t: _Tally, n: int, found: dict[str, Indicator] | None = None) -> dict[str, float]:
    """The frame's own named calibration features (``frame_features``) from its tally and the
    structural indicators found in the article."""
    return frame_features([it.id for it in fd.items], t.items, t.share, n,
                          t.parties["weight"] if t.parties is not None else None, lead_weight(t.per_sent),
                          structure_features(found or {}, fd.structure, n) if fd.structure else None)


def _score(fd: FrameDef, cb: Codebook, t: _Tally, n: int, c: dict | None,
           found: dict[str, Indicator] | None = None) -> tuple[float, float, bool, dict, str]:
    """(score, threshold, present, contributions, rule) of one frame."""
    if c:
        score, contrib = calibrated_score(c, _frame_x(fd, t, n, found))
        return (score, float(c["threshold"]), score >= float(c["threshold"]) and bool(t.carrying), contrib,
                "calibrated logistic score >= threshold, with evidence")
    # Fixed rule: density of (capped) cue weight per sentence, present from a total weight.
    dens = sum(min(v, ITEM_CAP) for v in t.per_sent.values()) / (ITEM_CAP * n) if n else 0.0
    present = bool(t.carrying) and sum(t.per_sent[s] for s in t.carrying) >= cb.present_min_weight
    return (min(1.0, dens), cb.present_min_weight, present, {},
            f"summed cue weight >= {cb.present_min_weight:g} in sentences carrying the frame")


def _top_words(wc: dict[str, float]) -> list[str]:
    """The TOP_WORDS words with the largest positive contributions (ties by spelling)."""
    from .frame_words import TOP_WORDS

    return sorted((w for w, v in wc.items() if v > 0), key=lambda w: (-wc[w], w))[:TOP_WORDS]


def _learned_word_offsets(wm: tuple, frames: dict, text: str) -> dict[str, list[tuple[int, int]]]:
    """Where every frame's top learned words occur: one scan of the text for all frames."""
    from .frame_words import contributions, word_offsets

    vec, weights = wm
    tops = {w for key in frames for w in _top_words(contributions(vec, weights.get(key, {})))}
    return word_offsets(text, tops)


def _word_score(c: dict, shared: dict[str, float], vec: dict[str, float], weights: dict[str, float],
                offs: dict[str, list[tuple[int, int]]], require: tuple[bool, bool],
                t: _Tally) -> tuple[float, bool, dict, list[dict], str]:
    """(score, present, contributions, words, rule) of one frame under the word model: logistic
    of the bias, the learned words' terms and the cue features' terms; the TOP_WORDS words that
    raise the score most are listed with their count and first MAX_WORD_OFFSETS offsets
    (``offs``: `_learned_word_offsets`). ``require``: (cue evidence required, the article has
    enough words outside names for a call on words alone)."""
    from .frame_words import MAX_WORD_OFFSETS, contributions

    score, contrib = calibrated_score(c, shared)
    wc = contributions(vec, weights)
    z = c["bias"] + sum(contrib.values()) + sum(wc.values())
    score = _sigmoid(z)
    top = _top_words(wc)
    words = [{"word": w, "contribution": round(wc[w], 4), "count": len(offs.get(w, [])),
              "offsets": [list(o) for o in offs.get(w, [])[:MAX_WORD_OFFSETS]]} for w in top]
    contrib = dict(contrib, words=sum(wc.values()))
    require_cues, enough_words = require
    has_evidence = bool(t.carrying) or (not require_cues and enough_words and bool(words))
    present = score >= float(c["threshold"]) and has_evidence
    rule = ("learned words + cue features: logistic score >= threshold"
            + (", with cue evidence" if require_cues else ", with cue or word evidence"))
    return score, present, contrib, words, rule


def _enough_words(section: dict, text: str) -> bool:
    """Whether the text (names blanked) has the least number of words a call on learned words
    alone needs (``min_words``, chosen by train CV)."""
    from .frame_words import word_count

    least = int(section.get("min_words", 0))
    return least <= 0 or word_count(text) >= least


def _codebook_meta(cb: Codebook, calibration: dict) -> dict:
    return {"name": cb.name, "source": cb.source,
            "calibration": (calibration[cb.key].get("fitted_on") or calibration.get("fitted_on", ""))
            if calibration.get(cb.key) else "fixed rule (not fitted)",
            "order": [fd.key for fd in cb.frames],
            "items": {it.id: it.question for fd in cb.frames for it in fd.items}}


def _word_model(cb: Codebook, section: dict, text: str):
    """(word vector of the article, per-frame word weights) when the section is a word model or
    (generic frames) names a words file for the frames whose calibration has `model: words`."""
    if section.get("features") != WORDS_FEATURES and "words" not in section:
        return None
    from .frame_words import WORDS_FILE, load_words, tfidf

    name = section.get("words", WORDS_FILE)
    fw = load_words(name)
    if fw is None:
        raise FileNotFoundError(f"the {cb.key} calibration needs analysis/fitted/{name}")
    return tfidf(text, fw.idf), fw.weights


def _rank(scored: list[FrameScore], order: list[str], by_evidence: bool) -> None:
    """Ranks: present frames first, ordered by their cue evidence (summed weight, then share)
    when `by_evidence` (what a reader checks), else every frame by score."""
    def key(f):
        if by_evidence:
            return (not f.present, not f.evidence, -f.weight if f.present else -f.score, -f.share, -f.score,
                    order.index(f.frame))
        return (not f.evidence, -f.score, -f.weight, order.index(f.frame))

    for rank, f in enumerate(sorted(scored, key=key), 1):
        f.rank = rank


def _used_structure(fd: FrameDef, c: dict | None) -> list[str]:
    """The structural indicators a frame's calibration weighs (a non-zero weight on one of their
    forms): only those are found and shown (a frame without calibration, as when fitting, gets
    every indicator its codebook entry allows)."""
    if not c:
        return sorted(fd.structure)
    weights = c.get("weights", {})
    return sorted(k for k, forms in fd.structure.items() if any(weights.get(f"{k}.{f}") for f in forms))


def _shown_structure(fd: FrameDef, c: dict | None, found: dict[str, Indicator] | None) -> dict | None:
    used = [k for k in _used_structure(fd, c) if found is not None and k in found]
    return {k: found[k] for k in used} if used else None


def _score_codebook(cb: Codebook, hits: dict[str, list[ItemHit]], infos: list[_SentenceInfo],
                    calibration: dict, sentence_frames: dict[int, dict[str, list[str]]],
                    text: str = "", found: dict[str, Indicator] | None = None) -> list[FrameScore]:
    section = calibration.get(cb.key) or {}
    frames = section.get("frames", {})
    tallies = {fd.key: _tally(fd, cb, hits.get(fd.key, []), infos) for fd in cb.frames}
    wm = _word_model(cb, section, text) if frames else None
    all_frames = section.get("features") == WORDS_FEATURES   # policy: every frame's cues; generic: its own
    shared = article_features({k: (t.items, t.share, lead_weight(t.per_sent)) for k, t in tallies.items()},
                              len(infos)) if wm is not None and all_frames else None
    offs = _learned_word_offsets(wm, frames, text) if wm is not None else {}
    require = (bool(section.get("require_cues", True)), _enough_words(section, text))
    scored = []
    sentences = None
    for fd in cb.frames:
        fh, t = hits.get(fd.key, []), tallies[fd.key]
        if "dense_sentences" in _used_structure(fd, frames.get(fd.key)):
            if sentences is None:
                sentences = {si.id: (si.start, si.end, si.text, si.actors) for si in infos}
            found_fd = dict(found or {}, dense_sentences=Indicator("dense_sentences", dense_sentences(fh, sentences)))
        else:
            found_fd = found
        for sid in t.carrying:
            sentence_frames[sid][cb.key].append(fd.key)
        words = None
        if wm is not None and frames.get(fd.key) and fd.key in wm[1]:
            c = frames[fd.key]
            x = shared if all_frames else _frame_x(fd, t, len(infos), found_fd)
            score, present, contrib, words, rule = _word_score(c, x, wm[0], wm[1][fd.key], offs, require, t)
            threshold = float(c["threshold"])
        else:
            score, threshold, present, contrib, rule = _score(fd, cb, t, len(infos), frames.get(fd.key), found_fd)
        scored.append(FrameScore(cb.key, fd.key, fd.label, score, present, threshold, rule, t.share,
                                 sum(t.items.values()), t.carrying, t.items, contrib,
                                 sorted(fh, key=lambda h: (h.sentence_id, h.item)), fd.code, parties=t.parties,
                                 reliability=reliability_of(cb.key, fd.key), words=words,
                                 structure=_shown_structure(fd, frames.get(fd.key), found_fd)))
    _rank(scored, [fd.key for fd in cb.frames], wm is not None and all_frames)
    return scored


def detect_frames(article: Article, parse: ParseResult, actors: list[Actor], attributions: AttributionResult,
                  voice: VoiceResult, contested: ContestedResult, codebooks=None,
                  calibration: dict | None = None) -> FrameResult:
    """Frames of one article after each codebook, with the evidence of every call."""
    codebooks = codebooks or default_codebooks()
    calibration = load_calibration() if calibration is None else calibration
    infos = _sentence_infos(article, parse, actors, attributions)
    hits = sentence_hits(infos, article.text, voice.index(), codebooks)
    sentence_frames = {si.id: {cb.key: [] for cb in codebooks} for si in infos}
    names = name_spans(infos)
    # Learned words never read inside names (as the cues): they see the text with names blanked.
    from .frame_words import mask_names

    word_text = mask_names(article.text, names)
    frames: list[FrameScore] = []
    for cb in codebooks:
        cal = (calibration.get(cb.key) or {}).get("frames", {})
        wanted = {k for fd in cb.frames for k in _used_structure(fd, cal.get(fd.key))} - FRAME_OWN
        found = find_indicators(cb.structure_words, wanted, parse.doc, article, actors, attributions) if wanted else None
        frames.extend(_score_codebook(cb, hits[cb.key], infos, calibration, sentence_frames, word_text, found))
    meta = {cb.key: _codebook_meta(cb, calibration) for cb in codebooks}
    return FrameResult(frames, sentence_frames, contested.labels, meta, len(infos), "attribution", names)


@register_stage
class FramingStage(Stage):
    """Generic and policy frames with evidence. Settings: ``codebooks`` (paths of codebook YAML
    files replacing the packaged ones, keyed like CODEBOOK_FILES) and ``calibration`` (a fitted
    calibration dict; {} scores every codebook by its fixed rule)."""

    name = "framing"
    requires = ("article", "parse", "actors", "attribution", "voice", "contested")

    def __init__(self, codebooks: dict[str, str | Path] | None = None, calibration: dict | None = None):
        self.codebooks = tuple(load_codebook(k, p) for k, p in codebooks.items()) if codebooks else None
        self.calibration = calibration

    def run(self, context) -> FrameResult:
        return detect_frames(context.require("article"), context.require("parse"), context.require("actors").actors,
                             context.require("attribution"), context.require("voice"),
                             context.require("contested"), self.codebooks, self.calibration)
