"""python -m analysis.evaluate attribution --polnear DIR [--split dev] [--limit N] [--predictions-out FILE]

Scores the attribution extractor on PolNeAR (original brat files, read in place) next to a
simple baseline (direct quotes only, cue = nearest reporting verb, source = that verb's subject).

Metrics, overall and by kind (kind of a gold item: share of its content letters inside
quotation marks = 1 direct, 0 indirect, else mixed; a prediction's kind is its own):
- content lenient: overlap counted over letters and digits covers >= 50% of the shorter of the
  two contents (fragments joined); one prediction per gold item, greedy by overlap;
- content tight: overlap / union (letters and digits) >= 0.8, same one-to-one matching;
- content+speaker: the same one-to-one lenient matching among pairs whose source spans overlap
  (both absent also counts);
- cue: the same one-to-one lenient matching among pairs whose cue spans overlap.
"""
from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from ..article import parse_article
from ..attribution import cue_class
from ..errors import InputError
from ..pipeline import Pipeline
from ..quotes import find_quotes, quotes_in_article
from .attribution_breakdown import Breakdown, gold_constructions, pred_constructions, speaker_error
from .polnear import GoldAttribution, PolnearDoc, load_split

KINDS = ("direct", "mixed", "indirect")


def add_arguments(parser) -> None:
    parser.add_argument("--polnear", required=True, help="PolNeAR folder holding <split>/text and <split>/attributions")
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, help="only the first N articles (sorted by name)")
    parser.add_argument("--predictions-out", help="write one JSON line of predictions per article")
    parser.add_argument("--errors-out", help="write unmatched gold and predicted items (for error analysis)")
    parser.add_argument("--reliability", action="store_true",
                        help="write these scores into the packaged reliability table (make eval does)")


@dataclass
class Item:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "indirect"


def alnum_positions(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(i for a, b in spans for i in range(a, min(b, len(text))) if text[i].isalnum())


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(x < d and c < y for x, y in a for c, d in b)


def same_speaker(g: Item, p: Item) -> bool:
    """Both without a source, or source spans that overlap."""
    return (not g.source and not p.source) or overlaps(g.source, p.source)


def match(text: str, gold: list[Item], pred: list[Item], tight: bool = False,
          agree=None) -> list[tuple[int, int]]:
    """One-to-one greedy matching by content overlap; returns (gold index, pred index) pairs.
    ``agree(gold item, pred item)``, when given, is a further condition a pair must meet (a
    metric that also scores the speaker or the cue pairs only items that agree on it, so two
    nested attributions whose contents overlap are not paired crosswise)."""
    gpos = [alnum_positions(text, g.content) for g in gold]
    ppos = [alnum_positions(text, p.content) for p in pred]
    pairs = []
    for gi, g in enumerate(gpos):
        if not g:
            continue
        for pi, p in enumerate(ppos):
            if not p:
                continue
            ov = len(g & p)
            if not ov:
                continue
            ok = ov / len(g | p) >= 0.8 if tight else ov >= 0.5 * min(len(g), len(p))
            if ok and (agree is None or agree(gold[gi], pred[pi])):
                pairs.append((ov, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def gold_kind(text: str, content: list[tuple[int, int]], quotes) -> str:
    pos = alnum_positions(text, content)
    if not pos:
        return "indirect"
    inside = sum(1 for q in quotes for i in range(q.start, q.end) if i in pos)
    share = inside / len(pos)
    return "direct" if share >= 0.95 else "indirect" if share <= 0.05 else "mixed"


class Counts:
    def __init__(self):
        self.c = {}

    def add(self, metric: str, kind: str, tp_gold: int = 0, tp_pred: int = 0, n_gold: int = 0, n_pred: int = 0,
            overall: bool = True):
        for k in (("all", kind) if overall else (kind,)):
            row = self.c.setdefault((metric, k), [0, 0, 0, 0])
            row[0] += tp_gold
            row[1] += tp_pred
            row[2] += n_gold
            row[3] += n_pred

    def prf(self, metric: str, kind: str = "all") -> tuple[float, float, float, int, int]:
        tg, tp, ng, npred = self.c.get((metric, kind), [0, 0, 0, 0])
        p = tp / npred if npred else 0.0
        r = tg / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return 100 * p, 100 * r, 100 * f, ng, npred


METRICS = ("content-lenient", "content-tight", "content+speaker", "cue")


def score_doc(text: str, gold: list[Item], pred: list[Item], counts: Counts) -> list[tuple[int, int]]:
    lenient = match(text, gold, pred)
    tight = match(text, gold, pred, tight=True)
    for g in gold:
        for m in METRICS:
            counts.add(m, g.kind, n_gold=1)
    for p in pred:
        for m in METRICS:
            counts.add(m, p.kind, n_pred=1)

    def credit(metric, pairs):
        for gi, pi in pairs:
            counts.add(metric, gold[gi].kind, tp_gold=1, overall=False)
            counts.add(metric, "all", tp_gold=1, overall=False)
            counts.add(metric, pred[pi].kind, tp_pred=1, overall=False)
            counts.add(metric, "all", tp_pred=1, overall=False)

    credit("content-lenient", lenient)
    credit("content-tight", tight)
    credit("content+speaker", match(text, gold, pred, agree=same_speaker))
    credit("cue", match(text, gold, pred, agree=lambda g, p: overlaps(g.cue, p.cue)))
    return lenient


def polnear_article(doc: PolnearDoc):
    """The Article of a PolNeAR text (named by its file stem)."""
    return parse_article(doc.text, source_path=doc.stem, name=doc.stem)


def polnear_articles(docs: list[PolnearDoc]) -> tuple[list[tuple[PolnearDoc, object]], int]:
    """(doc, Article) pairs of the texts that parse, and how many were skipped (no body text)."""
    pairs, skipped = [], 0
    for d in docs:
        try:
            pairs.append((d, polnear_article(d)))
        except InputError:
            skipped += 1
    return pairs, skipped


def scored(res) -> list:
    """The body attributions, then the headline's (as records with the same fields)."""
    return list(res.attributions) + [
        SimpleNamespace(**h, kind="indirect", construction="headline", resolution="actor",
                        content_fragments=[(h["content_start"], h["content_end"])]) for h in res.headline]


def predict(res) -> list[Item]:
    """Scored items of an attribution result (headline attributions included)."""
    out = []
    for a in scored(res):
        out.append(Item(list(a.content_fragments),
                        [(a.source_start, a.source_end)] if a.source_start is not None else [],
                        [(a.cue_start, a.cue_end)] if a.cue_start is not None else [], a.kind))
    return out


def baseline(article, nlp_doc) -> list[Item]:
    """Direct quotes only: each quotation with >= 3 words; cue = the nearest reporting verb
    of the lexicon in the same sentence (outside the quote); source = that verb's subject."""
    out = []
    for q in quotes_in_article(article):
        if len(article.text[q.start:q.end].split()) < 3:
            continue
        s = article.sentence_at(q.start)
        if s is None:
            continue
        span = nlp_doc.char_span(s.start, s.end, alignment_mode="expand")
        verbs = [t for t in span if t.pos_ == "VERB" and cue_class(t.lemma_.lower()) is not None
                 and not (q.start <= t.idx < q.end)]
        cue, src = [], []
        if verbs:
            v = min(verbs, key=lambda t: min(abs(t.idx - q.start), abs(t.idx - q.end)))
            cue = [(v.idx, v.idx + len(v.text))]
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                toks = list(subj.subtree)
                src = [(toks[0].idx, toks[-1].idx + len(toks[-1].text))]
        out.append(Item([(q.start, q.end)], src, cue, "direct"))
    return out


def evaluate(root: str, split: str = "dev", limit: int | None = None, predictions_out: str | None = None,
             errors_out: str | None = None, nlp=None) -> dict:
    """Run the extractor and the baseline over a PolNeAR split; return Counts and timing."""
    docs = load_split(root, split, limit)
    ours, base, breakdown = Counts(), Counts(), Breakdown()
    pred_fh = open(predictions_out, "w", encoding="utf-8") if predictions_out else None
    err_fh = open(errors_out, "w", encoding="utf-8") if errors_out else None
    articles, skipped = polnear_articles(docs)
    t0 = time.perf_counter()
    try:
        pipeline = Pipeline(["attribution"], nlp=nlp)
        for (d, art), result in zip(articles, pipeline.run_many([a for _, a in articles])):
            quotes = find_quotes(d.text, [(p.start, p.end) for p in art.paragraphs])
            gold = [Item(g.content, g.source, g.cue, gold_kind(d.text, g.content, quotes)) for g in d.attributions]
            res = result.attributions
            pred = predict(res)
            pairs = score_doc(d.text, gold, pred, ours)
            base_pairs = score_doc(d.text, gold, baseline(art, result.doc), base)
            _tally(breakdown, d.text, art, gold, scored(res), pairs, base_pairs)
            if pred_fh:
                pred_fh.write(json.dumps({"doc": d.stem, "attributions": [
                    {"source_start": a.source_start, "source_end": a.source_end, "cue_start": a.cue_start,
                     "cue_end": a.cue_end, "content_start": a.content_start, "content_end": a.content_end,
                     "content_fragments": [list(f) for f in a.content_fragments], "speaker": a.speaker,
                     "kind": a.kind, "confidence": a.confidence} for a in res.attributions]}, ensure_ascii=False) + "\n")
            if err_fh:
                _write_errors(err_fh, d, gold, pred, pairs)
    finally:
        if pred_fh:
            pred_fh.close()
        if err_fh:
            err_fh.close()
    return {"ours": ours, "baseline": base, "breakdown": breakdown, "articles": len(articles), "skipped": skipped,
            "gold": sum(len(d.attributions) for d, _ in articles), "seconds": time.perf_counter() - t0}


def _tally(breakdown: Breakdown, text: str, art, gold: list[Item], atts, pairs, base_pairs) -> None:
    """Add one document to the by-construction and speaker-error counts."""
    body_start = art.sentences[0].start if art.sentences else 0
    breakdown.add(gold_constructions(text, gold, body_start), pred_constructions(atts), pairs, base_pairs)
    for gi, pi in pairs:
        g, a = gold[gi], atts[pi]
        src = [(a.source_start, a.source_end)] if a.source_start is not None else []
        if not same_speaker(g, Item([], src)):
            breakdown.add_speaker_error(speaker_error(g.source, a))


def _write_errors(fh, d: PolnearDoc, gold, pred, pairs) -> None:
    mg = {g for g, _ in pairs}
    mp = {p for _, p in pairs}
    t = d.text

    def show(spans):
        return " | ".join(t[a:b] for a, b in spans)

    fh.write(f"=== {d.stem}\n")
    for gi, g in enumerate(gold):
        if gi not in mg:
            fh.write(f"MISS[{g.kind}] src={show(g.source)!r} cue={show(g.cue)!r} content={show(g.content)[:200]!r}\n")
    for pi, p in enumerate(pred):
        if pi not in mp:
            fh.write(f"FP[{p.kind}] src={show(p.source)!r} cue={show(p.cue)!r} content={show(p.content)[:200]!r}\n")
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        if not same_speaker(g, p):
            fh.write(f"SRC gold={show(g.source)!r} pred={show(p.source)!r} cue={show(p.cue)!r}\n")


def format_report(res: dict) -> str:
    lines = [f"PolNeAR attribution: {res['articles']} articles, {res['gold']} gold attributions"
             + (f" ({res['skipped']} articles skipped: no body text)" if res["skipped"] else "")]
    lines.append(f"{'metric':<17}{'kind':<10}{'gold':>6}{'pred':>6}  {'P':>6}{'R':>6}{'F1':>6}   "
                 f"{'base P':>7}{'base R':>7}{'base F1':>8}{'bpred':>6}")
    for m in METRICS:
        for k in ("all",) + KINDS:
            p, r, f, ng, npred = res["ours"].prf(m, k)
            bp, br, bf, _, bn = res["baseline"].prf(m, k)
            lines.append(f"{m:<17}{k:<10}{ng:>6}{npred:>6}  {p:6.1f}{r:6.1f}{f:6.1f}   {bp:7.1f}{br:7.1f}{bf:8.1f}{bn:6}")
    if "breakdown" in res:
        lines.extend(res["breakdown"].lines())
    lines.append(f"time: {res['seconds']:.1f} s for parse + actors + attribution + baseline")
    return "\n".join(lines)


def reliability_rows(res: dict, dataset: str) -> list[dict]:
    """Reliability-table rows: each metric by kind (speaker: content+speaker) against the baseline."""
    from .reliability import row

    out = []
    for m in METRICS:
        for k in ("all",) + KINDS:
            p, r, f, ng, _ = res["ours"].prf(m, k)
            bf = res["baseline"].prf(m, k)[2]
            out.append(row("attribution", f"{m}:{k}", (p / 100, r / 100, f / 100),
                           "direct quotes + nearest reporting verb", bf / 100, dataset, ng))
    return out


def run(args) -> int:
    res = evaluate(args.polnear, args.split, args.limit, args.predictions_out, args.errors_out)
    print(format_report(res))
    if getattr(args, "reliability", False):
        from .reliability import write

        write(reliability_rows(res, f"PolNeAR {args.split} ({res['articles']} articles)"))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(0)
