"""`sitegen new …`: skeletons land in the right place, pass `sitegen check`, never overwrite."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import scaffold
from sitegen.lint import lint
from sitegen.problems import errors

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
DAY = dt.date(2025, 3, 9)


def sitegen(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sitegen", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=120)


def test_every_skeleton_from_scratch_passes_check(tmp_path):
    content = tmp_path / "content"
    written = []
    written += scaffold.new_home(content, "hsp", today=DAY)
    written += scaffold.new_team(content, "hsp", "team-a", today=DAY)
    written += scaffold.new_plan(content, "hsp", "team-a", 2025, today=DAY)
    written += scaffold.new_result(content, "hsp", "team-a", "harvest", today=DAY)
    written += scaffold.new_honor(content, "hsp", today=DAY)
    written += scaffold.new_honor(content, "hsp", "team-a", today=DAY)
    rels = sorted(p.relative_to(content).as_posix() for p in written)
    assert rels == sorted([
        "site.yaml", "homes/hsp/home.yaml", "homes/hsp/teams/team-a/team.yaml",
        "homes/hsp/teams/team-a/plans/2025.md", "homes/hsp/teams/team-a/results/2025-03-harvest.md",
        "homes/hsp/honors.yaml", "homes/hsp/teams/team-a/honors.yaml"])
    problems = lint(content, today=DAY)
    assert problems == [], [p.text("zh") for p in problems]
    # today's date is written where a date belongs, and the skeletons are commented in Chinese
    assert "opened: 2025-03-09" in (content / "homes/hsp/home.yaml").read_text(encoding="utf-8")
    team = (content / "homes/hsp/teams/team-a/team.yaml").read_text(encoding="utf-8")
    assert "since: 2025-03" in team and "# 派驻单位" in team
    story = (content / "homes/hsp/teams/team-a/results/2025-03-harvest.md").read_text(encoding="utf-8")
    assert "date: 2025-03-09" in story


def test_cli_new_in_existing_county_passes_check(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    for args in (["home", "new-home"], ["team", "demo", "team-c"], ["plan", "demo", "team-b", "2024"],
                 ["result", "demo", "team-b", "school"], ["honor", "demo", "team-b"],
                 ["honor", "demo"]):
        r = sitegen("new", "-c", str(content), *args)
        assert r.returncode == 0, r.stderr
        assert "已新建" in r.stdout
    r = sitegen("check", "-c", str(content))
    assert r.returncode == 0, r.stdout + r.stderr
    honors = (content / "homes/demo/honors.yaml").read_text(encoding="utf-8")
    assert honors.startswith("- title: 2023年度全县优秀驻村工作队之家")     # old entry kept …
    assert honors.count("- title:") == 2                                  # … new one added


def test_refuses_to_overwrite(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    team = content / "homes/demo/teams/team-a/team.yaml"
    before = team.read_bytes()
    r = sitegen("new", "team", "-c", str(content), "demo", "team-a")
    assert r.returncode == 1 and "已存在" in r.stderr and "没有覆盖" in r.stderr
    assert team.read_bytes() == before
    with pytest.raises(scaffold.ScaffoldError):
        scaffold.new_plan(content, "demo", "team-a", 2024)
    with pytest.raises(scaffold.ScaffoldError):
        scaffold.new_home(content, "demo")


@pytest.mark.parametrize("args, words", [
    (["team", "nohome", "team-x"], "sitegen new home nohome"),
    (["plan", "demo", "team-x", "2024"], "sitegen new team demo team-x"),
    (["team", "demo", "Team_X"], "team-x"),
    (["result", "demo", "team-a", "油茶"], "只能用小写英文字母"),
])
def test_clear_refusals(tmp_path, args, words):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    r = sitegen("new", "-c", str(content), *args)
    assert r.returncode == 1 and words in r.stderr


def test_honor_appends_in_the_files_encoding(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    honors = content / "homes/demo/honors.yaml"
    gbk = honors.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gbk")
    honors.write_bytes(gbk)
    scaffold.new_honor(content, "demo", today=DAY)
    data = honors.read_bytes()
    assert data.startswith(gbk)                       # untouched before the new entry
    assert "县级".encode("gbk") in data[len(gbk):] and b"\r\n" in data[len(gbk):]
    assert errors(lint(content, today=DAY)) == []
