"""The coders' codebook: unit types, their categories and definitions, read from the project's
own codebook files (reporting_verbs.yaml, frames_generic.yaml, frames_policy.yaml, the
sentiment labels) plus the wording in validation_codebook.yaml; rendered as Markdown and as one
self-contained HTML page. Sheet drop-downs, the codebook and the scorer all use this module."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache

from ..resources import load_yaml
from ..target_sentiment import CLASSES as SENTIMENT_LABELS

#: Unit types in sheet order.
UNIT_TYPES = ("attributions", "frames", "actor_sentiment", "sentences")
FRAME_CODEBOOKS = ("generic", "policy")
PRESENT, ABSENT = "present", "absent"


@dataclass(frozen=True)
class UnitType:
    """One kind of unit coders code: its categories (drop-down values, ordinal order for an
    ordinal level), the question on the sheet and a definition per category."""
    name: str
    level: str
    categories: tuple[str, ...]
    question: str
    definitions: dict = field(default_factory=dict)

    @property
    def ordinal(self) -> bool:
        return self.level == "ordinal"


def cue_classes() -> tuple[str, ...]:
    """The reporting-verb classes, in lexicon order (the lexicon is their only list)."""
    return tuple(load_yaml("reporting_verbs.yaml")["classes"])


def _categories(name: str, spec: dict) -> tuple[str, ...]:
    if name == "attributions":
        return cue_classes() + tuple(spec["extra"])
    if name == "frames":
        return (PRESENT, ABSENT)
    return tuple(SENTIMENT_LABELS)


@lru_cache(maxsize=1)
def unit_types() -> dict[str, UnitType]:
    """Every unit type by name, categories from the project's codebooks."""
    book = load_yaml("validation_codebook.yaml")["units"]
    out = {}
    for name in UNIT_TYPES:
        spec = book[name]
        defs = {**spec.get("definitions", {}), **spec.get("extra", {})}
        out[name] = UnitType(name, spec["level"], _categories(name, spec), spec["question"], defs)
    return out


def general_instructions() -> str:
    return load_yaml("validation_codebook.yaml")["general"]


def frame_entries() -> list[dict]:
    """Each frame of both frame codebooks: id, label, definition, indicator questions, example cues."""
    out = []
    for book in FRAME_CODEBOOKS:
        data = load_yaml(f"frames_{book}.yaml")
        for key, frame in data["frames"].items():
            items = frame.get("items") or {}
            questions = [f"{iid}: {item['question']}" for iid, item in items.items() if item.get("question")]
            cues = list(frame.get("cues") or [c for item in items.values() for c in item.get("cues", [])])
            out.append({"id": f"{book}/{key}", "codebook": data["name"], "label": frame.get("label", key),
                        "definition": frame.get("definition", ""), "questions": questions,
                        "example": ", ".join(str(c) for c in cues[:8])})
    return out


def _cue_examples() -> dict[str, str]:
    examples: dict[str, list] = {}
    for entry in load_yaml("reporting_verbs.yaml")["cues"]:
        if entry.get("class"):
            examples.setdefault(entry["class"], []).append(entry["lemma"])
    return {k: ", ".join(v[:6]) for k, v in examples.items()}


def sections() -> list[dict]:
    """The codebook as data: one section per unit type (question, categories with definition
    and example) and, for frames, one subsection per frame."""
    cues = _cue_examples()
    out = []
    for ut in unit_types().values():
        examples = load_yaml("validation_codebook.yaml")["units"][ut.name].get("examples", {})
        cats = [{"code": c, "definition": ut.definitions.get(c, ""),
                 "example": cues.get(c, "") if ut.name == "attributions" else examples.get(c, "")}
                for c in ut.categories]
        out.append({"name": ut.name, "level": ut.level, "question": ut.question, "categories": cats,
                    "frames": frame_entries() if ut.name == "frames" else []})
    return out


def codebook_markdown() -> str:
    """The codebook for coders as Markdown."""
    lines = ["# Codebook for coders", "", general_instructions(), ""]
    for sec in sections():
        lines += [f"## {sec['name']} ({sec['level']})", "", f"**Question.** {sec['question']}", "",
                  "| code | definition | example |", "|---|---|---|"]
        lines += [f"| `{c['code']}` | {c['definition']} | {c['example']} |" for c in sec["categories"]]
        lines.append("")
        for fr in sec["frames"]:
            lines += [f"### {fr['id']}: {fr['label']}", ""]
            if fr["definition"]:
                lines += [fr["definition"], ""]
            lines += [f"- {q}" for q in fr["questions"]]
            lines += [f"- Example cue words: {fr['example']}", ""]
    return "\n".join(lines).rstrip() + "\n"


CSS = ("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
       "line-height:1.45;color:#222}table{border-collapse:collapse;margin:.5em 0 1em}"
       "td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top;text-align:left}"
       "th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2em}h3{margin-bottom:.2em}")


def codebook_html() -> str:
    """The codebook for coders as one self-contained HTML page (no scripts, no external files)."""
    e = html.escape
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             "<title>Codebook for coders</title>", f"<style>{CSS}</style></head><body>",
             "<h1>Codebook for coders</h1>", f"<p>{e(general_instructions())}</p>"]
    for sec in sections():
        parts += [f"<h2 id='{e(sec['name'])}'>{e(sec['name'])} ({e(sec['level'])})</h2>",
                  f"<p><b>Question.</b> {e(sec['question'])}</p>",
                  "<table><tr><th>code</th><th>definition</th><th>example</th></tr>"]
        parts += [f"<tr><td><code>{e(c['code'])}</code></td><td>{e(c['definition'])}</td>"
                  f"<td>{e(c['example'])}</td></tr>" for c in sec["categories"]]
        parts.append("</table>")
        for fr in sec["frames"]:
            parts.append(f"<h3>{e(fr['id'])}: {e(fr['label'])}</h3>")
            if fr["definition"]:
                parts.append(f"<p>{e(fr['definition'])}</p>")
            items = [*fr["questions"], f"Example cue words: {fr['example']}"]
            parts.append("<ul>" + "".join(f"<li>{e(q)}</li>" for q in items) + "</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
