"""Target-dependent sentiment: how one sentence portrays one target (a person, state, group).

A small multinomial logistic regression over lexicon features around the target:
VADER word valences (read from the installed vaderSentiment package) with negation, booster
and contrast ("but") handling, weighted by token distance and by dependency-tree distance to
the target; the valence of the verb that governs the target, split by the target's role
(subject / object); words modifying the target; the sentence's VADER and TextBlob scores; and
learned weights for context words and dependency relations. Weights are fitted on the NewsMTSC
train split by ``python -m analysis.training.sentiment`` and shipped as numbers in
analysis/fitted/sentiment_target_model.json.

Every score keeps its evidence: the context words that moved it, with character offsets and
their contribution to the positive-minus-negative logit.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .nlp import load_nlp
from .resources import fitted_path, load_yaml

CLASSES = ("negative", "neutral", "positive")
MODEL_FILE = "sentiment_target_model.json"

#: Dense (real-valued) features in a fixed order; sparse ones are named "w:", "neg:", "role:" ...
DENSE = ("lin_pos", "lin_neg", "tree_pos", "tree_neg", "clause_pos", "clause_neg", "mod_pos",
         "mod_neg", "gov_subj", "gov_obj", "gov_other", "vader_compound", "vader_pos", "vader_neg",
         "tb_polarity", "tb_subjectivity", "in_quote", "other_persons", "rel_position", "n_tokens")


@dataclass(frozen=True)
class Evidence:
    """One context word that moved a target's score."""
    word: str
    start: int
    end: int
    valence: float        # VADER valence after negation/booster/contrast rules (0 if not in lexicon)
    negated: bool
    contribution: float   # change of the positive-minus-negative logit due to this word

    def to_dict(self) -> dict:
        return {"word": self.word, "start": self.start, "end": self.end, "valence": round(self.valence, 4),
                "negated": self.negated, "contribution": round(self.contribution, 4)}


@dataclass(frozen=True)
class TargetScore:
    score: float                     # P(positive) - P(negative), in [-1, 1]
    label: str                       # negative | neutral | positive
    probabilities: tuple[float, float, float]
    evidence: tuple[Evidence, ...]


# --------------------------------------------------------------------------- lexicon

class Lexicon:
    """VADER word valences, negation and booster words (from the package) plus our rules file."""

    def __init__(self):
        from vaderSentiment import vaderSentiment as vs

        self.analyzer = _vader_class()()
        self.valence = self.analyzer.lexicon
        rules = load_yaml("sentiment_rules.yaml")
        self.negators = {w.lower() for w in vs.NEGATE} | set(rules["negation_extra"])
        self.boosters = {k.lower(): v for k, v in vs.BOOSTER_DICT.items()}
        self.n_scalar = vs.N_SCALAR
        self.contrast = set(rules["contrast"]["words"])
        self.before = float(rules["contrast"]["before"])
        self.after = float(rules["contrast"]["after"])
        self.neg_window = int(rules["negation_window"])
        self.decay = float(rules["distance_decay_tokens"])
        self.quotes = set(rules["quote_chars"])

    @lru_cache(maxsize=4096)
    def sentence_scores(self, text: str) -> tuple[float, float, float, float, float]:
        """(VADER compound, pos, neg, TextBlob polarity, subjectivity) of a text."""
        if not text.strip():
            return 0.0, 0.0, 0.0, 0.0, 0.0
        vs = self.analyzer.polarity_scores(text)
        polarity, subjectivity = pattern_scores(text)
        return vs["compound"], vs["pos"], vs["neg"], float(polarity), float(subjectivity)


#: Remembered VADER word valences (then the memo starts afresh).
CACHE_VALENCES = 100_000


@lru_cache(maxsize=1)
def _vader_class():
    """VADER's analyser with an exact fast path in ``polarity_scores`` (the same scores):
    a text without emoji skips the character-by-character emoji rewrite (it would return the
    text unchanged), and a word that is no lexicon entry gets the valence 0 that
    ``sentiment_valence`` would append without the call (nine in ten words). Texts with an
    emoji character take the package's own path. A lexicon word's valence is remembered by
    what ``sentiment_valence`` reads: the words from three before it to two after it (as they are
    written), its position when fewer than three words precede it, and whether the text mixes
    capitalised and other words; the mentions of one sentence share most of them."""
    from vaderSentiment import vaderSentiment as vs

    class Analyzer(vs.SentimentIntensityAnalyzer):
        def __init__(self):
            super().__init__()
            self.emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)  # what its loop can match
            self.memo: dict[tuple, float] = {}   # a lexicon word in its window -> its valence

        def polarity_scores(self, text):
            if not self.emoji_chars.isdisjoint(text):
                return super().polarity_scores(text)
            text = text.strip()
            sentitext = self.text_class(text)
            words = sentitext.words_and_emoticons
            lex, boosters, last = self.lexicon, vs.BOOSTER_DICT, len(words) - 1
            sentiments: list = []
            memo, cap = self.memo, sentitext.is_cap_diff
            for i, item in enumerate(words):
                low = item.lower()
                if low in boosters or low not in lex or (i < last and low == "kind" and words[i + 1].lower() == "of"):
                    sentiments.append(0)
                    continue
                key = (cap, min(i, 3), *words[max(0, i - 3):i + 3])
                valence = memo.get(key)
                if valence is None:
                    if len(memo) >= CACHE_VALENCES:
                        memo.clear()
                    valence = memo[key] = self.sentiment_valence(0, sentitext, item, i, [])[-1]
                sentiments.append(valence)
            sentiments = self._but_check(words, sentiments)
            return self.score_valence(sentiments, text)

    class _SentiText(vs.SentiText):
        """VADER's ``SentiText`` of a str, the same words: each distinct word's punctuation strip
        remembered, the all-caps count taken by ``map``."""

        stripped: dict[str, str] = {}

        def __init__(self, text: str):
            self.text = text
            memo, strip = self.stripped, self._strip_punc_if_word
            if len(memo) >= CACHE_VALENCES:
                memo.clear()
            words = self.words_and_emoticons = []
            for w in text.split():
                out = memo.get(w)
                if out is None:
                    out = memo[w] = strip(w)
                words.append(out)
            caps = sum(map(str.isupper, words))
            self.is_cap_diff = 0 < len(words) - caps < len(words)

    Analyzer.text_class = _SentiText
    return Analyzer


def _loaded_lexicon(sentiment) -> None:
    """Load TextBlob's lazily loaded sentiment lexicon (a ``lazydict``) now and give this
    private instance plain dict lookups: every ``w in self`` / ``self[w]`` of a loaded lazydict
    still goes through two Python-level calls (``__contains__`` -> ``_lazy``) that end in the
    same dict method."""
    len(sentiment)                                    # loads it
    cls = type(sentiment)
    methods = ("__contains__", "__getitem__", "__len__", "__iter__", "get", "items", "keys", "values")
    sentiment.__class__ = type(cls.__name__, (cls,), {m: getattr(dict, m) for m in methods})


@lru_cache(maxsize=1)
def pattern_sentiment():
    """TextBlob's English sentiment analyser (``textblob.en.sentiment``): what
    ``TextBlob(text).sentiment`` runs on the raw text, without building a blob and a namedtuple
    class per call. Importing ``textblob`` imports NLTK, SciPy and scikit-learn (seconds at
    start-up) for nothing this analyser uses, so unless textblob is already imported its two
    modules (``_text``, standard library only, and ``en``) are loaded from the installed package
    under private names (and that private instance's lexicon loaded at once, ``_loaded_lexicon``);
    any failure falls back to the plain import."""
    import importlib.util
    import sys

    if "textblob.en" not in sys.modules:
        try:
            root = Path(importlib.util.find_spec("textblob").origin).parent
            text_mod = _load_private("_analysis_textblob_text", root / "_text.py")
            saved = sys.modules.get("textblob._text")
            sys.modules["textblob._text"] = text_mod      # what en/__init__.py imports from
            try:
                sentiment = _load_private("_analysis_textblob_en", root / "en" / "__init__.py").sentiment
                _loaded_lexicon(sentiment)
                return sentiment
            finally:
                if saved is None:
                    del sys.modules["textblob._text"]
                else:
                    sys.modules["textblob._text"] = saved
        except Exception:  # pragma: no cover - a textblob laid out differently
            pass
    from textblob.en import sentiment

    return sentiment


class _PatternTokens:
    """``" ".join(find_tokens(text)).split()`` of TextBlob's pattern tokenizer, the same tokens
    faster: its literal ``re.sub`` calls are ``str.replace``, its patterns compiled once, and the
    punctuation splitting of each whitespace-separated piece (a pure function of the piece, most
    of the tokenizer's time) remembered per distinct piece; the sentence split, sarcasm and
    emoticon rewrites run as in the package (``module``: its ``_text`` module)."""

    def __init__(self, module):
        self.m = module
        self.replace = list(module.replacements.items())
        self.punctuation = tuple(module.PUNCTUATION.replace(".", ""))
        self.linebreak = re.compile(r"\n{2,}")
        self.spaces = re.compile(r"\s+")
        self.pieces: dict[str, tuple[str, ...]] = {}

    def piece(self, t: str) -> tuple[str, ...]:
        """The tokens ``find_tokens`` makes of one piece (its loop body, verbatim)."""
        m, punctuation, replace = self.m, self.punctuation, self.m.replacements
        tokens, tail = [], []
        while t.startswith(punctuation) and t not in replace:
            tokens.append(t[0])
            t = t[1:]
        while t.endswith(punctuation + (".",)) and t not in replace:
            if t.endswith(punctuation):
                tail.append(t[-1])
                t = t[:-1]
            if t.endswith("..."):
                tail.append("...")
                t = t[:-3].rstrip(".")
            if t.endswith("."):
                if (t in m.ABBREVIATIONS or m.RE_ABBR1.match(t) is not None or m.RE_ABBR2.match(t) is not None
                        or m.RE_ABBR3.match(t) is not None):
                    break
                tail.append(t[-1])
                t = t[:-1]
        if t != "":
            tokens.append(t)
        tokens.extend(reversed(tail))
        return tuple(tokens)

    def __call__(self, string: str) -> list[str]:
        m, pieces = self.m, self.pieces
        for a, b in self.replace:      # literal patterns without regex syntax: re.sub == replace
            string = string.replace(a, b)
        string = (string.replace("“", " “ ").replace("”", " ” ").replace("‘", " ‘ ").replace("’", " ’ ")
                  .replace("'", " ' ").replace('"', ' " '))
        string = self.spaces.sub(" ", self.linebreak.sub(" %s " % m.EOS, string.replace("\r\n", "\n")))
        tokens: list[str] = []
        for t in m.TOKEN.findall(string + " "):
            out = pieces.get(t)
            if out is None:
                if len(pieces) >= CACHE_PIECES:
                    pieces.clear()
                out = pieces[t] = self.piece(t)
            tokens.extend(out)
        return " ".join(self.sentences(tokens)).split()

    def sentences(self, tokens: list[str]) -> list[str]:
        """The sentence split of ``find_tokens`` and its sarcasm and emoticon rewrites, verbatim."""
        m, EOS = self.m, self.m.EOS
        sentences, i, j = [[]], 0, 0
        while j < len(tokens):
            if tokens[j] in ("...", ".", "!", "?", EOS):
                while j < len(tokens) and tokens[j] in ("'", '"', "”", "’", "...", ".", "!", "?", ")", EOS):
                    if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                        break
                    j += 1
                sentences[-1].extend(t for t in tokens[i:j] if t != EOS)
                sentences.append([])
                i = j
            j += 1
        sentences[-1].extend(tokens[i:j])
        joined = (m.RE_SARCASM.sub("(!)", " ".join(s)) for s in sentences if len(s) > 0)
        return [m.RE_EMOTICONS.sub(lambda x: x.group(1).replace(" ", "") + x.group(2), s) for s in joined]


#: Distinct whitespace-separated pieces ``_PatternTokens`` remembers (then it starts afresh).
CACHE_PIECES = 100_000


@lru_cache(maxsize=1)
def _pattern_parts():
    """(TextBlob's sentiment analyser, its fast tokenizer, the words that can add an assessment:
    lexicon entries, the sarcasm mark and the emoticons as its loop lowercases them)."""
    from types import SimpleNamespace

    sentiment = pattern_sentiment()
    len(sentiment)                    # a lazily loaded lexicon is loaded now (the fallback import)
    names = getattr(type(sentiment).assessments, "__globals__", {})   # its ``_text`` module
    needed = ("replacements", "PUNCTUATION", "ABBREVIATIONS", "RE_ABBR1", "RE_ABBR2", "RE_ABBR3", "EOS",
              "TOKEN", "RE_SARCASM", "RE_EMOTICONS", "EMOTICONS")
    if not all(n in names for n in needed):   # pragma: no cover - a textblob laid out differently
        return sentiment, None, None
    module = SimpleNamespace(**{n: names[n] for n in needed})
    emoticons = {e.lower() for group in module.EMOTICONS.values() for e in group}
    return sentiment, _PatternTokens(module), (emoticons | {"(!)"})


def pattern_scores(text: str) -> tuple[float, float]:
    """``pattern_sentiment()(text)`` (TextBlob polarity, subjectivity), the same numbers: the
    text's words from ``_PatternTokens``, and (0.0, 0.0) at once when no word is a lexicon entry,
    the sarcasm mark or an emoticon (nothing the analyser's loop would assess; the mean of no
    assessments is 0.0)."""
    sentiment, tokens, special = _pattern_parts()
    if tokens is None:   # pragma: no cover
        return tuple(sentiment(text))[:2]
    words = [w.lower() for w in tokens(text)]
    if special.isdisjoint(words) and dict.keys(sentiment).isdisjoint(words):
        return 0.0, 0.0
    score = sentiment(words)
    return score[0], score[1]


def _load_private(name: str, path: Path):
    """Execute one module file under a private name (not registered in sys.modules)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


# --------------------------------------------------------------------------- features

def token_valences(sent, lex: Lexicon) -> dict[int, tuple[float, bool]]:
    """Token index -> (adjusted valence, negated) for the sentiment words of a sentence span."""
    return DocArrays(sent.doc).valences(sent.start, sent.end, lex)


class DocArrays:
    """Every token attribute the target features read, for a whole doc in one ``Doc.to_array``
    call (strings looked up once per token): creating a spaCy ``Token`` per attribute read cost
    more than the features themselves."""

    def __init__(self, doc):
        from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP,
                                 LEMMA, LIKE_NUM, LOWER, ORTH, POS, SPACY)

        cols = doc.to_array([IDX, ORTH, LOWER, LEMMA, POS, DEP, ENT_TYPE, ENT_IOB, HEAD, SPACY, IS_ALPHA,
                             LIKE_NUM, IS_PUNCT, IS_SPACE, IS_STOP]).T.tolist() if len(doc) else [[]] * 15
        idx, orth, lower, lemma, pos, dep, ent_type, ent_iob, head, spacy, alpha, num, punct, space, stop = cols
        strings = doc.vocab.strings
        self.idx = idx
        self.text = [strings[o] for o in orth]
        self.ws_text = [t + " " if sp else t for t, sp in zip(self.text, spacy)]
        self.lower = [strings[o] for o in lower]
        self.lemma = [strings[o].lower() for o in lemma]
        self.pos = [strings[o] for o in pos]
        self.dep = [strings[o] for o in dep]
        self.head = [i + (h if h < 2 ** 63 else h - 2 ** 64) for i, h in enumerate(head)]  # HEAD: relative, uint64
        ent = [strings[o] for o in ent_type]
        self.word = [bool(a) and not n and p != "PROPN" and not e for a, n, p, e in zip(alpha, num, self.pos, ent)]
        self.skip_always = [bool(a or b) for a, b in zip(punct, space)]
        self.person_start = [b == 3 and e == "PERSON" for b, e in zip(ent_iob, ent)]   # IOB 3: "B"
        self.is_stop = [bool(x) for x in stop]
        self.alpha = alpha
        # tokens with a "neg" child (Token.children: the tokens headed by it, never itself)
        self.neg_parents = {h for j, (h, d) in enumerate(zip(self.head, self.dep)) if d == "neg" and h != j}

    def valences(self, lo: int, hi: int, lex: "Lexicon") -> dict[int, tuple[float, bool]]:
        """Token index -> (adjusted valence, negated) for the sentiment words among tokens
        lo..hi-1 (one sentence): lexicon valence of the word or its lemma, a booster before it,
        negation by a negator within ``neg_window`` words or a "neg" dependent (of the word, or
        of its head for a complement), and the weights before/after a contrast word."""
        lower, dep = self.lower, self.dep
        contrast_at = next((k for k in range(1, hi - lo) if lower[lo + k] in lex.contrast), None)
        out = {}
        for k in range(hi - lo):
            i = lo + k
            if not self.alpha[i] or lower[i] in lex.negators:
                continue
            v = lex.valence.get(lower[i])
            if v is None:
                v = lex.valence.get(self.lemma[i])
            v = float(v or 0.0)
            if v == 0.0:
                continue
            if k > 0 and lower[i - 1] in lex.boosters:
                v += math.copysign(lex.boosters[lower[i - 1]], v)
            negated = any(lower[j] in lex.negators or dep[j] == "neg" for j in range(max(lo, i - lex.neg_window), i)) \
                or i in self.neg_parents or (dep[i] in ("acomp", "attr", "xcomp", "oprd")
                                             and self.head[i] in self.neg_parents)
            if negated:
                v *= lex.n_scalar
            if contrast_at is not None:
                v *= lex.before if k < contrast_at else (lex.after if k > contrast_at else 1.0)
            out[i] = (v, negated)
        return out


class SentenceArrays:
    """One sentence span read once into plain arrays, so the features of each mention in it
    never touch spaCy tokens again: per token its offsets, text and attributes; the dependency
    heads of the sentence and of every ancestor outside it; each token's ancestors; and the
    sentence's word valences (``DocArrays.valences``). ``doc``: the ``DocArrays`` of
    its doc when already read (shared by its sentences)."""

    def __init__(self, sent, lex: Lexicon, doc: DocArrays | None = None):
        da = doc or DocArrays(sent.doc)
        lo, hi = sent.start, sent.end
        self.lo = lo
        self.start_char = sent.start_char
        self.text_with_ws = sent.text_with_ws
        self.idx = da.idx[lo:hi]
        self.text = da.text[lo:hi]
        self.end = [a + len(t) for a, t in zip(self.idx, self.text)]
        self.ws_text = da.ws_text[lo:hi]
        self.word = da.word[lo:hi]
        self.skip_always = da.skip_always[lo:hi]
        self.person_start = da.person_start[lo:hi]
        self.is_stop = da.is_stop[lo:hi]
        self.head: dict[int, int] = {}
        self.pos: dict[int, str] = {}
        self.dep: dict[int, str] = {}
        self.lemma: dict[int, str] = {}
        todo = list(range(lo, hi))
        while todo:                      # the sentence, then heads outside it, up to the root
            nxt = []
            for i in todo:
                if i not in self.head:
                    h = self.head[i] = da.head[i]
                    self.pos[i], self.dep[i], self.lemma[i] = da.pos[i], da.dep[i], da.lemma[i]
                    if h not in self.head:
                        nxt.append(h)
            todo = nxt
        self.chain = [self._ancestors(i) for i in range(lo, hi)]   # self and every ancestor, nearest first
        self._depths: dict[int, dict[int, int]] = {}
        self.valences = da.valences(lo, hi, lex)

    def _ancestors(self, i: int) -> list[int]:
        out = [i]
        while self.head[i] != i:
            i = self.head[i]
            out.append(i)
        return out

    def tree_distance(self, k: int, root: int) -> int:
        """Dependency edges between sentence token k and token (doc index) root."""
        depth_root = self._depths.get(root)
        if depth_root is None:         # root's ancestors by depth, once per root of this sentence
            depth_root = self._depths[root] = {t: d for d, t in enumerate(self.chain[root - self.lo])}
        for d, t in enumerate(self.chain[k]):
            if t in depth_root:
                return d + depth_root[t]
        return 20

    def clause_head(self, i: int) -> int:
        """The nearest verb (or the root) governing token i: its clause."""
        while self.head[i] != i and self.pos[i] not in ("VERB", "AUX"):
            i = self.head[i]
        return i


def _context_features(arr: SentenceArrays, lex: Lexicon, keep: list[bool], first: int, last: int,
                      root: int) -> tuple[dict[str, float], dict[int, dict[str, float]]]:
    """The token-sum features (valences by distance, tree distance, clause and modifiers, the
    governing verb; context words) around a target whose dependency root is ``root``."""
    feats: dict[str, float] = {}
    parts: dict[int, dict[str, float]] = {}
    lo = arr.lo
    clause = arr.clause_head(root)
    gov = clause if clause != root else None
    role = arr.dep[root]

    def add(i, name, x):
        if x:
            part = parts.get(i)
            if part is None:
                part = parts[i] = {}
            part[name] = part.get(name, 0.0) + x
            feats[name] = feats.get(name, 0.0) + x

    for k, chain in enumerate(arr.chain):
        if not keep[k] or arr.skip_always[k]:
            continue
        i = lo + k
        d = first - i if i < first else i - last
        w_lin = 1.0 / (1.0 + d / lex.decay)
        v, negated = arr.valences.get(i, (0.0, False))
        tree = None
        if v:
            sign = "pos" if v > 0 else "neg"
            add(i, f"lin_{sign}", v * w_lin)
            tree = arr.tree_distance(k, root)
            add(i, f"tree_{sign}", v / (1.0 + tree))
            if clause in chain:
                add(i, f"clause_{sign}", v)
            if root in chain and not first <= i <= last:
                add(i, f"mod_{sign}", v)
            if gov is not None and i == gov:
                slot = "gov_subj" if role in ("nsubj", "csubj") else (
                    "gov_obj" if role in ("dobj", "nsubjpass", "pobj", "dative", "attr", "obj") else "gov_other")
                add(i, slot, v)
        # Context words (not names: a learned weight for a person's name would be a prejudice).
        if arr.word[k]:
            lemma = arr.lemma[i]
            add(i, f"{'neg' if negated else 'w'}:{lemma}", w_lin)
            add(i, f"t:{lemma}", 1.0 / (1.0 + (arr.tree_distance(k, root) if tree is None else tree)))
    return feats, parts


def target_features(sent, start: int, end: int, exclude: Sequence[tuple[int, int]] = (),
                    lex: Lexicon | None = None, arrays: SentenceArrays | None = None
                    ) -> tuple[dict[str, float], dict[int, dict[str, float]]]:
    """Features of the target at char offsets [start, end) in a spaCy sentence span.

    ``exclude``: further char ranges whose words must not count (e.g. the target's own quoted
    words, the attribution cue). Returns (features, per-token parts of the token-sum features).
    ``arrays``: the sentence's ``SentenceArrays`` when already read (shared by its mentions).
    """
    lex = lex or lexicon()
    arr = arrays or SentenceArrays(sent, lex)
    n = len(arr.idx)
    skip = [(start, end), *exclude]
    keep = [not any(s < b and a < e for s, e in skip) for a, b in zip(arr.idx, arr.end)]
    target = [arr.lo + k for k in range(n) if arr.idx[k] < end and start < arr.end[k]]
    kept_text = "".join(w if kp else " " * len(w) for w, kp in zip(arr.ws_text, keep))
    cmp_, vpos, vneg, tbp, tbs = lex.sentence_scores(kept_text.strip())
    feats = dict(vader_compound=cmp_, vader_pos=vpos, vader_neg=vneg, tb_polarity=tbp, tb_subjectivity=tbs)
    feats["n_tokens"] = math.log1p(n)
    if not target:
        return feats, {}
    root = min(target, key=lambda i: (len(arr.chain[i - arr.lo]) - 1, i))
    first, last = target[0], target[-1]
    feats["rel_position"] = (first - arr.lo) / max(1, n)
    before = arr.text_with_ws[:max(0, start - arr.start_char)]
    feats["in_quote"] = float(sum(before.count(q) for q in lex.quotes) % 2 == 1)
    # PERSON entities other than the target (counted by their first token).
    feats["other_persons"] = float(sum(1 for k in range(n) if arr.person_start[k]
                                       and not (start <= arr.idx[k] < end)))
    context, parts = _context_features(arr, lex, keep, first, last, root)
    feats.update(context)
    role = arr.dep[root]
    clause = arr.clause_head(root)
    gov = clause if clause != root else None
    feats[f"role:{role}"] = 1.0
    if gov is not None:
        feats[f"gov:{arr.lemma[gov]}"] = 1.0
        feats[f"rg:{role}|{arr.lemma[gov]}"] = 1.0
    head = arr.head[root]
    if head != root and head != (gov if gov is not None else -1) and arr.pos[head] != "PROPN":
        feats[f"hd:{role}|{arr.lemma[head]}"] = 1.0
    return feats, parts


# --------------------------------------------------------------------------- model

#: Rows scored at once (a block of the design matrix: 512 x 12,500 floats, 51 MB).
ROWS_AT_ONCE = 512


class TargetModel:
    """Multinomial logistic regression over target_features (weights from the JSON file)."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.features: list[str] = spec["features"]
        self.index = {f: k for k, f in enumerate(self.features)}
        self.weights = np.asarray(spec["weights"], dtype=float)      # (n_features, 3)
        self.bias = np.asarray(spec["bias"], dtype=float)
        self.mean = {f: m for f, m in zip(DENSE, spec["dense_mean"])}
        self.std = {f: s for f, s in zip(DENSE, spec["dense_std"])}

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "TargetModel":
        with open(fitted_path(MODEL_FILE), encoding="utf-8") as fh:
            return cls(json.load(fh))

    def scale(self, name: str, x: float) -> float:
        if name in self.mean:
            return (x - self.mean[name]) / self.std[name]
        return x

    def vectorize(self, feats_list: Iterable[dict[str, float]]) -> np.ndarray:
        """Rows of the design matrix: dense features standardised (all rows at once), sparse
        ones as they are; features the model does not know are dropped."""
        rows = list(feats_list)
        X = np.zeros((len(rows), len(self.features)))
        dense = [(name, self.index[name]) for name in DENSE if name in self.index]
        if dense and rows:
            raw = np.array([[feats.get(name, 0.0) for name, _ in dense] for feats in rows])
            mean = np.array([self.mean.get(name, 0.0) for name, _ in dense])
            std = np.array([self.std.get(name, 1.0) if name in self.mean else 1.0 for name, _ in dense])
            X[:, [k for _, k in dense]] = (raw - mean) / std
        r_idx, c_idx, vals = [], [], []
        for r, feats in enumerate(rows):
            for name, x in feats.items():
                k = self.index.get(name)
                if k is not None and name not in self.mean:
                    r_idx.append(r)
                    c_idx.append(k)
                    vals.append(x)
        X[r_idx, c_idx] = vals
        return X

    def predict_proba(self, feats_list: Iterable[dict[str, float]]) -> np.ndarray:
        """Class probabilities per row, ``ROWS_AT_ONCE`` rows at a time: the dense design
        matrix of a whole long article (rows x ~12,500 features) alone took 1.4 GB at 1 MB."""
        rows = list(feats_list)
        if len(rows) <= ROWS_AT_ONCE:
            return softmax(self.vectorize(rows) @ self.weights + self.bias)
        return np.vstack([softmax(self.vectorize(rows[i:i + ROWS_AT_ONCE]) @ self.weights + self.bias)
                          for i in range(0, len(rows), ROWS_AT_ONCE)])

    def margins(self) -> dict[str, float]:
        """``margin`` of every feature of the model, computed once."""
        if not hasattr(self, "_margins"):
            self._margins = {name: self.margin(name) for name in self.features}
        return self._margins

    def margin(self, name: str) -> float:
        """Positive-minus-negative logit per unit of a (raw, unscaled) feature."""
        k = self.index.get(name)
        if k is None:
            return 0.0
        w = self.weights[k, 2] - self.weights[k, 0]
        return w / self.std[name] if name in self.std else w


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def score_from_proba(p: Sequence[float]) -> tuple[float, str]:
    return float(p[2] - p[0]), CLASSES[int(np.argmax(p))]


def explain(sent, parts: dict[int, dict[str, float]], model: TargetModel, top: int = 6,
            arrays: SentenceArrays | None = None) -> tuple[Evidence, ...]:
    """The context words with the largest contributions, strongest first (ties by position)."""
    arr = arrays or SentenceArrays(sent, lexicon())
    margin = model.margins()
    out = []
    for i, fs in parts.items():
        c = 0                 # sum() of the products, in the same order, without a generator
        for name, x in fs.items():
            c += x * margin.get(name, 0.0)
        if abs(c) < 0.05:
            continue
        k = i - arr.lo
        v, negated = arr.valences.get(i, (0.0, False))
        if arr.is_stop[k] and not v:      # function words carry learned weights but explain nothing
            continue
        out.append(Evidence(arr.text[k], arr.idx[k], arr.end[k], v, negated, c))
    out.sort(key=lambda e: (-abs(e.contribution), e.start))
    return tuple(out[:top])


def score_targets(items: Sequence[tuple], model: TargetModel | None = None) -> list[TargetScore]:
    """Score many (sentence span, start, end, exclude) items at once: each sentence is read
    once into arrays shared by its mentions, and the model runs once over all of them."""
    model = model or TargetModel.load()
    lex = lexicon()
    arrays: dict[tuple[int, int, int], SentenceArrays] = {}
    docs: dict[int, DocArrays] = {}
    feats, parts, sents = [], [], []
    for sent, start, end, exclude in items:
        key = (id(sent.doc), sent.start, sent.end)
        arr = arrays.get(key)
        if arr is None:
            da = docs.get(id(sent.doc))
            if da is None:
                da = docs[id(sent.doc)] = DocArrays(sent.doc)
            arr = arrays[key] = SentenceArrays(sent, lex, da)
        f, p = target_features(sent, start, end, exclude, lex, arr)
        feats.append(f)
        parts.append(p)
        sents.append(arr)
    if not feats:
        return []
    probs = model.predict_proba(feats)
    out = []
    for (sent, *_), arr, p, pr in zip(items, sents, parts, probs):
        score, label = score_from_proba(pr)
        out.append(TargetScore(round(score, 4), label, tuple(round(float(x), 4) for x in pr),
                               explain(sent, p, model, arrays=arr)))
    return out


def target_sentiment(sentence, start: int, end: int, *, exclude: Sequence[tuple[int, int]] = (),
                     nlp=None, model: TargetModel | None = None) -> tuple[float, str, tuple[Evidence, ...]]:
    """Sentiment toward the target at [start, end) of a sentence -> (score, label, evidence).

    ``sentence`` is a string (parsed here; offsets relative to it) or a spaCy Span/Doc (offsets
    into its document text). ``score`` = P(positive) - P(negative).
    """
    if isinstance(sentence, str):
        sentence = (nlp or load_nlp())(sentence)
    if not hasattr(sentence, "start_char"):          # a Doc: use it whole as one span
        sentence = sentence[:]
    r = score_targets([(sentence, start, end, tuple(exclude))], model)[0]
    return r.score, r.label, r.evidence
