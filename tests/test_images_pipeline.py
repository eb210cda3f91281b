"""The photo stage of a build (sitegen/images.py): photos named from the content hashes the
build already has, every derivative a page shows written once into the stage, the cache
filled over the pool only when there are many. Tested directly, with a stage and a pool
that record what they are asked, so that a photo left out, written twice or named from
another file's bytes fails here, not only in a whole build."""
from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from sitegen import images


def _jpeg(path: Path, color) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture(autouse=True)
def _forget():
    images.forget_hashes()
    yield
    images.forget_hashes()


def test_know_hashes_names_photos_of_every_extension_from_the_builds_hashes(tmp_path):
    stats = {rel: (1, 2, 3, f"sha-{i}", 5) for i, rel in enumerate(
        ["a.jpg", "b.JPG", "c.jpeg", "d.png", "e.webp", "f.GIF", "g.yaml", "h.md", "i.jpg.txt"])}
    images.know_hashes(tmp_path, stats)
    for i, rel in enumerate(["a.jpg", "b.JPG", "c.jpeg", "d.png", "e.webp", "f.GIF"]):
        path = str(tmp_path / rel)
        assert images.source_hash(path) == f"sha-{i}"          # no file needed: not read
        assert images.media_path(path, 480) == f"media/{f'sha-{i}'[:20]}-480.jpg"
    for rel in ("g.yaml", "h.md", "i.jpg.txt"):
        with pytest.raises(FileNotFoundError):                 # not taken: stat-ed, and absent
            images.source_hash(str(tmp_path / rel))


def test_know_hashes_replaces_the_last_builds_and_forget_clears(tmp_path):
    images.know_hashes(tmp_path, {"a.jpg": (1, 2, 3, "first", 5)})
    images.know_hashes(tmp_path, {"b.jpg": (1, 2, 3, "second", 5)})
    with pytest.raises(FileNotFoundError):
        images.source_hash(str(tmp_path / "a.jpg"))
    assert images.source_hash(str(tmp_path / "b.jpg")) == "second"
    images.forget_hashes()
    with pytest.raises(FileNotFoundError):
        images.source_hash(str(tmp_path / "b.jpg"))


class Stage:
    def __init__(self, keep=()):
        self.keep, self.asked, self.written = set(keep), [], {}

    def reuse(self, rel, key):
        self.asked.append((rel, key))
        return rel in self.keep

    def write(self, rel, key, data):
        assert rel not in self.written, f"{rel} written twice"
        self.written[rel] = (key, data)


def test_write_media_writes_each_derivative_once_and_keeps_what_the_stage_holds(tmp_path):
    a, b = _jpeg(tmp_path / "a.jpg", "red"), _jpeg(tmp_path / "b.jpg", "blue")
    county = SimpleNamespace(images={"x/a.jpg": str(a), "x/b.jpg": str(b)})
    media = {"p1.html": [("x/a.jpg", 240, "s"), ("x/b.jpg", 240, "s")],
             "p2.html": [("x/a.jpg", 240, "s"), ("x/a.jpg", 480, "s")], "p3.html": []}
    kept = images.media_path(str(b), 240)
    stage = Stage(keep=[kept])
    n = images.write_media(county, media, stage, tmp_path / "cache")
    want = sorted([images.media_path(str(a), 240), images.media_path(str(a), 480), kept])
    assert n == 3
    assert [rel for rel, _k in stage.asked] == want                      # each once, in order
    assert all(k == f"{rel}@{images.PIPELINE_VERSION}" for rel, k in stage.asked)
    assert sorted(stage.written) == sorted(set(want) - {kept})
    for rel, (key, data) in stage.written.items():
        width = int(rel.rsplit("-", 1)[1].split(".")[0])
        assert key == f"{rel}@{images.PIPELINE_VERSION}"
        assert data == images.derive(str(a), width, tmp_path / "cache")
        assert Image.open(io.BytesIO(data)).size[0] == min(width, 64)


class Pool:
    def __init__(self):
        self.calls = []

    def map(self, fn, items, chunksize=1):
        self.calls.append((fn, list(items), chunksize))
        return [fn(x) for x in items]


def test_derive_missing_uses_the_pool_for_many_missing_only(tmp_path):
    cache = tmp_path / "cache"
    photos = [str(_jpeg(tmp_path / f"p{i}.jpg", (i * 4, 255 - i * 3, i * 37 % 256)))
              for i in range(images.PARALLEL_IMAGES + 1)]
    assert len({images.source_hash(p) for p in photos}) == len(photos)   # all different files
    images.derive(photos[0], 240, cache)                   # one already in the cache
    pool = Pool()
    images.derive_missing([(p, 240) for p in photos], cache, pool)
    ((fn, items, chunksize),) = pool.calls
    assert fn is images._derive_job and chunksize == 16
    assert items == [(p, 240, cache) for p in photos[1:]]  # the cached one is not asked
    assert all(images.cached_path(cache, p, 240).is_file() for p in photos)
    few = Pool()
    images.derive_missing([(p, 480) for p in photos[:images.PARALLEL_IMAGES - 1]], cache, few)
    assert few.calls == []                                 # fewer than PARALLEL_IMAGES: in-process later
    assert not images.cached_path(cache, photos[0], 480).is_file()
    images.derive_missing([(p, 480) for p in photos], cache, None)   # no pool: nothing here
    assert not images.cached_path(cache, photos[0], 480).is_file()


def test_derive_job_swallows_a_bad_photo(tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a photo")
    assert images._derive_job((str(bad), 240, tmp_path / "cache")) is None
    assert not images.cached_path(tmp_path / "cache", str(bad), 240).is_file()
