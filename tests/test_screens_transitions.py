"""Lobby screens (issue 12.1): a slide change never shows two slides' text at once and
never leaves the screen blank; with prefers-reduced-motion it cuts.

Every text of the old and the new slide is sampled frame by frame (requestAnimationFrame)
in Chromium for its effective opacity, the product of its own and all its ancestors'
computed opacity.
"""
from __future__ import annotations

import pytest

from test_screens_probes import TRANSITIONS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("screen_browser")]

CHANGES = 6
SAMPLE_MS = 1800      # longer than the whole change (fade out, then fade in)


def _home_url(site) -> str:
    return (site / "screen" / "huangsangping" / "index.html").as_uri()


def _run(browser, url, reduced: bool):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080},
                              reduced_motion="reduce" if reduced else "no-preference")
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_function("() => window.sitegenScreen && window.sitegenScreen.state().timer")
    try:
        return page.evaluate(TRANSITIONS, [CHANGES, SAMPLE_MS])
    finally:
        ctx.close()


def test_no_frame_shows_two_slides_text_and_none_is_blank(browser, sample_site):
    changes = _run(browser, _home_url(sample_site), reduced=False)
    assert len(changes) == CHANGES
    for ch in changes:
        frames = ch["frames"]
        assert ch["oldOnly"] and ch["newOnly"], ch["from"]
        assert len(frames) > 30, len(frames)                  # really sampled frame by frame
        both = [f for f in frames if f["old"] > 0.25 and f["new"] > 0.25]
        assert not both, f"slide {ch['from']}→{ch['to']}: old and new text together in {len(both)} frames, e.g. {both[0]}"
        # the header (home's name, clock) stays fully shown in every frame: never blank
        assert min(f["header"] for f in frames) == 1.0, ch["from"]
        # it is a fade, not a cut: the old text is seen going and the new text coming
        trace = [(round(f["t"]), round(f["old"], 2), round(f["new"], 2)) for f in frames]
        assert any(0.05 < f["new"] < 0.95 for f in frames), trace
        assert any(0.05 < f["old"] < 0.95 for f in frames) or frames[0]["old"] < 0.95, trace
        # the old slide is still there at the change (sampled before any frame)
        assert frames[0]["old"] > 0.5, (ch["from"], ch["to"], trace[:3], trace[-3:])
        assert frames[-1]["new"] == 1.0 and frames[-1]["old"] == 0.0
        # the body is empty (header only) for a moment only
        gap = [f["t"] for f in frames if f["old"] < 0.05 and f["new"] < 0.05]
        assert not gap or max(gap) - min(gap) < 600, (min(gap), max(gap))


def test_reduced_motion_cuts(browser, sample_site):
    changes = _run(browser, _home_url(sample_site), reduced=True)
    for ch in changes:
        first = ch["frames"][0]
        assert first["old"] == 0.0 and first["new"] == 1.0, (ch["from"], first)


# A slow box (a TV's stick, or a loaded machine): the screen's timer takes is-starting
# off before the browser has drawn a single frame. The first timer call runs the show's
# clock 600 ms on at once, in the same task as the start, so no frame can come between.
SLOW_FIRST_FRAME = """
  const later = window.setTimeout;
  let once = false;
  window.setTimeout = function (fn, ms, ...rest) {
    const id = later.call(window, fn, ms, ...rest);
    if (!once && fn && fn.name === 'loop' && window.sitegenScreen) {
      once = true;
      window.sitegenScreen.fastForward(600);
      window.__startingGone = !document.querySelector('.is-starting');
    }
    return id;
  };
"""


@pytest.mark.parametrize("slow", [False, True], ids=["quick", "first-frame-late"])
def test_first_slide_is_shown_at_once_after_a_load(browser, sample_site, slow):
    """A screen that (re)loads, e.g. taking in a new build, paints its first slide at full
    strength in its first frame: no fade from an empty body, however late that frame is."""
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    if slow:
        page.add_init_script(SLOW_FIRST_FRAME)
    page.add_init_script("""
      window.__first = [];
      const probe = () => {
        const s = document.querySelector('.slide.is-current');
        if (s && window.sitegenScreen) { window.__first.push(parseFloat(getComputedStyle(s).opacity)); }
        if (window.__first.length < 5) requestAnimationFrame(probe);
      };
      requestAnimationFrame(probe);
    """)
    page.goto(_home_url(sample_site))
    page.wait_for_function("() => window.__first.length >= 5")
    first, gone = page.evaluate("() => [window.__first, window.__startingGone]")
    ctx.close()
    if slow:
        assert gone is True        # the case under test happened: no start class at the first frame
    assert first == [1.0] * 5, first


def test_header_names_the_next_home_once_the_old_body_is_gone(browser, sample_site):
    """County loop, from one home's last slide to the next home's cover."""
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    page.goto((sample_site / "screen" / "index.html").as_uri())
    page.wait_for_function("() => window.sitegenScreen && window.sitegenScreen.state().timer")
    page.evaluate("""() => {
      sitegenScreen.pause();
      const g = sitegenScreen.state().group;
      const shown = [...document.querySelectorAll('.slide')].filter(s => !s.getAttribute('data-orient') || s.getAttribute('data-orient') === 'land')
        .filter(s => !s.hasAttribute('data-group') || +s.getAttribute('data-group') === g);
      const titles = shown.map((s, i) => [s, i]).filter(([s]) => s.classList.contains('kind-title'));
      sitegenScreen.go(titles[1][1] - 1);       // the first home's last slide
    }""")
    # The jump itself fades: sample the next change only once it is over (on a loaded
    # machine a fixed wait ended mid-fade, and the frames were of the jump, not the change).
    page.wait_for_timeout(1600)
    page.wait_for_function("() => sitegenScreen.state().leaving === -1 && !sitegenScreen.state().preloading")
    ch = page.evaluate(TRANSITIONS, [1, SAMPLE_MS])[0]
    ctx.close()
    assert ch["oldWhere"] != ch["newWhere"]
    for f in ch["frames"]:
        if f["old"] > 0.05:
            assert f["where"] == ch["oldWhere"], f
        if f["new"] > 0.05:
            assert f["where"] == ch["newWhere"], f
    assert ch["frames"][-1]["where"] == ch["newWhere"]
