"""One workbook per home: `sitegen export --home ID` and its way back through `sitegen import`.

The township keeps its records in the workbook (Excel or WPS on the clerk's PC); the
county office imports it. The workbook is a view of the YAML, not a second database:
- each sheet row names the record it came from (工作队, 年度, 记录号 = the item's place
  in its list), so an edited name or title updates that record instead of adding one;
  a row with an empty 记录号 is a new record, appended;
- cells hold exactly what the YAML says (`level: 县级` stays 县级, `since: 2024-03`
  stays text, full dates are Excel dates), and a value is written back only when the
  cell differs from it — numerically for numbers — so an unchanged workbook leaves every
  file byte-identical and one edited cell changes exactly that value (ruamel.yaml keeps
  comments, order and quoting of everything else);
- records the sheet does not name are kept; a cleared cell removes that field;
- every row is checked against the record model before anything is written; a bad cell
  is reported by sheet, row and column, and then nothing is written at all.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import model as m
from . import vocab
from .importer import (ImportError_, ImportReport, _cell_problem, _date_text, _int_cell,
                       _load_yaml, _text_cell, _yaml, photo_problem, write_text_file,
                       yaml_scalar)
from .i18n import TEXT as _T, WORKBOOK
from .read import decode

REF = WORKBOOK["headers"]["ref"]
HOME_MARK = "sitegen home workbook: "


@dataclass(frozen=True)
class Col:
    header: str
    field: str
    width: int
    kind: str = "text"         # text, int, number, date, pdate, enum, team, ref, year


_SHEET, _HEAD = WORKBOOK["sheets"], WORKBOOK["headers"]
MEMBERS = (_SHEET["members"], [Col(_HEAD["team"], "_team", 14, "team"), Col(REF, "_ref", 8, "ref"),
                        Col(_HEAD["name"], "name", 12), Col(_HEAD["role"], "role", 18),
                        Col(_HEAD["unit"], "unit", 26), Col(_HEAD["photo"], "photo", 24),
                        Col(_HEAD["since"], "since", 12, "pdate"), Col(_HEAD["quote"], "quote", 40)])
TARGETS = (_SHEET["targets"], [Col(_HEAD["team"], "_team", 14, "team"), Col(_HEAD["year"], "_year", 8, "year"),
                        Col(REF, "_ref", 8, "ref"), Col(_HEAD["target_name"], "name", 24),
                        Col(_HEAD["target_unit"], "unit", 8), Col(_HEAD["baseline"], "baseline", 10, "number"),
                        Col(_HEAD["target"], "target", 10, "number"), Col(_HEAD["actual"], "actual", 10, "number"),
                        Col(_HEAD["direction"], "direction", 8, "enum"), Col(_HEAD["note"], "note", 30)])
MEASURES = (_SHEET["measures"], [Col(_HEAD["team"], "_team", 14, "team"), Col(_HEAD["year"], "_year", 8, "year"),
                          Col(REF, "_ref", 8, "ref"), Col(_HEAD["measure"], "_text", 60)])
ACTIVITIES = (_SHEET["activities"], [Col(REF, "_ref", 8, "ref"), Col(_HEAD["date"], "date", 12, "date"),
                              Col(_HEAD["kind"], "kind", 12, "enum"), Col(_HEAD["title"], "title", 36),
                              Col(_HEAD["host_team"], "host_team", 14, "team"),
                              Col(_HEAD["attendance"], "attendance", 10, "int"), Col(_HEAD["note"], "note", 30)])
HONORS = (_SHEET["honors"], [Col(_HEAD["team"], "_team", 14, "team"), Col(REF, "_ref", 8, "ref"),
                      Col(_HEAD["honor_title"], "title", 36), Col(_HEAD["level"], "level", 10, "enum"),
                      Col(_HEAD["date"], "date", 12, "pdate"), Col(_HEAD["issuer"], "issuer", 24),
                      Col(_HEAD["recipient"], "recipient", 12), Col(_HEAD["image"], "image", 24)])
SHEETS = [MEMBERS, TARGETS, MEASURES, ACTIVITIES, HONORS]
ENUMS = {"direction": vocab.DIRECTION.words(), "kind": vocab.KIND.words(),
         "level": vocab.LEVEL.words()}
NOTES = WORKBOOK["notes"]


# ------------------------------------------------------------------ files of a home

@dataclass
class Doc:
    """One YAML document of the home, loaded for round trip (a plan's front matter too)."""
    path: Path
    y: object
    data: object
    bom: bool
    head: str = ""        # Markdown: the text before the front matter's YAML ("---\n")
    tail: str = ""        # Markdown: the closing "---" line and the body, kept as they are
    crlf: bool = False
    new: bool = False
    changed: bool = False

    def dump(self) -> bytes:
        out = io.StringIO()
        self.y.dump(self.data, out)
        text = self.head + out.getvalue() + self.tail
        if self.crlf:
            text = re.sub(r"(?<!\r)\n", "\r\n", text)
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


_FRONT = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)?(---[ \t]*(?:\r?\n|\Z).*)\Z", re.S)


def _load_plan(path: Path) -> Doc:
    data = path.read_bytes()
    text, prob = decode(data, path.name)
    if prob is not None:
        raise ImportError_(_T["clerk.undecodable"].format(path=path))
    text = text.lstrip("\ufeff")
    found = _FRONT.match(text)
    if not found:
        raise ImportError_(_T["workbook.no_front_matter"].format(path=path))
    fm = (found.group(2) or "").replace("\r\n", "\n")
    y = _yaml(False, fm)
    try:
        doc = y.load(fm)
    except Exception as err:
        raise ImportError_(_T["clerk.bad_yaml"].format(path=path, err=err)) from None
    from ruamel.yaml.comments import CommentedMap
    if doc is None:
        doc = CommentedMap()
    return Doc(path, y, doc, data.startswith(b"\xef\xbb\xbf"), found.group(1).replace("\r\n", "\n"),
               found.group(3).replace("\r\n", "\n"), b"\r\n" in data)


def _load_yaml_doc(path: Path, top_list: bool) -> Doc:
    y, doc, bom = _load_yaml(path, top_level_list=top_list)
    crlf = b"\r\n" in path.read_bytes()
    return Doc(path, y, doc, bom, crlf=crlf)


class Home:
    """The files of one home that the workbook shows, loaded lazily and once."""

    def __init__(self, content: Path, home: str):
        self.content, self.id = Path(content), home
        self.dir = self.content / "homes" / home
        if not (self.dir / "home.yaml").is_file():
            raise ImportError_(_T["clerk.no_home"].format(home=home, file=self.dir / 'home.yaml'))
        tdir = self.dir / "teams"
        self.teams = sorted(d.name for d in tdir.iterdir() if (d / "team.yaml").is_file()) \
            if tdir.is_dir() else []
        self.docs: dict[Path, Doc] = {}

    def team_doc(self, team: str) -> Doc:
        return self._doc(self.dir / "teams" / team / "team.yaml", False)

    def honors_doc(self, team: str | None) -> Doc:
        base = self.dir / "teams" / team if team else self.dir
        return self._doc(base / "honors.yaml", True)

    def activities_doc(self) -> Doc:
        return self._doc(self.dir / "activities.yaml", True)

    def plan_years(self, team: str) -> list[int]:
        pdir = self.dir / "teams" / team / "plans"
        return sorted(int(p.stem) for p in pdir.glob("*.md") if re.fullmatch(r"\d{4}", p.stem)) \
            if pdir.is_dir() else []

    def plan_doc(self, team: str, year: int) -> Doc:
        path = self.dir / "teams" / team / "plans" / f"{year}.md"
        if path not in self.docs:
            if path.is_file():
                self.docs[path] = _load_plan(path)
            else:
                from ruamel.yaml.comments import CommentedMap
                data = CommentedMap()
                data["year"] = year
                self.docs[path] = Doc(path, _yaml(False), data, False, "---\n",
                                      _T["workbook.plan_doc"].format(year=year), new=True)
        return self.docs[path]

    def _doc(self, path: Path, top_list: bool) -> Doc:
        if path not in self.docs:
            if path.is_file():
                self.docs[path] = _load_yaml_doc(path, top_list)
            else:
                from ruamel.yaml.comments import CommentedSeq
                self.docs[path] = Doc(path, _yaml(top_list), CommentedSeq() if top_list else None,
                                      False, new=True)
            doc = self.docs[path]
            if doc.data is None and top_list:
                from ruamel.yaml.comments import CommentedSeq
                doc.data = CommentedSeq()
        return self.docs[path]


def _items(seq) -> list:
    return list(seq) if isinstance(seq, list) else []


# ------------------------------------------------------------------ export

def _rows(home: Home, sheet) -> list[list]:
    """The sheet's rows from the records, each cell as the YAML says it."""
    name, cols = sheet
    out = []

    def row(item, **fixed):
        cells = []
        for c in cols:
            if c.field in fixed:
                cells.append(fixed[c.field])
            elif c.field == "_text":
                cells.append(item)
            else:
                cells.append(item.get(c.field) if hasattr(item, "get") else None)
        out.append(cells)

    if sheet is MEMBERS:
        for t in home.teams:
            data = home.team_doc(t).data
            for i, item in enumerate(_items(data.get("members") if hasattr(data, "get") else None)):
                row(item, _team=t, _ref=i + 1)
    elif sheet in (TARGETS, MEASURES):
        key = "targets" if sheet is TARGETS else "measures"
        for t in home.teams:
            for year in sorted(home.plan_years(t), reverse=True):
                data = home.plan_doc(t, year).data
                for i, item in enumerate(_items(data.get(key) if hasattr(data, "get") else None)):
                    row(item, _team=t, _year=year, _ref=i + 1)
    elif sheet is ACTIVITIES:
        for i, item in enumerate(_items(home.activities_doc().data)):
            row(item, _ref=i + 1)
    else:
        for t in [None] + home.teams:
            for i, item in enumerate(_items(home.honors_doc(t).data)):
                row(item, _team=t or "", _ref=i + 1)
    return out


def _cell_value(value):
    """A YAML value as a workbook cell: dates as dates, numbers as numbers, else text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (dt.date, int, float)):
        return value if not isinstance(value, int) or abs(value) < 10 ** 15 else str(value)
    return str(value)


def workbook(home: Home | None):
    """The home's workbook (openpyxl), formatted for a person: header row, widths, lists.
    `None`: the empty workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    wb = Workbook()
    wb.remove(wb.active)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in SHEETS:
        name, cols = sheet
        ws = wb.create_sheet(name)
        for ci, c in enumerate(cols, start=1):
            cell = ws.cell(1, ci, c.header)
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center")
            ws.column_dimensions[get_column_letter(ci)].width = c.width
        rows = _rows(home, sheet) if home else []
        for ri, values in enumerate(rows, start=2):
            for ci, (c, value) in enumerate(zip(cols, values), start=1):
                v = _cell_value(value)
                if v is None or v == "":
                    continue
                cell = ws.cell(ri, ci, v)
                if isinstance(v, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(v, str) and c.kind != "ref":
                    cell.number_format = "@"
        last = max(len(rows) + 1, 2) + 500            # room for new rows
        for ci, c in enumerate(cols, start=1):
            letter = get_column_letter(ci)
            span = f"{letter}2:{letter}{last}"
            # Text columns are formatted as text, so that Excel keeps what the clerk types
            # (0731…, 12:30, 1-2 stay text instead of becoming numbers, times or dates).
            fmt = {"date": "yyyy-mm-dd", "pdate": "@", "text": "@", "enum": "@", "team": "@"}.get(c.kind)
            if fmt:
                for r in range(len(rows) + 2, last + 1):
                    ws.cell(r, ci).number_format = fmt
            if c.kind == "ref":                 # "do not edit": shown grey
                for r in range(2, len(rows) + 2):
                    ws.cell(r, ci).font = Font(color="808080")
            choices = None
            if c.kind == "enum":
                choices = ENUMS[c.field]
            elif c.kind == "team" and home and home.teams:
                choices = home.teams
            if choices and len(",".join(choices)) > 250:
                choices = None          # Excel refuses a list longer than 255 characters
            if choices:
                dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                    allow_blank=True, errorStyle="warning",
                                    error=_T["workbook.pick_from_list"], errorTitle=c.header)
                dv.add(span)
                ws.add_data_validation(dv)
            elif c.kind in ("int", "year"):
                dv = DataValidation(type="whole", operator="between",
                                    formula1="0" if c.kind == "int" else "1949",
                                    formula2="1000000000" if c.kind == "int" else "2200",
                                    allow_blank=True, errorStyle="warning",
                                    error=_T["workbook.whole_number"], errorTitle=c.header)
                dv.add(span)
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
    help_ws = wb.create_sheet(_T["workbook.notes_sheet"])
    help_ws.column_dimensions["A"].width = 110
    for r, line in enumerate(NOTES, start=1):
        help_ws.cell(r, 1, line)
    fixed = dt.datetime(2024, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "sitegen"
    # whose workbook it is: 记录号 are positions in *this* home's lists
    wb.properties.subject = f"{HOME_MARK}{home.id}" if home else ""
    if home:
        help_ws.cell(len(NOTES) + 2, 1, _T["workbook.home_mark"].format(id=home.id))
    return wb


def stable_bytes(wb) -> bytes:
    """The .xlsx bytes without the clock in them (zip entry times, the 'modified' stamp
    openpyxl sets on save): the same records always export to the same file."""
    import zipfile
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
    return out.getvalue()


def export_home(content: Path, home_id: str, out: Path) -> dict[str, int]:
    """Write `<home>.xlsx`; returns rows per sheet."""
    home = Home(content, home_id)
    wb = workbook(home)
    counts = {sheet[0]: len(_rows(home, sheet)) for sheet in SHEETS}
    write_text_file(Path(out), stable_bytes(wb))
    return counts


def empty_workbook():
    """The workbook of a home without records (docs/templates/): headers, lists, notes."""
    return workbook(None)


# ------------------------------------------------------------------ import

def is_home_workbook(wb) -> bool:
    """The exported layout: a known sheet whose header row has 记录号."""
    names = {name for name, _cols in SHEETS}
    for ws in wb.worksheets:
        if ws.title in names and any(str(c.value or "").strip() == REF for c in ws[1]):
            return True
    return False


def _equal(old, new) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if isinstance(old, (int, float)) and not isinstance(old, bool) and \
            isinstance(new, (int, float)) and not isinstance(new, bool):
        return float(old) == float(new)
    return str(old) == str(new)


def _convert(c: Col, value, number_format: str):
    """A cell → the value the YAML gets (raises ValueError with the text shown)."""
    if c.kind in ("int", "year", "ref"):
        return _int_cell(value)
    if c.kind == "number":
        if isinstance(value, bool):
            raise ValueError(str(value))
        if isinstance(value, (int, float)):
            return int(value) if isinstance(value, float) and value.is_integer() \
                and "." not in str(value) else value
        text = str(value).strip().replace(",", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ValueError(str(value))
        return float(text) if "." in text else int(text)
    if c.kind in ("date", "pdate"):
        text = _date_text(value, number_format, partial=c.kind == "pdate")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        return int(text) if re.fullmatch(r"\d{4}", text) else text
    text = _text_cell(value)
    if c.field in ("photo", "image") and text:
        text = text.replace("\\", "/")
    return text


_EXAMPLE = {"int": "12", "year": "2024", "ref": _T["workbook.example_ref"], "number": _T["workbook.example_number"],
            "date": "2024-05-06", "pdate": _T["workbook.example_pdate"]}

MODELS = {_SHEET["members"]: m.Member, _SHEET["targets"]: m.Target, _SHEET["activities"]: m.Activity, _SHEET["honors"]: m.Honor}


def _plain(item) -> dict:
    """A YAML map as the model reads records: dates as the text they were written as."""
    return {str(k): v for k, v in item.items()} if hasattr(item, "items") else {}


def _as_read(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else
                str(v) if isinstance(v, str) else v) for k, v in data.items()}


def import_home_workbook(wb, book: str, content: Path, home_id: str, dry_run: bool,
                         report: ImportReport, formulas=None) -> ImportReport:
    from ruamel.yaml.comments import CommentedMap
    home = Home(content, home_id)
    subject = str(wb.properties.subject or "")
    if subject.startswith(HOME_MARK) and subject[len(HOME_MARK):] != home_id:
        owner = subject[len(HOME_MARK):]
        raise ImportError_(_T["workbook.other_home"].format(owner=owner, home_id=home_id))
    known = {name: cols for name, cols in SHEETS}
    plans_touched: set[tuple[str, int]] = set()
    for ws in wb.worksheets:
        if ws.title not in known:
            continue
        cols = known[ws.title]
        header = {str(c.value or "").strip(): c.column for c in ws[1]}
        where = {c.field: header[c.header] for c in cols if c.header in header}
        if "_ref" not in where:
            continue
        report.sheets.append(ws.title)
        merged = {}
        for rng in ws.merged_cells.ranges:
            v = ws.cell(rng.min_row, rng.min_col).value
            for r in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    merged[(r, col)] = v
        for r in range(2, ws.max_row + 1):
            raw = {}
            ok = True
            for c in cols:
                if c.field not in where:
                    continue
                col = where[c.field]
                cell = ws.cell(r, col)
                value = merged.get((r, col), cell.value)
                if formulas is not None and value is None and \
                        str(formulas[ws.title].cell(r, col).value or "").startswith("="):
                    report.problems.append(_cell_problem(book, ws.title, r, col, c.header,
                                                         "import_formula"))
                    ok = False
                    continue
                if _text_cell(value) is None:
                    raw[c.field] = None
                    continue
                try:
                    raw[c.field] = _convert(c, value, cell.number_format)
                except ValueError as err:
                    ok = False
                    shown = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(err)
                    report.problems.append(_cell_problem(
                        book, ws.title, r, col, c.header, "import_bad_value", value=shown[:40],
                        example=_EXAMPLE.get(c.kind, _T["punct.list_sep"].join(ENUMS.get(c.field, [])[:10]))))
            if all(v is None for v in raw.values()):
                continue                                    # an empty row
            if not ok:
                continue
            _apply_row(home, ws.title, cols, where, r, raw, book, report, plans_touched, CommentedMap)
    if not report.sheets:
        raise ImportError_(_T["workbook.no_sheet"].format(book=book))
    if any(p.severity == "error" for p in report.problems):
        return report
    for doc in home.docs.values():
        if doc.changed:
            if not dry_run:
                write_text_file(doc.path, doc.dump())
            report.written.append(doc.path)
    return report


def _apply_row(home: Home, sheet: str, cols, where, r, raw, book, report, plans_touched, CM) -> None:
    headers = {c.field: c.header for c in cols}

    def bad(field, code="import_bad_value", **params):
        col = where.get(field, 1)
        report.problems.append(_cell_problem(book, sheet, r, col, headers.get(field, field), code,
                                             **params))

    team = raw.get("_team")
    if "_team" in where and sheet != _SHEET["honors"] and not team:
        bad("_team", "import_missing")
        return
    if team and team not in home.teams:
        bad("_team", "import_unknown_team", value=team,
            known=_T["punct.list_sep"].join(home.teams) or _T["clerk.no_teams"])
        return
    if sheet in (_SHEET["targets"], _SHEET["measures"]):
        year = raw.get("_year")
        if year is None:
            bad("_year", "import_missing")
            return
        if not 1949 <= year <= 2200:
            bad("_year", value=str(year), example="2024")
            return
    if sheet == _SHEET["members"]:
        doc = home.team_doc(team)
        seq = doc.data.get("members") if hasattr(doc.data, "get") else None
        container, key = doc.data, "members"
    elif sheet in (_SHEET["targets"], _SHEET["measures"]):
        doc = home.plan_doc(team, raw["_year"])
        key = "targets" if sheet == _SHEET["targets"] else "measures"
        container = doc.data
        seq = container.get(key)
    elif sheet == _SHEET["activities"]:
        doc = home.activities_doc()
        container, key, seq = None, None, doc.data
    else:
        doc = home.honors_doc(team or None)
        container, key, seq = None, None, doc.data
    if seq is None:
        from ruamel.yaml.comments import CommentedSeq
        seq = CommentedSeq()
        if container is not None:
            container[key] = seq
        else:
            doc.data = seq
    ref = raw.get("_ref")
    if ref is not None and not 1 <= ref <= len(seq):
        bad("_ref", value=str(ref), example=_T["workbook.ref_range"].format(n_seq=len(seq)))
        return
    fields = [c.field for c in cols if not c.field.startswith("_")]
    if sheet == _SHEET["measures"]:
        text = raw.get("_text")
        if text is None:
            bad("_text", "import_missing")
            return
        if ref is None:
            seq.append(yaml_scalar(text))
            doc.changed = True
            report.added += 1
        elif not _equal(seq[ref - 1], text):
            seq[ref - 1] = yaml_scalar(text)
            doc.changed = True
            report.updated += 1
        else:
            report.unchanged += 1
        return
    item = seq[ref - 1] if ref is not None else CM()
    if not hasattr(item, "get"):
        bad("_ref", value=str(ref), example=_T["workbook.ref_blank"])
        return
    new = _plain(item)
    for f in fields:
        if f not in where:
            continue
        if raw.get(f) is None:
            new.pop(f, None)
        else:
            new[f] = raw[f]
    model = MODELS.get(sheet)
    if model is not None:
        try:
            model.model_validate(_as_read(new))
        except ValidationError as err:
            for e in err.errors():
                f = str(e["loc"][0]) if e["loc"] else ""
                if e["type"] == "missing":
                    bad(f, "import_missing")
                elif f not in ("",):
                    ctx = dict(e.get("ctx") or {})
                    bad(f, value=str(new.get(f, ""))[:40],
                        example=ctx.get("allowed") or _EXAMPLE.get(
                            next((c.kind for c in cols if c.field == f), ""), ""))
            return
    if sheet == _SHEET["activities"] and raw.get("host_team") and raw["host_team"] not in home.teams:
        bad("host_team", "import_unknown_team", value=raw["host_team"],
            known=_T["punct.list_sep"].join(home.teams) or _T["clerk.no_teams"])
        return
    for f in ("photo", "image"):
        if raw.get(f):
            base = doc.path.parent
            found = photo_problem(book, sheet, r, where[f], headers[f], raw[f], base, home.content)
            if found:
                report.problems.append(found)
    changed = False
    for f in fields:
        if f not in where:
            continue
        value = raw.get(f)
        if value is None:
            if f in item:
                del item[f]
                changed = True
            continue
        if f in item and _equal(item[f], value):
            continue
        scalar = yaml_scalar(value) if isinstance(value, str) and f not in ("date", "since") \
            else value
        if f in item:
            item[f] = scalar
        else:
            pos = 0
            for i, k in enumerate(list(item.keys())):
                if k in fields and fields.index(k) < fields.index(f):
                    pos = i + 1
            item.insert(pos, f, scalar)
        changed = True
    if ref is None:
        seq.append(item)
        report.added += 1
        doc.changed = True
    elif changed:
        report.updated += 1
        doc.changed = True
    else:
        report.unchanged += 1
