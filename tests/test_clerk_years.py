"""Every year's boards: results/<year>/ for every year that has a plan, a year switcher,
results/ stays the displayed year, and `check` says who changes the displayed year."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitegen.build import build
from sitegen.lint import lint

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
TEAM_A = "homes/demo/teams/team-a"
MID_2024 = dt.date(2024, 7, 1)


def _plan(year: int, target: str) -> str:
    return (f"---\nyear: {year}\ntargets:\n  - name: {target}\n    unit: 个\n"
            f"    target: 4\n    actual: 4\n---\n{year}年的规划正文。\n")


@pytest.fixture
def content(tmp_path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    Image.new("RGB", (800, 1000), "white").save(dst / TEAM_A / "photos/a.png")
    (dst / TEAM_A / "plans/2023.md").write_text(_plan(2023, "旧年目标甲"), encoding="utf-8")
    (dst / TEAM_A / "plans/2026.md").write_text(_plan(2026, "新年目标丙"), encoding="utf-8")
    (dst / "homes/demo/teams/team-b/plans").mkdir()
    (dst / "homes/demo/teams/team-b/plans/2024.md").write_text(_plan(2024, "图书角"),
                                                               encoding="utf-8")
    return dst


@pytest.fixture
def built(content, tmp_path) -> Path:
    out = tmp_path / "out"
    build(content, out, posters=False, jobs=1, cache=tmp_path / "cache")
    return out


def _read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def _links(html: str) -> list[str]:
    return re.findall(r'\bhref="([^"#]*)(?:#[^"]*)?"', html)


def test_a_board_for_every_year_with_a_plan(built):
    years = sorted(p.parent.name for p in (built / "homes/demo/results").glob("*/index.html"))
    assert years == ["2023", "2024", "2026"]
    assert "旧年目标甲" in _read(built, "homes/demo/results/2023/index.html")
    assert "新年目标丙" in _read(built, "homes/demo/results/2026/index.html")
    b2026 = _read(built, "homes/demo/results/2026/index.html")
    assert "2026年度" in b2026 and "村集体经济收入" not in b2026      # 2024's target
    # results/ is the county's displayed year (2024), not the newest plan
    shown = _read(built, "homes/demo/results/index.html")
    assert "村集体经济收入" in shown and "新年目标丙" not in shown and "旧年目标甲" not in shown
    assert "2024年度" in shown


def test_year_switcher_on_results_board_and_team_page(built):
    for rel, current in [("homes/demo/results/index.html", "2024"),
                         ("homes/demo/results/2023/index.html", "2023"),
                         ("homes/demo/results/2026/index.html", "2026")]:
        html = _read(built, rel)
        nav = re.search(r'<nav class="toc year-switch".*?</nav>', html, re.S).group(0)
        targets = [(built / rel).parent.joinpath(t).resolve().relative_to(built).as_posix()
                   for t in re.findall(r'href="([^"]+)"', nav)]
        assert targets == [f"homes/demo/results/{y}/index.html" for y in (2026, 2024, 2023)], rel
        assert re.search(rf'aria-current="page"><strong>{current}年', nav), rel
        assert nav.count('aria-current') == 1
        assert "（全县展示）" in nav.split("2024年")[1].split("</a>")[0]   # the displayed year
    team = _read(built, f"{TEAM_A}/index.html")
    nav = re.search(r'<nav class="toc year-switch".*?</nav>', team, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', nav) == [
        f"../../results/{y}/index.html#res-team-a" for y in (2026, 2024, 2023)]
    assert "aria-current" not in nav
    # each plan section on the team page links to its year's board
    for y in (2023, 2024, 2026):
        assert f'href="../../results/{y}/index.html#res-team-a"' in team.split(f'id="plan-{y}"')[1]


def test_every_link_resolves(built):
    pages = [p for p in built.rglob("index.html") if "screen" not in p.relative_to(built).parts]
    assert len(pages) == 11              # county, bulletin, 4 home pages, 3 years, 2 teams
    checked = 0
    for path in pages:
        for u in _links(path.read_text(encoding="utf-8")):
            if not u or u.startswith(("tel:", "mailto:", "http")) or "posters/" in u:
                continue
            assert (path.parent / u).resolve().is_file(), (path, u)
            checked += 1
    assert checked > 120
    # every anchor that a switcher names exists on its target page
    for y in (2023, 2024, 2026):
        assert 'id="res-team-a"' in _read(built, f"homes/demo/results/{y}/index.html")


def test_one_year_only_has_no_switcher(tmp_path):
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    build(dst, tmp_path / "out", posters=False, jobs=1, cache=tmp_path / "cache")
    html = _read(tmp_path / "out", "homes/demo/results/index.html")
    assert "year-switch" not in html
    assert (tmp_path / "out/homes/demo/results/2024/index.html").is_file()


def test_check_says_the_county_shows_another_year(content):
    found = [p for p in lint(content, today=MID_2024) if p.code == "year_not_shown"]
    assert [(p.file, p.line, p.field) for p in found] == [(f"{TEAM_A}/plans/2026.md", 2, "year")]
    msg, fix = found[0].text("zh")
    assert "2024" in msg and "2026" in msg
    assert "site.yaml" in fix and "县驻村办" in fix and "year: 2026" in fix
    assert "homes/demo/results/2026/" in fix
    msg, fix = found[0].text("en")
    assert "county office" in fix and "site.yaml" in fix
    # not when the newest plan is the displayed year
    (content / TEAM_A / "plans/2026.md").unlink()
    assert not [p for p in lint(content, today=MID_2024) if p.code == "year_not_shown"]


def test_plan_missing_names_site_yaml_when_other_years_exist(content):
    # the clerk's trap: team-b wrote plans/2026.md instead of the displayed 2024
    (content / "homes/demo/teams/team-b/plans/2024.md").rename(
        content / "homes/demo/teams/team-b/plans/2026.md")
    edit = content / "homes/demo/teams/team-b/plans/2026.md"
    edit.write_text(edit.read_text(encoding="utf-8").replace("year: 2024", "year: 2026"),
                    encoding="utf-8")
    found = [p for p in lint(content, today=MID_2024) if p.code == "plan_missing"]
    assert len(found) == 1
    _msg, fix = found[0].text("zh")
    assert "sitegen new plan demo team-b 2024" in fix
    assert "site.yaml" in fix and "2026" in fix
    assert "site.yaml" in found[0].text("en")[1]
    # no other year: the fix stays the plain one
    edit.unlink()
    (content / "homes/demo/teams/team-b/plans").rmdir()
    found = [p for p in lint(content, today=MID_2024) if p.code == "plan_missing"]
    assert "site.yaml" not in found[0].text("zh")[1]


def test_new_plan_for_another_year_says_who_changes_the_shown_year(tmp_path):
    from click.testing import CliRunner
    from sitegen.cli import main
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    result = CliRunner().invoke(main, ["new", "-c", str(dst), "plan", "demo", "team-b", "2026"])
    assert result.exit_code == 0, result.output
    assert "全县展板现在显示 2024 年" in result.output and "site.yaml" in result.output
    assert "homes/demo/results/2026/" in result.output
    result = CliRunner().invoke(main, ["new", "-c", str(dst), "plan", "demo", "team-b", "2024"])
    assert result.exit_code == 0 and "全县展板" not in result.output
