"""python -m analysis.bench TASK: speed measurements that print numbers."""
import sys

from ..taskcli import dispatch

TASKS = {
    "attribution": "attribution time per article vs spaCy parse time on the same texts",
    "sentiment": "sentence scoring throughput (sentences per second)",
    "batch": "corpus mode: articles per second and peak memory for 1, 2 workers and Dask",
    "stages": "seconds per pipeline stage and as a multiple of spaCy's parse",
    "scaling": "seconds per 10 KB and peak memory from 2 KB to 1 MB, real news and pathological shapes",
    "cli": "cold-start command line on one article, with and without charts, vs spaCy load + parse",
}

if __name__ == "__main__":
    sys.exit(dispatch("python -m analysis.bench", "Speed measurements.", "analysis.bench", TASKS))
