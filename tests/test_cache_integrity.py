"""Nothing from the cache is used unverified (issue 13, part 1).

The corruption test damages random bytes of random cache files over many seeded trials;
every build must then be byte-identical to a clean build (the damaged entries ignored and
rebuilt, one warning saying so) — never a different output, a traceback or a crash. The
other tests are the probes of the issue: two folders sharing one cache, a renamed folder,
an edited home pickle, a flipped Jinja bytecode bit, a photo named in a bulletin body, a
computed include, published files linked into the cache.
"""
from __future__ import annotations

import dataclasses
import io
import os
import pickle
import random
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import CASES, tree_hash
from sitegen import incremental as I
from sitegen import cache as C
from sitegen.build import build
from sitegen.problems import ContentError

MINIMAL = CASES / "good" / "minimal" / "content"
TRIALS = 120


def _png(colour, size=(640, 480)) -> bytes:
    out = io.BytesIO()
    im = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):        # some structure, so resizing has work to do
        im.paste((255 - colour[0], colour[1], 90), (x, 0, x + 10, size[1]))
    im.save(out, "PNG")
    return out.getvalue()


def _county(root: Path) -> Path:
    """The minimal county, with a second photo and one shown only in a bulletin body."""
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    (content / "photos").mkdir()
    (content / "photos" / "bulletin.png").write_bytes(_png((200, 40, 40)))
    sup = content / "supervision.yaml"
    sup.write_text(sup.read_text(encoding="utf-8").replace(
        "做法值得推广。", "做法值得推广。\n\n      ![现场](photos/bulletin.png)"), encoding="utf-8")
    team = content / "homes/demo/teams/team-a/team.yaml"
    (team.parent / "photos" / "b.png").write_bytes(_png((30, 90, 200)))
    team.write_text(team.read_text(encoding="utf-8").replace(
        "  - name: 李四\n", "  - name: 李四\n    photo: photos/b.png\n"), encoding="utf-8")
    return content


def _clean(content: Path, tmp: Path, name: str) -> dict:
    """The reference: a build with a fresh cache into a fresh folder."""
    I.MEMORY.clear()
    out = tmp / f"ref-{name}"
    build(content, out, posters=False, cache=tmp / f"ref-cache-{name}", jobs=1)
    return tree_hash(out)


def _damage(path: Path, rng: random.Random, others: list[Path]) -> str:
    data = path.read_bytes()
    how = rng.choice(["flip", "flip", "truncate", "zero", "foreign", "empty"])
    if how == "flip" and data:
        b = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        data = bytes(b)
    elif how == "truncate" and data:
        data = data[:rng.randrange(len(data))]
    elif how == "zero" and data:
        at = rng.randrange(len(data))
        n = rng.randint(1, 64)
        data = data[:at] + bytes(len(data[at:at + n])) + data[at + n:]
    elif how == "foreign":
        data = rng.choice(others).read_bytes()      # a valid entry, under another name
    else:
        data = b""
    path.write_bytes(data)
    return how


def test_random_cache_damage_never_changes_the_output(tmp_path):
    content = _county(tmp_path / "site")
    ref_a = _clean(content, tmp_path, "a")
    # State B: one text edit, so the build is incremental (not a no-op) and reads the cache.
    home = content / "homes/demo/home.yaml"
    text_a = home.read_text(encoding="utf-8")
    text_b = text_a.replace("示范乡", "样板乡", 1)
    assert text_b != text_a
    home.write_text(text_b, encoding="utf-8")
    ref_b = _clean(content, tmp_path, "b")
    assert ref_a != ref_b
    home.write_text(text_a, encoding="utf-8")

    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, posters=False, cache=cache, jobs=1)
    snap_cache, snap_out = tmp_path / "snap-cache", tmp_path / "snap-out"
    shutil.copytree(cache, snap_cache)
    shutil.copytree(out, snap_out)
    entries = sorted(p for p in snap_cache.rglob("*") if p.is_file())
    kinds = {p.relative_to(snap_cache).parts[0] if len(p.relative_to(snap_cache).parts) > 1
             else p.name for p in entries}
    assert {"build", "images", "jinja"} <= kinds, kinds
    rng = random.Random(13)
    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for trial in range(TRIALS):
        shutil.rmtree(cache)
        shutil.copytree(snap_cache, cache)
        shutil.rmtree(out, ignore_errors=True)
        incremental = trial % 2 == 0
        if incremental:
            shutil.copytree(snap_out, out)
        files = sorted(p for p in cache.rglob("*") if p.is_file())
        damaged = rng.sample(files, rng.randint(1, 3))
        for path in damaged:
            how = _damage(path, rng, [f for f in files if f != path])
            outcomes[how] = outcomes.get(how, 0) + 1
        home.write_text(text_b if incremental else text_a, encoding="utf-8")
        I.MEMORY.clear()                 # the dev server's memory: not the cache under test
        C._KEY = None
        report = build(content, out, posters=False, cache=cache, jobs=1)
        assert tree_hash(out) == (ref_b if incremental else ref_a), (trial, damaged)
        notes = [p for p in report.problems if p.code.startswith("cache_")]
        assert all(p.severity == "warning" and p.file for p in notes)
        assert len(notes) <= 1
        if not notes:      # then only entries this build had no need to read were damaged
            # (photos, templates, and records of homes whose pages it did not make)
            assert all(p.relative_to(cache).parts[0] in ("images", "jinja") or
                       p.relative_to(cache).parts[:2] == ("build", "homes") for p in damaged), damaged
        outcomes["noted"] = outcomes.get("noted", 0) + bool(notes)
    home.write_text(text_a, encoding="utf-8")
    print(f"\n{TRIALS} trials in {time.perf_counter() - started:.1f} s: {outcomes}")
    assert outcomes["noted"] > TRIALS // 2    # damage that was read was said, once


def _entries(cache: Path) -> set[int]:
    return {p.stat().st_ino for p in cache.rglob("*") if p.is_file()}


def test_published_files_are_not_linked_into_the_cache(tmp_path):
    content = _county(tmp_path / "site")
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, posters=False, cache=cache, jobs=1)
    (content / "site.yaml").write_text((content / "site.yaml").read_text(encoding="utf-8")
                                       .replace("title:", "title: 新", 1), encoding="utf-8")
    build(content, out, posters=False, cache=cache, jobs=1)
    media = list((out / "media").glob("*.jpg"))
    assert len(media) >= 3
    assert not {p.stat().st_ino for p in media} & _entries(cache)
    # Writing into every cache file changes nothing that is published.
    before = tree_hash(out)
    for p in cache.rglob("*"):
        if p.is_file():
            with open(p, "r+b") as f:
                f.write(b"X")
    assert tree_hash(out) == before


def test_two_folders_sharing_one_cache(tmp_path):
    """Same records, different photo bytes: each folder publishes its own photo."""
    one = _county(tmp_path / "one")
    two = _county(tmp_path / "two")
    (one / "homes/demo/teams/team-a/photos/b.png").write_bytes(_png((10, 200, 10)))
    ref_two = _clean(two, tmp_path, "two")
    ref_one = _clean(one, tmp_path, "one")
    shared = tmp_path / "shared-cache"
    for _ in range(2):
        for content, ref in ((one, ref_one), (two, ref_two)):
            out = content.parent / "out"
            I.MEMORY.clear()
            build(content, out, posters=False, cache=shared, jobs=1)
            assert tree_hash(out) == ref
    # The first folder's photo changes; the second (same home records) must not follow it.
    (one / "homes/demo/teams/team-a/photos/b.png").write_bytes(_png((250, 250, 10)))
    build(two, two.parent / "out", posters=False, cache=shared, jobs=1)
    assert tree_hash(two.parent / "out") == ref_two
    (two.parent / "out").rename(tmp_path / "gone")
    build(two, two.parent / "out", posters=False, cache=shared, jobs=1)
    assert tree_hash(two.parent / "out") == ref_two
    # Nothing cached names a folder: no absolute path in any home entry.
    for entry in (shared / "build" / "homes").glob("*.pickle"):
        assert str(tmp_path).encode() not in entry.read_bytes()


def test_renamed_and_moved_folder(tmp_path):
    content = _county(tmp_path / "site")
    ref = _clean(content, tmp_path, "ref")
    build(content, tmp_path / "site" / "out", posters=False, jobs=1)   # cache beside content
    assert (tmp_path / "site" / ".sitegen-cache").is_dir()
    moved = tmp_path / "elsewhere" / "site-renamed"
    moved.parent.mkdir()
    (tmp_path / "site").rename(moved)
    I.MEMORY.clear()
    (moved / "homes-photo-changed").mkdir()     # not content: a folder beside it
    build(moved / "content", moved / "out", posters=False, jobs=1)
    assert tree_hash(moved / "out") == ref
    # The in-process memory of the dev server is keyed by cache folder too.
    build(moved / "content", moved / "out2", posters=False, jobs=1)
    assert tree_hash(moved / "out2") == ref


def test_edited_home_pickle_is_not_used(tmp_path):
    """An edited `homes/*.pickle` published a wrong phone number: now it is rejected."""
    def forge(entry):
        team = entry["record"].teams["team-a"]
        team.team.members[0] = team.team.members[0].model_copy(update={"name": "假名字"})
        return entry
    _forged_entry_is_refused(tmp_path, "homes/demo.pickle", forge, "pickle:homes/other.pickle")


def _forged_entry_is_refused(tmp_path, rel: str, forge, other_name: str) -> None:
    """Build the county, read back the cache entry `build/<rel>`, forge it (`forge`
    returns the entry naming 假名字) and check every forgery of it is refused."""
    content = _county(tmp_path / "site")
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, posters=False, cache=cache, jobs=1)
    ref = tree_hash(out)
    path = cache / "build" / rel
    blob = path.read_bytes()
    entry = pickle.loads(C.unseal(C._kind(path), blob))
    _forgeries_are_refused(path, blob, pickle.dumps(forge(entry)), other_name, content, out, cache, ref)


def _forgeries_are_refused(path, blob, data, other_name, content, out, cache, ref) -> None:
    """`data` (a forged entry naming 假名字) written to `path` unsealed, sealed under
    `other_name`, and spliced behind the real seal of `blob`: each is ignored with one
    `cache_ignored`, and the rebuilt output is `ref`, nowhere naming 假名字."""
    for bad in (data, C.seal(other_name, data), blob[:36] + data):
        path.write_bytes(bad)
        I.MEMORY.clear()
        shutil.rmtree(out)
        report = build(content, out, posters=False, cache=cache, jobs=1)
        assert tree_hash(out) == ref
        assert not any("假名字" in p.read_text(encoding="utf-8") for p in out.rglob("*.*")
                       if p.suffix in (".html", ".js"))
        assert [p.code for p in report.problems if p.code.startswith("cache_")] == ["cache_ignored"]


def test_edited_summaries_pickle_is_not_used(tmp_path):
    """The homes' summaries (what the county page and the search index are made from)
    are sealed like the records: a forged home name is rejected, never published."""
    def forge(blobs):
        heads = I.unpack(blobs, {}, "heads")
        heads["demo"]["summary"] = dataclasses.replace(heads["demo"]["summary"], name="假名字")
        return I.pack(heads, {}, "heads")
    _forged_entry_is_refused(tmp_path, "summaries.pickle", forge, "pickle:homes/demo.pickle")


def test_edited_supervision_pickle_is_not_used(tmp_path):
    """The supervision kept validated (incremental.SupervisionLoader) is sealed like the
    records: a forged bulletin title is rejected, never published."""
    def forge(entry):
        sup = entry["supervision"]
        first = sup.bulletins[0].model_copy(update={"title": "假名字"})
        entry["supervision"] = sup.model_copy(update={"bulletins": [first, *sup.bulletins[1:]]})
        return entry
    _forged_entry_is_refused(tmp_path, "supervision.pickle", forge, "pickle:homes/demo.pickle")


def test_flipped_jinja_bytecode_is_not_run(tmp_path):
    content = _county(tmp_path / "site")
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, posters=False, cache=cache, jobs=1)
    ref = tree_hash(out)
    compiled = sorted((cache / "jinja").glob("*.cache"))
    assert len(compiled) >= 5
    for i, path in enumerate(compiled):
        b = bytearray(path.read_bytes())
        b[len(b) // 2 + i % 7] ^= 0x04          # '=' (0x3d) <-> '9' flips a code constant
        path.write_bytes(bytes(b))
    shutil.rmtree(out)
    report = build(content, out, posters=False, cache=cache, jobs=1)
    assert tree_hash(out) == ref
    note = [p for p in report.problems if p.code == "cache_ignored"]
    assert note and dict(note[0].params)["n"] == len(compiled)


def test_photo_in_a_bulletin_body_is_in_the_page_key(tmp_path):
    content = _county(tmp_path / "site")
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, posters=False, cache=cache, jobs=1)
    (content / "photos" / "bulletin.png").write_bytes(_png((20, 20, 220)))
    report = build(content, out, posters=False, cache=cache, jobs=1)
    assert tree_hash(out) == _clean(content, tmp_path, "new")
    assert report.rendered >= 1


def test_computed_include_depends_on_every_template(tmp_path):
    content = _county(tmp_path / "site")
    templates = content.parent / "templates"
    templates.mkdir()
    base = (Path(I.render.REPO_TEMPLATES) / "base.html").read_text(encoding="utf-8")
    assert "</body>" in base
    (templates / "base.html").write_text(base.replace(
        "</body>", '{% set which = "a" %}{% include "extra_" ~ which ~ ".html" %}</body>', 1),
        encoding="utf-8")
    (templates / "extra_a.html").write_text("<p>第一版</p>", encoding="utf-8")
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, posters=False, cache=cache, jobs=1)
    assert "第一版" in (out / "index.html").read_text(encoding="utf-8")
    (templates / "extra_a.html").write_text("<p>第二版</p>", encoding="utf-8")
    build(content, out, posters=False, cache=cache, jobs=1)
    assert "第二版" in (out / "index.html").read_text(encoding="utf-8")
    assert tree_hash(out) == _clean(content, tmp_path, "new")


def test_unwritable_cache_still_builds_and_says_so(tmp_path, monkeypatch):
    """A cache that cannot be written: the site is built (exit 0), one warning tells."""
    import errno
    content = _county(tmp_path / "site")
    ref = _clean(content, tmp_path, "ref")
    real_replace = os.replace

    def full(src, dst, *a, **k):
        if ".sitegen" in str(dst) or "cache" in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst, *a, **k)
    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "out"
    report = build(content, out, posters=False, cache=tmp_path / "cache", jobs=1)
    assert tree_hash(out) == ref
    notes = [p for p in report.problems if p.code == "cache_unwritable"]
    assert len(notes) == 1 and "No space" in dict(notes[0].params)["reason"]
    assert not [p for p in (tmp_path / "cache").rglob("*.tmp*")]


def test_content_errors_still_raise(tmp_path):
    content = _county(tmp_path / "site")
    (content / "site.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError):
        build(content, tmp_path / "out", posters=False, cache=tmp_path / "cache", jobs=1)


def test_published_file_edited_or_deleted_by_hand_is_made_anew(tmp_path):
    """The previous output is read back too: a page edited in place (even on a no-op
    build) or a photo deleted is not kept."""
    content = _county(tmp_path / "site")
    cache, out = tmp_path / "cache", tmp_path / "out"
    build(content, out, posters=False, cache=cache, jobs=1)
    ref = tree_hash(out)
    page = out / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<html", "<html data-x", 1),
                    encoding="utf-8")
    report = build(content, out, posters=False, cache=cache, jobs=1)
    assert not report.noop and tree_hash(out) == ref
    photo = sorted((out / "media").glob("*.jpg"))[0]
    photo.unlink()
    home = content / "homes/demo/home.yaml"
    home.write_text(home.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(content, out, posters=False, cache=cache, jobs=1)
    assert tree_hash(out) == _clean(content, tmp_path, "new")
    assert build(content, out, posters=False, cache=cache, jobs=1).noop


def test_damaged_poster_cache_is_rebuilt(tmp_path):
    """Poster PDFs and their print photos in the cache: damaged ones are never published."""
    content = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, content)
    cache = tmp_path / "cache"
    build(content, tmp_path / "out1", posters=True, cache=cache, jobs=1)
    ref = tree_hash(tmp_path / "out1")
    pdfs = sorted((cache / "posters").glob("*.pdf"))
    prints = sorted((cache / "posters" / "img").glob("*.jpg"))
    assert pdfs and prints
    rng = random.Random(5)
    for path in pdfs + prints:
        _damage(path, rng, [p for p in pdfs if p != path] or pdfs)
    I.MEMORY.clear()
    report = build(content, tmp_path / "out2", posters=True, cache=cache, jobs=1)
    assert tree_hash(tmp_path / "out2") == ref
    assert any(p.code == "cache_ignored" for p in report.problems)


def test_cache_of_another_user_or_machine_is_not_used(tmp_path, monkeypatch):
    """A cache folder copied from another PC (or written by another user): another key,
    so every entry is refused, rebuilt, and told once."""
    content = _county(tmp_path / "site")
    ref = _clean(content, tmp_path, "ref")
    cache = tmp_path / "cache"
    monkeypatch.setattr(C, "_KEY", b"k" * 32)
    build(content, tmp_path / "elsewhere", posters=False, cache=cache, jobs=1)
    monkeypatch.setattr(C, "_KEY", b"m" * 32)
    I.MEMORY.clear()
    report = build(content, tmp_path / "out", posters=False, cache=cache, jobs=1)
    assert tree_hash(tmp_path / "out") == ref
    notes = [p for p in report.problems if p.code == "cache_ignored"]
    assert len(notes) == 1 and dict(notes[0].params)["n"] >= 5


def test_content_folder_renamed_beside_its_cache(tmp_path):
    """`content` renamed to `content-2024` in the same place: same cache, same output."""
    content = _county(tmp_path / "site")
    out = tmp_path / "site" / "out"
    build(content, out, posters=False, jobs=1)
    ref = tree_hash(out)
    renamed = content.with_name("content-2024")
    content.rename(renamed)
    I.MEMORY.clear()
    report = build(renamed, out, posters=False, jobs=1)
    assert tree_hash(out) == ref
    assert not [p for p in report.problems if p.severity == "error"]


def test_no_home_folder_for_the_key(tmp_path, monkeypatch):
    """A service account without a home: a key per process, builds still right."""
    content = _county(tmp_path / "site")
    ref = _clean(content, tmp_path, "ref")
    monkeypatch.setattr(C, "KEY_PATH", None)
    monkeypatch.setattr(C, "_KEY", None)
    I.MEMORY.clear()
    build(content, tmp_path / "out", posters=False, cache=tmp_path / "c", jobs=1)
    assert tree_hash(tmp_path / "out") == ref
    monkeypatch.setattr(C, "_KEY", None)           # the next process: another key
    shutil.rmtree(tmp_path / "out")
    I.MEMORY.clear()
    report = build(content, tmp_path / "out", posters=False, cache=tmp_path / "c", jobs=1)
    assert tree_hash(tmp_path / "out") == ref
    assert any(p.code == "cache_ignored" for p in report.problems)


def test_cache_of_an_older_sitegen(tmp_path):
    """Plain pickles of the previous format: ignored (told once), never unpickled."""
    content = _county(tmp_path / "site")
    ref = _clean(content, tmp_path, "ref")
    cache = tmp_path / "cache"
    (cache / "build" / "homes").mkdir(parents=True)
    boom = pickle.dumps(os.system)     # unpickling this would be a call into os
    for name in ("files.pickle", "homes/demo.pickle", "templates.pickle"):
        (cache / "build" / name).write_bytes(boom)
    report = build(content, tmp_path / "out", posters=False, cache=cache, jobs=1)
    assert tree_hash(tmp_path / "out") == ref
    assert [p.code for p in report.problems if p.code.startswith("cache_")] == ["cache_ignored"]


def test_key_made_once_and_kept(tmp_path, monkeypatch):
    key_path = tmp_path / "home" / ".config" / "sitegen" / "cache.key"
    monkeypatch.setattr(C, "KEY_PATH", key_path)
    monkeypatch.setattr(C, "_KEY", None)
    first = C._key()
    assert key_path.read_text(encoding="ascii").strip() == first.hex()
    if os.name == "posix":
        assert key_path.stat().st_mode & 0o777 == 0o600
    # a second process that finds no key in memory reads the same one
    monkeypatch.setattr(C, "_KEY", None)
    assert C._key() == first
    # a process that lost the race to create it adopts the winner's key
    assert C._make_key() == first
    # a damaged key file is replaced
    key_path.write_text("not hex", encoding="ascii")
    monkeypatch.setattr(C, "_KEY", None)
    second = C._key()
    assert second != first and key_path.read_text(encoding="ascii").strip() == second.hex()
    assert not list(key_path.parent.glob("*.tmp*"))
