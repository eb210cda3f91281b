"""`sitegen check --home ID`: one township's problems and the county's errors only, a
count per home, the column on the dev server's error page, and a console that never
raises on a code page that cannot show a character."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from sitegen.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"


@pytest.fixture
def county(tmp_path) -> Path:
    """demo (one warning: team-b has no 2024 plan) and other (an error: unknown field)."""
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    Image.new("RGB", (800, 1000), "white").save(dst / "homes/demo/teams/team-a/photos/a.png")
    plan = dst / "homes/demo/teams/team-a/plans/2024.md"       # no actual_missing after 2024
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "    note: 下半年动工", "    actual: 3\n    note: 下半年动工"), encoding="utf-8")
    other = dst / "homes/other"
    (other / "teams/t1").mkdir(parents=True)
    (other / "home.yaml").write_text("name: 另一乡驻村工作队之家\ntownship: 另一乡\n", encoding="utf-8")
    (other / "teams/t1/team.yaml").write_text(
        "village: 石桥村\nunit: 县水利局\nsince: 2024-01\nmembers:\n  - name: 孙八\n    role: 队员\n"
        "    tagret: 1\n", encoding="utf-8")
    return dst


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_one_home_is_not_stopped_by_another(county):
    code, out = run("check", "-c", str(county))
    assert code == 1 and "homes/other/teams/t1/team.yaml:7" in out
    assert "plan_missing" not in out and "homes/demo" not in out   # demo never got linted
    code, out = run("check", "-c", str(county), "--home", "demo")
    assert code == 0, out
    assert "homes/other" not in out
    assert "homes/demo/teams/team-b/team.yaml:1:1: 警告" in out
    assert "按工作队之家：demo 0 个错误、1 个警告" in out
    assert "有 1 个警告" in out


def test_home_repeatable_and_counted(county):
    code, out = run("check", "-c", str(county), "--home", "demo", "--home", "other")
    assert code == 1
    assert "homes/other/teams/t1/team.yaml:7" in out and "homes/demo/teams/team-b/team.yaml" in out
    assert "按工作队之家：demo 0 个错误、1 个警告；other 1 个错误、0 个警告" in out
    code, out = run("check", "-c", str(county), "--home", "other", "--lang", "en")
    assert code == 1 and "By home: other: 1 error(s), 0 warning(s)" in out


def test_county_errors_kept_county_warnings_dropped(county):
    site = county / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "labels:\n  style_board: 风采栏\n", "labels:\n  style_bord: 风采栏\n"), encoding="utf-8")
    code, out = run("check", "-c", str(county))
    assert "site.yaml" in out and "style_bord" in out           # a warning, for everybody
    code, out = run("check", "-c", str(county), "--home", "demo")
    assert code == 0 and "style_bord" not in out
    site.write_text(site.read_text(encoding="utf-8").replace("year: 2024", "year: 二〇二四"),
                    encoding="utf-8")
    code, out = run("check", "-c", str(county), "--home", "demo")
    assert code == 1 and "site.yaml:4" in out                   # stops every build: shown
    assert "全县设置 1 个错误" in out


def test_unknown_home_names_the_known_ones(county):
    code, out = run("check", "-c", str(county), "--home", "demoo")
    assert code == 1 and "没有这个工作队之家：demoo" in out and "demo、other" in out


def test_error_page_shows_the_column(county):
    from sitegen.lint import lint
    from sitegen.serve import State, overlay_page
    state = State()
    state.problems = [p for p in lint(county) if p.severity == "error"]
    assert state.problems and state.problems[0].column == 5
    page = overlay_page(state, "zh", "/", county).decode("utf-8")
    assert "homes/other/teams/t1/team.yaml，第 7 行第 5 列" in page
    page = overlay_page(state, "en", "/", county).decode("utf-8")
    assert "team.yaml, line 7, column 5" in page


@pytest.mark.parametrize("encoding", ["ascii", "cp936"])
def test_console_never_raises_on_a_narrow_code_page(county, encoding):
    """A Windows console on code page 936 (GBK) cannot show 😀; ASCII shows no Chinese.
    Errors go to stderr, warnings and summaries to stdout: both must survive."""
    team = county / "homes/other/teams/t1/team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("tagret", "tagret😀"), encoding="utf-8")
    for rel in ("homes/demo/teams/team-a/team.yaml", "homes/demo/teams/team-b/team.yaml"):
        path = county / rel                                  # a member_twice warning (stdout)
        path.write_text(path.read_text(encoding="utf-8").replace(
            "  - name: ", "  - name: 王😀\n    role: 队员\n  - name: ", 1), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": f"{encoding}:strict", "NO_COLOR": "1"}
    for args, rc, where in ((["check", "-c", str(county)], 1, "homes/other/teams/t1/team.yaml:7"),
                            (["check", "-c", str(county), "--home", "demo"], 0, "王"),
                            (["--help"], 0, "check"), (["check", "--help"], 0, "--home"),
                            (["new", "team"], 2, "HOME_ID")):
        proc = subprocess.run([sys.executable, "-m", "sitegen", *args], capture_output=True, env=env)
        out = proc.stdout.decode(encoding, "replace") + proc.stderr.decode(encoding, "replace")
        assert "Traceback" not in out and "UnicodeEncodeError" not in out, (args, out)
        assert proc.returncode == rc, (args, out)
        if encoding != "ascii" or where.isascii():
            assert where in out, (args, out)
