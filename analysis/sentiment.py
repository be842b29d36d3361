"""Sentiment of an article: per sentence and paragraph, by voice (narrator vs each quoted
source), and toward each actor (target-dependent, with evidence words).

Sentence scores are TextBlob polarity/subjectivity and VADER compound plus a calibrated
3-class label (logistic regression over those scores, fitted on NewsMTSC train by
analysis/training/sentiment.py). Document and paragraph scores are means of sentence
scores (VADER saturates on long text). Voice splits each sentence into quoted content (from the
attribution stage, or text inside quotation marks when it is absent) and the narrator's
remainder, so quoted words are never credited to the narrator. Sentiment toward an actor is
scored per mention by analysis.target_sentiment; a speaker's own quoted words, and the source
and cue of their attributions, never count toward that speaker.
"""
from __future__ import annotations

import bisect
import itertools
import json
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from .actors import NOT_ACTORS, Actor
from .attribution import Attribution, AttributionResult
from .nlp import ParseResult
from .resources import fitted_path
from .spans import NARRATOR, ContentSpan, owner
from .stage import Stage, StageResult, register_stage
from .tabular import frame, rows_frame
from .target_sentiment import CLASSES, TargetScore, lexicon, score_targets, softmax
from .voice import SentenceVoice, VoiceResult

CALIBRATION_FILE = "sentiment_sentence_calibration.json"
#: A narrator segment (sentence text outside quoted content) needs this many words to be scored.
MIN_SEGMENT_WORDS = 3
ROUND = 4


def _r(x: float) -> float:
    return round(float(x), ROUND) + 0.0


def mean(values: list) -> float:
    """``float(np.mean(values))`` (the same reduction, so the same bits) without np.mean's
    Python-level wrapping, which cost more than the sum on these short lists."""
    return float(np.add.reduce(np.asarray(values, dtype=np.float64))) / len(values)


# --------------------------------------------------------------------------- sentence scores

@dataclass(frozen=True)
class TextScore:
    textblob_polarity: float
    textblob_subjectivity: float
    vader_compound: float
    label: str                                  # calibrated: negative | neutral | positive
    probabilities: tuple[float, float, float]

    def to_dict(self) -> dict:
        return {"textblob_polarity": self.textblob_polarity, "textblob_subjectivity": self.textblob_subjectivity,
                "vader_compound": self.vader_compound, "label": self.label}


class SentenceScorer:
    """TextBlob + VADER scores of a text and the calibrated label."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.mean = np.asarray(spec["mean"])
        self.std = np.asarray(spec["std"])
        self.weights = np.asarray(spec["weights"])
        self.bias = np.asarray(spec["bias"])
        self._memo: dict[str, TextScore] = {}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "SentenceScorer":
        with open(fitted_path(CALIBRATION_FILE), encoding="utf-8") as fh:
            return cls(json.load(fh))

    def score_text(self, text: str) -> TextScore:
        text = text.strip()
        score = self._memo.get(text)
        if score is None:             # a sentence and its whole-sentence narrator segment: once
            if len(self._memo) >= 4096:
                self._memo.clear()
            score = self._memo[text] = self._score(text)
        return score

    def _score(self, text: str) -> TextScore:
        compound, pos, neg, pol, subj = lexicon().sentence_scores(text)
        x = (np.array([compound, pos, neg, pol, subj]) - self.mean) / self.std
        p = softmax((x @ self.weights + self.bias)[None, :])[0]
        return TextScore(_r(pol), _r(subj), _r(compound), CLASSES[int(np.argmax(p))],
                         tuple(_r(v) for v in p))


@dataclass(frozen=True)
class SentenceSentiment:
    sentence_id: int
    paragraph: int
    score: TextScore
    voice: str                 # narrator | quoted | mixed
    speaker: str | None


@dataclass(frozen=True)
class Segment:
    """A scored stretch of one sentence in one voice: quoted content or the narrator's text."""
    sentence_id: int
    start: int
    end: int
    voice: str                 # narrator | quoted
    speaker: str | None        # quoted: canonical speaker or UNKNOWN_SOURCE; narrator: None
    score: TextScore


def aggregate(scores: list[TextScore]) -> dict:
    """Means of TextBlob/VADER scores, label counts and the label of the mean probabilities."""
    counts = {c: sum(1 for s in scores if s.label == c) for c in CLASSES}
    if not scores:
        return {"n": 0, "textblob_polarity": 0.0, "textblob_subjectivity": 0.0, "vader_compound": 0.0,
                "label": "neutral", "label_counts": counts}
    probs = np.mean([s.probabilities for s in scores], axis=0)
    return {"n": len(scores),
            "textblob_polarity": _r(mean([s.textblob_polarity for s in scores])),
            "textblob_subjectivity": _r(mean([s.textblob_subjectivity for s in scores])),
            "vader_compound": _r(mean([s.vader_compound for s in scores])),
            "label": CLASSES[int(np.argmax(probs))], "label_counts": counts}


# --------------------------------------------------------------------------- actors

@dataclass(frozen=True)
class MentionSentiment:
    actor_id: str
    text: str
    start: int
    end: int
    sentence_id: int
    voice: str                 # narrator | quoted: is the mention inside quoted content?
    speaker: str | None        # who says it, for quoted mentions
    score: float
    label: str
    evidence: tuple            # analysis.target_sentiment.Evidence, strongest first

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "sentence_id": self.sentence_id,
                "voice": self.voice, "speaker": self.speaker, "score": self.score, "label": self.label,
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class ActorSentiment:
    actor_id: str
    name: str
    type: str
    mention_count: int
    mentions: list[MentionSentiment] = field(default_factory=list)   # scored mentions only
    excluded: list[dict] = field(default_factory=list)                # mentions not scored, with reason

    def _summary(self, ms: list[MentionSentiment]) -> dict:
        counts = {c: sum(1 for m in ms if m.label == c) for c in CLASSES}
        score = _r(mean([m.score for m in ms])) if ms else 0.0
        label = "neutral" if not ms else ("positive" if score >= 0.15 else "negative" if score <= -0.15 else "neutral")
        return {"n": len(ms), "score": score, "label": label, "label_counts": counts}

    @property
    def summary(self) -> dict:
        return self._summary(self.mentions)

    def by_voice(self) -> dict:
        narr = [m for m in self.mentions if m.voice == NARRATOR]
        quoted = [m for m in self.mentions if m.voice == "quoted"]
        speakers = sorted({m.speaker for m in quoted})
        return {"narrator": self._summary(narr), "quoted": self._summary(quoted),
                "speakers": [{"speaker": sp, **self._summary([m for m in quoted if m.speaker == sp])}
                             for sp in speakers]}

    def evidence(self, top: int = 8) -> list[dict]:
        words = [(e, m.sentence_id) for m in self.mentions for e in m.evidence]
        words.sort(key=lambda x: (-abs(x[0].contribution), x[0].start))
        seen, out = set(), []
        for e, sid in words:
            if (e.start, e.end) in seen:
                continue
            seen.add((e.start, e.end))
            out.append({"word": e.word, "start": e.start, "end": e.end, "sentence_id": sid,
                        "contribution": _r(e.contribution)})
            if len(out) == top:
                break
        return out

    def to_dict(self) -> dict:
        return {"actor_id": self.actor_id, "name": self.name, "type": self.type,
                "mention_count": self.mention_count, **self.summary, "by_voice": self.by_voice(),
                "evidence": self.evidence(), "mentions": [m.to_dict() for m in self.mentions],
                "excluded_mentions": self.excluded}


# --------------------------------------------------------------------------- result

@dataclass
class SentimentResult(StageResult):
    sentences: list[SentenceSentiment]
    segments: list[Segment]
    paragraphs: dict[int, list[int]]                # paragraph id -> sentence ids
    actors: list[ActorSentiment]

    def document(self) -> dict:
        return aggregate([s.score for s in self.sentences])

    def paragraph_rows(self) -> list[dict]:
        by_id = {s.sentence_id: s.score for s in self.sentences}
        return [{"paragraph": p, "sentence_ids": ids, **aggregate([by_id[i] for i in ids])}
                for p, ids in sorted(self.paragraphs.items())]

    def voice_rows(self) -> list[dict]:
        """Narrator, all quoted content, then each quoted speaker (by name)."""
        narr = [g for g in self.segments if g.voice == NARRATOR]
        quoted = [g for g in self.segments if g.voice == "quoted"]
        rows = [{"voice": NARRATOR, "speaker": None, "sentence_ids": sorted({g.sentence_id for g in narr}),
                 **aggregate([g.score for g in narr])},
                {"voice": "quoted", "speaker": None, "sentence_ids": sorted({g.sentence_id for g in quoted}),
                 **aggregate([g.score for g in quoted])}]
        by_speaker: dict = {}
        for g in quoted:
            by_speaker.setdefault(g.speaker, []).append(g)
        for sp in sorted(by_speaker):
            gs = by_speaker[sp]
            rows.append({"voice": "quoted", "speaker": sp, "sentence_ids": sorted({g.sentence_id for g in gs}),
                         **aggregate([g.score for g in gs])})
        return rows

    def json_items(self) -> dict:
        return {"sentiment": self.to_dict()}

    def to_dict(self) -> dict:
        return {
            "method": {
                "sentence": "TextBlob polarity/subjectivity, VADER compound; label from a logistic "
                            "regression over both, fitted on NewsMTSC train",
                "aggregation": "document and paragraph scores are means of sentence scores",
                "voice_source": "attributions",
                "target": "target-dependent logistic regression over VADER word valences (negation, "
                          "contrast, distance, dependency role) and learned context-word weights",
            },
            "document": self.document(),
            "paragraphs": self.paragraph_rows(),
            "voices": self.voice_rows(),
            "segments": [{"sentence_id": g.sentence_id, "start": g.start, "end": g.end, "voice": g.voice,
                          "speaker": g.speaker, **g.score.to_dict()} for g in self.segments],
            "sentences": [{"sentence_id": s.sentence_id, "voice": s.voice, "speaker": s.speaker,
                           **s.score.to_dict()} for s in self.sentences],
            "actors": [a.to_dict() for a in self.actors],
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        sents = self.sentences
        sentences = frame({"sentence_id": [s.sentence_id for s in sents],
                           "textblob_polarity": [s.score.textblob_polarity for s in sents],
                           "textblob_subjectivity": [s.score.textblob_subjectivity for s in sents],
                           "vader_compound": [s.score.vader_compound for s in sents],
                           "sentiment_label": [s.score.label for s in sents]}, _SENTENCE_KINDS)
        actor_rows = []
        for a in self.actors:
            s, v = a.summary, a.by_voice()
            actor_rows.append({
                "actor_id": a.actor_id, "name": a.name, "type": a.type, "mention_count": a.mention_count,
                "scored_mentions": s["n"], "score": s["score"], "label": s["label"],
                **s["label_counts"], "narrator_mentions": v["narrator"]["n"], "narrator_score": v["narrator"]["score"],
                "quoted_mentions": v["quoted"]["n"], "quoted_score": v["quoted"]["score"],
                "evidence": "; ".join(f"{e['word']} (s{e['sentence_id']}, {e['contribution']:+.2f})"
                                      for e in a.evidence())})
        voice_rows = [{**r, **r["label_counts"], "sentence_ids": " ".join(map(str, r["sentence_ids"]))}
                      for r in self.voice_rows()]
        mentions = [m for a in self.actors for m in a.mentions]
        mention_cols = {name: [getattr(m, name) for m in mentions] for name in _MENTION_KINDS if name != "evidence"}
        mention_cols["evidence"] = ["; ".join(f"{e.word}@{e.start} {e.contribution:+.2f}" for e in m.evidence)
                                    for m in mentions]
        return {"sentences": sentences,
                "actor_sentiment": rows_frame(actor_rows, _ACTOR_KINDS),
                "voice_sentiment": rows_frame(voice_rows, _VOICE_KINDS),
                "mention_sentiment": frame(mention_cols, _MENTION_KINDS)}


#: Columns of the sentiment tables in order, with their kinds (``tabular.frame``).
_SENTENCE_KINDS = {"sentence_id": "int", "textblob_polarity": "float", "textblob_subjectivity": "float",
                   "vader_compound": "float", "sentiment_label": "str"}
_ACTOR_KINDS = {"actor_id": "str", "name": "str", "type": "str", "mention_count": "int",
                "scored_mentions": "int", "score": "float", "label": "str", "negative": "int", "neutral": "int",
                "positive": "int", "narrator_mentions": "int", "narrator_score": "float",
                "quoted_mentions": "int", "quoted_score": "float", "evidence": "str"}
_VOICE_KINDS = {"voice": "str", "speaker": "str", "n": "int", "vader_compound": "float",
                "textblob_polarity": "float", "textblob_subjectivity": "float", "label": "str",
                "negative": "int", "neutral": "int", "positive": "int", "sentence_ids": "str"}
_MENTION_KINDS = {"actor_id": "str", "text": "str", "start": "int", "end": "int", "sentence_id": "int",
                  "voice": "str", "speaker": "str", "score": "float", "label": "str", "evidence": "str"}


# --------------------------------------------------------------------------- the stage

def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalpha() for ch in w))


def _segments(article, voices: list[SentenceVoice], scorer: SentenceScorer) -> list[Segment]:
    out = []
    by_id = {s.id: s for s in article.sentences}
    for v in voices:
        s = by_id[v.sentence_id]
        # Nested or overlapping content (reported speech inside reported speech) belongs to the
        # outer span; the sentence is cut into non-overlapping pieces.
        spans = sorted(v.spans, key=lambda sp: (sp.start, -sp.end, sp.speaker or ""))
        pos = s.start
        pieces = []
        for sp in spans:
            if sp.end <= pos:
                continue
            if sp.start > pos:
                pieces.append((pos, sp.start, NARRATOR, None))
            pieces.append((max(pos, sp.start), sp.end, "quoted", owner(sp)))
            pos = sp.end
        if pos < s.end:
            pieces.append((pos, s.end, NARRATOR, None))
        for a, b, voice, speaker in pieces:
            text = article.text[a:b]
            if voice == NARRATOR and _words(text) < MIN_SEGMENT_WORDS:
                continue
            if voice == "quoted" and _words(text) == 0:
                continue
            out.append(Segment(s.id, a, b, voice, speaker, scorer.score_text(text)))
    return out


def _inside(start: int, end: int, ranges) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


class _Ranges:
    """(start, end) ranges found by overlap with bisection (sorted by start, walking back only
    while a range can still reach), not by a scan per mention."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.ranges = sorted(ranges)
        self.starts = [a for a, _ in self.ranges]
        self.reach = list(itertools.accumulate((b for _, b in self.ranges), max))

    def overlapping(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Every range (repeats kept) with a < hi and lo < b."""
        k, out = bisect.bisect_left(self.starts, hi) - 1, []
        while k >= 0 and self.reach[k] > lo:
            if self.ranges[k][1] > lo:
                out.append(self.ranges[k])
            k -= 1
        return out


def _own_words(spans: list[ContentSpan], attributions: list[Attribution]) -> dict[str, list[tuple[int, int]]]:
    """Per speaker: their quoted content and the source and cue of their attributions (text
    that never counts toward sentiment about them)."""
    own: dict[str, list[tuple[int, int]]] = {}
    for sp in spans:
        if sp.speaker:
            own.setdefault(sp.speaker, []).append((sp.start, sp.end))
    for at in attributions:
        if not at.speaker:
            continue
        for a, b in ((at.source_start, at.source_end), (at.cue_start, at.cue_end)):
            if a is not None and b is not None and a < b:
                own.setdefault(at.speaker, []).append((a, b))
    return own


def _actor_sentiment(article, parse: ParseResult, actors: list[Actor], voice: VoiceResult,
                     attributions: list[Attribution]) -> list[ActorSentiment]:
    actors = [a for a in actors if a.type not in NOT_ACTORS]   # products, storms, places: not actors
    sent_by_id = {s.id: s for s in article.sentences}
    index = voice.index()
    own_words = _own_words(voice.spans, attributions)
    items, keys = [], []
    results = [ActorSentiment(a.id, a.name, a.type, a.mention_count) for a in actors]
    content_of: dict[str, list[tuple[int, int]]] = {}  # speaker -> content spans (one pass)
    for sp in voice.spans:
        content_of.setdefault(sp.speaker, []).append((sp.start, sp.end))
    for actor, out in zip(actors, results):
        own = _Ranges(own_words.get(actor.name, []))
        own_content = _Ranges(content_of.get(actor.name, []))
        for m in actor.mentions:
            s = sent_by_id.get(m.sentence_id)
            if s is None:
                continue
            if _inside(m.start, m.end, own_content.overlapping(m.start, m.start + 1)):
                out.excluded.append({"start": m.start, "end": m.end, "sentence_id": m.sentence_id,
                                     "reason": "inside the actor's own quoted words"})
                continue
            exclude = tuple(sorted((max(a, s.start), min(b, s.end)) for a, b in own.overlapping(s.start, s.end)
                                   if not (a <= m.start and m.end <= b)))
            items.append((parse.sentence(s), m.start, m.end, exclude))
            inside = index.containing(m.start, m.end)
            container = max(inside, key=lambda sp: (sp.end - sp.start, -sp.start)) if inside else None
            keys.append((out, m, container))
    scores: list[TargetScore] = score_targets(items) if items else []
    for (out, m, container), sc in zip(keys, scores):
        voice_name = "quoted" if container is not None else NARRATOR
        speaker = owner(container) if container is not None else None
        out.mentions.append(MentionSentiment(out.actor_id, m.text, m.start, m.end, m.sentence_id, voice_name,
                                             speaker, sc.score, sc.label, sc.evidence))
    return results


def analyze_sentiment(article, parse: ParseResult, actors: list[Actor], attributions: AttributionResult,
                      voice: VoiceResult, scorer: SentenceScorer | None = None) -> SentimentResult:
    """Sentence, paragraph, voice and actor sentiment of one article (``scorer``: anything with
    ``score_text(text) -> TextScore``; default the packaged TextBlob + VADER scorer)."""
    scorer = scorer or SentenceScorer.load()
    voice_by_id = {v.sentence_id: v for v in voice.sentences}
    sentences = []
    paragraphs: dict[int, list[int]] = {}
    for s in article.sentences:
        v = voice_by_id.get(s.id)
        sentences.append(SentenceSentiment(s.id, s.paragraph, scorer.score_text(s.text),
                                           v.voice if v else NARRATOR, v.speaker if v else None))
        paragraphs.setdefault(s.paragraph, []).append(s.id)
    return SentimentResult(sentences, _segments(article, voice.sentences, scorer), paragraphs,
                           _actor_sentiment(article, parse, actors, voice, attributions.attributions))


@register_stage
class SentimentStage(Stage):
    """Sentence, paragraph, voice and target-dependent actor sentiment. Setting: ``scorer``, a
    sentence scorer replacing the packaged one (an object with ``score_text(text) -> TextScore``)."""

    name = "sentiment"
    requires = ("article", "parse", "actors", "attribution", "voice")

    def __init__(self, scorer=None):
        self.scorer = scorer

    def run(self, context) -> SentimentResult:
        return analyze_sentiment(context.require("article"), context.require("parse"),
                                 context.require("actors").actors, context.require("attribution"),
                                 context.require("voice"), self.scorer)
