"""Adding an activity kind touches the enum and the two label tables, and nothing else.

The test does what a maintainer would: it copies the package, adds one line to the
kind vocabulary (sitegen/vocab.py) and one label to each label table (sitegen/i18n.py,
zh and en), and builds a county whose records use the new kind in both spellings. The
build must accept the records, count them in the totals and show them, under the label's
words, on the county page, the home page and the lobby slide, in Chinese and in English.
Without the edit the same records are refused, so the edit is what makes them pass.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"

# The whole change: (file, anchor, text inserted after the anchor).
EDITS = [
    ("vocab.py", '"heart_talk": ("谈心谈话",),', ' "tea_party": ("茶话会",),'),
    ("vocab.py", '"weekly_meeting", "visit", "heart_talk"', ', "tea_party"'),
    ("i18n.py", '"kind_heart_talk": "谈心谈话", "unit_heart_talk": "次",',
     ' "kind_tea_party": "迎春茶话会", "unit_tea_party": "场",'),
    ("i18n.py", '"kind_heart_talk": "Heart-to-heart talks",',
     ' "kind_tea_party": "Tea parties", "unit_tea_party": "",'),
]

NEW_RECORDS = """
- date: 2024-02-01
  kind: tea_party
  title: 迎春茶话会（一）
  attendance: 20
- date: 2024-02-08
  kind: 茶话会
  title: 迎春茶话会（二）
  attendance: 18
"""


def _package_with_new_kind(dst: Path) -> Path:
    pkg = dst / "sitegen"
    shutil.copytree(ROOT / "sitegen", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    if not (pkg / "templates").is_dir():     # a source checkout keeps them beside the package
        shutil.copytree(ROOT / "templates", dst / "templates")
    for name, anchor, added in EDITS:
        path = pkg / name
        text = path.read_text(encoding="utf-8")
        assert text.count(anchor) == 1, (name, anchor)   # the place to edit exists, once
        path.write_text(text.replace(anchor, anchor + added), encoding="utf-8")
    return dst


def _sitegen(pythonpath: Path | None, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, "-c", "import sys, sitegen, sitegen.cli;"
                           "print(sitegen.__file__, file=sys.stderr); sitegen.cli.main()", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=600)


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("newkind")
    content = tmp / "content"
    shutil.copytree(MINIMAL, content)
    with open(content / "homes" / "demo" / "activities.yaml", "a", encoding="utf-8") as f:
        f.write(NEW_RECORDS)
    return tmp


def test_without_the_vocabulary_line_the_new_kind_is_refused(county):
    run = _sitegen(None, "check", "-c", "content", cwd=county)
    assert run.returncode == 1
    assert "tea_party" in run.stdout + run.stderr and "茶话会" in run.stdout + run.stderr


def test_a_kind_added_to_the_enum_and_the_two_label_tables_is_accepted_counted_and_shown(county):
    pkg = _package_with_new_kind(county / "pkg")
    check = _sitegen(pkg, "check", "-c", "content", cwd=county)
    assert str(pkg / "sitegen") in check.stderr          # the edited copy is the one running
    assert check.returncode == 0, check.stdout + check.stderr

    for lang, words, unit in (("zh", "迎春茶话会", "场"), ("en", "Tea parties", "")):
        out = county / f"out-{lang}"
        run = _sitegen(pkg, "build", "-c", "content", "-o", str(out), "--no-posters",
                       "--lang", lang, cwd=county)
        assert run.returncode == 0, run.stdout + run.stderr
        county_page = (out / "index.html").read_text(encoding="utf-8")
        home_page = (out / "homes" / "demo" / "index.html").read_text(encoding="utf-8")
        slide = (out / "screen" / "demo" / "index.html").read_text(encoding="utf-8")
        # both records (the English id and the Chinese spelling) are counted as one kind
        total = f"{words} 2 {unit}".strip()
        assert total in county_page, lang                     # chart text of the county totals
        assert f'<span class="label">{words}</span> <strong class="figure">2</strong>' in home_page
        assert f'<strong>2</strong><span class="u">{unit}</span><span class="w">{words}</span>' in slide
