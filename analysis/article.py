"""Article model: read a news text, set aside headline and boilerplate, split the body into
paragraphs and sentences whose character offsets point into the article text.

Offsets are into ``Article.text``: the decoded file with a leading BOM removed and line endings
normalised to ``\\n`` (CRLF and CR). ``text[s.start:s.end] == s.text`` holds for every span.
"""
from __future__ import annotations

import bisect
import codecs
import hashlib
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import InputError
from .resources import load_yaml, read_user_bytes
from .stage import Stage, StageResult, register_stage

#: Largest article accepted, in characters (about 150 pages of news copy).
MAX_CHARS = 1_000_000

_TERMINAL = ".!?…"
_CLOSERS = "\"”’')]»"
_OPENERS = "\"“‘'([«"
_HEAD_SMALL_WORDS = {"a", "an", "the", "of", "in", "to", "for", "and", "but", "or", "on", "at",
                     "by", "with", "from", "as", "vs", "is", "over", "after", "into", "amid"}


@dataclass(frozen=True)
class Paragraph:
    id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    id: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class RemovedBlock:
    """Non-body material set aside before analysis, with the reason."""
    start: int
    end: int
    text: str
    reason: str


@dataclass
class Article(StageResult):
    """The article model: text, headline, removed blocks, body paragraphs and sentences."""
    text: str
    title: str | None
    caption: str | None
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    removed: list[RemovedBlock]
    source_path: str | None = None
    sha256: str = ""
    meta: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "caption": self.caption,
            "removed": [asdict(b) for b in self.removed],
            "paragraphs": [asdict(p) for p in self.paragraphs],
        }

    def sentence_at(self, offset: int) -> Sentence | None:
        """The body sentence containing character ``offset``, if any."""
        i = bisect.bisect_right(self.sentences, offset, key=lambda s: s.start) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def json_items(self) -> dict:
        return {"source": {"path": self.source_path, "sha256": self.sha256, "characters": len(self.text)},
                "article": self.to_dict(),
                "sentences": [{"id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end,
                               "text": s.text} for s in self.sentences]}

    def tables(self) -> dict[str, pd.DataFrame]:
        from .tabular import frame

        ss = self.sentences
        return {"sentences": frame({"sentence_id": [s.id for s in ss], "paragraph": [s.paragraph for s in ss],
                                    "start": [s.start for s in ss], "end": [s.end for s in ss],
                                    "text": [s.text for s in ss]},
                                   {"sentence_id": "int", "paragraph": "int", "start": "int", "end": "int",
                                    "text": "str"})}


# --------------------------------------------------------------------------- reading

def read_text(path: str | Path, encoding: str = "utf-8", max_chars: int = MAX_CHARS) -> tuple[str, str]:
    """Read and decode a text file; return (normalised text, sha256 of the bytes).

    Raises InputError with a one-line reason for anything that is not a readable text article.
    """
    p = Path(path)
    data = read_user_bytes(p, "file", "text file (use 'batch' for folders)")
    return decode_bytes(data, name=str(p), encoding=encoding, max_chars=max_chars), hashlib.sha256(data).hexdigest()


def decode_bytes(data: bytes, name: str = "<input>", encoding: str = "utf-8", max_chars: int = MAX_CHARS) -> str:
    """Decode article bytes, rejecting empty, binary and undecodable input."""
    utf8 = encoding.lower().replace("_", "-") in ("utf-8", "utf8")
    bom = _unicode_bom(data) if utf8 else None
    if not data.strip() or (bom and not data.decode(bom, "replace").strip()):
        raise InputError(f"{name}: file is empty or contains only whitespace")
    head = data[:8192]
    if b"\x00" in head and bom is None and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like a binary file (NUL bytes), expected plain text")
    codec = bom or ("utf-8-sig" if utf8 else encoding)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        shown = f"{bom.upper()} (it starts with a {bom.upper()} byte order mark)" if bom else encoding
        raise InputError(f"{name}: not valid {shown} (byte {exc.start}); re-save it as UTF-8 "
                         f"or pass --encoding") from None
    except LookupError:
        raise InputError(f"{name}: unknown encoding {encoding!r}") from None
    return normalise_text(text, name=name, max_chars=max_chars)


#: Byte order marks that name their encoding (UTF-32 first: its LE mark starts like UTF-16's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: A lone UTF-16 surrogate code point: not a character, cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode_bom(data: bytes) -> str | None:
    """'utf-16' or 'utf-32' when the bytes start with that encoding's byte order mark."""
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def normalise_text(text: str, name: str = "<input>", max_chars: int = MAX_CHARS) -> str:
    """Strip a BOM, normalise line endings, replace lone surrogates (which no file can hold)
    by U+FFFD (offsets unchanged) and check size and content."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    if not text.strip():
        raise InputError(f"{name}: file is empty or contains only whitespace")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\t\f\v")
    if controls > 0.05 * min(len(text), 8192):
        raise InputError(f"{name}: looks like a binary file (control characters), expected plain text")
    if len(text) > max_chars:
        raise InputError(f"{name}: {len(text):,} characters is above the limit of {max_chars:,} "
                         f"(split the file, or raise --max-chars)")
    return text


# --------------------------------------------------------------------------- lexicons

@lru_cache(maxsize=None)
def _abbreviations() -> tuple[frozenset, frozenset, frozenset]:
    data = load_yaml("abbreviations.yaml")
    return (frozenset(data["never_final"]), frozenset(data["maybe_final"]), frozenset(data["openers"]))


def load_boilerplate(path: str | Path | None = None) -> dict[str, list[tuple[re.Pattern, str]]]:
    """Compiled boilerplate patterns ({'paragraph': [...], 'header': [...], 'inline': [...]});
    paragraph and header patterns ignore case, inline ones (runs inside a paragraph) do not."""
    data = load_yaml("boilerplate.yaml") if path is None else load_yaml(Path(path))
    rules = {kind: [(re.compile(item["pattern"], re.IGNORECASE), item["reason"]) for item in data.get(kind, [])]
             for kind in ("paragraph", "header")}
    rules["inline"] = [(re.compile(item["pattern"]), item["reason"]) for item in data.get("inline", [])]
    # a paragraph rule may allow longer blocks than PARAGRAPH_MAX_WORDS (an editor's note)
    rules["max_words"] = {item["reason"]: int(item["max_words"]) for item in data.get("paragraph", [])
                          if "max_words" in item}
    return rules


#: Longest paragraph (in words) a paragraph boilerplate rule sets aside: a longer one is body text.
PARAGRAPH_MAX_WORDS = 60

_DEFAULT_BOILERPLATE: dict | None = None


def _default_boilerplate() -> dict:
    global _DEFAULT_BOILERPLATE
    if _DEFAULT_BOILERPLATE is None:
        _DEFAULT_BOILERPLATE = load_boilerplate()
    return _DEFAULT_BOILERPLATE


# --------------------------------------------------------------------------- paragraphs

def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def _is_hard_wrapped(text: str) -> bool:
    """True when blank lines separate paragraphs and single newlines break sentences mid-way."""
    if not re.search(r"\n[ \t]*\n", text.strip()):
        return False
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    inner = [ln.rstrip() for b in blocks for ln in b.strip().split("\n")[:-1]]
    if len(inner) < 2:
        return False
    open_ended = sum(1 for ln in inner if ln and ln[-1] not in _TERMINAL + _CLOSERS + ":")
    return open_ended / len(inner) >= 0.5


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: one per line, or one per blank-line block when the text is hard-wrapped."""
    if not _is_hard_wrapped(text):
        return _line_spans(text)
    spans = []
    for m in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text):
        block = m.group(0).rstrip()
        spans.append((m.start(), m.start() + len(block)))
    return spans


#: A headline quoting its source after a colon: "Reid: 'Never underestimate Trump.'",
#: "Gillibrand on Clinton's Speeches: ‘I Think She Will.’" (a title, never a body sentence; attribution/headline.py then finds its source, colon and quotation).
_QUOTE_HEADLINE = re.compile(r"[A-Z][^:\n]{0,80}:\s*[‘'“\"][^\n]{2,200}[’'”\"]")


def _looks_like_heading(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’.-]*", line)
    if not words or len(line.split()) > 25 or line[-1] in ":,;":
        return False
    if _QUOTE_HEADLINE.fullmatch(line):
        return True
    if len(split_sentences(line)) > 1:
        return False
    if line[-1] not in _TERMINAL + _CLOSERS:
        return True
    content = [w for w in words if w.lower() not in _HEAD_SMALL_WORDS]
    capitalised = sum(1 for w in content if w[0].isupper())
    return len(content) >= 3 and capitalised / len(content) >= 0.8 and line[-1] not in _CLOSERS


_DATELINE = re.compile(
    r"^(?P<dl>[A-Z][A-Z.'’\- ]{2,}(?:,\s*[A-Z][A-Za-z.]*(?:\s+\d{1,2})?)*(?:,\s*\d{4})?\s*(?:\([^)\n]{1,40}\))?\s*"
    r"(?:-{1,2}\s+|(?:–|—)\s*))(?=\S)")


#: A wire dateline without a place in capitals: "Feb 9 (Reuters) -", "LONDON, Feb 9 (AFP) -".
_WIRE_DATELINE = re.compile(
    r"^(?P<dl>(?:[A-Z][A-Za-z.'’ -]{1,30}(?:,\s*)?)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?\((?:Reuters|AP|AFP|Bloomberg|UPI|dpa|Xinhua|IANS|PTI|AAP|"
    r"Sputnik|TASS|ANI)\)\s*(?:-{1,2}|–|—|:)\s+)(?=\S)")
#: A dateline with the full date and the outlet, unambiguous anywhere (after a site's section
#: crumbs kept as body text): "GERMANY, February 8, 2018 (LifeSiteNews) –", "BRATISLAVA, Slovakia,
#: February 13, 2018 (LifeSiteNews) –" (SemEval-2023 train web news, issue 13).
_DATED_DATELINE = re.compile(
    r"^(?P<dl>[A-Z][A-Z.'’\- ]{2,}(?:,\s*[A-Z][A-Za-z.]*)*,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d{1,2},\s*\d{4}\s*\([^)\n]{1,40}\)\s*(?:-{1,2}\s+|(?:–|—)\s*))(?=\S)")
#: Inside a one-line article: a byline ("By Jane Doe") or a dateline ("WASHINGTON (Reuters) -").
_INLINE_BYLINE = re.compile(r"(?<!\S)By\s+(?:[A-Z][a-z][\w'’-]*|[A-Z]\.)(?:\s+(?:[A-Z][a-z][\w'’-]*|[A-Z]\.|and|&)){0,5}")
_INLINE_DATELINE = re.compile(
    r"(?<!\S)(?:[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]{2,})*(?:,\s*[A-Z][A-Za-z.]*(?:\s+\d{1,2})?)*\s*"
    r"(?:\([^)\n]{1,40}\))?\s*(?:-{1,2}|–|—)\s|(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d{1,2}\s*)?\((?:Reuters|AP|AFP|Bloomberg)\)\s*(?:-{1,2}|–|—))")
#: Words that open a news sentence after a headline run in title case.
_SENTENCE_OPENERS = frozenset({"The", "A", "An", "In", "On", "At", "After", "As", "When", "His", "Her",
                               "Their", "It", "This", "That", "For", "More", "Some", "Many", "Two", "Three"})


# --------------------------------------------------------------------------- sentences

def _word_before(text: str, pos: int) -> str:
    """The whitespace-delimited word ending at ``pos`` (exclusive); scans back from ``pos`` only,
    so the cost does not grow with the offset."""
    i = pos
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:pos]


@lru_cache(maxsize=None)
def _speech_after_quote() -> frozenset:
    return frozenset(load_yaml("abbreviations.yaml").get("speech_after_quote", []))


_NAME_THEN_WORD = re.compile(r"(?:[A-Z][\w.'’-]*\s+){1,4}(\w+)")


def _cue_follows_quote(text: str, punct_end: int, nxt: str) -> bool:
    """A quotation closed after "?"/"!" and followed by a name and a speech verb ("“Why?” Mr.
    Smith said."): the sentence goes on."""
    closer = text[punct_end:punct_end + 2]
    m = _NAME_THEN_WORD.match(nxt)
    return bool(closer[:1] in ("”", '"', "’", "'") and m and m.group(1).lower() in _speech_after_quote())


def _is_boundary(text: str, punct_start: int, punct_end: int, next_start: int) -> bool:
    """Decide whether the terminal punctuation at text[punct_start:punct_end] ends a sentence."""
    nxt = text[next_start:next_start + 40]
    first = nxt.lstrip(_OPENERS)[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    punct = text[punct_start:punct_end]
    if punct != ".":
        return not _cue_follows_quote(text, punct_end, nxt)
    never, maybe, openers = _abbreviations()
    word = _word_before(text, punct_start + 1).lstrip(_OPENERS)
    bare = word[:-1].lower()
    next_word = re.match(r"[\w'’]+", nxt.lstrip(_OPENERS))
    next_word = next_word.group(0).lower() if next_word else ""
    if bare in never:
        return False
    if re.fullmatch(r"[A-Z]", word[:-1]):  # an initial: "J. K. Rowling"
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", word) or bare in maybe:  # U.S., a.m., Inc.
        return next_word in openers
    return True


_BOUNDARY = re.compile(rf"[{re.escape(_TERMINAL)}]+[{re.escape(_CLOSERS)}]*(?=\s)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] into sentence spans (absolute offsets, whitespace trimmed).

    Rule-based: a boundary is terminal punctuation (plus closing quotes/brackets) followed by
    whitespace and a capitalised word or digit, unless the period closes a title, month,
    initial or, before a non-opener word, an acronym. A quote followed by ", X said." stays
    whole because the comma, not a period, follows the closing mark.
    """
    end = len(text) if end is None else end
    spans, cur = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        nxt = m.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            break
        punct_end = m.start() + len(m.group(0).rstrip(_CLOSERS))
        if _is_boundary(text, m.start(), punct_end, nxt):
            spans.append((cur, m.end()))
            cur = nxt
    spans.append((cur, end))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


# --------------------------------------------------------------------------- article

def parse_article(text: str, source_path: str | None = None, sha256: str = "",
                  boilerplate: dict | None = None, name: str | None = None) -> Article:
    """Build an Article from normalised text: header lines, boilerplate, paragraphs, sentences.

    Raises InputError when no body sentence remains.
    """
    rules = boilerplate or _default_boilerplate()
    spans = paragraph_spans(text)
    removed: list[RemovedBlock] = []
    single = len(spans) == 1
    if single:  # an article on one line, as scrapers produce: find its header inside the line
        spans, header = _inline_header(text, spans[0])
        removed.extend(header)
    title, caption, body_from = _header_lines(text, spans, rules, removed)
    if single and header and header[0].reason.startswith("title"):
        title = header[0].text
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for s, e in spans[body_from:]:
        block = text[s:e]
        reason = _boiler_reason(rules, block, "paragraph")
        if reason and len(block.split()) <= rules.get("max_words", {}).get(reason, PARAGRAPH_MAX_WORDS):
            removed.append(RemovedBlock(s, e, block, reason))
            continue
        s = _drop_dateline(text, s, removed, len(paragraphs))
        pid = len(paragraphs)
        paragraphs.append(Paragraph(pid, s, e, text[s:e]))
        for ss, se in (span for ps, pe in _inline_cut(text, s, e, rules, removed)
                       for span in split_sentences(text, ps, pe)):
            reason = "separator (no letters)" if not re.search(r"[^\W\d_]", text[ss:se]) else (
                _boiler_reason(rules, text[ss:se], "paragraph") if single else None)
            if reason:
                removed.append(RemovedBlock(ss, se, text[ss:se], reason))
                continue
            sentences.append(Sentence(len(sentences), pid, ss, se, text[ss:se]))
    removed.sort(key=lambda b: b.start)
    if not sentences:
        label = name or source_path or "<input>"
        raise InputError(f"{label}: no body sentences found (only headline or boilerplate lines)")
    return Article(text=text, title=title, caption=caption, paragraphs=paragraphs,
                   sentences=sentences, removed=removed, source_path=source_path, sha256=sha256)


def _inline_cut(text: str, s: int, e: int, rules: dict, removed: list[RemovedBlock]) -> list[tuple[int, int]]:
    """The pieces of paragraph [s, e) left after cutting out inline furniture runs (a shop
    widget inside a paragraph); each run is set aside with its reason, offsets unchanged."""
    runs = sorted((m.start(), m.end(), reason) for pattern, reason in rules.get("inline", ())
                  for m in pattern.finditer(text, s, e) if m.end() > m.start())
    pieces, cur = [], s
    for a, b, reason in runs:
        if a < cur:
            continue
        pieces.append((cur, a))
        removed.append(RemovedBlock(a, b, text[a:b], reason))
        cur = b
    pieces.append((cur, e))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def _boiler_reason(rules: dict, block: str, kind: str) -> str | None:
    """The reason of the first boilerplate rule of ``kind`` matching the block (spaces folded)."""
    flat = " ".join(block.split())
    for pattern, reason in rules[kind]:
        if pattern.search(flat):
            return reason
    return None


def _header_lines(text: str, spans: list[tuple[int, int]], rules: dict,
                  removed: list[RemovedBlock]) -> tuple[str | None, str | None, int]:
    """(title, caption, index of the first body paragraph): the short lines before the first
    body paragraph (never the last paragraph) are headline, caption, byline or furniture."""
    title = caption = None
    body_from = 0
    for i, (s, e) in enumerate(spans[:-1]):
        block = text[s:e]
        reason = _boiler_reason(rules, block, "header")
        if reason == "caption":
            caption = caption or block
            removed.append(RemovedBlock(s, e, block, "caption (photo caption before the body)"))
        elif reason:
            removed.append(RemovedBlock(s, e, block, f"{reason} (header line before the body)"))
        elif _looks_like_heading(block) and not _boiler_reason(rules, block, "paragraph"):
            if title is None:
                title = block
                removed.append(RemovedBlock(s, e, block, "title (headline line before the body)"))
            elif caption is None:
                caption = block
                removed.append(RemovedBlock(s, e, block, "caption (second short line before the body)"))
            else:
                removed.append(RemovedBlock(s, e, block, "header line (short line before the body)"))
        else:
            break
        body_from = i + 1
    return title, caption, body_from


def _drop_dateline(text: str, s: int, removed: list[RemovedBlock], position: int = 0) -> int:
    """Set aside a dateline opening the paragraph at ``position``: any ("WASHINGTON -", "Feb 9
    (Reuters) -") opening the body; one with a bracket ("WASHINGTON (AP) —") opening the second
    paragraph, after a headline kept as body text; later, one naming a wire ("BOSTON (Reuters) -":
    a wire story reposted inside the article) or a full date and outlet ("GERMANY, February 8,
    2018 (LifeSiteNews) –"). Returns where the paragraph's text then starts."""
    block = text[s:s + 200]
    m = (_WIRE_DATELINE.match(block) or _DATED_DATELINE.match(block) if position >= 2
         else _DATELINE.match(block) or _WIRE_DATELINE.match(block))
    if m and position == 1 and "(" not in m.group("dl"):
        return s
    if m and m.group("dl")[-1] in "–—" and not re.search(r"[(,]", m.group("dl")):
        return s   # "U.S.—China talks", "NATO—long a pillar—": a dash without a space ends no bare place
    if m and len(m.group("dl").split()) <= 8:
        cut = s + m.end("dl")
        removed.append(RemovedBlock(s, cut, text[s:cut], "dateline (place and wire credit before the first sentence)"))
        return cut
    return s


def _inline_header(text: str, span: tuple[int, int]) -> tuple[list[tuple[int, int]], list[RemovedBlock]]:
    """Headline and byline at the start of a one-line article, found by a byline ("By Jane
    Doe"), a dateline or a title-case run followed by a sentence opener; returns the body span
    (the dateline is left for the dateline rule) and the blocks set aside."""
    s, e = span
    head = text[s:min(e, s + 400)]
    by = _INLINE_BYLINE.search(head)
    dl = _INLINE_DATELINE.search(head)
    cut = by.start() if by else dl.start() if dl else _title_case_run(head)
    if not cut or cut < 8 or not 2 <= len(head[:cut].split()) <= 30:
        return [span], []
    title_end = s + len(head[:cut].rstrip(" \t-–—|:"))
    blocks = [RemovedBlock(s, title_end, text[s:title_end], "title (headline at the start of a one-line article)")]
    body = s + cut
    if by:
        by_end = s + (dl.start() if dl and dl.start() > by.end() - 1 else by.end())
        by_text_end = s + len(head[:by_end - s].rstrip(" \t-–—|:,"))
        blocks.append(RemovedBlock(s + by.start(), by_text_end, text[s + by.start():by_text_end],
                                   "byline (header line before the body)"))
        body = by_end
    while body < e and text[body].isspace():
        body += 1
    return [(body, e)], blocks


def _title_case_run(head: str) -> int:
    """Offset where a headline in title case ends and the body's first sentence starts ("Wall
    Will Be Built The president said ..."): 0 when the line does not start that way."""
    words = list(re.finditer(r"\S+", head))
    for i, w in enumerate(words):
        word = w.group(0)
        if word[0].islower() and word.lower() not in _HEAD_SMALL_WORDS:
            if i >= 4 and words[i - 1].group(0) in _SENTENCE_OPENERS and all(
                    x.group(0)[0].isupper() or x.group(0).lower() in _HEAD_SMALL_WORDS for x in words[:i - 1]):
                return words[i - 1].start()
            return 0
        if word[-1] in _TERMINAL:
            return 0
    return 0


def load_article(path: str | Path, encoding: str = "utf-8", max_chars: int = MAX_CHARS,
                 boilerplate: dict | None = None) -> Article:
    """Read a UTF-8 text file and parse it into an Article."""
    text, digest = read_text(path, encoding=encoding, max_chars=max_chars)
    return parse_article(text, source_path=str(path), sha256=digest, boilerplate=boilerplate)


def article_from_text(text: str, name: str = "<text>", max_chars: int = MAX_CHARS,
                      boilerplate: dict | None = None) -> Article:
    """Parse an in-memory string (hash taken over its UTF-8 encoding)."""
    norm = normalise_text(text, name=name, max_chars=max_chars)
    return parse_article(norm, source_path=None, sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                         boilerplate=boilerplate, name=name)


@register_stage
class ArticleStage(Stage):
    """Text -> Article (headline, boilerplate, paragraphs, sentences). Runs when the pipeline
    is given text; an Article given to the pipeline is used as it is."""

    name = "article"

    def __init__(self, max_chars: int = MAX_CHARS, boilerplate: str | Path | None = None):
        self.max_chars = max_chars
        self.boilerplate = load_boilerplate(boilerplate) if boilerplate else None

    def run(self, context) -> Article:
        return article_from_text(context.text, max_chars=self.max_chars, boilerplate=self.boilerplate)
