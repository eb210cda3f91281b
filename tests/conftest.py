"""Shared fixtures: the sample county built once per test session."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
CASES = ROOT / "tests" / "cases"


def tree_hash(root: Path) -> dict[str, str]:
    """Every file under `root` by relative path → its sha256: compares whole outputs."""
    import hashlib
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def run_sitegen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real command line, as a user would."""
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


@pytest.fixture
def forking(monkeypatch):
    """The output's walks in a forked process, as from a one-thread command (the test
    runner may have threads of its own), however small the output (beside.py)."""
    from sitegen import beside
    monkeypatch.setattr(beside, "FORK", True)
    monkeypatch.setattr(beside.threading, "active_count", lambda: 1)
    monkeypatch.setattr(beside, "FROM_FILES", 1)


def fork_spy(monkeypatch) -> list:
    """The `fork` every `beside.Beside` is made with from now on (asked, not whether it
    could fork)."""
    from sitegen import beside
    forks = []
    real = beside.Beside

    class Spy(real):
        def __init__(self, fn, *args, fork=True):
            forks.append(fork)
            super().__init__(fn, *args, fork=fork)
    monkeypatch.setattr(beside, "Beside", Spy)
    return forks


def build_then_print(content: Path, out: Path, expression: str, cwd: Path) -> str:
    """`sitegen build` (pages only, one process) run in a fresh interpreter, then the
    value of `expression` printed there (`sys` imported): what a build loaded, as a user's
    command would."""
    import os
    code = (
        "import sys\n"
        "from sitegen.cli import main\n"
        "try:\n"
        f"    main(['build', '-c', {str(content)!r}, '-o', {str(out)!r}, '--no-posters', '-j', '1'])\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        f"print({expression})\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample county built once (pages, no posters) into a temporary folder."""
    from sitegen.build import build
    out = tmp_path_factory.mktemp("site") / "output"
    build(CONTENT, out, posters=False, cache=tmp_path_factory.mktemp("cache"))
    return out


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the sample county that a test may change."""
    dst = tmp_path / "content"
    shutil.copytree(CONTENT, dst)
    return dst


# ---------------------------------------------------------------- browser and server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
SUBPATH = "intranet/zhucun"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no downloaded browser builds)."""
    import playwright.sync_api as playwright   # a missing dependency fails, never skips
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs it (scripts/install-system-deps.sh)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site_server(sample_site, tmp_path_factory):
    """The sample site served over HTTP under a sub-path: http://127.0.0.1:PORT/intranet/zhucun/."""
    import functools
    import http.server
    import threading

    root = tmp_path_factory.mktemp("www")
    (root / SUBPATH).parent.mkdir(parents=True)
    (root / SUBPATH).symlink_to(sample_site, target_is_directory=True)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    server.shutdown()


def watch_page(page) -> dict:
    """Collect console errors and failed requests of a Playwright page."""
    seen = {"console": [], "failed": []}
    page.on("console", lambda m: m.type == "error" and seen["console"].append(m.text))
    page.on("pageerror", lambda e: seen["console"].append(str(e)))
    # a request the browser cut off because the test moved on to the next page
    # (net::ERR_ABORTED: a favicon or lazy photo still loading) is no broken link; a
    # missing file is a 404 response below, or ERR_FILE_NOT_FOUND from disk, and counts
    page.on("requestfailed", lambda r: r.failure == "net::ERR_ABORTED"
            or seen["failed"].append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and seen["failed"].append(f"{r.status} {r.url}"))
    return seen
