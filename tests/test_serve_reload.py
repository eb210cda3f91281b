"""`sitegen serve` from save to reloaded page (issue 15, item 6): change notifications with
polling kept as the fallback, a short settle that still ends on the last save, the error
page and back, assets revalidated instead of fetched again, and relative links at every
depth over http."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from sitegen import serve as sv

from serving import TEAM_PAGE, TEAM_YAML, start_serve
from serving import minimal_copy as copy_minimal

ROOT = Path(__file__).resolve().parent.parent
MOTTO = "扎根青山，服务群众"


@pytest.fixture
def content(tmp_path) -> Path:
    return copy_minimal(tmp_path)


@pytest.fixture
def serving(content, request):
    """Started with the watch mode the test asks for (indirect parameter): "notify" or "poll"."""
    mode = getattr(request, "param", "notify")
    env = {sv.WATCH_ENV: "poll"} if mode == "poll" else {sv.WATCH_ENV: ""}
    proc, url, lines = start_serve(content, **env)
    _wait_status(url, lambda s: s["watch"] != "")             # a save from now on is seen
    yield url, content, lines, mode
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _status(url: str) -> dict:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", "/__sitegen/status")
    body = json.loads(conn.getresponse().read())
    conn.close()
    return body


def _wait_status(url: str, test, timeout: float = 15.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        status = _status(url)
        if test(status) or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


# ------------------------------------------------------------------ in the browser

def _swapped(page) -> int:
    """The build a page took in without a reload, once it is done (0: none)."""
    page.wait_for_function("() => !window.__sitegen || !window.__sitegen.swapping || "
                           "(window.__sitegen.swapped && window.__sitegen.swapped.gen === "
                           "window.__sitegen.swapping)", timeout=15000)
    return page.evaluate("(window.__sitegen && window.__sitegen.swapped && "
                         "window.__sitegen.swapped.gen) || 0")


@pytest.mark.browser
@pytest.mark.parametrize("serving", ["notify", "poll"], indirect=True)
def test_a_save_reloads_the_page_with_the_new_text(serving, browser):
    url, content, _lines, mode = serving
    assert _wait_status(url, lambda s: s["watch"] != "")["watch"] == mode
    page = browser.new_page()
    loads = []
    page.on("load", lambda _p: loads.append(1))
    try:
        page.goto(url + TEAM_PAGE)
        assert MOTTO in page.inner_text("body")
        team = content / TEAM_YAML
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "青山作证，不负人民"),
                        encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('青山作证，不负人民')", timeout=15000)
        assert MOTTO not in page.inner_text("body")
        # reloaded, or taken in whole without a reload (only the page's HTML changed; that
        # it then equals a fresh load is tests/test_s15serve_swap.py)
        assert len(loads) >= 2 or _swapped(page) > 0
    finally:
        page.close()


@pytest.mark.parametrize("serving", ["notify", "poll"], indirect=True)
def test_the_watch_mode_is_the_one_asked_for_and_polling_is_explained(serving):
    url, _content, lines, mode = serving
    assert _wait_status(url, lambda s: s["watch"] != "")["watch"] == mode
    time.sleep(0.2)
    told = [line for line in lines if "改用定时检查文件" in line]
    assert bool(told) == (mode == "poll")                      # the clerk is told why
    assert all("SITEGEN_WATCH=poll" in line for line in told)


@pytest.mark.browser
def test_a_burst_of_saves_ends_on_one_good_page(serving, browser):
    """An editor's save burst: a half-written file in place, a temp file renamed over the
    record, several saves within a few milliseconds. Whatever was built in between, the
    page ends on the last save, without the error page, and the burst cost few builds."""
    url, content, _lines, _mode = serving
    assert _wait_status(url, lambda s: s["watch"] == "notify")["watch"] == "notify"
    page = browser.new_page()
    try:
        page.goto(url + TEAM_PAGE)
        team = content / TEAM_YAML
        good = team.read_text(encoding="utf-8")
        before = _status(url)["generation"]
        saves = 0
        for i in range(3):
            text = good.replace(MOTTO, f"第{i}次保存的誓言")
            with open(team, "w", encoding="utf-8") as f:         # in place, in two writes
                f.write(text[: len(text) // 3])
                f.flush()
                time.sleep(0.003)
                f.write(text[len(text) // 3:])
            saves += 1
            temp = team.with_name(".team.yaml.swp")              # temp file + rename
            temp.write_text(text.replace("第", "最后第") if i == 2 else text, encoding="utf-8")
            os.replace(temp, team)
            saves += 1
            time.sleep(0.002)
        final = "最后第2次保存的誓言"
        page.wait_for_function(f"document.body.innerText.includes('{final}')", timeout=15000)
        status = _wait_status(url, lambda s: time.time() - s["built_at"] > 1.0, timeout=20)
        assert not status["broken"]
        builds = status["generation"] - before
        assert 1 <= builds < saves, builds
        time.sleep(0.3)
        assert final in page.inner_text("body")
        assert page.query_selector("#sitegen-errors") is None
    finally:
        page.close()


@pytest.mark.browser
def test_a_bad_save_shows_the_located_chinese_error_page_and_a_fix_reloads_back(serving, browser):
    url, content, _lines, _mode = serving
    page = browser.new_page()
    try:
        page.goto(url + TEAM_PAGE)
        team = content / TEAM_YAML
        good = team.read_text(encoding="utf-8")
        team.write_text(good.replace("village: 青山村", "village：青山村"), encoding="utf-8")
        page.wait_for_selector("#sitegen-errors", timeout=15000)
        overlay = page.inner_text("#sitegen-errors")
        assert "记录有 1 处错误" in overlay
        assert TEAM_YAML in overlay and "第 1 行" in overlay
        assert "全角冒号" in overlay and "改法" in overlay
        team.write_text(good.replace(MOTTO, "改好了"), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('改好了')", timeout=15000)
        assert page.query_selector("#sitegen-errors") is None
        assert page.url == url + TEAM_PAGE                      # back on the same page
    finally:
        page.close()


@pytest.mark.browser
def test_links_work_over_http_at_every_depth_and_reload_follows(serving, browser):
    """Every page reachable from the front page, at every depth, with every link, style
    sheet, script and photo it names answered 200 by the server: the output's relative
    links work as served. A page reached by clicking still reloads on a save."""
    url, content, _lines, _mode = serving
    page = browser.new_page()
    bad: list[str] = []
    page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        seen: set[str] = set()
        todo = [url]
        depths = set()
        while todo:
            at = todo.pop()
            if at in seen:
                continue
            seen.add(at)
            page.goto(at)
            page.wait_for_load_state("load")
            depths.add(urllib.parse.urlsplit(at).path.count("/"))
            refs = page.eval_on_selector_all(
                "a[href], link[href], script[src], img[src]",
                "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))")
            for ref in refs:
                assert not ref.startswith(("/", "file:")) and "127.0.0.1" not in ref, (at, ref)
            for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                link = link.split("#", 1)[0]
                if link.startswith(url) and link.endswith((".html", "/")):
                    todo.append(link)
        assert len(seen) >= 8 and depths >= {2, 3, 4, 5}, (len(seen), depths)
        assert not bad, bad[:5]

        page.goto(url + "homes/demo/index.html")
        page.click("a[href='teams/team-a/index.html']")
        page.wait_for_load_state("load")
        assert page.url == url + TEAM_PAGE
        team = content / TEAM_YAML
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "点进来的页面也会刷新"),
                        encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('点进来的页面也会刷新')",
                               timeout=15000)
    finally:
        page.close()


# ------------------------------------------------------------------ the watcher on its own

def _watching(content: Path, monkeypatch=None) -> tuple[sv.Preview, threading.Thread, list[str]]:
    lines: list[str] = []
    preview = sv.Preview(content, content.parent / "output", echo=lines.append)
    preview.build_once()
    thread = threading.Thread(target=preview.watch_forever, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not preview.watch_mode and time.monotonic() < deadline:
        time.sleep(0.01)
    return preview, thread, lines


def _wait_generation(preview: sv.Preview, above: int, timeout: float = 15.0) -> int:
    deadline = time.monotonic() + timeout
    while preview.state.generation <= above and time.monotonic() < deadline:
        time.sleep(0.01)
    return preview.state.generation


def test_notifications_are_used_where_they_work_and_never_poll(content, monkeypatch):
    monkeypatch.delenv(sv.WATCH_ENV, raising=False)

    def no_polling(_folders):
        raise AssertionError("polled although notifications work")
    monkeypatch.setattr(sv, "snapshot", no_polling)
    preview, thread, _lines = _watching(content)
    try:
        assert preview.watch_mode == "notify"
        gen = preview.state.generation
        (content / TEAM_YAML).write_text(
            (content / TEAM_YAML).read_text(encoding="utf-8").replace(MOTTO, "通知"), encoding="utf-8")
        assert _wait_generation(preview, gen) == gen + 1
        assert preview.state.changed == [str(content / TEAM_YAML)]
        assert "通知".encode() in (preview.output / TEAM_PAGE).read_bytes()
        (content / "homes" / ".hidden.yaml").write_text("x: 1", encoding="utf-8")   # ignored
        (content / "homes" / "demo" / "home.yaml~").write_text("x: 1", encoding="utf-8")
        time.sleep(0.5)
        assert preview.state.generation == gen + 1
    finally:
        preview.stop()
        thread.join(5)
    assert not thread.is_alive()                                # stop() ends the watcher


def test_a_save_during_a_build_is_built_next(content, monkeypatch):
    """A build starts on the first event, so it may start before the clerk's editor is
    done: the save that lands while it runs is not lost, the next build has it, and the tab
    is told once, of that build (it never shows the page in between)."""
    monkeypatch.delenv(sv.WATCH_ENV, raising=False)
    from sitegen import build as build_mod
    real = build_mod.build
    started = threading.Event()
    builds = []

    def slow_build(*args, **kwargs):
        builds.append(1)
        started.set()
        time.sleep(0.6)
        return real(*args, **kwargs)
    preview, thread, _lines = _watching(content)
    monkeypatch.setattr(build_mod, "build", slow_build)
    try:
        team = content / TEAM_YAML
        good = team.read_text(encoding="utf-8")
        gen = preview.state.generation
        team.write_text(good.replace(MOTTO, "第一次"), encoding="utf-8")
        assert started.wait(10)
        team.write_text(good.replace(MOTTO, "构建时又保存"), encoding="utf-8")
        assert _wait_generation(preview, gen) == gen + 1
        assert "构建时又保存".encode() in (preview.output / TEAM_PAGE).read_bytes()
        assert len(builds) == 2
        time.sleep(0.3)
        assert preview.state.generation == gen + 1                 # told once
    finally:
        preview.stop()
        thread.join(5)


def test_polling_reads_ready_only_once_a_save_would_be_seen(content, monkeypatch):
    """The status says "poll" only after the stamps a save is compared with are taken: a
    save made as soon as it says so is built (on a busy machine, a slow first walk of the
    folders once left such a save in the baseline, never noticed)."""
    monkeypatch.setenv(sv.WATCH_ENV, "poll")
    real, calls = sv.snapshot, []

    def slow_first(folders):
        calls.append(1)
        if len(calls) == 1:
            time.sleep(0.5)
        return real(folders)
    monkeypatch.setattr(sv, "snapshot", slow_first)
    preview, thread, _lines = _watching(content)
    try:
        assert preview.watch_mode == "poll"
        gen = preview.state.generation
        team = content / TEAM_YAML
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "刚开始就保存"), encoding="utf-8")
        assert _wait_generation(preview, gen, timeout=10) == gen + 1
        assert "刚开始就保存".encode() in (preview.output / TEAM_PAGE).read_bytes()
    finally:
        preview.stop()
        thread.join(5)


def test_notifications_failing_at_start_fall_back_to_polling(content, monkeypatch):
    monkeypatch.delenv(sv.WATCH_ENV, raising=False)
    import watchfiles

    def broken_watch(*_args, **_kwargs):
        raise OSError(28, "inotify watch limit reached")
        yield  # pragma: no cover - a generator, as watchfiles.watch is
    monkeypatch.setattr(watchfiles, "watch", broken_watch)
    preview, thread, lines = _watching(content)
    try:
        assert preview.watch_mode == "poll"
        assert any("改用定时检查文件" in line and "inotify watch limit" in line for line in lines)
        gen = preview.state.generation
        team = content / TEAM_YAML
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "轮询"), encoding="utf-8")
        assert _wait_generation(preview, gen) == gen + 1
        assert "轮询".encode() in (preview.output / TEAM_PAGE).read_bytes()
    finally:
        preview.stop()
        thread.join(5)


MOUNTINFO = """\
22 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
40 22 0:35 / /mnt/county rw,relatime shared:20 - cifs //office/share rw,vers=3.0
41 22 0:36 / /mnt/county/local rw,relatime shared:21 - ext4 /dev/vdb rw
42 22 0:37 / /srv/nfs\\040drive rw,relatime shared:22 - nfs4 server:/export rw
"""


def test_network_drives_are_polled(tmp_path, monkeypatch):
    assert sv.on_network_drive(Path("/mnt/county/content"), MOUNTINFO)
    assert sv.on_network_drive(Path("/mnt/county"), MOUNTINFO)
    assert sv.on_network_drive(Path("/srv/nfs drive/content"), MOUNTINFO)
    assert not sv.on_network_drive(Path("/mnt/county/local/content"), MOUNTINFO)   # deepest wins
    assert not sv.on_network_drive(Path("/mnt/countyside"), MOUNTINFO)             # not a prefix
    assert not sv.on_network_drive(Path("/home/clerk/content"), MOUNTINFO)
    monkeypatch.delenv(sv.WATCH_ENV, raising=False)
    monkeypatch.setattr(sv, "on_network_drive", lambda folder: folder == tmp_path)
    assert "网络驱动器" in sv.polling_reason([tmp_path])
    assert "network drive" in sv.polling_reason([tmp_path], "en")
    assert sv.polling_reason([tmp_path / "elsewhere", ROOT]) is None
    monkeypatch.setenv(sv.WATCH_ENV, "poll")
    assert "SITEGEN_WATCH=poll" in sv.polling_reason([ROOT])


# ------------------------------------------------------------------ HTTP

@pytest.fixture
def preview_server(content):
    preview = sv.Preview(content, content.parent / "output", echo=lambda *_: None)
    preview.build_once()
    server = sv.make_server(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield preview, server.server_address[1]
    server.shutdown()
    server.server_close()


def _get(port: int, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def test_assets_are_revalidated_by_content_not_fetched_again(preview_server):
    preview, port = preview_server
    status, headers, body = _get(port, "/static/site.css")
    tag = headers["ETag"]
    assert status == 200 and body and headers["Cache-Control"] == "no-cache"
    status, headers, body = _get(port, "/static/site.css", {"If-None-Match": tag})
    assert status == 304 and body == b"" and headers["ETag"] == tag
    status, _h, body = _get(port, "/static/site.css", {"If-None-Match": f'"other", {tag}'})
    assert status == 304
    css = preview.output / "static" / "site.css"
    stat = css.stat()
    css.write_bytes(css.read_bytes().replace(b"{", b"{ ", 1))       # same size? no: one more byte
    os.utime(css, ns=(stat.st_atime_ns, stat.st_mtime_ns))          # and the old time
    status, headers, body = _get(port, "/static/site.css", {"If-None-Match": tag})
    assert status == 200 and headers["ETag"] != tag and body.startswith(css.read_bytes()[:20])
    # Pages are never kept: the reload script in them names the build they belong to.
    status, headers, body = _get(port, "/" + TEAM_PAGE)
    assert status == 200 and headers["Cache-Control"] == "no-store" and "ETag" not in headers


def test_only_a_build_that_changes_what_is_shown_reloads(preview_server):
    """A save that changes nothing (the same bytes saved again) is built, but the page keeps
    its scroll position: the reload counter moves only with the output or the error list."""
    preview, _port = preview_server
    state = preview.state
    team = preview.content / TEAM_YAML
    good = team.read_text(encoding="utf-8")
    shown, gen = state.shown, state.generation
    team.write_text(good, encoding="utf-8")                       # saved again, unchanged
    preview.build_once([str(team)])
    assert (state.generation, state.shown) == (gen + 1, shown)
    team.write_text(good.replace(MOTTO, "换了誓言"), encoding="utf-8")
    preview.build_once([str(team)])
    assert (state.generation, state.shown) == (gen + 2, shown + 1)
    team.write_text(good.replace("village: 青山村", "village：青山村"), encoding="utf-8")
    preview.build_once([str(team)])
    preview.build_once([str(team)])                               # still broken: list again
    assert state.broken and state.shown == shown + 3
    team.write_text(good.replace(MOTTO, "换了誓言"), encoding="utf-8")
    preview.build_once([str(team)])        # the output is as before the mistake, yet the
    assert not state.broken and state.shown == shown + 4         # error page must go


@pytest.mark.browser
def test_saving_the_same_words_again_does_not_reload_the_page(serving, browser):
    url, content, _lines, _mode = serving
    page = browser.new_page()
    loads = []
    page.on("load", lambda _p: loads.append(1))
    try:
        page.goto(url + TEAM_PAGE)
        page.evaluate("window.scrollTo(0, 400); window.__kept = 'yes'")
        team = content / TEAM_YAML
        before = _status(url)["generation"]
        team.write_text(team.read_text(encoding="utf-8"), encoding="utf-8")
        assert _wait_status(url, lambda s: s["generation"] > before)["generation"] > before
        time.sleep(0.5)
        assert len(loads) == 1 and page.evaluate("window.__kept") == "yes"
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "真的改了"), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('真的改了')", timeout=15000)
        # shown by a reload, or (only the page's HTML changed) taken in without one
        assert len(loads) == 2 or _swapped(page) > before
    finally:
        page.close()
