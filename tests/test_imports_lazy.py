"""What keeps a cold build's start-up cheap (issue 15, the cold build at 16 homes): nothing
a page build does not use is imported. The test fails if the saving is lost, not only if
the answer changes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import CASES

MINIMAL = CASES / "good" / "minimal" / "content"
ROOT = Path(__file__).resolve().parent.parent

# Imported only for what the build of pages never does: WeasyPrint (posters) takes 1.5 s
# to import here, openpyxl (workbooks) 0.3 s, Playwright (the screen probes) 0.14 s.
NOT_FOR_PAGES = ("weasyprint", "openpyxl", "playwright")


def test_a_page_build_imports_no_poster_workbook_or_browser_library(tmp_path):
    shutil.copytree(MINIMAL, tmp_path / "content")
    code = (
        "import sys\n"
        "from sitegen.cli import main\n"
        "try:\n"
        f"    main(['build', '-c', {str(tmp_path / 'content')!r}, '-o', {str(tmp_path / 'out')!r},"
        " '--no-posters', '-j', '1'])\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        f"print(sorted({{n.split('.')[0] for n in sys.modules}} & set({NOT_FOR_PAGES!r})))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "index.html").is_file()          # the build did run
    assert done.stdout.strip().splitlines()[-1] == "[]"
