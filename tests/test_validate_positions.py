"""Positions kept in the model: `sitegen check` places its findings from what validate
kept, and reads no record file a second time.

The golden list (tests/cases/lint_positions.json) was recorded with the lint that still
re-read every file; each finding must keep its file, line, column and field. (Since then
only `use_en` joined photo_small's params, so that English readers get English words.)
"""
from __future__ import annotations

import builtins
import datetime as dt
import io
import json
import pickle
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitegen import lint as L
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
GOLDEN = ROOT / "tests" / "cases" / "lint_positions.json"
TEAM_A = "homes/demo/teams/team-a"
TEAM_B = "homes/demo/teams/team-b"
TODAY = dt.date(2025, 7, 1)      # 2024 is over: targets without `actual` are findings


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_sloppy_county(dst: Path) -> Path:
    """A valid county with every kind of finding that `check` places by a field: links in
    rules, plans, stories and bulletins; small, damaged and mis-cased photos of members,
    stories and honors (home and team); a person in two teams; missing actuals; a later
    plan year; a team without a plan."""
    shutil.copytree(MINIMAL, dst)
    a, b = dst / TEAM_A, dst / TEAM_B
    Image.new("RGB", (200, 260), "white").save(a / "photos/a.png")          # too small
    Image.new("RGB", (300, 300), "white").save(a / "photos/b.png")
    Image.new("RGB", (900, 900), "red").save(a / "photos/c.jpg", quality=95)
    data = (a / "photos/c.jpg").read_bytes()
    (a / "photos/c.jpg").write_bytes(data[: len(data) // 2])                # damaged
    (dst / "homes/demo/photos").mkdir()
    Image.new("RGB", (100, 80), "white").save(dst / "homes/demo/photos/award.png")
    _replace(a / "team.yaml", "  - name: 李四\n", "  - name: 李四\n    photo: photos/B.PNG\n")
    _replace(a / "team.yaml", "  - name: 王红\n", "  - name: 王红\n    photo: photos/c.jpg\n")
    _replace(b / "team.yaml", "  - name: 钱七\n", "  - name: 张三\n    role: 队员\n  - name: 钱七\n")
    _replace(dst / "homes/demo/home.yaml", "      返岗后及时销假。\n",
             "      返岗后及时销假，\n      详见[请假单](forms/leave.md)。\n")
    _replace(dst / "homes/demo/honors.yaml", "  issuer: 示范县驻村办\n",
             "  issuer: 示范县驻村办\n  image: photos/award.png\n")
    _replace(a / "honors.yaml", "  recipient: 张三\n", "  recipient: 张三\n  image: photos/b.png\n")
    _replace(a / "plans/2024.md", "    note: 下半年动工\n",
             "    note: 下半年动工\n  - name: 培训\n    unit: 次\n    target: 4\n")
    _append(a / "plans/2024.md", "\n另见[去年规划](2023.md)。\n")
    (a / "plans/2026.md").write_text(
        "---\n# 提前写好的规划\nyear: 2026\ntargets:\n  - name: 图书角\n    target: 1\n---\n",
        encoding="utf-8")
    _append(a / "results/2024-05-story.md", "\n![](../photos/B.PNG)\n详见[旧稿](old.md)。\n")
    _replace(dst / "supervision.yaml", "    body: 各乡镇工作队之家运行良好，**示范乡**做法值得推广。\n",
             "    body: |\n      各乡镇工作队之家运行良好。\n      详见[附件](annex/2024q2.md)。\n")
    return dst


def found(problems) -> list[list]:
    return sorted([p.code, p.file, p.line, p.column, p.field, p.severity,
                   [list(kv) for kv in p.params]] for p in problems)


@pytest.fixture
def sloppy(tmp_path) -> Path:
    return make_sloppy_county(tmp_path / "content")


def test_findings_keep_file_line_column_field(sloppy):
    got = found(L.lint(sloppy, today=TODAY))
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


if __name__ == "__main__":       # records the golden list (run once, from the old lint)
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        result = found(L.lint(make_sloppy_county(Path(tmp) / "content"), today=TODAY))
    GOLDEN.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(len(result), "findings")


class _Opens:
    """Every record file (.yaml, .md) opened for reading, however it is opened."""

    def __init__(self, monkeypatch):
        self.paths: list[str] = []
        real_open = io.open       # Path.open, read_bytes and read_text go through io.open

        def opener(file, *args, **kwargs):
            if isinstance(file, (str, Path)) and str(file).endswith((".yaml", ".yml", ".md")):
                self.paths.append(Path(file).as_posix())
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", opener)
        monkeypatch.setattr(io, "open", opener)


def _record_files(content: Path) -> list[str]:
    return sorted(p.as_posix() for p in content.rglob("*") if p.suffix in (".yaml", ".md"))


def test_check_reads_each_record_file_once(sloppy, monkeypatch):
    opens = _Opens(monkeypatch)
    problems = L.lint(sloppy, today=TODAY)
    assert len(problems) == 17                     # the checks did run
    assert sorted(opens.paths) == _record_files(sloppy.resolve())


def test_checks_open_no_record_file(sloppy, monkeypatch):
    county, problems = load_county(sloppy)
    assert county is not None and problems == []
    opens = _Opens(monkeypatch)
    assert len(L.lint_county(county, TODAY)) == 17
    assert opens.paths == []


def test_check_home_reads_only_that_home_once(sloppy, monkeypatch):
    other = sloppy / "homes/other"
    shutil.copytree(sloppy / "homes/demo", other)
    opens = _Opens(monkeypatch)
    problems = L.lint(sloppy, today=TODAY, homes=["demo"])
    assert {p.file.split("/")[1] for p in problems if p.file.startswith("homes/")} == {"demo"}
    root = sloppy.resolve().as_posix()
    assert sorted(opens.paths) == [p for p in _record_files(sloppy.resolve())
                                   if not p.startswith(f"{root}/homes/other/")]


def _without_positions(county):
    import copy
    bare = copy.deepcopy(county)
    records = [bare]
    for home in bare.homes.values():
        records.append(home)
        for team in home.teams.values():
            records += [team, *team.plans.values(), *team.results]
    for rec in records:
        rec.where = {}
    return bare


def test_positions_survive_the_cache_and_pickle_the_same(sloppy, monkeypatch):
    """The build caches parsed homes as pickles: positions must come back with them, and
    the bytes must not depend on the run (the cache is content-addressed)."""
    county, _problems = load_county(sloppy)
    again, _problems = load_county(sloppy)
    data = pickle.dumps(county, protocol=pickle.HIGHEST_PROTOCOL)
    assert data == pickle.dumps(again, protocol=pickle.HIGHEST_PROTOCOL)
    restored = pickle.loads(data)
    team = restored.homes["demo"].teams["team-a"]
    # Loading a cached home decodes no positions (every build loads them all; only check
    # asks), and each file's positions are one packed text, not a tuple per value.
    assert team.where[team.rel]._at is None
    assert len(data) < 1.35 * len(pickle.dumps(_without_positions(county), protocol=pickle.HIGHEST_PROTOCOL))
    assert team.position(team.rel, "members", 1, "photo") == (13, 5)
    assert restored.position("supervision.yaml", "bulletins", 0, "body") == (12, 5)
    opens = _Opens(monkeypatch)
    assert found(L.lint_county(restored, TODAY)) == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert opens.paths == []


def test_positions_are_not_part_of_the_records_value(sloppy, tmp_path):
    """Equality, repr and the dataclass fields (which the build's page keys walk) ignore
    positions: a comment line added at the top moves every line and re-renders nothing."""
    import dataclasses

    from sitegen.validate import load_home
    moved = tmp_path / "moved"
    shutil.copytree(sloppy, moved)
    for path in (moved / "homes/demo").rglob("*.yaml"):
        path.write_text("# moved down\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    home, problems, _images = load_home(sloppy.resolve(), sloppy.resolve() / "homes/demo")
    other, problems2, _images = load_home(moved.resolve(), moved.resolve() / "homes/demo")
    assert problems == problems2 == []
    assert home.position(home.rel, "duty_rota", 1) == (24, 5)
    assert other.position(other.rel, "duty_rota", 1) == (25, 5)
    assert home == other and repr(home) == repr(other)
    assert dataclasses.asdict(home) == dataclasses.asdict(other)
    assert "where" not in {f.name for f in dataclasses.fields(home)}


def test_a_record_made_in_code_has_no_positions():
    from sitegen import model as m
    rec = m.PlanRecord("homes/x/teams/y/plans/2024.md", None, "", 1)
    assert rec.position(rec.rel, "year") == (1, 1)
    placed = rec.placed(m.Where(rec.rel, {("year",): (2, 1), ("targets", 0): (4, 5)}))
    assert placed.position(rec.rel, "targets", 0, "name") == (4, 5)     # nearest written parent
    assert placed.position(rec.rel, "measures") == (1, 1)


def test_damaged_packed_positions_are_no_positions():
    from sitegen import model as m
    assert m.Where("a.yaml", packed=b"not zlib").position("year") == (1, 1)
    import zlib
    assert m.Where("a.yaml", packed=zlib.compress(b'[["x"]]')).position("year") == (1, 1)
    good = pickle.loads(pickle.dumps(m.Where("a.yaml", {("year",): (2, 1)})))
    assert good.position("year", "x") == (2, 1)



def test_small_photo_is_told_in_english_words(sloppy):
    """The use of a small photo was shown in Chinese to an English reader."""
    import re
    small = [p for p in L.lint(sloppy, today=TODAY) if p.code == "photo_small"]
    texts = [p.text("en")[0] for p in small]
    assert len(texts) == 5 and not [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)]
    assert "a member photo needs at least 320 px wide" in " ".join(texts)
    assert "用作队员照片至少需要 320 像素宽" in " ".join(p.text("zh")[0] for p in small)
