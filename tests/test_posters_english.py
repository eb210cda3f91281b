"""Posters in English (issue 12.5): no Chinese interface word in an `--lang en` poster.

Text read back from a PDF interleaves columns and breaks lines, so record text cannot be
cut out of it reliably (as tests/test_screens_english.py does for HTML). The test goes the
other way: every run of two or more Chinese characters in a zh interface label that never
occurs in the records is an interface word; none of them may be in an English poster's
text. The same scan over the Chinese posters must find many, or it proves nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from sitegen import i18n, posters
from sitegen.validate import load_county

from test_screens_english import _squash, record_strings

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
HOMES = ["huangsangping", "changpu"]


def interface_words() -> set[str]:
    records = "\x00".join(_squash(r) for r in record_strings(CONTENT))
    bodies = "\x00".join(_squash(p.read_text(encoding="utf-8")) for p in CONTENT.rglob("*.md"))
    words = set()
    for value in i18n.LABELS["zh"].values():
        if isinstance(value, str):
            for part in re.split(r"\{[^}]*\}", value):
                words |= {run for run in re.findall(r"[\u3400-\u9fff]{2,}", part)
                          if run not in records and run not in bodies}
    return words


def poster_words(out: Path, words: set[str]) -> dict[str, list[str]]:
    found = {}
    for pdf in sorted(out.rglob("*.pdf")):
        text = _squash("".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages))
        found[str(pdf.relative_to(out))] = \
            sorted(w for w in words if w in text)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    county, problems = load_county(CONTENT)
    assert county is not None, problems
    root = tmp_path_factory.mktemp("poster-lang")
    for lang in ("en", "zh"):
        posters.make_all(county, root / lang, cache=root / "cache", jobs=2, lang=lang, homes=HOMES)
    return root


def test_no_chinese_interface_word_on_english_posters(built):
    words = interface_words()
    assert len(words) > 50
    en = poster_words(built / "en", words)
    assert len(en) == 4 * len(HOMES), en
    assert not any(en.values()), {k: v for k, v in en.items() if v}


def test_the_scan_finds_the_words_on_chinese_posters(built):
    zh = poster_words(built / "zh", interface_words())
    assert len(zh) == 4 * len(HOMES)
    assert all(zh.values()), zh                          # every board says something in Chinese
    assert sum(len(v) for v in zh.values()) >= 20
