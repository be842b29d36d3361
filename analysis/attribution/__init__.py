"""Source attribution: who speaks, with which cue, saying what.

Rule-based over the spaCy dependency parse, with two packaged lexicons:
``reporting_verbs.yaml`` (the cue words and their framing class) and ``attribution_cues.csv``
(how often each of those words is a cue in the PolNeAR train split). Steps per article:

1. Cues (``cues``): verbs, nouns and "according to" whose lemma is a known cue and whose syntax
   carries content (a clause, an object, an adjacent quotation).
2. Source (``sources``): the cue's subject (passive agent, inherited from the governing verb for
   "went on to say", "and added", "adding that", "By announcing ..., X"; the passive subject for
   "After saying ..., X was taken"; the object for "punished X for claiming"; the modified noun
   for "who said"; the object of "according to"; the subject of "seemed/appeared" before a
   reporting verb; a name outside the quotation when the parser chose a quoted word; a
   transcript label "SMITH:" naming an actor of the article).
3. Content (``content``, ``quotes``): the clausal complement; the object and its prepositional
   tail ("accused X of ...", "praised X for ..."); the rest of the sentence for "..., X said."
   and "according to X"; the quotation(s) next to the cue for direct quotes (split quotes
   joined, quotes running over sentences and paragraphs followed; of two cues whose contents
   hold the quote, the outer one: "X said she expects “...”"); quoted sentences with no cue of
   their own inherit the previous speaker; transcript turns "SMITH: ..." (quoted or not).
4. Speaker (``speakers``): the actor whose mention the source covers; pronouns ("he"), relative
   pronouns ("who") and descriptions ("the president", "the company") resolve to the most
   recent compatible actor; unnamed sources ("officials") and documents ("a statement") are
   typed.

5. Gate and confidence (``gate``): sense-ambiguous cue words (show, release, tout, seem, ...) need a
   structural reason (clause, quotation, colon, speech-act object); every attribution gets a
   ``confidence`` learned on PolNeAR train per kind and construction.
   Candidate classifier (``classifier``): a reported-speech candidate that passes the gate is
   kept when a logistic model fitted on PolNeAR train (``fitted/attribution_candidates.json``)
   says so; its probability is then the attribution's ``confidence``.
6. Headline (``headline``): "X says Y" in the title line, kept apart from the body.

``extract`` runs the steps; ``records`` turns the drafts into ``Attribution`` records.
"""
from __future__ import annotations

from .candidates import Candidate
from .extract import cue_candidates, extract_attributions
from .lexicon import cue_class, cue_classes, cue_probability, structure_probability
from .results import SPEAKER_TYPES, Attribution, AttributionResult
from .stage import AttributionStage
from .thresholds import (
    P_ACCEPT,
    P_INSIDE_QUOTE,
    P_LEXICON_DEFAULT,
    P_WITH_CLAUSE,
    P_WITH_OBJECT,
    SCARE_QUOTE_WORDS,
    SMOOTHING,
)

__all__ = [
    "Attribution", "AttributionResult", "AttributionStage", "Candidate", "P_ACCEPT", "P_INSIDE_QUOTE", "P_LEXICON_DEFAULT",
    "P_WITH_CLAUSE", "P_WITH_OBJECT", "SCARE_QUOTE_WORDS", "SMOOTHING", "SPEAKER_TYPES", "cue_candidates",
    "cue_class", "cue_classes", "cue_probability", "extract_attributions", "structure_probability",
]
