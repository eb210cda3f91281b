"""Wall posters: print-ready PDFs of every home's boards, each *solved onto its sheet*.

One poster per home and board (`style`, `results`, `honors`, `rules`), written to the
contract's stable path `homes/<home>/posters/<board>-<size>.pdf`.

A board is a display board (展板), not a web page cut into sheets: every sheet has a header
band (board name in the Song face, home, year, optional logo), a body and a footer
(office, date, QR code). The body holds *blocks* (a team, a ranking, a rule) and is laid
out by fitting: the template renders the blocks once; `fit()` then chooses for each sheet
one scale `t` — body text `min(t, kmax) × unit`, and past `kmax` bigger cards and photos —
so that the blocks fill the body, never below the legibility floor `T_MIN` (2/3 of the
unit, see docs/posters.md). Only when the blocks do not fit one sheet at the floor do they
go on further sheets, balanced (the partition that makes the fullest sheet least full),
each sheet fitted on its own, a block never split. Spare height is spread between the
blocks (flex `space-evenly`), so no blank band is left at the foot.

Fitting lays a poster out a few times (`MAX_LAYOUTS`) and measures the blocks from
WeasyPrint's boxes; the PDF is written once, from the accepted layout. What it learned (the
plan) is cached with the PDF, so a poster whose PDF must be rebuilt is laid out once.

Speed: the HTML fragments of each poster are rendered here (cheap); the PDF is looked up
in the cache by a hash of those fragments plus the renderer and font versions; only
misses are fitted, in parallel processes.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from . import cache as C
from . import facts, images, plan, render, vocab
from . import model as m
from .i18n import TYPESET, date_text, fill
from .plan import BOARDS, board_has_content, boards_of, poster_outputs, poster_path  # noqa: F401
from .problems import WARNING, ContentError, Problem, problem
from .sheets import (ALPHA, BODY_DIVISOR, FILL_OK, FIT_TOLERANCE, GRIDS, K_MAX, PT_MM,  # noqa: F401
                     PX_MM, SHEETS, T_MAX, T_MIN, Sheet, grid_items, partition, quantize, refine,
                     scale_css, sheet_for, sheet_count, tables)

POSTER_VERSION = "3"        # part of every poster's cache key: raised when fitting changes
DPI_MIN = 150              # below this at printed size a photo is reported
DPI_TARGET = 200           # photos are downsampled to this at printed size (smaller PDFs)
BOARD_PAGES = {"style": "style/", "results": "results/", "honors": "honors/", "rules": ""}
BOARD_LABEL_KEYS = {"style": "style_board", "results": "results_board", "honors": "honor_wall",
                    "rules": "rules"}


# ------------------------------------------------------------------ Chinese typography

_UNITS = TYPESET["units"]
_NUM_UNIT = re.compile(rf"(\d[\d,.]*\s?(?:{_UNITS}))")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _nowrap(text: str) -> str:
    return f'<span class="nw">{text}</span>'


def keep_units(text) -> Markup:
    """A number and its unit never part at a line end ("12.5 / 万元"): each pair is one
    unbreakable span. Works on plain text; HTML is escaped first."""
    safe = text if isinstance(text, Markup) else escape(str(text or ""))
    return Markup(_NUM_UNIT.sub(lambda m_: _nowrap(m_[1]), str(safe)))


def keep_units_html(html) -> Markup:
    """`keep_units` for sanitised HTML (rule bodies): only text between tags is touched."""
    parts = re.split(r"(<[^>]+>)", str(html))
    return Markup("".join(p if p.startswith("<") else _NUM_UNIT.sub(lambda m_: _nowrap(m_[1]), p)
                          for p in parts))


def no_orphan(text) -> Markup:
    """No single character alone on the last line of a title, name or short text: the last
    two characters (with any closing punctuation) are one unbreakable span."""
    s = str(text or "")
    m_ = re.search(rf"(\S\S[{TYPESET['closing']}]*)$", s)
    if not m_ or len(s) < 4 or not _CJK_CHAR.search(m_[1]):
        return keep_units(s)
    head, tail = s[:m_.start()], m_[1]
    return Markup(str(keep_units(head)) + _nowrap(str(escape(tail))))


def role_html(role) -> Markup:
    """A role breaks only where it joins two posts (第一书记 / 兼队长), or not at all."""
    parts = re.split(rf"(?={TYPESET['role_join']})", str(role or ""))
    return Markup("<wbr>".join(_nowrap(str(escape(p))) if len(p) <= 8 else str(escape(p))
                               for p in parts if p))


def plain_excerpt(html, limit: int) -> str:
    """Text of a Markdown body for a card: paragraphs joined without a space between
    Chinese sentences (Jinja's striptags would put one there), cut at `limit`."""
    text = re.sub(r"<[^>]+>", "\n", str(html))
    import html as _h
    text = _h.unescape(text)
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = ""
    for ln in lines:
        if out and not (_CJK_CHAR.search(out[-1]) or out[-1] in TYPESET["no_space_after"]) :
            out += " "
        out += ln
    if len(out) > limit:
        out = out[:limit - 1].rstrip() + "……"
    return out


def _latest_date(home: m.HomeRecord):
    """The poster's date: the newest dated record of the home (deterministic, unlike today)."""
    dates = [a.date for a in home.activities]
    for t in home.teams.values():
        dates += [r.result.date for r in t.results if getattr(r.result, "date", None)]
    dates = [d for d in dates if d is not None and hasattr(d, "year")]
    return max(dates, key=lambda d: (d.year, getattr(d, "month", 0) or 0, getattr(d, "day", 0) or 0)) \
        if dates else None


# ------------------------------------------------------------------ fonts

@lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """Files of the CJK fonts fontconfig knows (empty when there are none)."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted({line.strip().rstrip(":") for line in out.splitlines() if line.strip()}))


def require_cjk_font() -> None:
    """Stop before rendering when no CJK font exists: posters would print boxes."""
    if not cjk_fonts():
        raise ContentError([problem("no_cjk_font", "site.yaml", 0, 0, "poster")])


@lru_cache(maxsize=1)
def font_version() -> str:
    """Part of the cache key: which font files the posters use (name, size, date)."""
    h = hashlib.sha256()
    for family in ("Noto Sans CJK SC", "Noto Sans CJK SC:bold", "Noto Serif CJK SC:bold",
                   "sans-serif", "serif"):
        try:
            path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True,
                                  text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            path = ""
        h.update(path.encode())
        if path and os.path.exists(path):
            st = os.stat(path)
            h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def renderer_version() -> str:
    import weasyprint
    return f"{POSTER_VERSION}-{weasyprint.__version__}-{font_version()}"


# ------------------------------------------------------------------ result

class PosterCount(int):
    """The number of posters written (what build.py stores), carrying the warnings found
    (`photo_low_dpi`), per-poster timings and the fitted plans for the report and tests."""
    problems: list[Problem]
    notes: list[str]
    timings: dict[str, float]
    cached: int
    plans: dict[str, dict]

    def __new__(cls, n: int, problems=(), notes=(), timings=None, cached: int = 0, plans=None):
        obj = super().__new__(cls, n)
        obj.problems, obj.notes = list(problems), list(notes)
        obj.timings, obj.cached = dict(timings or {}), cached
        obj.plans = dict(plans or {})
        return obj


@dataclass
class Photo:
    uri: str
    rel: str
    width: int
    height: int
    grid: str
    aspect: float            # box height / width on the sheet
    fit: str


@dataclass
class Job:
    home: str
    board: str
    rel: str                 # output path, homes/<home>/posters/<board>-<size>.pdf
    sheet: Sheet
    head: str                # <html>…<style> up to the fitted scales
    band: str                # header band, with @@MARK@@ for "1 / 2"
    foot: str
    blocks: list[str]
    key: str                 # cache key
    img_dir: str = ""        # where IMG_SCHEME names are (not in the key)
    created: str | None = None
    photos: list[Photo] = field(default_factory=list)
    guess: dict | None = None

    @property
    def html(self) -> str:
        """The poster as one HTML document at the unit scale, one sheet (for a look)."""
        return assemble(self, [(list(range(len(self.blocks))), 1.0)])


@dataclass
class _PhotoCheck:
    """Print derivatives of the photos; what each is, so its dpi is checked once the
    fitting has fixed its printed size."""
    county: m.County
    sheet: Sheet
    cache: Path
    seen: list = field(default_factory=list)

    def __call__(self, record_rel: str, src: str | None, grid: str = "member",
                 aspect: float = 4 / 3, fit: str = "cover") -> str | None:
        if not src:
            return None
        from .validate import content_path
        rel = content_path(record_rel, src)
        path = self.county.images.get(rel)
        if not path:
            return None
        sw, sh = images.dimensions(path)
        # the widest the photo can print: half the body width (a cell of two columns)
        most_in = self.sheet.body_w_mm / 2 / 25.4
        box_w, box_h = most_in, most_in * aspect
        dpi = min(sw / box_w, sh / box_h) if fit == "cover" else max(sw / box_w, sh / box_h)
        width = sw if dpi <= DPI_TARGET else max(1, math.ceil(sw * DPI_TARGET / dpi))
        out = self.cache / "img" / f"{images.source_hash(path)[:24]}-{width}.jpg"
        # WeasyPrint reads this file by URL: it must hold exactly the verified derivative
        # (a damaged or replaced file is written anew; see cache.py).
        data = images.derive(path, width, self.cache.parent)
        if not out.is_file() or out.read_bytes() != data:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_suffix(f".tmp{os.getpid()}")
            tmp.write_bytes(data)
            os.replace(tmp, out)
        # named, not located: the PDF names an image by a hash of its URL, so a folder in
        # the URL would make the same poster differ between two folders (issue 13)
        uri = IMG_SCHEME + out.name
        self.seen.append(Photo(uri, rel, sw, sh, grid, aspect, fit))
        return uri


# ------------------------------------------------------------------ planning

def qr_data_uri(url: str) -> str:
    """The QR code as vector SVG, inlined as a data URI (nothing loaded from outside)."""
    import segno
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_data_uri(scale=1, border=2, dark="#000", light="#fff", omitsize=True)


_CUT = "<!--sg:cut-->"
IMG_SCHEME = "sitegen-img:"      # a print derivative in the cache's posters/img folder


def _split(html: str) -> tuple[str, str, str, list[str]]:
    """A board template's output → (head, band, foot, blocks). Blocks are separated by
    `<!--sg:cut-->`; a site's own template without cuts is one block."""
    def part(name):
        a, b = f"<!--sg:{name}-->", f"<!--sg:/{name}-->"
        i, j = html.find(a), html.find(b)
        return html[i + len(a):j] if i >= 0 and j > i else ""
    head = html[:html.find("<!--sg:band-->")] if "<!--sg:band-->" in html else ""
    blocks = [b.strip() for b in part("main").split(_CUT)]
    return head, part("band"), part("foot"), [b for b in blocks if b]


def plan_posters(county: m.County, cache: Path, *, homes: list[str] | None = None,
                 size: str | None = None, orientation: str | None = None,
                 lang: str = "zh", skip: frozenset = frozenset()) -> tuple[list[Job], list[Problem], list[str]]:
    """The HTML fragments of every poster asked for, with its cache key; and the notes.
    The homes in `skip` are left out (their records are not read)."""
    sheet = sheet_for(county, size, orientation)
    dirs = render.template_dirs(Path(county.root))
    env = render.make_env(dirs, Path(cache) if cache else None)
    env.filters.update(no_orphan=no_orphan, keep_units=keep_units, keep_units_html=keep_units_html,
                       role_html=role_html, excerpt=plain_excerpt)
    labels = plan.labels_for(county, lang)
    photos = _PhotoCheck(county, sheet, Path(cache) / "posters")
    from . import charts
    env.globals.update(print_photo=photos, progress_bar=charts.progress_bar, meter=charts.meter)
    base_url = county.site.base_url
    notes = [] if base_url else [labels["poster_no_qr"]]
    if sheet.crop_marks and not sheet.bleed_mm:
        notes.append(labels["poster_marks_need_bleed"])
    logo = None
    if getattr(county.site.poster, "logo", None):
        from .validate import content_path
        path = county.images.get(content_path("site.yaml", county.site.poster.logo))
        if path:
            logo = photos("site.yaml", county.site.poster.logo, "logo", 1, "contain")
            photos.seen.pop()
    version = renderer_version()
    jobs = []
    outputs: dict[str, list[str]] = {}
    wanted = [hid for hid in county.homes if (not homes or hid in homes) and hid not in skip]
    for hid, board, _rel in poster_outputs(county, sheet.size, wanted) if wanted else ():
        outputs.setdefault(hid, []).append(board)
    for hid, boards in outputs.items():
        home = county.homes[hid]
        hf = facts.home_facts(county, home, labels)
        as_of = _latest_date(home)
        for board in boards:
            board_label = labels[BOARD_LABEL_KEYS[board]]
            qr_url = None
            if base_url:
                qr_url = base_url.rstrip("/") + f"/homes/{hid}/{BOARD_PAGES[board]}"
            photos.seen = []
            html = env.get_template(f"posters/{board}.html").render(
                site=county.site, county=county, labels=labels, poster_labels=_Words(labels),
                lang=lang, year=county.year, home=home, hf=hf, board=board,
                board_label=board_label, poster_title=f"{board_label} · {home.home.name}",
                s=sheet, qr=qr_data_uri(qr_url) if qr_url else None, qr_url=qr_url, logo=logo,
                as_of=as_of, show_phones=county.site.poster.show_phones,
                level_words={lvl: labels[vocab.LEVEL.label + lvl] for lvl in vocab.LEVEL.order},
                since=facts.since_date(county), fill=fill, date_text=date_text,
                page_path=poster_path(hid, board, sheet.size))
            head, band, foot, blocks = _split(html)
            # The key is the poster's fragments (templates, records and photo hashes are
            # in them) plus what turns HTML into PDF: the fitting, WeasyPrint and the fonts.
            # Photo URIs name the cache folder; the key uses their file names only, so the
            # same content in another folder is the same poster.
            keyed = "\0".join([head, band, foot, *blocks, repr(sheet)])
            keyed = re.sub(r"file://[^\"')\s]*/posters/img/", "img:", keyed)
            key = hashlib.sha256(f"{version}\0{keyed}".encode()).hexdigest()[:32]
            created = as_of.isoformat() + "T00:00:00+00:00" if as_of else None
            jobs.append(Job(hid, board, poster_path(hid, board, sheet.size), sheet, head, band,
                            foot, blocks, key, str((photos.cache / "img").resolve()), created,
                            list(photos.seen)))
    return jobs, [], notes


class _Words(dict):
    """`poster_labels.scan` → labels['poster_scan']."""
    def __getattr__(self, name):
        return self[f"poster_{name}"]


# ------------------------------------------------------------------ fitting


TALL = 3     # fitting lays sheets out on pages this many times taller: nothing is cut


def assemble(job: Job, sheets: list[tuple[list[int], float]], tall: bool = False) -> str:
    """The whole poster: one `<section class="sheet">` per sheet, each a complete board.

    `tall`: the pages are TALL times the sheet's height, so that a body too full for its
    sheet is laid out whole (and measured right) instead of cut at the page's foot; the
    accepted layout is then trimmed to the sheet (`_trim`)."""
    css = "\n".join(scale_css(job, i, t, grid_items(job, b)) for i, (b, t) in enumerate(sheets))
    if tall:
        css += f"\n@page {{ size: {job.sheet.width_mm}mm {job.sheet.height_mm * TALL}mm; }}"
    out = [job.head, f"<style>{css}</style></head><body class=\"board-{job.board}\">"]
    n = len(sheets)
    for i, (blocks, t) in enumerate(sheets):
        mark = f"{i + 1} / {n}" if n > 1 else ""
        out.append(f'<section class="sheet k{i}">')
        out.append(job.band.replace("@@MARK@@", mark))
        out.append('<div class="body">')
        for b in blocks:
            block = tables(job.blocks[b], lambda g, t=t, n=grid_items(job, blocks): job.sheet.cols(
                g, t, job.board, n.get(g, 0)))
            out.append(f'<div class="blk" data-b="{b}">{block}</div>')
        out.append("</div>")
        out.append(job.foot)
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out)


_SHARED: dict = {}


def _layout(html: str, img_dir: str = ""):
    """One WeasyPrint layout. A process keeps one font configuration and one image cache
    for all its layouts (fitting lays the same poster out several times; images are named
    by their content hash, so sharing them between posters is safe)."""
    import logging

    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    if "fonts" not in _SHARED:
        _SHARED["fonts"], _SHARED["images"] = FontConfiguration(), {}
    return HTML(string=html, base_url="file:///", url_fetcher=_fetcher(img_dir)).render(
        font_config=_SHARED["fonts"], cache=_SHARED["images"])


def _measure(doc, n_sheets: int, body_h: float) -> tuple[list[float], dict[int, float]]:
    """Per sheet the body's height, and per block its height (mm), from the layout boxes."""
    avail = [body_h] * n_sheets
    heights: dict[int, float] = {}

    def walk(box, sheet):
        el = getattr(box, "element", None)
        if el is not None and getattr(box, "element_tag", "") in ("div", "section"):
            cls = el.get("class") or ""
            if cls == "blk" and int(el.get("data-b")) not in heights:
                heights[int(el.get("data-b"))] = box.margin_height() * PX_MM
                return
        for child in getattr(box, "children", ()):
            walk(child, sheet)
    for i, page in enumerate(doc.pages[:n_sheets]):
        walk(page._page_box, i)
    return avail, heights


def fit(job: Job) -> tuple[object, list[tuple[list[int], float]], int]:
    """`_fit`, then the spare height of each sheet spread evenly between its blocks."""
    doc, sheets, made = _fit(job)
    _spread(doc, sheets, job.sheet.body_h_mm)
    return doc, sheets, made


def _spread(doc, sheets, body_h: float) -> None:
    """Move the blocks of each sheet down so that its spare height is in equal gaps above,
    between and below them (no blank band at the foot). Block heights do not depend on
    where they sit, so the laid-out boxes are moved, not laid out again."""
    from weasyprint.layout.background import layout_box_backgrounds
    for page, (g, _t) in zip(doc.pages, sheets):
        boxes = {}

        def walk(box):
            el = getattr(box, "element", None)
            if el is not None and getattr(box, "element_tag", "") == "div" and \
                    (el.get("class") or "") == "blk":
                boxes.setdefault(int(el.get("data-b")), box)
                return
            for child in getattr(box, "children", ()):
                walk(child)
        walk(page._page_box)
        used = sum(boxes[b].margin_height() for b in g if b in boxes)
        spare = body_h / PX_MM - used
        if spare <= 0 or not boxes:
            continue
        gap = spare / (len(g) + 1)
        for n, b in enumerate(g, 1):
            if b in boxes:
                boxes[b].translate(dy=gap * n)
                # backgrounds were placed with the boxes: place them again (colours only,
                # posters have no background images)
                layout_box_backgrounds(page._page_box, boxes[b], _no_image)


def _no_image(*_args, **_kwargs):
    return None


def _fit(job: Job) -> tuple[object, list[tuple[list[int], float]], int]:
    """Choose sheets and scales: returns (layout, [(blocks, t)], layouts made).

    First layout at the floor (or at what an earlier build learned): it tells exactly how
    many sheets the blocks need and how to balance them. Then each sheet's scale is raised
    toward a full body, bracketing between the largest scale known to fit and the smallest
    known not to; the last layout uses, per sheet, the largest scale that fitted."""
    board = job.board
    lo, hi = T_MIN, T_MAX[board]
    n_blocks = len(job.blocks)
    made = 0
    debug = os.environ.get("SITEGEN_FIT_DEBUG")

    seen = {}

    def run(sheets):
        nonlocal made
        sheets = quantize(sheets)
        key = tuple((tuple(g), round(t, 4)) for g, t in sheets)
        if key in seen:
            return seen[key]
        doc = _layout(assemble(job, sheets, tall=True), job.img_dir)
        made += 1
        avail, heights = _measure(doc, len(sheets), job.sheet.body_h_mm)
        used = [sum(heights.get(b, 0.0) for b in g) for g, _t in sheets]
        fills = [u / avail[0] for u in used]
        if debug:
            print(job.rel, [(round(t, 3), round(f, 3)) for (_g, t), f in zip(sheets, fills)],
                  file=sys.stderr)
        seen[key] = doc, heights, fills
        return doc, heights, fills

    def done(t, f):
        return f <= FIT_TOLERANCE and (f >= FILL_OK or t >= hi - 1e-6)

    if job.guess and sorted(b for g, _t in job.guess for b in g) == list(range(n_blocks)):
        sheets = [(list(g), float(t)) for g, t in job.guess]
        doc, heights, fills = run(sheets)
        if all(done(t, f) for (_g, t), f in zip(sheets, fills)):
            return doc, quantize(sheets), made
    body = job.sheet.body_h_mm
    everything = list(range(n_blocks))
    # A probe at the unit scale: most boards fit one sheet and are done in one or two
    # layouts; only a board that seems too full for one sheet is laid out at the floor.
    probe = T_PROBE[board]
    doc, heights, fills = run([(everything, probe)])
    f0 = fills[0]
    if done(probe, f0):
        return doc, quantize([(everything, probe)]), made
    fills_of: dict = {(0, probe): f0}
    if f0 <= FIT_TOLERANCE:
        plan_ = ([everything], [(probe, f0)], [None],
                 [min(hi, probe * (0.95 / f0) ** (1 / ALPHA))])
    elif f0 * (lo / probe) ** ALPHA < 0.85:
        # one sheet at a scale between the floor and the probe (assumed to fit at the floor)
        plan_ = ([everything], [(lo, None)], [probe],
                 [max(lo, probe * (0.95 / f0) ** (1 / ALPHA))])
    else:
        plan_ = None
    if plan_ is not None:
        result = refine(run, done, *plan_, fills_of, hi)
        if result is not None:
            return result[0], result[1], made
    doc, heights, fills = run([(everything, lo)])
    floor_h = [heights.get(b, 0.0) for b in range(n_blocks)]
    groups = sheet_count(floor_h, body)
    if len(groups) == 1 and done(lo, fills[0]):
        return doc, quantize([(groups[0], lo)]), made
    # per sheet: largest t known to fit (with its fill), smallest known not to
    good, bad, ts = [], [], []
    for g in groups:
        h = sum(floor_h[b] for b in g)
        if h <= body:
            good.append((lo, h / body))
            bad.append(None)
        else:   # one block taller than a sheet at the floor: shrink it to fit
            good.append((max(0.3, lo * (body * 0.97 / h) ** (1 / ALPHA)), 0.0))
            bad.append(lo)
        ts.append(max(lo, min(hi, lo * (body * 0.95 / h) ** (1 / ALPHA))) if h else hi)
    result = refine(run, done, groups, good, bad, ts, {}, hi, force=True)
    return result[0], result[1], made


# First scale tried per board: dense boards at the floor (that layout also gives the exact
# split over sheets), sparse ones near where they usually end.
T_PROBE = {"style": T_MIN, "results": T_MIN, "honors": 1.6, "rules": 1.4}


def _trim(doc, sheet: Sheet) -> None:
    """Pages laid out tall → pages of the sheet's height (the sheet's content lies in its
    first TALL-th: the `.sheet` box is exactly the sheet's height)."""
    h = sheet.height_mm / PX_MM
    for page in doc.pages:
        page.height = h
        page._page_box.height = h


def _full_bleed(document, pdf) -> None:
    """WeasyPrint puts the BleedBox at most 10 pt outside the TrimBox; the print shop's
    bleed is the whole of it: BleedBox = MediaBox."""
    for obj in pdf.objects:
        if isinstance(obj, dict) and "MediaBox" in obj and "BleedBox" in obj:
            obj["BleedBox"] = obj["MediaBox"]


def render_job(job: Job) -> tuple[bytes, float, dict]:
    """Fit a poster and write its PDF (fonts subset, text as text); the seconds it took and
    the plan it chose."""
    started = time.perf_counter()
    doc, sheets, made = fit(job)
    if job.sheet.crop_marks:      # marks are placed from the page box: lay out at the sheet size
        doc = _layout(assemble(job, sheets), job.img_dir)
        made += 1
    else:
        _trim(doc, job.sheet)
    meta = doc.metadata
    meta.created = meta.modified = job.created or "2000-01-01T00:00:00+00:00"
    options = {}
    if job.sheet.pdf_variant:
        options["pdf_variant"] = job.sheet.pdf_variant
    # a fixed identifier: the file is a function of its content, wherever it is built
    pdf = doc.write_pdf(pdf_identifier=job.key.encode(), finisher=_full_bleed, **options)
    plan_ = {"sheets": [[g, round(t, 4)] for g, t in sheets], "layouts": made}
    return pdf, time.perf_counter() - started, plan_


def render_pdf(html: str) -> tuple[bytes, float]:
    """HTML → PDF bytes as is (no fitting): for a site's own poster documents."""
    started = time.perf_counter()
    pdf = _layout(html).write_pdf()
    return pdf, time.perf_counter() - started


def dpi_problems(job: Job, plan_: dict) -> list[Problem]:
    """`photo_low_dpi` for the photos too small for the size the fitting gave them."""
    out = []
    where = {}
    for i, (g, t) in enumerate(plan_["sheets"]):
        for b in g:
            where[b] = (t, grid_items(job, g))
    for ph in job.photos:
        for b, html in enumerate(job.blocks):
            if ph.uri in html and b in where:
                t, items = where[b]
                cols = job.sheet.cols(ph.grid, t, job.board, items.get(ph.grid, 0))
                w_in = job.sheet.body_w_mm / cols * 0.9 / 25.4
                h_in = w_in * ph.aspect
                dpi = min(ph.width / w_in, ph.height / h_in) if ph.fit == "cover" else \
                    max(ph.width / w_in, ph.height / h_in)
                if dpi < DPI_MIN:
                    out.append(problem("photo_low_dpi", ph.rel, 0, 0, "", severity=WARNING,
                                       path=ph.rel, size=job.sheet.size, dpi=int(dpi)))
                break
    return out


# ------------------------------------------------------------------ rendering

def _fetcher(img_dir: str = ""):
    """Posters load only local files, data: URIs and the cache's print derivatives (by
    name); never anything from outside."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(IMG_SCHEME) and img_dir:
                name = url[len(IMG_SCHEME):]
                if not re.fullmatch(r"[0-9a-f]{24}-\d+\.jpg", name):
                    raise ValueError(f"not a print derivative: {name[:80]}")
                url = Path(img_dir, name).as_uri()
            if url.split(":", 1)[0].lower() not in ("file", "data"):
                raise ValueError(f"posters load nothing from outside: {url[:80]}")
            return super().fetch(url, headers)
    return LocalOnly(fail_on_errors=False)


def _cached(store: Path, job: Job) -> tuple[bytes, dict] | None:
    """A cached poster, only if its PDF and the plan beside it are sealed entries this
    program wrote for this key (cache.read_sealed), and the plan names the PDF's digest."""
    data = C.read_sealed(store / f"{job.key}.pdf", "poster:" + job.key)
    meta = C.read_sealed(store / f"{job.key}.json", "poster-meta:" + job.key)
    if data is None or meta is None or not data.startswith(b"%PDF"):
        return None
    try:
        info = json.loads(meta.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(info, dict) or info.get("sha256") != hashlib.sha256(data).hexdigest():
        return None
    return data, info


class PosterRun:
    """The posters of one build: planned (`plan.poster_outputs`), their fragments and keys
    made here, then each one taken from the stage when it already holds that poster (the
    write stage checks it), else from the cache (sealed, and matching its plan), else fitted
    and rendered by WeasyPrint in the build's one process pool; all written through the
    stage, counted on the build's one progress display."""

    def __init__(self, county: m.County, stage, cache: Path, *, lang: str = "zh", progress=None,
                 homes: list[str] | None = None, size: str | None = None,
                 orientation: str | None = None, inputs: dict[str, str] | None = None):
        require_cjk_font()
        self.stage, self.progress = stage, progress
        self.store = Path(cache) / "posters"
        self.store.mkdir(parents=True, exist_ok=True)
        self.timings: dict[str, float] = {}
        self.plans: dict[str, dict] = {}
        self.problems: dict = {}
        self.done = 0
        self.misses: list[Job] = []
        self.futures: dict = {}
        sheet = sheet_for(county, size, orientation)
        self.known = Known(self.store, county, sheet, lang, inputs) if inputs is not None else None
        kept = self.known.take(stage, self, homes) if self.known else {}
        self.jobs, _none, self.notes = plan_posters(county, cache, homes=homes, size=size,
                                                    orientation=orientation, lang=lang,
                                                    skip=frozenset(kept))
        for note in self.notes:
            print(note, file=sys.stderr)
        self.rels = sorted([job.rel for job in self.jobs] + [e[1] for got in kept.values() for e in got])
        if self.known:
            self.known.planned(kept, homes)
        for job in self.jobs:
            plan_ = self._plan(job)
            if plan_ is not None and stage.reuse(job.rel, job.key):
                self._finish(job, plan_)
                continue
            hit = _cached(self.store, job)      # verified: sealed, and the PDF matches its plan
            if hit:
                stage.write(job.rel, job.key, hit[0])
                self._finish(job, hit[1]["plan"])
                continue
            job.guess = plan_["sheets"] if plan_ else None    # what an earlier fitting learned
            self.misses.append(job)
        self.cached = len(self.rels) - len(self.misses)

    def _plan(self, job: Job) -> dict | None:
        return self._plan_of(job.key)

    def _plan_of(self, key: str) -> dict | None:
        hint = C.read_sealed(self.store / f"{key}.plan", "poster-plan:" + key)
        try:
            plan_ = json.loads(hint.decode("utf-8")) if hint else None
            return plan_ if isinstance(plan_, dict) and isinstance(plan_["sheets"], list) else None
        except (ValueError, KeyError, TypeError):
            return None

    def _finish(self, job: Job, plan_: dict) -> None:
        found = dpi_problems(job, plan_)
        if self.known:
            self.known.finished(job, found, plan_)
        self._count(job.rel, job.sheet.size, plan_, found)

    def _count(self, rel: str, size: str, plan_: dict, found: list[Problem]) -> None:
        self.plans[rel] = plan_
        for p in found:
            self.problems[(p.file, size)] = p
        self.done += 1
        if self.progress:
            self.progress("poster", rel)

    def submit(self, workers) -> None:
        """Start the misses in the pool (longest first: big boards start early, so the pool
        ends together); without a pool they are rendered in `finish`."""
        executor = workers.pool() if len(self.misses) > 1 else None
        if executor is None:
            return
        for job in sorted(self.misses, key=lambda j: -sum(len(b) for b in j.blocks)):
            self.futures[job.rel] = executor.submit(render_job, job)

    def finish(self) -> PosterCount:
        for job in self.misses:
            fut = self.futures.get(job.rel)
            pdf, seconds, plan_ = fut.result() if fut is not None else render_job(job)
            C.write_sealed(self.store / f"{job.key}.pdf", "poster:" + job.key, pdf)
            C.write_sealed(self.store / f"{job.key}.plan", "poster-plan:" + job.key,
                           json.dumps(plan_).encode())
            C.write_sealed(self.store / f"{job.key}.json", "poster-meta:" + job.key, json.dumps(
                {"sha256": hashlib.sha256(pdf).hexdigest(), "plan": plan_}).encode())
            self.timings[job.rel] = seconds
            self.stage.write(job.rel, job.key, pdf)
            self._finish(job, plan_)
        if self.known:
            self.known.save()
        return PosterCount(self.done, sorted(self.problems.values()), self.notes, self.timings,
                           self.cached, self.plans)


class Known:
    """The posters each home had at the last build, under a digest of everything they are
    made from, so that a build with posters neither reads an unchanged home's records nor
    renders its posters' HTML again (at 12 ms a poster, 6,400 posters at 100 counties).

    The digest (`inputs`, per home, from the build: the code, every template, the files
    outside `homes/` and the home's own files and photos) is taken here with the year and
    start of totals shown, the sheet, the language and the PDF renderer. Used only when no
    board template reads `county` (which would let a poster show other homes), and only
    whole: every poster of the home kept by the stage under its last key, with the plan its
    fitting left; else the home is planned as before. Read back sealed, in shape."""

    def __init__(self, store: Path, county: m.County, sheet: Sheet, lang: str, inputs: dict):
        self.path = store / "known.pickle"
        self.sheet = sheet
        since = facts.since_date(county)
        logo = county.site.poster.logo       # on every poster, wherever its file is
        if logo:
            from .validate import content_path
            path = county.images.get(content_path("site.yaml", logo))
            logo = images.source_hash(path) if path else ""
        extra = C.digest(renderer_version(), repr(sheet), lang, county.year, str(since), logo or "")
        self.inputs = {} if _boards_read_county(county) else \
            {hid: C.digest(extra, d) for hid, d in inputs.items()}
        old = C.load(self.path, {}) if self.inputs else {}
        self.old = old if isinstance(old, dict) else {}
        self.new: dict = {}                 # home -> (inputs, [(board, rel, key, problems, plan)])

    def take(self, stage, run: "PosterRun", homes: list[str] | None) -> dict:
        """The homes whose posters are all kept as they were, counted as done."""
        kept = {}
        for hid, digest in self.inputs.items():
            entry = self.old.get(hid)
            if (homes and hid not in homes) or not _known_ok(entry) or entry[0] != digest or \
                    any(rel != poster_path(hid, b, self.sheet.size) for b, rel, *_r in entry[1]) or \
                    not all(stage.reuse(rel, key) for _b, rel, key, _p, _plan in entry[1]):
                continue
            kept[hid] = entry[1]
            self.new[hid] = entry
            for _b, rel, _key, found, plan_ in entry[1]:
                run._count(rel, self.sheet.size, plan_, found)
        return kept

    def planned(self, kept: dict, homes: list[str] | None) -> None:
        """The homes planned this build (a home without posters too: it has none again
        while its inputs stay the same)."""
        for hid, digest in self.inputs.items():
            if hid not in kept and (not homes or hid in homes):
                self.new[hid] = (digest, [])

    def finished(self, job: Job, found: list[Problem], plan_: dict) -> None:
        """A poster of a home planned this build (a kept home has no jobs)."""
        if job.home in self.new:
            self.new[job.home][1].append((job.board, job.rel, job.key, found, plan_))

    def save(self) -> None:
        new = {hid: (d, sorted(got)) for hid, (d, got) in sorted(self.new.items())}
        if self.inputs and new != self.old:
            C.save(self.path, new)


def _known_ok(entry) -> bool:
    """A home's entry as `Known` files it: (digest, [(board, rel, key, [Problem], plan)])."""
    try:
        digest, got = entry
        return type(digest) is str and type(got) is list and all(
            type(e) is tuple and len(e) == 5 and e[0] in BOARDS and type(e[1]) is str and
            e[1].startswith("homes/") and type(e[2]) is str and type(e[3]) is list and
            all(type(p) is Problem for p in e[3]) and type(e[4]) is dict and
            type(e[4].get("sheets")) is list for e in got)
    except (TypeError, ValueError):
        return False


def _boards_read_county(county: m.County) -> bool:
    """Does a board template (or one it pulls in) read `county`, or pull in a template
    chosen at render time? Then a poster may show any home, and none is kept by its own
    home's inputs. (The page keys' analysis of a template and what it includes.)"""
    from .incremental import PageKeys
    keys = PageKeys(render.make_env(render.template_dirs(Path(county.root))), {}, county, {}, "", "")
    for board in BOARDS:
        names = keys.template(f"posters/{board}.html")[1]
        if names is None or "county" in names:
            return True
    return False


def make_all(county: m.County, out: Path, *, cache: Path | None = None, jobs: int | None = None,
             lang: str = "zh", progress=None, homes: list[str] | None = None,
             size: str | None = None, orientation: str | None = None) -> PosterCount:
    """`sitegen posters` for a loaded county: the posters asked for, written into `out`
    through the write stage (staging folder, atomic swap; the rest of `out` as the last
    build left it). Returns how many were made, with warnings attached."""
    from .build import make_posters
    return make_posters(county, Path(out), cache=cache, jobs=jobs, lang=lang, progress=progress,
                        homes=homes, size=size, orientation=orientation)
