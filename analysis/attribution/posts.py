"""Embedded social posts as quotations of their author.

The boilerplate rules (``boilerplate.yaml``, reason "embedded social post") set an embedded post
aside from the body, so its words are never narrator text, actors or frame evidence. A post
signed "— Name (@handle) Month D, YYYY" is still something its author said: this module reads
the signature and returns the post as a typed quotation of the author, kept apart from the
body's attributions (like headline attributions) so that it never counts twice in who-speaks
shares.
"""
from __future__ import annotations

import re

from .scope import Scope

POST_REASON = "embedded social post"

#: "— Amy Clark (@amyclark) March 3, 2018" (the embed code of a tweet), at the end of the block.
_SIGNATURE = re.compile(r"[—–-]\s*(?P<name>[^\n()—–]{1,60}?)\s*\(@(?P<handle>\w{1,15})\)\s*(?:on\s+)?"
                        r"(?P<date>[A-Za-z]+\.?\s+\d{1,2},\s+\d{4})\s*$")
#: Links that close a post's text ("pic.twitter.com/…", "https://t.co/…").
_TRAILING_LINKS = re.compile(r"(\s*(pic\.twitter\.com/\S+|https?://\S+))+\s*$")


def embedded_posts(scope: Scope) -> list[dict]:
    """One quotation per signed embedded post: author, handle, date, the post's text and the
    actor it names, if the article mentions that person."""
    out = []
    for block in scope.article.removed:
        if not block.reason.startswith(POST_REASON):
            continue
        sig = _SIGNATURE.search(block.text)
        if sig is None:
            continue
        body = _TRAILING_LINKS.sub("", block.text[:sig.start()])
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if not re.search(r"[^\W\d_]", body):
            continue
        start = block.start + lead
        name = sig.group("name").strip()
        actor = _author(scope, name, sig.group("handle"))
        out.append({"author": name, "handle": "@" + sig.group("handle"), "date": sig.group("date"),
                    "speaker": actor.name if actor is not None else name,
                    "speaker_id": actor.id if actor is not None else None,
                    "content_start": start, "content_end": start + len(body),
                    "content_text": scope.text[start:start + len(body)]})
    return out


def _author(scope: Scope, name: str, handle: str):
    """The one actor of the article that the signature names (full name, surname or handle)."""
    low = name.lower()
    found = {a.id: a for a in scope.actors
             if a.name.lower() == low or any(m.text.lower() in (low, "@" + handle.lower()) for m in a.mentions)}
    return next(iter(found.values())) if len(found) == 1 else None
