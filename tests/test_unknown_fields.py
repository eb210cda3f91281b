"""Every record type of the contract rejects an unknown field, at its line, with the
nearest known name as the fix.

A typo such as `tagret` must never pass silently; one record type that forgot
`extra="forbid"` would drop a clerk's value without a word. So a realistic typo is planted
into each of the contract's record types of the minimal county, one at a time.
"""
from __future__ import annotations

import shutil

import pytest

from sitegen.build import check
from sitegen.problems import errors, format_text

from conftest import CASES

MINIMAL = CASES / "good" / "minimal" / "content"
TEAM = "homes/demo/teams/team-a"

# record type, file, the line after which the typo is inserted, indent, typo, the field
# path of the mapping it lands in, and the known field the fix must suggest
CASES_TABLE = [
    ("site", "site.yaml", 3, "", "cuonty", "", "county"),
    ("poster", "site.yaml", 9, "  ", "orientaton", "poster", "orientation"),
    ("screen", "site.yaml", 13, "  ", "slide_second", "screen", "slide_seconds"),
    ("home", "homes/demo/home.yaml", 2, "", "adress", "", "address"),
    ("office", "homes/demo/home.yaml", 6, "  ", "room", "office", "rooms"),
    ("contact", "homes/demo/home.yaml", 12, "    ", "phon", "contacts[0]", "phone"),
    ("rule", "homes/demo/home.yaml", 15, "    ", "bodyy", "rules[0]", "body"),
    ("team", f"{TEAM}/team.yaml", 2, "", "mottto", "", "motto"),
    ("member", f"{TEAM}/team.yaml", 8, "    ", "qoute", "members[0]", "quote"),
    ("plan", f"{TEAM}/plans/2024.md", 3, "", "measure", "", "measures"),
    ("target", f"{TEAM}/plans/2024.md", 7, "    ", "basline", "targets[0]", "baseline"),
    ("result", f"{TEAM}/results/2024-05-story.md", 3, "", "figuers", "", "figures"),
    ("figure", f"{TEAM}/results/2024-05-story.md", 6, "    ", "unti", "figures[0]", "unit"),
    ("photo", f"{TEAM}/results/2024-05-story.md", 12, "    ", "captoin", "photos[0]", "caption"),
    ("team honor", f"{TEAM}/honors.yaml", 2, "  ", "issuor", "[0]", "issuer"),
    ("home honor", "homes/demo/honors.yaml", 2, "  ", "levle", "[0]", "level"),
    ("activity", "homes/demo/activities.yaml", 2, "  ", "attendence", "[0]", "attendance"),
    ("check", "supervision.yaml", 3, "    ", "findigs", "checks[0]", "findings"),
    ("bulletin", "supervision.yaml", 11, "    ", "bdy", "bulletins[0]", "body"),
    ("rating", "supervision.yaml", 15, "    ", "grad", "ratings[0]", "grade"),
    ("supervision", "supervision.yaml", 12, "", "rating", "", "ratings"),
]


@pytest.mark.parametrize("record, rel, after, indent, typo, parent, known", CASES_TABLE,
                         ids=[row[0] for row in CASES_TABLE])
def test_unknown_field_is_an_error_at_its_line(tmp_path, record, rel, after, indent, typo, parent, known):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    path = content / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(after, f"{indent}{typo}: 示范值\n")
    path.write_text("".join(lines), encoding="utf-8")

    problems = errors(check(content))
    field = f"{parent}.{typo}" if parent else typo
    got = [(p.code, p.file, p.line, p.field) for p in problems]
    assert got == [("unknown_field", rel, after + 1, field)], format_text(problems, "en")
    for lang in ("zh", "en"):
        message, fix = problems[0].text(lang)
        assert typo in message and f"“{known}”" in fix if lang == "zh" else known in fix, (message, fix)


def test_every_record_class_of_the_model_is_in_the_table():
    """A record type added to the model without a row here fails, so none is forgotten."""
    from pydantic import BaseModel

    from sitegen import model as m
    classes = {name for name, obj in vars(m).items()
               if isinstance(obj, type) and issubclass(obj, m.Record) and obj is not m.Record}
    covered = {"Site": "site", "PosterSettings": "poster", "ScreenSettings": "screen",
               "Home": "home", "Office": "office", "Contact": "contact", "Rule": "rule",
               "Team": "team", "Member": "member", "Plan": "plan", "Target": "target",
               "Result": "result", "Figure": "figure", "Photo": "photo", "Honor": "team honor",
               "Activity": "activity", "Check": "check", "Bulletin": "bulletin",
               "Rating": "rating", "Supervision": "supervision"}
    assert classes <= set(covered), classes - set(covered)
    assert {covered[c] for c in classes} <= {row[0] for row in CASES_TABLE}
    for name in classes:
        assert getattr(m, name).model_config.get("extra") == "forbid", name
    assert issubclass(m.Record, BaseModel)
