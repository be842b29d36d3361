"""Scoring filled sheets: inter-coder reliability (Krippendorff's alpha from the `krippendorff`
package, nominal or ordinal, with a bootstrap interval over units; percent agreement) and the
tool against each coder and against the coders' majority (precision/recall/F1 per category with
bootstrap intervals, Cohen's kappa, confusion matrices; scikit-learn)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..metrics import bootstrap_ci, prf
from ..trust import ADJUDICATED, MAJORITY
from .codebook import unit_types
from .sheets import KEY_FILE, read_codes, read_key

REPS = 1000


def alpha(matrix: np.ndarray, level: str = "nominal", k: int | None = None,
          constant: float = float("nan")) -> float:
    """Krippendorff's alpha of a coders x units matrix of category indices (NaN = not coded).
    Undefined (NaN) when fewer than two pairable values; ``constant`` when every value is the
    same (no disagreement observed or expected: undefined for a point value, 1.0 inside the
    bootstrap, where such a resample agrees perfectly)."""
    import krippendorff

    m = np.asarray(matrix, dtype=float)
    pairable = m[:, (~np.isnan(m)).sum(axis=0) >= 2]
    values = pairable[~np.isnan(pairable)]
    if values.size < 2:
        return float("nan")
    if np.unique(values).size == 1:
        return constant
    domain = list(range(k)) if k else None
    return float(krippendorff.alpha(reliability_data=m, level_of_measurement=level, value_domain=domain))


def percent_agreement(matrix: np.ndarray) -> float:
    """Share of agreeing pairs among all pairs of codes given to the same unit."""
    agree = pairs = 0
    for col in np.asarray(matrix, dtype=float).T:
        vals = col[~np.isnan(col)]
        m = len(vals)
        if m < 2:
            continue
        _, counts = np.unique(vals, return_counts=True)
        agree += int((counts * (counts - 1)).sum())
        pairs += m * (m - 1)
    return agree / pairs if pairs else float("nan")


def _ci(stat, n: int, reps: int, point: float) -> tuple[float, float]:
    if n < 2 or np.isnan(point):
        return float("nan"), float("nan")
    return bootstrap_ci(stat, n, reps=reps, seed=0)


def reliability_row(matrix: np.ndarray, level: str, k: int, reps: int) -> dict:
    """alpha with its bootstrap interval (units resampled), percent agreement and counts."""
    m = np.asarray(matrix, dtype=float)
    point = alpha(m, level, k)
    lo, hi = _ci(lambda idx: alpha(m[:, idx], level, k, constant=1.0), m.shape[1], reps, point)
    return {"coders": int((~np.isnan(m)).any(axis=1).sum()), "units": int(m.shape[1]),
            "pairable_values": int(((~np.isnan(m)).sum(axis=0) >= 2).dot((~np.isnan(m)).sum(axis=0))),
            "alpha": point, "alpha_lo": lo, "alpha_hi": hi, "percent_agreement": percent_agreement(m)}


def code_matrix(codes: pd.DataFrame, categories, coders) -> tuple[np.ndarray, list[str]]:
    """coders x units matrix of category indices (NaN where a coder did not code a unit)."""
    wide = codes.pivot(index="coder", columns="unit_id", values="code").reindex(coders)
    index = {c: i for i, c in enumerate(categories)}
    return wide.apply(lambda col: col.map(index)).to_numpy(dtype=float), list(wide.columns)


def reliability(codes: pd.DataFrame, key: pd.DataFrame, reps: int = REPS) -> pd.DataFrame:
    """Alpha per unit type, per category (one category against the rest, nominal) and, for
    frames, per frame (present/absent on that frame's units)."""
    rows = []
    coders = sorted(codes["coder"].unique())
    for name, ut in unit_types().items():
        sub = codes[codes["unit_type"] == name]
        if sub.empty:
            continue
        m, units = code_matrix(sub, ut.categories, coders)
        rows.append({"unit_type": name, "breakdown": "all", "category": "", "level": ut.level,
                     **reliability_row(m, ut.level, len(ut.categories), reps)})
        if name == "frames":
            groups = key.loc[units, "group"].to_numpy()
            for g in sorted(set(groups)):
                rows.append({"unit_type": name, "breakdown": "frame", "category": g, "level": "nominal",
                             **reliability_row(m[:, groups == g], "nominal", 2, reps)})
            continue
        for i, cat in enumerate(ut.categories):
            binary = np.where(np.isnan(m), np.nan, (m == i).astype(float))
            rows.append({"unit_type": name, "breakdown": "category", "category": cat, "level": "nominal",
                         **reliability_row(binary, "nominal", 2, reps)})
    return pd.DataFrame(rows)


def majority_codes(codes: pd.DataFrame) -> pd.DataFrame:
    """The most frequent code per unit among the coders; units with a tie have none."""
    out = []
    for (uid, unit_type), g in codes.groupby(["unit_id", "unit_type"], sort=True):
        counts = g["code"].value_counts()
        if len(counts) == 1 or counts.iloc[0] > counts.iloc[1]:
            out.append((uid, unit_type, MAJORITY, counts.index[0]))
    return pd.DataFrame(out, columns=["unit_id", "unit_type", "coder", "code"])


def _matrix(ref: np.ndarray, tool: np.ndarray, k: int) -> np.ndarray:
    """k x k counts of (reference, tool) category indices (fast; used inside the bootstrap)."""
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (ref, tool), 1)
    return cm


def _prf(cm: np.ndarray, i: int) -> tuple[float, float, float]:
    """P, R, F1 of category i for a bootstrap resample; a resample in which neither side uses
    the category has no error on it and scores 1.0 (as alpha() and _kappa())."""
    tp, fp, fn = int(cm[i, i]), int(cm[:, i].sum()) - int(cm[i, i]), int(cm[i, :].sum()) - int(cm[i, i])
    return (1.0, 1.0, 1.0) if tp + fp + fn == 0 else prf(tp, fp, fn)


def _kappa(cm: np.ndarray, weights: str | None = None) -> float:
    """Cohen's kappa (unweighted or linear-weighted) from a confusion matrix, for bootstrap
    resamples: 1.0 when only one category occurs (perfect agreement, as alpha())."""
    n = cm.sum()
    if n < 2:
        return float("nan")
    k = len(cm)
    w = np.abs(np.subtract.outer(np.arange(k), np.arange(k))).astype(float) if weights == "linear" \
        else 1.0 - np.eye(k)
    expected = np.outer(cm.sum(axis=1), cm.sum(axis=0)) / n
    denom = (w * expected).sum()
    return 1.0 - (w * cm).sum() / denom if denom else 1.0


def sklearn_points(ref: np.ndarray, tool: np.ndarray, ut) -> tuple[dict, float, float]:
    """Point values from scikit-learn: (P, R, F1) per category, Cohen's kappa, and the
    linear-weighted kappa of an ordinal type (NaN otherwise). The bootstrap uses the numpy
    versions above (same definitions, tests/test_validate.py checks they agree)."""
    from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

    cats = list(ut.categories)
    if len(ref) == 0:
        return {c: (0.0, 0.0, 0.0) for c in cats}, float("nan"), float("nan")
    p, r, f, _ = precision_recall_fscore_support(list(ref), list(tool), labels=cats, average=None,
                                                 zero_division=0)
    points = {c: (float(p[i]), float(r[i]), float(f[i])) for i, c in enumerate(cats)}
    if len(set(ref) | set(tool)) == 1:  # one category only: kappa undefined (accuracy says it)
        return points, float("nan"), float("nan")
    kappa = float(cohen_kappa_score(list(ref), list(tool), labels=cats))
    weighted = float(cohen_kappa_score(list(ref), list(tool), labels=cats, weights="linear")) \
        if ut.ordinal else float("nan")
    return points, kappa, weighted


def tool_scores(ref: np.ndarray, tool: np.ndarray, ut, reps: int = REPS) -> tuple[list[dict], dict]:
    """Per category P/R/F1 (+ bootstrap intervals) and the summary (kappa with interval,
    linear-weighted kappa for ordinal types, accuracy) of the tool against one reference
    (arrays of category names)."""
    index = {c: i for i, c in enumerate(ut.categories)}
    r, t, k = np.array([index[x] for x in ref], dtype=int), np.array([index[x] for x in tool], dtype=int), \
        len(ut.categories)
    n, cm = len(r), _matrix(r, t, len(ut.categories))
    points, kappa, weighted = sklearn_points(ref, tool, ut)
    rows = []
    for i, cat in enumerate(ut.categories):
        p, rec, f = points[cat]
        row = {"category": cat, "support": int(cm[i, :].sum()), "predicted": int(cm[:, i].sum()),
               "precision": p, "recall": rec, "f1": f}
        for j, metric in enumerate(("precision", "recall", "f1")):
            lo, hi = _ci(lambda idx, i=i, j=j: _prf(_matrix(r[idx], t[idx], k), i)[j], n, reps, row[metric])
            row[f"{metric}_lo"], row[f"{metric}_hi"] = lo, hi
        rows.append(row)
    lo, hi = _ci(lambda idx: _kappa(_matrix(r[idx], t[idx], k)), n, reps, kappa)
    summary = {"units": n, "accuracy": float(np.trace(cm) / n) if n else float("nan"),
               "kappa": kappa, "kappa_lo": lo, "kappa_hi": hi,
               "weighted_kappa": weighted}
    return rows, summary


def confusion(ref: np.ndarray, tool: np.ndarray, categories) -> list[dict]:
    """Tidy confusion matrix: one row per (human code, tool answer) with its count."""
    from sklearn.metrics import confusion_matrix

    cm = confusion_matrix(ref, tool, labels=list(categories)) if len(ref) else \
        np.zeros((len(categories), len(categories)), dtype=int)
    return [{"human": h, "tool": t, "count": int(cm[i, j])}
            for i, h in enumerate(categories) for j, t in enumerate(categories)]


def tool_agreement(codes: pd.DataFrame, key: pd.DataFrame, reps: int = REPS, adjudicated=None):
    """The tool against each coder, the majority and the adjudicated codes if given:
    (per-category, summary, confusion)."""
    extra = [adjudicated] if adjudicated is not None and len(adjudicated) else []
    refs = pd.concat([codes, majority_codes(codes), *extra], ignore_index=True)
    per_cat, summaries, cms = [], [], []
    for name, ut in unit_types().items():
        for reference in [*sorted(codes["coder"].unique()), MAJORITY, *([ADJUDICATED] if extra else [])]:
            sub = refs[(refs["unit_type"] == name) & (refs["coder"] == reference)]
            if sub.empty:
                continue
            ref = sub["code"].to_numpy(dtype=object)
            tool = key.loc[sub["unit_id"], "tool_answer"].to_numpy(dtype=object)
            lead = {"unit_type": name, "reference": reference}
            rows, summary = tool_scores(ref, tool, ut, reps)
            per_cat += [{**lead, **r} for r in rows]
            summaries.append({**lead, **summary})
            cms += [{**lead, **c} for c in confusion(ref, tool, ut.categories)]
    return pd.DataFrame(per_cat), pd.DataFrame(summaries), pd.DataFrame(cms)


def load_codes(sheets, key_path=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and check every sheet against the key; codes in long form and the key."""
    if not sheets:
        raise InputError("give at least one filled coding sheet")
    paths = [Path(s) for s in sheets]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise InputError(f"{missing[0]}: no such sheet file")
    key = read_key(Path(key_path) if key_path else paths[0].parent / KEY_FILE)
    coders = [p.stem for p in paths]
    twice = sorted({c for c in coders if coders.count(c) > 1})
    if twice:
        raise InputError(f"coder {twice[0]!r} given twice (one sheet per coder; the file name names the coder)")
    codes = pd.concat([read_codes(p, key) for p in paths], ignore_index=True)
    return codes, key


def score_sheets(sheets, key_path=None, reps: int = REPS) -> dict[str, pd.DataFrame]:
    """Every number of the validation as tidy tables (see analysis.validate.report)."""
    codes, key = load_codes(sheets, key_path)
    adjudicated = codes[codes["coder"] == ADJUDICATED]
    codes = codes[codes["coder"] != ADJUDICATED]
    if codes.empty:
        raise InputError("give the coders' sheets too (an adjudicated sheet alone has no reliability)")
    per_cat, summary, cms = tool_agreement(codes, key, reps, adjudicated)
    wide = codes.pivot(index="unit_id", columns="coder", values="code").reset_index()
    maj = majority_codes(codes).set_index("unit_id")["code"]
    units = key.loc[wide["unit_id"], ["unit_type", "article_id", "outlet", "tool_answer"]].reset_index(drop=True)
    wide = pd.concat([wide[["unit_id"]], units, wide.drop(columns="unit_id")], axis=1)
    wide[MAJORITY] = wide["unit_id"].map(maj).fillna("")
    if len(adjudicated):
        wide[ADJUDICATED] = wide["unit_id"].map(adjudicated.set_index("unit_id")["code"]).fillna("")
    return {"reliability": reliability(codes, key, reps), "tool_scores": per_cat, "tool_summary": summary,
            "confusion": cms, "codes": wide.sort_values(["unit_type", "unit_id"]).reset_index(drop=True)}
