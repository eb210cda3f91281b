"""`sitegen check`, beyond the contract: things that are allowed but almost always a slip.

The contract (validate.py) decides what builds. These checks look at records that are
valid and still wrong for the wall: a link in a story that leads nowhere, a photo that is
damaged halfway or too small to look sharp, the same person in two teams, a team with no
plan for the year the boards show, a target still without `actual` after its year ended.

Each is a `Problem` with file and line, placed from the positions validate kept on the
records (`model.Where`): no record file is read a second time, and a finding points at
the very value that was validated. Severity: a damaged image is an ERROR (the page
would show a broken picture); the rest are WARNINGs, which `check --strict` turns into
errors for CI. The "year ended" rule depends on today's date; it is only ever run by
`check`, never by `build`, so the published output does not depend on the day it is built.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path

from . import images as img
from . import model as m
from .i18n import CHECK_WORDS
from .paths import content_path, exact_case
from .problems import ERROR, WARNING, Problem, problem
from .validate import load_county, load_home

# Narrowest source photo (px) that still looks sharp where it is shown (see templates).
MIN_WIDTH = {"member": 320, "result": 640, "honor": 480}
USE_WORDS = {lang: {use: CHECK_WORDS[lang][f"use_{use}"] for use in MIN_WIDTH} for lang in ("zh", "en")}

_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def lint(content: Path, today: dt.date | None = None,
         homes: list[str] | None = None) -> list[Problem]:
    """Contract problems plus the checks of this module (only when the contract holds).

    `homes` narrows the run to those homes (`check --home`): only their folders are read,
    so another township's mistakes neither show up nor stop this home's checks; of the
    county's own files (site.yaml, supervision.yaml) only errors are kept, since they stop
    every build."""
    today = today or dt.date.today()
    if homes is None:
        county, problems = load_county(content)
        return problems if county is None else problems + lint_county(county, today)
    county, problems = _load_homes(content, homes)
    problems = [p for p in problems if p.file.startswith("homes/") or p.severity == ERROR]
    if county is None:
        # One home's errors must not hide the other asked-for homes' warnings.
        bad = {home_of(p) for p in problems if p.severity == ERROR}
        clean = [h for h in homes if h not in bad]
        if clean and "" not in bad:
            county, _again = _load_homes(content, clean)
    return problems if county is None else problems + lint_county(county, today)


def _load_homes(content: Path, homes: list[str]):
    wanted = set(homes)
    return load_county(content, load_homes=lambda root, dirs: [
        load_home(root, d) for d in dirs if d.name in wanted])


def home_of(p: Problem) -> str:
    """The home a problem belongs to ('' for the county's own files), for per-home counts."""
    parts = p.file.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "homes" else ""


def lint_county(county: m.County, today: dt.date) -> list[Problem]:
    root = Path(county.root)
    found: list[Problem] = []
    from .plan import plan_site
    pages, _base = plan_site(county)
    addresses = {p.path for p in pages}
    photo_uses: list[tuple[str, tuple[int, int], str, str, str]] = []
    members_seen: dict[str, tuple[str, int]] = {}

    for home in county.homes.values():
        for i, rule in enumerate(home.home.rules):
            line, _c = home.position(home.rel, "rules", i, "body")
            found += _links(root, home.rel, rule.body, line + (1 if "\n" in rule.body else 0),
                            addresses, f"rules[{i}].body")
        if home.honors_rel:
            _honor_uses(home, home.honors_rel, home.honors, photo_uses)
        for team in home.teams.values():
            for i, member in enumerate(team.team.members):
                line, col = team.position(team.rel, "members", i, "name")
                first = members_seen.get(member.name)
                if first:
                    found.append(problem("member_twice", team.rel, line, col, f"members[{i}].name",
                                         WARNING, name=member.name, other=first[0],
                                         other_line=first[1]))
                else:
                    members_seen[member.name] = (team.rel, line)
                if member.photo:
                    photo_uses.append((team.rel, team.position(team.rel, "members", i, "photo"),
                                       f"members[{i}].photo", member.photo, "member"))
            found += _plan_checks(county, home, team, today)
            for rec in team.results:
                found += _links(root, rec.rel, rec.body, rec.body_line, addresses, "")
                for i, ph in enumerate(rec.result.photos):
                    photo_uses.append((rec.rel, rec.position(rec.rel, "photos", i, "src"),
                                       f"photos[{i}].src", ph.src, "result"))
            for plan in team.plans.values():
                found += _links(root, plan.rel, plan.body, plan.body_line, addresses, "")
            if team.honors_rel:
                _honor_uses(team, team.honors_rel, team.honors, photo_uses)
        found += _year_checks(county, home)

    for i, b in enumerate(county.supervision.bulletins):
        if b.body:
            line, _c = county.position("supervision.yaml", "bulletins", i, "body")
            found += _links(root, "supervision.yaml", b.body, line + (1 if "\n" in b.body else 0),
                            addresses, f"bulletins[{i}].body")

    found += _photo_checks(root, photo_uses)
    return found


def _honor_uses(record: m.Placed, rel: str, honors: list[m.Honor], uses: list) -> None:
    for i, h in enumerate(honors):
        if h.image:
            uses.append((rel, record.position(rel, i, "image"), f"[{i}].image", h.image, "honor"))


# ------------------------------------------------------------------ plans

def _plan_checks(county: m.County, home: m.HomeRecord, team: m.TeamRecord,
                 today: dt.date) -> list[Problem]:
    out = []
    year = county.year
    t = team.team
    on_duty = t.since.year <= year and (t.until is None or t.until.year >= year)
    if on_duty and year not in team.plans:
        path = posixpath.join(posixpath.dirname(team.rel), "plans", f"{year}.md")
        other = {}
        if team.plans:
            # The clerk wrote another year's plan: the year the boards show is the county's
            # setting (site.yaml → year), which the clerk may never have seen.
            years = [str(y) for y in sorted(team.plans)]
            other = {f"also_{lang}": CHECK_WORDS[lang]["plan_years"].format(
                years=CHECK_WORDS[lang]["list_sep"].join(years), year=year) for lang in ("zh", "en")}
        out.append(problem("plan_missing", team.rel, 1, 1, "", WARNING, year=year, path=path,
                           home=home.id, team=team.id, **other))
    for plan_year, rec in sorted(team.plans.items()):
        if today <= dt.date(plan_year, 12, 31):
            continue
        for i, target in enumerate(rec.plan.targets):
            if target.actual is None:
                line, col = rec.position(rec.rel, "targets", i, "name")
                out.append(problem("actual_missing", rec.rel, line, col, f"targets[{i}]", WARNING,
                                   year=plan_year, name=target.name))
    return out


def _year_checks(county: m.County, home: m.HomeRecord) -> list[Problem]:
    """One warning per home whose teams already plan a year after the one the boards show:
    the clerk adds plans/2026.md and the boards keep showing 2024."""
    later = [(y, team.plans[y]) for team in home.teams.values() for y in team.plans if y > county.year]
    if not later:
        return []
    newest = max(y for y, _rec in later)
    rec = min((r for y, r in later if y == newest), key=lambda r: r.rel)
    line, col = rec.position(rec.rel, "year")
    return [problem("year_not_shown", rec.rel, line, col, "year", WARNING, year=county.year,
                    later=newest, home=home.id)]


# ------------------------------------------------------------------ links in Markdown

def _links(root: Path, rel: str, body: str, first_line: int, addresses: set[str],
           field: str) -> list[Problem]:
    out = []
    if not body:
        return out
    for n, text in enumerate(body.split("\n")):
        for match in _LINK.finditer(text):
            is_image, target = match.group(1) == "!", match.group(2)
            if target.startswith("#") or _SCHEME.match(target) or target.startswith("//"):
                continue
            bare = target.split("#", 1)[0].split("?", 1)[0]
            if not bare:
                continue
            line, col = first_line + n, match.start() + 1
            local = content_path(rel, bare)
            path = root / local
            actual = exact_case(root, local) if not local.startswith("../") else None
            if actual is not None and actual != local:   # a photo in a body, case differs
                shown = posixpath.relpath(actual, posixpath.dirname(rel) or ".")
                out.append(problem("image_case", rel, line, col, field, WARNING, path=bare,
                                   actual=shown, suggestion=shown))
                path = root / actual
            if not local.startswith("../") and local != ".." and path.exists():
                if is_image and path.is_file() and not img.opens(str(path), full=True):
                    out.append(problem("image_undecodable", rel, line, col, field, ERROR, path=bare))
                continue
            if _is_address(bare, rel, addresses):
                continue
            out.append(problem("link_broken", rel, line, col, field, WARNING, target=target))
    return out


def _is_address(target: str, rel: str, addresses: set[str]) -> bool:
    """A link to a page of the site: a site address (homes/x/), leading / or ../ ignored."""
    t = posixpath.normpath(target.lstrip("/"))
    while t.startswith("../"):
        t = t[3:]
    if t in ("", ".", ".."):
        return "index.html" in addresses
    for candidate in (t, posixpath.join(t, "index.html")):
        if candidate in addresses:
            return True
    return False


# ------------------------------------------------------------------ photos

def _photo_checks(root: Path, uses: list) -> list[Problem]:
    out = []
    for rel, (line, col), field, src, use in uses:
        path = root / content_path(rel, src)
        actual = exact_case(root, content_path(rel, src))
        if actual is not None and actual != content_path(rel, src):
            # found here, but only by ignoring case: another computer may not find it
            shown = posixpath.relpath(actual, posixpath.dirname(rel) or ".")
            out.append(problem("image_case", rel, line, col, field, WARNING, path=src,
                               actual=shown, suggestion=shown))
            path = root / actual
        if not path.is_file():
            continue  # the contract check reports it
        if not img.opens(str(path), full=True):
            out.append(problem("image_undecodable", rel, line, col, field, ERROR, path=src))
            continue
        width, height = img.dimensions(str(path))
        need = MIN_WIDTH[use]
        if width < need:
            out.append(problem("photo_small", rel, line, col, field, WARNING, path=src,
                               width=width, height=height, need=need, use=USE_WORDS["zh"][use],
                               use_en=USE_WORDS["en"][use]))
    return out
