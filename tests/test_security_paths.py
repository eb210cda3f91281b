"""No file outside content/: paths that climb out, are absolute, or pass a symlink that
leaves the content folder are located `path_outside` errors, and nothing from outside is
ever copied into output/."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen.build import build, check
from sitegen.problems import ContentError, errors, format_text

from conftest import CASES

MINIMAL = CASES / "good" / "minimal" / "content"
TEAM = "homes/demo/teams/team-a/team.yaml"
STORY = "homes/demo/teams/team-a/results/2024-05-story.md"
SECRET = b"SECRET-OUTSIDE-CONTENT-7f3a"


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of the minimal county, with a secret image and file beside (outside) it."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    outside = tmp_path / "outside"
    outside.mkdir()
    photo = (MINIMAL / "homes/demo/teams/team-a/photos/a.png").read_bytes()
    (outside / "secret.png").write_bytes(photo + SECRET)   # a valid image carrying a marker
    (outside / "secret.txt").write_bytes(SECRET)
    (outside / "team.yaml").write_text((content / TEAM).read_text(encoding="utf-8") +
                                       "# " + SECRET.decode() + "\n", encoding="utf-8")
    return content


def _set_photo(content: Path, value: str) -> int:
    """Put `value` as the first member's photo (quoted as YAML); return its line."""
    path = content / TEAM
    lines = path.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if line.strip().startswith("photo:"))
    quoted = "'" + value.replace("'", "''") + "'"
    lines[n] = lines[n].split("photo:")[0] + "photo: " + quoted
    path.write_text("\n".join(lines), encoding="utf-8")
    return n + 1


def _codes(content: Path) -> set[tuple]:
    return {(p.code, p.file, p.line, p.field) for p in errors(check(content))}


def _assert_nothing_outside(out: Path) -> None:
    """No symlink, no file with the secret marker, in the whole output tree."""
    for path in out.rglob("*"):
        assert not path.is_symlink(), path
        if path.is_file():
            assert SECRET not in path.read_bytes(), path


@pytest.mark.parametrize("value", [
    "../../../../../../etc/passwd",
    "../../../../../outside/secret.png",
    "photos/../../../../../../outside/secret.png",
    "/etc/passwd",
    "//server/share/a.png",
    "..\\..\\..\\..\\..\\outside\\secret.png",
    "photos\\..\\..\\..\\..\\..\\..\\outside\\secret.png",
    "\\\\server\\share\\a.png",
    "C:\\Windows\\win.ini",
    "c:/Windows/win.ini",
    "file:///etc/passwd",
    "http://example.org/a.png",
    "data:image/png;base64,iVBORw0KGgo=",
])
def test_image_path_outside_is_located_error(site, value):
    line = _set_photo(site, value)
    assert ("path_outside", TEAM, line, "members[0].photo") in _codes(site)


def test_symlinked_image_file_leaving_content(site):
    link = site / "homes/demo/teams/team-a/photos/link.png"
    link.symlink_to(site.parent / "outside" / "secret.png")
    line = _set_photo(site, "photos/link.png")
    assert ("path_outside", TEAM, line, "members[0].photo") in _codes(site)


def test_symlinked_directory_leaving_content(site):
    (site / "homes/demo/teams/team-a/pics").symlink_to(site.parent / "outside", target_is_directory=True)
    line = _set_photo(site, "pics/secret.png")
    assert ("path_outside", TEAM, line, "members[0].photo") in _codes(site)


def test_symlinked_result_photo_leaving_content(site):
    (site / "homes/demo/teams/team-a/photos/a.png").unlink()
    (site / "homes/demo/teams/team-a/photos/a.png").symlink_to(site.parent / "outside" / "secret.png")
    found = _codes(site)
    assert ("path_outside", STORY, 12, "photos[0].src") in found
    assert any(c[0] == "path_outside" and c[1] == TEAM for c in found)


def test_symlinked_record_file_leaving_content(site):
    (site / TEAM).unlink()
    (site / TEAM).symlink_to(site.parent / "outside" / "team.yaml")
    assert ("path_outside", TEAM, 0, "") in _codes(site)


def test_symlinked_home_folder_leaving_content(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(site / "homes" / "demo", elsewhere)
    (site / "homes" / "demo").symlink_to(elsewhere, target_is_directory=True)
    found = _codes(site)
    assert ("path_outside", "homes/demo/home.yaml", 0, "") in found
    assert ("path_outside", TEAM, 0, "") in found


def test_symlink_that_stays_inside_content_is_fine(site, tmp_path):
    (site / "shared-photos").mkdir()
    shutil.copy(site / "homes/demo/teams/team-a/photos/a.png", site / "shared-photos/b.png")
    (site / "homes/demo/teams/team-a/shared").symlink_to(site / "shared-photos", target_is_directory=True)
    _set_photo(site, "shared/b.png")
    problems = errors(check(site))
    assert not problems, format_text(problems, "en")
    out = tmp_path / "output"
    build(site, out, posters=False, cache=tmp_path / "cache")
    _assert_nothing_outside(out)


@pytest.mark.parametrize("ref", [
    "![](../../../../../../etc/passwd)",
    "![秘密](../../../../../../outside/secret.png)",
    "![](/etc/passwd)",
    "![](file:///etc/passwd)",
    "![](C:/Windows/win.ini)",
    "![](http://example.org/track.png)",
    "![](//example.org/track.png)",
    "![](%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/outside/secret.png)",
    '<img src="../../../../../../outside/secret.png">',
    "[链接](../../../../../../etc/passwd)",
    "[链接](file:///etc/passwd)",
    "[链接](/etc/passwd)",
    "[链接](..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd)",
    "<a href='file:///C:/secret.txt'>x</a>",
])
def test_body_reference_outside_is_located_error(site, ref):
    story = site / STORY
    lines = story.read_text(encoding="utf-8").split("\n")
    story.write_text("\n".join(lines + ["", f"正文 {ref} 结束"]), encoding="utf-8")
    found = _codes(site)
    assert ("path_outside", STORY, len(lines) + 2, "body") in found, found


@pytest.mark.parametrize("where", ["rule", "bulletin", "plan"])
def test_body_image_outside_in_every_markdown_field(site, where):
    ref = "![x](../../../../../../etc/passwd)"
    if where == "rule":
        path, rel = site / "homes/demo/home.yaml", "homes/demo/home.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "body: 每周一上午召开例会，各工作队轮流主讲驻村讲堂。",
            f"body: |\n      每周一上午召开例会。\n      {ref}")
        field = "rules[0].body"
    elif where == "bulletin":
        path, rel = site / "supervision.yaml", "supervision.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "body: 各乡镇工作队之家运行良好，**示范乡**做法值得推广。", f"body: '{ref}'")
        field = "bulletins[0].body"
    else:
        path, rel = site / "homes/demo/teams/team-a/plans/2024.md", "homes/demo/teams/team-a/plans/2024.md"
        text = path.read_text(encoding="utf-8") + f"\n{ref}\n"
        field = "body"
    path.write_text(text, encoding="utf-8")
    line = next(i + 1 for i, x in enumerate(text.split("\n")) if "etc/passwd" in x)
    assert ("path_outside", rel, line, field) in _codes(site)


def test_refused_build_writes_nothing(site, tmp_path):
    out = tmp_path / "output"
    build(site, out, posters=False, cache=tmp_path / "cache")
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _set_photo(site, "../../../../../outside/secret.png")
    with pytest.raises(ContentError):
        build(site, out, posters=False, cache=tmp_path / "cache")
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    _assert_nothing_outside(out)


def test_static_override_symlinks_leaving_are_not_copied(site, tmp_path):
    static = site / "templates" / "static"
    static.mkdir(parents=True)
    (static / "leak.txt").symlink_to(site.parent / "outside" / "secret.txt")
    (static / "leakdir").symlink_to(site.parent / "outside", target_is_directory=True)
    (static / "extra.css").write_text("body{}", encoding="utf-8")
    out = tmp_path / "output"
    build(site, out, posters=False, cache=tmp_path / "cache")
    assert (out / "static" / "extra.css").is_file()
    assert not (out / "static" / "leak.txt").exists()
    _assert_nothing_outside(out)


def test_markdown_images_in_output_are_only_published_photos(site, tmp_path):
    """Every <img src> of every page names a file inside output/ (no path to elsewhere)."""
    import re
    story = site / STORY
    story.write_text(story.read_text(encoding="utf-8") +
                     "\n![a](../photos/a.png) <img src='../photos/a.png'>\n", encoding="utf-8")
    out = tmp_path / "output"
    build(site, out, posters=False, cache=tmp_path / "cache")
    for page in out.rglob("*.html"):
        for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', page.read_text(encoding="utf-8")):
            target = (page.parent / src).resolve()
            assert target.is_relative_to(out.resolve()) and target.is_file(), (page, src)
    _assert_nothing_outside(out)
    assert not os.listdir(site.parent / "outside") == []   # the secrets are still there, unpublished


# ---------------------------------------------------------------- the dev server

def test_serve_binds_loopback_by_default():
    from sitegen import serve
    import inspect

    from sitegen import cli
    assert inspect.signature(serve.serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(serve.make_server).parameters["host"].default == "127.0.0.1"
    option = next(p for p in cli.main.commands["serve"].params if p.name == "host")
    assert option.default == "127.0.0.1"


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory):
    from sitegen import serve
    import threading
    root = tmp_path_factory.mktemp("serve")
    site = root / "content"
    shutil.copytree(MINIMAL, site)
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_bytes(SECRET)
    output = root / "site" / "output"
    preview = serve.Preview(site, output, "zh", echo=lambda *a: None)
    preview.build_once()
    assert not preview.state.broken, preview.state.failure
    (output.parent / "secret.txt").write_bytes(SECRET)              # beside output/
    (output / "homes" / "leak.txt").symlink_to(root / "outside" / "secret.txt")
    server = serve.make_server(preview, port=0)
    assert server.server_address[0] == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def _raw_get(port: int, path: str) -> tuple[int, bytes]:
    """GET with the path sent exactly as written (no client-side normalising)."""
    import socket
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt", "/homes/../../secret.txt", "/homes/%2e%2e/%2e%2e/secret.txt",
    "/..%5csecret.txt", "/..\\secret.txt", "/.%2e/secret.txt", "/%252e%252e/secret.txt",
    "/homes/leak.txt", "/static/..%00/secret.txt", "//../secret.txt",
    "/../../../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/C:/Windows/win.ini", "/..;/secret.txt",
])
def test_serve_refuses_traversal(dev_server, path):
    status, body = _raw_get(dev_server, path)
    assert status in (400, 403, 404), (path, status)
    assert SECRET not in body and b"root:" not in body


def test_serve_still_serves_the_site(dev_server):
    status, body = _raw_get(dev_server, "/index.html")
    assert status == 200 and b"<html" in body
    status, _ = _raw_get(dev_server, "/homes/demo/")
    assert status == 200


def test_real_paths_kept_resolves_every_path_as_realpath_does(tmp_path):
    """The per-validation memo of folders' real paths (read.real_paths_kept) answers what
    os.path.realpath answers, for links to folders and files, inside and out, chains,
    dangling links and missing names; and a folder turned into a link between two
    validations is seen by the second."""
    from sitegen import read
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "x.jpg").write_bytes(b"x")
    root = tmp_path / "content"
    (root / "homes" / "h" / "teams" / "t" / "photos").mkdir(parents=True)
    photos = root / "homes" / "h" / "teams" / "t" / "photos"
    (photos / "a.jpg").write_bytes(b"a")
    os.symlink(outside / "deep", root / "homes" / "h" / "out")           # a folder link out
    os.symlink(photos, root / "homes" / "h" / "inside")                  # a folder link in
    os.symlink(outside / "deep" / "x.jpg", photos / "b.jpg")             # a file link out
    os.symlink(photos / "b.jpg", photos / "c.jpg")                       # a chain
    os.symlink(tmp_path / "nowhere", photos / "d.jpg")                   # dangling
    paths = [photos / "a.jpg", photos / "b.jpg", photos / "c.jpg", photos / "d.jpg",
             photos / "missing.jpg", root / "homes" / "h" / "out" / "x.jpg",
             root / "homes" / "h" / "inside" / "a.jpg", root / "homes" / "h" / "inside" / "b.jpg",
             root / "homes" / "h" / "out" / "none" / "y.jpg", photos / ".." / "t" / "photos" / "a.jpg"]
    with read.real_paths_kept():
        kept = [read._realpath(str(p), read._REAL) for p in paths]
        twice = [read._realpath(str(p), read._REAL) for p in paths]
        left = [read.leaves(root, p) for p in paths]
    assert kept == twice == [os.path.realpath(p) for p in paths]
    assert left == [False, True, True, True, False, True, False, True, True, False]
    assert read._REAL is None
    # between two validations the photos folder becomes a link leading out
    with read.real_paths_kept():
        assert not read.leaves(root, photos / "a.jpg")
    moved = tmp_path / "moved"
    photos.rename(moved)
    os.symlink(outside / "deep", photos)
    (outside / "deep" / "a.jpg").write_bytes(b"a")
    with read.real_paths_kept():
        assert read.leaves(root, photos / "a.jpg")
