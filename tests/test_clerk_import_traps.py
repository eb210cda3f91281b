"""`sitegen import` writes every cell so that it reads back as typed (YAML 1.1 traps), reads
merged cells as the merged value for every row, and reports formulas Excel never saved."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from sitegen.build import build
from sitegen.importer import import_workbook, yaml_scalar
from sitegen.problems import errors
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
TEAM = "homes/demo/teams/team-a/team.yaml"

# what a YAML 1.1 reader would turn into something else when written plain
TRAPS = ["yes", "No", "on", "OFF", "y", "n", "true", "null", "~", "12:30", "1:02:03", "0731",
         "073122334455", "0x1F", "0o17", "1e3", "1_000", ".inf", "-.nan", "+12", "2024-05-06",
         "2024-05-06 12:00:00", "015", "' 引号", "#号开头", "- 减号", "a: b", "@at", "`反引号",
         "%百分", "*星", "&和", "!感叹", "|竖线", ">大于", "[方括号]", "{花括号}", "3.0", "-0"]


@pytest.mark.parametrize("text", TRAPS)
def test_each_trap_reads_back_as_text(text):
    from ruamel.yaml import YAML
    import io
    y = YAML(typ="rt")
    out = io.StringIO()
    y.dump({"quote": yaml_scalar(text)}, out)
    assert yaml.safe_load(out.getvalue()) == {"quote": text}, out.getvalue()   # YAML 1.1
    assert YAML(typ="safe").load(out.getvalue()) == {"quote": text}             # YAML 1.2


def test_plain_text_stays_plain():
    assert yaml_scalar("村里的事就是自己的事。") == "村里的事就是自己的事。"
    assert type(yaml_scalar("第一书记兼队长")) is str


@pytest.fixture
def content(tmp_path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    return dst


def test_roster_and_activity_traps_round_trip_import_check_build(content, tmp_path):
    """import → check → build: every cell shows as typed, on the page too."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "队员名单"
    ws.append(["姓名", "职务", "派驻单位", "寄语"])
    for i, text in enumerate(TRAPS):
        ws.append([f"队员{i:02d}", "队员", "示范县财政局", text])
    ws2 = wb.create_sheet("活动记录")
    ws2.append(["日期", "类型", "主题", "备注"])
    for i, text in enumerate(TRAPS[:12]):
        ws2.append([dt.datetime(2024, 8, 1 + i), "走访慰问", text, text])
    book = tmp_path / "traps.xlsx"
    wb.save(book)
    report = import_workbook(book, content, "demo", "team-a")
    assert errors(report.problems) == [], [p.text("zh") for p in report.problems][:3]
    raw = yaml.safe_load((content / TEAM).read_text(encoding="utf-8"))
    quotes = {m["name"]: m.get("quote") for m in raw["members"]}
    assert [quotes[f"队员{i:02d}"] for i in range(len(TRAPS))] == TRAPS
    county, problems = load_county(content)
    assert county is not None, [p.text("zh") for p in errors(problems)][:3]
    members = {m.name: m.quote for m in county.homes["demo"].teams["team-a"].team.members}
    assert [members[f"队员{i:02d}"] for i in range(len(TRAPS))] == TRAPS
    acts = [a for a in county.homes["demo"].activities if a.date.month == 8]
    assert sorted((a.title, a.note) for a in acts) == sorted((t, t) for t in TRAPS[:12])
    build(content, tmp_path / "out", posters=False, jobs=1, cache=tmp_path / "cache")
    page = (tmp_path / "out/homes/demo/teams/team-a/index.html").read_text(encoding="utf-8")
    import html
    for text in ["yes", "No", "12:30", "073122334455", "0x1F", "1e3", "2024-05-06", "~"]:
        assert html.escape(text, quote=False) in page or html.escape(text) in page, text


def test_merged_cells_read_for_every_row_they_span(content, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "职务", "派驻单位"])
    ws.append(["甲一", "队员", "示范县水利局"])
    ws.append(["乙二", "队员", None])
    ws.append(["丙三", "队员", None])
    ws.append(["丁四", "队员", "示范县交通局"])
    ws.merge_cells("C2:C4")
    book = tmp_path / "merged.xlsx"
    wb.save(book)
    report = import_workbook(book, content, "demo", "team-a")
    assert errors(report.problems) == []
    raw = yaml.safe_load((content / TEAM).read_text(encoding="utf-8"))
    units = {m["name"]: m.get("unit") for m in raw["members"]}
    assert [units[n] for n in ("甲一", "乙二", "丙三", "丁四")] == \
        ["示范县水利局", "示范县水利局", "示范县水利局", "示范县交通局"]


def test_formula_without_cached_value_is_its_own_message(content, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "活动记录"
    ws.append(["日期", "类型", "主题", "参加人数"])
    ws.append([dt.datetime(2024, 8, 1), "走访慰问", "入户走访", "=3+4"])
    ws.append([dt.datetime(2024, 8, 2), "走访慰问", "=\"入户\"&\"走访\"", 5])
    book = tmp_path / "formula.xlsx"
    wb.save(book)                         # openpyxl stores formulas without their results
    before = (content / "homes/demo/activities.yaml").read_bytes()
    report = import_workbook(book, content, "demo")
    found = sorted((p.code, p.line, p.column, p.field) for p in report.problems)
    assert found == [("import_formula", 2, 4, "活动记录!D2"), ("import_formula", 3, 3, "活动记录!C3")]
    msg, fix = report.problems[0].text("zh")
    assert "公式" in msg and "请在 Excel 里保存一次" in fix
    assert report.written == []
    assert (content / "homes/demo/activities.yaml").read_bytes() == before


def test_roster_photo_missing_is_reported(content, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "职务", "照片"])
    ws.append(["张三", "第一书记", "photos/A.png"])      # the file is photos/a.png
    ws.append(["李四", "队员", "photos/a.png"])
    book = tmp_path / "photos.xlsx"
    wb.save(book)
    report = import_workbook(book, content, "demo", "team-a", dry_run=True)
    found = [p for p in report.problems if p.code == "import_photo_missing"]
    assert [(p.field, p.severity) for p in found] == [("Sheet!C2", "warning")]
    assert "a.png" in found[0].text("zh")[1]


def test_roster_import_keeps_notepad_line_ends(content, tmp_path):
    team = content / TEAM
    team.write_bytes(team.read_bytes().replace(b"\n", b"\r\n"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "职务", "寄语"])
    ws.append(["张三", "第一书记兼队长", "yes"])
    book = tmp_path / "crlf.xlsx"
    wb.save(book)
    report = import_workbook(book, content, "demo", "team-a")
    assert errors(report.problems) == [] and report.updated == 1
    data = team.read_bytes()
    assert b"quote: 'yes'\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize("village", ["yes", "0731", "12:30", "null"])
def test_import_matches_teams_by_the_village_as_written(tmp_path, village):
    """The roster import names teams by village; a village a YAML 1.1 reader would turn
    into True, 473, 750 or None must still be the text written in team.yaml."""
    from sitegen.importer import _home_teams
    team = tmp_path / "h" / "teams" / "t"
    team.mkdir(parents=True)
    (team / "team.yaml").write_text(f"village: {village}\nunit: 县财政局\nsince: 2023\n"
                                    "members:\n  - {name: 张三, role: 队员}\n", encoding="utf-8")
    assert _home_teams(tmp_path / "h") == {"t": village}
