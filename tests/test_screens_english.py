"""Lobby screens and pages in English (issue 12.5): an `--lang en` build has no Chinese
interface word in its pages or slides (records stay as typed, in Chinese), and
letter-spacing is kept for Chinese text only.

Every text node, and every title/alt/aria-label/placeholder, of every HTML page of the
built output is scanned; text that comes from a record (any string of any record, and any
part of a story or plan body) is taken out first; any Chinese character left is an
interface word that was not translated.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pydantic import BaseModel

from sitegen.build import build
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
ATTRS = ("title", "alt", "aria-label", "placeholder", "content")


def _strings(obj, out: list) -> None:
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            _strings(getattr(obj, name), out)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            _strings(k, out)
            _strings(v, out)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            _strings(v, out)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            _strings(getattr(obj, name), out)
    elif obj is not None and hasattr(obj, "zh"):          # partial dates
        out.append(obj.zh())


def record_strings(content: Path) -> list[str]:
    county, problems = load_county(content)
    assert county is not None, problems
    out: list[str] = []
    _strings(county.site, out)
    _strings(county.supervision, out)
    for home in county.homes.values():
        _strings(home, out)
    # the labels a county typed in site.yaml are its own words, not the interface's
    return sorted({s.strip() for s in out if s and s.strip() and CJK.search(s)}, key=len, reverse=True)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.items: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        for k, v in attrs:
            if k in ATTRS and v:
                self.items.append(v)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.items.append(data)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def chinese_interface_text(output: Path, content: Path) -> list[str]:
    records = record_strings(content)
    squashed = [_squash(r) for r in records]
    joined = "\x00".join(squashed)
    found = []
    for page in sorted(output.rglob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        for text in parser.items:
            t = _squash(text)
            if not CJK.search(t) or t in joined:
                continue
            rest = t
            for r in squashed:
                if r in rest:
                    rest = rest.replace(r, "\x00")
            if CJK.search(rest):
                found.append(f"{page.relative_to(output)}: {text.strip()[:80]!r} → {rest.replace(chr(0), '…')[:60]!r}")
    return found


@pytest.fixture(scope="module")
def english_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("en") / "output"
    build(ROOT / "content", out, posters=False, cache=tmp_path_factory.mktemp("cache"), lang="en")
    return out


def test_no_chinese_interface_word_in_english_pages_and_slides(english_site):
    pages = list(english_site.rglob("*.html"))
    assert any("screen" in p.parts for p in pages) and len(pages) > 100
    found = chinese_interface_text(english_site, ROOT / "content")
    assert not found, f"{len(found)} texts, e.g.:\n" + "\n".join(found[:30])


def test_the_scan_sees_an_untranslated_word(english_site, tmp_path):
    """The scan itself: a Chinese interface word put into an English page is found."""
    import shutil
    copy = tmp_path / "out"
    shutil.copytree(english_site / "screen", copy / "screen")
    page = copy / "screen" / "huangsangping" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(">Paused<", ">已暂停<", 1), encoding="utf-8")
    assert any("已暂停" in f for f in chinese_interface_text(copy, ROOT / "content"))


def test_letter_spacing_only_for_chinese():
    css = (ROOT / "templates" / "static" / "screen.css").read_text(encoding="utf-8")
    for rule in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        selector, body = rule
        if "letter-spacing" in body and not re.search(r"letter-spacing:\s*(0|normal)", body):
            assert ":lang(zh)" in selector, selector.strip()


def test_english_pages_and_slides_have_no_letter_spacing(browser, english_site):
    """Rendered: no element of an English page or slide keeps a letter-spacing."""
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    spaced = {}
    for rel in ("index.html", "homes/huangsangping/index.html", "homes/huangsangping/results/index.html",
                "homes/huangsangping/style/index.html", "screen/huangsangping/index.html", "screen/index.html"):
        page.goto((english_site / rel).as_uri())
        spaced[rel] = page.evaluate("""() => [...document.querySelectorAll('body, body *')]
            .filter(e => !['normal', '0px'].includes(getComputedStyle(e).letterSpacing))
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    zh = page.evaluate("() => document.documentElement.lang")
    ctx.close()
    assert zh == "en"
    assert not any(spaced.values()), spaced
