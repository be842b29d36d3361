"""python -m analysis.evaluate TASK: scores on public annotated news data."""
import sys

from ..taskcli import dispatch

TASKS = {
    "attribution": "PolNeAR attribution relations (source, cue, content)",
    "sentiment": "NewsMTSC target-dependent sentiment",
    "framing": "Narrative Frames Corpus (generic frames), SemEval-2023 and FrAC (policy frames)",
}

if __name__ == "__main__":
    sys.exit(dispatch("python -m analysis.evaluate", "Measure the analysis on public annotated news data.",
                      "analysis.evaluate", TASKS))
