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


class Page:
    """One planned HTML output (plan.py makes them, screen.py its slideshows).

    A page whose context is dear to make (a lobby screen's paged slides) is planned with
    `make`, which makes the context when the page is rendered (or first read), and `deps`,
    the plain values that context is a pure function of: its key (incremental.PageKeys)
    hashes `deps` instead of the context, so an unchanged home's slides are never made."""

    __slots__ = ("path", "template", "title", "make", "deps", "_context")

    def __init__(self, path: str, template: str, context: dict | None = None, title: str = "",
                 *, make=None, deps: tuple = ()):
        self.path = path              # output path, e.g. homes/x/style/index.html
        self.template = template
        self.title = title
        self.make = make
        self.deps = deps
        self._context = context if make is None else None
        if make is None and context is None:
            self._context = {}

    @property
    def context(self) -> dict:
        if self._context is None:
            self._context = self.make()
        return self._context

    def adopt(self, context: dict) -> None:
        """Take a context made earlier from the same inputs (the same key: see
        incremental.SlideCounts), instead of making it again."""
        self._context = context

    @property
    def made(self) -> bool:
        """Whether the context exists yet (a lazy page's is made on first use)."""
        return self._context is not None

    def __repr__(self) -> str:
        return f"Page({self.path!r}, {self.template!r})"


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


_MD = None      # the converter (markdown.Markdown), made on first use


@functools.lru_cache(maxsize=4096)
def markdown_raw_html(text: str) -> str:
    """Markdown → HTML, *not yet sanitised* (validate.py reads image and link paths from it).

    One reused converter (building one costs more than converting a story) and a memo:
    the same plan or story body shows on several pages."""
    global _MD
    if _MD is None:
        import markdown as md    # here: a build that finds nothing changed needs none (17 ms)
        _MD = md.Markdown(extensions=["tables", "sane_lists"], output_format="html",
                          extension_configs={"tables": {"use_align_attribute": True}})
    try:
        html = _MD.reset().convert(str(text))
    except BaseException:
        _MD = None   # a conversion that broke off (RecursionError) leaves the converter
        raise        # half-reset: every later body would come out as plain unlinked text
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
    import nh3          # (imported where used, like markdown: a no-op build needs neither)
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


# ------------------------------------------------------------------ render workers

# Fewer pages to render than this: one process (forking costs more). A county (198 pages)
# renders in two: 3.52 s against 4.00 s wall, the same CPU (3.81 / 3.84 s), medians of 6
# cold builds run alternately with 400 (which kept it in one) on the shared machine.
PARALLEL_PAGES = 100


def pool(jobs: int):
    """Worker processes forked from this one: they share the loaded model and templates."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:           # no fork (Windows): spawn works, just slower to start
        ctx = None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)


_JOB: dict = {}


class Workers:
    """The render stage's one process pool, for pages, photos and posters alike.

    Forked on first use, after what page workers need (the environment, the shared
    context, the pages, the stage folder) is in `_JOB`, so they inherit it instead of
    receiving it pickled."""

    def __init__(self, jobs: int, **job):
        self.jobs = max(1, jobs)
        self._pool = None
        _JOB.clear()
        _JOB.update(job)

    def pool(self):
        if self.jobs < 2:
            return None
        if self._pool is None:
            for name in {p.template for p in _JOB.get("pages", [])}:
                _JOB["env"].get_template(name)          # compile once, before forking
            self._pool = pool(self.jobs)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        _JOB.clear()


def render_one(env, base, page, root, collector) -> tuple[list, set, tuple]:
    """One page into the stage: the photos it showed, the homes whose records it read
    (model.noting_reads, its context made here included), and the write stage's record."""
    from . import model, write
    collector.clear()
    with model.noting_reads() as read:
        html = env.get_template(page.template).render(
            **base, **page.context, page_path=page.path, page_title=page.title)
    written = write.write_file(root, page.path, html)
    return sorted(set(collector)), read, written


def _render_chunk(indices: list[int]) -> list:
    j = _JOB
    return [(i, *render_one(j["env"], j["base"], j["pages"][i], j["root"], j["collector"]))
            for i in indices]


def render_pages(todo: list[int], workers: Workers, progress=None):
    """Render the pages `todo` (indices into the planned pages): (index, photos, homes
    read, record)."""
    j = _JOB
    pages = j["pages"]
    executor = workers.pool() if len(todo) >= PARALLEL_PAGES else None
    here, results = todo, ()
    if executor is not None:
        # a page that notes what it rendered for the next build (the county screen: see
        # screen.CountyScreen.rendered) is rendered here, while the workers render the rest
        here = [i for i in todo if getattr(pages[i].make, "captures", False)]
        local = set(here)
        there = [i for i in todo if i not in local]
        size = max(8, len(there) // (workers.jobs * 6))
        chunks = [there[k:k + size] for k in range(0, len(there), size)]
        results = executor.map(_render_chunk, chunks)
    for i in here:
        yield (i, *render_one(j["env"], j["base"], pages[i], j["root"], j["collector"]))
        if progress:
            progress("page", pages[i].path)
    for done in results:
        for item in done:
            yield item
            if progress:
                progress("page", pages[item[0]].path)


def install_globals(env: jinja2.Environment, county, collector: list) -> None:
    """`url()` and `photo()` for the templates. `photo()` names the derived file (its
    bytes are made by the write stage, from images.py) and notes which photos a page
    shows, so the page is made again when one of them changes."""
    from . import images, model
    from .validate import content_path
    names: dict[tuple[str, str, int], tuple[str, int, str]] = {}   # one build: files do not change
    bounds = {rel: b for s in county.homes.summaries() for rel, b in s.photo_bounds.items()}

    @jinja2.pass_context
    def photo(ctx, record_rel: str, src: str | None, width: int = 480) -> str | None:
        """URL of a photo (named in `record_rel`) resized for the page; None if no photo.
        Widths the photo is too small to be scaled to are one file (images.published_width)."""
        if not src:
            return None
        key = (record_rel, src, width)
        if key not in names:
            rel = content_path(record_rel, src)
            shown = images.published_width(bounds.get(rel), width)
            names[key] = (rel, shown, images.media_path(county.images[rel], shown))
        rel, shown, out_rel = names[key]
        collector.append((rel, shown))
        return relative(out_rel, ctx["page_path"])

    @jinja2.pass_context
    def slide_html(ctx, s, body) -> str:
        """A slide's body: `body(s)` (the template's macro), or the HTML a piece kept
        (screen.Piece, with the photos it shows). On a county screen (its context holds
        `capture`) each home slide's body is noted with its photos, in order, so that the
        next build can carry an unchanged home's slides as pieces (with the homes whose
        records the body read)."""
        kept = getattr(s, "body", None)
        if kept is not None:
            collector.extend(s.used)
            return Markup(kept)
        start = len(collector)
        with model.noting_reads() as read:
            html = body(s)
        capture = ctx.get("capture")
        if capture is not None and s.home_id:
            capture.setdefault(s.home_id, []).append(
                (s.kind, s.where, s.orient, str(html), tuple(collector[start:]), tuple(sorted(read))))
        return html

    env.globals.update(url=url, photo=photo, slide_html=slide_html)


def write_search(stage, county, labels: dict) -> None:
    """The search index into the stage, unless the kept one was made from the same
    summaries: it is keyed by what it is made from (the homes' summaries, the team-name
    form, the code), so an edit outside every summary (a motto, a bulletin, a photo) leaves
    the file as it was without making its text (5 MB at 100 counties: 0.11 s of each
    one-record rebuild). An edit of a summary that leaves the text as it was (a score)
    writes the same bytes again."""
    from .cache import code_version, digest
    key = digest("search", code_version(), labels["team_name"],
                 *[s.digest for s in county.homes.summaries()])
    if not stage.reuse("search-index.js", key):
        stage.write("search-index.js", key, search_js(county, labels))


def write_version(stage) -> str:
    """version.json into the stage, from the bytes of every file made so far (last): the
    SHA-256 the write stage keeps of each. Not from the keys they are filed under, which
    name the records a page's render read, and a context made before its page is rendered
    (a lobby screen counted for the county screen) notes none: the same site may be filed
    under other keys, and must give the same version."""
    version = version_json({rel: e[2] for rel, e in stage.made.items()})
    from .cache import digest
    stage.write("version.json", digest(version), version)
    return version


def search_js(county, labels: dict) -> str:
    """The search index as a script (not JSON): `fetch` is refused from file://."""
    import json

    from .plan import search_entries
    rows = search_entries(county, labels)
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.SITEGEN_SEARCH={data};\n"


def version_json(digests: dict[str, str]) -> str:
    """A fingerprint of the build, polled by lobby screens to notice a new one: a hash of
    every file's path and content digest."""
    import json
    h = hashlib.sha256()
    for rel, sha in sorted(digests.items()):
        h.update(f"{rel}\0{sha}\n".encode())
    return json.dumps({"version": h.hexdigest()[:16]}) + "\n"
