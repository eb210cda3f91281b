"""On lobby slides a number never parts from its label or unit, and a date never breaks
inside: "目标值 26.3 万元" once showed as "26.3 万 / 元" and "2027年6月" as "2027 / 年6月".
Checked in Chromium on every slide of a home's show, landscape and portrait: each such
group is laid out as one line box.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WHOLE = ".tfig .nw, .one-line"

BROKEN = """(sel) => {
  const out = [];
  const n = sitegenScreen.state().count;
  for (let i = 0; i < n; i++) {
    sitegenScreen.go(i);
    const slide = document.querySelector('.slide.is-current');
    for (const el of slide.querySelectorAll(sel)) {
      const lines = new Set([...el.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) out.push(i + ': ' + el.textContent.trim());
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width, height", [(1920, 1080), (1080, 1920)])
def test_figures_and_dates_stay_whole_on_slides(browser, sample_site, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto((sample_site / "screen" / "huangsangping" / "index.html").as_uri())
        page.add_style_tag(content=".slide { transition: none !important; }")
        page.evaluate("() => sitegenScreen.pause()")
        count = page.evaluate(f"() => document.querySelectorAll('{WHOLE}').length")
        assert count > 10, "no figure or date groups on the slides"
        assert page.evaluate(BROKEN, WHOLE) == []
    finally:
        page.close()
