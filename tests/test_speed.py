"""The faster paths give exactly what the plain ones give (issue 18): JSON text, TextBlob scores,
target features from shared sentence arrays, token search, charts rendered in other processes."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.actors import _token_at_or_after
from analysis.pipeline import indented_json
from analysis.target_sentiment import SentenceArrays, lexicon, pattern_sentiment, target_features


@pytest.mark.parametrize("obj", [
    {}, [], {"a": []}, {"a": {}}, {"k": (1, 2)}, "text", 3, None, 0.1 + 0.2,
    [1, 2.5, None, True, False, "line\nbreak \"quoted\" é \u2028 \x01", math.nan, math.inf, -math.inf,
     -0.0, 1e-05, 1e16, 2 ** 70],
    {1: "int key", 2.5: "float key", True: "bool key", None: "none key", "z": [[], {}, [[{"a": [1]}]]]},
    {"actors": [{"id": "a", "mentions": [{"start": 1, "end": 4, "evidence": []}], "score": -0.25}]},
])
def test_indented_json_is_json_dumps_with_indent_2(obj):
    assert indented_json(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


_JSON_TEXT = st.text(st.sampled_from(list('{}[],: \n"\\ab\u2028é')), max_size=8)
_JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _JSON_TEXT)
_JSON_VALUES = st.recursive(_JSON_SCALARS, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.dictionaries(_JSON_TEXT, kids, max_size=4)), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES)
def test_indented_json_equals_json_dumps_on_any_nesting(obj):
    """Any nesting of dicts and lists, with strings of the characters that make JSON's structure."""
    assert indented_json(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


def test_indented_json_refuses_what_json_refuses():
    with pytest.raises(TypeError):
        indented_json({"x": object()})
    with pytest.raises(TypeError):
        indented_json({(1, 2): "tuple key"})
    with pytest.raises(TypeError):
        indented_json({"a": [1, {"b": object()}]})
    obj = {"a": [1, {"b": 2}], "c": [3, 4]}      # the encoders cached per indent still write right
    assert indented_json(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


def test_pattern_sentiment_scores_like_textblob():
    from textblob import TextBlob

    texts = ["I do not love this very much!", "A great, awful and terrible day :)", "not bad at all",
             "The minister said the plan was a disaster.", ""]
    for text in texts:
        assert tuple(pattern_sentiment()(text)) == tuple(TextBlob(text).sentiment)


def test_scoring_a_sentence_does_not_import_nltk():
    code = ("import sys; from analysis.target_sentiment import lexicon; "
            "print(lexicon().sentence_scores('A truly awful, shameful decision.')[3], "
            "'nltk' in sys.modules, 'textblob' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert float(out[0]) < 0
    assert out[1:] == ["False", "False"]


def test_features_from_shared_sentence_arrays_equal_features_read_alone(nlp):
    doc = nlp("Critics said Smith never failed, but Jones badly hurt the poor farmers in Ohio.")
    sent = doc[:]
    arrays = SentenceArrays(sent, lexicon())
    for word in ("Smith", "Jones", "farmers"):
        start = doc.text.index(word)
        alone = target_features(sent, start, start + len(word))
        shared = target_features(sent, start, start + len(word), arrays=arrays)
        assert alone == shared
        assert alone[0]["n_tokens"] == math.log1p(len(doc))
    start = doc.text.index("Jones")
    feats, parts = target_features(sent, start, start + 5, arrays=arrays)
    assert feats["role:nsubj"] == 1.0
    assert any(name.startswith(("lin_neg", "tree_neg")) for p in parts.values() for name in p)


def test_token_at_or_after_finds_the_first_token_starting_there(nlp):
    doc = nlp("Russian President Vladimir Putin spoke.")
    assert _token_at_or_after(doc, 0).text == "Russian"
    assert _token_at_or_after(doc, doc.text.index("Vladimir")).text == "Vladimir"
    assert _token_at_or_after(doc, doc.text.index("Vladimir") + 1).text == "Putin"
    assert _token_at_or_after(doc, len(doc.text)) is None


def test_charts_rendered_in_other_processes_have_the_same_bytes():
    from analysis import figures

    def chart():
        fig = figures.new_figure(4, 3)
        with figures.chart_style():
            ax = fig.add_subplot()
            ax.bar(["narrator", "quoted"], [3, 5])
            ax.set_title("Who speaks")
        return fig

    serial = [figures.figure_bytes(chart()) for _ in range(2)]
    parallel = figures.render_all([chart(), chart()], workers=2)
    assert parallel == serial
    assert serial[0]["png"].startswith(b"\x89PNG") and b"<svg" in serial[0]["svg"]
    fig = chart()
    figures.figure_bytes(fig)
    assert fig.get_layout_engine() is not None      # the layout engine is given back


def test_chart_png_from_one_agg_draw_equals_savefig():
    import io

    from analysis import figures

    fig = figures.new_figure(5, 3)
    with figures.chart_style():
        ax = fig.add_subplot()
        ax.barh(["a long speaker name here", "narrator"], [3, -2])
        ax.set_title("Sentiment by voice")
        ax.legend(["score"], loc="upper left", bbox_to_anchor=(1.0, 1.0))
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=figures.DPI, metadata={"Software": None})
    assert figures.figure_bytes(fig)["png"] == buf.getvalue()
    assert fig.canvas.figure is fig and type(fig.canvas).__name__ == "FigureCanvasBase"


def test_packaged_yaml_read_by_libyaml_equals_the_pure_python_reader():
    import yaml

    from analysis.resources import _PACKAGED_LOADER, data_path

    files = sorted(data_path("frames_generic.yaml").parent.glob("*.yaml"))
    assert len(files) >= 5
    for f in files:
        text = f.read_text(encoding="utf-8")
        fast = yaml.load(text, Loader=_PACKAGED_LOADER)
        assert repr(fast) == repr(yaml.load(text, Loader=yaml.SafeLoader)), f.name


def test_sentence_tables_joined_side_by_side_equal_the_merge():
    import pandas as pd

    from analysis.pipeline import _join_sentences

    left = pd.DataFrame({"sentence_id": [0, 1, 2], "text": ["A.", "B.", "C."]})
    right = pd.DataFrame({"sentence_id": [0, 1, 2], "score": [0.5, None, -1.0], "label": ["x", None, "z"],
                          "n": [1, 2, 3], "flag": [True, False, True]})
    joined = _join_sentences(left, right)
    pd.testing.assert_frame_equal(joined, left.merge(right, on="sentence_id", how="left"), check_exact=True)
    assert joined.to_csv() == left.merge(right, on="sentence_id", how="left").to_csv()
    third = pd.DataFrame({"sentence_id": [0, 1, 2], "voice": ["narrator", None, "quoted"]})
    both = _join_sentences(left, right, third)       # several tables side by side, column types kept
    plain = left.merge(right, on="sentence_id", how="left").merge(third, on="sentence_id", how="left")
    pd.testing.assert_frame_equal(both, plain, check_exact=True, check_column_type=True, check_index_type=True)
    assert both.dtypes.tolist() == plain.dtypes.tolist() and both.columns.dtype == plain.columns.dtype
    shuffled = right.iloc[[2, 0]]                      # fewer rows, other order: the plain merge
    merged = _join_sentences(left, shuffled)
    assert merged["n"].isna().tolist() == [False, True, False]
    assert merged["n"].tolist()[::2] == [1.0, 3.0]


def test_csv_formula_cells_found_without_pandas_string_methods():
    import pandas as pd

    from analysis.output import csv_bytes

    df = pd.DataFrame({"a": ["=1+1", "ok", None], "b": [1, 2, 3], "c": [None, None, None],
                       "d": pd.Series(["-x", "y", "@z"], dtype=object)})
    text = csv_bytes(df).decode()
    assert text.splitlines() == ["a,b,c,d", "'=1+1,1,,'-x", "ok,2,,y", ",3,,'@z"]
    plain = pd.DataFrame({"a": ["fine", "text"], "b": [0.1234567, 2.0]})
    assert csv_bytes(plain) == plain.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode()


def test_encode_table_column_wise_equals_cell_by_cell():
    import numpy as np
    import pandas as pd

    from analysis.corpus import _jsonable, encode_table

    df = pd.DataFrame({"f": [1.5, np.nan, np.inf], "i": [1, 2, 3], "n": pd.array([1, None, 3], dtype="Int64"),
                       "s": pd.Series(["a", None, "c"], dtype="str"), "o": [[1], {"k": 2}, np.int64(3)],
                       "b": [True, False, True], "m": [None, "x", np.nan]})
    plain = [[_jsonable(v) for v in row] for row in df.itertuples(index=False, name=None)]
    enc = encode_table(df)
    assert enc["rows"] == [[1.5, 1, 1, "a", [1], True, None], [None, 2, None, None, {"k": 2}, False, "x"],
                           [math.inf, 3, 3, "c", 3, True, None]]
    assert enc["rows"] == plain
    assert [[type(v) for v in r] for r in enc["rows"]] == [[type(v) for v in r] for r in plain]
    assert encode_table(pd.DataFrame(index=[0, 1]))["rows"] == [[], []]


def test_indented_json_mixed_runs_of_scalars_and_containers():
    obj = {"a": 1, "b": [], "c": {"x": [1, {"y": None}], "z": "t"}, "d": 2.5, "e": {}, "f": [[], 3, [4], "s", {}],
           "g": [{"k": 1}, 2, 3, {"k": [True]}], 7: "int key after containers"}
    assert indented_json(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


def test_report_render_by_bisection_equals_scanning_every_mark():
    import html as html_mod
    import random

    from analysis.report import Mark, _non_overlapping, _render

    def scan(text, start, end, layers, depth=0):          # the plain version: every mark, every call
        if depth == len(layers):
            return html_mod.escape(text[start:end])
        out, pos = [], start
        for m in layers[depth]:
            a, b = max(m.start, start), min(m.end, end)
            if a >= b:
                continue
            if a > pos:
                out.append(scan(text, pos, a, layers, depth + 1))
            attrs = "".join(f' {k}="{v}"' for k, v in m.attrs + (("data-start", str(a)), ("data-end", str(b))))
            out.append(f"<{m.tag}{attrs}>{scan(text, a, b, layers, depth + 1)}</{m.tag}>")
            pos = b
        if pos < end:
            out.append(scan(text, pos, end, layers, depth + 1))
        return "".join(out)

    rng = random.Random(7)
    text = "".join(rng.choice("ab <&\n") for _ in range(400))
    layers = []
    for layer in range(4):
        marks = []
        for _ in range(60):
            a = rng.randrange(400)
            marks.append(Mark(a, min(400, a + rng.randrange(0, 40)), layer, "span", (("class", f"l{layer}"),)))
        layers.append(_non_overlapping(marks))
    for start, end in ((0, 400), (10, 90), (133, 134), (200, 399)):
        assert _render(text, start, end, layers) == scan(text, start, end, layers)


def test_csv_written_column_wise_equals_pandas_to_csv():
    import numpy as np
    import pandas as pd

    from analysis import output

    text = pd.array(["plain", None, 'say "hi", then\nleave', "=SUM(A1)", "", "-3 dead", "é\u2028", "+1"],
                    dtype="str")
    df = pd.DataFrame({
        "s": text,
        "f": [0.5, np.nan, -0.0, 1e-7, 1.23456789e20, np.inf, 2 / 3, -12.0],
        "i": np.arange(8, dtype="int64") - 3,
        "b": [True, False] * 4,
        "o": [None, 1.5, "@x", True, np.nan, "a,b", 3, "\tx"],
    })
    frames = [df, df.iloc[:0], df[["s"]].iloc[4:5], df.assign(n=pd.array([1, None] * 4, dtype="Int64")),
              pd.DataFrame({0.5: [1.0], 2: ["y"]}), pd.DataFrame({("a", "b"): [1]})]
    for frame in frames:
        assert output.csv_bytes(frame) == output.pandas_csv_bytes(frame)
    assert b"'=SUM(A1)" in output.csv_bytes(df) and b"'@x" in output.csv_bytes(df)
    assert output._csv_cells(pd.array([1, None], dtype="Int64")) is None   # left to pandas


def test_charts_built_in_a_forked_process_equal_serial_ones(seed, tmp_path, monkeypatch):
    from analysis import figures, plots

    monkeypatch.setattr(figures, "_cpus", lambda: 2)
    forked = plots.export_all(seed, tmp_path / "forked")
    monkeypatch.setattr(figures, "_cpus", lambda: 1)
    serial = plots.export_all(seed, tmp_path / "serial")
    assert [p.name for p in forked] == [p.name for p in serial]
    assert len(forked) == 3 * len(plots.CHARTS) and forked[0].name == "sentiment_arc.png"
    for a, b in zip(forked, serial):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert set(plots.FORKED_CHARTS) < set(plots.CHARTS)


def test_sentiment_mean_has_the_bits_of_numpy_mean():
    import random

    import numpy as np

    from analysis.sentiment import mean

    rng = random.Random(7)
    for n in (1, 2, 3, 7, 8, 9, 17, 130, 1000):
        for _ in range(200):
            values = [rng.choice([0, -0.0, 1, round(rng.uniform(-1, 1), 4), rng.uniform(-1, 1)]) for _ in range(n)]
            assert repr(mean(values)) == repr(float(np.mean(values)))


SPEED3_TEXT = ("Russian President Vladimir Putin met Mr. Smith. Putin said he would go; she said her view "
               "was clear. Ukrainian officials, Smith and Mrs. Jones of the Kremlin said HIS plan failed. "
               "Jones said: \"Smith is wrong.\" U.S. Secretary of State Antony Blinken and Putin's aide spoke.")


def _plain_affiliation_before(doc, start, table):
    """``_affiliation_before`` as it was: a window Span and its sub-spans' texts."""
    tok = next((t for t in doc if t.idx >= start), None)
    if tok is None:
        return None
    window = doc[max(tok.i - 4, 0):tok.i]
    for i in range(len(window) - 1, -1, -1):
        for j in range(i, -1, -1):
            entry = table.plain.get(window[j:i + 1].text)
            if entry is not None and entry.type in ("state", "group", "organisation"):
                return entry.affiliation
        if window[i].is_punct or window[i].pos_ in ("VERB", "AUX", "ADP"):
            return None
    return None


def test_affiliation_and_token_search_from_offsets_equal_the_span_walk(nlp):
    from analysis.actors import _affiliation_before, default_alias_table

    doc, table = nlp(SPEED3_TEXT), default_alias_table()
    found = []
    for start in range(len(doc.text) + 2):
        plain = _plain_affiliation_before(doc, start, table)
        assert _affiliation_before(doc, start, table) == plain
        found.append(plain)
        tok = _token_at_or_after(doc, start)
        assert (tok.i if tok is not None else None) == next((t.i for t in doc if t.idx >= start), None)
    assert "Russia" in found          # "Russian President" before "Vladimir"


def test_tokens_spelled_and_gendered_pronouns_equal_the_token_walk(nlp):
    from analysis.actors import _tokens_spelled
    from analysis.attribution.speakers import gendered_pronouns

    doc = nlp(SPEED3_TEXT)
    words = {"Putin", "Smith", "Jones", "Blinken", "nobody"}
    assert [t.i for t in _tokens_spelled(doc, words)] == [t.i for t in doc if t.text in words]
    assert len(_tokens_spelled(doc, words)) >= 6 and _tokens_spelled(doc, set()) == []
    gendered = {"he", "him", "his", "she", "her", "hers"}
    plain = [(t.idx, t.lower_) for t in doc if t.pos_ == "PRON" and t.lower_ in gendered]
    assert gendered_pronouns(doc, gendered) == plain and len(plain) >= 3


def test_contested_prefilter_on_the_joined_body_equals_the_sentence_search(analyze_text):
    import dataclasses

    from analysis.contested import _default_families, _local, detect_contested

    assert all(f.local for f in _default_families())
    assert not _local([r"war(?! of)"]) and not _local([r"^war"]) and _local([r"wars?", "invasion"])
    res = analyze_text("Russia called the invasion of Ukraine a special military operation. The war goes on.\n\n"
                       "Critics said illegal immigrants were undocumented workers. Climate change\n"
                       "is a climate crisis, the Kremlin said.")
    index = res.voice.index()
    fast = detect_contested(res.article, index)
    plain = detect_contested(res.article, index, [dataclasses.replace(f, local=False) for f in _default_families()])
    assert [c.to_dict() for c in fast] == [c.to_dict() for c in plain]
    assert {c.id for c in fast} >= {"russia-ukraine-war", "undocumented-immigrants", "climate-naming"}


def test_array_ruler_and_lemmatizer_give_spacys_annotations(nlp):
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, TAG

    from analysis.nlp import _array_steps, _pipe

    assert [name for name, _ in _array_steps(nlp)] == ["attribute_ruler", "lemmatizer"]
    texts = ["I'm gonna say it: we ain't done, let's go. The mice were running faster than the geese.",
             "Russian President Vladimir Putin hailed the talks; critics called them a 'sham'.",
             "He was n't there.  \n\nShe'd better leave, and they've gone to the U.S. on 3 May 2016!", "",
             "There's a cat; there are dogs.\n\nGotta go! THE U.S. PRESIDENT SAID... 3.5% of 1,000 :)"]
    attrs = [ORTH, LEMMA, POS, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, MORPH]
    plain = list(nlp.pipe(texts))
    fast = list(_pipe(nlp, [nlp.make_doc(t) for t in texts], 8))
    for x, y in zip(plain, fast):
        assert [t.lemma_ for t in x] == [t.lemma_ for t in y]
        assert (x.to_array(attrs) == y.to_array(attrs)).all()
    assert [t.lemma_ for t in fast[0]][:6] == ["I", "be", "go", "to", "say", "it"]
    assert "mouse" in [t.lemma_ for t in fast[0]]


def test_array_ruler_covers_only_plain_patterns():
    import spacy

    from analysis.nlp import ArrayAttributeRuler

    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"LOWER": "b"}]], {"LEMMA": "ab"})
    assert ArrayAttributeRuler.of(ruler) is not None
    ruler.add([[{"LOWER": "c", "OP": "+"}]], {"LEMMA": "c"})      # an operator: spaCy's Matcher only
    assert ArrayAttributeRuler.of(ruler) is None


def test_array_ruler_applies_overlapping_patterns_as_spacy_does():
    """Later patterns overwrite what earlier ones set on the same token, a two-token pattern
    writes the token its index names (also negative), untouched attributes stay as they were."""
    import spacy
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    from analysis.nlp import ArrayAttributeRuler

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "new"}]], {"LEMMA": "fresh", "POS": "ADJ"})
    ruler.add([[{"LOWER": "new"}, {"LOWER": "york"}]], {"LEMMA": "NY", "TAG": "NNP"}, index=0)
    ruler.add([[{"LOWER": "new"}, {"LOWER": "york"}]], {"POS": "PROPN", "MORPH": "Number=Sing"}, index=-1)
    ruler.add([[{"LOWER": {"IN": ["york", "city"]}}]], {"DEP": "compound"})
    ruler.add([[{"LOWER": {"REGEX": "^c"}}, {"IS_SPACE": False}]], {"LEMMA": "c-word"}, index=1)
    text = "New York is a new city in New York state; new cars come cheap"
    plain, fast = nlp(text), nlp.make_doc(text)
    step = ArrayAttributeRuler.of(ruler)
    assert step.matches(fast) == ruler.match(nlp.make_doc(text))
    step(fast)
    attrs = [LEMMA, POS, TAG, DEP, MORPH]
    assert (plain.to_array(attrs) == fast.to_array(attrs)).all()
    assert [t.lemma_ for t in fast][:3] == ["NY", "", ""] and fast[1].pos_ == "PROPN"
    assert fast[5].dep_ == "compound" and fast[4].lemma_ == "fresh" and fast[13].lemma_ == "c-word"
    assert str(fast[1].morph) == "Number=Sing" and fast[2].pos_ == ""
    ruler.add([[{"LOWER": "is"}]], {"NORM": "be"})       # NORM is written on tokens only: spaCy's path
    assert ArrayAttributeRuler.of(ruler) is None


def test_array_ruler_words_no_pattern_names_share_cache_entries():
    """Words that no pattern names and that the REGEX tests treat alike are looked up once per
    (TAG, DEP, IS_SPACE): the cache stays small while every token gets spaCy's annotations."""
    import spacy
    from spacy.attrs import LEMMA, POS

    from analysis.nlp import ArrayAttributeRuler

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "new"}]], {"LEMMA": "fresh"})
    ruler.add([[{"LOWER": {"REGEX": "^c"}}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": {"NOT_IN": ["dog"]}}, {"LOWER": "new"}]], {"LEMMA": "before-new"}, index=0)
    text = "cat dog new cow bird fish new car ant dog new bee cup"
    plain, fast = nlp(text), nlp.make_doc(text)
    step = ArrayAttributeRuler.of(ruler)
    assert step.matches(fast) == ruler.match(nlp.make_doc(text))
    step(fast)
    assert (plain.to_array([LEMMA, POS]) == fast.to_array([LEMMA, POS])).all()
    assert [t.lemma_ for t in fast][:4] == ["", "", "fresh", ""] and fast[5].lemma_ == "before-new"
    assert [t.pos_ for t in fast][:4] == ["NOUN", "", "", "NOUN"]
    # named: new, dog; classes of the rest: starts with "c" or not -> 4 keys for 10 distinct words
    assert len(step.cache) == 4


def test_chart_processes_write_the_bytes_of_export_all(seed, tmp_path):
    """The CLI's chart processes (forked before the model loads, fed a pickle of the analysis
    without its parse) write the same files, in the same order, as export_all in-process."""
    from analysis import plots
    from analysis.chart_workers import ChartWorkers

    plain = plots.export_all(seed, tmp_path / "plain")
    for workers in (2, 1):
        with ChartWorkers(workers) as charts:
            assert charts.usable and charts.proc.is_alive()
            charts.submit(seed)
            made = charts.save(tmp_path / f"w{workers}")
            charts.submit(seed, prefix="again_")           # one set of processes serves many articles
            again = charts.save(tmp_path / f"w{workers}")
        assert not charts.proc.is_alive()
        assert [p.name for p in made] == [p.name for p in plain]
        assert [p.name for p in again] == [f"again_{p.name}" for p in plain]
        for a, b, c in zip(plain, made, again):
            assert a.read_bytes() == b.read_bytes() == c.read_bytes(), (workers, a.name)
    assert sorted(plots.chart_groups(2)[1]) == sorted(plots.FORKED_CHARTS)
    assert sorted(sum(plots.chart_groups(2), [])) == sorted(plots.chart_groups(1)[0]) == sorted(plots.CHARTS)


class BrokenTables:
    """A stage result whose tables cannot be built (module level: it travels by pickle)."""

    def tables(self):
        raise ValueError("no tables today")


def test_a_failing_chart_process_is_one_error_and_nothing_is_written(seed, tmp_path):
    import pytest

    from analysis.chart_workers import ChartWorkers
    from analysis.pipeline import ArticleAnalysis

    broken = ArticleAnalysis(results={"article": seed.results["article"], "sentiment": BrokenTables()},
                             text=seed.text)
    with pytest.raises(RuntimeError, match=r"^chart process: ValueError: no tables today$"), \
            ChartWorkers(2) as charts:
        charts.submit(broken)
        charts.save(tmp_path / "figs")
    assert not (tmp_path / "figs").exists()
    assert not charts.proc.is_alive()


def test_batch_workers_send_back_the_store_file_bytes(tmp_path):
    """Workers encode a stored record themselves (bytes cross back, not the record): the bytes
    are Store.encode of analyse_task's record; records that are not stored come back whole."""
    import hashlib
    import json

    from analysis.corpus import BatchSettings, Store, analyse_task, encoded_task, record_head

    settings = BatchSettings()
    text = "Officials said on Monday that the bridge would reopen. \"It is safe,\" Mayor Ann Lee said."

    def task(data: bytes, timeout=None):
        return {"name": "a.txt", "path": None, "data": data, "text": None, "timeout": timeout,
                "sha256": hashlib.sha256(data).hexdigest(), "settings": settings, "settings_key": settings.key()}

    head, data = encoded_task(task(text.encode()))
    assert head == {"sha256": hashlib.sha256(text.encode()).hexdigest(), "status": "ok", "head": head["head"]}
    assert data == Store.encode(analyse_task(task(text.encode())))
    assert json.loads(data)["analysis"]["schema_version"]
    # the part before the analysis document decodes alone to the rest of the record
    full = json.loads(data)
    assert data[head["head"]:].startswith(b',"analysis":{')
    assert record_head(data, head["head"]) == {k: v for k, v in full.items() if k != "analysis"}
    assert set(full) - set(record_head(data, head["head"])) == {"analysis"}
    head, data = encoded_task(task(b"  \n \n"))          # no text: an input error, stored
    assert head["status"] == "error" and head["kind"] == "input" and json.loads(data)["reason"]
    assert head["head"] is None and record_head(data, None) == json.loads(data)
    record, data = encoded_task(task((text * 200).encode(), timeout=1e-4))   # timeout: retried later
    assert data is None and record["kind"] == "timeout" and record["reason"]


_TABLE_KINDS = {"n": "int", "name": "str", "score": "float", "note": "str", "ok": "bool"}
_TABLE_ROWS = [
    [{"n": 1, "name": "Ann", "score": 0.5, "note": "x", "ok": True},
     {"n": 2, "name": None, "score": None, "note": "=y", "ok": False}],
    [{"n": 1, "name": "Ann", "score": 0.5, "note": None, "ok": False},
     {"n": 2, "name": None, "score": None, "note": None, "ok": False}],
    [{"n": 1, "name": "=x", "score": 1.25, "note": "a", "ok": None},
     {"n": None, "name": "b", "score": 2.0, "note": "c", "ok": True}],
    [{"n": True, "name": 3, "score": "1.5", "note": float("nan"), "ok": 1}],   # values not of the stated kinds
    [{"n": 1, "name": "a", "score": 2, "note": "b", "ok": True}],     # ints in a float column: int64
    [{"n": 1, "name": "a", "score": None, "note": "b", "ok": True}],  # no number at all: object
    [],
]


@pytest.mark.parametrize("rows", _TABLE_ROWS)
def test_tabular_frame_equals_the_list_of_dicts_constructor(rows):
    """Same values, dtypes, index and column labels as pd.DataFrame(rows, columns=...), whether
    the columns fit their stated kinds (fast path) or not (pandas' inference), and the same CSV."""
    import pandas as pd

    from analysis.output import csv_bytes
    from analysis.tabular import frame

    plain = pd.DataFrame(rows, columns=list(_TABLE_KINDS))
    fast = frame({k: [r[k] for r in rows] for k in _TABLE_KINDS}, _TABLE_KINDS)
    pd.testing.assert_frame_equal(fast, plain, check_exact=True, check_column_type=True, check_index_type=True)
    assert fast.dtypes.tolist() == plain.dtypes.tolist()
    assert csv_bytes(fast) == csv_bytes(plain)


def test_array_steps_follow_a_pipeline_that_changes():
    import spacy

    from analysis.nlp import _array_steps

    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add([[{"LOWER": "a"}]], {"LEMMA": "a"})
    assert [name for name, _ in _array_steps(nlp)] == ["attribute_ruler"]
    nlp.add_pipe("sentencizer")                 # a component after the ruler: plain nlp.pipe
    assert _array_steps(nlp) == []


VADER_TEXTS = ["The plan is kind of good, but NOT GREAT at all!!", "no good, no problem; at least not bad",
               "I love it \U0001F600 and hate it \u2764 too", "never so happy :) without doubt the best",
               "Kind of", "very much KIND", "the least awful, sort of okay", "  ", "", "A   b\tc\n d",
               "Critics said the deal was a disaster, but the minister denied it."]


def test_vader_fast_path_scores_like_the_package():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    plain, fast = SentimentIntensityAnalyzer(), lexicon().analyzer
    assert type(fast) is not SentimentIntensityAnalyzer
    for text in VADER_TEXTS:
        assert fast.polarity_scores(text) == plain.polarity_scores(text), text


def test_vader_text_words_and_capitals_like_the_package():
    """The fast path's SentiText (remembered punctuation strips) gives the package's words."""
    from vaderSentiment.vaderSentiment import SentiText

    for text in [*VADER_TEXTS, "ALL CAPS", "Some CAPS here", ":) ... !!! 'quoted' (a)", "x", "", "\"Hi,\" she said."]:
        plain = SentiText(text)
        got = lexicon().analyzer.text_class(text)
        assert (got.words_and_emoticons, got.is_cap_diff) == (plain.words_and_emoticons, plain.is_cap_diff), text


def test_private_textblob_lexicon_is_loaded_with_plain_dict_lookups():
    """In a fresh process (as the CLI runs: textblob not imported first) the private analyser's
    lexicon is a plain dict and the package's own class is untouched."""
    import subprocess
    import sys

    code = (
        "from analysis.target_sentiment import pattern_sentiment\n"
        "a = pattern_sentiment(); s = getattr(a, '__self__', a)\n"
        "assert not type(s).__module__.startswith('textblob'), type(s).__module__\n"
        "assert type(s).__contains__ is dict.__contains__\n"
        "assert 'good' in s and len(s) > 2000\n"
        "import textblob._text as t\n"
        "assert t.lazydict.__contains__ is not dict.__contains__\n"
        "from textblob import TextBlob\n"
        "assert a('not very good') == TextBlob('not very good').sentiment[:2], a('not very good')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------- lexicon fast paths

_SCORED = ["I do not love this very much!", "A great, awful and terrible day :) XD", "not bad at all",
           "It was not good. It was good. No good, never so good, without doubt good.",
           "The plan is kind of good but the BAD news is VERY bad!!", "Wow ( ! ) it isn't great?? Really??",
           "U.S. Mr. Smith said... \"good\" 'great' ’nice’ e.g. fine.\r\n\n\nGreat news!\n\nAwful.",
           "at least good, very least good, least good", "no or nor bad", "to die for the bomb", "",
           "The minister met officials on Tuesday.", "He said: ‘we won’t lose’ :-( and :'( 8-) °o°"]


def test_vader_word_memo_scores_like_the_package():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    ours, ref = lexicon().analyzer, SentimentIntensityAnalyzer()
    ours.memo.clear()
    for text in _SCORED + _SCORED[::-1]:      # the second pass is answered from the memo
        assert ours.polarity_scores(text) == ref.polarity_scores(text), text
    # one word in windows that differ only far back or by capitals: each its own valence
    for text in ["never so good", "so good", "not so very good", "GOOD things and bad", "good things and bad"]:
        assert ours.polarity_scores(text) == ref.polarity_scores(text), text
    assert ours.memo


def test_pattern_scores_equal_textblob_and_skip_texts_without_assessable_words():
    from analysis.target_sentiment import _pattern_parts, pattern_scores

    for text in _SCORED:
        assert pattern_scores(text) == tuple(pattern_sentiment()(text)), text
        assert pattern_scores(text) == tuple(pattern_sentiment()(text))   # pieces now remembered
    assert pattern_scores("The minister met officials on Tuesday.") == (0.0, 0.0)
    from textblob._text import find_tokens

    tokens = _pattern_parts()[1]
    for text in _SCORED:
        assert tokens(text) == " ".join(find_tokens(text)).split()
    assert tokens("Mr. Smith is here... ( ! ) :-)") == ["Mr.", "Smith", "is", "here", "...", "(!)", ":-)"]


def test_array_lemmatizer_gives_spacy_rule_lemmas(nlp):
    from analysis.nlp import ArrayLemmatizer

    lem = ArrayLemmatizer.of(nlp.get_pipe("lemmatizer"))
    doc = nlp("The mice went faster than the geese; she was running, better and best, U.S. officials' "
              "children studied analyses of the 1990s, ca. 3 km, Smiths bought leaves and wolves.  \n  ok")
    checked = {t.pos_ for t in doc}
    assert {"NOUN", "VERB", "ADJ", "PROPN", "PUNCT", "NUM", "SPACE"} <= checked
    for tok in doc:
        assert lem.lemma(tok) == nlp.get_pipe("lemmatizer").rule_lemmatize(tok)[0], tok.text
    assert [lem.lemma(t) for t in doc[:4]] == ["the", "mouse", "go", "fast"]


def _token_walk_valences(sent, lex):
    """The valence rules read token by token through spaCy (the reference for the arrays)."""
    import math

    toks = list(sent)
    contrast_at = next((k for k, t in enumerate(toks) if t.lower_ in lex.contrast and k > 0), None)
    out = {}
    for k, tok in enumerate(toks):
        v = 0.0 if not tok.is_alpha or tok.lower_ in lex.negators else float(
            lex.valence.get(tok.lower_, lex.valence.get(tok.lemma_.lower())) or 0.0)
        if v == 0.0:
            continue
        if k > 0 and toks[k - 1].lower_ in lex.boosters:
            v += math.copysign(lex.boosters[toks[k - 1].lower_], v)
        window = toks[max(0, k - lex.neg_window):k]
        negated = any(t.lower_ in lex.negators or t.dep_ == "neg" for t in window) or any(
            c.dep_ == "neg" for c in tok.children) or (tok.dep_ in ("acomp", "attr", "xcomp", "oprd")
                                                       and any(c.dep_ == "neg" for c in tok.head.children))
        if negated:
            v *= lex.n_scalar
        if contrast_at is not None:
            v *= lex.before if k < contrast_at else (lex.after if k > contrast_at else 1.0)
        out[tok.i] = (v, negated)
    return out


def test_doc_arrays_give_token_valences_and_the_token_attributes(nlp):
    from analysis.target_sentiment import DocArrays

    token_valences = _token_walk_valences
    doc = nlp("He is not happy, but she was very good. It isn't bad at all; never a great plan. "
              "Vladimir Putin hardly helped the poor, and Smith didn't seem kind.")
    lex = lexicon()
    da = DocArrays(doc)
    found = {}
    for sent in doc.sents:
        vals = da.valences(sent.start, sent.end, lex)
        assert vals == token_valences(sent, lex)
        found.update(vals)
    assert any(neg for _, neg in found.values()) and any(not neg for _, neg in found.values())
    assert da.head == [t.head.i for t in doc]
    assert da.ws_text == [t.text_with_ws for t in doc]
    assert da.lemma == [t.lemma_.lower() for t in doc] and da.pos == [t.pos_ for t in doc]
    assert da.person_start == [t.ent_iob_ == "B" and t.ent_type_ == "PERSON" for t in doc]
    assert any(da.person_start)


def test_alnum_counts_the_characters_str_isalnum_accepts():
    import sys

    from analysis.attribution.scope import alnum

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert alnum(every) == sum(1 for ch in every if ch.isalnum())
    assert [alnum(t) for t in ("", "a_b", "É1 ²½!", "__--")] == [0, 2, 4, 0]
