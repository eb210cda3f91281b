"""All cores: the output is the same for any number of processes, and the process pools
really run (thresholds lowered so that a tiny site uses them)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from sitegen import images, incremental, render
from sitegen.build import build

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import make_content  # noqa: E402
from test_incremental import tree  # noqa: E402


@pytest.fixture(scope="module")
def two_homes(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("par")
    make_content.make(base / "content", 1, seed=3)
    for home in sorted((base / "content" / "homes").iterdir())[2:]:
        shutil.rmtree(home)
    (base / "content" / "supervision.yaml").unlink()
    return base / "content"


def test_j1_and_j2_give_identical_output(two_homes, tmp_path, monkeypatch):
    serial = build(two_homes, tmp_path / "j1", posters=False, cache=tmp_path / "c1", jobs=1)
    monkeypatch.setattr(render, "PARALLEL_PAGES", 2)
    monkeypatch.setattr(incremental, "PARALLEL_HOMES", 2)
    monkeypatch.setattr(images, "PARALLEL_IMAGES", 2)
    calls, mapped = [], []
    real_pool = render.pool

    class Counted:
        """The real pool, noting the jobs it is given."""

        def __init__(self, pool):
            self.pool = pool

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.pool.__exit__(*exc)

        def map(self, fn, *args, **kw):
            mapped.append(fn.__name__)
            return self.pool.map(fn, *args, **kw)

        def __getattr__(self, name):
            return getattr(self.pool, name)

    def counting_pool(jobs):
        calls.append(jobs)
        return Counted(real_pool(jobs))

    monkeypatch.setattr(render, "pool", counting_pool)
    parallel = build(two_homes, tmp_path / "j2", posters=False, cache=tmp_path / "c2", jobs=2)
    # one pool loads the homes; the render stage has one pool, for its pages and photos
    assert calls == [2, 2], calls
    assert {"load_home_job", "_render_chunk", "_publish_job"} <= set(mapped), mapped
    assert serial.pages == parallel.pages and serial.images == parallel.images
    assert tree(tmp_path / "j1") == tree(tmp_path / "j2")


def test_cli_accepts_jobs(two_homes, tmp_path):
    from click.testing import CliRunner

    from sitegen.cli import main
    result = CliRunner().invoke(main, ["build", "-c", str(two_homes), "-o", str(tmp_path / "o"),
                                       "--no-posters", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "index.html").is_file()
