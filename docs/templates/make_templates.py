"""Write the template workbooks clerks copy: 队员名单模板.xlsx, 活动记录模板.xlsx and the
empty home workbook 工作队之家工作簿.xlsx (the layout of `sitegen export`).

    .venv/bin/python docs/templates/make_templates.py

The layouts are the ones `sitegen import` reads (see docs/authoring.md). The files are
committed; run this again only when the layout changes. Output is deterministic apart from
the timestamps openpyxl stores, which are fixed here.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2024, 1, 1)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
KINDS = "周例会,月座谈,季讲评,学习培训,岗位练兵,业务比武,文娱活动,健康讲座,走访慰问,谈心谈话"


def _sheet(wb: Workbook, title: str, caption: str, headers: list[tuple[str, int]],
           examples: list[list], notes: list[str]):
    ws = wb.active
    ws.title = title
    ws.cell(1, 1, caption).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for col, (name, width) in enumerate(headers, start=1):
        cell = ws.cell(2, col, name)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[cell.column_letter].width = width
    for r, row in enumerate(examples, start=3):
        for col, value in enumerate(row, start=1):
            ws.cell(r, col, value)
    ws.freeze_panes = "A3"
    help_ws = wb.create_sheet("填写说明")
    help_ws.column_dimensions["A"].width = 100
    for r, line in enumerate(notes, start=1):
        help_ws.cell(r, 1, line)
    return ws


def roster() -> Workbook:
    wb = Workbook()
    ws = _sheet(wb, "队员名单", "某某村驻村工作队队员名单",
                [("序号", 6), ("姓名", 10), ("职务", 16), ("派驻单位", 20), ("照片", 20),
                 ("驻村时间", 12), ("寄语", 40)],
                [[1, "张三", "第一书记兼队长", "某某县财政局", "", "2024-03",
                  "村里的事就是自己的事。"],
                 [2, "李四", "队员", "某某县农业农村局", "", "2024-03", ""]],
                ["每行一名队员；第二行是表头，不要改表头文字（可以加空格、括号注释）。",
                 "必填：姓名、职务。其他列可空；派驻单位与工作队相同时可以不填。",
                 "驻村时间：写 2024-03 或 2024年3月；也可以是 Excel 日期。",
                 "照片：照片文件放在工作队文件夹里，这里写相对路径，例如 photos/zhangsan.jpg。",
                 "导入：sitegen import 队员名单.xlsx --home 乡镇编号 --team 工作队编号",
                 "再次导入时按姓名更新；表里没有的队员不会被删除（会提示）。"])
    for col in "FG":
        for r in range(3, 203):
            ws[f"{col}{r}"].number_format = "@"   # typed as text: 2024-03 stays 2024-03
    return wb


def activities() -> Workbook:
    wb = Workbook()
    ws = _sheet(wb, "活动记录", "某某乡驻村工作队之家活动记录",
                [("日期", 12), ("类型", 12), ("主题", 30), ("主办工作队", 14), ("参加人数", 10),
                 ("备注", 30)],
                [["2024-05-06", "周例会", "第十九周例会", "青山村", 9, ""],
                 ["2024-05-23", "月座谈", "五月主题座谈：产业发展", "绿水村", 12, "轮值工作队主持"]],
                ["每行一次活动；第二行是表头，不要改表头文字。",
                 "必填：日期（2024-05-06 或 Excel 日期）、类型。",
                 f"类型可选：{KINDS.replace(',', '、')}。",
                 "主办工作队：写工作队编号（如 team-a）或村名（如 青山村）。",
                 "参加人数：写数字，如 12 或 12人。",
                 "导入：sitegen import 活动记录.xlsx --home 乡镇编号",
                 "同一天、同类型、同主题的活动视为同一条，再次导入只更新不重复。"])
    dv = DataValidation(type="list", formula1=f'"{KINDS}"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("B3:B500")
    for r in range(3, 503):
        ws[f"A{r}"].number_format = "@"
    return wb


def home_workbook() -> Workbook:
    """The empty workbook of one home (the layout of `sitegen export --home ID`)."""
    from sitegen.workbook import empty_workbook
    return empty_workbook()


def main() -> None:
    from sitegen.workbook import stable_bytes
    (HERE / "工作队之家工作簿.xlsx").write_bytes(stable_bytes(home_workbook()))
    print(HERE / "工作队之家工作簿.xlsx")
    for name, wb in (("队员名单模板.xlsx", roster()), ("活动记录模板.xlsx", activities())):
        wb.properties.created = FIXED
        wb.properties.modified = FIXED
        wb.save(HERE / name)
        print(HERE / name)


if __name__ == "__main__":
    main()
