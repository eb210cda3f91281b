"""Text stays as typed: YAML 1.1's readings never reach a field the contract types as text.

PyYAML resolves plain scalars the YAML 1.1 way: `073122334455` is octal (7940454701),
`12:30` base 60 (750), `0x1F` hex (31), `yes`/`No`/`on`/`off` booleans, `~`/`null` null,
`.5`/`.inf`/`.nan` floats. Each trap is written unquoted into every text field of every
kind of record (site, home, team, plan, result, honors of home and team, activities,
supervision) and must come out as the same characters; numbers, dates and true/false
fields keep their own readings.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import build
from sitegen.problems import errors, format_text
from sitegen.validate import load_county

from conftest import CASES

MINIMAL = CASES / "good" / "minimal" / "content"

TRAPS = [
    "073122334455",   # octal in YAML 1.1 → 7940454701
    "0731",           # octal → 473
    "012345",
    "12:30",          # base 60 → 750
    "190:20:30",      # base 60 → 685230
    "0x1F",           # hex → 31
    "0b1010",         # binary → 10
    "yes", "No", "on", "OFF", "true", "False", "Y",
    "~", "null", "Null", "NULL",
    "1e3", "1.5e3", ".5", "-.5", "+12", "1_000", "3.0", "1,000",
    "2024-01-02", "2024-01-02 10:30:00",
    ".inf", "-.Inf", ".nan", ".NaN",
]

# Every text field, as (file, the YAML with {T} where the trap goes)
FILES = {
    "site.yaml": """\
title: {T}
county: {T}
office: {T}
year: 2024
since: 2023-01-01
poster:
  size: A1
labels:
  style_board: {T}
""",
    "supervision.yaml": """\
checks:
  - date: 2024-05-14
    home: demo
    kind: monthly_check
    findings: {T}
bulletins:
  - date: 2024-07-01
    title: {T}
    body: {T}
ratings:
  - year: 2023
    home: demo
    grade: {T}
""",
    "homes/demo/home.yaml": """\
name: {T}
township: {T}
address: {T}
office:
  rooms: 3
  equipment:
    - {T}
contacts:
  - name: {T}
    role: {T}
    phone: {T}
rules:
  - title: {T}
    body: {T}
duty_rota:
  - team-a
  - team-b
""",
    "homes/demo/activities.yaml": """\
- date: 2024-05-06
  kind: weekly_meeting
  title: {T}
  host_team: team-a
  attendance: 9
  note: {T}
""",
    "homes/demo/honors.yaml": """\
- title: {T}
  level: county
  date: 2024-01
  issuer: {T}
  recipient: {T}
""",
    "homes/demo/teams/team-a/team.yaml": """\
village: {T}
unit: {T}
since: 2023-03
motto: {T}
members:
  - name: {T}
    role: {T}
    unit: {T}
    quote: {T}
  - name: 李四
    role: 队员
""",
    "homes/demo/teams/team-a/honors.yaml": """\
- title: {T}
  level: 县级
  date: 2024-01-15
  issuer: {T}
  recipient: {T}
""",
    "homes/demo/teams/team-a/plans/2024.md": """\
---
year: 2024
title: {T}
targets:
  - name: {T}
    unit: {T}
    target: 15
    actual: 12.5
    note: {T}
measures:
  - {T}
---
正文
""",
    "homes/demo/teams/team-a/results/2024-05-story.md": """\
---
title: {T}
date: 2024-05-20
figures:
  - label: {T}
    value: 500
    unit: {T}
photos:
  - src: ../photos/a.png
    caption: {T}
---
正文
""",
}


def text_fields(county) -> dict[str, object]:
    """Every text field the records above fill, by a readable name."""
    site, sup = county.site, county.supervision
    home = county.homes["demo"]
    h = home.home
    team = home.teams["team-a"]
    t = team.team
    plan = team.plans[2024].plan
    result = team.results[0].result
    return {
        "site.title": site.title, "site.county": site.county, "site.office": site.office,
        "site.labels.style_board": site.labels["style_board"],
        "checks.findings": sup.checks[0].findings, "bulletins.title": sup.bulletins[0].title,
        "bulletins.body": str(sup.bulletins[0].body), "ratings.grade": sup.ratings[0].grade,
        "home.name": h.name, "home.township": h.township, "home.address": h.address,
        "office.equipment": h.office.equipment[0], "contacts.name": h.contacts[0].name,
        "contacts.role": h.contacts[0].role, "contacts.phone": h.contacts[0].phone,
        "rules.title": h.rules[0].title, "rules.body": str(h.rules[0].body),
        "activity.title": home.activities[0].title, "activity.note": home.activities[0].note,
        "home honor.title": home.honors[0].title, "home honor.issuer": home.honors[0].issuer,
        "home honor.recipient": home.honors[0].recipient,
        "team.village": t.village, "team.unit": t.unit, "team.motto": t.motto,
        "member.name": t.members[0].name, "member.role": t.members[0].role,
        "member.unit": t.members[0].unit, "member.quote": t.members[0].quote,
        "team honor.title": team.honors[0].title, "team honor.issuer": team.honors[0].issuer,
        "team honor.recipient": team.honors[0].recipient,
        "plan.title": plan.title, "target.name": plan.targets[0].name,
        "target.unit": plan.targets[0].unit, "target.note": plan.targets[0].note,
        "plan.measures": plan.measures[0],
        "result.title": result.title, "figure.label": result.figures[0].label,
        "figure.unit": result.figures[0].unit, "photo.caption": result.photos[0].caption,
    }


def write_county(root: Path, trap: str) -> Path:
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    for rel, text in FILES.items():
        (content / rel).write_text(text.replace("{T}", trap), encoding="utf-8")
    return content


@pytest.mark.parametrize("trap", TRAPS)
def test_every_text_field_keeps_the_characters_typed(tmp_path, trap):
    content = write_county(tmp_path, trap)
    county, problems = load_county(content)
    assert county is not None, format_text(problems, "en")
    assert not errors(problems), format_text(problems, "en")
    fields = text_fields(county)
    assert len(fields) == 41
    wrong = {name: value for name, value in fields.items() if value != trap}
    assert not wrong, f"{trap!r} was read as {wrong}"
    for name, value in fields.items():
        assert type(value) in (str,) or isinstance(value, str), (name, type(value))
    # the fields around them keep their types
    assert county.site.year == 2024
    assert county.homes["demo"].home.office.rooms == 3
    assert county.homes["demo"].teams["team-a"].plans[2024].plan.targets[0].actual == 12.5


def test_quoted_and_block_text_is_unchanged(tmp_path):
    """Quoted scalars were always text; block scalars too. They still are."""
    content = write_county(tmp_path, '"073122334455"')
    county, problems = load_county(content)
    assert not errors(problems), format_text(problems, "en")
    assert set(text_fields(county).values()) == {"073122334455"}
    content = write_county(tmp_path / "single", "'yes'")
    county, _ = load_county(content)
    assert set(text_fields(county).values()) == {"yes"}


def test_phone_is_published_as_typed(tmp_path):
    """The harm the issue names: `tel:7940454701` on the home page for 073122334455."""
    content = write_county(tmp_path, "073122334455")
    out = tmp_path / "out"
    build(content, out, posters=False, cache=tmp_path / "cache")
    page = (out / "homes" / "demo" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:073122334455"' in page
    assert "7940454701" not in page
    story = next((out / "homes" / "demo").rglob("*.html"))
    assert story.is_file()


def test_base_60_and_booleans_published_as_typed(tmp_path):
    for trap, resolved in (("12:30", "750"), ("yes", "True")):
        content = write_county(tmp_path / trap.replace(":", "_"), trap)
        out = tmp_path / trap.replace(":", "_") / "out"
        build(content, out, posters=False, cache=tmp_path / "cache")
        team = (out / "homes" / "demo" / "teams" / "team-a" / "index.html").read_text(encoding="utf-8")
        assert f">{trap}<" in team
        assert f">{resolved}<" not in team


# ---------------------------------------------------------------- numbers stay numbers

def _plan(tmp_path, target: str, actual: str = "12.5") -> tuple[object, list]:
    content = tmp_path / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(MINIMAL, content)
    plan = content / "homes/demo/teams/team-a/plans/2024.md"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("target: 15\n", f"target: {target}\n", 1)
                    .replace("actual: 12.5\n", f"actual: {actual}\n", 1), encoding="utf-8")
    return load_county(content)


@pytest.mark.parametrize("written, value", [
    ("15", 15), ("010", 10), ("0731", 731), ("1e3", 1000), ("1.5e3", 1500), (".5", 0.5),
    ("+12", 12), ("-3", -3), ("1,000", 1000), ('"15"', 15), ("'2.5'", 2.5), ("１５", 15),
])
def test_number_fields_read_the_written_number(tmp_path, written, value):
    county, problems = _plan(tmp_path, written)
    assert county is not None, format_text(problems, "en")
    got = county.homes["demo"].teams["team-a"].plans[2024].plan.targets[0].target
    assert got == value and not isinstance(got, bool)


@pytest.mark.parametrize("written", ["0x1F", "0o17", "0b11", "12:30", "yes", "on", "true",
                                     ".inf", ".nan", "nan", "2024-01-02"])
def test_number_fields_refuse_what_is_no_decimal_number(tmp_path, written):
    county, problems = _plan(tmp_path, written)
    assert county is None
    found = [p for p in errors(problems) if p.field == "targets[0].target"]
    assert [p.code for p in found] == ["wrong_type"], format_text(problems, "en")
    assert written in found[0].text("zh")[0]       # the value shown as typed


@pytest.mark.parametrize("written", ["", "~", "null"])
def test_empty_or_null_actual_means_not_reported(tmp_path, written):
    county, problems = _plan(tmp_path, "15", written)
    assert county is not None, format_text(problems, "en")
    assert county.homes["demo"].teams["team-a"].plans[2024].plan.targets[0].actual is None


def _site(tmp_path, old: str, new: str):
    content = tmp_path / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(MINIMAL, content)
    site = content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    assert old in text
    site.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_county(content)


@pytest.mark.parametrize("written, value", [("true", True), ("yes", True), ("off", False),
                                            ("False", False)])
def test_true_false_fields_keep_yaml_booleans(tmp_path, written, value):
    county, problems = _site(tmp_path, "crop_marks: false", f"crop_marks: {written}")
    assert county is not None, format_text(problems, "en")
    assert county.site.poster.crop_marks is value


@pytest.mark.parametrize("written", ['"yes"', "'true'", "1", "~x"])
def test_true_false_fields_refuse_text(tmp_path, written):
    county, problems = _site(tmp_path, "crop_marks: false", f"crop_marks: {written}")
    assert county is None
    assert [p.code for p in errors(problems)] == ["wrong_type"]


@pytest.mark.parametrize("written, ok", [("0x1F", False), ("12:30", False), ("015", True),
                                         ("0o20", False)])
def test_whole_numbers_are_decimal(tmp_path, written, ok):
    """`slide_seconds: 0x1F` used to be 31 seconds and `12:30` 750 (out of range)."""
    county, problems = _site(tmp_path, "slide_seconds: 15", f"slide_seconds: {written}")
    if ok:
        assert county is not None and county.site.screen.slide_seconds == 15
    else:
        assert county is None
        assert [p.code for p in errors(problems)] == ["wrong_type"]
        assert written in problems[0].text("en")[0]


def test_partial_dates_read_from_the_written_text(tmp_path):
    """`since: 2023` (an int to YAML) and `until: 2026-03` both stay dates; `0000` is
    reported as 0000, not as the octal 0."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    county, problems = load_county(content)
    team = county.homes["demo"].teams["team-a"].team
    assert str(team.since) == "2023-03" and str(team.until) == "2026-03"
    honors = content / "homes/demo/teams/team-a/honors.yaml"
    honors.write_text(honors.read_text(encoding="utf-8").replace("date: 2024-02", "date: 0000"),
                      encoding="utf-8")
    county, problems = load_county(content)
    (p,) = errors(problems)
    assert p.code == "bad_date"
    assert "“0000”" in p.text("zh")[0] and "'0000'" in p.text("en")[0]
