"""Markdown bodies: the images and links written in them, checked against the path policy.

A body is scanned the way it will be rendered (through render's Markdown, raw HTML
included), so that what is checked is exactly what a page will load: a regex over the
text would miss `<img src>` in HTML and reference-style links. An image must be a file
in the content folder (it is then published, re-encoded, like any photo); a link must not
lead to a file outside it. Each finding is placed on the line where the URL is written.
The images found are handed back to validate, which checks them like any photo field.
"""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote

from .i18n import CHECK_WORDS
from .paths import image_elsewhere, link_leaves, scheme
from .problems import Problem, problem
from .read import RawFile


class _Refs(HTMLParser):
    """Image sources and link targets of an HTML fragment, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        want = {"img": "src", "a": "href"}.get(tag)
        for name, value in attrs:
            if name == want and value is not None:
                self.refs.append((tag, value))

    handle_startendtag = handle_starttag


def body_refs(body: str) -> list[tuple[str, str]]:
    """(tag, url) of every image and link in a Markdown body (raw HTML included)."""
    from .render import markdown_raw_html   # render pulls in Jinja and Markdown: only when a body is there
    parser = _Refs()
    parser.feed(markdown_raw_html(body))
    parser.close()
    return parser.refs


def _locate(lines: list[str], start_line: int, url: str, target: str) -> tuple[int, int]:
    """Line and column of a URL in the file: the first line from the body's start that
    holds it (as written, else stripped); the body's first line when not found."""
    for i in range(max(start_line - 1, 0), len(lines)):
        at = lines[i].find(url)
        if at < 0 and target != url:
            at = lines[i].find(target)
        if at >= 0:
            return i + 1, at + 1
    return start_line, 1


def check_body(raw: RawFile, body: str, start_line: int, field: str,
               problems: list[Problem]) -> list[tuple[str, tuple[int, int]]]:
    """Check the links of one body; return its local images as (path, (line, column)).
    Script URLs (`javascript:`, `data:`) need no error: the sanitiser removes them."""
    if not body or not body.strip():
        return []
    try:
        refs = body_refs(body)
    except RecursionError:   # lists or quotes nested hundreds deep
        problems.append(problem("yaml_limit", raw.rel, start_line, 1, field,
                                what=CHECK_WORDS["zh"]["markdown_deep"],
                                what_en=CHECK_WORDS["en"]["markdown_deep"]))
        return []
    lines = raw.text.split("\n") if raw.text else []
    local = []
    for tag, url in refs:
        target = url.strip()
        at = _locate(lines, start_line, url, target)
        if tag == "img":
            if scheme(target) is None and not target.startswith("//"):
                local.append((unquote(target), at))
                continue
            leaves = image_elsewhere(target)
        else:
            leaves = link_leaves(raw.rel, target)
        if leaves:
            problems.append(problem("path_outside", raw.rel, *at, field, path=target[:200]))
    return local
