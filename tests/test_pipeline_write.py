"""The write stage brings the kept previous build up to date in place: whatever was done to
that folder (a file edited keeping its size and time, replaced by a link or a folder,
deleted, chmod'ed, a stray file added), the next output is byte for byte a clean build; a
crash at any step leaves the published output as it was; the work follows the change."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from sitegen import beside, posters, render, write
from sitegen import incremental as I
from sitegen.build import build
from sitegen.validate import load_county

from conftest import CASES

MINIMAL = CASES / "good" / "minimal" / "content"


def snapshot(root: Path) -> str:
    """Every entry below `root`: kind, path, mode, bytes (or link target)."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        st = path.lstat()
        mode = stat.S_IMODE(st.st_mode)
        if path.is_symlink():
            h.update(f"L{rel}>{os.readlink(path)}\n".encode())
        elif path.is_dir():
            h.update(f"D{rel}:{mode:o}\n".encode())
        else:
            h.update(f"F{rel}:{mode:o}:".encode() + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@pytest.fixture
def site(tmp_path) -> Path:
    content = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, content)
    demo = content / "homes" / "demo"
    shutil.copytree(demo, content / "homes" / "demo2")
    # two photos whose published JPEGs differ but have one size (522 bytes), for the swap
    # below (one width each: a photo this small is one file at every width it is shown)
    from PIL import Image
    for home, colour in (("demo", (30, 200, 30)), ("demo2", (30, 30, 200))):
        Image.new("RGB", (8, 8), colour).save(content / "homes" / home / "teams" / "team-a" / "photos" / "a.png")
    return content


@pytest.fixture(params=["forked", "here"])
def walks(request, monkeypatch):
    """The output's walks (is it intact? what is in the kept folder?) in a forked process,
    as from the command line, or in the build's own, as in the dev server (beside.py)."""
    if request.param == "forked":
        request.getfixturevalue("forking")          # conftest.py
    else:
        monkeypatch.setattr(beside, "FORK", False)
    return request.param


def _motto(content: Path, n: int) -> None:
    team = content / "homes" / "demo" / "teams" / "team-a" / "team.yaml"
    text = team.read_text(encoding="utf-8")
    team.write_text(text.replace("motto: ", f"motto: {n}", 1), encoding="utf-8")


def _clean(content: Path, tmp_path: Path, name: str) -> str:
    out = tmp_path / name
    build(content, out, posters=False, cache=tmp_path / f"{name}-cache", jobs=1)
    return snapshot(out)


def _two_builds(content: Path, out: Path, cache: Path) -> Path:
    """Two builds, so that the one before the published one is kept beside it."""
    build(content, out, posters=False, cache=cache, jobs=1)
    _motto(content, 1)
    I.MEMORY.clear()
    build(content, out, posters=False, cache=cache, jobs=1)
    kept = write.kept_dir(out.resolve())
    assert kept.is_dir(), "the swapped-out build is kept"
    return kept


def _unchanged(out: Path, kept: Path, suffix: str) -> Path:
    """A file the kept folder holds exactly as published (so it would be reused)."""
    for path in sorted(kept.rglob(f"*{suffix}")):
        rel = path.relative_to(kept)
        if path.is_file() and (out / rel).is_file() and path.read_bytes() == (out / rel).read_bytes():
            return path
    raise AssertionError(f"no unchanged {suffix} file in the kept folder")


def _same_size_edit(path: Path) -> None:
    data = path.read_bytes()
    st = path.stat()
    i = data.rindex(b"</")
    path.write_bytes(data[:i - 1] + (b"X" if data[i - 1:i] != b"X" else b"Y") + data[i:])
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))      # size and mtime as recorded


TAMPERS = {
    "same_size_edit": lambda out, kept: _same_size_edit(_unchanged(out, kept, ".html")),
    "symlink": lambda out, kept: _link(_unchanged(out, kept, ".html"), out),
    "deleted": lambda out, kept: _unchanged(out, kept, ".html").unlink(),
    "stray": lambda out, kept: ((kept / "stray.html").write_text("<p>stray</p>"),
                                (kept / "homes" / "ghost").mkdir(),
                                (kept / "homes" / "ghost" / "index.html").write_text("ghost")),
    "chmod_file": lambda out, kept: _unchanged(out, kept, ".jpg").chmod(0o000),
    "chmod_folder": lambda out, kept: (kept / "static").chmod(0o500),
    "folder_for_file": lambda out, kept: _folder(_unchanged(out, kept, ".js")),
    "file_for_folder": lambda out, kept: _file_for_folder(kept / "screen"),
    "photo_swapped": lambda out, kept: _swap_photos(kept),
}


IN_PLACE = {"same_size_edit", "chmod_file", "photo_swapped"}


def _link(path: Path, out: Path) -> None:
    target = out.parent / "outside.html"
    target.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(target)


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x")


def _file_for_folder(path: Path) -> None:
    shutil.rmtree(path)
    path.write_text("not a folder")


def _swap_photos(kept: Path) -> None:
    """Two photos of the same size exchanged under each other's names (and times)."""
    photos = sorted((kept / "media").iterdir())
    a, b = photos[0], photos[1]
    sa, sb = a.stat(), b.stat()
    da, db = a.read_bytes(), b.read_bytes()
    assert da != db and sa.st_size == sb.st_size        # a swap the size would not tell
    a.write_bytes(db)
    b.write_bytes(da)
    os.utime(a, ns=(sb.st_atime_ns, sb.st_mtime_ns))
    os.utime(b, ns=(sa.st_atime_ns, sa.st_mtime_ns))


@pytest.mark.parametrize("racy", [True, False], ids=["hash-checked", "stat-only"])
@pytest.mark.parametrize("tamper", sorted(TAMPERS))
def test_a_tampered_kept_folder_still_gives_a_clean_build(site, tmp_path, monkeypatch, tamper, racy, walks):
    if not racy:       # files written long ago: only the stat identity tells a change
        monkeypatch.setattr(write, "RACY_NS", 0)
    out, cache = tmp_path / "out", tmp_path / "cache"
    kept = _two_builds(site, out, cache)
    published = snapshot(out)
    TAMPERS[tamper](out, kept)
    if tamper not in IN_PLACE:     # (a file edited in place may be shared with the published
        assert snapshot(out) == published     # folder by hard link: both are then checked)
    _motto(site, 2)
    I.MEMORY.clear()
    report = build(site, out, posters=False, cache=cache, jobs=1)
    assert not report.noop
    assert snapshot(out) == _clean(site, tmp_path, "clean")
    assert not (out / "stray.html").exists()


def test_a_tampered_published_folder_is_not_a_noop(site, tmp_path, walks):
    """A no-op build checks the published files too: one edited by hand is made anew."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    _two_builds(site, out, cache)
    _same_size_edit(out / "homes" / "demo2" / "index.html")
    report = build(site, out, posters=False, cache=cache, jobs=1)
    assert not report.noop
    assert snapshot(out) == _clean(site, tmp_path, "clean")


def _stamps(root: Path) -> dict[str, tuple]:
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_ctime_ns)
            for p in root.rglob("*") if p.is_file()}


def test_the_work_follows_the_change(site, tmp_path, monkeypatch):
    """With the kept folder in place, a one-record edit writes the pages that show it and
    takes from the published folder only what the previous build changed: every other
    file of the new output is the kept folder's file, not written, linked or copied."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    kept = _two_builds(site, out, cache)
    writes, links = [], []
    real_write, real_link = write.write_file, write.link_file
    monkeypatch.setattr(write, "write_file", lambda root, rel, data: (writes.append(rel), real_write(root, rel, data))[1])
    monkeypatch.setattr(write, "link_file", lambda src, root, rel: (links.append(rel), real_link(src, root, rel))[1])
    for round_, home in enumerate(["demo", "demo2"]):
        before = _stamps(kept)
        last = I.Manifest.load(cache, out.resolve())      # what the last build changed: by key
        live, old = last.live["files"], last.kept["files"]
        changed_last_time = {r for r, e in live.items() if r not in old or old[r][0] != e[0]}
        writes.clear(), links.clear()
        team = site / "homes" / home / "teams" / "team-a" / "team.yaml"
        team.write_text(team.read_text(encoding="utf-8").replace("motto: ", "motto: 2", 1),
                        encoding="utf-8")
        I.MEMORY.clear()
        report = build(site, out, posters=False, cache=cache, jobs=1)
        assert report.rendered > 0 and f"homes/{home}/teams/team-a/index.html" in writes
        other = "demo2" if home == "demo" else "demo/"
        assert not [r for r in writes if f"homes/{other}" in r], writes   # the other home: untouched
        assert len(writes) == report.rendered + 1           # + version.json
        assert "version.json" in writes and "search-index.js" not in writes   # no name changed
        assert set(links) <= changed_last_time, (links, changed_last_time)
        after = _stamps(out)
        untouched = [r for r in after if r not in writes and r not in links]
        assert untouched and all(after[r] == before[r] for r in untouched)
        assert snapshot(out) == _clean(site, tmp_path, f"clean{round_}")
    assert links, "the second edit took the pages the first one changed from the published folder"


def test_the_search_index_is_written_again_when_a_name_it_holds_changes(site, tmp_path, monkeypatch):
    """Keyed by its text: a motto edit leaves it (above), a member's new role is in it."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    _two_builds(site, out, cache)
    writes = []
    real_write = write.write_file
    monkeypatch.setattr(write, "write_file", lambda root, rel, data: (writes.append(rel), real_write(root, rel, data))[1])
    team = site / "homes" / "demo" / "teams" / "team-a" / "team.yaml"
    text = team.read_text(encoding="utf-8")
    role = re.search(r"role: *(\S+)", text).group(1)
    team.write_text(text.replace(f"role: {role}", "role: 新职务测试", 1), encoding="utf-8")
    build(site, out, posters=False, cache=cache, jobs=1)
    assert "search-index.js" in writes
    index = (out / "search-index.js").read_text(encoding="utf-8")
    assert "新职务测试 · 示范县财政局 · 青山村" in index
    assert snapshot(out) == _clean(site, tmp_path, "clean")


def test_the_search_index_follows_the_team_name_label_and_not_a_motto(site, tmp_path, monkeypatch):
    """Keyed by what it is made from: the summaries, and the label that names the teams,
    which no summary holds (site.yaml's labels change, every record stays as it was)."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    _two_builds(site, out, cache)
    made = []
    real = render.search_js
    monkeypatch.setattr(render, "search_js", lambda *a: (made.append(1), real(*a))[1])
    _motto(site, 7)
    I.MEMORY.clear()
    build(site, out, posters=False, cache=cache, jobs=1)
    assert made == []                        # a motto: no summary changed, the text not made
    conf = site / "site.yaml"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        "labels:\n", "labels:\n  team_name: \"{village}帮扶队\"\n", 1), encoding="utf-8")
    build(site, out, posters=False, cache=cache, jobs=1)
    assert made == [1]
    assert "青山村帮扶队" in (out / "search-index.js").read_text(encoding="utf-8")
    assert snapshot(out) == _clean(site, tmp_path, "clean")


@pytest.mark.parametrize("step", ["render", "media", "version", "swap"])
def test_a_crash_between_steps_leaves_the_live_output(site, tmp_path, monkeypatch, step):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _two_builds(site, out, cache)
    published = snapshot(out)

    def crash(*_a, **_k):
        raise KeyboardInterrupt
    target = {"render": (render, "render_one"), "media": (write.Stage, "static"),
              "version": (render, "version_json"), "swap": (write, "swap_in")}[step]
    monkeypatch.setattr(*target, crash)
    _motto(site, 2)
    photo = site / "homes" / "demo" / "teams" / "team-a" / "photos" / "a.png"
    photo.write_bytes(photo.read_bytes() + b"\0")        # a new photo too: media rewritten
    I.MEMORY.clear()
    with pytest.raises(KeyboardInterrupt):
        build(site, out, posters=False, cache=cache, jobs=1)
    assert snapshot(out) == published
    monkeypatch.undo()
    I.MEMORY.clear()
    build(site, out, posters=False, cache=cache, jobs=1)   # the half-updated stage: checked
    assert snapshot(out) == _clean(site, tmp_path, "clean")
    assert not list(tmp_path.glob(".out.tmp-*")) + list(tmp_path.glob(".out.old-*"))


def test_posters_command_interrupted_leaves_the_live_output(site, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(site, out, posters=False, cache=cache, jobs=1)
    published = snapshot(out)
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    county, _problems = load_county(site)
    calls = {"n": 0}
    real = posters.render_job

    def interrupted(job):
        calls["n"] += 1
        if calls["n"] == 2:              # after a first PDF is written into the stage
            raise KeyboardInterrupt
        return real(job)
    monkeypatch.setattr(posters, "render_job", interrupted)
    with pytest.raises(KeyboardInterrupt):
        posters.make_all(county, out, cache=cache, jobs=1, size="A4", homes=["demo"])
    assert snapshot(out) == published
    monkeypatch.undo()
    made = posters.make_all(county, out, cache=cache, jobs=1, size="A4", homes=["demo"])
    assert int(made) == 4
    pdfs = sorted(p.name for p in (out / "homes" / "demo" / "posters").iterdir())
    assert pdfs == ["honors-A4.pdf", "results-A4.pdf", "rules-A4.pdf", "style-A4.pdf"]
    # ... and everything else is the build's, unchanged
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert {r: d for r, d in after.items() if "/posters/" not in r} == pages


def test_noop_after_noop_still_checks_every_published_file(site, tmp_path):
    """The first no-op checks the newest files by their bytes and dates the record; later
    no-ops check by stat identity, which an edit keeping size and time still changes."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(site, out, posters=False, cache=cache, jobs=1)
    assert build(site, out, posters=False, cache=cache, jobs=1).noop
    assert not I.Manifest.load(cache, out.resolve(), small=True).live_print["racy"]
    assert build(site, out, posters=False, cache=cache, jobs=1).noop
    _same_size_edit(out / "homes" / "demo2" / "index.html")
    report = build(site, out, posters=False, cache=cache, jobs=1)
    assert not report.noop
    assert snapshot(out) == _clean(site, tmp_path, "clean")
    (out / "stray.txt").write_text("x")
    assert not build(site, out, posters=False, cache=cache, jobs=1).noop
    assert not (out / "stray.txt").exists()
