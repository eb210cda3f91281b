"""`sitegen new …`: commented skeleton records, written where the build looks for them.

Every skeleton is valid as written (it passes `sitegen check`), so a clerk can build at
once and then replace the example values. Comments (`# …`) explain each field in Chinese.
Existing files are never overwritten; `new honor` adds an entry to the end of an existing
honors.yaml instead, leaving what is there byte for byte.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .i18n import TEXT as _T
from .read import decode
from .validate import ID_RE


class ScaffoldError(Exception):
    """A request that cannot be done; the message is for the clerk (Chinese)."""


def _check_id(kind: str, value: str) -> None:
    if not ID_RE.match(value):
        slug = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "example-1"
        raise ScaffoldError(_T["scaffold.bad_id"].format(kind=kind, value=value, slug=slug))


def _write_new(path: Path, text: str) -> Path:
    if path.exists():
        raise ScaffoldError(_T["scaffold.exists"].format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path


def _home_dir(content: Path, home: str) -> Path:
    _check_id(_T["scaffold.kind_home"], home)
    d = content / "homes" / home
    if not (d / "home.yaml").is_file():
        raise ScaffoldError(_T["clerk.no_home"].format(home=home, file=d / 'home.yaml'))
    return d


def _team_dir(content: Path, home: str, team: str) -> Path:
    d = _home_dir(content, home) / "teams" / team
    _check_id(_T["scaffold.kind_team"], team)
    if not (d / "team.yaml").is_file():
        raise ScaffoldError(_T["scaffold.no_team"].format(team=team, file=d / 'team.yaml', home=home))
    return d


SITE = _T["scaffold.site"]

HOME = _T["scaffold.home"]

TEAM = _T["scaffold.team"]

PLAN = _T["scaffold.plan"]

RESULT = _T["scaffold.result"]

HONOR = _T["scaffold.honor"]

HONOR_ITEM = _T["scaffold.honor_item"]


def _today(today: dt.date | None) -> dt.date:
    return today or dt.date.today()


def new_home(content: Path, home: str, today: dt.date | None = None) -> list[Path]:
    _check_id(_T["scaffold.kind_home"], home)
    day = _today(today)
    written = []
    if not (content / "site.yaml").exists():
        written.append(_write_new(content / "site.yaml", SITE.format(year=day.year)))
    d = content / "homes" / home
    if (d / "home.yaml").exists():
        raise ScaffoldError(_T["scaffold.exists_short"].format(path=d / 'home.yaml'))
    written.append(_write_new(d / "home.yaml", HOME.format(today=day.isoformat())))
    return written


def new_team(content: Path, home: str, team: str, today: dt.date | None = None) -> list[Path]:
    d = _home_dir(content, home)
    _check_id(_T["scaffold.kind_team"], team)
    day = _today(today)
    return [_write_new(d / "teams" / team / "team.yaml", TEAM.format(month=f"{day:%Y-%m}"))]


def shown_year(content: Path) -> int | None:
    """The year the county's boards show (site.yaml → year), if it is written there."""
    from .read import read_yaml_file
    path = Path(content) / "site.yaml"
    if not path.is_file():
        return None
    raw = read_yaml_file(path, "site.yaml")
    data = raw.located.data if raw.located else None
    value = data.get("year") if isinstance(data, dict) else None
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def plan_year_note(content: Path, home: str, year: int) -> str | None:
    """Said after `new plan` for a year the boards do not show: the clerk's year trap."""
    shown = shown_year(content)
    if shown is None or shown == year:
        return None
    return (_T["scaffold.plan_year_note"].format(shown=shown, year=year, home=home))


def new_plan(content: Path, home: str, team: str, year: int,
             today: dt.date | None = None) -> list[Path]:
    d = _team_dir(content, home, team)
    if not 1949 <= year <= 2200:
        raise ScaffoldError(_T["scaffold.bad_year"].format(year=year, this_year=_today(today).year))
    return [_write_new(d / "plans" / f"{year}.md", PLAN.format(year=year))]


def new_result(content: Path, home: str, team: str, slug: str,
               today: dt.date | None = None) -> list[Path]:
    d = _team_dir(content, home, team)
    _check_id(_T["scaffold.kind_result"], slug)
    day = _today(today)
    name = slug if re.match(r"^\d{4}-\d{2}", slug) else f"{day:%Y-%m}-{slug}"
    return [_write_new(d / "results" / f"{name}.md", RESULT.format(today=day.isoformat()))]


def new_honor(content: Path, home: str, team: str | None = None,
              today: dt.date | None = None) -> list[Path]:
    """A new honor entry: a new honors.yaml, or one more entry at the end of the file."""
    d = _team_dir(content, home, team) if team else _home_dir(content, home)
    day = _today(today)
    recipient = (_T["scaffold.honor_recipient"] if team else "")
    item = HONOR_ITEM.format(year=day.year - 1, today=day.isoformat(), recipient=recipient)
    path = d / "honors.yaml"
    if not path.exists():
        return [_write_new(path, HONOR + item)]
    data = path.read_bytes()
    text, prob = decode(data, str(path))
    if prob is not None:
        raise ScaffoldError(_T["scaffold.undecodable"].format(path=path))
    if text.strip() in ("", "[]"):
        path.write_text(HONOR + item, encoding="utf-8", newline="\n")
        return [path]
    # Append in the file's own encoding and line ends, touching nothing before.
    try:
        data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "gb18030"
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    addition = ("\n" if not text.endswith("\n") else "") + item
    with open(path, "ab") as f:
        f.write(addition.replace("\n", newline.decode()).encode(encoding))
    return [path]
