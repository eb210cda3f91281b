"""The dev server under odd clients (issue 13, part 4): over-long URLs get 404/414, not a
dropped connection with a traceback; idle connections are closed after a timeout; the
number of threads is bounded."""
from __future__ import annotations

import http.client
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from sitegen import serve as sv

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.setattr(sv.Handler, "timeout", 1.0)
    monkeypatch.setattr(sv, "MAX_THREADS", 4)
    content = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, content)
    preview = sv.Preview(content, content.parent / "output", echo=lambda *_: None)
    preview.build_once()
    srv = sv.make_server(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status


def test_over_long_urls(server, capfd):
    assert _get(server, "/index.html") == 200
    assert _get(server, "/" + "a" * 300 + ".html") == 404          # longer than NAME_MAX
    assert _get(server, "/homes/" + quote("字" * 100) + "/index.html") == 404   # 300 bytes
    assert _get(server, "/" + "a/" * 1500) == 414
    assert _get(server, "/" + "%61" * 400) == 404
    assert _get(server, "/index.html") == 200                      # still serving
    assert "Traceback" not in capfd.readouterr().err


def _idle(port: int, n: int) -> list[socket.socket]:
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        socks.append(s)
    return socks


def _closed_by_server(s: socket.socket) -> bytes | None:
    """What the server sent before closing (b"" or a 503), None if it is still open."""
    s.settimeout(4)
    try:
        data = s.recv(4096)
        while True:
            more = s.recv(4096)
            if not more:
                return data
            data += more
    except TimeoutError:
        return None


def test_idle_connections_are_closed_and_threads_bounded(server, capfd):
    before = threading.active_count()
    socks = _idle(server, 12)          # connect, send nothing (what 150 idle sockets did)
    time.sleep(0.3)
    assert threading.active_count() - before <= 4          # MAX_THREADS in this test
    started = time.perf_counter()
    answers = [_closed_by_server(s) for s in socks]
    assert all(a is not None for a in answers)                # none left open
    refused = [a for a in answers if a.startswith(b"HTTP/1.0 503")]
    assert refused                # over the bound: told 503 at once (the rest timed out)
    assert time.perf_counter() - started < 8
    for s in socks:
        s.close()
    deadline = time.time() + 5
    while threading.active_count() > before and time.time() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before
    assert _get(server, "/index.html") == 200               # and it serves again
    assert "Traceback" not in capfd.readouterr().err
