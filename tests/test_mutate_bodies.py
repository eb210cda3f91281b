"""Markdown bodies (sitegen/bodies.py): what a clerk is told about the images and links
written in a plan, story, rule or bulletin, and which images validate goes on to check.

Each case is a record file as a clerk writes it (a front matter, then the body) fed to
`check_body` as validate does; it pins the problem's code, file, line, column and field,
the path shown in the message, and the local images handed back with their positions.
A mutation run (scripts/mutate.py, docs/testing.md) asked for these: the folder cases
place body findings only by line, so a column, a stripped URL or a path shown wrongly
went unseen.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.bodies import body_refs, check_body
from sitegen.read import RawFile

REL = "homes/demo/teams/team-a/results/2024-05-story.md"
HEAD = "---\ntitle: 入户走访\ndate: 2024-05-10\nphoto: photos/a.png\n---\n"   # the body starts on line 6
START = HEAD.count("\n") + 1


def run(body: str, text: str | None = "", start: int = START, field: str = "body"):
    """check_body on a file made of HEAD and `body`: (problems as the clerk sees them,
    local images)."""
    full = HEAD + body if text == "" else text
    raw = RawFile(REL, Path(REL), None, body, start, full)
    problems = []
    local = check_body(raw, body, start, field, problems)
    shown = [(p.code, p.file, p.line, p.column, p.field, " / ".join(p.text("en"))) for p in problems]
    return shown, local


def outside(line: int, col: int, path: str, field: str = "body"):
    return ("path_outside", REL, line, col, field,
            f"the path {path} leads outside the content folder / put the image inside content/ "
            "and use a relative path such as photos/zhang.jpg")


# body, problems (line, column, path shown), local images (path, (line, column))
CASES = [
    ("image in the folder", "走访情况如下。\n\n![入户](photos/a.png)\n",
     [], [("photos/a.png", (8, 7))]),
    ("escaped name is the file's name", "<img src=\"photos/%E5%9B%BE.png\">\n",
     [], [("photos/图.png", (6, 11))]),
    ("self-closed html image", "文字\n<img alt=\"x\" src=\"photos/b.png\"/>\n",
     [], [("photos/b.png", (7, 19))]),
    ("drive path is a path, checked as a photo", "![x](C:/Users/a.png)\n",
     [], [("C:/Users/a.png", (6, 6))]),
    ("web image", "见图\n![x](http://example.org/a.png)\n",
     [(7, 6, "http://example.org/a.png")], []),
    ("upper-case scheme", "![x](HTTPS://example.org/a.png)\n",
     [(6, 6, "HTTPS://example.org/a.png")], []),
    ("protocol-relative image", "  ![x](//cdn.example.org/a.png)\n",
     [(6, 8, "//cdn.example.org/a.png")], []),
    ("file image", "<img src=\"file:///C:/a.png\">\n", [(6, 11, "file:///C:/a.png")], []),
    ("data image: dropped by the sanitiser, no error", "![x](data:image/png;base64,iVBORw0KGgo=)\n", [], []),
    ("script image: no error", "<img src=\"javascript:alert(1)\">\n", [], []),
    ("link climbing out", "详见[通知](../../../../../../secret.txt)。\n", [(6, 8, "../../../../../../secret.txt")], []),
    ("file link", "[a](file:///etc/passwd)\n", [(6, 5, "file:///etc/passwd")], []),
    ("absolute link", "<a href=\"/etc/passwd\">x</a>\n", [(6, 10, "/etc/passwd")], []),
    ("backslash link", "<a href=\"\\\\server\\share\">x</a>\n", [(6, 10, "\\\\server\\share")], []),
    ("drive link", "<a href=\"D:\\docs\\a.doc\">x</a>\n", [(6, 10, "D:\\docs\\a.doc")], []),
    ("web, mail and anchor links are fine",
     "[a](https://example.org) [b](mailto:x@example.org) [c](#top) [d](forms/leave.md)\n", [], []),
    ("reference link placed on its definition", "见[通知][1]。\n\n[1]: ../../../../../../x.doc\n",
     [(8, 6, "../../../../../../x.doc")], []),
    ("several, in order", "![a](photos/a.png)\n[b](../../../../../../b)\n![c](photos/c.png)\n",
     [(7, 5, "../../../../../../b")], [("photos/a.png", (6, 6)), ("photos/c.png", (8, 6))]),
    ("an <a> without href, an <img> with href", "<a name=\"top\">x</a> <img href=\"../../../../../../x\">\n",
     [], []),
    ("a src on a link is no link", "<a src=\"../../../../../../x\">x</a>\n", [], []),
    ("an attribute without a value", "<img src>\n", [], []),
    ("spaces round a URL (an html entity) are stripped, found by the stripped text",
     "<img src=\"&#32;photos/a.png&#32;\">\n", [], [("photos/a.png", (6, 16))]),
    ("spaces round a link target", "<a href=\"&#32;../../../../../../x\">x</a>\n",
     [(6, 15, "../../../../../../x")], []),
    ("a space inside the quotes is part of the URL as written", "<img src=\" photos/a.png\">\n",
     [], [("photos/a.png", (6, 11))]),
    ("a reference's URL at the start of its own line", "见[台账]。\n\n[台账]:\n../../../../../../x.xls\n",
     [(9, 1, "../../../../../../x.xls")], []),
    ("the first line that holds the URL, even at its start", "本文写到的图片：\n photos/a.png\n\n<img src=\" photos/a.png\">\n",
     [], [("photos/a.png", (7, 1))]),
    ("a link target written over two lines, found by its stripped text", "<a href=\"\n../../../../../../x\">x</a>\n",
     [(7, 1, "../../../../../../x")], []),
    ("a stripped URL twice on a line: at the first", "photos/a.png：<img src=\"&#32;photos/a.png\">\n",
     [], [("photos/a.png", (6, 1))]),
    ("the same picture twice on a line: both at the first", "![a](photos/a.png) 和 ![b](photos/a.png)\n",
     [], [("photos/a.png", (6, 6)), ("photos/a.png", (6, 6))]),
    ("a URL the text does not hold as written: the body's first line",
     "第一行\n\n[a](../../../../../../x&amp;y)\n", [(6, 1, "../../../../../../x&y")], []),
]


@pytest.mark.parametrize("body, want, images", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_body_findings(body, want, images):
    shown, local = run(body)
    assert shown == [outside(line, col, path) for line, col, path in want]
    assert local == images


def test_the_search_starts_at_the_body_not_the_front_matter():
    """HEAD names photos/a.png on line 4: the body's own photos/a.png is on line 6."""
    _, local = run("![a](photos/a.png)\n")
    assert local == [("photos/a.png", (6, 6))]


def test_the_line_above_a_yaml_body_is_not_searched():
    """A rule's `body:` right below a field naming the same file: the body's own line."""
    text = "- title: 见 photos/a.png\n  body: 见图 ![a](photos/a.png)\n"
    _, local = run("见图 ![a](photos/a.png)", text=text, start=2)
    assert local == [("photos/a.png", (2, 17))]


def test_a_body_without_a_start_line_is_searched_from_the_top():
    text = "[a](../../../../../../x)\n"
    shown, _ = run(text, text=text, start=0)
    assert shown == [outside(1, 5, "../../../../../../x")]


def test_a_body_of_a_yaml_field_is_placed_in_that_field():
    shown, _ = run("[a](../../../../../../x)\n", field="rules[2].body")
    assert shown == [outside(6, 5, "../../../../../../x", "rules[2].body")]


def test_a_long_path_is_shown_cut_to_200_characters():
    target = "../../../../../../" + "a" * 300
    shown, _ = run(f"[a]({target})\n")
    assert shown == [outside(6, 5, target[:200])]


def test_a_file_without_text_places_findings_on_the_first_line():
    body = "x\n\n[a](../../../../../../x)\n"
    shown, _ = run(body, text=None, start=4)
    assert shown == [outside(4, 1, "../../../../../../x")]


@pytest.mark.parametrize("body", ["", "   \n\n  ", None])
def test_an_empty_body_has_nothing(body):
    """A bulletin's body is optional: None is what validate hands over for one left out."""
    problems = []
    assert check_body(RawFile(REL, Path(REL), None, "", 1, "x"), body, 1, "body", problems) == []
    assert problems == []


def test_markdown_nested_too_deep_is_a_limit_not_a_crash():
    body = "".join("    " * i + "- x\n" for i in range(300))
    raw = RawFile(REL, Path(REL), None, body, 3, HEAD + body)
    problems = []
    assert check_body(raw, body, 3, "bulletins[0].body", problems) == []
    assert [(p.code, p.file, p.line, p.column, p.field, p.text("zh"), p.text("en")) for p in problems] == [
        ("yaml_limit", REL, 3, 1, "bulletins[0].body",
         ("文件过于复杂，无法读取（Markdown 嵌套层数过多）", "不要使用 & 和 * 引用；嵌套不超过 50 层；单个文件不超过 5 MB"),
         ("the file is too complex to read (Markdown nesting too deep)",
          "do not use & and * references; nest at most 50 levels; keep files under 5 MB"))]


def test_body_refs_reads_raw_html_and_markdown_in_order():
    assert body_refs("[a](x.md)\n\n<img src=\"p.png\"><a href=\"y\">y</a> ![b](q.png)\n") == [
        ("a", "x.md"), ("img", "p.png"), ("a", "y"), ("img", "q.png")]


MINIMAL = Path(__file__).resolve().parent / "cases" / "good" / "minimal" / "content"
STORY = "homes/demo/teams/team-a/results/2024-05-story.md"


def _deeper(frames: int, call):
    """`call()` with `frames` more frames on the stack: where Python's recursion limit
    breaks off a deep conversion depends on the depth it started at."""
    return _deeper(frames - 1, call) if frames else call()


@pytest.mark.parametrize("frames", range(4))
def test_a_body_nested_too_deep_does_not_hide_the_next_files_problems(tmp_path, frames):
    """A bug the mutation run turned up: python-markdown's converter, reused for every
    body, kept the parser's state stack of a conversion that a RecursionError broke off;
    when it broke off inside a list, every later body was read as the rest of that list,
    as plain text: a link out of the folder in the next file was never reported, and a
    page built in the same process showed its Markdown unrendered. Four start depths
    cover both places it can break off."""
    import shutil

    from sitegen.build import check
    from sitegen.render import markdown_html
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    home = content / "homes/demo/home.yaml"
    deep = "".join("        " + "    " * i + "- 层级\n" for i in range(300))
    text = home.read_text(encoding="utf-8").replace(
        "    body: 每周一上午召开例会，各工作队轮流主讲驻村讲堂。\n", "    body: |\n" + deep)
    home.write_text(text, encoding="utf-8")
    story = content / STORY
    story.write_text(story.read_text(encoding="utf-8") + f"详见[台账{frames}](../../../../../../ledger.xls)。\n",
                     encoding="utf-8")
    found = {(p.code, p.file, p.line, p.column, p.field) for p in _deeper(frames, lambda: check(content))}
    assert ("yaml_limit", "homes/demo/home.yaml", 16, 1, "rules[0].body") in found
    assert ("path_outside", STORY, 16, 9, "body") in found
    assert str(markdown_html(f"走访 *{frames}* 户村民")) == f"<p>走访 <em>{frames}</em> 户村民</p>"
