"""`sitegen serve` (issue 15, save → reloaded page ≤ 250 ms): the first build starts on the
first change notification, with no settle before it, and a save that lands while a build
runs is built again before the tab is told, so the tab never shows the page in between
nor an error of a half-done save."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from sitegen import serve as sv

from serving import TEAM_PAGE, TEAM_YAML
from serving import minimal_copy as copy_minimal

MOTTO = "扎根青山，服务群众"


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv(sv.WATCH_ENV, raising=False)
    return copy_minimal(tmp_path)


def _watching(content: Path):
    preview = sv.Preview(content, content.parent / "output", echo=lambda *_: None)
    preview.build_once()
    told = []
    publish = preview.state.publish

    def recording(problems, failure, *args, **kwargs):
        told.append((bool(failure) or any(p.severity == "error" for p in problems)))
        publish(problems, failure, *args, **kwargs)
    preview.state.publish = recording
    thread = threading.Thread(target=preview.watch_forever, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not preview.watch_mode and time.monotonic() < deadline:
        time.sleep(0.01)
    assert preview.watch_mode == "notify"
    return preview, thread, told


def _wait(test, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_the_first_build_does_not_wait_for_the_burst_to_settle(content, monkeypatch):
    """The settle step only follows a build that saw more news: a lone save is built at
    once. (With the settle in front of every build, a 2 s step would hold this one 2 s.)"""
    monkeypatch.setattr(sv, "STEP_MS", 2000)
    preview, thread, told = _watching(content)
    try:
        gen = preview.state.generation
        team = content / TEAM_YAML
        saved = time.time()
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "马上就建"), encoding="utf-8")
        assert _wait(lambda: preview.state.generation > gen, timeout=1.5)
        assert "马上就建".encode() in (preview.output / TEAM_PAGE).read_bytes()
        assert preview.state.started_at - saved < 0.5
        assert told == [False]
    finally:
        preview.stop()
        thread.join(5)
    assert not thread.is_alive()


def test_an_error_of_a_save_still_being_written_is_never_shown(content, monkeypatch):
    """An editor's save caught half-way (here: a mistake, put right while the build of it
    runs) builds with errors, but the tab is told only of the build after it."""
    from sitegen import build as build_mod
    real = build_mod.build
    building = threading.Event()
    builds = []

    def slow_build(*args, **kwargs):
        builds.append(1)
        try:
            return real(*args, **kwargs)
        finally:                # it has read the files: the rest is written meanwhile
            building.set()
            time.sleep(0.4)
    preview, thread, told = _watching(content)
    monkeypatch.setattr(build_mod, "build", slow_build)
    try:
        team = content / TEAM_YAML
        good = team.read_text(encoding="utf-8")
        gen = preview.state.generation
        team.write_text(good.replace("village: 青山村", "village：青山村"), encoding="utf-8")
        assert building.wait(10)   # that build has read the mistake: it fails
        team.write_text(good.replace(MOTTO, "写完了"), encoding="utf-8")
        assert _wait(lambda: preview.state.generation > gen)
        assert not preview.state.broken
        assert "写完了".encode() in (preview.output / TEAM_PAGE).read_bytes()
        time.sleep(0.3)
        assert len(builds) == 2 and preview.state.generation == gen + 1
        assert told == [False]          # the first build's errors were never told
    finally:
        preview.stop()
        thread.join(5)


def test_a_save_that_changes_nothing_after_one_that_did_still_reloads(content, monkeypatch):
    """The build that is told found nothing to do (the build before it, never told, had
    already written the page), yet the tab must reload: what it shows is older."""
    from sitegen import build as build_mod
    real = build_mod.build
    builds = []

    def slow_build(*args, **kwargs):
        report = real(*args, **kwargs)
        builds.append(report.noop)
        if len(builds) == 1:                  # a save arrives just as it finishes
            team.write_text(team.read_text(encoding="utf-8"), encoding="utf-8")
        return report
    preview, thread, _told = _watching(content)
    team = content / TEAM_YAML
    monkeypatch.setattr(build_mod, "build", slow_build)
    try:
        shown = preview.state.shown
        team.write_text(team.read_text(encoding="utf-8").replace(MOTTO, "新的一句"), encoding="utf-8")
        assert _wait(lambda: preview.state.shown > shown)
        time.sleep(0.3)
        assert builds == [False, True] and preview.state.shown == shown + 1
    finally:
        preview.stop()
        thread.join(5)
