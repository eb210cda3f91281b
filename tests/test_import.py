"""`sitegen import`: real .xlsx files written by openpyxl, as clerks make them."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from sitegen.importer import import_workbook
from sitegen.lint import lint
from sitegen.problems import errors

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
TEAM = "homes/demo/teams/team-a/team.yaml"


@pytest.fixture
def content(tmp_path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    team = dst / TEAM
    # a clerk's comments, which an import must keep
    text = team.read_text(encoding="utf-8")
    text = "# 青山村工作队名单（刘芳维护）\n" + text.replace(
        "motto: 扎根青山，服务群众", "motto: 扎根青山，服务群众  # 2023年队务会定")
    text = text.replace("  - name: 李四\n", "  # 李四 2024 年起兼任产业指导员\n  - name: 李四\n")
    team.write_text(text, encoding="utf-8")
    return dst


def roster(path: Path, rows: list[list], *, title_row: bool = True, merged_header: bool = False) -> Path:
    """A roster as a clerk lays it out: a merged title row, then the headers, then people."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "队员名单"
    if title_row:
        ws["A1"] = "青山村驻村工作队队员名单"
        ws.merge_cells("A1:G1")
    headers = ["序号", "姓　名", " 职务 ", "派驻单位（全称）", "照片", "驻村时间", "寄语"]
    start = ws.max_row + 1 if title_row else 1
    if merged_header:
        # two header rows: 驻村时间 written once over both rows, others split
        for col, h in enumerate(headers, start=1):
            ws.cell(start, col, h)
            if col != 6:
                ws.merge_cells(start_row=start, start_column=col, end_row=start + 1, end_column=col)
        ws.cell(start, 6, "驻村时间")
        ws.cell(start + 1, 6, None)
        ws.merge_cells(start_row=start, start_column=6, end_row=start + 1, end_column=6)
        start += 1
    else:
        for col, h in enumerate(headers, start=1):
            ws.cell(start, col, h)
    for r, row in enumerate(rows, start=start + 1):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(r, col, value)
            if isinstance(value, dt.datetime) and col == 6:
                cell.number_format = "yyyy年m月"
    wb.save(path)
    return path


def activities_book(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "活动记录"
    ws.append(["日期", "类型", "主题", "主办工作队", "参加人数", "备注"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_roster_updates_members_and_keeps_comments(content, tmp_path):
    book = roster(tmp_path / "名单.xlsx", [
        [1, " 张三 ", "第一书记兼队长", "示范县财政局", "photos/a.png", dt.datetime(2023, 3, 1),
         "村里的事就是自己的事。"],
        [None] * 7,                                                 # an empty row
        [2, "李四", "队员", "示范县农业农村局", None, "2023.4", None],   # 驻村时间 as text
        [3, "孙八", "队员", "示范县林业局", None, "2024年6月", "守护绿水青山"],  # a new member
        [None, "   ", None, None, None, None, None],                # blanks only
    ], merged_header=True)
    report = import_workbook(book, content, "demo", "team-a")
    assert errors(report.problems) == [], [p.text("zh") for p in report.problems]
    assert (report.added, report.updated) == (1, 1)
    assert report.kept == ["王红"]
    text = (content / TEAM).read_text(encoding="utf-8")
    assert text.startswith("# 青山村工作队名单（刘芳维护）\n")
    assert "motto: 扎根青山，服务群众  # 2023年队务会定" in text
    assert "  # 李四 2024 年起兼任产业指导员\n  - name: 李四\n" in text
    assert "    since: 2023-04\n" in text                              # 李四 gets his date
    assert "  - name: 孙八\n    role: 队员\n    unit: 示范县林业局\n    since: 2024-06\n" \
           "    quote: 守护绿水青山\n" in text
    assert text.index("王红") < text.index("孙八")                  # order kept, new at the end
    assert text.count("unit: 示范县财政局") == 1                    # team's unit not repeated
    assert errors(lint(content, today=dt.date(2024, 7, 1))) == []


def test_second_import_changes_nothing(content, tmp_path):
    book = roster(tmp_path / "名单.xlsx", [[1, "张三", "第一书记兼队长", None, None, None, None]])
    import_workbook(book, content, "demo", "team-a")
    before = (content / TEAM).read_bytes()
    report = import_workbook(book, content, "demo", "team-a")
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
    assert (content / TEAM).read_bytes() == before


def test_bad_rows_name_sheet_row_and_column_and_write_nothing(content, tmp_path):
    book = roster(tmp_path / "名单.xlsx", [
        [1, "张三", None, None, None, None, None],                 # 职务 missing   → C3
        [2, 12345, "队员", None, None, None, None],                # name a number → B4
        [3, "王五", "队员", None, None, "去年春天", None],           # bad date      → F5
        [4, "张三", "队员", None, None, None, None],                # repeated name → B6
    ])
    before = (content / TEAM).read_bytes()
    report = import_workbook(book, content, "demo", "team-a")
    where = sorted(p.field for p in errors(report.problems))
    assert where == ["队员名单!B4", "队员名单!B6", "队员名单!C3", "队员名单!F5"]
    by_cell = {p.field: p for p in report.problems}
    msg, fix = by_cell["队员名单!F5"].text("zh")
    assert "工作表“队员名单”第 5 行 F 列（驻村时间）" in msg and "去年春天" in msg and "2024-03" in fix
    assert "第 3 行 C 列" in by_cell["队员名单!C3"].text("zh")[0]
    assert (content / TEAM).read_bytes() == before

    r = subprocess.run([sys.executable, "-m", "sitegen", "import", str(book), "-c", str(content),
                        "--home", "demo", "--team", "team-a"], capture_output=True, text=True,
                       encoding="utf-8", timeout=60)
    assert r.returncode == 1
    assert "第 5 行 F 列" in r.stderr and "没有写入任何文件" in r.stderr


def test_activities_sheet(content, tmp_path):
    path = content / "homes/demo/activities.yaml"
    path.write_text("# 示范乡活动台账\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    book = activities_book(tmp_path / "活动.xlsx", [
        [dt.datetime(2024, 5, 23), "月座谈", "五月主题座谈：产业发展", "绿水村", "15人", "改期后人数"],
        [dt.datetime(2024, 7, 1), "学习培训", "七一党课", "青山村驻村工作队", 20, None],
        [None, None, None, None, None, None],
        ["2024/8/12", "文娱活动", "篮球友谊赛", "team-b", "三十", None],          # bad count
        [dt.datetime(2024, 9, 2), "茶话会", "中秋茶话", None, None, None],        # bad type
        [dt.datetime(2024, 9, 3), "周例会", "例会", "河东村", None, None],        # unknown team
    ])
    report = import_workbook(book, content, "demo")
    assert sorted(p.field for p in errors(report.problems)) == \
        ["活动记录!B6", "活动记录!D7", "活动记录!E5"]
    b6 = next(p for p in report.problems if p.field == "活动记录!B6").text("zh")
    assert "茶话会" in b6[0] and "月座谈" in b6[1]
    d7 = next(p for p in report.problems if p.field == "活动记录!D7").text("zh")
    assert "河东村" in d7[0] and "team-a" in d7[1]

    wb = openpyxl.load_workbook(book)
    ws = wb.active
    for r in (5, 6, 7):
        ws.delete_rows(5)
    wb.save(book)
    report = import_workbook(book, content, "demo")
    assert errors(report.problems) == []
    assert (report.added, report.updated) == (1, 1)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 示范乡活动台账\n- date: 2024-05-06\n")
    assert "  kind: 月座谈\n  title: 五月主题座谈：产业发展\n  host_team: team-b\n  attendance: 15\n" \
           "  note: 改期后人数\n" in text
    assert "- date: 2024-07-01\n  kind: 学习培训\n  title: 七一党课\n  host_team: team-a\n" \
           "  attendance: 20\n" in text
    assert errors(lint(content)) == []


def test_new_team_from_a_roster_via_cli(content, tmp_path):
    book = roster(tmp_path / "名单.xlsx", [
        [1, "周一", "第一书记兼队长", "示范县水利局", None, dt.datetime(2024, 3, 1), None],
        [2, "吴二", "队员", "示范县水利局", None, dt.datetime(2024, 3, 1), None],
    ], title_row=False)
    args = [sys.executable, "-m", "sitegen", "import", str(book), "-c", str(content),
            "--home", "demo", "--team", "team-c"]
    r = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 1 and "--village" in r.stderr
    r = subprocess.run(args + ["--village", "白云村", "--format", "json"], capture_output=True,
                       text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    out = json.loads(r.stdout)
    assert out["ok"] and out["added"] == 2
    text = (content / "homes/demo/teams/team-c/team.yaml").read_text(encoding="utf-8")
    assert text.startswith("village: 白云村\nunit: 示范县水利局\nsince: 2024-03\nmembers:\n")
    assert errors(lint(content)) == []


def test_roster_replaces_the_scaffold_placeholder(content, tmp_path):
    from sitegen.scaffold import new_team
    new_team(content, "demo", "team-d")
    book = roster(tmp_path / "名单.xlsx", [[1, "郑九", "队员", "示范县民政局", None, None, None]])
    report = import_workbook(book, content, "demo", "team-d")
    assert errors(report.problems) == []
    text = (content / "homes/demo/teams/team-d/team.yaml").read_text(encoding="utf-8")
    assert "队员姓名" not in text.split("members:")[1].split("\n")[1]
    assert "- name: 郑九" in text and "# 驻在哪个村（必填）" in text
    assert errors(lint(content)) == []


def test_not_a_roster(content, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["品种", "亩数"])
    wb.save(tmp_path / "x.xlsx")
    from sitegen.importer import ImportError_
    with pytest.raises(ImportError_, match="姓名"):
        import_workbook(tmp_path / "x.xlsx", content, "demo", "team-a")
    (tmp_path / "y.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ImportError_, match="另存为"):
        import_workbook(tmp_path / "y.xlsx", content, "demo", "team-a")


@pytest.mark.parametrize("name, team", [("队员名单模板.xlsx", "team-b"), ("活动记录模板.xlsx", None)])
def test_shipped_templates_import_cleanly(content, name, team):
    book = ROOT / "docs" / "templates" / name
    report = import_workbook(book, content, "demo", team)
    assert errors(report.problems) == [] and report.added + report.updated >= 1
    assert errors(lint(content)) == []
