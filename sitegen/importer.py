"""`sitegen import`: rosters and activity logs kept in Excel → the YAML records.

A clerk's sheet is not a database export: there may be a title row merged across the top,
headers with spaces or full-width characters (`姓　名`, `派驻单位（全称）`), empty rows, dates
typed as text or stored as Excel dates, numbers stored as text. This module finds the
header row, maps the headers it knows, checks every row against the record model and
reports each bad cell by sheet, row and column. Only when no row is bad does it write,
and then through ruamel.yaml's round-trip mode, so the comments and order of everything
it does not change stay as the clerk wrote them.

Sheets are recognised by their headers: a sheet with 姓名 and 职务 is a roster (→ the
team's `team.yaml`, members matched by name); a sheet with 日期 and 类型 is an activity
log (→ the home's `activities.yaml`, activities matched by date, type and theme).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from . import model as m
from . import vocab
from .i18n import TEXT as _T
from .problems import Problem, problem
from .read import decode
from .validate import ID_RE

HEADER_SCAN_ROWS = 10
PLACEHOLDER_NAME = _T["importer.placeholder_name"]        # the example member of `sitegen new team`


class ImportError_(Exception):
    """The import cannot start (no such file, no recognisable sheet, …)."""


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)     # members in YAML but not in the sheet
    sheets: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ cells and headers

def norm(text) -> str:
    """Header text as compared: NFKC (full-width → half-width), no spaces, no notes."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = re.sub(vocab.HEADER_NOTE, "", s)      # 派驻单位（全称）
    s = re.sub(vocab.HEADER_JUNK, "", s)
    return s.lower()


def _fill_merged(ws) -> dict[tuple[int, int], object]:
    """Cell values with every merged range's value copied into all its cells."""
    values = {}
    for rng in ws.merged_cells.ranges:
        v = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                values[(r, c)] = v
    return values


def _header_map(headers: dict) -> dict[str, str]:
    table = {}
    for key, words in headers.items():
        for w in words:
            table[norm(w)] = key
    return table


def find_header(ws, merged) -> tuple[str, int, dict[int, str], list[tuple[int, str]]] | None:
    """(kind, header row, {column: field}, [(column, unknown header)]) or None."""
    for row in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        cells = {}
        for col in range(1, ws.max_column + 1):
            v = merged.get((row, col), ws.cell(row, col).value)
            if v not in (None, ""):
                cells[col] = norm(v)
        for kind, headers, need in (("members", vocab.MEMBER_HEADERS, {"name", "role"}),
                                    ("activities", vocab.ACTIVITY_HEADERS, {"date", "kind"})):
            table = _header_map(headers)
            found: dict[int, str] = {}
            for col, word in cells.items():
                key = table.get(word)
                if key and key not in found.values():
                    found[col] = key
            if need <= set(found.values()):
                unknown = [(c, str(ws.cell(row, c).value or merged.get((row, c))).strip())
                           for c, w in cells.items() if c not in found and w not in vocab.IGNORED_HEADERS]
                return kind, row, found, unknown
    return None


def _text_cell(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = unicodedata.normalize("NFKC", str(value)).strip() if not isinstance(value, str) \
        else value.replace(vocab.FULLWIDTH_SPACE, " ").strip()
    return s or None


def _date_text(value, number_format: str, partial: bool) -> str:
    """An Excel date or a typed date → `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when partial)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if partial and "d" not in (number_format or "").lower():
            return f"{value:%Y-%m}"
        return value.isoformat()
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int):
        if partial and 1949 <= value <= 2200:
            return str(value)
        raise ValueError(str(value))
    if isinstance(value, float):
        raise ValueError(str(value))
    s = unicodedata.normalize("NFKC", str(value)).strip()
    m_ = re.fullmatch(vocab.CELL_DATE, s)
    if m_:
        y, mo, d = m_.group(1), int(m_.group(2)), m_.group(3)
        if d:
            return f"{y}-{mo:02d}-{int(d):02d}"
        if partial:
            return f"{y}-{mo:02d}"
        raise ValueError(s)
    m_ = re.fullmatch(vocab.CELL_YEAR, s)
    if m_ and partial:
        return m_.group(1)
    raise ValueError(s)


def _int_cell(value) -> int:
    if isinstance(value, bool):
        raise ValueError(str(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    s = unicodedata.normalize("NFKC", str(value)).strip()
    m_ = re.fullmatch(vocab.CELL_COUNT, s)
    if not m_:
        raise ValueError(s)
    return int(m_.group(1))


def _col_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(col)


# ------------------------------------------------------------------ reading sheets

@dataclass
class Row:
    sheet: str
    row: int
    data: dict
    columns: dict[str, int]        # field -> column


def _cell_problem(book: str, sheet: str, row: int, col: int, header: str, code: str,
                  severity: str = "error", **params) -> Problem:
    return problem(code, book, row, col, f"{sheet}!{_col_letter(col)}{row}", severity,
                   sheet=sheet, row=row, col=_col_letter(col), header=header, **params)


def read_sheet(ws, book: str, home_teams: dict[str, str] | None,
               report: ImportReport, formulas=None) -> tuple[str | None, list[Row]]:
    """`formulas`: the same sheet loaded with formulas, to tell a formula without a saved
    value (the file was written by a program, never saved in Excel) from an empty cell."""
    merged = _fill_merged(ws)
    found = find_header(ws, merged)
    if not found:
        return None, []
    kind, header_row, columns, unknown = found
    headers = {col: str(merged.get((header_row, col), ws.cell(header_row, col).value)).strip()
               for col in columns}
    for col, word in unknown:
        report.problems.append(_cell_problem(book, ws.title, header_row, col, word,
                                             "import_unknown_header", severity="warning",
                                             known=_T["punct.list_sep"].join(
                                                 ws_words[0] for ws_words in
                                                 (vocab.MEMBER_HEADERS if kind == "members"
                                                  else vocab.ACTIVITY_HEADERS).values())))
    # rows of a header merged downwards (two header rows) are not data rows
    header_rows = {r for rng in ws.merged_cells.ranges if rng.min_row <= header_row
                   for r in range(rng.min_row, rng.max_row + 1)}
    rows: list[Row] = []
    for r in range(header_row + 1, ws.max_row + 1):
        if r in header_rows:
            continue
        cells = {f: ws.cell(r, c) for c, f in columns.items()}
        # a cell merged over several rows holds its value for every row it spans
        values = {f: merged.get((r, cell.column), cell.value) for f, cell in cells.items()}
        unsaved = {f for f, cell in cells.items() if values[f] is None and formulas is not None
                   and str(formulas.cell(r, cell.column).value or "").startswith("=")}
        if all(_text_cell(v) is None for v in values.values()) and not unsaved:
            continue                                    # an empty row
        data, ok = {}, True
        for f, cell in cells.items():
            col, header = cell.column, headers[cell.column]
            value = values[f]
            if f in unsaved:
                ok = False
                report.problems.append(_cell_problem(book, ws.title, r, col, header,
                                                     "import_formula"))
                continue
            if _text_cell(value) is None:
                continue
            try:
                if f in ("since",):
                    data[f] = _date_text(value, cell.number_format, partial=True)
                elif f == "date":
                    data[f] = _date_text(value, cell.number_format, partial=False)
                elif f == "attendance":
                    data[f] = _int_cell(value)
                elif f == "host_team":
                    data[f] = _team_id(_text_cell(value), home_teams)
                else:
                    if f in ("name", "role", "unit", "kind") and isinstance(value, (int, float)) \
                            and not isinstance(value, bool):
                        raise ValueError(str(value))
                    data[f] = _text_cell(value)
                    if f == "photo":
                        data[f] = data[f].replace("\\", "/")
            except ValueError as err:
                ok = False
                report.problems.append(_bad_value(book, ws.title, r, col, header, f, value,
                                                  str(err), home_teams))
        if ok:
            rows.append(Row(ws.title, r, data, {f: c.column for f, c in cells.items()}))
    return kind, rows


_EXAMPLES = {"since": "2024-03", "date": "2024-05-06", "attendance": "12", "name": _T["importer.example_name"],
             "role": _T["importer.example_role"], "unit": _T["importer.example_unit"], "kind": _T["importer.example_kind"]}


def _bad_value(book, sheet, row, col, header, f, value, detail, home_teams) -> Problem:
    if f == "host_team":
        return _cell_problem(book, sheet, row, col, header, "import_unknown_team", value=detail,
                             known=_T["punct.list_sep"].join(
                                 _T["importer.team_choice"].format(tid=tid, village=v)
                                 for tid, v in (home_teams or {}).items())
                             or _T["clerk.no_teams"])
    shown = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)
    return _cell_problem(book, sheet, row, col, header, "import_bad_value", value=shown[:40],
                         example=_EXAMPLES.get(f, ""))


def _team_id(text: str, home_teams: dict[str, str] | None) -> str:
    """A team written as its id, its village (青山村) or its name (青山村驻村工作队)."""
    if home_teams is None:
        return text
    if text in home_teams:
        return text
    bare = re.sub(vocab.TEAM_SUFFIX, "", text.strip())
    for tid, village in home_teams.items():
        if bare and bare == village:
            return tid
    raise ValueError(text)


def _model_problems(book: str, row: Row, err: ValidationError, headers: dict[str, str]) -> list[Problem]:
    out = []
    for e in err.errors():
        f = str(e["loc"][0]) if e["loc"] else ""
        col = row.columns.get(f, 1)
        header = headers.get(f, f)
        if e["type"] == "missing":
            out.append(_cell_problem(book, row.sheet, row.row, col, header, "import_missing"))
        else:
            value = row.data.get(f, "")
            ctx = dict(e.get("ctx") or {})
            example = ctx.get("allowed") or ctx.get("example") or _EXAMPLES.get(f, "")
            out.append(_cell_problem(book, row.sheet, row.row, col, header, "import_bad_value",
                                     value=str(value)[:40], example=example))
    return out


# ------------------------------------------------------------------ YAML round trip

def _yaml(top_level_list: bool, text: str = ""):
    from ruamel.yaml import YAML
    y = YAML(typ="rt")
    y.width = 4096
    y.preserve_quotes = True
    if top_level_list:
        y.indent(mapping=2, sequence=2, offset=0)
    else:
        found = re.search(r"^[^\s#-][^\n]*:\s*\n(\s+)-\s", text, re.M)
        offset = len(found.group(1)) if found else 2
        y.indent(mapping=2, sequence=offset + 2, offset=offset)
    return y


def _load_yaml(path: Path, top_level_list: bool):
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    text, prob = decode(data, path.name)
    if prob is not None:
        raise ImportError_(_T["clerk.undecodable"].format(path=path))
    y = _yaml(top_level_list, text)
    try:
        doc = y.load(text)
    except Exception as err:  # ruamel raises several kinds
        raise ImportError_(_T["clerk.bad_yaml"].format(path=path, err=err)) from None
    return y, doc, bom


def _dump(y, doc, path: Path, bom: bool) -> None:
    out = io.StringIO()
    y.dump(doc, out)
    text = out.getvalue()
    if path.is_file() and b"\r\n" in path.read_bytes():     # Notepad's line ends stay
        text = re.sub(r"(?<!\r)\n", "\r\n", text)
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    write_text_file(path, data)


def write_text_file(path: Path, data: bytes) -> None:
    """All or nothing: a temp file beside, then one rename (works on Windows too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def yaml_scalar(text: str):
    """A text cell as YAML must hold it so that it reads back as the same text.

    ruamel.yaml writes YAML 1.2, where `yes`, `No`, `on`, `12:30`, `0731` and `1e3` are
    plain text; a YAML 1.1 reader (and many editors) turns them into booleans, base-60
    numbers, octal and floats. So: plain only when a YAML 1.1 reader gives the text back
    unchanged, else quoted (a text with line breaks becomes a `|` block)."""
    from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, LiteralScalarString,
                                          SingleQuotedScalarString)
    if not isinstance(text, str):
        return text
    if "\n" in text and text.strip() == text and "\r" not in text:
        return LiteralScalarString(text)
    import yaml as yaml11
    try:
        back = yaml11.safe_load(text)
    except Exception:
        back = None
    if isinstance(back, str) and back == text and text.strip() == text and "\n" not in text:
        return text
    if "'" in text or any(ord(ch) < 32 for ch in text):
        return DoubleQuotedScalarString(text)
    return SingleQuotedScalarString(text)


def photo_problem(book: str, sheet: str, row: int, col: int, header: str, src: str,
                  base: Path, content: Path) -> Problem | None:
    """A photo named in a sheet that is not there: a warning, with the nearest file."""
    import difflib
    path = base / src
    if path.is_file():
        return None
    folder = path.parent
    names = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    near = difflib.get_close_matches(path.name, names, n=1, cutoff=0.5) or \
        [n for n in names if n.lower() == path.name.lower()]
    try:
        shown = folder.resolve().relative_to(Path(content).resolve()).as_posix()
    except ValueError:
        shown = folder.as_posix()
    suggestion = (_T["importer.photo_near"].format(name=near[0]) if near else
                  _T["importer.photo_put"].format(shown=shown))
    return _cell_problem(book, sheet, row, col, header, "import_photo_missing", severity="warning",
                         value=src, folder=shown, suggestion=suggestion,
                         suggestion_en=(f"the folder has {near[0]}; is that it?" if near else
                                        f"put the photo into {shown}/ or correct the name"))


TEXT_FIELDS = {"name", "role", "unit", "photo", "quote", "title", "note", "host_team", "kind"}


def _yaml_value(f: str, value):
    """Values as YAML should show them: full dates as dates, years as numbers, text that
    reads back as typed (quoted when a YAML 1.1 reader would change it)."""
    if f in ("since", "date") and isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        if re.fullmatch(r"\d{4}", value):
            return int(value)
    if f in TEXT_FIELDS and isinstance(value, str):
        return yaml_scalar(value)
    return value


def _same(a, b) -> bool:
    return str(a) == str(b)


MEMBER_ORDER = ["name", "role", "unit", "photo", "since", "quote"]
ACTIVITY_ORDER = ["date", "kind", "title", "host_team", "attendance", "note"]


def _merge_item(item, data: dict, order: list[str]) -> bool:
    """Set the sheet's non-empty values on a YAML map; new keys go in contract order."""
    changed = False
    for f in order:
        if f not in data:
            continue
        value = _yaml_value(f, data[f])
        if f in item:
            if not _same(item[f], value):
                item[f] = value
                changed = True
        else:
            # insert after the last present key that comes before it in the order
            pos = 0
            for i, k in enumerate(list(item.keys())):
                if k in order and order.index(k) < order.index(f):
                    pos = i + 1
            item.insert(pos, f, value)
            changed = True
    return changed


def _new_map(data: dict, order: list[str]):
    from ruamel.yaml.comments import CommentedMap
    cm = CommentedMap()
    for f in order:
        if f in data:
            cm[f] = _yaml_value(f, data[f])
    return cm


# ------------------------------------------------------------------ the import

def import_workbook(xlsx: Path, content: Path, home: str, team: str | None = None, *,
                    village: str | None = None, unit: str | None = None,
                    dry_run: bool = False) -> ImportReport:
    from openpyxl import load_workbook
    xlsx, content = Path(xlsx), Path(content)
    report = ImportReport()
    book = xlsx.name
    if not xlsx.is_file():
        raise ImportError_(_T["importer.no_workbook"].format(xlsx=xlsx))
    if not ID_RE.match(home) or not (content / "homes" / home / "home.yaml").is_file():
        raise ImportError_(_T["clerk.no_home"].format(home=home, file=content / 'homes' / home / 'home.yaml'))
    home_dir = content / "homes" / home
    home_teams = _home_teams(home_dir)
    try:
        wb = load_workbook(xlsx, data_only=True)
        formulas = load_workbook(xlsx, data_only=False)
    except Exception as err:
        raise ImportError_(_T["importer.not_xlsx"].format(xlsx=xlsx, name=type(err).__name__)) from None
    from . import workbook as home_book
    if home_book.is_home_workbook(wb):      # the layout of `sitegen export`
        return home_book.import_home_workbook(wb, book, content, home, dry_run, report,
                                              formulas=formulas)

    members: list[Row] = []
    activities: list[Row] = []
    headers: dict[str, dict[str, str]] = {"members": {}, "activities": {}}
    for ws in wb.worksheets:
        kind, rows = read_sheet(ws, book, home_teams, report, formulas[ws.title])
        if kind is None:
            continue
        report.sheets.append(ws.title)
        (members if kind == "members" else activities).extend(rows)
        merged = _fill_merged(ws)
        _k, hr, cols, _u = find_header(ws, merged)
        for c, f in cols.items():
            headers[kind].setdefault(f, str(merged.get((hr, c), ws.cell(hr, c).value)).strip())
    if not report.sheets:
        raise ImportError_(
            _T["importer.no_sheet"].format(book=book))

    for row in members:
        try:
            m.Member.model_validate(row.data)
        except ValidationError as err:
            report.problems.extend(_model_problems(book, row, err, headers["members"]))
    for row in activities:
        try:
            m.Activity.model_validate(row.data)
        except ValidationError as err:
            report.problems.extend(_model_problems(book, row, err, headers["activities"]))
    seen: dict[str, int] = {}
    for row in members:
        name = row.data.get("name")
        if name in seen:
            report.problems.append(_cell_problem(book, row.sheet, row.row, row.columns["name"],
                                                 headers["members"].get("name", vocab.MEMBER_HEADERS["name"][0]),
                                                 "import_duplicate", value=name, first=seen[name]))
        elif name:
            seen[name] = row.row
    if members and not team:
        report.problems.append(problem("import_need_team", book, 0, 0, "", home=home))
    if any(p.severity == "error" for p in report.problems):
        return report

    if members and team and ID_RE.match(team):
        for row in members:
            if row.data.get("photo"):
                found = photo_problem(book, row.sheet, row.row, row.columns["photo"],
                                      headers["members"].get("photo", vocab.MEMBER_HEADERS["photo"][0]), row.data["photo"],
                                      home_dir / "teams" / team, content)
                if found:
                    report.problems.append(found)
    if members:
        _import_members(content, home_dir, team, members, report, village, unit, dry_run)
    if activities:
        _import_activities(home_dir, activities, report, dry_run)
    return report


def _home_teams(home_dir: Path) -> dict[str, str]:
    """{team id: village} for the teams of a home (village read leniently)."""
    from .read import read_yaml_file
    teams = {}
    tdir = home_dir / "teams"
    for d in sorted(tdir.iterdir()) if tdir.is_dir() else []:
        if d.is_dir() and (d / "team.yaml").is_file():
            raw = read_yaml_file(d / "team.yaml", d.name)
            data = raw.located.data if raw.located else None
            # the characters written, not YAML 1.1's reading (a village `yes` is not True)
            written = raw.located.source.get(("village",)) if raw.located else None
            if written is not None:
                teams[d.name] = str(written[0])
            else:
                teams[d.name] = str(data.get("village", "")) if isinstance(data, dict) else ""
    return teams


def _import_members(content, home_dir, team, rows, report, village, unit, dry_run) -> None:
    if not ID_RE.match(team):
        raise ImportError_(_T["importer.bad_team_id"].format(team=team))
    path = home_dir / "teams" / team / "team.yaml"
    if path.is_file():
        y, doc, bom = _load_yaml(path, top_level_list=False)
        if doc is None or not hasattr(doc, "keys"):
            raise ImportError_(_T["importer.team_not_map"].format(path=path))
    else:
        if not village:
            raise ImportError_(_T["importer.no_team_file"].format(path=path, name=home_dir.name, team=team))
        from ruamel.yaml.comments import CommentedMap
        units = [r.data["unit"] for r in rows if r.data.get("unit")]
        sinces = sorted(r.data["since"] for r in rows if r.data.get("since"))
        doc = CommentedMap()
        doc["village"] = village
        doc["unit"] = unit or (max(set(units), key=units.count) if units else _T["importer.unit_wanted"])
        doc["since"] = _yaml_value("since", sinces[0] if sinces else f"{dt.date.today():%Y-%m}")
        y, bom = _yaml(False), False
    from ruamel.yaml.comments import CommentedSeq
    members = doc.get("members")
    if not isinstance(members, list):
        members = CommentedSeq()
        doc["members"] = members
    before = report.added + report.updated
    # The placeholder member written by `sitegen new team` gives way to the real roster.
    for item in [i for i in members if hasattr(i, "get") and i.get("name") == PLACEHOLDER_NAME]:
        members.remove(item)
        report.updated += 1
    by_name = {str(item.get("name")): item for item in members if hasattr(item, "get")}
    team_unit = doc.get("unit")
    for row in rows:
        data = dict(row.data)
        if data.get("unit") and _same(data["unit"], team_unit) and "unit" not in \
                (by_name.get(data["name"]) or {}):
            data.pop("unit")                 # same as the team's: the contract's default
        item = by_name.get(data["name"])
        if item is None:
            members.append(_new_map(data, MEMBER_ORDER))
            report.added += 1
        elif _merge_item(item, data, MEMBER_ORDER):
            report.updated += 1
        else:
            report.unchanged += 1
    sheet_names = {r.data["name"] for r in rows}
    report.kept = [n for n in by_name if n not in sheet_names]
    if report.added + report.updated == before and path.is_file():
        return                               # nothing to change: leave the file untouched
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        _dump(y, doc, path, bom)
    report.written.append(path)


def _import_activities(home_dir, rows, report, dry_run) -> None:
    path = home_dir / "activities.yaml"
    if path.is_file():
        y, doc, bom = _load_yaml(path, top_level_list=True)
    else:
        y, doc, bom = _yaml(True), None, False
    from ruamel.yaml.comments import CommentedSeq
    if doc is None:
        doc = CommentedSeq()
    if not isinstance(doc, list):
        raise ImportError_(_T["importer.activities_not_list"].format(path=path))

    def canon(kind) -> str:
        k = str(kind)
        return vocab.KIND.table.get(k, k)

    def key(item) -> tuple:
        return (str(item.get("date")), canon(item.get("kind")), str(item.get("title") or ""))

    before = report.added + report.updated
    index = {key(item): item for item in doc if hasattr(item, "get")}
    for row in rows:
        data = dict(row.data)
        item = index.get(key(data))
        if item is not None and "kind" in item:
            data["kind"] = item["kind"]      # 月座谈 and monthly_forum are the same; keep the file's
        if item is None:
            new = _new_map(data, ACTIVITY_ORDER)
            doc.append(new)
            index[key(data)] = new
            report.added += 1
        elif _merge_item(item, data, ACTIVITY_ORDER):
            report.updated += 1
        else:
            report.unchanged += 1
    if report.added + report.updated == before and path.is_file():
        return
    if not dry_run:
        _dump(y, doc, path, bom)
    report.written.append(path)
