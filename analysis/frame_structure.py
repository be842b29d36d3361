"""Structural indicators of the responsibility and conflict frames, read from the other
stages' results rather than from words alone: who is held responsible (a blame or credit word
with a named actor among its arguments), who is asked to act (a call whose object is a government
actor or a government noun), how many government actors the story names, and disagreement
between named parties (attributions with a disputing cue when two or more named actors speak;
opposition verbs with different named actors as subject and object).

Word lists: the ``structure`` section of analysis/data/frames_generic.yaml; which indicators a
frame may use: its ``structure`` entry; which ones it does use: the fitted calibration (chosen
by nested train cross-validation, analysis.training.structure_select). Negated words do not
count ("did not blame", "never accused").
"""
from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

#: Actor types whose actors count as government (analysis.actors.ACTOR_TYPES).
GOVERNMENT_TYPES = frozenset({"government", "state"})
#: Speaker types of named parties (analysis.attribution.results.SPEAKER_TYPES without anonymous
#: sources and documents).
NAMED_TYPES = frozenset({"person", "government", "state", "media", "organisation", "group"})
INDICATORS = ("blame", "call_on_government", "government_actors", "disputes", "opposed_parties")
#: Feature forms of an indicator: log1p of its count, whether it occurs, count per sentence.
FORMS = ("count", "any", "rate")


@dataclass
class Indicator:
    """One structural indicator of an article: every occurrence, with where and who."""
    name: str
    evidence: list[dict]     # {sentence_id, text, start, end, actors}

    @property
    def count(self) -> int:
        return len(self.evidence)

    def to_dict(self) -> dict:
        return {"count": self.count, "evidence": [dict(e, actors=list(e["actors"])) for e in self.evidence]}


def features(found: dict[str, Indicator], forms: dict[str, list[str]], n_sentences: int) -> dict[str, float]:
    """Named calibration features ``indicator.form`` of the forms a frame lists."""
    out = {}
    for name, fs in forms.items():
        n = found[name].count if name in found else 0
        for form in fs:
            out[f"{name}.{form}"] = (math.log1p(n) if form == "count" else float(n > 0) if form == "any"
                                     else n / max(1, n_sentences))
    return out


def check_forms(frame: str, spec) -> dict[str, list[str]]:
    """A frame's ``structure`` entry ({indicator: [forms]}), checked."""
    spec = spec or {}
    for name, fs in spec.items():
        if name not in INDICATORS or not fs or any(f not in FORMS for f in fs):
            raise ValueError(f"frame {frame!r}: structure {name!r}: indicators are {', '.join(INDICATORS)}, "
                             f"forms {', '.join(FORMS)}")
    return {k: list(v) for k, v in spec.items()}


class _Mentions:
    """Actor mentions by character offset, to name the actors inside a set of tokens."""

    def __init__(self, actors):
        self.items = sorted(((m.start, m.end, a) for a in actors if a.type != "other" for m in a.mentions),
                            key=lambda x: (x[0], x[1]))
        self.starts = [s for s, _, _ in self.items]

    def actors_in(self, toks, types=None) -> list[str]:
        out = []
        for t in toks:
            a, b = t.idx, t.idx + len(t.text)
            k = max(0, bisect_left(self.starts, a) - 3)
            for s, e, actor in self.items[k:]:
                if s >= b:
                    break
                if s < b and a < e and (types is None or actor.type in types) and actor.name not in out:
                    out.append(actor.name)
        return out


def negated(t) -> bool:
    """A negated word: it has a negation ("did not blame", "no protest"), or it is the complement
    of a negated copula ("is not responsible")."""
    def neg(x):
        return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "never")) for c in x.children)
    return neg(t) or (t.dep_ in ("acomp", "attr", "xcomp", "oprd") and neg(t.head))


def _subtrees(t, deps) -> list:
    return [x for c in t.children if c.dep_ in deps for x in c.subtree]


def _arguments(t) -> list:
    """A blame word's arguments: its subtree, its subject and object, and the subject of the clause
    it completes ("X is responsible", "held X accountable")."""
    toks = list(t.subtree) + _subtrees(t, ("nsubj", "nsubjpass", "dobj", "agent"))
    if t.dep_ in ("acomp", "attr", "oprd", "xcomp", "ccomp", "amod"):
        toks += _subtrees(t.head, ("nsubj", "nsubjpass", "dobj"))
    return toks


def _hit(article, t, actors: list[str]) -> dict | None:
    s = article.sentence_at(t.idx)
    if s is None:
        return None
    return {"sentence_id": s.id, "text": t.text, "start": t.idx, "end": t.idx + len(t.text), "actors": actors}


def _token_indicators(lex: dict, doc, article, ments: _Mentions) -> dict[str, list[dict]]:
    """blame, call_on_government and opposed_parties: one scan of the tokens."""
    blame, calls, govn, needs, particles, opp = (set(lex.get(k) or ()) for k in (
        "blame_words", "call_verbs", "government_nouns", "call_needs_particle", "call_particles", "opposition_words"))
    out = {"blame": [], "call_on_government": [], "opposed_parties": []}
    for t in doc:
        lemma = t.lemma_.lower()
        if lemma not in blame and lemma not in calls and lemma not in opp or negated(t):
            continue
        if lemma in blame:
            out["blame"].append(_hit(article, t, ments.actors_in(_arguments(t))))
        if lemma in calls and t.pos_ == "VERB" and (lemma not in needs or any(c.lower_ in particles for c in t.children)):
            args = _subtrees(t, ("dobj", "prep", "ccomp", "xcomp", "dative"))
            who = ments.actors_in(args, GOVERNMENT_TYPES) + sorted({x.lower_ for x in args if x.lower_ in govn})
            out["call_on_government"].append(_hit(article, t, who))
        if lemma in opp and t.pos_ in ("VERB", "NOUN"):
            subj = ments.actors_in(_subtrees(t, ("nsubj", "agent", "poss")))
            obj = ments.actors_in(_subtrees(t, ("dobj", "prep", "nsubjpass", "ccomp")))
            both = subj and obj and set(subj) != set(obj)
            out["opposed_parties"].append(_hit(article, t, subj + [a for a in obj if a not in subj]) if both else None)
    return {k: [h for h in v if h is not None and h["actors"]] for k, v in out.items()}


def _disputes(article, attributions, doc, cue_class: str | None) -> list[dict]:
    """Attributions whose cue is of the disputing class (``cue_class``; not negated) by a named
    party, when two or more named parties speak."""
    named = [a for a in attributions.attributions if a.speaker_type in NAMED_TYPES and a.speaker_id]
    if cue_class is None or len({a.speaker_id for a in named}) < 2:
        return []
    out = []
    for a in named:
        if a.cue_class == cue_class and a.cue_start is not None and a.cue_end is not None:
            cue = doc.char_span(a.cue_start, a.cue_end, alignment_mode="expand")
            if cue is not None and any(negated(t) for t in cue):
                continue
            s = article.sentence_at(a.cue_start)
            sid = s.id if s is not None else (a.sentence_ids[0] if a.sentence_ids else 0)
            out.append({"sentence_id": sid, "text": article.text[a.cue_start:a.cue_end], "start": a.cue_start,
                        "end": a.cue_end, "actors": [a.speaker]})
    return out


def _government_actors(actors) -> list[dict]:
    """Every government or state actor the article names, at its first mention."""
    out = []
    for a in actors:
        ms = sorted(a.mentions, key=lambda m: m.start)
        if a.type in GOVERNMENT_TYPES and ms:
            m = ms[0]
            out.append({"sentence_id": m.sentence_id, "text": m.text, "start": m.start, "end": m.end,
                        "actors": [a.name]})
    return sorted(out, key=lambda e: (e["start"], e["actors"][0]))


def find_indicators(lex: dict, wanted: set[str], doc, article, actors, attributions) -> dict[str, Indicator]:
    """The indicators in ``wanted`` found in one analysed article (``lex``: the codebook's
    ``structure`` word lists; a list it lacks finds nothing)."""
    found: dict[str, list[dict]] = {}
    if wanted & {"blame", "call_on_government", "opposed_parties"}:
        found.update(_token_indicators(lex, doc, article, _Mentions(actors)))
    if "disputes" in wanted:
        found["disputes"] = _disputes(article, attributions, doc, lex.get("disputing_class"))
    if "government_actors" in wanted:
        found["government_actors"] = _government_actors(actors)
    return {k: Indicator(k, v) for k, v in found.items() if k in wanted}
