"""The validation report: tidy CSVs of every number, charts (confusion heat map and per-category
F1 with bootstrap intervals, against the coders' majority) saved as PNG beside the CSV of what
they plot, and one page as Markdown and as self-contained HTML (charts inlined). All files are
written together or not at all."""
from __future__ import annotations

import base64
import html
import math
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..figures import attach_data, figure_bytes, new_figure
from ..output import csv_bytes, write_files
from .codebook import CSS, unit_types
from .score import MAJORITY


def confusion_chart(cms: pd.DataFrame, unit_type: str, reference: str = MAJORITY) -> Figure:
    """Heat map of human codes (rows) against the tool's answers (columns), counts written in."""
    data = cms[(cms["unit_type"] == unit_type) & (cms["reference"] == reference)]
    cats = list(unit_types()[unit_type].categories)
    grid = data.pivot(index="human", columns="tool", values="count").reindex(index=cats, columns=cats).fillna(0)
    fig = new_figure(1.2 + 0.9 * len(cats), 1.0 + 0.7 * len(cats))
    ax = fig.add_subplot()
    ax.imshow(grid.to_numpy(), cmap="Blues")
    ax.set_xticks(range(len(cats)), cats, rotation=45, ha="right")
    ax.set_yticks(range(len(cats)), cats)
    top = grid.to_numpy().max() or 1
    for i in range(len(cats)):
        for j in range(len(cats)):
            v = int(grid.iat[i, j])
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > top / 2 else "black")
    ax.set_xlabel("tool")
    ax.set_ylabel(f"human ({reference})")
    ax.set_title(f"{unit_type}: tool vs {reference}")
    return attach_data(fig, data[["unit_type", "reference", "human", "tool", "count"]])


def f1_chart(scores: pd.DataFrame, unit_type: str, reference: str = MAJORITY) -> Figure:
    """Per-category F1 of the tool against the reference, with 95% bootstrap intervals."""
    data = scores[(scores["unit_type"] == unit_type) & (scores["reference"] == reference)]
    data = data[["unit_type", "reference", "category", "support", "f1", "f1_lo", "f1_hi"]]
    fig = new_figure(7, 0.6 + 0.45 * max(len(data), 1))
    ax = fig.add_subplot()
    y = np.arange(len(data))
    f1 = data["f1"].to_numpy(dtype=float)
    err = np.vstack([f1 - data["f1_lo"].to_numpy(dtype=float), data["f1_hi"].to_numpy(dtype=float) - f1])
    ax.barh(y, f1, xerr=np.nan_to_num(np.clip(err, 0, None)), color="#0072B2", capsize=3)
    ax.set_yticks(y, [f"{c} (n={s})" for c, s in zip(data["category"], data["support"])])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1 (95% bootstrap interval)")
    ax.set_title(f"{unit_type}: tool vs {reference}")
    return attach_data(fig, data)


def _fmt(v) -> str:
    if isinstance(v, (float, np.floating)):
        return "" if math.isnan(v) else f"{v:.3f}"
    return str(v)


def md_table(df: pd.DataFrame) -> str:
    head = "| " + " | ".join(df.columns) + " |\n|" + "---|" * len(df.columns) + "\n"
    return head + "".join("| " + " | ".join(_fmt(v).replace("|", "\\|") for v in row) + " |\n"
                          for row in df.itertuples(index=False))


def html_table(df: pd.DataFrame) -> str:
    e = html.escape
    head = "".join(f"<th>{e(str(c))}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(f"<td>{e(_fmt(v))}</td>" for v in row) + "</tr>"
                   for row in df.itertuples(index=False))
    return f"<table><tr>{head}</tr>{body}</table>"


def _interval(row, name: str) -> str:
    lo, hi = row[f"{name}_lo"], row[f"{name}_hi"]
    if math.isnan(row[name]):
        return "undefined (a single category throughout)"
    return f"{row[name]:.2f} [95% CI {lo:.2f}, {hi:.2f}]" if not math.isnan(lo) else f"{row[name]:.2f}"


def how_to_report(tables: dict) -> list[str]:
    """One sentence per unit type, worded as a methods section would report it."""
    rel, summ = tables["reliability"], tables["tool_summary"]
    out = []
    for _, r in rel[rel["breakdown"] == "all"].iterrows():
        s = summ[(summ["unit_type"] == r["unit_type"]) & (summ["reference"] == MAJORITY)]
        tool = (f"; the tool agreed with the coders' majority code on {s.iloc[0]['accuracy']:.0%} of "
                f"{s.iloc[0]['units']} units (Cohen's kappa = {_interval(s.iloc[0], 'kappa')})") if len(s) else ""
        alpha = _interval(r, "alpha") if r["coders"] > 1 else "undefined (one coder)"
        agree = "n/a" if math.isnan(r["percent_agreement"]) else f"{r['percent_agreement']:.0%}"
        out.append(f"{r['unit_type']}: {r['coders']} coders coded {r['units']} units; Krippendorff's alpha "
                   f"({r['level']}) = {alpha}, percent agreement {agree}{tool}.")
    return out


SECTIONS = [("Inter-coder reliability", "reliability",
             ["unit_type", "breakdown", "category", "level", "coders", "units", "alpha", "alpha_lo",
              "alpha_hi", "percent_agreement"]),
            ("Tool vs humans: summary", "tool_summary",
             ["unit_type", "reference", "units", "accuracy", "kappa", "kappa_lo", "kappa_hi", "weighted_kappa"]),
            ("Tool vs humans: per category", "tool_scores",
             ["unit_type", "reference", "category", "support", "predicted", "precision", "recall", "f1",
              "f1_lo", "f1_hi"])]
INTRO = ("Alpha: Krippendorff's alpha between the human coders (1 = perfect, 0 = chance, below 0 = "
         "systematic disagreement; >= 0.8 is the usual bar for reliable codes, >= 0.667 for tentative "
         "conclusions). Tool rows compare the tool's answers with each coder and with the coders' "
         "majority code (units with a tie left out). Intervals: 95% percentile bootstrap over units.")


def charts(tables: dict) -> dict[str, Figure]:
    out = {}
    for name in unit_types():
        if (tables["confusion"].get("unit_type", pd.Series(dtype=str)) == name).any():
            out[f"confusion_{name}"] = confusion_chart(tables["confusion"], name)
            out[f"f1_{name}"] = f1_chart(tables["tool_scores"], name)
    return out


def render(tables: dict, figs: dict[str, bytes]) -> tuple[str, str]:
    """The report page as (Markdown, HTML); figs maps chart name to PNG bytes."""
    md = ["# Validation against human coders", "", INTRO, "", "## How to report these numbers", ""]
    md += [f"- {s}" for s in how_to_report(tables)]
    e = html.escape
    page = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Validation report</title>",
            f"<style>{CSS}img{{max-width:100%}}.wide{{overflow-x:auto}}</style></head><body><h1>Validation against human coders</h1>",
            f"<p>{e(INTRO)}</p><h2>How to report these numbers</h2><ul>",
            *[f"<li>{e(s)}</li>" for s in how_to_report(tables)], "</ul>"]
    for title, name, cols in SECTIONS:
        df = tables[name][[c for c in cols if c in tables[name]]] if len(tables[name]) else tables[name]
        md += ["", f"## {title}", "", md_table(df)]
        page += [f"<h2>{e(title)}</h2>", f"<div class='wide'>{html_table(df)}</div>"]
    md += ["", "## Charts (tool vs majority)", ""]
    page.append("<h2>Charts (tool vs majority)</h2>")
    for name, png in figs.items():
        md.append(f"![{name}]({name}.png)")
        page.append(f"<figure><img alt='{e(name)}' src='data:image/png;base64,"
                    f"{base64.b64encode(png).decode()}'><figcaption>{e(name)}</figcaption></figure>")
    page.append("</body></html>\n")
    return "\n".join(md) + "\n", "\n".join(page)


def write_report(tables: dict, out: str | Path) -> list[Path]:
    """Write the tidy CSVs, the charts (PNG + CSV) and report.md / report.html into OUT."""
    files = {f"{name}.csv": csv_bytes(df) for name, df in tables.items()}
    pngs = {}
    for name, fig in charts(tables).items():
        pngs[name] = figure_bytes(fig)["png"]
        files[f"{name}.png"] = pngs[name]
        files[f"{name}.csv"] = csv_bytes(fig.plotted_data)
    md, page = render(tables, pngs)
    files["report.md"], files["report.html"] = md.encode("utf-8"), page.encode("utf-8")
    return write_files(out, files)


def reliability_summary(folder: str | Path) -> pd.DataFrame:
    """One row per unit type from a ``validate score`` folder: coders, units, alpha with its
    interval, and the tool's accuracy and kappa against the coders' majority. The figures that
    replace the shipped reliability ones in a user's own report (``--reliability DIR``;
    analysis.trust reads them)."""
    from ..trust import unit_type_summary

    return unit_type_summary(folder)
