"""The wheel carries the default templates: a user without the repo still builds."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

from conftest import CASES, ROOT


def test_wheel_ships_templates_and_builds_without_the_repo(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("sitegen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "sitegen/templates/base.html" in names
    assert "sitegen/templates/static/site.css" in names
    installed = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(installed)
    out = tmp_path / "out"
    content = tmp_path / "content"
    shutil.copytree(CASES / "good" / "minimal" / "content", content)
    env = {**os.environ, "PYTHONPATH": str(installed)}
    code = ("import sitegen, sys; assert sitegen.__file__.startswith(sys.argv[1]), sitegen.__file__;"
            "from sitegen.cli import main; sys.argv = ['sitegen', 'build', '--no-posters', '-c', sys.argv[2], '-o', sys.argv[3]]; main()")
    result = subprocess.run([sys.executable, "-c", code, str(installed),
                             str(content), str(out)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (out / "homes" / "demo" / "style" / "index.html").is_file()
    assert (out / "static" / "site.css").is_file()
