"""`sitegen serve` started as a clerk starts it, for the tests that talk to it over HTTP."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest


MINIMAL = Path(__file__).resolve().parent / "cases" / "good" / "minimal" / "content"
TEAM_PAGE = "homes/demo/teams/team-a/index.html"      # a page of the minimal county ...
TEAM_YAML = "homes/demo/teams/team-a/team.yaml"       # ... and the record it shows


def minimal_copy(tmp_path: Path) -> Path:
    """The minimal county copied to `<tmp_path>/site/content` (the output goes beside it)."""
    dst = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, dst)
    return dst


def start_serve(content: Path, **env) -> tuple[subprocess.Popen, str, list[str]]:
    """`sitegen serve` as a clerk starts it, on a free port; its console lines are kept."""
    proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "-c", str(content),
                             "-o", str(content.parent / "output"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8", env={**os.environ, "PYTHONUNBUFFERED": "1", **env})
    lines: list[str] = []
    url = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if found:
            url = found.group(1)
            break
    if url is None:
        proc.kill()
        pytest.fail("sitegen serve did not start:\n" + "".join(lines))

    def drain():
        for line in proc.stdout:
            lines.append(line)
    threading.Thread(target=drain, daemon=True).start()
    return proc, url, lines
