"""The photo stage of a build (sitegen/images.py): photos named from the content hashes the
build already has, every derivative a page shows written once into the stage, written over the
pool only when there are many. Tested directly, with a stage and a pool
that record what they are asked, so that a photo left out, written twice or named from
another file's bytes fails here, not only in a whole build."""
from __future__ import annotations

import hashlib
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
    stats = {rel: f"sha-{i}" for i, rel in enumerate(
        ["a.jpg", "b.JPG", "c.jpeg", "d.png", "e.webp", "f.GIF", "g.yaml", "h.md", "i.jpg.txt"])}
    images.know_hashes(tmp_path, stats)
    for i, rel in enumerate(["a.jpg", "b.JPG", "c.jpeg", "d.png", "e.webp", "f.GIF"]):
        path = str(tmp_path / rel)
        assert images.source_hash(path) == f"sha-{i}"          # no file needed: not read
        assert images.media_path(path, 480) == f"media/{f'sha-{i}'[:20]}-480.jpg"
    for rel in ("g.yaml", "h.md", "i.jpg.txt"):
        with pytest.raises(FileNotFoundError):                 # not taken: stat-ed, and absent
            images.source_hash(str(tmp_path / rel))


def test_know_hashes_only_under_the_content_folder(tmp_path):
    """A folder whose name begins as the content folder's is another folder."""
    images.know_hashes(tmp_path / "c", {"a.jpg": "s", "sub/b.png": "t"})
    assert images.source_hash(str(tmp_path / "c" / "sub" / "b.png")) == "t"
    for other in (tmp_path / "c2" / "a.jpg", tmp_path / "a.jpg"):
        with pytest.raises(FileNotFoundError):
            images.source_hash(str(other))


def test_write_media_names_photos_by_the_scans_hashes_of_the_same_file(tmp_path):
    """By their content-relative path, when the photo is that file of the content folder
    the hashes are of; any other path is hashed from its bytes."""
    for d in ("c/x", "elsewhere/x"):
        (tmp_path / d).mkdir(parents=True)
    a = _jpeg(tmp_path / "c" / "x" / "a.jpg", "red")
    b = _jpeg(tmp_path / "elsewhere" / "x" / "b.jpg", "blue")
    images.know_hashes(tmp_path / "c", {"x/a.jpg": "f" * 64, "x/b.jpg": "e" * 64})
    county = SimpleNamespace(images={"x/a.jpg": str(a), "x/b.jpg": str(b)})
    stage = Stage(keep=["media/ffffffffffffffffffff-240.jpg"])
    images.write_media(county, {"p.html": [("x/a.jpg", 240, "s"), ("x/b.jpg", 240, "s")]},
                       stage, tmp_path / "cache")
    real_b = hashlib.sha256(b.read_bytes()).hexdigest()
    assert [rel for rel, _k in stage.asked] == sorted(["media/" + "f" * 20 + "-240.jpg",
                                                       f"media/{real_b[:20]}-240.jpg"])
    assert list(stage.written) == [f"media/{real_b[:20]}-240.jpg"]


def test_know_hashes_replaces_the_last_builds_and_forget_clears(tmp_path):
    images.know_hashes(tmp_path, {"a.jpg": "first"})
    images.know_hashes(tmp_path, {"b.jpg": "second"})
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


def test_publish_job_writes_the_photo_into_the_stage_and_keeps_it_in_the_cache(tmp_path):
    """What a worker does for one photo: derived (and kept in the cache), written into the
    stage, and told back as the write stage records a file (its stat identity, its hash)."""
    from sitegen.write import stamp
    photo = str(_jpeg(tmp_path / "a.jpg", "green"))
    root, cache = tmp_path / "stage", tmp_path / "cache"
    rel = images.media_path(photo, 240)
    written, notes = images._publish_job((str(root), rel, photo, 240, cache))
    data = (root / rel).read_bytes()
    assert notes == [] and images.cached_path(cache, photo, 240).is_file()
    assert data == images.derive(photo, 240, None)                  # encoded as in this process
    assert written == (stamp((root / rel).stat()), hashlib.sha256(data).hexdigest())


def test_publish_job_tells_a_damaged_cache_entry_and_derives_the_photo_again(tmp_path):
    from sitegen import cache as C
    photo = str(_jpeg(tmp_path / "a.jpg", "navy"))
    root, cache = tmp_path / "stage", tmp_path / "cache"
    images.derive(photo, 240, cache)
    entry = images.cached_path(cache, photo, 240)
    entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")          # not what was sealed
    C.reset_notes()
    rel = images.media_path(photo, 240)
    written, notes = images._publish_job((str(root), rel, photo, 240, cache))
    assert notes == [str(entry)] and written is not None
    assert (root / rel).read_bytes() == images.derive(photo, 240, None)
    C.reset_notes()


def test_publish_job_swallows_a_bad_photo(tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a photo")
    assert images._publish_job((str(tmp_path / "stage"), "media/x-240.jpg", str(bad), 240,
                                tmp_path / "cache")) == (None, [])
    assert not images.cached_path(tmp_path / "cache", str(bad), 240).is_file()
    assert not (tmp_path / "stage" / "media" / "x-240.jpg").exists()
