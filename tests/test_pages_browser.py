"""Every page type in a real browser (Debian Chromium through Playwright).

Over the sample county served under a sub-path (/intranet/zhucun/) and opened from
file://, and over the edge county (tests/edge_county.py) from file://: no console error,
no failed request, every image decodes, no horizontal scrolling at 360 px or 1920 px,
search finds by a two-character substring, and axe-core finds nothing serious or critical.

One browser per session (the `browser` fixture); these tests share an xdist group so
they run in one worker.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import watch_page
from edge_county import LONG_NAME, make_edge_content
from sitegen.build import build

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTHS = (360, 1920)
SERIOUS = ("serious", "critical")


def page_types(out: Path) -> dict[str, str]:
    """One output path of each page type of a built site."""
    homes = sorted(p.parent.name for p in (out / "homes").glob("*/index.html"))
    home = homes[0]
    team = sorted(p.parent.name for p in (out / "homes" / home / "teams").glob("*/index.html"))[0]
    types = {
        "county": "index.html",
        "home": f"homes/{home}/index.html",
        "style": f"homes/{home}/style/index.html",
        "results": f"homes/{home}/results/index.html",
        "honors": f"homes/{home}/honors/index.html",
        "team": f"homes/{home}/teams/{team}/index.html",
    }
    bulletins = sorted((out / "bulletins").glob("*/index.html")) if (out / "bulletins").is_dir() else []
    if bulletins:
        types["bulletin"] = bulletins[0].relative_to(out).as_posix()
    return types


def load(context, url: str):
    """Open a page, make lazy images load, and return (page, watched problems)."""
    page = context.new_page()
    seen = watch_page(page)
    page.goto(url, wait_until="load")
    page.evaluate("""() => Promise.all([...document.images].map(i => {
        i.loading = 'eager'; return i.decode().catch(() => null); }))""")
    return page, seen


def check_page(page, seen: dict, label: str) -> None:
    broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
    assert page.evaluate("document.images.length") == 0 or not broken, (label, broken)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        over = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert over <= 0, f"{label}: {over}px of horizontal scrolling at {width}px"
    assert not seen["console"], (label, seen["console"])
    assert not seen["failed"], (label, seen["failed"])
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)", \
        f"{label}: the stylesheet did not load"


def axe_check(page, label: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    result = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in result.response["violations"] if v["impact"] in SERIOUS]
    assert not bad, f"{label}: {bad}"


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(viewport={"width": 1920, "height": 900}, locale="zh-CN")
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edge-browser")
    content = make_edge_content(root / "content")
    out = root / "output"
    build(content, out, posters=False, cache=root / "cache")
    return out


# ---------------------------------------------------------------- the sample county

@pytest.mark.parametrize("mode", ["http", "file"])
def test_sample_page_types(context, sample_site, site_server, mode):
    types = page_types(sample_site)
    assert {"county", "home", "style", "results", "honors", "team"} <= set(types)
    for kind, rel in types.items():
        url = (site_server + rel) if mode == "http" else (sample_site / rel).as_uri()
        page, seen = load(context, url)
        try:
            check_page(page, seen, f"{mode} {kind} {rel}")
            if mode == "http":
                page.set_viewport_size({"width": 1920, "height": 900})
                axe_check(page, f"{kind} {rel}")
        finally:
            page.close()


def test_sample_links_between_pages_work_under_a_subpath(context, sample_site, site_server):
    """Follow the board navigation from a home page: relative links resolve under the sub-path."""
    rel = page_types(sample_site)["home"]
    page, seen = load(context, site_server + rel)
    try:
        for word, path in (("风采栏", "/style/index.html"), ("成效榜", "/results/index.html"), ("荣誉墙", "/honors/index.html")):
            page.locator(".board-nav").get_by_role("link", name=word).click()
            page.wait_for_load_state("load")
            assert page.url.startswith(site_server) and page.url.endswith(path)
            assert page.locator("h1").inner_text().startswith(word[0])
        page.locator(".site-title a").click()
        page.wait_for_load_state("load")
        assert page.url == site_server + "index.html"
        assert not seen["failed"] and not seen["console"]
    finally:
        page.close()


@pytest.mark.parametrize("mode", ["http", "file"])
def test_search_finds_member_by_two_character_substring(context, sample_site, site_server, mode):
    start = (site_server + "index.html") if mode == "http" else (sample_site / "index.html").as_uri()
    page, seen = load(context, start)
    try:
        rows = page.evaluate("window.SITEGEN_SEARCH")
        member = next(r for r in rows if r.get("k") == "member" and len(r["t"]) == 3)
        query = member["t"][1:]                       # the given name: not a prefix
        page.fill("#q", query)
        # auto-waiting: the list is filled as the input settles, not at the first <li>
        expect(page.locator("#search-results")).to_contain_text(member["t"])
        page.locator("#search-results a", has_text=member["t"]).first.click()
        page.wait_for_load_state("load")
        assert "/teams/" in page.url
        assert member["t"] in page.locator("main").inner_text()
        page.go_back(wait_until="load")
        page.fill("#q", "财政")
        expect(page.locator("#search-results")).to_contain_text("县财政局")
        page.fill("#q", "没有这个人名字")
        expect(page.locator("#search-status")).to_contain_text("没有找到")
        assert not seen["console"] and not seen["failed"]
    finally:
        page.close()


def test_schedule_is_filled_in_by_the_browser(context, sample_site):
    page, seen = load(context, (sample_site / page_types(sample_site)["home"]).as_uri())
    try:
        forum = page.locator('[data-next="forum"]').inner_text()
        review = page.locator('[data-next="review"]').inner_text()
        assert "22日" in forum and "年" in forum and "22日" in review
        month = int(review.split("年")[1].split("月")[0])
        assert month in (3, 6, 9, 12)
        data = json.loads(page.locator("#schedule-data").inner_text())
        if data["rota"]:
            assert page.locator('[data-next="duty"]').inner_text() in [r["name"] for r in data["rota"]]
    finally:
        page.close()


# ---------------------------------------------------------------- the edge county

def test_edge_county_page_types(context, edge_site):
    types = page_types(edge_site)
    types["big-team"] = "homes/demo/teams/team-big/index.html"
    for kind, rel in types.items():
        page, seen = load(context, (edge_site / rel).as_uri())
        try:
            check_page(page, seen, f"edge {kind}")
            page.set_viewport_size({"width": 360, "height": 900})
            axe_check(page, f"edge {kind} at 360px")
        finally:
            page.close()


def test_edge_county_long_names_stay_in_their_cards(context, edge_site):
    page, _seen = load(context, (edge_site / "homes/demo/style/index.html").as_uri())
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            spill = page.evaluate("""() => [...document.querySelectorAll('.member')].filter(card => {
                const box = card.getBoundingClientRect();
                return [...card.querySelectorAll('*')].some(el => {
                    const r = el.getBoundingClientRect();
                    return r.width && (r.left < box.left - 1 || r.right > box.right + 1);
                });
            }).map(card => card.querySelector('.name').textContent)""")
            assert not spill, (width, spill)
            assert page.locator(".member .name", has_text=LONG_NAME).is_visible()
            # Fifteen members, in order, under one team.
            assert page.locator("#team-team-big .member").count() == 15
    finally:
        page.close()


def test_print_layout_hides_the_interface(context, edge_site):
    page, _seen = load(context, (edge_site / "homes/demo/results/index.html").as_uri())
    try:
        page.emulate_media(media="print")
        assert page.locator(".search").is_hidden()
        assert page.locator(".board-nav").is_hidden()
        assert page.locator("h1").is_visible()
        pdf = page.pdf(format="A4")
        assert pdf[:4] == b"%PDF" and len(pdf) > 10_000
    finally:
        page.emulate_media(media="screen")
        page.close()
