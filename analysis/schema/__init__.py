"""The versioned JSON Schema of analysis.json (one file per section, joined by $ref)."""
from __future__ import annotations

import json
from importlib import resources

from ..attribution import cue_classes


def schema_documents() -> dict[str, dict]:
    """Every schema file in this folder, keyed by its $id; the cue classes allowed in
    attributions are those of the reporting-verb lexicon."""
    docs = {}
    for item in sorted(resources.files(__name__).iterdir(), key=lambda p: p.name):
        if item.name.endswith(".schema.json"):
            doc = json.loads(item.read_text(encoding="utf-8"))
            docs[doc["$id"]] = doc
    for doc in docs.values():
        _allow_cue_classes(doc)
    return docs


def _allow_cue_classes(node) -> None:
    """Give every `cue_class` property the lexicon's classes (and null) as its enum."""
    if isinstance(node, dict):
        prop = node.get("properties", {}).get("cue_class")
        if isinstance(prop, dict):
            prop["enum"] = [*cue_classes(), None]
        for value in node.values():
            _allow_cue_classes(value)
    elif isinstance(node, list):
        for value in node:
            _allow_cue_classes(value)


def validator():
    """A jsonschema validator for analysis.json (needs the 'jsonschema' test dependency)."""
    import jsonschema
    from referencing import Registry, Resource

    docs = schema_documents()
    registry = Registry().with_resources((uri, Resource.from_contents(doc)) for uri, doc in docs.items())
    return jsonschema.Draft202012Validator(docs["urn:media-analysis:analysis"], registry=registry)


def validate(document: dict) -> None:
    """Raise jsonschema.ValidationError when document does not follow the schema."""
    validator().validate(document)
