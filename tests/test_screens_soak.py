"""Lobby screens (issue 12.6): the county loop, with its clock-chosen cycles and slides
fitted to the screen each time they are shown, runs 1,000 slides without growing, and a
screen taking in a new build paints the new page's first slide at once (no blank frame).
Prints the figures recorded in docs/screens.md."""
from __future__ import annotations

import pytest

from conftest import watch_page
from test_screen_browser import TIMER_PROBE, _heap, _open, served_copy, stress_site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("screen_browser")]


def test_county_loop_thousand_slides_without_growth(browser, site_server):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    ctx.add_init_script(TIMER_PROBE)
    page = ctx.new_page()
    seen = watch_page(page)
    _open(page, site_server + "screen/index.html")
    cdp = ctx.new_cdp_session(page)
    seconds = page.evaluate("() => JSON.parse(document.getElementById('screen-data').textContent).seconds")
    step_ms = seconds * 1000 + 1

    def run_until(shows: int) -> set:
        return set(page.evaluate("""async ([target, ms]) => {
            const groups = new Set();
            while (sitegenScreen.state().shows < target) {
              for (let k = 0; k < 25 && sitegenScreen.state().shows < target; k++) {
                sitegenScreen.fastForward(ms); groups.add(sitegenScreen.state().group);
              }
              await new Promise(r => requestAnimationFrame(r));
            }
            return [...groups];
        }""", [shows, step_ms]))

    def counters():
        dom = cdp.send("Memory.getDOMCounters")
        return {"heap": _heap(cdp), "elements": page.evaluate("() => document.getElementsByTagName('*').length"),
                "nodes": dom["nodes"], "listeners": dom["jsEventListeners"],
                "timers": page.evaluate("() => window.__timers().live")}

    state = page.evaluate("() => sitegenScreen.state()")
    groups = run_until(2 * state["count"])          # two cycles: photos of two groups loaded
    first = counters()
    groups |= run_until(1000)
    after = counters()
    print(f"\ncounty loop endurance: {state['groups']} cycles of ~{state['count']} slides; "
          f"after two cycles {first}; after 1,000 {after}; cycles seen {sorted(groups)}")
    assert len(groups) >= 5                          # it went round several cycles
    assert after["heap"] <= first["heap"] * 1.10, (first, after)
    assert after["elements"] == first["elements"], (first, after)
    assert after["nodes"] <= first["nodes"] * 1.02, (first, after)
    assert after["listeners"] <= first["listeners"], (first, after)
    assert after["timers"] == first["timers"] == 1, (first, after)
    assert page.evaluate("() => document.querySelectorAll('.slide.is-current').length") == 1
    assert not seen["console"], seen["console"]
    ctx.close()


def test_new_build_is_taken_in_without_a_blank_frame(browser, served_copy):
    root, url, _server = served_copy
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    # every page load records its first frames: the shown slide's opacity and its text
    ctx.add_init_script("""
      window.__first = [];
      const probe = () => {
        const s = document.querySelector('.slide.is-current');
        if (s && window.sitegenScreen) window.__first.push([parseFloat(getComputedStyle(s).opacity), s.innerText.trim().length > 0]);
        if (window.__first.length < 5) requestAnimationFrame(probe);
      };
      requestAnimationFrame(probe);
    """)
    page = ctx.new_page()
    _open(page, url + "screen/big/index.html")
    assert page.evaluate("() => sitegenScreen.checkVersion()") == "first"
    page.evaluate("() => { window.__old = 1; }")
    (root / "version.json").write_text('{"version": "newer-build"}\n')
    with page.expect_navigation():
        assert page.evaluate("() => sitegenScreen.checkVersion()") == "changed"
    page.wait_for_function("() => window.sitegenScreen && !window.__old && window.__first.length >= 5")
    assert page.evaluate("() => window.__first") == [[1.0, True]] * 5
    ctx.close()
