"""`sitegen check` beyond the contract: each check fires on its slip, with file and line."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from sitegen.lint import lint
from sitegen.problems import ERROR, WARNING

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
TEAM_A = "homes/demo/teams/team-a"
MID_2024 = dt.date(2024, 7, 1)


@pytest.fixture
def content(tmp_path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    # A large enough photo, so the sample itself is clean in mid-2024 (team-b has no plan).
    Image.new("RGB", (800, 1000), "white").save(dst / TEAM_A / "photos/a.png")
    (dst / "homes/demo/teams/team-b/plans").mkdir()
    (dst / "homes/demo/teams/team-b/plans/2024.md").write_text(
        "---\nyear: 2024\ntargets:\n  - name: 图书角\n    target: 1\n---\n", encoding="utf-8")
    return dst


def codes(problems) -> list[tuple]:
    return sorted((p.code, p.file, p.line, p.severity) for p in problems)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_clean_county_has_no_findings(content):
    assert lint(content, today=MID_2024) == []


def test_broken_links_in_markdown(content):
    story = content / TEAM_A / "results/2024-05-story.md"
    story.write_text(story.read_text(encoding="utf-8") +
                     "\n详见[规划](../plans/2024.md)、[绿水村](../../team-b/team.yaml)、"
                     "[首页](homes/demo/)和[官网](http://example.org)。\n"
                     "另见[旧稿](../plans/2023.md)，以及[没有的乡](homes/nowhere/)。\n",
                     encoding="utf-8")
    found = [p for p in lint(content, today=MID_2024) if p.code == "link_broken"]
    assert [(p.file, p.line, p.severity) for p in found] == \
        [(f"{TEAM_A}/results/2024-05-story.md", 18, WARNING)] * 2
    assert {dict(p.params)["target"] for p in found} == {"../plans/2023.md", "homes/nowhere/"}


def test_truncated_image_is_an_error(content, monkeypatch):
    # As after `import weasyprint` in the same process (posters), which sets it globally.
    from PIL import ImageFile
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    photo = content / TEAM_A / "photos/b.jpg"
    Image.new("RGB", (900, 900), "red").save(photo, quality=95)
    data = photo.read_bytes()
    photo.write_bytes(data[: len(data) // 2])           # verify() passes, decoding does not
    edit(content / TEAM_A / "team.yaml", "  - name: 李四\n", "  - name: 李四\n    photo: photos/b.jpg\n")
    found = [p for p in lint(content, today=MID_2024) if p.code == "image_undecodable"]
    assert [(p.file, p.line, p.field, p.severity) for p in found] == \
        [(f"{TEAM_A}/team.yaml", 13, "members[1].photo", ERROR)]


def test_small_photos_warned_for_their_use(content):
    Image.new("RGB", (200, 260), "white").save(content / TEAM_A / "photos/a.png")
    found = sorted((p.file, p.field) for p in lint(content, today=MID_2024) if p.code == "photo_small")
    assert found == [(f"{TEAM_A}/results/2024-05-story.md", "photos[0].src"),
                     (f"{TEAM_A}/team.yaml", "members[0].photo")]
    Image.new("RGB", (400, 500), "white").save(content / TEAM_A / "photos/a.png")
    found = [p.field for p in lint(content, today=MID_2024) if p.code == "photo_small"]
    assert found == ["photos[0].src"]          # fine for a portrait, too small for a story


def test_member_in_two_teams(content):
    edit(content / "homes/demo/teams/team-b/team.yaml", "  - name: 钱七", "  - name: 李四")
    found = [p for p in lint(content, today=MID_2024) if p.code == "member_twice"]
    assert [(p.file, p.line, p.severity) for p in found] == \
        [("homes/demo/teams/team-b/team.yaml", 7, WARNING)]
    assert dict(found[0].params)["other"] == f"{TEAM_A}/team.yaml"


def test_team_without_plan_for_the_year(content):
    (content / "homes/demo/teams/team-b/plans/2024.md").unlink()
    found = [p for p in lint(content, today=MID_2024) if p.code == "plan_missing"]
    assert [(p.file, p.line) for p in found] == [("homes/demo/teams/team-b/team.yaml", 1)]
    assert "sitegen new plan demo team-b 2024" in found[0].text("zh")[1]


def test_missing_actual_only_after_the_year_ended(content):
    assert not [p for p in lint(content, today=dt.date(2024, 12, 31)) if p.code == "actual_missing"]
    found = [p for p in lint(content, today=dt.date(2025, 1, 1)) if p.code == "actual_missing"]
    assert [(p.file, p.line, p.field) for p in found] == [
        (f"{TEAM_A}/plans/2024.md", 16, "targets[2]"),
        ("homes/demo/teams/team-b/plans/2024.md", 4, "targets[0]")]


def test_build_output_does_not_depend_on_lint_or_today(content, tmp_path):
    """The date-dependent checks live only in `check`: a build never calls them."""
    from sitegen.build import build
    import sitegen.lint as lint_module
    called = []
    original = lint_module.lint_county
    lint_module.lint_county = lambda *a, **k: called.append(1) or original(*a, **k)
    try:
        build(content, tmp_path / "out", posters=False, cache=tmp_path / "cache")
    finally:
        lint_module.lint_county = original
    assert called == []


def sitegen(*args):
    return subprocess.run([sys.executable, "-m", "sitegen", *args], capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_cli_strict_json_and_plain_text(content):
    edit(content / "homes/demo/teams/team-b/team.yaml", "  - name: 钱七", "  - name: 李四")
    r = sitegen("check", "-c", str(content))
    assert r.returncode == 0
    assert "警告" in r.stdout and "李四" in r.stdout and "\x1b[" not in r.stdout   # no colour in a pipe
    r = sitegen("check", "-c", str(content), "--strict")
    assert r.returncode == 1 and "错误" in r.stderr
    r = sitegen("check", "-c", str(content), "--format", "json")
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    twice = [row for row in rows if row["code"] == "member_twice"]
    assert twice and twice[0]["severity"] == "warning" and twice[0]["line"] == 7
    assert twice[0]["message"] and twice[0]["fix"]
