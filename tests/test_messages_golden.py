"""The words a clerk reads for every bad case, zh and en, exactly as written down.

tests/test_bad_cases.py checks that each mistake is found at the right code, file, line
and field; this checks what the clerk is *told*: the message and the fix. A mutation run
showed that an example value or a type word could vanish from a message with every other
test still green. Each case folder keeps its report in `messages.txt`; after a deliberate
change of wording, rewrite them with

    SITEGEN_UPDATE_MESSAGES=1 .venv/bin/python -m pytest tests/test_messages_golden.py

and read the diff before committing it: it is the change every clerk will see.
"""
from __future__ import annotations

import os

import pytest

from sitegen.build import check
from sitegen.problems import format_text

from conftest import CASES

BAD = sorted(p for p in (CASES / "bad").iterdir() if (p / "expected.yaml").is_file())


def report(case) -> str:
    problems = check(case / "content")
    return "".join(f"## {lang}\n{format_text(problems, lang)}\n" for lang in ("zh", "en"))


def test_the_corpus_is_there():
    assert len(BAD) >= 100, "tests/cases/bad/ lost its cases"


@pytest.mark.parametrize("case", BAD, ids=[p.name for p in BAD])
def test_messages_as_written(case):
    got = report(case)
    golden = case / "messages.txt"
    if os.environ.get("SITEGEN_UPDATE_MESSAGES"):
        golden.write_text(got, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run with SITEGEN_UPDATE_MESSAGES=1"
    assert got == golden.read_text(encoding="utf-8")
