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
        _assert_fix(want, [p for p in problems if (p.code, p.file, p.line, p.field) == key], case)
    if expected.get("exact", True):
        assert len(got) == len(expected["problems"]), f"extra problems:\n{report}"


def _assert_fix(want: dict, found: list, case: Path) -> None:
    """`fix: {zh: …, en: …}` in an entry: the message and fix in that language must
    contain the text (e.g. the exact value to type). In English, Chinese may appear only
    where it is the user's own text, copied from the record."""
    import re
    record = case / "content" / want["file"]
    written = record.read_text(encoding="utf-8", errors="replace") if record.is_file() else ""
    for lang, text in (want.get("fix") or {}).items():
        shown = [" / ".join(p.text(lang)) for p in found]
        assert any(text in line for line in shown), f"{lang}: {text!r} not in {shown}"
        if lang == "en":
            for line in shown:
                for run in re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", line):
                    assert run in written, f"Chinese {run!r} in the English message: {line}"


WARNED = [p for p in BAD if "warnings" in yaml.safe_load((p / "expected.yaml").read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", WARNED, ids=[p.name for p in WARNED])
def test_warning_case_warns_in_check_and_fails_strict(case: Path):
    """Cases whose slip builds but is told by `sitegen check` (a warning, which
    `--strict` turns into exit 1)."""
    from sitegen.lint import lint
    from sitegen.problems import WARNING
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    problems = [p for p in lint(case / "content") if p.severity == WARNING]
    for want in expected["warnings"]:
        key = (want["code"], want["file"], want["line"], want.get("field", "") or "")
        found = [p for p in problems if (p.code, p.file, p.line, p.field) == key]
        assert found, f"missing warning {key}\ngot:\n{format_text(problems, 'en')}"
        _assert_fix(want, found, case)
    plain = run_sitegen("check", "-c", str(case / "content"))
    strict = run_sitegen("check", "--strict", "-c", str(case / "content"))
    assert (plain.returncode, strict.returncode) == (0, 1), plain.stdout + plain.stderr


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
    assert case.is_dir(), "the tagret case is gone from tests/cases/bad/"
    result = run_sitegen("check", "-c", str(case / "content"))
    assert result.returncode == 1
    assert "不认识的字段“tagret”" in result.stderr
    assert "target" in result.stderr
    assert "改法" in result.stderr


@pytest.mark.parametrize("case", BAD, ids=[p.name for p in BAD])
def test_english_messages_carry_no_chinese_of_ours(case: Path):
    """`--lang en`: Chinese may appear only where it is the user's own text (a value or
    file name copied from the records), never as a reason, a hint or a type name."""
    import re
    written = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                        for p in (case / "content").rglob("*") if p.is_file() and p.suffix in (".yaml", ".md"))
    written += "\n".join(p.name for p in (case / "content").rglob("*"))
    for p in check(case / "content"):
        line = " / ".join(p.text("en"))
        for run in re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", line):
            assert run in written, f"Chinese {run!r} in: {line}"
