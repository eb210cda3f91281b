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


def run_sitegen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real command line, as a user would."""
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


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
