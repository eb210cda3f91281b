"""The Windows story, made true: `py -m sitegen` works, check / build --no-posters / serve /
new / import / export need nothing but Python packages (WeasyPrint's Pango libraries may
be missing, as on a clerk's PC), `make dist` builds the wheel the county hands out, and
README and the Chinese guide say the same."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
WEASYPRINT_DOC = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#windows"


@pytest.fixture
def no_pango(tmp_path) -> dict:
    """An environment where `import weasyprint` fails as it does on Windows without GTK."""
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libgobject-2.0-0': error 0x7e\")\n", encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(fake.parent), "NO_COLOR": "1",
            "PYTHONIOENCODING": "utf-8"}


def sitegen(env, cwd, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


def test_clerk_commands_need_no_weasyprint_libraries(tmp_path, no_pango):
    shutil.copytree(MINIMAL, tmp_path / "content")
    proc = subprocess.run([sys.executable, "-c", "import weasyprint"], env=no_pango,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "libgobject" in proc.stderr       # the fake works
    steps = [
        (["--version"], 0, "sitegen"),
        (["check", "-c", "content"], 0, "检查通过"),
        (["check", "-c", "content", "--home", "demo"], 0, "按工作队之家：demo"),
        (["new", "-c", "content", "home", "xinzhai"], 0, "已新建"),
        (["new", "-c", "content", "team", "xinzhai", "team-x"], 0, "已新建"),
        (["new", "-c", "content", "plan", "xinzhai", "team-x", "2024"], 0, "已新建"),
        (["export", "-c", "content", "--home", "demo"], 0, "已导出 demo.xlsx"),
        (["import", "demo.xlsx", "-c", "content", "--home", "demo", "--dry-run"], 0, "没有写入任何文件"),
        (["import", "demo.xlsx", "-c", "content", "--home", "demo"], 0, "导入完成"),
        (["build", "--no-posters", "-c", "content", "-o", "out"], 0, "已生成"),
        (["build", "-c", "content", "-o", "out2"], 0, "做不了海报"),
        (["posters", "-c", "content", "-o", "out2"], 1, WEASYPRINT_DOC),
    ]
    for args, rc, words in steps:
        proc = sitegen(no_pango, tmp_path, *args)
        out = proc.stdout + proc.stderr
        assert proc.returncode == rc, (args, out)
        assert "Traceback" not in out, (args, out)
        assert words in out, (args, out)
    assert (tmp_path / "out/homes/demo/results/index.html").is_file()
    assert (tmp_path / "out2/homes/demo/results/index.html").is_file()    # pages, no posters
    assert not list((tmp_path / "out2").rglob("*.pdf"))


def test_serve_needs_no_weasyprint_libraries(tmp_path, no_pango):
    shutil.copytree(MINIMAL, tmp_path / "content")
    proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "-c", "content", "-o", "out",
                             "--port", "0"], cwd=tmp_path, env=no_pango, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        deadline = time.monotonic() + 60
        url = None
        while time.monotonic() < deadline and url is None:
            line = proc.stdout.readline()
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line or "")
            url = found.group(1) if found else None
            if not line and proc.poll() is not None:
                break
        assert url, proc.stderr.read() if proc.poll() is not None else "no address printed"
        with urllib.request.urlopen(url + "homes/demo/results/index.html", timeout=10) as resp:
            assert resp.status == 200 and "成效榜" in resp.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_make_dist_builds_the_wheel(tmp_path):
    """`make dist` (without re-installing the venv): a wheel with the command, `-m` and templates."""
    dist = tmp_path / "dist"
    proc = subprocess.run(["make", "-o", ".venv/.installed", "dist", f"PY={sys.executable}",
                           f"DIST={dist}"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    wheel = next(dist.glob("sitegen-*-py3-none-any.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        entry = next(n for n in names if n.endswith("entry_points.txt"))
        assert "sitegen = sitegen.cli:main" in zf.read(entry).decode()
    for name in ("sitegen/__main__.py", "sitegen/workbook.py", "sitegen/templates/results.html",
                 "sitegen/templates/static/site.css"):
        assert name in names


def _section(text: str, start: str) -> str:
    return text[text.index(start):]


def test_readme_and_guide_tell_the_same_windows_story():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for doc in (readme, guide):
        for must in ["py -m pip install", "py -m sitegen check -c D:\\驻村\\content",
                     "py -m sitegen serve -c D:\\驻村\\content", "py -m sitegen new",
                     "py -m sitegen import", "py -m sitegen export", "make dist", "make site",
                     "--no-posters", WEASYPRINT_DOC, "UOS", "Kylin", "3.11", "PATH",
                     "sitegen-0.1.0-py3-none-any.whl"]:
            assert must in doc, must
    assert ".venv\\Scripts\\sitegen" not in guide        # pip install makes no .venv
