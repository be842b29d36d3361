"""Framing: which news frames an article uses, after two codebooks, with evidence for every call.

Codebooks are data files: generic frames after Semetko & Valkenburg (2000)
(analysis/data/frames_generic.yaml, indicator questions with cue lexicons) and the Policy
Frames Codebook of Boydstun et al. (2014) (analysis/data/frames_policy.yaml). Each sentence is
matched against every indicator item's cues (spaCy lemmas / lower-cased tokens, regex patterns);
structural cues use the other stages: the actors named in a reproach, private individuals, and
the attribution stage's reporting verbs of the "disputing" class.

Article level: generic frames get a calibrated probability (a non-negative logistic
combination of per-item cue counts, fitted on NFC train only: analysis/fitted/frames_calibration.json)
and a threshold; policy frames (no article-level training data exist) use a fixed, documented
rule. A frame is only ever `present` when at least one sentence carries evidence for it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from .resources import fitted_path, load_fitted_json, load_yaml
from .voice import ContentSpan, quote_spans

CODEBOOK_FILES = {"generic": "frames_generic.yaml", "policy": "frames_policy.yaml"}
CALIBRATION_FILE = "frames_calibration.json"
#: Per sentence and item, summed cue weight is capped here (repetition is not more evidence).
ITEM_CAP = 2.0
_DISPUTING = "disputing"


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


@dataclass
class Codebook:
    key: str
    name: str
    source: str
    frames: list[FrameDef]
    sentence_min_weight: float
    present_min_weight: float
    veto: list[Cue]
    fallback_reporting: dict[str, str]   # lemma -> cue class (used without attributions)


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
                {int(k): float(v) for k, v in aw.items()} if aw else None)
    _index(item)
    return item


def load_codebook(key: str, path=None) -> Codebook:
    """Read a codebook YAML (packaged by key, or any path with the same layout)."""
    from pathlib import Path

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
                               parties))
    veto = [_cue(w, 1.0) for ctx in (data.get("veto") or {}).values() for w in ctx.get("cues", [])]
    fallback = {}
    for cls, words in (data.get("fallback_reporting_verbs") or {}).items():
        for w in words:
            fallback[str(w).lower()] = cls
    return Codebook(key, data.get("name", key), data.get("source", ""), frames,
                    float(data.get("sentence_min_weight", 1.0)), float(data.get("present_min_weight", 2.0)),
                    veto, fallback)


@lru_cache(maxsize=None)
def default_codebooks() -> tuple[Codebook, ...]:
    return tuple(load_codebook(k) for k in CODEBOOK_FILES)


@lru_cache(maxsize=None)
def load_calibration() -> dict:
    """Fitted per-frame weights and thresholds for the generic codebook ({} when absent)."""
    if not fitted_path(CALIBRATION_FILE).exists():
        return {}
    return load_fitted_json(CALIBRATION_FILE)


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
    speaker: str = "narrator"      # narrator, a quoted speaker's name, or "unknown source"

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


def _find_cues(toks: list[tuple[str, str, int, int, str]], first: dict[str, list[Cue]],
               prefixed: list[Cue]) -> list[tuple[int, int, Cue]]:
    """All (token start, token end, cue) matches in a token list."""
    out = []
    n = len(toks)
    for i, (lemma, lower, _, _, pos) in enumerate(toks):
        cands = first.get(lower, []) + (first.get(lemma, []) if lemma != lower else [])
        cands = cands + first.get(f"{lower}/{pos.lower()}", []) + (
            first.get(f"{lemma}/{pos.lower()}", []) if lemma != lower else [])
        cands = cands + [c for c in prefixed if _tok_match(lemma, lower, c.tokens[0], pos)]
        for cue in cands:
            k = len(cue.tokens)
            if i + k <= n and all(_tok_match(toks[i + j][0], toks[i + j][1], cue.tokens[j], toks[i + j][4])
                                  for j in range(1, k)):
                out.append((i, i + k, cue))
    return out


def _longest_non_overlapping(matches: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    chosen, used = [], set()
    for m in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[0], getattr(m[2], "text", ""))):
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
    disputing: list[tuple[str, int, int]]         # attribution cues of class "disputing"
    vetoed: bool = False


def _speaker_at(spans: list[ContentSpan], start: int, end: int) -> str:
    for sp in spans:
        if sp.start <= start and end <= sp.end:
            return sp.speaker or "unknown source"
    return "narrator"


def _match_item(item: Item, si: _SentenceInfo, spans: list[ContentSpan], text: str) -> ItemHit | None:
    found = _longest_non_overlapping(_find_cues(si.toks, item.first, item.prefixed))
    cues = []
    for i, j, cue in found:
        if cue.weight < 1.0 and si.vetoed:
            continue
        a, b = si.toks[i][2], si.toks[j - 1][3]
        cues.append(CueMatch(cue.text, text[a:b], a, b, cue.weight, "lexicon", _speaker_at(spans, a, b)))
    taken = [(c.start, c.end) for c in cues]
    for rx, w in item.patterns:
        for m in rx.finditer(si.text):
            a, b = si.start + m.start(), si.start + m.end()
            if b > a and not any(s < b and a < e for s, e in taken):
                cues.append(CueMatch(f"/{rx.pattern}/", m.group(0), a, b, w, "pattern", _speaker_at(spans, a, b)))
                taken.append((a, b))
    note = ""
    if item.actors_weight is not None:
        for lemma, a, b in si.disputing:
            if not any(s <= a and b <= e for s, e in taken):
                cues.append(CueMatch(lemma, text[a:b], a, b, 1.0, "attribution", _speaker_at(spans, a, b)))
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

    def to_dict(self) -> dict:
        d = {"frame": self.frame, "label": self.label, "code": self.code, "rank": self.rank,
             "score": round(self.score, 4), "present": self.present,
             "threshold": round(self.threshold, 4), "rule": self.rule, "share": round(self.share, 4),
             "weight": round(self.weight, 4), "sentence_ids": list(self.sentence_ids),
             "items": {k: round(v, 4) for k, v in self.items.items()},
             "contributions": {k: round(v, 4) for k, v in self.contributions.items()},
             "evidence": [h.to_dict() for h in self.evidence]}
        if self.parties is not None:
            d["parties"] = {"min_actors": self.parties["min_actors"], "weight": round(self.parties["weight"], 4),
                            "sentences": [{"sentence_id": s["sentence_id"], "actors": list(s["actors"])}
                                          for s in self.parties["sentences"]]}
        return d


@dataclass
class FrameResult:
    """All frames of one article: per codebook, per sentence, and contested labels."""
    frames: list[FrameScore]
    sentence_frames: dict[int, dict[str, list[str]]]    # sentence id -> codebook -> frames
    contested: list[Any]
    codebooks: dict[str, dict]
    n_sentences: int
    speaker_source: str

    def get(self, codebook: str, frame: str) -> FrameScore:
        for f in self.frames:
            if f.codebook == codebook and f.frame == frame:
                return f
        raise KeyError((codebook, frame))

    def ranked(self, codebook: str) -> list[FrameScore]:
        return sorted((f for f in self.frames if f.codebook == codebook), key=lambda f: f.rank)

    def present(self, codebook: str) -> list[str]:
        return [f.frame for f in self.ranked(codebook) if f.present]

    def to_dict(self) -> dict:
        out = {"speaker_source": self.speaker_source, "codebooks": {}}
        for key, meta in self.codebooks.items():
            fr = self.ranked(key)
            order = meta["order"]
            out["codebooks"][key] = {"name": meta["name"], "source": meta["source"],
                                     "calibration": meta["calibration"], "items": meta["items"],
                                     "present": [f.frame for f in fr if f.present],
                                     "leading": [f.frame for f in fr[:3] if f.present],
                                     "frames": [f.to_dict() for f in sorted(fr, key=lambda f: order.index(f.frame))]}
        out["sentences"] = [{"sentence_id": sid, **{k: v for k, v in cb.items()}}
                            for sid, cb in sorted(self.sentence_frames.items())]
        out["contested_labels"] = [c.to_dict() for c in self.contested]
        return out

    def tables(self) -> dict[str, pd.DataFrame]:
        frame_cols = ["codebook", "frame", "label", "code", "rank", "score", "present", "threshold", "rule",
                      "share", "weight", "n_sentences", "sentence_ids", "items"]
        rows = [{"codebook": f.codebook, "frame": f.frame, "label": f.label, "code": f.code, "rank": f.rank,
                 "score": round(f.score, 4), "present": f.present, "threshold": round(f.threshold, 4),
                 "rule": f.rule, "share": round(f.share, 4), "weight": round(f.weight, 4),
                 "n_sentences": len(f.sentence_ids), "sentence_ids": ";".join(map(str, f.sentence_ids)),
                 "items": "; ".join(f"{k}={v:.2f}" for k, v in f.items.items() if v)} for f in self.frames]
        ev_cols = ["codebook", "frame", "sentence_id", "items", "weight", "cues", "offsets", "speakers"]
        ev = []
        for f in self.frames:
            by_sent: dict[int, list[ItemHit]] = {}
            for h in f.evidence:
                by_sent.setdefault(h.sentence_id, []).append(h)
            for sid in sorted(by_sent):
                hits = by_sent[sid]
                cues = [c for h in hits for c in h.cues]
                ev.append({"codebook": f.codebook, "frame": f.frame, "sentence_id": sid,
                           "items": ";".join(h.item for h in hits),
                           "weight": round(sum(h.weight for h in hits), 4),
                           "cues": "; ".join(c.text for c in cues),
                           "offsets": "; ".join(f"{c.start}-{c.end}" for c in cues),
                           "speakers": "; ".join(sorted({c.speaker for c in cues}))})
        sent = [{"sentence_id": sid, "frames_generic": ";".join(cb.get("generic", [])),
                 "frames_policy": ";".join(cb.get("policy", []))}
                for sid, cb in sorted(self.sentence_frames.items())]
        return {"frames": pd.DataFrame(rows, columns=frame_cols),
                "frame_evidence": pd.DataFrame(ev, columns=ev_cols),
                "sentences": pd.DataFrame(sent, columns=["sentence_id", "frames_generic", "frames_policy"])}


# --------------------------------------------------------------------------- pipeline stage

def _content_spans(result) -> tuple[list[ContentSpan], str]:
    att = getattr(result, "attributions", None)
    if att is not None and hasattr(att, "content_spans"):
        try:
            return list(att.content_spans()), "attribution"
        except Exception:  # a stage in flux must not break framing
            pass
    return _fallback_spans(result), "quote-fallback"


def _fallback_spans(result) -> list[ContentSpan]:
    """Quoted text (voice.quote_spans) with a guessed speaker: the only person actor named
    outside the quotes in the same sentence, if that sentence has a reporting verb."""
    article = result.article
    generic = default_codebooks()[0]
    spans = quote_spans(article)
    out = []
    for sp in spans:
        s = article.sentence_at(sp.start)
        speaker = None
        if s is not None and result.doc is not None:
            outside = [t for t in result.doc.char_span(s.start, s.end, alignment_mode="expand") or []
                       if not (sp.start <= t.idx < sp.end)]
            has_verb = any(_cue_class(t.lemma_.lower(), generic.fallback_reporting) is not None
                           for t in outside if t.pos_ in ("VERB", "ADP") or t.lower_ == "according")
            persons = sorted({a.name for a in (result.actors or []) if a.type == "person"
                              for m in a.mentions if m.sentence_id == s.id and not (sp.start <= m.start < sp.end)})
            if has_verb and len(persons) == 1:
                speaker = persons[0]
        out.append(ContentSpan(sp.start, sp.end, speaker, None, "direct"))
    return out


def _cue_class(lemma: str, fallback: dict[str, str]) -> str | None:
    try:
        from .attribution import cue_class  # the attribution stage, when installed
        found = cue_class(lemma)
    except Exception:
        found = None
    return found or fallback.get(lemma)


def _sentence_infos(result) -> list[_SentenceInfo]:
    article, doc = result.article, result.doc
    if doc is None:
        from .nlp import parse
        doc = result.doc = parse(article)
    by_sent_actors: dict[int, list[str]] = {}
    private: dict[int, list[tuple[str, int, int]]] = {}
    mentions = sorted(((m.start, m.end, m.sentence_id, a) for a in (result.actors or []) for m in a.mentions),
                      key=lambda x: (x[0], x[1]))
    for start, end, sid, a in mentions:
        lst = by_sent_actors.setdefault(sid, [])
        if a.name not in lst:
            lst.append(a.name)
        if a.type == "person" and a.affiliation == a.name:
            private.setdefault(sid, []).append((a.name, start, end))
    disputing: dict[int, list[tuple[str, int, int]]] = {}
    att = getattr(result, "attributions", None)
    if att is not None:
        sents = {s.id: s for s in article.sentences}
        for rel in getattr(att, "attributions", []) or []:
            if getattr(rel, "cue_class", None) != _DISPUTING:
                continue
            lemma = str(getattr(rel, "cue_lemma", "") or "").lower()
            cs, ce = getattr(rel, "cue_start", None), getattr(rel, "cue_end", None)
            if isinstance(cs, int) and isinstance(ce, int) and ce > cs:
                s = article.sentence_at(cs)
                if s is not None:
                    disputing.setdefault(s.id, []).append((lemma or article.text[cs:ce].lower(), cs, ce))
                    continue
            for sid in getattr(rel, "sentence_ids", []) or []:
                s = sents.get(sid)
                if s is None:
                    continue
                for t in doc.char_span(s.start, s.end, alignment_mode="expand") or []:
                    if t.lemma_.lower() == lemma:
                        disputing.setdefault(sid, []).append((lemma, t.idx, t.idx + len(t.text)))
                        break
    infos = []
    for s in article.sentences:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        toks = [(t.lemma_.lower(), t.lower_, t.idx, t.idx + len(t.text), t.pos_) for t in (span or [])
                if not t.is_space]
        infos.append(_SentenceInfo(s.id, s.start, s.end, s.text, toks, by_sent_actors.get(s.id, []),
                                   private.get(s.id, []), disputing.get(s.id, [])))
    return infos


def sentence_hits(result, codebooks=None, spans: list[ContentSpan] | None = None
                  ) -> tuple[dict[str, dict[str, list[ItemHit]]], list[_SentenceInfo]]:
    """Every item hit per codebook and frame (the raw evidence), and the sentences."""
    codebooks = codebooks or default_codebooks()
    text = result.article.text
    if spans is None:
        spans, _ = _content_spans(result)
    infos = _sentence_infos(result)
    hits: dict[str, dict[str, list[ItemHit]]] = {}
    for cb in codebooks:
        hits[cb.key] = {}
        for si in infos:
            si.vetoed = bool(cb.veto) and bool(_find_cues(si.toks, *_veto_index(cb)))
            for fd in cb.frames:
                for item in fd.items:
                    h = _match_item(item, si, spans, text)
                    if h is not None:
                        hits[cb.key].setdefault(fd.key, []).append(h)
                # private individuals: human face (generic codebook's first human-interest item)
                if fd.nfc == "HI" and si.private:
                    first = fd.items[0].id
                    cues = [CueMatch("private person", text[a:b], a, b, 0.5, "private-person",
                                     _speaker_at(spans, a, b)) for _, a, b in si.private]
                    hits[cb.key].setdefault(fd.key, []).append(
                        ItemHit(si.id, first, 0.5, cues, "private individual: " + "; ".join(sorted({n for n, _, _ in si.private}))))
    return hits, infos


_VETO_CACHE: dict[int, tuple] = {}


def _veto_index(cb: Codebook) -> tuple[dict, list]:
    key = id(cb)
    if key not in _VETO_CACHE:
        item = Item("veto", "", list(cb.veto), [])
        _index(item)
        _VETO_CACHE[key] = (item.first, item.prefixed)
    return _VETO_CACHE[key]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def frame_features(item_ids: list[str], items: dict[str, float], share: float, n_sentences: int,
                   parties: float | None = None) -> list[float]:
    """Calibration features of one frame: log1p(item weight) per item, log1p(cue weight in
    sentences naming several actors) for frames that define `parties`, share, log1p(#sentences)."""
    return ([math.log1p(items.get(i, 0.0)) for i in item_ids]
            + ([] if parties is None else [math.log1p(parties)]) + [share, math.log1p(n_sentences)])


def parties_evidence(fd: FrameDef, per_sent: dict[int, float], infos: list[_SentenceInfo]) -> dict | None:
    """The frame's cue weight in sentences naming at least `fd.parties_min_actors` different
    actors, with those sentences and all actors each names (None when the frame does not define
    `parties`). Counted like the item weights: a sentence below `sentence_min_weight` counts too."""
    if fd.parties_min_actors is None:
        return None
    sents = [si for si in infos if si.id in per_sent and len(si.actors) >= fd.parties_min_actors]
    return {"min_actors": fd.parties_min_actors, "weight": sum((per_sent[si.id] for si in sents), 0.0),
            "sentences": [{"sentence_id": si.id, "actors": list(si.actors)} for si in sents]}


def detect_frames(result, codebooks=None, calibration: dict | None = None) -> FrameResult:
    """Frames of one analysed article (an ArticleAnalysis with article, doc, actors, attributions)."""
    from .contested import detect_contested

    codebooks = codebooks or default_codebooks()
    calibration = load_calibration() if calibration is None else calibration
    spans, speaker_source = _content_spans(result)
    hits, infos = sentence_hits(result, codebooks, spans)
    n = len(infos)
    frames: list[FrameScore] = []
    sentence_frames: dict[int, dict[str, list[str]]] = {si.id: {cb.key: [] for cb in codebooks} for si in infos}
    meta = {}
    for cb in codebooks:
        cal = calibration.get(cb.key, {}) if calibration else {}
        meta[cb.key] = {"name": cb.name, "source": cb.source,
                        "calibration": calibration.get("fitted_on", "") if cal else "fixed rule (not fitted)",
                        "order": [fd.key for fd in cb.frames],
                        "items": {it.id: it.question for fd in cb.frames for it in fd.items}}
        order = meta[cb.key]["order"]
        scored = []
        for fd in cb.frames:
            fh = hits[cb.key].get(fd.key, [])
            per_sent: dict[int, float] = {}
            items = {it.id: 0.0 for it in fd.items}
            for h in fh:
                per_sent[h.sentence_id] = per_sent.get(h.sentence_id, 0.0) + h.weight
                items[h.item] += h.weight
            carrying = sorted(sid for sid, w in per_sent.items() if w >= cb.sentence_min_weight)
            for sid in carrying:
                sentence_frames[sid][cb.key].append(fd.key)
            weight = sum(items.values())
            share = len(carrying) / n if n else 0.0
            evidence = sorted(fh, key=lambda h: (h.sentence_id, h.item))
            parties = parties_evidence(fd, per_sent, infos)
            c = cal.get("frames", {}).get(fd.key) if cal else None
            if c:
                ids = [it.id for it in fd.items]
                # A calibration fitted without the parties feature scores without it.
                fitted_parties = parties is not None and "parties_weight" in c
                x = frame_features(ids, items, share, n, parties["weight"] if fitted_parties else None)
                w = ([c["weights"].get(i, 0.0) for i in ids]
                     + ([c["parties_weight"]] if fitted_parties else [])
                     + [c["share_weight"], c["length_weight"]])
                z = c["bias"] + sum(a * b for a, b in zip(w, x))
                score, threshold = _sigmoid(z), float(c["threshold"])
                contrib = {i: w[k] * x[k] for k, i in enumerate(ids)}
                if fitted_parties:
                    contrib["parties"] = w[len(ids)] * x[len(ids)]
                contrib["share"] = w[-2] * x[-2]
                rule = "calibrated logistic score >= threshold, with evidence"
                present = score >= threshold and bool(carrying)
            else:
                # Fixed rule: density of (capped) cue weight per sentence, present from a total weight.
                dens = sum(min(v, ITEM_CAP) for v in per_sent.values()) / (ITEM_CAP * n) if n else 0.0
                score, threshold = min(1.0, dens), cb.present_min_weight
                contrib = {}
                rule = f"summed cue weight >= {cb.present_min_weight:g} in sentences carrying the frame"
                present = bool(carrying) and sum(per_sent[s] for s in carrying) >= cb.present_min_weight
            scored.append(FrameScore(cb.key, fd.key, fd.label, score, present, threshold, rule, share, weight,
                                     carrying, items, contrib, evidence, fd.code, parties=parties))
        for rank, f in enumerate(sorted(scored, key=lambda f: (not f.evidence, -f.score, -f.weight,
                                                                 order.index(f.frame))), 1):
            f.rank = rank
        frames.extend(scored)
    contested = detect_contested(result.article, spans)
    return FrameResult(frames, sentence_frames, contested, meta, n, speaker_source)
