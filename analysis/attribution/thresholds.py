"""Tunable thresholds of cue acceptance and quotation handling."""
from __future__ import annotations

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
#: A cue noun without a framing class needs this learned probability to report what a
#: preposition introduces ("fears of a recession"); nouns with a class always do.
P_NOUN_PREP = 0.1
#: A quotation of at least this many words with no cue, source or signature is still speech:
#: an attribution with an unknown speaker (and a low confidence).
ORPHAN_QUOTE_WORDS = 6
