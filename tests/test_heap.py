"""A command run from the console leaves its heap to the operating system (sitegen/heap.py):
it must still print everything, exit with the right code, and publish a whole build; a
build called from Python (the dev server, the tests) frees its memory as usual."""
from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys

import pytest

from sitegen import heap
from sitegen.build import build

from conftest import CASES, run_sitegen, tree_hash

MINIMAL = CASES / "good" / "minimal" / "content"


@pytest.fixture
def minimal(tmp_path):
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    return dst


@pytest.fixture
def exits(monkeypatch):
    """`cli.main` run as the console runs it, with the process's end recorded instead."""
    codes = []
    monkeypatch.setattr(heap, "ONE_SHOT", False)
    monkeypatch.setattr(heap, "_LEFT", [])

    def exit_now(code):
        codes.append(code)
    monkeypatch.setattr(heap, "exit_now", exit_now)

    def run(*argv):
        from sitegen.cli import main
        monkeypatch.setattr(sys, "argv", ["sitegen", *argv])
        main.main()
        return codes[-1]
    was = gc.isenabled()
    yield run
    if was:                 # a one-shot build leaves the collector off: the process would end
        gc.enable()


def test_a_console_build_prints_its_report_and_publishes_the_same_files(minimal, tmp_path):
    """The real command line: the last line is printed (flushed before the process ends),
    and the output is the one a build called from Python makes."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}   # a pipe: buffered
    done = subprocess.run([sys.executable, "-m", "sitegen", "build", "--no-posters", "-c", str(minimal),
                           "-o", str(tmp_path / "cli")], capture_output=True, text=True,
                          encoding="utf-8", timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().splitlines()[-1].startswith("打开：file://"), done.stdout
    build(minimal, tmp_path / "py", posters=False, cache=tmp_path / "cache")
    assert tree_hash(tmp_path / "cli") == tree_hash(tmp_path / "py")


def test_a_profiled_console_run_still_writes_its_profile(minimal, tmp_path):
    """`python -m cProfile -m sitegen` (bench/compare_hugo.py --profile-only) writes the
    profile at the interpreter's exit, which `os._exit` would skip."""
    prof = tmp_path / "build.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "sitegen", "build",
                           "--no-posters", "-c", str(minimal), "-o", str(tmp_path / "o")],
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr
    import pstats
    assert any(name == "_build" for _f, _l, name in pstats.Stats(str(prof)).stats)


def test_a_failed_console_build_exits_1_with_every_problem_told(minimal, tmp_path):
    (minimal / "site.yaml").write_text("title: [\n", encoding="utf-8")
    done = run_sitegen("build", "--no-posters", "-c", str(minimal), "-o", str(tmp_path / "o"))
    assert done.returncode == 1
    assert "site.yaml" in done.stderr and "原来的输出没有改动" in done.stderr, done.stderr
    assert not (tmp_path / "o").exists()


def test_the_exit_code_is_the_commands(exits, minimal, tmp_path):
    assert exits("--version") == 0
    assert exits("no-such-command") == 2                 # click's usage error
    assert exits("build", "--no-posters", "-c", str(minimal), "-o", str(tmp_path / "o")) == 0
    (minimal / "site.yaml").write_text("title: [\n", encoding="utf-8")
    assert exits("build", "--no-posters", "-c", str(minimal), "-o", str(tmp_path / "o")) == 1


def test_a_text_exit_is_printed_and_ends_in_1(exits, monkeypatch, capsys):
    from sitegen import cli

    def check(**_kw):
        sys.exit("磁盘已满")
    monkeypatch.setattr(cli.main.commands["check"], "callback", check)
    assert exits("check") == 1
    assert "磁盘已满" in capsys.readouterr().err


def test_only_a_one_shot_process_keeps_the_builds_objects(exits, minimal, tmp_path):
    build(minimal, tmp_path / "a", posters=False, cache=tmp_path / "cache")
    assert heap._LEFT == []                          # called from Python: freed as usual
    exits("build", "--no-posters", "-c", str(minimal), "-o", str(tmp_path / "b"))
    assert heap.ONE_SHOT is True and len(heap._LEFT) == 1
    assert not gc.isenabled()     # its first collection would walk every object the build made
    from sitegen.model import County
    county = heap._LEFT[0][0]
    assert isinstance(county, County) and county.homes   # the model, kept for the exit


def test_the_dev_server_is_not_a_one_shot_process(exits, monkeypatch, minimal, tmp_path):
    import sitegen.serve
    seen = []
    monkeypatch.setattr(sitegen.serve, "serve", lambda *a, **kw: seen.append(heap.ONE_SHOT))
    assert exits("serve", "-c", str(minimal), "-o", str(tmp_path / "o")) == 0
    assert seen == [False]
