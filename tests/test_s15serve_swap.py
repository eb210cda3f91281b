"""`sitegen serve` (issue 15, save → reloaded page ≤ 250 ms): when only the page's HTML
changed, the open tab takes the new page in without a reload (the new <body>, its scripts
run again), and what it then shows is what a fresh load of the page shows, scripts
included; a change to anything else the page uses (a style sheet here) reloads it."""
from __future__ import annotations

import subprocess

import pytest

from sitegen import serve as sv

from serving import TEAM_PAGE, TEAM_YAML, start_serve
from serving import minimal_copy as copy_minimal

MOTTO = "扎根青山，服务群众"
HOME_PAGE = "homes/demo/index.html"
HOME_YAML = "homes/demo/home.yaml"

# The page as the browser holds it, with what the scripts made of it; the tracker's and the
# reload script's own state aside (the reload script carries the build number).
DOM = """() => document.documentElement.outerHTML"""
SWAPPED = """(gen) => window.__sitegen && window.__sitegen.swapped && window.__sitegen.swapped.gen >= gen"""


@pytest.fixture
def serving(tmp_path, monkeypatch):
    monkeypatch.delenv(sv.WATCH_ENV, raising=False)
    content = copy_minimal(tmp_path)
    site_css = content / "templates" / "static" / "site.css"      # a site's own style sheet
    site_css.parent.mkdir(parents=True)
    site_css.write_text((sv.Path(__file__).resolve().parent.parent / "templates" / "static" /
                         "site.css").read_text(encoding="utf-8"), encoding="utf-8")
    proc, url, lines = start_serve(content)
    yield url, content
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _fresh(browser, url: str) -> str:
    page = browser.new_page()
    try:
        page.goto(url)
        return page.evaluate(DOM)
    finally:
        page.close()



@pytest.mark.browser
@pytest.mark.parametrize("path, record, old, new", [
    (TEAM_PAGE, TEAM_YAML, MOTTO, "不换页面也能看到新誓言"),
    (HOME_PAGE, HOME_YAML, "示范乡人民政府院内二楼", "示范乡便民服务中心三楼"),   # schedule.js fills it
])
def test_a_page_taken_in_without_a_reload_is_the_page_a_fresh_load_shows(serving, browser, path, record, old, new):
    url, content = serving
    page = browser.new_page()
    loads = []
    page.on("load", lambda _p: loads.append(1))
    try:
        page.goto(url + path)
        page.evaluate("window.scrollTo(0, 300); window.__kept = 'same document'")
        file = content / record
        text = file.read_text(encoding="utf-8")
        assert old in text
        for round_ in (1, 2):
            words = new + str(round_)
            file.write_text(text.replace(old, words), encoding="utf-8")
            page.wait_for_function(f"document.body.innerText.includes('{words}')", timeout=15000)
            page.wait_for_function("() => window.__sitegen && window.__sitegen.swapped && "
                                   "window.__sitegen.swapped.gen === window.__sitegen.swapping", timeout=15000)
            assert page.evaluate(DOM) == _fresh(browser, url + path)   # scripts' work included
        assert len(loads) == 1 and page.evaluate("window.__kept") == "same document"
        # the page's scripts work on the new elements, and left nothing behind on document
        page.fill("#q", "青山")
        page.wait_for_selector("#search-panel:not([hidden])", timeout=5000)
        assert page.locator("#search-results li").count() > 0
        page.click("footer")
        page.wait_for_selector("#search-panel[hidden]", state="attached", timeout=5000)
        fresh = browser.new_page()
        try:
            fresh.goto(url + path)
            assert _listeners(page) == _listeners(fresh)           # none piled up on document
        finally:
            fresh.close()
        if path == HOME_PAGE:
            assert page.inner_text('[data-next="forum"]') == fresh_text(browser, url + path)
    finally:
        page.close()


def _listeners(page) -> list[str]:
    """The event types of the listeners on document and window, as DevTools lists them."""
    cdp = page.context.new_cdp_session(page)
    try:
        found = []
        for target in ("document", "window"):
            handle = cdp.send("Runtime.evaluate", {"expression": target})["result"]["objectId"]
            found += [f"{target}:{item['type']}" for item in
                      cdp.send("DOMDebugger.getEventListeners", {"objectId": handle})["listeners"]]
        return sorted(found)
    finally:
        cdp.detach()


def fresh_text(browser, url: str) -> str:
    page = browser.new_page()
    try:
        page.goto(url)
        return page.inner_text('[data-next="forum"]')
    finally:
        page.close()


@pytest.mark.browser
def test_a_changed_style_sheet_reloads_the_page(serving, browser):
    url, content = serving
    page = browser.new_page()
    try:
        page.goto(url + TEAM_PAGE)
        page.evaluate("window.__kept = 'old document'")
        css = content / "templates" / "static" / "site.css"
        css.write_text(css.read_text(encoding="utf-8") + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n",
                       encoding="utf-8")
        page.wait_for_function("getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
                               timeout=15000)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__kept") is None             # a reload, not a swap
        _quiet(url)
        page.evaluate("window.__kept = 'new document'")
        team = content / TEAM_YAML
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "样式之后"), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('样式之后')", timeout=15000)
        assert page.evaluate("window.__kept") == "new document"   # then a page edit: taken in
        assert page.evaluate("getComputedStyle(document.body).outlineColor") == "rgb(1, 2, 3)"
    finally:
        page.close()


def _quiet(url: str, still: float = 0.6, timeout: float = 15.0) -> None:
    """Until the server has built nothing for `still` seconds."""
    import json
    import time
    import urllib.request
    deadline, last, since = time.monotonic() + timeout, None, time.monotonic()
    while time.monotonic() < deadline:
        gen = json.load(urllib.request.urlopen(url + "__sitegen/status", timeout=10))["generation"]
        if gen != last:
            last, since = gen, time.monotonic()
        elif time.monotonic() - since >= still:
            return
        time.sleep(0.05)


def test_the_asset_digest_follows_the_bytes_of_what_the_page_uses(tmp_path):
    root = tmp_path / "out"
    (root / "static").mkdir(parents=True)
    (root / "media").mkdir()
    (root / "a").mkdir()
    (root / "static" / "site.css").write_bytes(b"body{background:url('../media/bg.png')}")
    (root / "media" / "bg.png").write_bytes(b"png1")
    (root / "media" / "p-240.jpg").write_bytes(b"jpg1")
    (root / "media" / "p-480.jpg").write_bytes(b"jpg2")
    (root / "other.pdf").write_bytes(b"pdf")
    page = (b'<html><head><link rel="stylesheet" href="../static/site.css"></head><body>'
            b'<img src="../media/p-240.jpg" srcset="../media/p-240.jpg 1x, ../media/p-480.jpg 2x">'
            b'<a href="../other.pdf">poster</a><script src="https://example.org/x.js"></script></body></html>')
    first = sv.asset_digest(root, "/a/index.html", page)
    assert first == sv.asset_digest(root, "/a/", page)
    for name, data in [("media/bg.png", b"png2"), ("media/p-480.jpg", b"jpg3"), ("static/site.css", b"body{}")]:
        before = sv.asset_digest(root, "/a/index.html", page)
        (root / name).write_bytes(data)
        assert sv.asset_digest(root, "/a/index.html", page) != before, name
    before = sv.asset_digest(root, "/a/index.html", page)
    (root / "other.pdf").write_bytes(b"pdf2")                   # a link, not something it loads
    assert sv.asset_digest(root, "/a/index.html", page) == before
    assert sv.asset_digest(root, "/a/index.html", page.replace(b"p-240", b"p-999")) != before


@pytest.fixture
def in_process(tmp_path):
    import threading
    content = copy_minimal(tmp_path)
    preview = sv.Preview(content, content.parent / "output", echo=lambda *_: None)
    preview.build_once()
    server = sv.make_server(preview, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield preview, server.server_address[1]
    server.shutdown()
    server.server_close()


def _get(port: int, path: str) -> bytes:
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


def test_the_long_polls_answer_carries_the_page_exactly_as_a_get_serves_it(in_process):
    import json
    import urllib.parse
    preview, port = in_process
    old = preview.state.shown
    team = preview.content / TEAM_YAML
    good = team.read_text(encoding="utf-8")
    team.write_text(good.replace(MOTTO, "随答案而来"), encoding="utf-8")
    preview.build_once([str(team)])

    def wait(page: str) -> dict:
        return json.loads(_get(port, f"/__sitegen/wait?gen={old}&page=" + urllib.parse.quote(page, safe="")))
    answer = wait("/" + TEAM_PAGE)
    assert answer["generation"] == preview.state.shown != old
    assert answer["page"].encode("utf-8") == _get(port, "/" + TEAM_PAGE)
    assert "随答案而来" in answer["page"]
    assert wait("/homes/demo/teams/team-a/")["page"] == answer["page"]        # the folder's page
    for not_a_page in ("/homes/demo/teams/team-a", "/static/site.css", "/../../etc/passwd",
                       "/homes/%00/index.html", "/no/such/index.html"):
        assert "page" not in wait(not_a_page), not_a_page                    # the tab asks itself
    team.write_text(good.replace("village: 青山村", "village：青山村"), encoding="utf-8")
    preview.build_once([str(team)])
    assert "page" not in wait("/" + TEAM_PAGE)                               # the error page: reload


@pytest.mark.browser
def test_the_lobby_screen_whose_script_asks_the_server_reloads(serving, browser):
    """screen.js asks for version.json: a request in flight cannot be called back by a
    swap, so a page whose scripts make requests is always reloaded."""
    url, content = serving
    page = browser.new_page()
    try:
        page.goto(url + "screen/demo/index.html")
        page.wait_for_function("() => window.__sitegenTrack.late === true", timeout=10000)
        page.evaluate("window.__kept = 'old document'")
        team = content / TEAM_YAML
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "大屏也换了"), encoding="utf-8")
        page.wait_for_function("document.documentElement.innerHTML.includes('大屏也换了')", timeout=15000)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__kept") is None                      # reloaded
    finally:
        page.close()
