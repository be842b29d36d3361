"""Annotated HTML article: self-contained, escaped, offsets exact, renders in Chromium."""
from __future__ import annotations

import html
import re

import pytest

from analysis.report import render_html
from browser import chromium, save_screenshot


def test_report_is_self_contained(seed):
    page = render_html(seed)
    assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", page)
    assert "@import" not in page and "<link" not in page


def test_report_marks_match_article_offsets_in_source(seed):
    page = render_html(seed)
    text = seed.article.text
    for start, end in re.findall(r'data-start="(\d+)" data-end="(\d+)"', page):
        assert int(end) > int(start)
        assert text[int(start):int(end)]
    assert page.count('class="sentence"') == len(seed.article.sentences)


def test_article_markup_is_escaped(analyze_text):
    result = analyze_text("<b>Officials</b> said the plan <script>alert('x')</script> would fail. "
                          "“It is <i>over</i>,” the minister said.\n")
    page = render_html(result)
    assert "<script>alert" not in page
    assert html.escape("<script>alert('x')</script>") in page or "&lt;script&gt;" in page


def test_seed_report_in_chromium(seed, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render_html(seed), encoding="utf-8")
    with chromium() as driver:
        driver.get(path.as_uri())
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        checked = driver.execute_script("""
            const text = arguments[0]; let bad = [], n = 0;
            for (const el of document.querySelectorAll('[data-start]')) {
              n++;
              const s = +el.dataset.start, e = +el.dataset.end;
              if (el.textContent !== text.slice(s, e)) bad.push([s, e, el.textContent]);
            }
            return [n, bad];""", seed.article.text)
        assert checked[1] == [] and checked[0] > len(seed.article.sentences)
        speakers = driver.execute_script(
            "return Array.from(document.querySelectorAll('.content')).map(e => [e.dataset.attribution, e.dataset.speaker, getComputedStyle(e).backgroundColor]);")
        attributions = {a for a, _, _ in speakers}
        assert len(attributions) == 10
        putin_colors = {c for _, s, c in speakers if s == "Vladimir Putin"}
        other_colors = {c for _, s, c in speakers if s != "Vladimir Putin"}
        assert len(putin_colors) == 1 and not putin_colors & other_colors
        assert driver.find_element("tag name", "h1").text == "Vladimir Putin with Kim Jong Un"
        save_screenshot(driver, "report-seed.png")


def test_hostile_article_renders_as_text_in_chromium(analyze_text, tmp_path):
    result = analyze_text("Officials said <script>document.title='pwned'</script> the vote was fair. "
                          "<img src=x onerror=\"document.title='pwned'\"> Critics disagreed.\n")
    path = tmp_path / "hostile.html"
    path.write_text(render_html(result), encoding="utf-8")
    with chromium() as driver:
        driver.get(path.as_uri())
        assert driver.title != "pwned"
        body = driver.find_element("css selector", ".annotated-article").text
        assert "<script>document.title='pwned'</script>" in body
        assert not driver.find_elements("css selector", ".annotated-article img")
