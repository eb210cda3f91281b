"""Lobby screens (issue 5) in a real browser: every slide fits at three resolutions, the
show runs for 1,000 slides without growing, survives a dead server, takes in a new build,
works from file:// and with JavaScript off.

Legibility rule checked here: no text smaller than 2.5 % of the viewport's shorter side.
Set SITEGEN_SCREEN_SHOTS=<folder> to keep the screenshots that test_screenshots checks.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import watch_page
from sitegen.build import build
from test_screen import make_screen_county

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("screen_browser")]

RESOLUTIONS = [(1920, 1080), (3840, 2160), (1080, 1920)]
MIN_TEXT = 0.025          # of min(viewport width, height)

TIMER_PROBE = """
(() => {
  const live = new Set(); let created = 0;
  const st = window.setTimeout, ct = window.clearTimeout, si = window.setInterval, ci = window.clearInterval;
  window.setTimeout = function (fn, ms, ...rest) {
    const id = st.call(window, function () { live.delete(id); if (typeof fn === 'function') fn.apply(this, arguments); }, ms, ...rest);
    live.add(id); created++; return id;
  };
  window.clearTimeout = function (id) { live.delete(id); return ct.call(window, id); };
  window.setInterval = function (fn, ms, ...rest) { const id = si.call(window, fn, ms, ...rest); live.add(id); created++; return id; };
  window.clearInterval = function (id) { live.delete(id); return ci.call(window, id); };
  window.__timers = () => ({live: live.size, created});
})();
"""

# Checks the slide on screen; returns a list of problems (empty when it fits).
CHECK_SLIDE = """
(minPx) => {
  const vw = innerWidth, vh = innerHeight, out = [];
  const slide = document.querySelector('.slide.is-current') || document.querySelector('.slide');
  const idx = [...document.querySelectorAll('.slide')].indexOf(slide);
  const say = (what, el) => out.push(`slide ${idx + 1} (${slide.className}): ${what}: <${el.tagName.toLowerCase()} class="${el.className}"> ${(el.textContent || '').trim().slice(0, 30)}`);
  const de = document.documentElement;
  if (de.scrollWidth > vw || de.scrollHeight > vh || document.body.scrollHeight > vh) say('page scrolls', de);
  const stage = document.getElementById('stage').getBoundingClientRect();
  if (slide.scrollHeight > slide.clientHeight + 1 || slide.scrollWidth > slide.clientWidth + 1) say('slide content clipped', slide);
  const els = [...slide.querySelectorAll('*'), ...document.querySelectorAll('.chrome, .chrome *')];
  for (const el of els) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) say('outside the viewport', el);
    if (slide.contains(el) && (r.left < stage.left - 1 || r.top < stage.top - 1 || r.right > stage.right + 1 || r.bottom > stage.bottom + 1)) say('outside the slide', el);
    if (cs.overflow !== 'visible' && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) && el.tagName !== 'IMG') say('clipped', el);
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.nodeValue.trim());
    if (text && parseFloat(cs.fontSize) < minPx - 0.01) say(`text ${cs.fontSize} < ${minPx.toFixed(1)}px`, el);
  }
  return out;
}
"""

CHECK_ALL = """
async (minPx) => {
  const check = %s;
  const api = window.sitegenScreen, out = [];
  api.pause();
  let count = 0;
  const groups = Math.max(1, api.state().groups);     // the county loop: every cycle's slides
  for (let g = 0; g < groups; g++) {
    if (api.state().groups) api.setGroup(g);
    const n = api.state().count;
    for (let i = 0; i < n; i++) { api.go(i); out.push(...check(minPx)); }
    count += n;
  }
  api.go(0);
  return {count, problems: out};
}
""" % CHECK_SLIDE.strip()


# ---------------------------------------------------------------- sites and servers

class _Server:
    """A plain static server for one folder, which a test may stop mid-run."""

    def __init__(self, root: Path):
        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.running = True

    def stop(self):
        if self.running:
            self.running = False
            self.httpd.shutdown()
            self.httpd.server_close()


@pytest.fixture(scope="module")
def stress_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("screen-stress")
    content = make_screen_county(root)
    out = root / "output"
    build(content, out, posters=False, cache=root / "cache")
    return out


@pytest.fixture
def served_copy(stress_site, tmp_path):
    """A private copy of the stress site behind its own server."""
    www = tmp_path / "www"
    shutil.copytree(stress_site, www / "zhucun")
    server = _Server(www)
    yield www / "zhucun", server.url + "zhucun/", server
    server.stop()


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    yield ctx
    ctx.close()


def _open(page, url: str):
    page.goto(url)
    page.wait_for_function("() => window.sitegenScreen && window.sitegenScreen.state().timer")


def _heap(cdp) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.collectGarbage")
    return cdp.send("Runtime.getHeapUsage")["usedSize"]


# ---------------------------------------------------------------- every slide fits

def test_every_slide_fits_at_three_resolutions(context, sample_site, stress_site):
    """All slides of the sample county's screen (which holds every home's slides) and of
    the stress county: nothing outside the viewport or the slide, no scrolling, no
    clipping, no text under 2.5 % of the shorter side."""
    page = context.new_page()
    seen = watch_page(page)
    total = 0
    try:
        for site in (sample_site, stress_site):
            url = (site / "screen" / "index.html").as_uri()
            for w, h in RESOLUTIONS:
                page.set_viewport_size({"width": w, "height": h})
                _open(page, url)
                result = page.evaluate(CHECK_ALL, MIN_TEXT * min(w, h))
                assert result["count"] > 3
                assert not result["problems"], f"{site.parent.name} {w}×{h}:\n" + "\n".join(result["problems"][:20])
                total += result["count"]
    finally:
        page.close()
    assert not seen["console"], seen["console"]
    assert total >= 3 * 2 * 4


def test_home_screens_fit_in_portrait(context, stress_site):
    """A home's own screen (header shows the home, not the county)."""
    page = context.new_page()
    page.set_viewport_size({"width": 1080, "height": 1920})
    _open(page, (stress_site / "screen" / "big" / "index.html").as_uri())
    result = page.evaluate(CHECK_ALL, MIN_TEXT * 1080)
    assert not result["problems"], "\n".join(result["problems"][:20])
    assert page.inner_text("#where") == "黄桑坪苗族乡上堡侗族古寨片区驻村工作队之家"
    page.close()


def test_screenshots(context, sample_site, stress_site, tmp_path):
    """Screenshots of the first slides at every screen size decode at the screen's size and
    are not blank: a slide that paints nothing (a fade stuck at 0, a failed zoom) fails.
    With SITEGEN_SCREEN_SHOTS=<folder> they are kept there for a person to look at
    (SITEGEN_SCREEN_MAX slides each, default 3; SITEGEN_SCREEN_ONLY=1920x1080 for one size)."""
    from PIL import Image, ImageStat
    folder = Path(os.environ.get("SITEGEN_SCREEN_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page = context.new_page()
    only = os.environ.get("SITEGEN_SCREEN_ONLY", "")
    shots = 0
    for name, site, rel in (("stress", stress_site, "screen/big/index.html"),
                            ("sample", sample_site, "screen/index.html")):
        for w, h in RESOLUTIONS:
            if only and f"{w}x{h}" not in only:
                continue
            page.set_viewport_size({"width": w, "height": h})
            _open(page, (site / rel).as_uri())
            page.add_style_tag(content=".js .slide.is-current { transition: none !important; }")
            n = page.evaluate("() => (sitegenScreen.pause(), sitegenScreen.state().count)")
            limit = min(n, int(os.environ.get("SITEGEN_SCREEN_MAX", "3")))
            for i in range(limit):
                page.evaluate("i => sitegenScreen.go(i)", i)
                page.wait_for_function("() => [...document.querySelectorAll('.slide.is-current img')].every(i => i.complete)")
                page.evaluate("() => document.querySelectorAll('.is-leaving').forEach(e => e.classList.remove('is-leaving'))")
                path = folder / f"{name}-{w}x{h}-{i + 1:03d}.png"
                page.screenshot(path=str(path))
                with Image.open(path) as im:
                    assert im.size == (w, h), path.name
                    # the body between header and footer, where the slide's content is
                    grey = im.convert("L").crop((0, h * 18 // 100, w, h * 88 // 100)).resize((w // 8, h // 8))
                    assert ImageStat.Stat(grey).stddev[0] > 12, f"{path.name} is nearly blank"
                    # text and figures: a good share of the screen differs from its background
                    hist = grey.histogram()
                    assert max(hist) / sum(hist) < 0.9, f"{path.name}: one tone covers > 90 %"
                shots += 1
    assert shots >= 6
    page.close()


# ---------------------------------------------------------------- runs for weeks

def test_thousand_slides_without_growth(browser, served_copy):
    """1,000 slide changes through the real timer path (time fast-forwarded): the JS heap
    stays within 10 % of its size after the first cycle; timers and nodes do not grow."""
    _root, url, _server = served_copy
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080})
    ctx.add_init_script(TIMER_PROBE)
    page = ctx.new_page()
    seen = watch_page(page)
    _open(page, url + "screen/big/index.html")
    cdp = ctx.new_cdp_session(page)
    n, seconds = page.evaluate("() => [sitegenScreen.state().count, JSON.parse(document.getElementById('screen-data').textContent).seconds]")
    step_ms = seconds * 1000 + 1

    def run_until(shows: int) -> None:
        page.evaluate("""async ([target, ms]) => {
            while (sitegenScreen.state().shows < target) {
              for (let k = 0; k < 25 && sitegenScreen.state().shows < target; k++) sitegenScreen.fastForward(ms);
              await new Promise(r => requestAnimationFrame(r));
            }
        }""", [shows, step_ms])

    def counters():
        dom = cdp.send("Memory.getDOMCounters")
        return {"heap": _heap(cdp), "elements": page.evaluate("() => document.getElementsByTagName('*').length"),
                "nodes": dom["nodes"], "listeners": dom["jsEventListeners"],
                "timers": page.evaluate("() => window.__timers().live")}

    run_until(n)                     # first cycle: every photo loaded, every slide shown once
    first = counters()
    run_until(1000)
    after = counters()
    print(f"\nscreen endurance: {n} slides a cycle; after first cycle {first}; after 1,000 {after}")
    state = page.evaluate("() => sitegenScreen.state()")
    assert state["shows"] >= 1000 and state["version"], state
    assert after["heap"] <= first["heap"] * 1.10, (first, after)
    assert after["elements"] == first["elements"], (first, after)
    assert after["nodes"] <= first["nodes"], (first, after)
    assert after["listeners"] <= first["listeners"], (first, after)
    assert after["timers"] == first["timers"] == 1, (first, after)
    assert page.evaluate("() => document.querySelectorAll('.slide.is-current').length") == 1
    assert not seen["console"], seen["console"]
    ctx.close()


def test_show_goes_on_when_the_server_stops(context, served_copy):
    _root, url, server = served_copy
    page = context.new_page()
    _open(page, url + "screen/big/index.html")
    assert page.evaluate("() => sitegenScreen.checkVersion()") == "first"
    page.evaluate("() => { window.__same = 1; }")
    server.stop()
    assert page.evaluate("() => sitegenScreen.checkVersion()") == "failed"
    n = page.evaluate("() => sitegenScreen.state().count")
    seen = []
    for _ in range(2 * n):
        page.evaluate("() => sitegenScreen.fastForward(60000)")    # also past the next poll
        seen.append(page.evaluate("""() => {
            const s = document.querySelector('.slide.is-current');
            const r = s.getBoundingClientRect();
            return [sitegenScreen.state().index, getComputedStyle(s).visibility, r.height > 100,
                    s.innerText.trim().length > 0, !!document.querySelector('iframe')];
        }"""))
    assert len({s[0] for s in seen}) == n                 # went round every slide
    assert all(v == "visible" and tall and text and not frame for _i, v, tall, text, frame in seen)
    assert page.evaluate("() => window.__same") == 1      # never reloaded
    assert page.inner_text("#where")
    page.close()


def test_new_build_is_taken_in(context, served_copy):
    root, url, _server = served_copy
    page = context.new_page()
    _open(page, url + "screen/big/index.html")
    assert page.evaluate("() => sitegenScreen.checkVersion()") == "first"
    assert page.evaluate("() => sitegenScreen.checkVersion()") == "same"
    page.evaluate("() => { window.__old = 1; sitegenScreen.go(2); }")
    (root / "version.json").write_text('{"version": "newer-build"}\n')
    with page.expect_navigation():
        assert page.evaluate("() => sitegenScreen.checkVersion()") == "changed"
    page.wait_for_function("() => window.sitegenScreen && !window.__old")
    assert page.evaluate("() => sitegenScreen.state().index") == 0
    page.close()


def test_burn_in_drift_and_live_clock(context, stress_site):
    page = context.new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    _open(page, (stress_site / "screen" / "big" / "index.html").as_uri())
    page.add_style_tag(content=".show { transition: none !important; }")
    page.evaluate("() => sitegenScreen.pause()")
    spots, clocks = set(), set()
    for _ in range(30):
        page.evaluate("() => sitegenScreen.fastForward(60000)")
        box = page.locator("#where").bounding_box()
        spots.add((round(box["x"]), round(box["y"])))
        clocks.add(page.inner_text("#clock"))
    xs, ys = [s[0] for s in spots], [s[1] for s in spots]
    assert len(spots) >= 5                                   # the header moves …
    assert max(xs) - min(xs) <= 14 and max(ys) - min(ys) <= 14   # … by a few pixels only
    assert len(clocks) == 30                                 # one new minute each time
    assert page.evaluate("() => sitegenScreen.state().index") == 0   # paused holds the slide
    page.close()


def test_keys_step_and_pause(context, stress_site):
    page = context.new_page()
    _open(page, (stress_site / "screen" / "big" / "index.html").as_uri())
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => sitegenScreen.state().index") == 2
    page.keyboard.press("ArrowLeft")
    assert page.inner_text("#count").startswith("2 / ")
    page.keyboard.press(" ")
    assert page.evaluate("() => (sitegenScreen.fastForward(600000), sitegenScreen.state())")["index"] == 1
    assert page.locator("#paused").is_visible()
    page.keyboard.press(" ")
    assert page.evaluate("() => (sitegenScreen.fastForward(600000), sitegenScreen.state())")["index"] == 2
    page.close()


def test_schedule_slide_computes_dates_in_the_browser(context, stress_site):
    """Next forum in the 4th week (22–28) and the duty team continuing the rota from the
    last recorded forum (2024-05, the 4th team of the rota)."""
    page = context.new_page()
    page.clock.install(time="2024-07-10T09:30:00")
    _open(page, (stress_site / "screen" / "big" / "index.html").as_uri())
    text = page.evaluate("() => document.querySelector('.kind-schedule').textContent")
    assert "2024年7月22日—28日" in text and "2024年9月22日—28日" in text
    assert "第5示范村驻村工作队" in text      # rota index 3 in May → 5 in July: team t05
    assert "8月 · 第6示范村驻村工作队" in text
    assert "2024年7月10日 星期三" in page.inner_text(".slide.kind-title")
    assert page.inner_text(".slide.kind-title .cover-clock") == "09:30"
    page.close()


def test_file_url_without_console_errors(context, sample_site):
    page = context.new_page()
    seen = watch_page(page)
    for rel in ("screen/index.html", f"screen/{sorted(p.name for p in (sample_site / 'screen').iterdir() if p.is_dir())[0]}/index.html"):
        _open(page, (sample_site / rel).as_uri())
        page.evaluate("() => { for (let i = 0; i < 12; i++) sitegenScreen.fastForward(400000); }")
        assert page.evaluate("() => sitegenScreen.checkVersion()") is None   # no fetch from file://
        page.wait_for_function("() => [...document.images].every(i => !i.getAttribute('src') || i.complete)")
    assert not seen["console"] and not seen["failed"], seen
    page.close()


def test_javascript_off_shows_the_first_slide(browser, sample_site):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1920, "height": 1080})
    page = ctx.new_page()
    page.goto((sample_site / "screen" / "index.html").as_uri())
    slides = page.locator(".slide")
    assert slides.first.is_visible()
    assert not slides.nth(1).is_visible()
    title = page.locator(".slide .cover-title").first
    assert title.is_visible() and title.inner_text().strip()
    box = title.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 1080
    ctx.close()
