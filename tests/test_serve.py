"""`sitegen serve`: live preview, error overlay, and that it serves nothing but output/."""
from __future__ import annotations

import http.client
import subprocess
import threading
from pathlib import Path

import pytest

from sitegen import serve as sv

from serving import TEAM_PAGE, TEAM_YAML, start_serve
from serving import minimal_copy as copy_minimal



@pytest.fixture
def minimal_copy(tmp_path) -> Path:
    return copy_minimal(tmp_path)


# ---------------------------------------------------------------- in-process server

@pytest.fixture
def preview_server(minimal_copy):
    """The preview server in this process (no watcher), on a free port."""
    output = minimal_copy.parent / "output"
    preview = sv.Preview(minimal_copy, output, echo=lambda *_: None)
    preview.build_once()
    server = sv.make_server(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield preview, server.server_address[1]
    server.shutdown()
    server.server_close()


def _get(port: int, path: str) -> tuple[int, bytes]:
    """A raw GET: http.client sends the path exactly as given (no normalising)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


def test_serves_pages_with_reload_script_but_disk_files_stay_clean(preview_server):
    preview, port = preview_server
    status, body = _get(port, "/" + TEAM_PAGE)
    assert status == 200
    assert "青山村".encode() in body
    assert sv.PREFIX.encode() + b"wait" in body                     # reload script injected …
    on_disk = (preview.output / TEAM_PAGE).read_bytes()
    assert b"__sitegen" not in on_disk                               # … only in what is served
    status, body = _get(port, "/homes/demo/teams/team-a/")            # folder → index.html
    assert status == 200 and "青山村".encode() in body
    status, _ = _get(port, "/homes/demo/teams/team-a")                # no slash → redirect
    assert status == 301
    status, body = _get(port, "/search-index.js")
    assert status == 200 and b"__sitegen" not in body                 # only HTML is touched


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/homes/..%2f..%2f..%2f..%2fetc/passwd",
    "/..%5c..%5c..%5cetc%5cpasswd",
    "/homes/%00/index.html",
    "/C:/Windows/win.ini",
    "/homes/demo/../../../content/site.yaml",
    "/%252e%252e/%252e%252e/etc/passwd",
])
def test_no_path_leaves_the_output_folder(preview_server, path):
    preview, port = preview_server
    status, body = _get(port, path)
    assert status in (403, 404), (path, status)
    assert b"root:" not in body and "示范县".encode() not in body


def test_symlink_out_of_output_is_refused(preview_server, tmp_path):
    preview, port = preview_server
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    link = preview.output / "leak.txt"
    link.symlink_to(secret)
    status, body = _get(port, "/leak.txt")
    assert status == 403 and b"secret" not in body


def test_safe_path_unit(tmp_path):
    (tmp_path / "a").mkdir()
    assert sv.safe_path(tmp_path, "/a/") == tmp_path / "a"
    assert sv.safe_path(tmp_path, "/") == tmp_path
    for bad in ("/../x", "/a/../../x", "/%2e%2e/x", "/a%2f..%2f..%2fx", "/a\\..\\x", "/%5c..", "/x%00"):
        assert sv.safe_path(tmp_path, bad) is None, bad


def test_overlay_while_broken_then_page_again(preview_server):
    preview, port = preview_server
    team = preview.content / TEAM_YAML
    good = team.read_text(encoding="utf-8")
    team.write_text(good.replace("village: 青山村", "village：青山村"), encoding="utf-8")
    preview.build_once([str(team)])
    for path in ("/" + TEAM_PAGE, "/index.html", "/", "/homes/demo/style/"):
        status, body = _get(port, path)
        text = body.decode()
        assert status == 200 and 'id="sitegen-errors"' in text, path
        assert TEAM_YAML in text and "第 1 行" in text and "全角冒号" in text and "改法" in text
    status, body = _get(port, "/__sitegen/status")
    assert b'"broken": true' in body
    team.write_text(good, encoding="utf-8")
    preview.build_once([str(team)])
    status, body = _get(port, "/" + TEAM_PAGE)
    assert 'id="sitegen-errors"' not in body.decode() and "青山村".encode() in body


def test_wait_returns_on_a_new_build(preview_server):
    preview, port = preview_server
    gen = preview.state.shown
    result = {}

    def ask():
        result["r"] = _get(port, f"/__sitegen/wait?gen={gen}")
    t = threading.Thread(target=ask)
    t.start()
    team = preview.content / TEAM_YAML
    team.write_text(team.read_text(encoding="utf-8").replace("扎根青山", "扎根山乡"), encoding="utf-8")
    preview.build_once()
    t.join(15)
    assert not t.is_alive()
    assert f'"generation": {gen + 1}'.encode() in result["r"][1]


def test_watcher_sees_changes(tmp_path):
    (tmp_path / "a.yaml").write_text("x: 1")
    before = sv.snapshot([tmp_path])
    (tmp_path / "a.yaml").write_text("x: 22")
    (tmp_path / "b.yaml").write_text("y: 1")
    (tmp_path / ".hidden").write_text("z")
    assert sv.changes(before, sv.snapshot([tmp_path])) == [str(tmp_path / "a.yaml"),
                                                         str(tmp_path / "b.yaml")]


# ---------------------------------------------------------------- end to end

@pytest.fixture
def serve_process(minimal_copy):
    """`sitegen serve` as a clerk runs it, on a free port, in a subprocess."""
    proc, url, _lines = start_serve(minimal_copy)
    yield url, minimal_copy
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.browser
def test_edit_break_fix_in_the_browser(serve_process, browser):
    url, content = serve_process
    page = browser.new_page()
    try:
        page.goto(url + TEAM_PAGE)
        assert "扎根青山，服务群众" in page.inner_text("body")
        team = content / TEAM_YAML
        good = team.read_text(encoding="utf-8")

        # 1. an edit shows up by itself
        team.write_text(good.replace("扎根青山，服务群众", "青山作证，不负人民"), encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('青山作证，不负人民')", timeout=15000)

        # 2. a mistake replaces the page with the list of errors, in Chinese
        team.write_text(good.replace("village: 青山村", "village：青山村"), encoding="utf-8")
        page.wait_for_selector("#sitegen-errors", timeout=15000)
        overlay = page.inner_text("#sitegen-errors")
        assert TEAM_YAML in overlay and "第 1 行" in overlay
        assert "全角冒号" in overlay and "改法" in overlay

        # 3. the fix brings the page back without touching the browser
        team.write_text(good, encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('扎根青山，服务群众')", timeout=15000)
        assert page.query_selector("#sitegen-errors") is None
    finally:
        page.close()
