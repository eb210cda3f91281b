"""Lobby screens (issue 12.4) in Chromium: the county loop picks its cycle from the clock,
comes back to the overview, and shows the next cycle's homes."""
from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("screen_browser")]


def _open(browser, sample_site, when):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    page.clock.install(time=when)
    page.goto((sample_site / "screen" / "index.html").as_uri())
    page.wait_for_function("() => window.sitegenScreen && window.sitegenScreen.state().timer")
    return ctx, page


def _homes_shown(page):
    return page.evaluate("""() => [...new Set([...document.querySelectorAll('.slide')]
        .filter(s => s.hasAttribute('data-group') && +s.getAttribute('data-group') === sitegenScreen.state().group)
        .map(s => s.getAttribute('data-home')))]""")


def test_cycle_is_chosen_from_the_clock_and_turns(browser, sample_site):
    ctx, page = _open(browser, sample_site, "2024-07-10T09:00:00")
    st = page.evaluate("() => sitegenScreen.state()")
    groups, minutes = st["groups"], st["cycleMinutes"]
    assert groups > 1 and minutes <= 20
    assert st["group"] == (9 * 60 // minutes) % groups
    assert st["kind"] == "county"
    first = _homes_shown(page)
    seconds = page.evaluate("() => JSON.parse(document.getElementById('screen-data').textContent).seconds")
    kinds, elapsed = [], 0
    for _ in range(st["count"]):            # one whole cycle, through the real timer path
        # photos of the next slide are in (a screen waits up to 10 s for them otherwise)
        page.wait_for_function("() => [...document.images].every(i => !i.getAttribute('src') || i.complete)")
        kinds.append(page.evaluate(f"() => (sitegenScreen.fastForward({seconds * 1000 + 1}), sitegenScreen.state().kind)"))
        elapsed += seconds
    after = page.evaluate("() => sitegenScreen.state()")
    assert kinds[-1] == "county" and after["index"] == 0           # back at the overview …
    assert elapsed <= 20 * 60                                      # … within 20 minutes
    assert "homes" in kinds and "story" in kinds
    expected = (9 * 60 + elapsed // 60) // minutes % groups
    assert after["group"] in (expected, (st["group"] + 1) % groups) and after["group"] != st["group"]
    assert set(_homes_shown(page)).isdisjoint(first)               # other homes this cycle
    ctx.close()


def test_every_cycle_comes_round_in_a_day(browser, sample_site):
    """The cycle at the start of each period of the day, as the page computes it."""
    seen = set()
    ctx, page = _open(browser, sample_site, "2024-07-10T00:00:00")
    st = page.evaluate("() => sitegenScreen.state()")
    ctx.close()
    for minute in range(0, 24 * 60, st["cycleMinutes"]):
        seen.add(minute // st["cycleMinutes"] % st["groups"])
    assert seen == set(range(st["groups"]))
    # and the page agrees with that formula at another time of day
    ctx, page = _open(browser, sample_site, "2024-07-10T17:42:00")
    assert page.evaluate("() => sitegenScreen.state().group") == (17 * 60 + 42) // st["cycleMinutes"] % st["groups"]
    ctx.close()
