"""Every mistake in tests/cases/bad/ gives the error it promises, at the right place.

Each case is a small content tree with deliberate mistakes and an expected.yaml naming
the problem code, file, line and field `sitegen check` must report.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sitegen.build import check
from sitegen.problems import errors, format_text

from conftest import CASES, run_sitegen

BAD = sorted(p for p in (CASES / "bad").iterdir() if (p / "expected.yaml").is_file())
GOOD = sorted(p for p in (CASES / "good").iterdir() if (p / "content").is_dir())


@pytest.mark.parametrize("case", BAD, ids=[p.name for p in BAD])
def test_bad_case_reports_expected_problems(case: Path):
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    problems = errors(check(case / "content"))
    got = {(p.code, p.file, p.line, p.field) for p in problems}
    report = format_text(problems, "en")
    for want in expected["problems"]:
        key = (want["code"], want["file"], want["line"], want.get("field", "") or "")
        assert key in got, f"missing {key}\ngot:\n{report}"
    if expected.get("exact", True):
        assert len(got) == len(expected["problems"]), f"extra problems:\n{report}"


@pytest.mark.parametrize("case", GOOD, ids=[p.name for p in GOOD])
def test_good_case_has_no_errors(case: Path):
    problems = errors(check(case / "content"))
    assert not problems, format_text(problems, "en")


def test_every_problem_code_is_exercised():
    """The corpus covers every code in the architecture doc's table."""
    doc = (Path(__file__).parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Problems", 1)[1].split("\n## ", 1)[0]
    table = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    assert len(table) >= 24
    covered = set()
    for case in BAD:
        expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
        covered |= {p["code"] for p in expected["problems"]}
    assert table - covered == set()


def test_check_cli_reports_in_chinese_and_exits_1():
    case = CASES / "bad" / "unknown-field-tagret"
    if not case.is_dir():
        pytest.skip("case not present")
    result = run_sitegen("check", "-c", str(case / "content"))
    assert result.returncode == 1
    assert "不认识的字段“tagret”" in result.stderr
    assert "target" in result.stderr
    assert "改法" in result.stderr
