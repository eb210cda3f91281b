"""Render stage: Jinja templates and Markdown → HTML text.

Links are made relative to the page being rendered (`url()`), and always name the
`index.html` file: a folder link does not open its index from `file://` or a USB stick.
Markdown is sanitised (nh3) before it reaches a template, because records come from many
hands and the output is published on a government intranet.
"""
from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from pathlib import Path

import jinja2
import markdown as md
import nh3
from markupsafe import Markup, escape

from .i18n import ZH_DATE

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
REPO_TEMPLATES = Path(__file__).parent.parent / "templates"

_CJK = r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# Chinese punctuation outside the CJK blocks: quotes, dashes, ellipsis, middle dot.
_CJK_PUNCT = "\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
# A line break in a Chinese paragraph joins without a space when the character on either
# side is Chinese (or Chinese punctuation): "收入\n12万元" → "收入12万元", "开展\n“三会”"
# → "开展“三会”". Between two Latin words it stays a space.
_CJK_BREAK = re.compile(rf"(?:(?<=[{_CJK}{_CJK_PUNCT}])[ \t]*\n[ \t]*(?=\S)"
                        rf"|(?<=\S)[ \t]*\n[ \t]*(?=[{_CJK}{_CJK_PUNCT}]))")

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "sub", "sup",
                "ul", "ol", "li", "blockquote", "code", "pre", "hr", "h2", "h3", "h4", "h5", "h6",
                "table", "thead", "tbody", "tr", "th", "td", "a", "img", "span", "abbr", "dl", "dt", "dd"}
ALLOWED_ATTRS = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
                 "th": {"align"}, "td": {"align"}, "abbr": {"title"}, "ol": {"start"}}


def template_dirs(content: Path | None) -> list[Path]:
    """Site overrides first (`<content>/templates`, `<content>/../templates` when it is a
    separate site folder), then the defaults shipped in the package (or the repo)."""
    dirs = []
    if content is not None:
        for candidate in (content / "templates", content.parent / "templates"):
            if candidate.is_dir() and candidate.resolve() != REPO_TEMPLATES.resolve():
                dirs.append(candidate)
    dirs.append(PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else REPO_TEMPLATES)
    return dirs


def template_version(dirs: list[Path]) -> str:
    """Hash of every template file: part of cache keys, so a template edit re-renders."""
    h = hashlib.sha256()
    for d in dirs:
        for path in sorted(d.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(d).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


_MD: md.Markdown | None = None


@functools.lru_cache(maxsize=4096)
def markdown_raw_html(text: str) -> str:
    """Markdown → HTML, *not yet sanitised* (validate.py reads image and link paths from it).

    One reused converter (building one costs more than converting a story) and a memo:
    the same plan or story body shows on several pages."""
    global _MD
    if _MD is None:
        _MD = md.Markdown(extensions=["tables", "sane_lists"], output_format="html",
                          extension_configs={"tables": {"use_align_attribute": True}})
    html = _MD.reset().convert(str(text))
    return _CJK_BREAK.sub("", html)


def markdown_html(text: str | None, image_url=None) -> Markup:
    """Markdown → safe HTML. A line break inside Chinese text joins without a space.

    Images: an `<img>` keeps its `src` only when `image_url(src)` turns it into the URL of a
    published (validated, re-encoded) photo; every other image source — outside the content
    folder, on another server, `data:` — is dropped, so a page never loads anything from
    elsewhere and never points at a file outside the output.
    """
    if not text:
        return Markup("")

    def keep(tag: str, attr: str, value: str):
        if tag == "img" and attr == "src":
            if image_url is None:
                return None
            try:
                return image_url(value)
            except Exception:  # an unresolvable path is simply not shown
                return None
        return value

    try:
        raw = markdown_raw_html(str(text))
    except RecursionError:   # absurd nesting (validate reports it); show the words as text
        raw = "<p>" + str(escape(str(text))) + "</p>"
    html = nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                     attribute_filter=keep)
    return Markup(html)


@jinja2.pass_context
def _markdown_filter(ctx, text) -> Markup:
    """The `markdown` filter: images resolve relative to the record the body came from."""
    rel = getattr(text, "rel", "")
    photo = ctx.environment.globals.get("photo")
    image_url = None
    if rel and photo is not None:
        from urllib.parse import unquote

        def image_url(src: str):
            return photo(ctx, rel, unquote(src), 640)
    return markdown_html(text, image_url)


def relative(target: str, page: str) -> str:
    """Relative URL from the page at output path `page` to output path `target`."""
    if target.endswith("/"):
        target += "index.html"
    return _relative(target, posixpath.dirname(page))


@functools.lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    """posixpath.relpath for the clean output paths of a build (no `.`, `..` or `//`),
    without its abspath calls: it runs for every link of every page."""
    if not start:
        return target
    if ".." in target or "./" in target or target.startswith("/"):
        return posixpath.relpath(target, start)
    t, s = target.split("/"), start.split("/")
    common = 0
    while common < min(len(t) - 1, len(s)) and t[common] == s[common]:
        common += 1
    return "/".join([".."] * (len(s) - common) + t[common:])


def make_env(dirs: list[Path], cache: Path | None = None) -> jinja2.Environment:
    """The Jinja environment; with `cache`, compiled templates are kept between builds
    (keyed by each template's source, so an edited or overriding template recompiles).
    The compiled code is sealed and checked before use (`cache.JinjaCache`)."""
    bytecode = None
    if cache is not None:
        from .cache import JinjaCache
        bytecode = JinjaCache(cache / "jinja")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        bytecode_cache=bytecode,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = _markdown_filter
    env.filters["num"] = format_number
    env.filters["zh_date"] = zh_date
    return env


@jinja2.pass_context
def url(ctx, target: str) -> str:
    return relative(target, ctx["page_path"])


def format_number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value.is_integer():
            value = int(value)
        else:
            return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}"


def zh_date(value) -> str:
    if hasattr(value, "zh"):
        return value.zh()
    if hasattr(value, "year"):
        return ZH_DATE.format(year=value.year, month=value.month, day=value.day)
    return str(value)
