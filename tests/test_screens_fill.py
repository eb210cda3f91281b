"""Lobby screens (issue 12.2): slides fill the screen at 1920×1080, 3840×2160 and
1080×1920, measured in Chromium after layout.

Coverage: the area between header and footer is cut into a 40-column grid (rows in
proportion); a cell counts when text, an image or a boxed element (background or full
border) touches it. Required: median ≥ 45 %, every slide ≥ 25 %; content scaled up, never
below the legibility floor; nothing outside the screen or the slide, no scroll bar.
Sampled: every slide of one home's show, and the first slide of every kind of the county
loop (its own slides and every cycle's homes). Style boards of one or two cards, on every
home's screen at 1080×1920 and 1920×1080: no band of rows that nothing touches (BAND, on
the same grid) taller than 15 % of the slide; nor on any ranking or honour wall page.
"""
from __future__ import annotations

import statistics

import pytest

from test_screen_browser import CHECK_SLIDE, MIN_TEXT, RESOLUTIONS
from test_screens_probes import BAND, COVERAGE, FIRST_OF_EACH_KIND, ZOOM

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("screen_browser")]

MEDIAN, FLOOR = 0.45, 0.25
BAND_MAX = 0.15          # of the slide's height: the tallest band nothing touches
GRID = 40


def _open(page, url):
    page.goto(url)
    page.wait_for_function("() => window.sitegenScreen && window.sitegenScreen.state().timer")
    page.evaluate("() => sitegenScreen.pause()")


def _on_every_home_screen(browser, sample_site, size, script, arg=None) -> list[dict]:
    """`script`'s rows (each with its slide's `where`) on every home's screen at `size`,
    each `where` prefixed with the home."""
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, reduced_motion="reduce")
    page = ctx.new_page()
    rows = []
    for home in sorted(p.name for p in (sample_site / "screen").iterdir() if p.is_dir()):
        _open(page, (sample_site / "screen" / home / "index.html").as_uri())
        rows += [{**r, "where": f"{home} {r['where']}"} for r in page.evaluate(script, arg)]
    ctx.close()
    return rows


def _measure(page, w, h, where):
    problems = page.evaluate(CHECK_SLIDE, MIN_TEXT * min(w, h))
    st = page.evaluate("() => sitegenScreen.state()")
    return {"where": f"{where} #{st['index'] + 1} {st['kind']}", "kind": st["kind"],
            "coverage": page.evaluate(COVERAGE, GRID), "zoom": page.evaluate(ZOOM), "problems": problems}


@pytest.fixture(scope="module")
def measured(browser, sample_site):
    out = {}
    for w, h in RESOLUTIONS:
        ctx = browser.new_context(viewport={"width": w, "height": h}, reduced_motion="reduce")
        page = ctx.new_page()
        rows = []
        _open(page, (sample_site / "screen" / "huangsangping" / "index.html").as_uri())
        for i in range(page.evaluate("() => sitegenScreen.state().count")):
            page.evaluate("i => sitegenScreen.go(i)", i)
            rows.append(_measure(page, w, h, "home"))
        _open(page, (sample_site / "screen" / "index.html").as_uri())
        groups = page.evaluate("() => sitegenScreen.state().groups")
        kinds = set()
        for g in range(groups):
            page.evaluate("g => sitegenScreen.setGroup(g)", g)
            for kind, i in page.evaluate(FIRST_OF_EACH_KIND, g).items():
                if kind in kinds:
                    continue
                kinds.add(kind)
                page.evaluate("i => sitegenScreen.go(i)", i)
                rows.append(_measure(page, w, h, f"county cycle {g}"))
        out[(w, h)] = rows
        ctx.close()
    return out


@pytest.mark.parametrize("size", RESOLUTIONS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_slides_fill_the_screen(measured, size):
    rows = measured[size]
    covs = [r["coverage"] for r in rows]
    print(f"\n{size[0]}×{size[1]}: {len(rows)} slides, coverage median {statistics.median(covs):.0%}, "
          f"min {min(covs):.0%} ({min(rows, key=lambda r: r['coverage'])['where']})")
    assert statistics.median(covs) >= MEDIAN
    low = [(r["where"], round(r["coverage"], 2)) for r in rows if r["coverage"] < FLOOR]
    assert not low, low
    problems = [p for r in rows for p in r["problems"]]
    assert not problems, problems[:10]


@pytest.mark.parametrize("size", RESOLUTIONS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_content_is_scaled_up_never_down(measured, size):
    rows = measured[size]
    zooms = [r["zoom"] for r in rows]
    assert min(zooms) >= 1.0                       # the legibility floor holds
    assert statistics.median(zooms) > 1.1, zooms   # and the room is used


def test_county_sample_has_every_kind(measured):
    kinds = {r["kind"] for r in measured[(1920, 1080)]}
    assert {"county", "totals", "homes", "title", "style", "ranking", "targets", "measures",
            "story", "honors", "honor", "schedule"} <= kinds, kinds


def test_portrait_has_its_own_pagination(browser, sample_site):
    """The same home shows other slides in portrait: style boards of four, targets of a
    team on fewer slides, measures in one column."""
    counts = {}
    for w, h in ((1920, 1080), (1080, 1920)):
        ctx = browser.new_context(viewport={"width": w, "height": h})
        page = ctx.new_page()
        _open(page, (sample_site / "screen" / "huangsangping" / "index.html").as_uri())
        counts[(w, h)] = page.evaluate("() => sitegenScreen.state()")
        ctx.close()
    assert counts[(1920, 1080)]["shape"] == "land" and counts[(1080, 1920)]["shape"] == "port"
    assert counts[(1920, 1080)]["count"] != counts[(1080, 1920)]["count"]


def test_target_bars_are_coloured_by_status_with_a_marker(browser, sample_site):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    _open(page, (sample_site / "screen" / "huangsangping" / "index.html").as_uri())
    info = page.evaluate("""() => {
      const out = {colours: {}, widths: [], marks: []};
      const shown = [...document.querySelectorAll('.slide.kind-targets')].filter(s => (s.getAttribute('data-orient') || 'land') === 'land');
      const list = [...document.querySelectorAll('.slide')].filter(s => (s.getAttribute('data-orient') || 'land') === 'land');
      for (const s of shown) {
        sitegenScreen.go(list.indexOf(s));
        const widths = new Set();
        for (const li of s.querySelectorAll('.target')) {
          const st = li.className.replace('target status-', '');
          const bar = li.querySelector('.bar'), mark = li.querySelector('.mark');
          out.colours[st] = getComputedStyle(bar.querySelector('i')).backgroundColor;
          const b = bar.getBoundingClientRect(), m = mark.getBoundingClientRect();
          widths.add(Math.round(b.width));
          out.marks.push(((m.left + m.width / 2) - b.left) / b.width);
        }
        out.widths.push([...widths]);
      }
      return out;
    }""")
    ctx.close()
    c = info["colours"]
    assert {"met", "not_met", "not_reported"} <= set(c)
    assert c["met"] != c["not_met"]
    assert all(abs(x - 0.8) < 0.02 for x in info["marks"])        # the target at 100 % of it
    # bar length does not depend on the label beside it: all bars of a slide are as long
    assert info["widths"] and all(len(w) == 1 for w in info["widths"]), info["widths"]


# Every style board of one or two cards on the screen, with what its cards' lines do.
FEW_CARDS = """
async () => {
  const api = window.sitegenScreen, out = [];
  const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el);
                          return new Set([...r.getClientRects()].map(q => Math.round(q.top))).size; };
  const shape = innerHeight > innerWidth ? 'port' : 'land';      // the slides this screen shows
  const shown = [...document.querySelectorAll('.slide')].filter(s => [null, shape].includes(s.getAttribute('data-orient')));
  for (const [i, s] of shown.entries()) {
    if (!s.classList.contains('kind-style') || s.querySelectorAll('.card').length > 2) continue;
    api.go(i);
    const slide = document.querySelector('.slide.is-current');
    await Promise.all([...slide.querySelectorAll('img[src]')].map(im => im.decode().catch(() => null)));
    out.push({where: `#${i + 1} ${slide.querySelector('.heading').textContent.trim()}`, band: (%s)(40),
              units: [...slide.querySelectorAll('.card .unit')].map(u => [u.textContent, lines(u)]),
              meta: [...slide.querySelectorAll('.team-meta .fld')].map(lines)});
  }
  return out;
}
""" % BAND.strip()


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_style_board_of_few_cards_fills_the_slide(browser, sample_site, size):
    """A team's last page of one or two members (in portrait two cards side by side were as
    wide as the screen at half its height, with bands of empty red above and below): no
    band nothing touches is taller than 15 % of the slide, a unit that fits its card
    (eleven characters) stays on one line, and the unit and the term each on their own
    line whole when they do not share one."""
    rows = _on_every_home_screen(browser, sample_site, size, FEW_CARDS)
    assert len(rows) >= 10, rows                     # the sample has a dozen or more of them
    wide = [(r["where"], round(r["band"], 2)) for r in rows if r["band"] > BAND_MAX]
    assert not wide, wide
    wrapped = [(r["where"], u) for r in rows for u, n in r["units"] if n > 1 and len(u) <= 11]
    assert not wrapped, wrapped
    assert any(u for r in rows for u in r["units"]), "no card of the sample shows a unit"
    assert all(n == 1 for r in rows for n in r["meta"]), [(r["where"], r["meta"]) for r in rows]


# Every ranking and every page of an honour wall the screen shows, with its band and what
# is clipped or outside it.
TALL_BOARDS = """
async ([kinds, minText]) => {
  const api = window.sitegenScreen, out = [];
  const shape = innerHeight > innerWidth ? 'port' : 'land';
  const shown = [...document.querySelectorAll('.slide')].filter(s => [null, shape].includes(s.getAttribute('data-orient')));
  for (const [i, s] of shown.entries()) {
    if (!kinds.some(k => s.classList.contains('kind-' + k))) continue;
    api.go(i);
    const slide = document.querySelector('.slide.is-current');
    out.push({where: `#${i + 1} ${slide.querySelector('.heading').textContent.trim()}`, band: (%s)(40),
              kind: kinds.find(k => s.classList.contains('kind-' + k)), zoom: parseFloat(slide.querySelector('.fit').style.zoom || '1'), problems: (%s)(minText)});
  }
  return out;
}
""" % (BAND.strip(), CHECK_SLIDE.strip())


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_ranking_or_honour_page_of_few_rows_fills_the_slide(browser, sample_site, size):
    """A ranking of three to six teams is as wide as the portrait board at a zoom that
    leaves a quarter of its height empty, and an honour wall's last page of one honour
    does at the largest zoom: their rows take the height (no band nothing touches taller
    than 15 % of the slide), still zoomed well above the floor (the room is not filled by
    shrinking), nothing clipped or outside the slide."""
    rows = _on_every_home_screen(browser, sample_site, size, TALL_BOARDS,
                                 [["ranking", "honors"], MIN_TEXT * min(size)])
    assert sum(r["kind"] == "ranking" for r in rows) >= 10 and sum(r["kind"] == "honors" for r in rows) >= 10, rows
    wide = [(r["where"], round(r["band"], 2)) for r in rows if r["band"] > BAND_MAX]
    assert not wide, wide
    assert all(r["zoom"] > 1.2 for r in rows), [(r["where"], r["zoom"]) for r in rows]
    problems = [(r["where"], p) for r in rows for p in r["problems"]]
    assert not problems, problems[:10]
