"""Colours shared by charts and the HTML report: colour-blind-safe, stable per actor/affiliation.

Okabe & Ito (2008) "Color Universal Design" palette, then Paul Tol's muted scheme for more
categories; grey is reserved for the narrator and unknown sources.
"""
from __future__ import annotations

from .spans import NARRATOR as NARRATOR_VOICE
from .spans import UNKNOWN_SOURCE

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
CATEGORICAL = OKABE_ITO[:6] + TOL_MUTED  # no yellow: unreadable as text on white
NARRATOR = "#8C8C8C"
NEGATIVE, NEUTRAL, POSITIVE = "#D55E00", "#BBBBBB", "#0072B2"   # diverging ends: vermillion / blue
#: The one colour rule for sentiment: a bar, cell or mark takes the colour of its *label* (the
#: label the tables carry), never a second cut on the score.
SENTIMENT_COLORS = {"negative": NEGATIVE, "neutral": NEUTRAL, "positive": POSITIVE}


def label_color(label) -> str:
    """Colour of a sentiment label (negative / neutral / positive); neutral grey for anything else."""
    return SENTIMENT_COLORS.get(str(label), NEUTRAL)


def color_map(names: list[str]) -> dict[str, str]:
    """Assign colours in the given order (use a stable order, e.g. first mention in the article).

    "narrator" and unknown sources get grey; the rest cycle through CATEGORICAL.
    """
    out: dict[str, str] = {}
    i = 0
    for name in names:
        if name in out:
            continue
        if name is None or str(name).lower() in (NARRATOR_VOICE, UNKNOWN_SOURCE, "unknown", "unattributed"):
            out[name] = NARRATOR
            continue
        out[name] = CATEGORICAL[i % len(CATEGORICAL)]
        i += 1
    return out


def actor_order(result) -> list[str]:
    """Actor names and affiliations in order of first mention: the key for stable colours."""
    names: list[str] = []
    for actor in sorted(result.actors, key=lambda a: a.mentions[0].start):
        for key in (actor.name, actor.affiliation):
            if key not in names:
                names.append(key)
    return names


def actor_colors(result, extra: list[str] | None = None) -> dict[str, str]:
    """One colour per actor name and affiliation in this article (plus ``extra`` keys)."""
    return color_map(actor_order(result) + [e for e in (extra or []) if e is not None])
