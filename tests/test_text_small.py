"""Small points of issue 13 (part 6) and the photo paths of issue 14 that must build.

- a target of `1e-300` divides into infinity: the board showed "inf%";
- `bleed_mm: .nan` named the range -1e15–1e15 instead of 0–10;
- `--lang en` kept the Chinese reason for an impossible date;
- `photos\\a.png` (Windows separator) and `photos/A.PNG` (case differs from the file)
  must publish the photo, the second with a warning from `sitegen check`.
"""
from __future__ import annotations

import shutil

from sitegen import facts
from sitegen import model as m
from sitegen.build import build
from sitegen.lint import lint
from sitegen.problems import WARNING, errors, format_text
from sitegen.validate import load_county

from conftest import CASES, run_sitegen

MINIMAL = CASES / "good" / "minimal" / "content"


def test_tiny_target_has_no_infinite_share():
    t = m.Target(name="x", target=1e-300, actual=12)
    p = facts.progress(t)
    assert p.status == "met"
    assert p.percent is None           # shown as "—", never "inf%"
    assert p.bar == 100.0
    with_base = facts.progress(m.Target(name="x", target=1e-300, baseline=0, actual=5))
    assert with_base.percent is None and with_base.status == "met"
    not_met = facts.progress(m.Target(name="x", target=1e-300, actual=-1))
    assert not_met.percent is None and not_met.bar == 0.0
    # ordinary shares are untouched
    assert facts.progress(m.Target(name="x", target=15, actual=12.5, baseline=8)).percent == 64.3


def test_tiny_target_page_shows_no_inf(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    plan = content / "homes/demo/teams/team-a/plans/2024.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("    target: 15\n", "    target: 1e-300\n")
                    .replace("    baseline: 8\n", ""),
                    encoding="utf-8")
    out = tmp_path / "out"
    build(content, out, posters=False, cache=tmp_path / "cache")
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    assert pages and not any("inf%" in page or "nan%" in page for page in pages)
    board = (out / "homes/demo/results/index.html").read_text(encoding="utf-8")
    import re
    cells = re.findall(r'<td class="pct" data-label="完成度">([^<]*)</td>', board)
    assert cells[0] == "—" and len(cells) == 3, cells     # the 1e-300 target: no share
    assert all(len(c) <= 8 for c in cells), cells


def test_bleed_nan_names_its_own_range():
    content_site = (MINIMAL / "site.yaml").read_text(encoding="utf-8")
    assert "bleed_mm: 3" in content_site
    case = CASES / "bad" / "out-of-range-bleed-nan" / "content"
    _county, problems = load_county(case)
    (p,) = errors(problems)
    assert p.code == "out_of_range"
    msg, fix = p.text("en")
    assert "0–10" in msg and "1e15" not in msg + fix and ".nan" in msg


def test_impossible_date_reason_in_english():
    case = CASES / "bad" / "bad-date-impossible-en" / "content"
    result = run_sitegen("check", "--lang", "en", "-c", str(case))
    assert result.returncode == 1
    assert "there is no such day" in result.stderr
    assert "没有这一天" not in result.stderr and "年-月-日" not in result.stderr
    zh = run_sitegen("check", "-c", str(case))
    assert "没有这一天" in zh.stderr


def _member_photo(tmp_path, written: str):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    team = content / "homes/demo/teams/team-a/team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("photo: photos/a.png", f"photo: {written}"),
                    encoding="utf-8")
    return content


def _built_photo(tmp_path, content):
    out = tmp_path / "out"
    build(content, out, posters=False, cache=tmp_path / "cache")
    page = (out / "homes/demo/teams/team-a/index.html").read_text(encoding="utf-8")
    return page, sorted(p.name for p in (out / "media").rglob("*") if p.is_file())


def test_backslash_is_a_path_separator(tmp_path):
    plain = _member_photo(tmp_path / "a", "photos/a.png")
    slash_page, slash_media = _built_photo(tmp_path / "a", plain)
    back = _member_photo(tmp_path / "b", "photos\\a.png")
    assert not errors(lint(back))
    back_page, back_media = _built_photo(tmp_path / "b", back)
    assert back_media == slash_media and slash_media
    assert back_page == slash_page


def test_photo_name_in_another_case_builds_and_warns(tmp_path):
    content = _member_photo(tmp_path, "photos/A.PNG")
    problems = lint(content)
    assert not errors(problems), format_text(problems, "en")
    (warned,) = [p for p in problems if p.code == "image_case"]
    assert warned.severity == WARNING and warned.field == "members[0].photo" and warned.line == 9
    assert "photos/a.png" in warned.text("zh")[1] and "photos/a.png" in warned.text("en")[1]
    page, media = _built_photo(tmp_path, content)
    assert media and "photo" in page
    exact = _member_photo(tmp_path / "exact", "photos/a.png")
    assert not [p for p in lint(exact) if p.code == "image_case"]


def test_body_photo_in_another_case_warns_not_broken_link(tmp_path):
    """A photo in a story's Markdown body named `../photos/A.png`: built, and `check`
    says it is the case (not that the link leads nowhere)."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    story = content / "homes/demo/teams/team-a/results/2024-05-story.md"
    story.write_text(story.read_text(encoding="utf-8") + "\n![油茶](../photos/A.png)\n", encoding="utf-8")
    problems = lint(content)
    assert not errors(problems), format_text(problems, "en")
    codes = {p.code for p in problems if p.file.endswith("2024-05-story.md") and p.line == 17}
    assert codes == {"image_case"}, format_text(problems, "en")
    out = tmp_path / "out"
    build(content, out, posters=False, cache=tmp_path / "cache")
    page = next(p for p in (out / "homes/demo/teams/team-a").rglob("*.html") if "油茶" in p.read_text(encoding="utf-8")
                and 'alt="油茶"' in p.read_text(encoding="utf-8"))
    assert "media/" in page.read_text(encoding="utf-8")
