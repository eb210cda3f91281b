"""The county screen carries an unchanged home's slides as the last build rendered them
(incremental.KeptSlides: pieces kept under each home screen's page key), so an edit of one
home makes and renders that home's slides only. What is read back is checked first: a
damaged, unsealed or wrongly shaped entry, or one whose photos changed, is made again, and
the output always equals a clean build's."""
from __future__ import annotations

import collections
import pickle
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitegen import cache as C
from sitegen import incremental
from sitegen import screen
from sitegen.build import build

from conftest import CASES
from conftest import tree_hash as tree

MINIMAL = CASES / "good" / "minimal" / "content"
PHOTO = Path("teams") / "team-a" / "photos" / "a.png"


@pytest.fixture
def content(tmp_path) -> Path:
    """The minimal county's home three times over; each shows a member photo."""
    dst = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, dst)
    for n in (2, 3):
        shutil.copytree(dst / "homes" / "demo", dst / "homes" / f"demo{n}")
    return dst


@pytest.fixture
def made(monkeypatch) -> collections.Counter:
    """(kind of slides, home id) -> how many times they were made: all of a home's, or
    its summary (the county screen of many homes)."""
    calls: collections.Counter = collections.Counter()
    full, summary = screen.home_slides, screen.summary_slides

    def counting_full(county, hf, words, since=None):
        calls["full", hf.record.id] += 1
        return full(county, hf, words, since)

    def counting_summary(county, hf, words, since):
        calls["summary", hf.record.id] += 1
        return summary(county, hf, words, since)

    monkeypatch.setattr(screen, "home_slides", counting_full)
    monkeypatch.setattr(screen, "summary_slides", counting_summary)
    return calls


@pytest.fixture
def bodies(monkeypatch) -> collections.Counter:
    """Home id -> how many of its slide bodies the county screen rendered."""
    rendered: collections.Counter = collections.Counter()
    real = screen.CountyScreen.__call__

    def counting(self):
        ctx = real(self)
        ctx["capture"] = _Counting(ctx["capture"], rendered)
        return ctx

    monkeypatch.setattr(screen.CountyScreen, "__call__", counting)
    return rendered


class _Counting(dict):
    """The county screen's `capture` dict, counting what is put into it."""

    def __init__(self, real: dict, counter: collections.Counter):
        super().__init__()
        self.real, self.counter = real, counter

    def setdefault(self, hid, default):
        self.counter[hid] += 1
        return self.real.setdefault(hid, default)


def _motto(content: Path, home: str, n: int) -> None:
    team = content / "homes" / home / "teams" / "team-a" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("motto: ", f"motto: 第{n}次，", 1),
                    encoding="utf-8")


def _rename(content: Path, home: str, n: int) -> None:
    """The home's name: on its cover, which the county screen shows in either mode."""
    record = content / "homes" / home / "home.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("name: ", f"name: 第{n}次", 1),
                      encoding="utf-8")


def _clean(content: Path, tmp_path: Path) -> str:
    clean = tmp_path / "clean"
    build(content, clean, posters=False, cache=tmp_path / "clean-cache", jobs=1)
    return tree(clean)


def _new_process() -> None:
    incremental.SCREENS.clear()          # what the dev server's process would still hold


@pytest.mark.parametrize("limit", [1200, 4], ids=["full", "summary"])
def test_an_edit_renders_the_edited_homes_slides_only(content, tmp_path, made, bodies, monkeypatch, limit):
    """Full mode (every slide of every home) and summary mode (3 × 2 > 4: each home's
    cover, ranking and totals): after the first build, a new process editing one home
    makes and renders that home's slides only, and shows the edit."""
    monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", limit)
    mode = "full" if limit == 1200 else "summary"
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    homes = sorted(p.name for p in (content / "homes").iterdir())
    assert set(bodies) == set(homes)
    kept = C.load(cache / "build" / "pieces.pickle", None)
    assert {k[1] for k in kept} == {mode} and len(kept) == len(homes)
    made.clear()
    bodies.clear()
    _new_process()
    _rename(content, homes[1], 5)
    build(content, out, posters=False, cache=cache, jobs=1)
    assert {hid for kind, hid in made if kind == mode} == {homes[1]}
    assert set(bodies) == {homes[1]} and bodies[homes[1]] > 0
    county = (out / "screen" / "index.html").read_text(encoding="utf-8")
    assert "第5次" in county
    assert tree(out) == _clean(content, tmp_path)
    # the entries of the edited home's old key are gone, the new one is kept
    assert len(C.load(cache / "build" / "pieces.pickle", None)) == len(homes)


def _damage(path: Path, how: str) -> None:
    kept = C.load(path, None)
    if how == "garbage":
        path.write_bytes(b"\x00not a pickle")
    elif how == "unsealed":             # a plain pickle without the cache's seal
        path.write_bytes(pickle.dumps(kept))
    elif how == "not-a-dict":
        C.save(path, list(kept.items()))
    elif how == "empty-list":
        C.save(path, {k: [] for k in kept})
    elif how == "body-not-text":
        C.save(path, {k: [(a, b, c, 7, e, r) for a, b, c, d, e, r in v] for k, v in kept.items()})
    elif how == "short-piece":
        C.save(path, {k: [p[:5] for p in v] for k, v in kept.items()})
    elif how == "photo-not-triple":
        C.save(path, {k: [(a, b, c, d, [("x", 640)], r) for a, b, c, d, e, r in v] for k, v in kept.items()})
    elif how == "width-not-int":
        C.save(path, {k: [(a, b, c, d, [(s, str(w), h) for s, w, h in e], r) for a, b, c, d, e, r in v]
                      for k, v in kept.items()})
    elif how == "stale-photo":          # in shape, but a photo it shows is another file now
        C.save(path, {k: [(a, b, c, d, [(s, w, "0" * 64) for s, w, h in e], r) for a, b, c, d, e, r in v]
                      for k, v in kept.items()})
    elif how == "reads-not-texts":
        C.save(path, {k: [(*p[:5], (1,)) for p in v] for k, v in kept.items()})
    elif how == "pieces-not-tuples":
        C.save(path, {k: [list(p) for p in v] for k, v in kept.items()})
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["garbage", "unsealed", "not-a-dict", "empty-list", "body-not-text",
                                 "short-piece", "photo-not-triple", "width-not-int", "pieces-not-tuples",
                                 "stale-photo", "reads-not-texts"])
def test_kept_pieces_are_checked_before_use(content, tmp_path, made, bodies, how):
    """Pieces read back damaged, unsealed, of another shape or showing a photo that is
    not the same file any more are not used: every home's slides are made and rendered
    again, and the output is the clean build's."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    path = cache / "build" / "pieces.pickle"
    kept = C.load(path, None)
    assert any(e for v in kept.values() for p in v for e in p[4]), "a photo is among the pieces"
    _damage(path, how)
    homes = sorted(p.name for p in (content / "homes").iterdir())
    _motto(content, homes[0], 3)
    made.clear()
    bodies.clear()
    _new_process()
    build(content, out, posters=False, cache=cache, jobs=1)
    assert {hid for kind, hid in made if kind == "full"} == set(homes)
    assert set(bodies) == set(homes)
    assert tree(out) == _clean(content, tmp_path)


def test_a_changed_photo_makes_that_homes_pieces_again(content, tmp_path, made, bodies):
    """A photo outside the home's folder (a shared one) replaced under the same name:
    the home's key hashes the photos its records name, wherever they are, so the pieces
    kept under its old key are not found, and that home's slides only are rendered
    again, with the new photo."""
    homes = sorted(p.name for p in (content / "homes").iterdir())
    photo = content / "shared" / "a.png"
    photo.parent.mkdir()
    shutil.copy(content / "homes" / homes[2] / PHOTO, photo)
    team = content / "homes" / homes[2] / "teams" / "team-a" / "team.yaml"
    text = team.read_text(encoding="utf-8")
    assert "photo: photos/a.png" in text
    team.write_text(text.replace("photo: photos/a.png", "photo: ../../../../shared/a.png"), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    before = (out / "screen" / "index.html").read_text(encoding="utf-8")
    assert "../media/" in before
    with Image.open(photo) as im:
        im.convert("RGB").resize((im.width, im.height)).transpose(Image.Transpose.FLIP_LEFT_RIGHT) \
            .save(photo, "PNG")
    made.clear()
    bodies.clear()
    _new_process()
    build(content, out, posters=False, cache=cache, jobs=1)
    assert set(bodies) == {homes[2]}
    after = (out / "screen" / "index.html").read_text(encoding="utf-8")
    assert after != before, "the county screen links the new photo"
    assert tree(out) == _clean(content, tmp_path)


def test_the_county_screen_is_rendered_in_the_builds_own_process(content, tmp_path, bodies, monkeypatch):
    """With a pool of workers (many pages), the county screen is still rendered where the
    pieces it notes can be kept: the next build reuses them."""
    from sitegen import render
    monkeypatch.setattr(render, "PARALLEL_PAGES", 1)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=2)
    homes = sorted(p.name for p in (content / "homes").iterdir())
    assert len(C.load(cache / "build" / "pieces.pickle", None)) == len(homes)
    bodies.clear()
    _new_process()
    _motto(content, homes[0], 9)
    build(content, out, posters=False, cache=cache, jobs=2)
    assert set(bodies) == {homes[0]}
    assert tree(out) == _clean(content, tmp_path)


def _remade(out: Path, build_again) -> set[str]:
    """The pages a build wrote anew (unchanged ones are linked: the same inode)."""
    inodes = {p: p.stat().st_ino for p in out.rglob("*.html")}
    build_again()
    return {p.relative_to(out).as_posix() for p, ino in inodes.items() if p.stat().st_ino != ino}


def test_a_city_screen_is_kept_through_an_edit_its_summaries_do_not_show(content, tmp_path, monkeypatch):
    """Homes surely too many for every slide (3 × 2 > 4): the county screen carries each
    home's cover, ranking and totals, all made from the summaries, so a motto edit keeps
    it, and a new name makes it again; with every slide (full mode) it follows every
    record. Each build is the clean build."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    again = lambda: build(content, out, posters=False, cache=cache, jobs=1)   # noqa: E731
    monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", 4)
    again()
    for n, home in enumerate(("demo2", "demo3", "demo2")):
        _motto(content, home, n)
        remade = _remade(out, again)
        assert f"screen/{home}/index.html" in remade and "screen/index.html" not in remade
    _rename(content, "demo3", 7)
    assert "screen/index.html" in _remade(out, again)
    assert "第7次" in (out / "screen" / "index.html").read_text(encoding="utf-8")
    assert tree(out) == _clean(content, tmp_path)
    monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", 1200)       # (a limit is code: a new cache)
    out, cache = tmp_path / "out-full", tmp_path / "cache-full"
    again()
    _motto(content, "demo", 8)
    assert "screen/index.html" in _remade(out, again)
    assert "第8次" in (out / "screen" / "index.html").read_text(encoding="utf-8")
    assert tree(out) == _clean(content, tmp_path / "full")


def test_a_city_screen_whose_slides_read_the_records_follows_them(content, tmp_path, monkeypatch):
    """A site's own slides that show what only the records hold (a motto on each cover):
    the county screen notes the records its slides read, its kept pieces too, so an edit
    of any of them makes it again, the home's pieces kept from builds before included."""
    monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", 4)
    override = content.parent / "templates" / "screen"
    override.mkdir(parents=True)
    source = (Path(screen.__file__).parent.parent / "templates" / "screen" / "_slides.html")
    text = source.read_text(encoding="utf-8")
    marker = "{% set h = s.home.summary %}"
    assert marker in text
    (override / "_slides.html").write_text(
        text.replace(marker, marker + "<i>{{ s.home.teams[0].record.team.motto }}</i>", 1),
        encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    again = lambda: build(content, out, posters=False, cache=cache, jobs=1)   # noqa: E731
    again()
    _new_process()
    for n, home in enumerate(("demo2", "demo3", "demo")):    # demo3, demo: their pieces kept
        _motto(content, home, n)
        assert "screen/index.html" in _remade(out, again)
        assert f"<i>第{n}次，" in (out / "screen" / "index.html").read_text(encoding="utf-8")
        _new_process()
    assert tree(out) == _clean(content, tmp_path)
