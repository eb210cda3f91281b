"""Posters of homes whose files did not change are kept without reading those homes
(posters.Known): a build with posters reads the records and renders the poster HTML of the
edited home only, and is byte for byte what a clean build makes, `version.json` included.
What would make a poster show other homes (a board template reading `county`), a damaged
entry or a kept PDF that is no longer as recorded, and the home is planned as before."""
from __future__ import annotations

import collections
import pickle
import shutil
from pathlib import Path

import pytest

from sitegen import cache as C
from sitegen import incremental, posters
from sitegen.build import build

from conftest import CASES, ROOT
from conftest import tree_hash as tree

MINIMAL = CASES / "good" / "minimal" / "content"


@pytest.fixture
def content(tmp_path) -> Path:
    """The minimal county's home twice (demo, demo2)."""
    dst = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, dst)
    shutil.copytree(dst / "homes" / "demo", dst / "homes" / "demo2")
    return dst


@pytest.fixture
def planned(monkeypatch) -> collections.Counter:
    """Home id -> how many of its posters had their HTML rendered (planned)."""
    calls: collections.Counter = collections.Counter()
    real = posters.plan_posters

    def counting(*a, **k):
        jobs, problems, notes = real(*a, **k)
        calls.update(job.home for job in jobs)
        return jobs, problems, notes

    monkeypatch.setattr(posters, "plan_posters", counting)
    return calls


@pytest.fixture
def read_back(monkeypatch) -> list:
    loads: list = []
    real = incremental.Deferred.load
    monkeypatch.setattr(incremental.Deferred, "load", lambda self: (loads.append(self.id), real(self))[1])
    return loads


def _motto(content: Path, home: str, n: int) -> None:
    team = sorted((content / "homes" / home / "teams").glob("*/team.yaml"))[0]
    team.write_text(team.read_text(encoding="utf-8").replace("motto: ", f"motto: 第{n}次，", 1),
                    encoding="utf-8")


def _again(content, out, cache, tmp_path, planned, before=None):
    """The build after an edit: (report, the homes it planned, whether the output is
    right). Right: what a clean build of the same records makes; or, given `before` (the
    output before the edit, which did not touch `demo`), `demo`'s posters as they were
    (a clean build with posters takes a while)."""
    incremental.MEMORY.clear()
    report = build(content, out, cache=cache, jobs=1)
    homes = dict(planned)
    if before is not None:
        now = tree(out)
        demo = [rel for rel in before if rel.startswith("homes/demo/posters/")]
        return report, homes, len(demo) >= 3 and all(now[rel] == before[rel] for rel in demo)
    clean = tmp_path / "clean"
    build(content, clean, cache=tmp_path / "clean-cache", jobs=1)
    return report, homes, tree(out) == tree(clean)


def test_an_edit_plans_the_posters_of_the_edited_home_only(content, tmp_path, planned, read_back):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(content, out, cache=cache, jobs=1)
    n = int(first.posters)
    assert n >= 6 and planned == {"demo": n // 2, "demo2": n // 2}
    planned.clear()
    _motto(content, "demo2", 1)
    report, homes, same = _again(content, out, cache, tmp_path, planned)
    assert homes == {"demo2": n // 2} and read_back == []
    assert int(report.posters) == n and report.posters.cached >= n // 2
    assert same                                           # version.json too


def test_a_board_template_that_reads_the_county_plans_every_home(content, tmp_path, planned):
    board = content / "templates" / "posters" / "rules.html"
    board.parent.mkdir(parents=True)
    shipped = (ROOT / "templates" / "posters" / "rules.html").read_text(encoding="utf-8")
    board.write_text(shipped.replace("{% block", "{% set _n = county.homes | length %}{% block", 1),
                     encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, cache=cache, jobs=1)
    planned.clear()
    _motto(content, "demo2", 2)
    _report, homes, same = _again(content, out, cache, tmp_path, planned)
    assert homes["demo"] > 0 and same


@pytest.mark.parametrize("damage", ["shape", "digest", "pdf"])
def test_what_cannot_be_kept_is_planned_again(content, tmp_path, planned, damage):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, cache=cache, jobs=1)
    before = tree(out)
    path = cache / "posters" / "known.pickle"
    known = C.load(path)
    assert set(known) == {"demo", "demo2"}
    if damage == "shape":
        known["demo"] = (known["demo"][0], [known["demo"][1][0][:4]])
    elif damage == "digest":
        known["demo"] = ("another build's", known["demo"][1])
    else:
        pdf = out / known["demo"][1][0][1]
        pdf.write_bytes(pdf.read_bytes()[:-10])
    C.save(path, known)
    planned.clear()
    _motto(content, "demo2", 3)
    _report, homes, same = _again(content, out, cache, tmp_path, planned, before)
    assert homes["demo"] > 0 and same
    assert C.load(path)["demo"][0] != "another build's"


def test_known_entries_are_sealed(content, tmp_path, planned):
    """A forged entry (the file rewritten without this user's seal) is not used."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, cache=cache, jobs=1)
    before = tree(out)
    path = cache / "posters" / "known.pickle"
    known = C.load(path)
    known["demo"] = (known["demo"][0], [])        # "demo has no posters"
    path.write_bytes(pickle.dumps(known))
    planned.clear()
    _motto(content, "demo2", 4)
    report, homes, same = _again(content, out, cache, tmp_path, planned, before)
    assert homes["demo"] > 0 and same
    assert [p.code for p in report.problems if p.code.startswith("cache_")] == ["cache_ignored"]


def test_a_logo_kept_in_a_home_folder_is_an_input_of_every_poster(content, tmp_path, planned):
    """The logo is printed on every poster: a logo file under one home's folder changes
    the posters of every home when it changes."""
    from PIL import Image
    logo = content / "homes" / "demo" / "logo.png"
    Image.new("RGB", (400, 200), (200, 30, 30)).save(logo)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "  crop_marks: false\n", "  crop_marks: false\n  logo: homes/demo/logo.png\n"), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(content, out, cache=cache, jobs=1)
    assert not [p for p in first.problems if p.severity == "error"]
    planned.clear()
    Image.new("RGB", (400, 200), (30, 30, 200)).save(logo)
    _report, homes, _same = _again(content, out, cache, tmp_path, planned, {})
    assert homes["demo2"] > 0
