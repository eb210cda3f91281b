"""One workbook per home: `sitegen export --home ID` → <home>.xlsx → `sitegen import`.

Real .xlsx files (openpyxl), the real sample county, compared byte by byte."""
from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.importer import import_workbook
from sitegen.lint import lint
from sitegen.problems import errors
from sitegen.workbook import SHEETS, Home, export_home

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
SHEET_NAMES = ["队员名单", "年度目标", "措施", "活动台账", "荣誉"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    a = before.decode("utf-8-sig").splitlines()
    b = after.decode("utf-8-sig").splitlines()
    return [line for line in difflib.unified_diff(a, b, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    dst = tmp_path_factory.mktemp("county") / "content"
    shutil.copytree(SAMPLE, dst)
    return dst


def test_whole_sample_county_round_trip_is_byte_identical(county, tmp_path):
    before = snapshot(county)
    homes = sorted(p.name for p in (county / "homes").iterdir())
    assert len(homes) == 16
    rows = 0
    for home in homes:
        book = tmp_path / f"{home}.xlsx"
        counts = export_home(county, home, book)
        assert list(counts) == SHEET_NAMES and all(counts[s] > 0 for s in SHEET_NAMES[:4]), counts
        rows += sum(counts.values())
        report = import_workbook(book, county, home)
        assert errors(report.problems) == [], [p.text("zh") for p in report.problems[:3]]
        assert report.written == [] and report.added == report.updated == 0
        assert report.sheets == SHEET_NAMES
    assert rows > 1000
    assert snapshot(county) == before


def test_every_record_file_would_be_rewritten_byte_identical(county):
    """What an edit rewrites: every record the workbook shows, dumped again, is the same
    bytes — so editing one cell can only change that cell's line."""
    n = 0
    for hdir in sorted((county / "homes").iterdir()):
        home = Home(county, hdir.name)
        from sitegen.workbook import _rows
        for sheet in SHEETS:
            _rows(home, sheet)                          # loads every file the sheet shows
        for doc in home.docs.values():
            if not doc.new:
                assert doc.dump() == doc.path.read_bytes(), doc.path
                n += 1
    assert n > 250


@pytest.fixture
def home_copy(tmp_path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(SAMPLE, dst)
    return dst


def _find(ws, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def test_editing_one_cell_changes_exactly_that_value(home_copy, tmp_path):
    book = tmp_path / "changpu.xlsx"
    export_home(home_copy, "changpu", book)
    before = snapshot(home_copy)
    wb = openpyxl.load_workbook(book)
    edits = {"队员名单": ("寄语", "yes"), "年度目标": ("实际", 99.5), "措施": ("措施", "新措施：12:30 集合"),
             "活动台账": ("参加人数", 21), "荣誉": ("颁发单位", "0731")}
    for sheet, (header, value) in edits.items():
        wb[sheet].cell(3, _find(wb[sheet], header)).value = value
    wb.save(book)
    report = import_workbook(book, home_copy, "changpu")
    assert errors(report.problems) == []
    after = snapshot(home_copy)
    diffs = {rel: changed_lines(before.get(rel, b""), data) for rel, data in after.items()
             if before.get(rel) != data}
    assert sorted(diffs) == ["homes/changpu/activities.yaml", "homes/changpu/teams/baidong/honors.yaml",
                             "homes/changpu/teams/baidong/plans/2024.md",     # a target, a measure
                             "homes/changpu/teams/baidong/team.yaml"], list(diffs)
    texts = sorted(line for lines in diffs.values() for line in lines if line.startswith("+"))
    assert texts == sorted(["+    quote: 'yes'", "+    actual: 99.5", "+  - 新措施：12:30 集合",
                            "+  attendance: 21", "+  issuer: '0731'"]), diffs
    # nothing else changed: each file lost only the old values the edits replaced
    assert sum(1 for lines in diffs.values() for x in lines if x.startswith("-")) <= 5
    # and the records read back as typed
    from sitegen.validate import load_county
    county, problems = load_county(home_copy)
    assert county is not None, [p.text("zh") for p in errors(problems)][:3]
    home = county.homes["changpu"]
    quotes = [m.quote for t in home.teams.values() for m in t.team.members]
    assert "yes" in quotes
    issuers = [h.issuer for t in home.teams.values() for h in t.honors] + [h.issuer for h in home.honors]
    assert "0731" in issuers


def test_workbook_is_formatted_for_a_person(home_copy, tmp_path):
    book = tmp_path / "changpu.xlsx"
    export_home(home_copy, "changpu", book)
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == SHEET_NAMES + ["填写说明"]
    for name in SHEET_NAMES:
        ws = wb[name]
        assert all(c.font.bold for c in ws[1] if c.value)
        assert ws.freeze_panes == "A2"
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1] if c.value)
    lists = {name: [dv.formula1 for dv in wb[name].data_validations.dataValidation
                    if dv.type == "list"] for name in SHEET_NAMES}
    assert any("县级" in f and "国家级" in f for f in lists["荣誉"])          # 级别
    assert any("月座谈" in f and "学习培训" in f for f in lists["活动台账"])  # 类型
    assert any("up,down" in f for f in lists["年度目标"])                    # 方向
    assert any("baidong" in f for f in lists["队员名单"])                    # 工作队
    ws = wb["活动台账"]
    date = ws.cell(2, _find(ws, "日期"))
    assert isinstance(date.value, dt.datetime) and date.number_format == "yyyy-mm-dd"
    ws = wb["荣誉"]
    assert ws.cell(2, _find(ws, "日期")).value == "2024-01"     # a partial date stays as typed
    # empty rows are ready for typing: text columns keep 0731 as text, dates are dates
    ws = wb["队员名单"]
    empty = ws.cell(2 + 20, _find(ws, "寄语"))
    assert empty.value is None and empty.number_format == "@"
    ws = wb["活动台账"]
    assert ws.cell(2 + 30, _find(ws, "日期")).number_format == "yyyy-mm-dd"


def test_bad_cells_are_located_and_nothing_is_written(home_copy, tmp_path):
    book = tmp_path / "changpu.xlsx"
    export_home(home_copy, "changpu", book)
    before = snapshot(home_copy)
    wb = openpyxl.load_workbook(book)
    wb["年度目标"].cell(2, _find(wb["年度目标"], "目标值")).value = "十五"
    wb["荣誉"].cell(2, _find(wb["荣誉"], "级别")).value = "特级"
    wb["队员名单"].cell(2, _find(wb["队员名单"], "姓名")).value = None
    wb["队员名单"].cell(4, _find(wb["队员名单"], "寄语")).value = "改了也不写"
    wb["活动台账"].cell(5, _find(wb["活动台账"], "日期")).value = "2024-02-30"
    wb.save(book)
    report = import_workbook(book, home_copy, "changpu")
    found = sorted(p.field for p in errors(report.problems))
    assert found == ["年度目标!G2", "活动台账!B5", "荣誉!D2", "队员名单!C2"], found
    assert report.written == []
    assert snapshot(home_copy) == before
    texts = {p.field: p.text("zh") for p in errors(report.problems)}
    assert "第 2 行 G 列（目标值）" in texts["年度目标!G2"][0]
    assert "第 2 行 C 列（姓名）" in texts["队员名单!C2"][0]


def test_new_rows_add_records_and_a_new_year_makes_a_plan(home_copy, tmp_path):
    book = tmp_path / "changpu.xlsx"
    export_home(home_copy, "changpu", book)
    wb = openpyxl.load_workbook(book)
    ws = wb["队员名单"]
    r = ws.max_row + 1
    for header, value in [("工作队", "baidong"), ("姓名", "新队员"), ("职务", "队员"), ("驻村时间", "2025-03")]:
        ws.cell(r, _find(ws, header)).value = value
    ws = wb["年度目标"]
    r = ws.max_row + 1
    for header, value in [("工作队", "baidong"), ("年度", 2025), ("目标名称", "新建冷库"),
                          ("单位", "座"), ("目标值", 1)]:
        ws.cell(r, _find(ws, header)).value = value
    wb.save(book)
    report = import_workbook(book, home_copy, "changpu")
    assert errors(report.problems) == [] and report.added == 2
    plan = home_copy / "homes/changpu/teams/baidong/plans/2025.md"
    assert plan.read_text(encoding="utf-8").startswith("---\nyear: 2025\ntargets:\n  - name: 新建冷库\n")
    team = (home_copy / "homes/changpu/teams/baidong/team.yaml").read_text(encoding="utf-8")
    assert "  - name: 新队员\n    role: 队员\n    since: 2025-03\n" in team
    assert not errors(lint(home_copy, homes=["changpu"]))


def test_missing_photo_named_with_the_nearest_file(home_copy, tmp_path):
    book = tmp_path / "changpu.xlsx"
    export_home(home_copy, "changpu", book)
    wb = openpyxl.load_workbook(book)
    ws = wb["队员名单"]
    cell = ws.cell(2, _find(ws, "照片"))
    assert cell.value == "photos/liu-xingguang.jpg"
    cell.value = "photos/liuxingguang.jpg"
    wb.save(book)
    report = import_workbook(book, home_copy, "changpu", dry_run=True)
    found = [p for p in report.problems if p.code == "import_photo_missing"]
    assert [(p.field, p.severity) for p in found] == [("队员名单!F2", "warning")]
    msg, fix = found[0].text("zh")
    assert "photos/liuxingguang.jpg" in msg and "liu-xingguang.jpg" in fix


def test_cli_export_import_and_dry_run_says_nothing_written(home_copy, tmp_path):
    runner = CliRunner()
    book = tmp_path / "out" / "changpu.xlsx"
    result = runner.invoke(main, ["export", "-c", str(home_copy), "--home", "changpu", "-o", str(book)])
    assert result.exit_code == 0 and book.is_file() and "队员名单 15 行" in result.output
    wb = openpyxl.load_workbook(book)
    wb["活动台账"].cell(2, _find(wb["活动台账"], "参加人数")).value = 40
    wb.save(book)
    before = snapshot(home_copy)
    result = runner.invoke(main, ["import", str(book), "-c", str(home_copy), "--home", "changpu",
                                  "--dry-run"])
    assert result.exit_code == 0
    assert "没有写入任何文件" in result.output and "导入完成" not in result.output
    assert "将写入" in result.output
    assert snapshot(home_copy) == before
    result = runner.invoke(main, ["import", str(book), "-c", str(home_copy), "--home", "changpu"])
    assert result.exit_code == 0 and "导入完成" in result.output and snapshot(home_copy) != before
    result = runner.invoke(main, ["export", "-c", str(home_copy), "--home", "nowhere"])
    assert result.exit_code == 1 and "sitegen new home nowhere" in result.output


def test_formula_without_saved_value_is_reported(home_copy, tmp_path):
    book = tmp_path / "changpu.xlsx"
    export_home(home_copy, "changpu", book)
    wb = openpyxl.load_workbook(book)
    ws = wb["活动台账"]
    ws.cell(2, _find(ws, "参加人数")).value = "=10+5"      # openpyxl saves no cached value
    wb.save(book)
    report = import_workbook(book, home_copy, "changpu")
    found = [p for p in report.problems if p.code == "import_formula"]
    assert [p.field for p in found] == ["活动台账!F2"]
    assert "请在 Excel 里保存一次" in found[0].text("zh")[1]
    assert report.written == []


def test_empty_workbook_in_docs_templates(tmp_path):
    path = ROOT / "docs" / "templates" / "工作队之家工作簿.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == SHEET_NAMES + ["填写说明"]
    for name, cols in SHEETS:
        assert [c.value for c in wb[name][1]] == [c.header for c in cols]
        assert wb[name].max_row == 1 or all(
            c.value is None for row in wb[name].iter_rows(min_row=2) for c in row)
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    before = snapshot(dst)
    report = import_workbook(path, dst, "demo")
    assert errors(report.problems) == [] and report.written == []
    assert snapshot(dst) == before


def test_a_workbook_goes_back_only_to_its_own_home(home_copy, tmp_path):
    from sitegen.importer import ImportError_
    book = tmp_path / "changpu.xlsx"
    export_home(home_copy, "changpu", book)
    before = snapshot(home_copy)
    with pytest.raises(ImportError_, match="changpu.*dongshan"):
        import_workbook(book, home_copy, "dongshan")
    assert snapshot(home_copy) == before


def test_export_is_deterministic(home_copy, tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export_home(home_copy, "changpu", a)
    import time
    time.sleep(1.1)                                   # the clock must not be in the file
    export_home(home_copy, "changpu", b)
    assert a.read_bytes() == b.read_bytes()
    assert openpyxl.load_workbook(a).sheetnames == SHEET_NAMES + ["填写说明"]


def test_notepad_files_keep_their_line_ends_and_bom(tmp_path):
    """Windows Notepad writes CRLF and often a BOM: an edit keeps both, and only its line."""
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    plan = dst / "homes/demo/teams/team-a/plans/2024.md"
    team = dst / "homes/demo/teams/team-a/team.yaml"
    for path in (plan, team):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    book = tmp_path / "demo.xlsx"
    export_home(dst, "demo", book)
    before = snapshot(dst)
    wb = openpyxl.load_workbook(book)
    wb["年度目标"].cell(2, _find(wb["年度目标"], "实际")).value = 13
    wb["队员名单"].cell(2, _find(wb["队员名单"], "职务")).value = "第一书记"
    wb.save(book)
    report = import_workbook(book, dst, "demo")
    assert errors(report.problems) == []
    for path, line in ((plan, "    actual: 13"), (team, "    role: 第一书记")):
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\n" not in data.replace(b"\r\n", b"")
        rel = path.relative_to(dst).as_posix()
        assert [x for x in changed_lines(before[rel], data) if x.startswith("+")] == ["+" + line]


def test_a_broken_record_stops_export_with_the_fix(tmp_path):
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst)
    (dst / "homes/demo/activities.yaml").write_text("- date: 2024-01-01\n  kind: [周例会\n",
                                                    encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "-c", str(dst), "--home", "demo",
                                       "-o", str(tmp_path / "demo.xlsx")])
    assert result.exit_code == 1 and "activities.yaml" in result.output
    assert "sitegen check" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "demo.xlsx").exists()
