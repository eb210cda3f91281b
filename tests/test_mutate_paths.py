"""Path policy (sitegen/paths.py): which file a record's image path names, what a clerk is
told when it names none or one outside the content folder, and which body links leave it.

Each case is a path as a clerk writes it in a team's team.yaml, checked against a small
content folder on disk; it pins the problem's code, file, line, column and field and the
words of the message and fix (the file the clerk most likely meant). The folder cases
(tests/cases/bad) hold one or two of each kind; a mutation run (scripts/mutate.py,
docs/testing.md) showed which edges of the near-match and of the URL rules went unseen.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen import paths as P

TEAM = "homes/demo/teams/team-a/team.yaml"
AT = (9, 12)
FIELD = "members[0].photo"
PNG = bytes.fromhex("89504e470d0a1a0a")   # the files are never decoded here: any bytes do


@pytest.fixture
def root(tmp_path) -> Path:
    """A content folder: team-a with photos (one named like a clerk's camera file), a
    notes file, and a folder of photos beside the team."""
    root = tmp_path / "content"
    team = root / "homes/demo/teams/team-a"
    (team / "photos").mkdir(parents=True)
    (team / "team.yaml").write_text("village: 青山村\n", encoding="utf-8")
    for name in ("a.png", "li-ming.JPG", "wang_hong.jpeg", "notes.txt"):
        (team / "photos" / name).write_bytes(PNG)
    (root / "homes/demo/photos").mkdir(parents=True)
    (root / "homes/demo/photos/award.png").write_bytes(PNG)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/secret.png").write_bytes(PNG)
    return root


def told(found) -> tuple:
    """A problem as the clerk reads it in English (the Chinese fix is checked apart)."""
    assert not isinstance(found, tuple), found
    p = found
    return (p.code, p.file, p.line, p.column, p.field) + p.text("en")


def outside(src: str) -> tuple:
    return ("path_outside", TEAM, *AT, FIELD, f"the path {src} leads outside the content folder",
            "put the image inside content/ and use a relative path such as photos/zhang.jpg")


@pytest.mark.parametrize("src, rel", [
    ("photos/a.png", "homes/demo/teams/team-a/photos/a.png"),
    ("photos\\a.png", "homes/demo/teams/team-a/photos/a.png"),
    ("./photos/../photos/a.png", "homes/demo/teams/team-a/photos/a.png"),
    ("../../photos/award.png", "homes/demo/photos/award.png"),
])
def test_an_image_in_the_folder_is_found(root, src, rel):
    assert P.find_image(root, TEAM, src, AT, FIELD) == (rel, root / rel)


@pytest.mark.parametrize("src, actual", [
    ("photos/A.PNG", "homes/demo/teams/team-a/photos/a.png"),
    ("PHOTOS/li-ming.jpg", "homes/demo/teams/team-a/photos/li-ming.JPG"),
])
def test_a_name_in_another_letter_case_reads_the_file_it_means(root, src, actual):
    """It works on the clerk's Windows PC, so it works here (sitegen check warns)."""
    rel = P.content_path(TEAM, src)
    assert P.find_image(root, TEAM, src, AT, FIELD) == (rel, root / actual)


@pytest.mark.parametrize("src", [
    "/etc/passwd", "\\\\server\\share\\a.png", "C:\\a.png", "c:a.png", "http://example.org/a.png",
    "ftp://x/a.png", "data:image/png;base64,iVBO", "DATA:image/png;base64,iVBO", "JavaScript:alert(1)",
    "../../../../../outside/secret.png", "photos/../../../../../../x.png",
])
def test_a_path_that_is_not_inside_the_content_folder(root, src):
    assert told(P.find_image(root, TEAM, src, AT, FIELD)) == outside(src)


def test_a_symlink_out_of_the_folder_is_outside_even_in_another_case(root):
    link = root / "homes/demo/teams/team-a/photos/Link.png"
    link.symlink_to(root.parent / "outside/secret.png")
    assert told(P.find_image(root, TEAM, "photos/Link.png", AT, FIELD)) == outside("photos/Link.png")
    assert told(P.find_image(root, TEAM, "photos/link.PNG", AT, FIELD)) == outside("photos/link.PNG")


def test_a_dangling_symlink_in_the_folder_is_outside(root):
    (root / "homes/demo/teams/team-a/photos/gone.png").symlink_to(root.parent / "outside/none.png")
    assert told(P.find_image(root, TEAM, "photos/gone.png", AT, FIELD)) == outside("photos/gone.png")


def near(src: str, suggestion: str, listing: str) -> tuple:
    return ("image_missing", TEAM, *AT, FIELD, f"the image {src} does not exist",
            f"did you mean {suggestion}? (that folder holds: {listing}; paths are relative to this "
            "file's folder)")


PHOTOS = "a.png, li-ming.JPG, wang_hong.jpeg"   # a near miss lists the pictures only
ALL = "a.png, li-ming.JPG, notes.txt, wang_hong.jpeg"
# src as written, the suggestion, the folder's listing
NEAR = [
    ("same name without the dash", "photos/liming.jpg", "photos/li-ming.JPG", PHOTOS),
    ("another extension", "photos/wanghong.png", "photos/wang_hong.jpeg", PHOTOS),
    ("a slip in the name", "photos/b.png", "photos/a.png", PHOTOS),
    ("a slip in the folder: the file's folder, every file", "photo/a.png", "photos/a.png", ALL),
    ("a folder in another case", "Photo/a.png", "photos/a.png", ALL),
    ("a slip in the folder above", "../../photo/award.png", "../../photos/award.png", "award.png"),
]


@pytest.mark.parametrize("src, suggestion, listing", [c[1:] for c in NEAR], ids=[c[0] for c in NEAR])
def test_a_missing_image_names_the_file_meant(root, src, suggestion, listing):
    found = P.find_image(root, TEAM, src, AT, FIELD)
    assert told(found) == near(src, suggestion, listing)
    assert found.text("zh") == ("找不到图片 " + src, f"是不是 {suggestion}？（那个文件夹里有：{listing.replace(', ', '、')}"
                                                 "；路径相对于当前文件所在的文件夹）")


def test_the_same_name_beats_the_nearest_spelling(root):
    """`liming.jpg` is nearer `limings.jpg` letter by letter, but `li_ming.jpeg` is the
    same name written another way: that is the file the clerk meant."""
    pics = root / "homes/demo/teams/team-a/pics"
    pics.mkdir()
    for name in ("limings.jpg", "li_ming.jpeg"):
        (pics / name).write_bytes(PNG)
    assert told(P.find_image(root, TEAM, "pics/liming.jpg", AT, FIELD)) == near(
        "pics/liming.jpg", "pics/li_ming.jpeg", "li_ming.jpeg, limings.jpg")
    assert told(P.find_image(root, TEAM, "pics/limingss.jpg", AT, FIELD)) == near(
        "pics/limingss.jpg", "pics/limings.jpg", "li_ming.jpeg, limings.jpg")


@pytest.mark.parametrize("src", ["zzzz/qqqq.png", "photos/notes.png", "photos"])
def test_a_missing_image_with_no_picture_near(root, src):
    """notes.txt is no picture; `photos` is a folder, and team-a holds no picture file."""
    assert told(P.find_image(root, TEAM, src, AT, FIELD)) == (
        "image_missing", TEAM, *AT, FIELD, f"the image {src} does not exist",
        "check the name and its case; paths are relative to this file's folder")


def test_a_folder_without_pictures_lists_its_other_files(root):
    docs = root / "homes/demo/teams/team-a/docs"
    docs.mkdir()
    (docs / "plan.txt").write_bytes(b"x")
    assert told(P.find_image(root, TEAM, "docs/plan.png", AT, FIELD)) == near("docs/plan.png", "docs/plan.txt",
                                                                              "plan.txt")


def test_a_long_folder_is_listed_by_its_first_eight_names(root):
    many = root / "homes/demo/teams/team-a/many"
    many.mkdir()
    for i in range(10):
        (many / f"p{i}.jpg").write_bytes(PNG)
    listing = ", ".join(f"p{i}.jpg" for i in range(8)) + "…"
    assert told(P.find_image(root, TEAM, "many/p9.png", AT, FIELD)) == near("many/p9.png", "many/p9.jpg", listing)
    nine = root / "homes/demo/teams/team-a/nine"
    nine.mkdir()
    for i in range(9):
        (nine / f"p{i}.jpg").write_bytes(PNG)
    listing = ", ".join(f"p{i}.jpg" for i in range(8)) + "…"
    found = P.find_image(root, TEAM, "nine/p8.png", AT, FIELD)
    assert told(found) == near("nine/p8.png", "nine/p8.jpg", listing)
    assert "（那个文件夹里有：" + "、".join(f"p{i}.jpg" for i in range(8)) + "…；" in found.text("zh")[1]
    eight = root / "homes/demo/teams/team-a/eight"
    eight.mkdir()
    for i in range(8):
        (eight / f"p{i}.jpg").write_bytes(PNG)
    listing = ", ".join(f"p{i}.jpg" for i in range(8))
    assert told(P.find_image(root, TEAM, "eight/p7.png", AT, FIELD)) == near("eight/p7.png", "eight/p7.jpg", listing)


def test_a_site_logo_is_suggested_relative_to_the_content_folder(tmp_path):
    root = tmp_path / "content"
    (root / "logo").mkdir(parents=True)
    (root / "logo/county.png").write_bytes(PNG)
    found = P.find_image(root, "site.yaml", "logo/countyy.png", (8, 9), "poster.logo")
    assert (found.code, found.file, found.line, found.column, found.field) == \
        ("image_missing", "site.yaml", 8, 9, "poster.logo")
    assert dict(found.params)["suggestion"] == "logo/county.png"


@pytest.mark.parametrize("src, fixed", [
    ("photos\a.png", "photos/a.png"), ("photos\bai.png", "photos/bai.png"), ("photos\tian.png", "photos/tian.png"),
    ("photos\nan.png", "photos/nan.png"), ("photos\v1.png", "photos/v1.png"), ("photos\fu.png", "photos/fu.png"),
    ("photos\ren.png", "photos/ren.png"), ("photos\x1br.png", "photos/er.png"), ("photos\0.png", "photos/0.png"),
    ("2024\\photos\a.png", "2024/photos/a.png"),
])
def test_a_backslash_read_as_an_escape_names_the_path_to_write(root, src, fixed):
    """`photo: "photos\\a.png"` in double quotes: YAML read `\\a` as a control character."""
    found = P.find_image(root, TEAM, src, AT, FIELD)
    shown = repr(src)[1:-1]
    assert told(found) == (
        "image_missing", TEAM, *AT, FIELD,
        f"the image {shown} does not exist: in double quotes a backslash '\\' starts an escape, it does not "
        "separate folders", f"use / between folders: {fixed} (no quotes needed)")


def test_exact_case(root):
    team = "homes/demo/teams/team-a"
    assert P.exact_case(root, f"{team}/photos/A.PNG") == f"{team}/photos/a.png"
    assert P.exact_case(root, f"{team}/photos/a.png") == f"{team}/photos/a.png"
    assert P.exact_case(root, f"{team}/PHOTOS") is None                    # a folder, not a file
    assert P.exact_case(root, f"{team}/photos/none.png") is None
    assert P.exact_case(root, f"{team}/photos/a.png/x") is None            # a file is no folder
    (root / team / "photos/A.png").write_bytes(PNG)
    if len(os.listdir(root / team / "photos")) == 5:                      # a case-sensitive disk
        assert P.exact_case(root, f"{team}/photos/A.PNG") is None           # two files match: none


@pytest.mark.parametrize("name, suggestion", [
    ("Team_A", "team-a"), ("青山村", "home-1"), ("-qingshan-", "qingshan"), ("Qing Shan 2", "qing-shan-2"),
])
def test_a_folder_name_that_cannot_be_an_address(name, suggestion):
    p = P.bad_id(name, f"homes/{name}")
    assert (p.code, p.file, p.line, p.column, p.field) == ("bad_id", f"homes/{name}", 0, 0, "")
    assert p.text("en") == (f"the folder name '{name}' cannot be used in addresses: only a-z, 0-9 and '-'",
                            f"rename the folder, e.g. {suggestion}; put the display name in the record")


@pytest.mark.parametrize("name, ok", [("demo", True), ("team-1", True), ("1", True), ("-a", False),
                                      ("Demo", False), ("a_b", False), ("a b", False), ("", False),
                                      ("demo\n", False), ("demo\nx", False)])
def test_folder_names_allowed(name, ok):
    assert bool(P.ID_RE.match(name)) is ok


@pytest.mark.parametrize("target, kind", [
    ("http://x", "http"), ("HTTPS://x", "https"), ("mailto:a@b", "mailto"), ("a+b.c-d:x", "a+b.c-d"),
    ("C:\\docs", None), ("c:/docs", None), ("C:docs", "c"), ("photos/a.png", None), ("1a:x", None), ("", None),
])
def test_scheme(target, kind):
    assert P.scheme(target) == kind


@pytest.mark.parametrize("target, elsewhere", [
    ("http://x/a.png", True), ("https://x/a.png", True), ("FTP://x/a.png", True), ("smb://x/a.png", True),
    ("file:///a.png", True), ("//x/a.png", True), ("data:image/png;base64,x", False),
    ("javascript:x", False), ("photos/a.png", False), ("/a.png", False),
])
def test_image_elsewhere(target, elsewhere):
    assert P.image_elsewhere(target) is elsewhere


STORY = "homes/demo/teams/team-a/results/2024-05-story.md"


@pytest.mark.parametrize("target, leaves", [
    ("file:///etc/passwd", True), ("FILE:x", True), ("https://example.org", False), ("mailto:a@b", False),
    ("", False), ("#top", False), ("#../../../../../../x", False), ("?a=../../../../../../x", False),
    ("/etc/passwd", True), ("\\\\server\\share", True), ("C:\\docs\\a.doc", True), ("d:/a.doc", True),
    ("../../../../../x.doc", False), ("../../../../../../x.doc", True),
    ("%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/x.doc", True), ("%2Fetc%2Fpasswd", True),
    ("../../../../../../x.doc#part", True), ("../../../../../../x.doc?v=1", True),
    ("forms/leave.md#top", False), ("forms/leave.md?print=1", False), ("..", False),
    # what follows `#` or `?` is no path, even when it reads as one
    ("forms/a.md#" + "../" * 8 + "x", False), ("forms/a.md#b#" + "../" * 8 + "x", False),
    ("forms/a.md?p=" + "../" * 12 + "x", False), ("forms/a.md?p=" + "../" * 12 + "x?y", False),
    ("a#" + "../" * 8 + "x#b", False),
    ("mailto:" + "../" * 8 + "x", False), ("https://" + "../" * 8 + "x", False),
    ("forms/a b/" + "../" * 8 + "x", True),
])
def test_a_link_that_leaves_the_folder(target, leaves):
    assert P.link_leaves(STORY, target) is leaves


def test_a_link_to_the_parent_of_the_content_folder(tmp_path):
    assert P.link_leaves("site.yaml", "..") is True
    assert P.link_leaves("site.yaml", "../") is True
    assert P.link_leaves("site.yaml", "./a/..") is False


def test_a_folder_name_ending_in_a_line_break_is_no_address(tmp_path):
    """A bug found writing these tables: `^…$` let a name end in a newline (a workbook
    cell or a pasted name with Alt+Enter), which then became part of every address."""
    import shutil

    from sitegen.validate import load_county
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent / "cases/good/minimal/content", content)
    (content / "homes/demo").rename(content / "homes/demo\n")
    county, problems = load_county(content)
    assert county is None
    assert [(p.code, p.file, p.line, p.field, dict(p.params)["suggestion"]) for p in problems
            if p.code == "bad_id"] == [
        ("bad_id", "homes/demo\n", 0, "", "demo")]


def test_a_folder_that_cannot_be_listed_names_nothing(root, monkeypatch):
    """A folder the clerk's account may not read (the tests run as root, who reads all)."""
    team = root / "homes/demo/teams/team-a"
    real = os.listdir

    def listdir(path):
        if Path(path) == team / "photos":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(P.os, "listdir", listdir)
    assert told(P.find_image(root, TEAM, "photos/b.png", AT, FIELD)) == (
        "image_missing", TEAM, *AT, FIELD, "the image photos/b.png does not exist",
        "check the name and its case; paths are relative to this file's folder")
    assert P.exact_case(root, "homes/demo/teams/team-a/photos/A.PNG") is None
