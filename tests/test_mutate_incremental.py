"""The incremental machinery's rules, each on its own (the tables the mutation run of
incremental.py asked for; whole builds are test_incremental.py and test_cache_*.py): a
content file is read again whenever it may have changed, a home's cache entry is used
only for exactly these inputs and in the shape this code writes, a page key changes with
every value its template reads, and nothing damaged read back from the cache is used."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import shutil
import time
import types
from pathlib import Path

import jinja2
import pytest

from sitegen import beside
from sitegen import cache as C
from sitegen import facts
from sitegen import incremental as I
from sitegen import model as m
from sitegen import render
from sitegen.problems import ContentError
from sitegen.validate import load_county, load_home

from conftest import CASES, fork_spy

MINIMAL = CASES / "good" / "minimal" / "content"


@pytest.fixture(autouse=True)
def _no_memory():
    I.MEMORY.clear()
    yield
    I.MEMORY.clear()


@pytest.fixture
def content(tmp_path) -> Path:
    dst = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, dst)
    return dst


def _old(path: Path) -> None:
    """A file last changed long ago: its stat can be trusted (not "racy")."""
    t = time.time_ns() - 10 * C.RACY_NS
    os.utime(path, ns=(t, t))


# ------------------------------------------------------------------ the manifest

def test_manifest_path_is_per_output(tmp_path):
    a = I.Manifest.path(tmp_path, Path("/x/out"))
    assert a.parent == tmp_path / "build" and a.name.startswith("out-") and a.suffix == ".pickle"
    assert len(a.stem) == len("out-") + 16 and a.stem[4:] == C.digest("/x/out")[:16]
    assert I.Manifest.path(tmp_path, Path("/x/out2")) != a


def _full() -> I.Manifest:
    return I.Manifest(state="s1", version="v", pages=3, images=2, posters=1, page_list=["a"],
                      problems=["p"], media={"a": [("x.png", 400, "h")]}, live={"at": 1, "files": {}},
                      kept={"at": 2, "files": {}}, live_print={"n": 1}, reads={"a": [("h1", "Hd")]})


def test_manifest_round_trip(tmp_path):
    out = tmp_path / "out"
    _full().save(tmp_path, out)
    assert I.Manifest.load(tmp_path, out) == _full()
    small = I.Manifest.load(tmp_path, out, small=True)
    assert (small.state, small.pages, small.live_print, small.page_list) == ("s1", 3, {"n": 1}, ["a"])
    assert (small.media, small.reads, small.live, small.kept) == ({}, {}, {}, {})
    small.load_files(tmp_path, out)
    assert small == _full()
    assert I.Manifest.load(tmp_path, tmp_path / "other") == I.Manifest()


def test_manifest_files_of_another_build_are_not_used(tmp_path):
    out = tmp_path / "out"
    _full().save(tmp_path, out)
    other = _full()
    other.state, other.live = "s2", {"at": 9, "files": {"x": 1}}
    C.save(I.Manifest.path(tmp_path, out).with_suffix(".files"),
           {"state": "s2", "media": {}, "live": other.live, "kept": {}})
    got = I.Manifest.load(tmp_path, out)
    assert got.state == "s1" and (got.media, got.reads, got.live, got.kept) == ({}, {}, {}, {})


@pytest.mark.parametrize("body", [None, [1], "x", {"state": "s1", "media": [1], "live": "x", "kept": 5},
                                  {"media": {}, "live": {}, "kept": {}}])
def test_manifest_damaged_files_part(tmp_path, body):
    out = tmp_path / "out"
    _full().save(tmp_path, out)
    C.save(I.Manifest.path(tmp_path, out).with_suffix(".files"), body)
    got = I.Manifest.load(tmp_path, out)
    assert got.state == "s1" and (got.media, got.reads, got.live, got.kept) == ({}, {}, {}, {})


def test_manifest_files_part_partly_damaged(tmp_path):
    out = tmp_path / "out"
    _full().save(tmp_path, out)
    C.save(I.Manifest.path(tmp_path, out).with_suffix(".files"),
           {"state": "s1", "media": _shelved(tmp_path, out, I.pack({"p": []}, {}, "media")),
            "reads": [("h1", "Hd")],
            "live": ["not", "a", "dict"],
            "kept": {"at": 3, "files": {}}})
    got = I.Manifest.load(tmp_path, out)
    assert got.media == {"p": []} and got.live == {} and got.kept == {"at": 3, "files": {}}
    assert got.reads == {}


def _big(n: int = 2000) -> I.Manifest:
    pages = {f"homes/h{i}/index.html": [(f"p{i}.jpg", 400, f"sha{i}")] for i in range(n)}
    live = {"at": 1, "files": {p: (f"k{p}", [1, 2, 3, 4, 5], "d") for p in pages}}
    return I.Manifest(state="s1", media=pages, reads={p: [("h1", "Hd")] for p in pages},
                      live=live, kept={"at": 2, "files": dict(live["files"])})


def _shard_files(cache, out) -> set[str]:
    return set(os.listdir(I.Manifest.path(cache, out).with_suffix(".shards")))


def test_manifest_shards_changed_are_the_only_files_written(tmp_path, monkeypatch):
    """A build that changes one page's photos writes that page's media shard and the
    (small) list of names, not the 37 MB of every page again; the shard it replaces is gone."""
    out = tmp_path / "out"
    _big().save(tmp_path, out)
    before = _shard_files(tmp_path, out)
    assert len(before) == 3 * I.SHARDS           # media, reads, the published record: all differ
    last = I.Manifest.load(tmp_path, out)
    assert last == _big()
    written = []
    real = C.write_sealed
    monkeypatch.setattr(C, "write_sealed", lambda path, kind, data: (written.append(path), real(path, kind, data))[1])
    edited = dataclasses.replace(last, media={**last.media, "homes/h7/index.html": [("new.jpg", 400, "n")]})
    edited.save(tmp_path, out)
    shards = [p for p in written if p.parent.name.endswith(".shards")]
    assert len(shards) == 1 and shards[0].name not in before
    after = _shard_files(tmp_path, out)
    assert len(after) == len(before) and len(after - before) == 1     # the old one pruned
    assert I.Manifest.load(tmp_path, out) == edited


@pytest.mark.parametrize("damage", ["flipped", "missing", "renamed", "not-a-name"])
def test_manifest_shard_damaged_is_not_used(tmp_path, damage):
    """A shard that is not the one written under its name (a bit flipped, gone, another
    shard's bytes under its name, a name that is no shard's) makes its dict unusable:
    every page is made again, none is kept on the word of a broken record."""
    out = tmp_path / "out"
    _big().save(tmp_path, out)
    folder = I.Manifest.path(tmp_path, out).with_suffix(".shards")
    body_path = I.Manifest.path(tmp_path, out).with_suffix(".files")
    body = C.load(body_path)
    first, second = body["media"][0], body["media"][1]
    if damage == "flipped":
        data = bytearray((folder / first).read_bytes())
        data[-3] ^= 1
        (folder / first).write_bytes(bytes(data))
    elif damage == "missing":
        (folder / first).unlink()
    elif damage == "renamed":
        (folder / first).write_bytes((folder / second).read_bytes())
    else:
        C.save(body_path, {**body, "media": ["../x" * 10] + body["media"][1:]})
    C.reset_notes()
    got = I.Manifest.load(tmp_path, out)
    assert got.media == {} and got.reads == _big().reads and got.live == _big().live
    assert (str(folder / first) in C.rejected) == (damage in ("flipped", "renamed"))


def test_manifest_shards_prune_leaves_only_what_the_list_names(tmp_path):
    out = tmp_path / "out"
    folder = I.Manifest.path(tmp_path, out).with_suffix(".shards")
    folder.mkdir(parents=True)
    (folder / "stale").write_bytes(b"x")                        # an earlier build's, or half
    (folder / ("a" * 40 + ".tmp123")).write_bytes(b"x")           # a write cut short
    _full().save(tmp_path, out)
    body = C.load(I.Manifest.path(tmp_path, out).with_suffix(".files"))
    named = set(body["media"]) | set(body["reads"]) | set(body["live"]["files"])
    assert _shard_files(tmp_path, out) == named
    assert I.Manifest.load(tmp_path, out) == _full()


def test_manifest_shards_kept_when_the_list_cannot_be_saved(tmp_path, monkeypatch):
    """The list of names not saved (a full disk): the last build's shards stay, since the
    list still on disk names them."""
    out = tmp_path / "out"
    _big(50).save(tmp_path, out)
    before = _shard_files(tmp_path, out)
    last = I.Manifest.load(tmp_path, out)
    edited = dataclasses.replace(last, media={**last.media, "homes/h7/index.html": []})
    monkeypatch.setattr(I, "save", lambda path, value: False)
    edited.save(tmp_path, out)
    assert before <= _shard_files(tmp_path, out)
    monkeypatch.undo()
    assert I.Manifest.load(tmp_path, out) == _big(50)


def test_manifest_killed_between_its_writes_is_whole_or_unused(tmp_path, monkeypatch):
    """A build killed while saving the manifest: before the list of shards is saved, the
    last build's list and every shard it names are still there; after it (and the prune),
    before the summary, the list is of another build than the summary and is not used.
    Never the photos of one build with the record of another."""
    out = tmp_path / "out"
    _big(50).save(tmp_path, out)
    last = I.Manifest.load(tmp_path, out)
    edited = dataclasses.replace(last, state="s2", media={p: [] for p in last.media})

    def killed(path, value):
        if path.suffix == ".files":
            raise KeyboardInterrupt
        return real(path, value)
    real = I.save
    monkeypatch.setattr(I, "save", killed)
    with pytest.raises(KeyboardInterrupt):
        edited.save(tmp_path, out)
    monkeypatch.undo()
    assert I.Manifest.load(tmp_path, out) == _big(50)           # the last one, whole

    monkeypatch.setattr(I.Manifest, "save_small", lambda self, cache, output: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        dataclasses.replace(I.Manifest.load(tmp_path, out), state="s2",
                            media={p: [] for p in last.media}).save(tmp_path, out)
    monkeypatch.undo()
    got = I.Manifest.load(tmp_path, out)
    assert got.state == "s1" and (got.media, got.reads, got.live, got.kept) == ({}, {}, {}, {})


def _shelved(cache, out, blobs):
    """`blobs` written as the manifest's shards are, and their names as it lists them."""
    return C.Shards(I.Manifest.path(cache, out).with_suffix(".shards")).names(blobs)


def _pages(n: int) -> dict:
    return {f"homes/h{i}/index.html": [(f"p{i}.jpg", 400, f"sha{i}")] for i in range(n)}


def test_pack_round_trip_and_shards_read_back_are_saved_as_their_bytes(monkeypatch):
    pages = _pages(2000)
    blobs = I.pack(pages, {}, "media")
    assert len(blobs) == I.SHARDS and all(type(b) is bytes for b in blobs)
    packed: dict = {}
    assert I.unpack(blobs, packed, "media") == pages and set(packed) == {"media"}
    dumped = []
    real = I.pickle.dumps
    monkeypatch.setattr(I.pickle, "dumps", lambda v, **k: (dumped.append(v), real(v, **k))[1])
    edited = dict(pages, **{"homes/h7/index.html": [("new.jpg", 400, "x")]})
    again = I.pack(edited, packed, "media")
    assert len(dumped) == 1 and "homes/h7/index.html" in dumped[0]     # one shard pickled
    assert sum(a is not b for a, b in zip(again, blobs)) == 1
    assert I.unpack(again, {}, "media") == edited
    assert I.pack(pages, {}, "other") == blobs                         # deterministic
    assert I.pack([1], {}, "media") == [1]                             # not a dict: as it is
    odd = {"homes/\udcff/index.html": [], "homes/b/index.html": []}    # a name not UTF-8 on disk
    assert I.unpack(I.pack(odd, {}, "media"), {}, "media") == odd


@pytest.mark.parametrize("how", ["short", "dict", "text_blob", "garbage", "list_shard", "int_key"])
def test_unpack_refuses_what_pack_does_not_make(how):
    blobs = I.pack(_pages(50), {}, "media")
    if how == "short":
        blobs = blobs[:-1]
    elif how == "dict":
        blobs = dict(enumerate(blobs))
    elif how == "text_blob":
        blobs[3] = "x"
    elif how == "garbage":
        blobs[3] = b"not a pickle"
    elif how == "list_shard":
        blobs[3] = pickle.dumps([1, 2])
    else:
        blobs[3] = pickle.dumps({7: []})
    packed: dict = {}
    assert I.unpack(blobs, packed, "media") is None and packed == {}


def test_manifest_saves_unchanged_shards_as_read(tmp_path, monkeypatch):
    """A build that changes one page pickles the shard of that page (and the live
    record's shards its files changed), not the manifest whole."""
    out = tmp_path / "out"
    live = {"at": 1, "files": {rel: ("k", (1, 2, 3, 4, 5), "s") for rel in _pages(500)}}
    I.Manifest(state="s", media=_pages(500), live=live, reads={}).save(tmp_path, out)
    last = I.Manifest.load(tmp_path, out)
    assert last.media == _pages(500) and last.live == live
    dumped = []
    real = I.pickle.dumps
    monkeypatch.setattr(I.pickle, "dumps", lambda v, **k: (dumped.append(v), real(v, **k))[1])
    media = dict(last.media, **{"homes/h3/index.html": []})
    I.Manifest(state="s2", media=media, live=last.live, kept={}, reads={}, packed=last.packed
               ).save(tmp_path, out)
    shards = [v for v in dumped if type(v) is dict and v and "homes/h3/index.html" in v]
    assert len(shards) == 1 and shards[0]["homes/h3/index.html"] == []
    assert not any(type(v) is dict and len(v) > 20 for v in dumped if v is not shards[0])
    got = I.Manifest.load(tmp_path, out)
    assert got.media == media and got.live == live


def _records():
    """A published record and the kept one before it, as a stage leaves them: most
    entries the same objects, one file made again, one new, one gone, the kept folder's
    links dated by its own closing."""
    same = {f"media/{i:04x}-400.jpg": (f"k{i}", (0o100644, 10, i, i, i), f"sha{i}") for i in range(50)}
    kept = {"at": 5, "files": {**same, "index.html": ("k-old", (0o100644, 9, 1, 2, 3), "s-old"),
                                "gone.html": ("kg", (0o100644, 1, 1, 1, 1), "sg")},
            "relinked": {"at": 6, "files": ["media/0001-400.jpg"]}}
    live = {"at": 9, "files": {**same, "index.html": ("k-new", (0o100644, 9, 4, 5, 6), "s-new"),
                                "new.html": ("kn", (0o100644, 2, 2, 2, 2), "sn")}}
    return live, kept


def test_kept_record_saved_as_its_difference_from_the_published_one(tmp_path):
    live, kept = _records()
    delta = I.kept_delta(kept, live)
    assert delta["delta"] == {"index.html": kept["files"]["index.html"],
                              "gone.html": kept["files"]["gone.html"]}
    assert delta["gone"] == ["new.html"] and "files" not in delta
    assert (delta["at"], delta["relinked"]) == (5, kept["relinked"])
    assert I.kept_whole(delta, live) == kept
    odd = {**kept, "files": {**kept["files"], "none.html": None}}       # whatever it held
    assert I.kept_whole(I.kept_delta(odd, live), live) == odd
    out = tmp_path / "out"
    I.Manifest(state="s", live=live, kept=kept).save(tmp_path, out)
    body = C.load(I.Manifest.path(tmp_path, out).with_suffix(".files"))
    assert body["kept"] == delta                             # not the 50 shared entries again
    got = I.Manifest.load(tmp_path, out)
    assert got.kept == kept and got.live == live


@pytest.mark.parametrize("kept", [None, {"at": 1}, {"at": 1, "files": ["x"]}, "x"])
def test_kept_record_without_files_is_saved_as_it_is(kept):
    live, _ = _records()
    assert I.kept_delta(kept, live) == kept and I.kept_whole(kept, live) == kept
    assert I.kept_delta({"at": 1, "files": {}}, {"files": 5}) == {"at": 1, "files": {}}


def test_kept_record_gone_file_unknown_to_the_published_record_is_passed_over():
    live, kept = _records()
    stored = I.kept_delta(kept, live)
    stored["gone"] = stored["gone"] + ["never-published.html"]
    assert I.kept_whole(stored, live) == kept


@pytest.mark.parametrize("how", ["delta_list", "gone_dict", "gone_int", "live_none", "live_files_list"])
def test_kept_record_damaged_difference_is_no_record(how):
    live, kept = _records()
    stored = I.kept_delta(kept, live)
    if how == "delta_list":
        stored["delta"] = list(stored["delta"].items())
    elif how == "gone_dict":
        stored["gone"] = {"new.html": 1}
    elif how == "gone_int":
        stored["gone"] = [5]
    elif how == "live_none":
        live = None
    else:
        live = {"at": 9, "files": list(live["files"])}
    assert I.kept_whole(stored, live) is None


@pytest.mark.parametrize("head", [None, [], "summary", 5])
def test_manifest_summary_not_a_dict(tmp_path, head):
    out = tmp_path / "out"
    _full().save(tmp_path, out)
    C.save(I.Manifest.path(tmp_path, out), head)
    assert I.Manifest.load(tmp_path, out) == I.Manifest()


@pytest.mark.parametrize("field, value", [("pages", "many"), ("pages", None), ("live_print", 5),
                                          ("page_list", 3), ("problems", 1.5), ("images", [1])])
def test_manifest_summary_of_another_shape_is_empty(tmp_path, field, value):
    out = tmp_path / "out"
    _full().save(tmp_path, out)
    head = {name: getattr(_full(), name) for name in I.Manifest.SMALL}
    head[field] = value
    C.save(I.Manifest.path(tmp_path, out), head)
    assert I.Manifest.load(tmp_path, out) == I.Manifest()


def test_manifest_summary_missing_fields_default(tmp_path):
    out = tmp_path / "out"
    C.save(I.Manifest.path(tmp_path, out), {"state": "s", "pages": "4"})
    got = I.Manifest.load(tmp_path, out, small=True)
    assert got == I.Manifest(state="s", pages=4)            # a number as text: taken as a number


def test_manifest_saves_the_files_part_first(tmp_path, monkeypatch):
    written = []
    monkeypatch.setattr(I, "save", lambda path, value: written.append((path.suffix, value)))
    _full().save(tmp_path, tmp_path / "out")
    assert [s for s, _v in written] == [".files", ".pickle"]
    def named(blobs):
        return C.Shards(tmp_path).names(blobs)         # the names only: nothing is written
    monkeypatch.setattr(C, "write_sealed", lambda *a: True)
    assert written[0][1] == {"state": "s1", "media": named(I.pack(_full().media, {}, "media")),
                             "reads": named(I.pack(_full().reads, {}, "reads")),
                             "live": {"at": 1, "files": named(I.pack({}, {}, "live"))},
                             "kept": {"at": 2, "delta": {}, "gone": []}}
    assert written[1][1] == {n: getattr(_full(), n) for n in I.Manifest.SMALL}


def test_manifest_defaults_are_not_shared():
    a, b = I.Manifest(), I.Manifest()
    a.media["x"] = 1
    a.page_list.append(1)
    assert b.media == {} and b.page_list == []


# ------------------------------------------------------------------ the state and media

class _Files:
    special = ["homes/x/fifo"]


def test_state_of_changes_with_every_input(monkeypatch):
    base = I.state_of(_Files(), "E", "T", "zh", True)
    others = {I.state_of(_Files(), "E2", "T", "zh", True), I.state_of(_Files(), "E", "T2", "zh", True),
              I.state_of(_Files(), "E", "T", "en", True), I.state_of(_Files(), "E", "T", "zh", False)}
    no_special = type("F", (), {"special": []})()
    others.add(I.state_of(no_special, "E", "T", "zh", True))
    assert base not in others and len(others) == 5
    assert I.state_of(_Files(), "E", "T", "zh", 1) == base          # any true value: posters on
    monkeypatch.setattr(C, "code_version", lambda: "another sitegen")
    assert I.state_of(_Files(), "E", "T", "zh", True) != base


def test_media_ok():
    county = types.SimpleNamespace(images={"a.png": "/c/a.png", "b.png": "/c/b.png"})
    hashes = {"a.png": "ha", "b.png": "hb"}
    assert I.media_ok([], county, hashes) is True
    assert I.media_ok([("a.png", 400, "ha"), ("b.png", 800, "hb")], county, hashes) is True
    assert I.media_ok([("a.png", 400, "ha"), ("b.png", 800, "old")], county, hashes) is False
    assert I.media_ok([("c.png", 400, "hc")], county, {**hashes, "c.png": "hc"}) is False   # not named now
    assert I.media_ok([("a.png", 400, "ha")], county, {}) is False
    assert I.media_ok(None, county, hashes) is False
    for broken in ([("a.png", "ha")], [5], 7, [("a.png", 1, "ha", "x")]):
        assert I.media_ok(broken, county, hashes) is False


# ------------------------------------------------------------------ content files

def _scan(cache, content):
    files = I.Files(cache, content)
    files.scan()
    return files, files.hashes


def test_files_scan_hashes_every_regular_file(content, tmp_path):
    cache = tmp_path / "cache"
    (content / ".sitegen-cache-x").mkdir()
    (content / ".sitegen-cache-x" / "junk").write_text("j")
    os.mkfifo(content / "homes" / "demo" / "fifo")
    (content / "homes" / "demo" / "link.yaml").symlink_to(content / "site.yaml")
    files, hashes = _scan(cache, content)
    expected = {p.relative_to(content).as_posix(): C.file_sha256(p) for p in content.rglob("*")
                if p.is_file() and ".sitegen-cache" not in str(p) and p.name != "fifo"}
    assert hashes == expected and "homes/demo/link.yaml" in hashes     # a link to a file: read
    assert files.special == ["homes/demo/fifo"] and files.read == len(expected)
    assert files.changed() is True
    st = os.stat(content / "site.yaml")
    rec = files.stats["site.yaml"]
    assert rec[:4] == (st.st_size, st.st_mtime_ns, st.st_ino, hashes["site.yaml"])
    assert abs(rec[4] - time.time_ns()) < 60 * 10 ** 9


def test_files_specials_sorted(content, tmp_path):
    for name in ("zz", "aa", "mm"):
        os.mkfifo(content / name)
    files, _ = _scan(tmp_path / "cache", content)
    assert files.special == ["aa", "mm", "zz"]


def test_files_unchanged_old_file_is_not_read_again(content, tmp_path):
    cache = tmp_path / "cache"
    for p in content.rglob("*"):
        _old(p)
    files, first = _scan(cache, content)
    files.commit()
    again, second = _scan(cache, content)
    assert second == first and again.read == 0 and again.changed() is False
    assert again.stats == files.stats


def test_files_racy_file_is_read_again(content, tmp_path):
    """Hashed within the racy window of its mtime: an edit in the same tick would not show."""
    cache = tmp_path / "cache"
    for p in content.rglob("*"):
        os.utime(p)                                   # changed just now
    files, first = _scan(cache, content)
    files.commit()
    again, second = _scan(cache, content)
    assert second == first and again.read == len(first)


@pytest.mark.parametrize("whole", [True, False])
def test_files_racy_edge(content, tmp_path, whole):
    """The racy rule holds both where a unit is taken whole (its signature recorded) and
    where it is checked file by file (`whole` False: the unit was not settled)."""
    cache = tmp_path / "cache"
    site = content / "site.yaml"
    files, _ = _scan(cache, content)
    st = os.stat(site)
    sig = files.units[""][0]
    for hashed_at, read in ((st.st_mtime_ns + C.RACY_NS, 1), (st.st_mtime_ns + C.RACY_NS + 1, 0)):
        stats = {"site.yaml": (st.st_size, st.st_mtime_ns, st.st_ino, "recorded", hashed_at)}
        entry = I.unit_entry("", sig, stats, (), troubled=not whole)
        assert entry[2] is (whole and read == 0)
        files.units = {"": entry}
        files.old = {}
        files.commit()
        f2 = I.Files(cache, content)
        f2.scan()
        assert (f2.hashes["site.yaml"] == "recorded") is (read == 0)
        assert (f2.units[""] is f2.old[""]) is (whole and read == 0)


@pytest.mark.parametrize("change", ["edit_same_size", "mtime", "inode", "size", "deleted", "added"])
def test_files_notice_every_change(content, tmp_path, change):
    cache = tmp_path / "cache"
    site = content / "site.yaml"
    for p in content.rglob("*"):
        _old(p)
    files, first = _scan(cache, content)
    files.commit()
    st = os.stat(site)
    if change == "edit_same_size":
        data = site.read_bytes()
        site.write_bytes(data[:-2] + (b"#\n" if data[-2:] != b"#\n" else b"!\n"))
    elif change == "mtime":
        os.utime(site, ns=(st.st_atime_ns, st.st_mtime_ns - 10 ** 9))
    elif change == "inode":            # another file put in its place, same size and time
        data = site.read_bytes()
        new = content / "site.new"
        new.write_bytes(data[:-2] + (b"#\n" if data[-2:] != b"#\n" else b"!\n"))
        os.utime(new, ns=(st.st_atime_ns, st.st_mtime_ns))
        new.rename(site)
        assert os.stat(site).st_ino != st.st_ino
    elif change == "size":
        site.write_bytes(site.read_bytes() + b"\n")
    elif change == "deleted":
        site.unlink()
    else:
        (content / "new.txt").write_text("n")
    again, second = _scan(cache, content)
    assert again.changed() is True
    truth = {p.relative_to(content).as_posix(): C.file_sha256(p) for p in content.rglob("*") if p.is_file()}
    assert second == truth
    if change in ("deleted", "added"):
        assert again.read == (1 if change == "added" else 0)


def _many_homes(content: Path, n: int = 12) -> None:
    """More home folders (copies of demo), so that both halves of the walk hold some."""
    for i in range(n):
        shutil.copytree(content / "homes" / "demo", content / "homes" / f"h{i}")
    (content / "homes" / "loose.txt").write_text("a file of homes/ itself")
    (content / "shared" / "sub").mkdir(parents=True, exist_ok=True)
    (content / "shared" / "sub" / "x.txt").write_text("a file outside the homes")
    for p in content.rglob("*"):
        _old(p)


def test_walk_halves_share_the_homes(content):
    _many_homes(content)
    whole, _ = I._walk_units(str(content))
    halves = [I._walk_units(str(content), part)[0] for part in (0, 1)]
    assert {**halves[0], **halves[1]} == whole and not set(halves[0]) & set(halves[1])
    assert "" in halves[0] and "homes/loose.txt" in {e[0] for e in halves[0][""]}
    assert "shared/sub/x.txt" in {e[0] for e in halves[0][""]}
    for part, units in enumerate(halves):
        assert len(units) > 2 and all(I.unit_part(u) == part for u in units)
        assert all(I.unit_part(u) == beside.half(u[6:]) for u in units if u)


@pytest.mark.parametrize("fork", [False, True])
def test_files_scan_the_same_whoever_walks_a_half(content, tmp_path, monkeypatch, fork):
    """Forked or not, the scan finds every unit, takes whole what is as recorded, and
    reads again what changed in either half."""
    monkeypatch.setattr(beside, "FORK", fork)
    _many_homes(content)
    cache = tmp_path / "cache"
    files, truth = _scan(cache, content)
    files.commit()
    again = I.Files(cache, content)
    again.scan(fork=True)
    assert again.read == 0 and all(again.units[u] is again.old[u] for u in again.units)
    assert again.hashes == truth and again.digests() == files.digests()
    homes = sorted(u for u in again.units if u)
    for part in (0, 1):
        unit = next(u for u in homes if I.unit_part(u) == part)
        team = content / unit / "teams" / "team-a" / "team.yaml"
        team.write_text(team.read_text(encoding="utf-8") + "\n# 改\n", encoding="utf-8")
        _old(team)                  # (not racy: the next round reads this file alone)
        third = I.Files(cache, content)
        third.scan(fork=True)
        assert third.read == 1 and third.units[unit] is not third.old[unit], unit
        assert third.hashes[f"{unit}/teams/team-a/team.yaml"] == C.file_sha256(team)
        assert all(third.units[u] is third.old[u] for u in third.units if u != unit)
        assert third.hashes == {p.relative_to(content).as_posix(): C.file_sha256(p)
                                for p in content.rglob("*") if p.is_file()}
        third.commit()


def test_files_stats_of_the_other_half_walked_again_when_damaged(content, tmp_path, monkeypatch):
    """A unit the other half took whole, whose stats turn out damaged when asked for: its
    files are listed again here (the other process's walk is not at hand) and read."""
    _many_homes(content)
    cache = tmp_path / "cache"
    files, truth = _scan(cache, content)
    unit = next(u for u in sorted(files.units) if u and I.unit_part(u) == 1)
    good = files.units[unit]
    _store(cache, {str(content): dict(files.units, **{unit: good[:4] + (b"not a pickle",)})})
    again = I.Files(cache, content)
    again.scan(fork=True)
    assert again.units[unit] is again.old[unit] and unit not in again._walked
    parts = _walks(monkeypatch)
    assert again.hashes == truth and again.read == sum(r.startswith(unit + "/") for r in truth)
    assert parts == [1]                                     # its half walked again, not all


def _walks(monkeypatch) -> list:
    """The parts `_walk_units` is asked for from now on."""
    parts = []
    real = I._walk_units
    monkeypatch.setattr(I, "_walk_units", lambda root, part=None: (parts.append(part), real(root, part))[1])
    return parts


def test_files_stats_of_a_unit_gone_since_the_scan(content, tmp_path, monkeypatch):
    """Damaged stats of a home deleted after the scan: nothing of it is hashed, no error."""
    _many_homes(content)
    cache = tmp_path / "cache"
    files, truth = _scan(cache, content)
    unit = next(u for u in sorted(files.units) if u and I.unit_part(u) == 1)
    _store(cache, {str(content): dict(files.units, **{unit: files.units[unit][:4] + (b"x",)})})
    again = I.Files(cache, content)
    again.scan()
    shutil.rmtree(content / unit)
    assert again.hashes == {r: h for r, h in truth.items() if not r.startswith(unit + "/")}


@pytest.mark.parametrize("fork", [False, True])
def test_files_scan_walks_each_half_once(content, tmp_path, monkeypatch, fork):
    """One walk of each half, the second beside (forked when asked: `fork`), the other
    process's answer holding its own half's units only."""
    monkeypatch.setattr(beside, "FORK", False)          # (the spies see the second half)
    _many_homes(content)
    cache = tmp_path / "cache"
    _scan(cache, content)[0].commit()
    parts, forks = _walks(monkeypatch), fork_spy(monkeypatch)
    files = I.Files(cache, content)
    files.scan(fork=True) if fork else files.scan()
    assert sorted(parts) == [0, 1] and forks == [fork]
    theirs, troubled = I._scan_half(str(content), 1, files.old)
    assert theirs and all(I.unit_part(u) == 1 for u in theirs) and not troubled
    assert all(ents is None for _sig, ents in theirs.values())          # all as recorded


def _listing_refused(monkeypatch, folder: Path) -> list:
    """os.scandir refuses `folder` (as for a user who may not list it); every folder
    listed is noted."""
    listed = []
    real = os.scandir

    def scandir(d):
        listed.append(str(d))
        if str(d) == str(folder):
            raise PermissionError(13, "denied")
        return real(d)
    monkeypatch.setattr(I.os, "scandir", scandir)
    return listed


@pytest.mark.parametrize("part", [0, 1])
def test_files_a_unit_in_trouble_is_not_taken_whole(content, tmp_path, monkeypatch, part):
    """A home with an empty folder that can no longer be listed: its stats are what was
    recorded, yet it is checked file by file and left unsettled, whichever half has it."""
    monkeypatch.setattr(beside, "FORK", False)
    _many_homes(content)
    unit = next(f"homes/h{i}" for i in range(12) if I.unit_part(f"homes/h{i}") == part)
    (content / unit / "empty").mkdir()
    cache = tmp_path / "cache"
    files, truth = _scan(cache, content)
    files.commit()
    assert files.units[unit][2] is True
    _listing_refused(monkeypatch, content / unit / "empty")
    parts = _walks(monkeypatch)
    again, hashes = _scan(cache, content)
    assert hashes == truth and sorted(parts) == [0, 1]
    assert again.units[unit] is not again.old[unit] and again.units[unit][2] is False
    assert all(again.units[u] is again.old[u] for u in again.units if u != unit)


def test_files_the_second_half_lists_only_its_homes(content, monkeypatch):
    _many_homes(content)
    listed = _listing_refused(monkeypatch, content / "no such folder")
    units, _ = I._walk_units(str(content), 1)
    below = [Path(d).relative_to(content).as_posix() for d in listed if d != str(content)]
    assert below[0] == "homes" and all(d.startswith("homes/h") for d in below[1:])
    assert sorted(below[1:]) == sorted(d for d in below[1:] if I.unit_part("homes/" + d.split("/")[1]) == 1)
    assert {d.split("/")[1] for d in below[1:]} == {u[6:] for u in units}


def _store(cache, roots: dict) -> None:
    """files.pickle as Files.commit writes it: each content folder's units pickled without
    their stats, which go to the shards (an entry that is not a 5-tuple, as it is)."""
    shards = C.Shards(cache / "build" / "files.shards")
    stored = {}
    for root, units in roots.items():
        whole = {u: e for u, e in units.items() if type(e) is tuple and len(e) == 5}
        light = {u: e[:4] if u in whole else e for u, e in units.items()}
        blobs = shards.names(I.pack({u: e[4] for u, e in whole.items()}, {}, "files"))
        stored[root] = pickle.dumps((light, blobs))
    C.save(cache / "build" / "files.pickle", stored)


def _damaged(good: tuple, how: str):
    sig, dig, settled, special, blob = good
    stats = pickle.loads(blob)
    return {
        "short": good[:3], "no_stats": good[:4], "list": list(good), "none": None, "text": "abcde",
        "sig_text": (sig.hex(), dig, settled, special, blob),
        "digest_int": (sig, 5, settled, special, blob),
        "settled_int": (sig, dig, 1, special, blob),
        "special_list": (sig, dig, settled, list(special), blob),
        "special_int": (sig, dig, settled, (5,), blob),
        "blob_text": (sig, dig, settled, special, "x"),
        "blob_garbage": (sig, dig, False, special, b"not a pickle"),
        "blob_list": (sig, dig, False, special, pickle.dumps(list(stats.items()))),
        "stat_short": (sig, dig, False, special,
                       pickle.dumps({k: v[:4] for k, v in stats.items()})),
        "stat_sha_int": (sig, dig, False, special,
                         pickle.dumps({k: v[:3] + (7,) + v[4:] for k, v in stats.items()})),
        "stat_key_int": (sig, dig, False, special,
                         pickle.dumps({7: v for v in stats.values()})),
    }[how]


@pytest.mark.parametrize("how", ["short", "no_stats", "list", "none", "text", "sig_text", "digest_int",
                                 "settled_int", "special_list", "special_int", "blob_text",
                                 "blob_garbage", "blob_list", "stat_short", "stat_sha_int",
                                 "stat_key_int"])
def test_files_damaged_entry_means_read_again(content, tmp_path, how):
    cache = tmp_path / "cache"
    for p in content.rglob("*"):
        _old(p)
    files, truth = _scan(cache, content)
    outside = sum(1 for rel in truth if not rel.startswith("homes/demo/"))
    damaged = dict(files.units, **{"": _damaged(files.units[""], how)})
    _store(cache, {str(content): damaged})
    again, hashes = _scan(cache, content)
    assert hashes == truth and again.read == outside > 0        # that unit alone, read again
    assert again.units["homes/demo"] is again.old["homes/demo"]
    assert again.units[""][:2] == files.units[""][:2]           # the same digest and files
    assert again.units[""][3] == files.units[""][3]
    # settled again unless the damage was found in the stats of a unit taken whole
    assert again.units[""][2] is (how not in ("no_stats", "blob_text"))


@pytest.mark.parametrize("stored", [None, [1, 2], "x", {"other": 1}])
def test_files_damaged_store(content, tmp_path, stored):
    cache = tmp_path / "cache"
    C.save(cache / "build" / "files.pickle", stored)
    files, hashes = _scan(cache, content)
    assert files.old == {} and len(hashes) == files.read > 0


def test_files_entry_of_another_folder_is_not_a_dict(content, tmp_path):
    cache = tmp_path / "cache"
    for stored in (["not", "a", "dict"], pickle.dumps(["not", "a", "dict"]), b"not a pickle"):
        C.save(cache / "build" / "files.pickle", {str(content): stored})
        files = I.Files(cache, content)
        assert files.old == {}


def _denied():
    """os.scandir and os.open as a user finds them who may not list `team-b` nor read
    any `home.yaml`."""
    real_scandir, real_open = os.scandir, os.open

    def scandir(d):
        if str(d).endswith("team-b"):
            raise PermissionError(13, "denied")
        return real_scandir(d)

    def open_(path, flags, *a):
        if str(path).endswith("home.yaml"):
            raise PermissionError(13, "denied")
        return real_open(path, flags, *a)
    return scandir, open_


def test_files_unreadable_folder_and_file_are_skipped(content, tmp_path, monkeypatch):
    scandir, open_ = _denied()
    monkeypatch.setattr(I.os, "scandir", scandir)
    monkeypatch.setattr(I.os, "open", open_)
    files, hashes = _scan(tmp_path / "cache", content)
    readable = {p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()
                and "team-b" not in str(p) and p.name != "home.yaml"}
    assert set(hashes) == readable and not files.special      # everything else: scanned


def test_files_opened_without_blocking(content, tmp_path, monkeypatch):
    flags = []
    real = os.open
    monkeypatch.setattr(I.os, "open", lambda p, f, *a: (flags.append(f), real(p, f, *a))[1])
    _scan(tmp_path / "cache", content)
    assert flags and all(f & os.O_NONBLOCK and not f & (os.O_WRONLY | os.O_RDWR) for f in flags)


def test_files_became_a_fifo_after_the_stat(content, tmp_path, monkeypatch):
    real = os.fstat

    def fstat(fd):
        st = real(fd)
        return os.stat_result((0o010644,) + tuple(st)[1:])     # as if a FIFO
    monkeypatch.setattr(I.os, "fstat", fstat)
    files, hashes = _scan(tmp_path / "cache", content)
    assert hashes == {} and files.read == 0 and "site.yaml" in files.special


def test_files_commit_only_when_changed_and_keeps_other_folders(content, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    others = {f"/other/{i}": pickle.dumps({"": i}) for i in range(10)}
    C.save(cache / "build" / "files.pickle", {**others, "/not/bytes": {"": 1}})
    files, _ = _scan(cache, content)
    files.commit()
    stored = C.load(cache / "build" / "files.pickle")
    assert list(stored) == [f"/other/{i}" for i in range(3, 10)] + [str(content)]
    assert all(stored[f"/other/{i}"] == others[f"/other/{i}"] for i in range(3, 10))   # as read
    light, names = pickle.loads(stored[str(content)])
    assert len(stored) == I.Files.KEEP_ROOTS and light == {u: e[:4] for u, e in files.units.items()}
    blobs = I.unpack(C.Shards(cache / "build" / "files.shards").blobs(names), {}, "files")
    assert blobs == {u: e[4] for u, e in files.units.items()}
    saved = []
    monkeypatch.setattr(I, "save", lambda *a: saved.append(a))
    again = I.Files(cache, content)
    again.units = dict(again.old)
    again.commit()
    assert saved == []


def _stats_shards(cache) -> dict[str, bytes]:
    folder = cache / "build" / "files.shards"
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.is_dir() else {}


def test_files_stats_in_shards_read_only_when_asked_and_written_when_changed(content, tmp_path, monkeypatch):
    """A no-op reads the list alone; an edit of one home writes the one shard that holds
    its stats (and the list), and the shard it replaced is pruned."""
    _many_homes(content)
    cache = tmp_path / "cache"
    files, truth = _scan(cache, content)
    files.commit()
    first = _stats_shards(cache)
    assert len(first) > 2                          # units spread over shards (equal ones: one file)
    read = []
    real = C.read_sealed
    monkeypatch.setattr(C, "read_sealed", lambda path, kind: (read.append(Path(path).parent.name), real(path, kind))[1])
    again = I.Files(cache, content)
    again.scan()
    assert again.digests() == files.digests() and not again.changed()
    assert read == ["build"]                                  # files.pickle: no shard
    assert again.hashes == truth and read.count("files.shards") == len(first)   # each file once
    team = content / "homes" / "h3" / "teams" / "team-a" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8") + "\n# 改\n", encoding="utf-8")
    _old(team)
    third, hashes = _scan(cache, content)
    written = []
    real_write = C.write_sealed
    monkeypatch.setattr(C, "write_sealed", lambda path, kind, data: (written.append(Path(path).parent.name), real_write(path, kind, data))[1])
    third.commit()
    monkeypatch.setattr(C, "write_sealed", real_write)
    assert sorted(written) == ["build", "files.shards"]       # the list, and the one shard
    now = _stats_shards(cache)
    assert len(now) == len(first) and len(set(now) - set(first)) == 1 == len(set(first) - set(now))
    assert hashes[str(team.relative_to(content))] == C.file_sha256(team)
    fourth, hashes = _scan(cache, content)
    assert fourth.read == 0 and hashes == third.hashes


@pytest.mark.parametrize("damage", ["missing", "flipped", "swapped", "extra"])
def test_files_damaged_stats_shard_means_read_again(content, tmp_path, damage):
    """A shard of the stats gone, changed, or put in another's place: the units read again
    file by file, with the same hashes; a stray file in the folder is pruned."""
    _many_homes(content)
    cache = tmp_path / "cache"
    files, truth = _scan(cache, content)
    files.commit()
    folder = cache / "build" / "files.shards"
    names = sorted(p.name for p in folder.iterdir())
    if damage == "missing":
        (folder / names[0]).unlink()
    elif damage == "flipped":
        data = bytearray((folder / names[0]).read_bytes())
        data[-1] ^= 1
        (folder / names[0]).write_bytes(bytes(data))
    elif damage == "swapped":
        (folder / names[0]).write_bytes((folder / names[1]).read_bytes())
    else:
        (folder / ("0" * 40)).write_bytes(b"stray")
    again, hashes = _scan(cache, content)
    assert hashes == truth and again.digests() == files.digests()
    assert again.read == (0 if damage == "extra" else len(truth))
    again.commit()
    if damage == "extra":           # nothing changed: not written, the stray left for a commit
        assert (folder / ("0" * 40)).exists()
    else:
        assert again.read == len(truth) and _scan(cache, content)[0].read == 0


def test_files_shards_of_other_folders_are_kept(content, tmp_path):
    """Two content folders share one cache: each one's commit keeps the other's shards."""
    other = tmp_path / "other" / "content"
    shutil.copytree(content, other)
    (other / "extra.txt").write_text("only here")
    for p in [*content.rglob("*"), *other.rglob("*")]:
        _old(p)
    cache = tmp_path / "cache"
    for root in (content, other):
        f, _ = _scan(cache, root)
        f.commit()
    (content / "new.txt").write_text("n")
    _old(content / "new.txt")
    f, _ = _scan(cache, content)
    assert f.read == 1
    f.commit()
    for root in (content, other):
        again, hashes = _scan(cache, root)
        assert again.read == 0, root
        assert hashes == {p.relative_to(root).as_posix(): C.file_sha256(p)
                          for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("blob", [b"not a pickle", pickle.dumps([1]), pickle.dumps({"site.yaml": 7}),
                                  pickle.dumps({"site.yaml": (1, 2)}), pickle.dumps({5: (1, 2, 3, "s", 4)}),
                                  pickle.dumps({"site.yaml": [1, 2, 3, "s", 4]}),
                                  pickle.dumps({"site.yaml": (1, 2, 3, 4, 5)})])
def test_files_unit_taken_whole_with_damaged_stats_is_read_again(content, tmp_path, blob):
    """A settled unit is unpickled only when its hashes are asked for: stats that are not
    what unit_entry pickles are then not used, the unit is read again file by file, and
    its digest follows what was read."""
    for p in content.rglob("*"):
        _old(p)
    cache = tmp_path / "cache"
    files, truth = _scan(cache, content)
    good = files.units[""]
    digests = files.digests()
    _store(cache, {str(content): dict(files.units, **{"": good[:4] + (blob,)})})
    again = I.Files(cache, content)
    again.scan()
    assert again.units[""] is again.old[""] and again.read == 0        # taken whole
    assert again.hashes == truth and again.read == sum(not r.startswith("homes/") for r in truth)
    assert again.units[""][:2] == good[:2] and again.units[""][2] is False   # checked again next time
    assert again.digests() == digests


def test_files_unit_with_a_dangling_link_is_checked_again(content, tmp_path):
    """A link whose target is missing cannot be stat-ed: its unit stays unsettled, so the
    target appearing later (which changes no stat of the unit's entries) is noticed."""
    for p in content.rglob("*"):
        _old(p)
    target = tmp_path / "later.yaml"
    (content / "homes" / "demo" / "extra.yaml").symlink_to(target)
    cache = tmp_path / "cache"
    files, hashes = _scan(cache, content)
    files.commit()
    assert "homes/demo/extra.yaml" not in hashes and files.units["homes/demo"][2] is False
    assert files.units[""][2] is True
    target.write_text("x: 1\n")
    again, hashes = _scan(cache, content)
    assert hashes["homes/demo/extra.yaml"] == C.file_sha256(target)


def test_files_changed():
    f = I.Files.__new__(I.Files)
    f.read, f.units, f.old = 0, {"a": (1,)}, {"a": (1,)}
    assert f.changed() is False                    # same units, none read
    f.units = {"a": (1,), "b": (1,)}
    assert f.changed() is True
    f.units = {"a": (2,)}
    assert f.changed() is True
    f.units, f.read = {"a": (1,)}, 1
    assert f.changed() is True


def _tree(content):
    """Homes of every shape: files deep and shallow, a file right in homes/, a home folder
    with no files, one with a FIFO alone."""
    for rel, text in (("homes/b/home.yaml", "b"), ("homes/b/teams/t/plans/2024.md", "p"),
                      ("homes/readme.txt", "r"), ("notes/x.md", "x"), ("homes/c/.keep", "")):
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text)
    (content / "homes" / "empty").mkdir()
    (content / "homes" / "fifo-only").mkdir()
    os.mkfifo(content / "homes" / "fifo-only" / "f")


def test_files_digests_are_tree_digests_of_the_hashes(content, tmp_path):
    _tree(content)
    cache = tmp_path / "cache"
    files, hashes = _scan(cache, content)
    assert files.digests() == I.tree_digests(hashes)
    assert set(files.digests()[0]) == {"demo", "b", "c"}
    assert set(files.units) == {"", "homes/demo", "homes/b", "homes/c", "homes/empty",
                                "homes/fifo-only"}
    assert files.special == ["homes/fifo-only/f"]
    files.commit()
    again, _ = _scan(cache, content)                     # the same, from the kept entries
    assert again.digests() == files.digests() and again.special == files.special
    (content / "homes" / "b" / "home.yaml").write_text("b2")
    third, hashes3 = _scan(cache, content)
    assert third.digests() == I.tree_digests(hashes3) != files.digests()
    assert third.digests()[0]["demo"] == files.digests()[0]["demo"]


def test_files_settled_units_are_taken_whole(content, tmp_path, monkeypatch):
    """A no-op scan unpickles no unit (nor hashes nor digests one); an edit in one home
    checks that unit alone, and reads the one file."""
    _tree(content)
    for p in content.rglob("*"):
        if p.is_file():
            _old(p)
    cache = tmp_path / "cache"
    files, truth = _scan(cache, content)
    files.commit()
    opened = []
    real = I._stats_of
    monkeypatch.setattr(I, "_stats_of", lambda e, blob: (opened.append(e), real(e, blob))[1])
    again = I.Files(cache, content)
    again.scan()
    assert opened == [] and again.read == 0 and not again.changed()
    assert all(again.units[u] is again.old[u] for u in again.units)
    assert again.hashes == truth and len(opened) == len(again.units)   # asked for: unpickled
    again.commit()
    opened.clear()
    (content / "homes" / "b" / "home.yaml").write_text("B")
    _old(content / "homes" / "b" / "home.yaml")
    third, hashes = _scan(cache, content)
    assert third.read == 1 and hashes["homes/b/home.yaml"] == C.file_sha256(content / "homes/b/home.yaml")
    assert [u for u in third.units if third.units[u] is not third.old[u]] == ["homes/b"]


@pytest.mark.parametrize("what", ["file", "folder"])
def test_files_unit_with_something_unreadable_is_checked_again(content, tmp_path, monkeypatch, what):
    """A file or folder that could not be read leaves its unit unsettled: the next scan
    looks again, and finds it once it can be read, although no stat of it changed."""
    for p in content.rglob("*"):
        if p.is_file():
            _old(p)
    cache = tmp_path / "cache"
    truth = _scan(tmp_path / "truth", content)[1]
    scandir, open_ = _denied()
    with monkeypatch.context() as mp:
        if what == "file":
            mp.setattr(I.os, "open", open_)
        else:
            mp.setattr(I.os, "scandir", scandir)
        files, hashes = _scan(cache, content)
        files.commit()
    assert hashes != truth and files.units["homes/demo"][2] is False
    assert files.units[""][2] is True
    again, hashes = _scan(cache, content)
    assert hashes == truth and again.units["homes/demo"][2] is True
    assert again.units[""] is again.old[""]


# ------------------------------------------------------------------ tree digests

def test_tree_digests():
    hashes = {"site.yaml": "s", "homes/a/home.yaml": "1", "homes/a/teams/t/team.yaml": "2",
              "homes/b/home.yaml": "3", "homes/readme.txt": "r", "supervision.yaml": "v"}
    homes, outside, everything = I.tree_digests(hashes)
    assert set(homes) == {"a", "b"}
    assert homes["a"] == C.digest("home.yaml:1", "teams/t/team.yaml:2")
    assert homes["b"] == C.digest("home.yaml:3")
    assert outside == C.digest("homes/readme.txt:r", "site.yaml:s", "supervision.yaml:v")
    assert everything == C.digest(outside, ("a", homes["a"]), ("b", homes["b"]))
    moved = dict(hashes)
    moved["homes/b/teams/t/team.yaml"] = moved.pop("homes/a/teams/t/team.yaml")
    h2, o2, e2 = I.tree_digests(moved)
    assert h2["a"] != homes["a"] and h2["b"] != homes["b"] and o2 == outside and e2 != everything
    assert I.tree_digests({}) == ({}, C.digest(), C.digest(C.digest()))


def test_tree_digests_do_not_follow_the_order_files_were_found_in():
    """The scan lists files in the order the file system gives, which differs between
    machines and copies: the digests must not."""
    hashes = {"homes/a/photo": "1", "homes/a/photo2": "2", "homes/a/photo.jpg": "3",
              "homes/a/p/x": "4", "homes/b/home.yaml": "5", "zz": "6", "z": "7", "homes/x": "8"}
    backwards = dict(reversed(list(hashes.items())))
    assert I.tree_digests(backwards) == I.tree_digests(hashes)
    assert list(I.tree_digests(backwards)[0]) == ["a", "b"]


def test_tree_digests_one_home_changes_only_its_digest():
    hashes = {"homes/a/x": "1", "homes/b/x": "2", "site.yaml": "s"}
    homes, outside, everything = I.tree_digests(hashes)
    h2, o2, e2 = I.tree_digests({**hashes, "homes/a/x": "9"})
    assert h2["b"] == homes["b"] and h2["a"] != homes["a"] and o2 == outside and e2 != everything
    h3, o3, e3 = I.tree_digests({**hashes, "site.yaml": "t"})
    assert h3 == homes and o3 != outside and e3 != everything


# ------------------------------------------------------------------ homes

def _loader(content, cache, jobs=1):
    files = I.Files(cache, content)
    files.scan()
    home_tree, _o, _e = files.digests()
    return I.HomeLoader(cache, files.hashes, home_tree, jobs)


def _dirs(content):
    return sorted(p for p in (content / "homes").iterdir() if p.is_dir())


def _plain(got):
    """The loader's answer as `load_home` gives it: (record, problems, images), every
    deferred record read."""
    return [(r.load() if isinstance(r, I.Deferred) else r, p, i) for r, p, i, *_s in got]


def _heads(cache):
    return I.unpack(C.load(cache / "build" / "summaries.pickle"), {}, "heads")


def _save_heads(cache, heads):
    C.save(cache / "build" / "summaries.pickle", I.pack(heads, {}, "heads"))


def test_home_loader_parses_then_reuses(content, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(content / "homes" / "demo", content / "homes" / "demo2")
    loader = _loader(content, cache)
    first = loader(content, _dirs(content))
    assert loader.parsed == 2 and [r[0].id for r in first] == ["demo", "demo2"]
    assert _plain(first) == [load_home(content, d) for d in _dirs(content)]
    assert [r[3] for r in first] == [facts.summarize(r[0]) for r in first]
    assert (cache / "build" / "homes" / "demo.pickle").is_file() and set(_heads(cache)) == {"demo", "demo2"}
    I.MEMORY.clear()
    again = _loader(content, cache)
    second = again(content, _dirs(content))
    assert again.parsed == 0 and again.digests == loader.digests
    assert all(isinstance(r[0], I.Deferred) for r in second)          # no record read
    assert [r[1:] for r in second] == [r[1:] for r in first] and _plain(second) == _plain(first)
    assert set(loader.digests) == {"demo", "demo2"} and loader.digests["demo"] != loader.digests["demo2"]


def test_home_loader_reads_one_file_for_every_unchanged_home(content, tmp_path, monkeypatch):
    """The heads of all homes are one file: no home's own entry is opened until its
    record is asked for."""
    cache = tmp_path / "cache"
    for i in range(3):
        shutil.copytree(content / "homes" / "demo", content / "homes" / f"demo{i}")
    _loader(content, cache)(content, _dirs(content))
    I.MEMORY.clear()
    loads, real = [], C.load
    monkeypatch.setattr(C, "load", lambda *a, **k: (loads.append(Path(a[0]).name), real(*a, **k))[1])
    got = _loader(content, cache)(content, _dirs(content))
    assert loads == ["summaries.pickle"]
    assert got[2][0].load().id == "demo1" and loads == ["summaries.pickle", "demo1.pickle"]


def test_home_loader_saves_the_shard_of_the_home_parsed_only(content, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    for i in range(6):
        shutil.copytree(content / "homes" / "demo", content / "homes" / f"demo{i}")
    _loader(content, cache)(content, _dirs(content))
    before = _heads(cache)
    I.MEMORY.clear()
    home = content / "homes" / "demo3" / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8").replace("name:", "name: 新", 1), encoding="utf-8")
    dumped, real = [], I.pickle.dumps
    monkeypatch.setattr(I.pickle, "dumps", lambda v, **k: (dumped.append(v), real(v, **k))[1])
    loader = _loader(content, cache)
    loader(content, _dirs(content))
    assert loader.parsed == 1
    shards = [v for v in dumped if type(v) is dict and v and all(k in before for k in v)]
    assert [sorted(v) for v in shards] == [[hid for hid in sorted(before)
                                            if I.zlib.crc32(hid.encode()) % I.SHARDS ==
                                            I.zlib.crc32(b"demo3") % I.SHARDS]]
    after = _heads(cache)
    assert after.keys() == before.keys() and after["demo3"] != before["demo3"]
    assert all(after[h] == before[h] for h in after if h != "demo3")


def test_home_loader_forgets_the_heads_of_homes_gone(content, tmp_path):
    cache = tmp_path / "cache"
    shutil.copytree(content / "homes" / "demo", content / "homes" / "demo2")
    _loader(content, cache)(content, _dirs(content))
    shutil.rmtree(content / "homes" / "demo2")
    I.MEMORY.clear()
    loader = _loader(content, cache)
    loader(content, _dirs(content))
    assert loader.parsed == 0 and set(_heads(cache)) == {"demo"}


def test_home_loader_memory_then_disk(content, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _loader(content, cache)(content, _dirs(content))
    assert set(k[1] for k in I.MEMORY) == {"demo"}
    loads = []
    real = C.load
    monkeypatch.setattr(C, "load", lambda *a, **k: (loads.append(a[0]), real(*a, **k))[1])
    again = _loader(content, cache)
    (record, *_rest), = again(content, _dirs(content))
    assert again.parsed == 0 and not [p for p in loads if "homes" in str(p) or "summaries" in str(p)]
    assert isinstance(record, m.HomeRecord)                       # the one parsed, from memory
    (content / "homes" / "demo" / "home.yaml").write_text(
        (content / "homes" / "demo" / "home.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = _loader(content, cache)
    changed(content, _dirs(content))
    assert changed.parsed == 1


def test_home_loader_paths_under_this_folder(content, tmp_path):
    cache = tmp_path / "cache"
    _loader(content, cache)(content, _dirs(content))
    I.MEMORY.clear()
    moved = tmp_path / "moved" / "content"
    shutil.copytree(content, moved)
    got = _loader(moved, cache)(moved, _dirs(moved))
    images = got[0][2]
    assert images and all(v.startswith(str(moved) + "/") for v in images.values())
    assert images == {r: str(moved / r) for r in images}
    assert got[0][0].root == str(moved)          # a record parsed anew is parsed from here


def test_home_loader_paths_use_the_systems_separator(content, tmp_path, monkeypatch):
    """A cached home's photo paths are joined as text with the folder's separator: on
    Windows (`os.sep` is a backslash) every `/` of the kept relative path becomes one,
    as `Path(root) / rel` would write it there; the relative keys stay as recorded."""
    cache = tmp_path / "cache"
    _loader(content, cache)(content, _dirs(content))
    monkeypatch.setattr(I.os, "sep", "\\")
    images = _loader(content, cache)(content, _dirs(content))[0][2]
    assert images and all("/" in r for r in images)
    assert images == {r: str(content) + "/" + r.replace("/", "\\") for r in images}


def test_home_loader_a_home_with_errors_is_not_cached(content, tmp_path):
    cache = tmp_path / "cache"
    home = content / "homes" / "demo" / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8") + "\nunknown_field: 1\n", encoding="utf-8")
    loader = _loader(content, cache)
    (record, problems, _imgs), = loader(content, _dirs(content))
    assert problems and not (cache / "build" / "homes" / "demo.pickle").exists() and not I.MEMORY
    assert "demo" in loader.digests and "demo" not in (_heads(cache) or {})


def test_home_loader_digest_covers_photos_named_elsewhere(content, tmp_path):
    loader = _loader(content, tmp_path / "cache")
    loader(content, _dirs(content))
    key = C.digest(C.code_version(), "demo", loader.tree["demo"])
    assert loader.digests["demo"] == C.digest(key, [])
    head = _heads(tmp_path / "cache")["demo"]
    assert head["key"] == key and head["ext"] == {}
    assert head["rels"] == sorted(head["rels"]) and head["rels"]
    assert C.load(tmp_path / "cache" / "build" / "homes" / "demo.pickle")["key"] == key


def test_home_loader_in_worker_processes(content, tmp_path, monkeypatch):
    for i in range(3):
        shutil.copytree(content / "homes" / "demo", content / "homes" / f"demo{i}")
    monkeypatch.setattr(I, "PARALLEL_HOMES", 4)
    pools, real_pool = [], I.render.pool
    monkeypatch.setattr(I.render, "pool", lambda jobs: (pools.append(jobs), real_pool(jobs))[1])
    loader = _loader(content, tmp_path / "cache", jobs=2)
    got = loader(content, _dirs(content))
    assert pools == [2]                                     # as many homes as the threshold: a pool
    assert loader.parsed == 4 and _plain(got) == [load_home(content, d) for d in _dirs(content)]
    I.MEMORY.clear()
    monkeypatch.setattr(I, "PARALLEL_HOMES", 5)            # fewer than that: no pool
    monkeypatch.setattr(I.render, "pool", lambda jobs: pytest.fail("pool for 4 homes"))
    loader = _loader(content, tmp_path / "cache2", jobs=2)
    assert loader(content, _dirs(content)) == got


def test_home_loader_one_job_never_forks(content, tmp_path, monkeypatch):
    for i in range(3):
        shutil.copytree(content / "homes" / "demo", content / "homes" / f"demo{i}")
    monkeypatch.setattr(I, "PARALLEL_HOMES", 1)
    monkeypatch.setattr(I.render, "pool", lambda jobs: pytest.fail("pool with one job"))
    loader = _loader(content, tmp_path / "cache", jobs=1)
    assert loader.parsed == 0 and len(loader(content, _dirs(content))) == 4


def test_load_home_job():
    assert I.load_home_job((MINIMAL, MINIMAL / "homes" / "demo")) == load_home(MINIMAL, MINIMAL / "homes" / "demo")


def _head(content):
    record, problems, imgs = load_home(content, content / "homes" / "demo")
    hashes = {r: "h" for r in imgs} | {"x.png": "hx"}
    return {"key": "K", "ext": {"x.png": "hx"}, "rels": sorted(imgs), "problems": problems,
            "summary": facts.summarize(record)}, hashes


def test_head_ok(content):
    head, hashes = _head(content)
    assert I.head_ok(head, "K", hashes) is True and I.head_ok(head, "K", hashes, "demo") is True
    assert I.head_ok(head, "other key", hashes) is False
    assert I.head_ok(head, "K", hashes, "other-home") is False
    assert I.head_ok(head, "K", {**hashes, "x.png": "changed"}) is False
    photo = head["rels"][0]
    assert I.head_ok(head, "K", {k: v for k, v in hashes.items() if k != photo}) is False


def _damaged_summary(s, damage):
    team = s.teams[0]
    return dataclasses.replace(s, **{
        "name": {"name": 5},
        "member": {"teams": (dataclasses.replace(team, members=((1, "r", None),)),) + s.teams[1:]},
        "member_unit": {"teams": (dataclasses.replace(team, members=(("n", "r", 3),)),) + s.teams[1:]},
        "team": {"teams": ({"id": team.id},)},
        "years": {"years": ("2024",)},
        "kind": {"activities": ((dt.date(2024, 1, 1), "no_such_kind"),)},
        "date": {"activities": (("2024-01-01", s.activities[0][1]),)},
        "level": {"honor_counts": (("galactic", 1),)},
        "targets": {"targets": ((2024, 1),)},
        "rota": {"rota": ("no-such-team",)},
        "anchor": {"anchor": (2024, 1)},
        "bounds": {"photo_bounds": {"x.jpg": "640"}},
    }[damage])


@pytest.mark.parametrize("damage", ["no_summary", "no_key", "no_ext", "no_rels", "summary",
                                    "problems", "problem", "rels", "rel_not_str", "ext", "not_dict",
                                    "name", "member", "member_unit", "team", "years", "kind",
                                    "date", "level", "targets", "rota", "anchor", "bounds"])
def test_head_ok_refuses_a_damaged_head(content, damage):
    head, hashes = _head(content)
    if damage.startswith("no_"):
        del head[damage[3:]]
    elif damage == "summary":
        head["summary"] = {"id": "demo"}
    elif damage == "problems":
        head["problems"] = tuple(head["problems"])
    elif damage == "problem":
        head["problems"] = ["a problem"]
    elif damage == "rels":
        head["rels"] = 5
    elif damage == "rel_not_str":
        head["rels"] = [Path(head["rels"][0])]
        hashes[Path(head["rels"][0])] = "h"
    elif damage == "ext":
        head["ext"] = [("x.png", "hx")]
    elif damage == "not_dict":
        head = [head]
    else:
        head["summary"] = _damaged_summary(head["summary"], damage)
    assert I.head_ok(head, "K", hashes) is False


def test_home_loader_ignores_a_damaged_head(content, tmp_path):
    cache = tmp_path / "cache"
    _loader(content, cache)(content, _dirs(content))
    heads = _heads(cache)
    heads["demo"]["summary"] = "not a summary"
    _save_heads(cache, heads)
    I.MEMORY.clear()
    loader = _loader(content, cache)
    (record, *_rest), = loader(content, _dirs(content))
    assert loader.parsed == 1 and isinstance(record, m.HomeRecord)
    assert facts.summary_ok(_heads(cache)["demo"]["summary"])      # put right


@pytest.mark.parametrize("damage", ["record", "key", "other_home", "missing"])
def test_a_deferred_record_whose_entry_is_damaged_is_parsed_again(content, tmp_path, damage):
    cache = tmp_path / "cache"
    (parsed, *_rest), = _loader(content, cache)(content, _dirs(content))
    path = cache / "build" / "homes" / "demo.pickle"
    entry = C.load(path)
    if damage == "missing":
        path.unlink()
    else:
        if damage == "record":
            entry["record"] = "not a record"
        elif damage == "key":
            entry["key"] = "another build's"
        else:
            entry["record"] = dataclasses.replace(entry["record"], id="other")
        C.save(path, entry)
    I.MEMORY.clear()
    (deferred, *_rest), = _loader(content, cache)(content, _dirs(content))
    assert isinstance(deferred, I.Deferred) and deferred.load() == parsed


def test_a_deferred_record_of_files_changed_during_the_build_stops_it(content, tmp_path):
    """The summary the county pages were made from must be the record's: a home whose
    files changed after the scan (and whose entry is gone) is not mixed into the build."""
    cache = tmp_path / "cache"
    _loader(content, cache)(content, _dirs(content))
    I.MEMORY.clear()
    (deferred, *_rest), = _loader(content, cache)(content, _dirs(content))
    (cache / "build" / "homes" / "demo.pickle").unlink()
    home = content / "homes" / "demo" / "home.yaml"
    text = home.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    home.write_text(text.replace(name, name + "（新）"), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        deferred.load()
    (p,), = [err.value.problems]
    assert (p.code, p.file) == ("changed_during_build", "homes/demo")
    assert "homes/demo" in p.text("zh")[0] and p.text("zh")[1]


class _L(list):
    pass


class _D(dict):
    pass


@dataclasses.dataclass
class _Box:
    inner: object


# ------------------------------------------------------------------ page keys

def _env(templates: dict[str, str]):
    return jinja2.Environment(loader=jinja2.DictLoader(templates))


@pytest.fixture(scope="module")
def county():
    c, problems = load_county(MINIMAL)
    assert c is not None
    return c


def _keys(county, templates, base=None, lang="zh", tversion="T", digests=None):
    return I.PageKeys(_env(templates), base or {}, county, digests or {"demo": "D"}, "EVERY", lang, tversion)


def test_template_hash_follows_includes(county):
    t = {"page.html": "{{ a }}{% include 'part.html' %}", "part.html": "{{ b }}{% include 'leaf.html' %}",
         "leaf.html": "{{ c }}", "other.html": "{{ d }}"}
    k = _keys(county, t)
    sha, names = k.template("page.html")
    assert names == {"a", "b", "c"}
    assert k.template("page.html") == (sha, names)
    t2 = dict(t, **{"leaf.html": "{{ c }}!"})
    assert _keys(county, t2).template("page.html")[0] != sha
    t3 = dict(t, **{"other.html": "{{ e }}"})
    assert _keys(county, t3).template("page.html")[0] == sha


def test_template_computed_include_depends_on_everything(county):
    t = {"page.html": "{{ a }}{% include name %}", "x.html": "{{ b }}"}
    k = _keys(county, t)
    sha, names = k.template("page.html")
    assert names is None
    assert _keys(county, t, tversion="T2").template("page.html")[0] != sha
    t2 = {"top.html": "{{ z }}{% include 'page.html' %}", **t}
    assert _keys(county, t2).template("top.html")[1] is None


def test_template_recursion_terminates(county):
    t = {"a.html": "{{ x }}{% include 'b.html' %}", "b.html": "{{ y }}{% include 'a.html' %}"}
    sha, names = _keys(county, t).template("a.html")
    assert names == {"x", "y"}


def test_template_analysis_is_kept(county, tmp_path):
    t = {"page.html": "{{ a }}{% include 'part.html' %}", "part.html": "{{ b }}"}
    page = render.Page("p/", "page.html", {"a": 1}, "T")
    k1 = _keys(county, t)
    first = k1.keys([page], tmp_path)
    stored = C.load(tmp_path / "build" / "templates.pickle")
    assert isinstance(stored, dict) and len(stored) == 2
    k2 = _keys(county, t)
    k2.env.parse = lambda *a: pytest.fail("parsed again")
    assert k2.keys([page], tmp_path) == first


@pytest.mark.parametrize("stored", [None, ["x"], {"h": ({"a"}, ["b.html"]), "bad": ("a", [])},
                                    {"h": ({"a"}, "b")}, {"h": ({1}, [])}, {"h": ({"a"}, [3])},
                                    {"h": ["a"]}, {"h": 5}])
def test_template_analysis_damaged_is_not_used(county, tmp_path, stored):
    t = {"page.html": "{{ a }}"}
    page = render.Page("p/", "page.html", {}, "T")
    clean = _keys(county, t).keys([page], tmp_path / "clean")
    C.save(tmp_path / "build" / "templates.pickle", stored)
    k = _keys(county, t)
    assert k.keys([page], tmp_path) == clean
    assert all(I._analysis_ok(v) for v in k.analysed.values())


def test_analysis_ok():
    assert I._analysis_ok(({"a", "b"}, ["x.html", None])) is True
    assert I._analysis_ok((set(), [])) is True
    for bad in (("a", []), (frozenset({"a"}), []), ({"a"}, ("x",)), ({"a"}, [1]), ({2}, []), 5, (1, 2, 3), None):
        assert I._analysis_ok(bad) is False


def _page(template="page.html", path="p/", title="T", **context):
    return render.Page(path, template, context, title)


def test_page_key_changes_with_what_the_page_reads(county):
    t = {"page.html": "{{ a }}{{ shared }}", "other.html": "{{ other }}"}
    base = {"shared": 1, "unread": 2}
    key = _keys(county, t, base).key(_page(a=1))
    assert _keys(county, t, base).key(_page(a=1)) == key
    for changed in (_keys(county, t, base).key(_page(a=2)),
                    _keys(county, t, base).key(_page(path="q/", a=1)),
                    _keys(county, t, base).key(_page(title="U", a=1)),
                    _keys(county, t, {"shared": 3, "unread": 2}).key(_page(a=1)),
                    _keys(county, t, base, lang="en").key(_page(a=1)),
                    _keys(county, dict(t, **{"page.html": "{{ a }}{{ shared }}!"}), base).key(_page(a=1))):
        assert changed != key
    assert _keys(county, t, {"shared": 1, "unread": 9}).key(_page(a=1)) == key     # not read
    assert _keys(county, dict(t, **{"page2.html": t["page.html"]}), base).key(_page("page2.html", a=1)) != key


def test_page_key_of_a_computed_include_reads_every_base_value(county):
    t = {"page.html": "{% include name %}"}
    base = {"x": 1}
    key = _keys(county, t, base).key(_page())
    assert _keys(county, t, {"x": 2}).key(_page()) != key


def test_base_digest_is_computed_once(county):
    k = _keys(county, {"page.html": "{{ s }}"}, {"s": [1, 2]})
    calls = []
    real = k.value
    k.value = lambda v, depth=0: (calls.append(v), real(v, depth))[1]
    assert k.base_digest("s") == k.base_digest("s") == C.digest(real([1, 2]))   # a digest of the value
    assert calls.count([1, 2]) == 1


def test_home_digest(county):
    k = _keys(county, {}, digests={"demo": "D"})
    assert k.home("demo") == "HD" and k.home("unknown") == "HEVERY"


@dataclasses.dataclass
class Plain:
    a: int
    b: list


@pytest.mark.parametrize("v, text", [
    (None, "None"), ("x", "'x'"), (1, "1"), (1.5, "1.5"), (True, "True"), (dt.date(2024, 5, 1), "datetime.date(2024, 5, 1)"),
    ([1, "a"], "[1,'a']"), ((1,), "[1]"), ({"k": [1]}, "{'k':[1]}"), ({2, 1}, "{1,2}"), (frozenset({"b", "a"}), "{'a','b'}"),
    ([], "[]"), ({}, "{}"), (Plain(1, [2]), "Plain{'a':1,'b':[2]}"),
])
def test_value_texts(county, v, text):
    assert _keys(county, {}).value(v) == text


def test_value_subclasses_and_others(county):
    k = _keys(county, {})

    class L(list):
        pass

    class D(dict):
        pass

    class S(str):
        pass
    assert k.value(L([1, 2])) == "[1,2]" and k.value(D(a=1)) == "{'a':1}" and k.value(S("s")) == "'s'"
    assert k.value(dt.datetime(2024, 1, 2, 3, 4)) == repr(dt.datetime(2024, 1, 2, 3, 4))
    assert k.value(county) == "ALLEVERY"
    home = county.homes["demo"]
    assert k.value(home) == "HD"
    team = next(iter(home.teams.values()))
    assert k.value(team) == f"HD/{team.id}"
    assert k.value(county.site) == repr(county.site)
    assert k.value(os) == "os" and k.value(int) == "int"
    assert k.value(len) == "ALLEVERY"             # a builtin: unknown, depends on everything
    assert k.value(_page) == "_page"
    assert k.value(object()) == "ALLEVERY"
    assert k.value(lambda: 0) == "<lambda>"


def test_value_facts_are_keyed_by_their_summary_labels_year_and_since(county):
    k = _keys(county, {})
    home = county.homes["demo"]
    hf = facts.home_facts(county, home)
    since = facts.since_date(county)
    assert k.value(hf) == \
        f"HomeFacts{hf.summary.digest}/{k.shared_value(hf.labels)}@{county.year}@{since}"
    # the same summary made again (another object): the same key; any field of it, the
    # labels, the year or the start of totals changed: another
    again = facts.home_facts(county, facts.summarize(home), hf.labels)
    assert again.summary is not hf.summary and k.value(again) == k.value(hf)
    renamed = facts.home_facts(county, dataclasses.replace(hf.summary, name="别处"), hf.labels)
    fewer = facts.home_facts(county, dataclasses.replace(hf.summary, rota=()), hf.labels)
    relabelled = facts.home_facts(county, hf.summary, {**hf.labels, "team_name": "{village}组"})
    other_year = facts.home_facts(county, hf.summary, hf.labels, county.year - 1)
    other_since = facts.home_facts(county, hf.summary, hf.labels, since=dt.date(2001, 1, 1))
    found = {k.value(x) for x in (hf, renamed, fewer, relabelled, other_year, other_since)}
    assert len(found) == 6
    # a home's files, named by a page of that home: the home's digest
    assert k.value(facts.HomeFiles("demo")) == k.home("demo") and k.home("demo") != k.home("x")
    tf = hf.teams[0]
    assert k.value(tf) == f"TeamFacts{k.home('demo')}/{tf.record.id}@{county.year}@{facts.since_date(county)}"


def test_value_depth_limit(county):
    k = _keys(county, {})
    deep: list = []
    cur = deep
    for _ in range(20):
        nxt: list = []
        cur.append(nxt)
        cur = nxt
    text = k.value(deep)
    assert text.count("[") == 13 and "EVERY" in text
    shallow: list = []
    cur = shallow
    for _ in range(12):
        nxt = []
        cur.append(nxt)
        cur = nxt
    assert "EVERY" not in k.value(shallow)


def test_value_dataclass_fields_are_learned_once(county):
    @dataclasses.dataclass
    class Fresh:
        x: int
    k = _keys(county, {})
    assert Fresh not in I._FIELDS
    assert k.value(Fresh(3)) == "Fresh{'x':3}"
    assert I._FIELDS[Fresh] == ("x",)
    assert k.value(Fresh(4)) == "Fresh{'x':4}"
    assert k.value(Fresh) == "Fresh"           # the class itself: code


def test_page_key_changes_with_the_code(county, monkeypatch):
    """A page made by another sitegen is never reused: its key holds the code version."""
    t = {"page.html": "{{ a }}"}
    key = _keys(county, t).key(_page(a=1))
    monkeypatch.setattr(C, "code_version", lambda: "another sitegen")
    assert _keys(county, t).key(_page(a=1)) != key


def test_template_analysis_saved_only_when_new(county, tmp_path, monkeypatch):
    t = {"page.html": "{{ a }}{% include 'part.html' %}", "part.html": "{{ b }}"}
    _keys(county, t).keys([_page(a=1)], tmp_path)
    saved = []
    real = C.save
    monkeypatch.setattr(C, "save", lambda path, value: (saved.append(path.name), real(path, value))[1])
    _keys(county, t).keys([_page(a=1)], tmp_path)
    assert saved == []                                     # nothing new learned: not written
    _keys(county, dict(t, **{"part.html": "{{ c }}"})).keys([_page(a=1)], tmp_path)
    assert saved == ["templates.pickle"]


_NESTS = {
    "list": lambda x: [x], "tuple": lambda x: (x,), "dict": lambda x: {"k": x},
    "list-subclass": lambda x: _L([x]), "dict-subclass": lambda x: _D(k=x),
    "set": lambda x: frozenset({x}),
    "dataclass": lambda x: _Box(x),
}


@pytest.mark.parametrize("kind", sorted(_NESTS))
def test_value_depth_limit_of_every_container(county, kind):
    """Containers down to depth 12 are spelled out (13 levels); deeper, one stands for
    everything."""
    k = _keys(county, {})
    nest = _NESTS[kind]
    v = 1
    for _ in range(13):
        v = nest(v)
    assert "EVERY" not in k.value(v) and k.value(v).count("1") == 1
    v = nest(v)
    assert "EVERY" in k.value(v)


@pytest.mark.parametrize("v, text", [
    ({"a": 1, "b": 2}, "{'a':1,'b':2}"),
    (_D(a=1, b=2), "{'a':1,'b':2}"),
    (_L([1, 2, 3]), "[1,2,3]"),
    ((1, 2), "[1,2]"),
    ({"a": {"b": [1, (2, 3)]}}, "{'a':{'b':[1,[2,3]]}}"),
    (_Box(inner=_Box(inner=2)), "_Box{'inner':_Box{'inner':2}}"),
])
def test_value_texts_of_several_items(county, v, text):
    assert _keys(county, {}).value(v) == text


@pytest.mark.parametrize("kind", [dict, _D])
def test_value_depth_counts_for_keys_too(county, kind):
    k = _keys(county, {})
    v = kind({(1,): 2})
    for _ in range(12):
        v = kind(k=v)
    assert "EVERY" in k.value(v)              # a key 13 deep: beyond the limit like a value
    assert "EVERY" not in k.value(v["k"])


def test_home_loader_keeps_a_home_read_from_disk_in_memory(content, tmp_path, monkeypatch):
    """The dev server rebuilds often: a home read from the cache once is kept in memory."""
    cache = tmp_path / "cache"
    _loader(content, cache)(content, _dirs(content))
    I.MEMORY.clear()
    _loader(content, cache)(content, _dirs(content))           # from the cache on disk
    assert [k[1] for k in I.MEMORY] == ["demo"]
    loader = _loader(content, cache)
    monkeypatch.setattr(C, "load", lambda *a, **k: pytest.fail("read from disk again"))
    (record, *_rest), = loader(content, _dirs(content))
    assert loader.parsed == 0 and record.id == "demo"


def test_value_depth_of_a_dataclass_seen_first_deep_down(county):
    @dataclasses.dataclass
    class Deep:
        items: list
    k = _keys(county, {})
    v: object = Deep([1])
    for _ in range(12):
        v = [v]
    assert "EVERY" in k.value(v)            # its field is 13 deep, also on first sight


def test_files_commit_keeps_seven_other_folders_when_this_one_was_newest(content, tmp_path):
    cache = tmp_path / "cache"
    stored = {f"/other/{i}": pickle.dumps({"a": (1, 2, 3, "s", 4)}) for i in range(10)}
    stored[str(content)] = pickle.dumps({"gone": (1, 2, 3, "s", 4)})
    C.save(cache / "build" / "files.pickle", stored)
    files, _ = _scan(cache, content)
    files.commit()
    kept = C.load(cache / "build" / "files.pickle")
    assert list(kept) == [f"/other/{i}" for i in range(3, 10)] + [str(content)]


def test_home_loader_many_homes_in_worker_processes(content, tmp_path, monkeypatch):
    """More homes than the pool's chunking divides evenly (chunks of several homes)."""
    for i in range(19):
        shutil.copytree(content / "homes" / "demo", content / "homes" / f"demo{i:02}")
    monkeypatch.setattr(I, "PARALLEL_HOMES", 4)
    loader = _loader(content, tmp_path / "cache", jobs=2)
    got = loader(content, _dirs(content))
    assert loader.parsed == 20 and [r[0].id for r in got] == [d.name for d in _dirs(content)]


def test_home_digest_follows_photos_it_names_elsewhere(content, tmp_path, monkeypatch):
    real = I.load_home

    def with_shared_photo(root, home_dir):
        record, problems, images = real(root, home_dir)
        return record, problems, {**images, "shared/logo.png": str(root / "shared/logo.png")}
    monkeypatch.setattr(I, "load_home", with_shared_photo)
    digests = []
    for photo in ("h1", "h2"):
        files = I.Files(tmp_path / f"cache-{photo}", content)
        files.scan()
        hashes = dict(files.hashes, **{"shared/logo.png": photo})
        loader = I.HomeLoader(tmp_path / f"cache-{photo}", hashes, I.tree_digests(hashes)[0], 1)
        loader(content, _dirs(content))
        key = C.digest(C.code_version(), "demo", loader.tree["demo"])
        assert loader.digests["demo"] == C.digest(key, [("shared/logo.png", photo)])
        digests.append(loader.digests["demo"])
        entry = _heads(tmp_path / f"cache-{photo}")["demo"]
        assert entry["ext"] == {"shared/logo.png": photo}
    assert digests[0] != digests[1]


def test_home_with_a_bad_team_is_not_cached(content, tmp_path):
    team = content / "homes" / "demo" / "teams" / "team-b" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    loader = _loader(content, tmp_path / "cache")
    (record, problems, _i), = loader(content, _dirs(content))
    assert record is not None and problems                  # a record, with an error
    assert not (tmp_path / "cache" / "build" / "homes" / "demo.pickle").exists() and not I.MEMORY


class _Sorted:
    """A folder listing in a chosen order (the failing folder last: scanned first)."""

    def __init__(self, entries):
        self.entries = entries

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __iter__(self):
        return iter(self.entries)


@pytest.mark.parametrize("error", [PermissionError(13, "denied"), OSError(5, "input/output error")])
def test_files_scan_goes_on_past_a_folder_it_cannot_list(content, tmp_path, monkeypatch, error):
    (content / "zz-bad").mkdir()
    (content / "zz-bad" / "x.txt").write_text("x")
    real = os.scandir

    def scandir(d):
        if str(d).endswith("zz-bad"):
            raise error
        with real(d) as it:
            return _Sorted(sorted(it, key=lambda e: e.name))
    monkeypatch.setattr(I.os, "scandir", scandir)
    files, hashes = _scan(tmp_path / "cache", content)
    monkeypatch.undo()
    assert set(hashes) == {p.relative_to(content).as_posix() for p in content.rglob("*")
                           if p.is_file() and "zz-bad" not in str(p)}


def _sorted_scandir(monkeypatch, fail_open=None, fifo=None):
    real_scandir, real_open, real_fstat = os.scandir, os.open, os.fstat

    def scandir(d):
        with real_scandir(d) as it:
            return _Sorted(sorted(it, key=lambda e: e.name))
    monkeypatch.setattr(I.os, "scandir", scandir)
    if fail_open:
        def open_(path, flags, *a):
            if str(path).endswith(fail_open):
                raise PermissionError(13, "denied")
            return real_open(path, flags, *a)
        monkeypatch.setattr(I.os, "open", open_)
    if fifo:
        fds = {}

        def open2(path, flags, *a):
            fd = real_open(path, flags, *a)
            fds[fd] = str(path)
            return fd

        def fstat(fd):
            st = real_fstat(fd)
            if fds.get(fd, "").endswith(fifo):
                return os.stat_result((0o010644,) + tuple(st)[1:])
            return st
        monkeypatch.setattr(I.os, "open", open2)
        monkeypatch.setattr(I.os, "fstat", fstat)


@pytest.mark.parametrize("case", ["cache_folder", "unreadable", "fifo"])
def test_files_scan_goes_on_in_the_same_folder(content, tmp_path, monkeypatch, case):
    """What is skipped in a folder (a cache folder, an unreadable file, a file that became
    a FIFO) never stops the scan of what comes after it in that folder."""
    if case == "cache_folder":
        (content / ".sitegen-cache").mkdir()
        (content / ".sitegen-cache" / "x").write_text("x")
        _sorted_scandir(monkeypatch)
        skipped = {".sitegen-cache/x"}
    elif case == "unreadable":
        _sorted_scandir(monkeypatch, fail_open="homes/demo/activities.yaml")
        skipped = {"homes/demo/activities.yaml"}
    else:
        _sorted_scandir(monkeypatch, fifo="homes/demo/activities.yaml")
        skipped = {"homes/demo/activities.yaml"}
    files, hashes = _scan(tmp_path / "cache", content)
    monkeypatch.undo()
    every = {p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()}
    assert set(hashes) == every - skipped


class _Vanished:
    """A listed file gone before its stat."""

    def __init__(self, folder):
        self.name = "aaa-gone.yaml"
        self.path = os.path.join(folder, self.name)

    def is_dir(self):
        return False

    def stat(self):
        raise FileNotFoundError(2, "vanished")


def test_files_scan_goes_on_past_a_file_gone_before_its_stat(content, tmp_path, monkeypatch):
    real = os.scandir

    def scandir(d):
        with real(d) as it:
            return _Sorted([_Vanished(d)] + sorted(it, key=lambda e: e.name))
    monkeypatch.setattr(I.os, "scandir", scandir)
    files, hashes = _scan(tmp_path / "cache", content)
    monkeypatch.undo()
    assert set(hashes) == {p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()}


# ------------------------------------------------------------------ slide counts (m16inc)

from sitegen import screen as S


def _home_page(hid: str, slides: int, calls: list) -> render.Page:
    """A home screen page whose slides are made lazily, counting each time they are made."""
    def make():
        calls.append(hid)
        return {"slides": [f"{hid}-{i}" for i in range(slides)]}
    return render.Page(f"screen/{hid}/index.html", "screen/show.html", make=make)


def _screens(slides: dict[str, int]):
    """(pages, keys, the county screen, the calls of each home's slide maker): the county
    screen first, as plan_screens lists it, then each home's screen."""
    calls: list = []
    homes = {hid: _home_page(hid, n, calls) for hid, n in slides.items()}
    county = S.CountyScreen(None, {}, {}, "v", homes)
    pages = [render.Page("screen/index.html", "screen/show.html", make=county), *homes.values()]
    keys = ["K-county", *[f"K-{hid}" for hid in homes]]
    return pages, keys, county, calls


@pytest.fixture
def _no_screens():
    I.SCREENS.clear()
    yield
    I.SCREENS.clear()


def test_slide_counts_without_a_county_screen_do_nothing(tmp_path, _no_screens, monkeypatch):
    saved = []
    monkeypatch.setattr(C, "save", lambda *a: saved.append(a))
    sc = I.SlideCounts(tmp_path)
    assert (sc.path, sc.cache, sc.county, sc.key_of) == (tmp_path / "build" / "slides.pickle", tmp_path, None, {})
    plain = [render.Page("a/index.html", "page.html", {}), render.Page("b/index.html", "page.html", {})]
    sc.fill(plain, ["Ka", "Kb"])
    assert sc.county is None and sc.key_of == {} and saved == []
    sc.keep()
    assert I.SCREENS == {tmp_path: {}}


def test_slide_counts_are_made_once_then_read_back_by_key(tmp_path, _no_screens):
    pages, keys, county, calls = _screens({"a": 3, "b": 2})
    sc = I.SlideCounts(tmp_path)
    sc.fill(pages, keys)
    assert sc.county is county and sc.key_of == dict(zip([p.path for p in pages], keys))
    assert county.counts == {"a": 3, "b": 2} and sorted(calls) == ["a", "b"]
    assert C.load(tmp_path / "build" / "slides.pickle") == {"K-a": 3, "K-b": 2}
    # the next build, another process: the counts are read back, no slide is made
    pages, keys, county, calls = _screens({"a": 3, "b": 2})
    I.SlideCounts(tmp_path).fill(pages, keys)
    assert county.counts == {"a": 3, "b": 2} and calls == []
    assert not any(p.made for p in pages[1:])


def test_slide_counts_are_taken_under_the_page_key_only(tmp_path, _no_screens, monkeypatch):
    """A count kept under another key (the home was edited) is not used: its slides are
    made and counted; the store then holds this build's keys only."""
    C.save(tmp_path / "build" / "slides.pickle", {"K-a": 9, "K-old": 4})
    pages, keys, county, calls = _screens({"a": 3, "b": 2})
    I.SlideCounts(tmp_path).fill(pages, keys)
    assert county.counts == {"a": 9, "b": 2} and calls == ["b"]
    assert C.load(tmp_path / "build" / "slides.pickle") == {"K-a": 9, "K-b": 2}


@pytest.mark.parametrize("kept", [True, 1, 0, -5, 2.0, "3", None, [3]])
def test_slide_counts_read_back_are_checked(tmp_path, _no_screens, kept):
    """A count that is no int, a bool, or fewer than a home's cover and schedule is made again."""
    C.save(tmp_path / "build" / "slides.pickle", {"K-a": kept, "K-b": 2})
    pages, keys, county, calls = _screens({"a": 4, "b": 3})
    I.SlideCounts(tmp_path).fill(pages, keys)
    assert county.counts == {"a": 4, "b": 2} and calls == ["a"]      # 2 = MIN_HOME_SLIDES: kept
    assert C.load(tmp_path / "build" / "slides.pickle") == {"K-a": 4, "K-b": 2}


@pytest.mark.parametrize("stored", [[("K-a", 3)], "K-a", 7])
def test_slide_counts_store_of_another_shape_is_not_used(tmp_path, _no_screens, stored):
    C.save(tmp_path / "build" / "slides.pickle", stored)
    pages, keys, county, calls = _screens({"a": 4})
    I.SlideCounts(tmp_path).fill(pages, keys)
    assert county.counts == {"a": 4} and calls == ["a"]
    assert C.load(tmp_path / "build" / "slides.pickle") == {"K-a": 4}


def test_slide_counts_saved_only_when_changed(tmp_path, _no_screens, monkeypatch):
    C.save(tmp_path / "build" / "slides.pickle", {"K-a": 4})
    saved = []
    monkeypatch.setattr(C, "save", lambda *a: saved.append(a))
    pages, keys, county, _calls = _screens({"a": 4})
    I.SlideCounts(tmp_path).fill(pages, keys)
    assert county.counts == {"a": 4} and saved == []


@pytest.mark.parametrize("homes, limit, counted", [(3, 6, True), (3, 5, False), (1, 1, False)])
def test_slide_counts_not_needed_when_surely_too_many(tmp_path, _no_screens, monkeypatch, homes, limit, counted):
    """Every home has at least MIN_HOME_SLIDES: more homes than the limit allows at that
    many leave the county screen in summary mode, so no count (and no slide) is made."""
    monkeypatch.setattr(S, "COUNTY_FULL_LIMIT", limit)
    pages, keys, county, calls = _screens({f"h{i}": 2 for i in range(homes)})
    I.SlideCounts(tmp_path).fill(pages, keys)
    assert (county.counts != {}) is counted and (calls != []) is counted
    assert (tmp_path / "build" / "slides.pickle").exists() is counted


def test_slide_counts_adopt_the_screens_this_process_made(tmp_path, _no_screens, monkeypatch):
    """The dev server: the last build's home screens, kept by key, are taken as they were
    (even where counts are not needed); a home whose key changed is made anew."""
    monkeypatch.setattr(S, "COUNTY_FULL_LIMIT", 1)
    pages, keys, county, calls = _screens({"a": 3, "b": 2})
    I.SlideCounts(tmp_path).fill(pages, keys)
    assert calls == []
    for page in pages[1:]:
        page.context
    sc = I.SlideCounts(tmp_path)
    sc.fill(pages, keys)
    sc.keep()
    made = {"K-a": pages[1].context, "K-b": pages[2].context}
    assert I.SCREENS == {tmp_path: made}
    pages, keys, county, calls = _screens({"a": 3, "b": 2})
    keys[2] = "K-b-edited"
    sc = I.SlideCounts(tmp_path)
    sc.fill(pages, keys)
    assert pages[1].made and pages[1].context is made["K-a"] and not pages[2].made
    pages[2].context
    assert calls == ["b"]
    sc.keep()
    assert I.SCREENS == {tmp_path: {"K-a": made["K-a"], "K-b-edited": pages[2].context}}
    assert I.SlideCounts(tmp_path / "other").county is None


def test_slide_counts_keep_only_the_screens_made(tmp_path, _no_screens):
    pages, keys, county, calls = _screens({"a": 3, "b": 2})
    C.save(tmp_path / "build" / "slides.pickle", {"K-a": 3, "K-b": 2})
    sc = I.SlideCounts(tmp_path)
    sc.fill(pages, keys)
    assert calls == []
    pages[2].context                       # only b's screen rendered
    sc.keep()
    assert I.SCREENS == {tmp_path: {"K-b": pages[2].context}}
    I.SlideCounts(tmp_path / "x").keep()    # filled by nothing: keeps nothing, for its own cache
    assert I.SCREENS[tmp_path / "x"] == {} and I.SCREENS[tmp_path] == {"K-b": pages[2].context}


# ------------------------------------------------------------------ a no-op, reused pages (m16inc)

class _Commit:
    def __init__(self):
        self.commits = 0

    def commit(self):
        self.commits += 1


@pytest.mark.parametrize("kept_at, print_at, want", [(5, 9, 9), (9, 9, 9), (12, 9, 12), (None, 9, 9)])
def test_settle_noop_dates_a_racy_record_now(tmp_path, kept_at, print_at, want):
    out = tmp_path / "out"
    live = {"files": {"a.html": 1}} if kept_at is None else {"at": kept_at, "files": {"a.html": 1}}
    I.Manifest(state="s", pages=3, media={"a.html": []}, live=live, kept={"at": 1},
               live_print={"at": print_at, "racy": True}).save(tmp_path, out)
    last = I.Manifest.load(tmp_path, out, small=True)
    files = _Commit()
    body = I.Manifest.path(tmp_path, out).with_suffix(".files")
    before = body.read_bytes()
    last.live_print = {**last.live_print, "racy": False, "n": 7}    # as write.intact leaves it
    I.settle_noop(files, last, tmp_path, out, True)
    assert files.commits == 1
    assert body.read_bytes() == before          # the big record is not written again
    assert I.Manifest.load(tmp_path, out, small=True).live_print == last.live_print   # saved
    again = I.Manifest.load(tmp_path, out)
    assert again.live == {"at": want, "files": {"a.html": 1}}
    assert (again.state, again.pages, again.media, again.kept) == ("s", 3, {"a.html": []}, {"at": 1})


def test_settle_noop_not_racy_saves_no_manifest(tmp_path, monkeypatch):
    out = tmp_path / "out"
    I.Manifest(state="s", live={"at": 1}, live_print={"at": 9}).save(tmp_path, out)
    last = I.Manifest.load(tmp_path, out, small=True)
    saved = []
    monkeypatch.setattr(I, "save", lambda *a: saved.append(a))
    monkeypatch.setattr(I.Manifest, "save", lambda *a: saved.append(a))
    files = _Commit()
    I.settle_noop(files, last, tmp_path, out, False)
    assert files.commits == 1 and saved == []
    assert I.Manifest.load(tmp_path, out).live == {"at": 9}     # the fingerprint's date


@pytest.mark.parametrize("closed, print_at, want", [
    (1, 9, 9), (9, 1, 9), (1, "9", 1), (1, None, 1), ("1", 9, "1"), (1, 9.5, 1), (None, 1, 1)])
def test_load_files_dates_the_record_by_a_later_fingerprint_only(tmp_path, closed, print_at, want):
    """A fingerprint dated later (a no-op checked the record's last files by their bytes)
    dates the record; an earlier one, or anything but an int on either side, does not."""
    out = tmp_path / "out"
    live = {"files": {}} if closed is None else {"at": closed, "files": {}}   # None: no date
    I.Manifest(state="s", live=live, live_print={"at": print_at}).save(tmp_path, out)
    assert I.Manifest.load(tmp_path, out).live == {"at": want, "files": {}}
    I.Manifest(state="t", live={"at": 1, "files": {}}, live_print={"at": 9}).save(tmp_path, out)
    last = I.Manifest.load(tmp_path, out, small=True)
    last.state = "u"                            # the record is of another build: not read
    last.load_files(tmp_path, out)
    assert last.live == {}


class _Stage:
    def __init__(self, keep):
        self.keep, self.asked = keep, []

    def reuse(self, rel, key):
        self.asked.append((rel, key))
        return (rel, key) in self.keep


def test_reusable_keeps_a_page_only_with_its_file_and_its_photos():
    county = types.SimpleNamespace(images={"a.png": "/c/a.png"})
    hashes = {"a.png": "ha"}
    pages = [render.Page(f"p{i}.html", "page.html", {}) for i in range(5)]
    keys = ["k0", "k1", "k2", "k3", "k4"]
    last = I.Manifest(media={"p0.html": [("a.png", 400, "ha")], "p1.html": [("a.png", 400, "old")],
                             "p2.html": [], "p4.html": []},
                      reads={"p0.html": [("h1", "d1")], "p1.html": [], "p2.html": [], "p4.html": []})
    homes = {"h1": "d1", "h2": "d2"}.get
    p0 = I.filed_key("k0", [("h1", "d1")])          # filed with the homes it read
    stage = _Stage({("p0.html", p0), ("p1.html", "k1"), ("p3.html", "k3"), ("p4.html", "other")})
    told = []
    media, reads, todo = I.reusable(pages, keys, last, county, hashes, homes, stage,
                                    lambda *a: told.append(a))
    assert media == {"p0.html": [("a.png", 400, "ha")]} and reads == {"p0.html": [("h1", "d1")]}
    assert todo == [1, 2, 3, 4]
    assert told == [("page", "p0.html")]
    assert ("p0.html", p0) in stage.asked and ("p4.html", "k4") in stage.asked
    again = I.reusable(pages, keys, last, county, hashes, homes, stage)    # no progress: quiet
    assert again == (media, reads, todo)
    # a home it read changed since, or its reads not on record: made again
    assert I.reusable(pages, keys, last, county, hashes, {"h1": "d9"}.get, stage)[2] == [0, 1, 2, 3, 4]
    last.reads = {}
    assert I.reusable(pages, keys, last, county, hashes, homes, stage)[2] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("read, ok", [
    ([], True), ([("h1", "d1")], True), ([("h1", "d1"), ("h2", "d2")], True),
    ([("h1", "d1"), ("h2", "old")], False), ([("h3", None)], False), (None, False),
    ((("h1", "d1"),), False), ([["h1", "d1"]], False), ([("h1", "d1", "x")], False),
    ([("h1",)], False), ([(1, "d1")], False), ("h1", False), ({"h1": "d1"}, False)])
def test_reads_ok_only_for_a_list_of_unchanged_homes(read, ok):
    assert I.reads_ok(read, {"h1": "d1", "h2": "d2"}.get) is ok


def test_reads_ok_takes_only_a_home_id_as_a_home():
    anything = lambda hid: "D"                       # noqa: E731  (a digest for any id)
    assert I.reads_ok([("h", "D")], anything) is True
    assert I.reads_ok([(1, "D")], anything) is False and I.reads_ok([(None, "D")], anything) is False


def test_a_page_is_filed_under_its_key_and_the_homes_it_read():
    assert I.filed_key("k", []) == "k"                               # read no record
    one = I.filed_key("k", [("h1", "d1")])
    assert one == C.digest("k", "h1=d1") != "k"
    assert len({one, I.filed_key("k", [("h1", "d2")]), I.filed_key("k", [("h2", "d1")]),
                I.filed_key("j", [("h1", "d1")]), I.filed_key("k", [("h1", "d1"), ("h2", "d2")])}) == 5


def test_reads_of_are_sorted_pairs_with_each_home_s_digest():
    assert I.reads_of({"b", "a", "*"}, lambda hid: "D" + hid) == [("*", "D*"), ("a", "Da"), ("b", "Db")]
    assert I.reads_of(set(), lambda hid: 1 / 0) == []


def test_read_digest_of_every_home_is_everything(county):
    k = _keys(county, {})
    assert k.read_digest(m.EVERY_HOME) == "ALL" + k.everything
    assert k.read_digest("demo") == k.home("demo") != k.read_digest(m.EVERY_HOME)
    # one text per home a build: the manifest's pickle writes it once for all its pages
    assert k.read_digest("demo") is k.read_digest("demo")
    assert k.read_digest("x") is k.read_digest("x") and k.read_digest("x") != k.read_digest("demo")


def test_files_of_a_home_and_of_the_county_are_valued_by_their_digests(county):
    k = _keys(county, {})
    assert k.shared_value(facts.HomeFiles("demo")) == k.value(facts.HomeFiles("demo")) == "HD"
    assert k.shared_value(facts.HomeFiles("x")) == "HEVERY"          # a home with no files
    assert k.value(facts.CountyFiles()) == "OUTEVERY"                # outside not given
    given = I.PageKeys(k.env, {}, county, {"demo": "D"}, "EVERY", "zh", "T", outside="O")
    assert given.value(facts.CountyFiles()) == "OUTO" and given.outside == "O"
    assert given.value(facts.HomeFiles("demo")) == "HD"


def test_media_of_names_each_photo_by_its_hash():
    used = [("a.png", 400), ("b.png", 800), ("a.png", 800)]
    assert I.media_of(used, {"a.png": "ha", "b.png": "hb"}) == [
        ("a.png", 400, "ha"), ("b.png", 800, "hb"), ("a.png", 800, "ha")]
    assert I.media_of([("gone.png", 400)], {}) == [("gone.png", 400, None)]
    assert I.media_of([], {"a.png": "ha"}) == []


# ------------------------------------------------------------------ shared values (m16inc)

def test_shared_value_is_valued_once_per_object(county):
    k = _keys(county, {})
    calls = []
    real = k.value
    k.value = lambda v, depth=0: (calls.append(v), real(v, depth))[1]
    labels = {"screen": "大屏", "week": ["一", "二"]}
    assert k.shared_value(labels) == k.shared_value(labels) == C.digest(real(labels))
    assert [c for c in calls if c is labels] == [labels] and k.shared[id(labels)][0] is labels
    twin = {"screen": "大屏", "week": ["一", "二"]}
    assert k.shared_value(twin) == k.shared_value(labels) and [c for c in calls if c is twin] == [twin]
    other = {"screen": "屏"}
    assert k.shared_value(other) != k.shared_value(labels)


@pytest.mark.parametrize("v", [None, "text", 3, 2.5, True, dt.date(2026, 1, 2)])
def test_shared_value_of_a_scalar_is_its_text(county, v):
    k = _keys(county, {})
    assert k.shared_value(v) == repr(v) and k.shared == {}


def test_shared_value_is_not_fooled_by_a_reused_id(county):
    """An entry under the same id but for another object (one freed and its id reused) is
    valued anew."""
    k = _keys(county, {})
    v = ["now"]
    k.shared[id(v)] = (["before"], "stale")
    assert k.shared_value(v) == C.digest(k.value(v)) != "stale"
    assert k.shared[id(v)][0] is v


def test_page_made_on_demand_is_keyed_by_its_deps(county):
    t = {"page.html": "{{ slides }}"}
    labels = {"w": "周"}

    def lazy(deps):
        return render.Page("s/index.html", "page.html", title="T", make=lambda: pytest.fail("made"), deps=deps)
    key = _keys(county, t).key(lazy(("home-screen", labels, 3)))
    assert _keys(county, t).key(lazy(("home-screen", labels, 3))) == key
    for other in (("home-screen", labels, 4), ("home-screen", {"w": "週"}, 3), ("home-screen", labels),
                  ("county-screen", labels, 3)):
        assert _keys(county, t).key(lazy(other)) != key
    eager = render.Page("s/index.html", "page.html", {"x": 1}, "T")
    assert _keys(county, t).key(eager) != key


def test_a_missing_template_included_with_ignore_missing_is_keyed_not_fatal(county):
    """A site's template may include one that does not exist (`ignore missing`: Jinja
    renders nothing): keying the page must not fail, and the hash moves with `tversion`
    (every template file), which changes the day the missing one appears."""
    t = {"page.html": "{{ a }}{% include 'gone.html' ignore missing %}{% include 'part.html' %}",
         "part.html": "{{ b }}"}
    sha, names = _keys(county, t, tversion="T").template("page.html")
    assert names == {"a", "b"}
    assert _keys(county, t, tversion="T").template("page.html")[0] == sha
    assert _keys(county, t, tversion="T2").template("page.html")[0] != sha
    with_part = dict(t, **{"gone.html": "{{ c }}"})
    assert _keys(county, with_part, tversion="T2").template("page.html") != (sha, names)
    assert _keys(county, with_part, tversion="T2").template("page.html")[1] == {"a", "b", "c"}


def test_template_hash_covers_what_follows_a_computed_include(county):
    """The hash is of the template and all it pulls in: a template named after a computed
    include counts too, whatever `tversion` the caller gave."""
    t = {"page.html": "{% include name %}{% include 'part.html' %}", "part.html": "{{ b }}"}
    sha, names = _keys(county, t, tversion="T").template("page.html")
    assert names is None
    t2 = dict(t, **{"part.html": "{{ b }}!"})
    assert _keys(county, t2, tversion="T").template("page.html")[0] != sha


# ------------------------------------------------------------------ heads and inputs (more)

def test_head_ok_takes_a_head_with_warnings(content):
    from sitegen.problems import WARNING, problem
    head, hashes = _head(content)
    head["problems"] = [problem("photo_low_dpi", "homes/demo/home.yaml", 3, 1, "photo", WARNING)]
    assert I.head_ok(head, "K", hashes) is True


def test_home_inputs_follow_every_part(monkeypatch):
    base = I.home_inputs({"a": "1", "b": "2"}, "outside", "templates")
    assert set(base) == {"a", "b"} and base["a"] != base["b"]
    assert I.home_inputs({"a": "1", "b": "2"}, "outside", "templates") == base
    assert I.home_inputs({"a": "9", "b": "2"}, "outside", "templates")["b"] == base["b"]
    assert I.home_inputs({"a": "9", "b": "2"}, "outside", "templates")["a"] != base["a"]
    for changed in (I.home_inputs({"a": "1", "b": "2"}, "other", "templates"),
                    I.home_inputs({"a": "1", "b": "2"}, "outside", "other")):
        assert changed["a"] != base["a"] and changed["b"] != base["b"]
    monkeypatch.setattr(C, "_CODE", "another code")
    assert I.home_inputs({"a": "1", "b": "2"}, "outside", "templates")["a"] != base["a"]
    assert len({C.digest("x", "1"), *base.values()}) == 3      # not the home's digest alone


def test_home_loader_goes_on_after_a_home_with_errors(content, tmp_path):
    shutil.copytree(content / "homes" / "demo", content / "homes" / "demo2")
    home = content / "homes" / "demo" / "home.yaml"
    home.write_text(home.read_text(encoding="utf-8") + "\nunknown_field: 1\n", encoding="utf-8")
    got = _loader(content, tmp_path / "cache")(content, _dirs(content))
    assert got[0][1] and len(got[0]) == 3                       # the home with errors
    assert got[1][0].id == "demo2" and got[1][3] == facts.summarize(got[1][0])
    assert set(_heads(tmp_path / "cache")) == {"demo2"}


def test_home_loader_remembers_the_photos_that_opened(content, tmp_path):
    from sitegen import images
    cache = tmp_path / "cache"
    loader = _loader(content, cache)
    (record, *_rest), = loader(content, _dirs(content))
    assert record.photo_bounds
    opened = images.known_to_open(cache)
    assert {loader.hashes[r] for r in record.photo_bounds} <= set(opened)


@pytest.mark.parametrize("where", ["disk", "memory"])
def test_home_loader_refuses_a_head_of_another_home(content, tmp_path, where):
    """A head under the right key but of another home (only a bug or a forgery could
    file it there) is not used: the home is parsed."""
    cache = tmp_path / "cache"
    shutil.copytree(content / "homes" / "demo", content / "homes" / "demo2")
    _loader(content, cache)(content, _dirs(content))
    heads = _heads(cache)
    wrong = {**heads["demo"], "summary": heads["demo2"]["summary"]}
    if where == "disk":
        I.MEMORY.clear()
        _save_heads(cache, {**heads, "demo": wrong})
    else:
        I.MEMORY[(cache / "build" / "homes", "demo")] = wrong
    loader = _loader(content, cache)
    got = loader(content, _dirs(content))
    assert got[0][3].id == "demo" and got[0][0].id == "demo"
    assert loader.parsed == (1 if where == "disk" else 0)      # (memory: the head on disk)


def test_a_deferred_record_is_read_from_its_entry_without_parsing(content, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    (parsed, *_rest), = _loader(content, cache)(content, _dirs(content))
    I.MEMORY.clear()
    (deferred, *_rest), = _loader(content, cache)(content, _dirs(content))
    monkeypatch.setattr(I, "load_home", lambda *a: pytest.fail("parsed again"))
    assert deferred.load() == parsed


# ------------------------------------------------------------------ supervision (cached)

SUPERVISION = """\
checks:
  - date: 2024-03-05
    home: changpu
    kind: monthly_check
  - date: 2024-04-02
    home: wawutang
    kind: quarterly_supervision
bulletins:
  - date: 2024-03-28
    title: 第一季度通报
    body: |
      ![督导现场](pics/a.jpg)

      各乡镇党委：运行良好。
  - date: 2024-06-28
    title: 第二季度通报
ratings:
  - year: 2023
    home: wawutang
    grade: 优秀
"""


def _sup_content(tmp_path: Path) -> Path:
    """A supervision.yaml over two homes' folders, with a bulletin that shows a photo."""
    root = tmp_path / "content"
    for hid in ("changpu", "wawutang"):
        (root / "homes" / hid).mkdir(parents=True)
    (root / "pics").mkdir()
    shutil.copy(next((Path(__file__).resolve().parent.parent / "content" / "homes").rglob("*.jpg")),
                root / "pics" / "a.jpg")
    (root / "supervision.yaml").write_text(SUPERVISION, encoding="utf-8")
    return root


def _same(a: tuple, b: tuple) -> bool:
    """Two results of read_supervision alike, the positions by what they hold."""
    return (a[0], a[2], a[3]) == (b[0], b[2], b[3]) and a[1].file == b[1].file and a[1].at == b[1].at


def _hashes(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): C.file_sha256(p) for p in root.rglob("*") if p.is_file()}


def test_supervision_is_kept_and_read_back_whole(tmp_path):
    from sitegen.validate import read_supervision
    root = _sup_content(tmp_path)
    fresh = read_supervision(root, ["changpu", "wawutang"])
    assert fresh[2] == [] and fresh[0].checks and fresh[0].bulletins and fresh[3]   # no problems
    first = I.SupervisionLoader(tmp_path / "cache", _hashes(root))
    assert _same(first(root, ["changpu", "wawutang"]), fresh) and first.parsed is True
    again = I.SupervisionLoader(tmp_path / "cache", _hashes(root))
    got = again(root, ["changpu", "wawutang"])
    assert again.parsed is False and _same(got, fresh)
    assert got[3] == {"pics/a.jpg": str(root / "pics" / "a.jpg")}
    assert got[1].position("bulletins", 0, "body") == fresh[1].position("bulletins", 0, "body") != (1, 1)


@pytest.mark.parametrize("change", ["file", "homes", "code", "image", "image gone"])
def test_supervision_is_read_again_when_what_it_is_kept_by_changes(tmp_path, change, monkeypatch):
    root = _sup_content(tmp_path)
    homes = ["changpu", "wawutang"]
    I.SupervisionLoader(tmp_path / "cache", _hashes(root))(root, homes)
    if change == "file":
        sup = root / "supervision.yaml"
        sup.write_text(sup.read_text(encoding="utf-8").replace("各乡镇党委", "各乡镇党委（改）", 1),
                       encoding="utf-8")
    elif change == "homes":
        homes = ["changpu", "wawutang", "xinhome"]
    elif change == "code":
        monkeypatch.setattr(C, "code_version", lambda: "another")
    elif change == "image":
        (root / "pics" / "a.jpg").write_bytes((root / "pics" / "a.jpg").read_bytes() + b"\0")
    else:
        (root / "pics" / "a.jpg").unlink()
    loader = I.SupervisionLoader(tmp_path / "cache", _hashes(root))
    got = loader(root, homes)
    assert loader.parsed
    from sitegen.validate import read_supervision
    assert _same(got, read_supervision(root, homes))
    if change == "file":
        assert "各乡镇党委（改）" in str(got[0].bulletins[0].body)
    if change == "image gone":
        assert [p.code for p in got[2]] == ["image_missing"] and got[3] == {}


def test_supervision_with_problems_is_not_kept(tmp_path):
    root = _sup_content(tmp_path)
    homes = ["changpu"]                          # its checks name wawutang: unknown_home
    for _ in range(2):
        loader = I.SupervisionLoader(tmp_path / "cache", _hashes(root))
        got = loader(root, homes)
        assert loader.parsed and got[2] and {p.code for p in got[2]} == {"unknown_home"}
    assert not (tmp_path / "cache" / "build" / "supervision.pickle").exists()


def test_supervision_read_while_it_changed_is_not_kept(tmp_path):
    root = _sup_content(tmp_path)
    hashes = _hashes(root)
    hashes["supervision.yaml"] = "0" * 64        # the scan saw other bytes than were read
    loader = I.SupervisionLoader(tmp_path / "cache", hashes)
    assert loader(root, ["changpu", "wawutang"])[2] == []
    assert not (tmp_path / "cache" / "build" / "supervision.pickle").exists()


@pytest.mark.parametrize("damage", [
    None, [], "x", {}, {"key": "other"}, {"supervision": None}, {"supervision": "x"},
    {"where": None}, {"where": {}}, {"ext": []}, {"ext": {"pics/a.jpg": "old"}},
    {"ext": {"pics/a.jpg": None}}, {"ext": {1: "h"}}, {"key": None}])
def test_supervision_kept_damaged_or_of_another_shape_is_read_again(tmp_path, damage):
    root = _sup_content(tmp_path)
    hashes = _hashes(root)
    homes = ["changpu", "wawutang"]
    I.SupervisionLoader(tmp_path / "cache", hashes)(root, homes)
    path = tmp_path / "cache" / "build" / "supervision.pickle"
    entry = C.load(path)
    C.save(path, {**entry, **damage} if isinstance(damage, dict) and damage else damage)
    loader = I.SupervisionLoader(tmp_path / "cache", hashes)
    from sitegen.validate import read_supervision
    assert _same(loader(root, homes), read_supervision(root, homes)) and loader.parsed
