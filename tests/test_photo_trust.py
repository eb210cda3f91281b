"""An edit re-validates its home without opening the photos that did not change, and a
build without the record cache opens none that opened before (images.trust, fed by
incremental.HomeLoader from `images/opened.pickle`, sealed, beside the derivatives).

Trusted by content hash only: a photo replaced by other bytes, good or broken, is opened
and judged again; an entry of another shape or another code version is not believed; and
the output is the one a clean build makes.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import CASES, build_then_print, tree_hash
from sitegen import cache as C
from sitegen import images
from sitegen import incremental as I
from sitegen.build import build
from sitegen.problems import ContentError

MINIMAL = CASES / "good" / "minimal" / "content"
TEAM = Path("homes/demo/teams/team-a")


@pytest.fixture
def site(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    Image.new("RGB", (300, 200), (40, 90, 160)).save(content / TEAM / "photos" / "b.jpg")
    team = content / TEAM / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace(
        "  - name: 李四\n", "  - name: 李四\n    photo: photos/b.jpg\n", 1), encoding="utf-8")
    return content


def _edit(content: Path, n: int) -> None:
    team = content / TEAM / "team.yaml"
    text = team.read_text(encoding="utf-8")
    team.write_text(text.replace("motto: ", f"motto: 第{n}次", 1), encoding="utf-8")


def _later(path: Path) -> None:
    """Past the content scan's racy window, so the scan trusts its own stat."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = images.open_image

    def spy(path):
        seen.append(Path(path).name)
        return real(path)
    monkeypatch.setattr(images, "open_image", spy)
    return seen


def _build(content: Path, out: Path, cache: Path):
    I.MEMORY.clear()                  # as a new process would: the cache entries on disk
    images._opens.clear()             # (the in-process checks are by stat: gone too)
    images._bounds.clear()
    return build(content, out, posters=False, cache=cache, jobs=1)


def _clean(content: Path, tmp_path: Path) -> dict:
    out = tmp_path / "clean"
    build(content, out, posters=False, cache=tmp_path / "clean-cache", jobs=1)
    return tree_hash(out)


def test_an_edit_opens_none_of_its_homes_unchanged_photos(site, tmp_path, opened):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(site, out, cache)
    assert {"a.png", "b.jpg"} <= set(opened)          # the first build opens them
    _edit(site, 1)
    opened.clear()
    report = _build(site, out, cache)
    assert report.rendered > 0 and opened == []       # re-validated, no photo opened
    assert tree_hash(out) == _clean(site, tmp_path)


def test_a_replaced_photo_is_opened_and_its_new_size_used(site, tmp_path, opened):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(site, out, cache)
    big = site / TEAM / "photos" / "b.jpg"
    Image.new("RGB", (1200, 800), (200, 60, 60)).save(big)
    _later(big)
    _edit(site, 2)
    opened.clear()
    _build(site, out, cache)
    assert set(opened) == {"b.jpg"}     # only the changed one (checked, then derived)
    sha = C.file_sha256(big)
    media = {p.name for p in (out / "media").iterdir()}
    assert any(n.startswith(sha[:20]) and not n.endswith("-300.jpg") for n in media)
    assert tree_hash(out) == _clean(site, tmp_path)


def test_a_photo_broken_after_it_was_trusted_is_refused(site, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(site, out, cache)
    before = tree_hash(out)
    bad = site / TEAM / "photos" / "b.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 this is not a photo any more")
    _later(bad)
    _edit(site, 3)
    with pytest.raises(ContentError) as caught:
        _build(site, out, cache)
    assert [p.code for p in caught.value.problems if p.file.endswith("team.yaml")] == ["image_invalid"]
    assert tree_hash(out) == before                   # nothing published


@pytest.mark.parametrize("forged", [
    "other-code", "not-a-pair", "short-hash", "zero-bound", "text-bound"])
def test_an_entry_of_another_shape_or_code_is_not_believed(site, tmp_path, opened, forged):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(site, out, cache)
    path = cache / "images" / "opened.pickle"
    code, known = C.load(path)
    assert set(known.values()) == {8, 300}            # a.png 8 × 8, b.jpg 300 × 200
    sha = next(iter(known))
    C.save(path, {
        "other-code": ("0" * 16, known),
        "not-a-pair": known,
        "short-hash": (code, {sha[:20]: 8, **known}),
        "zero-bound": (code, {**known, sha: 0}),
        "text-bound": (code, {**known, sha: "8"}),
    }[forged])
    _edit(site, 4)
    opened.clear()
    _build(site, out, cache)
    assert {"a.png", "b.jpg"} <= set(opened)          # opened again, as without an entry
    assert tree_hash(out) == _clean(site, tmp_path)


def test_a_build_without_the_record_cache_opens_no_photo_that_opened_before(site, tmp_path, opened):
    """The benchmark's "photos cached" build: records, pages and manifest gone, the
    photo cache kept. What the photos are is known by their bytes; no record needed."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(site, out, cache)
    shutil.rmtree(cache / "build")
    shutil.rmtree(out)
    opened.clear()
    report = _build(site, out, cache)
    assert report.rendered == report.pages > 0 and opened == []
    assert tree_hash(out) == _clean(site, tmp_path)


def test_the_store_keeps_only_photos_still_in_the_content(site, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _build(site, out, cache)
    gone = C.file_sha256(site / TEAM / "photos" / "b.jpg")
    _code, known = C.load(cache / "images" / "opened.pickle")
    assert gone in known and len(known) == 2
    team = site / TEAM / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("    photo: photos/b.jpg\n", "", 1),
                    encoding="utf-8")
    (site / TEAM / "photos" / "b.jpg").unlink()
    _build(site, out, cache)
    _code, known = C.load(cache / "images" / "opened.pickle")
    assert gone not in known and len(known) == 1


def test_a_home_with_a_broken_photo_adds_none_of_its_photos(site, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    (site / TEAM / "photos" / "b.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a photo")
    with pytest.raises(ContentError):
        _build(site, out, cache)
    assert C.load(cache / "images" / "opened.pickle") is None


def test_a_rebuild_that_opens_no_photo_does_not_import_pillow(site, tmp_path):
    out = tmp_path / "out"
    build(site, out, posters=False, jobs=1)           # the cache beside the content, as the CLI's
    _edit(site, 5)
    assert build_then_print(site, out, "'PIL' in sys.modules", tmp_path) == "False"
