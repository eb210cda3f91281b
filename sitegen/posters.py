"""Wall posters: print-ready PDFs of every home's boards (WeasyPrint from HTML + print CSS).

One poster per home and board (`style`, `results`, `honors`, `rules`), written to the
contract's stable path `homes/<home>/posters/<board>-<size>.pdf`. A board whose content
does not fit one sheet flows on to further sheets of the same PDF; every sheet repeats the
head (board, home), the foot (office, QR code) and its mark "1 / 3".

Sizes: the PDF page is the ISO sheet (trim box) plus `bleed_mm` on every side. Type scales
with the sheet: the root font-size is the sheet's short side divided by `BODY_DIVISOR`
(A4 11 pt … A0 44 pt), so an A3 and an A0 of a board look the same, only bigger; see
docs/posters.md for the legibility rule.

Speed: the HTML of each poster is rendered here (cheap); its PDF is looked up in the cache
by a hash of that HTML plus the renderer and font versions, and only the misses go to
WeasyPrint, in parallel processes.
"""
from __future__ import annotations

import hashlib
import math
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import cache as C
from . import facts, images, plan, render
from . import model as m
from .i18n import date_text, fill
from .problems import WARNING, ContentError, Problem, problem

POSTER_VERSION = "1"
BOARDS = ("style", "results", "honors", "rules")
# ISO 216 trim sizes in mm, portrait (width, height).
SHEETS = {"A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297)}
BODY_DIVISOR = 19.1        # body text in pt = short side in mm / 19.1 (A4 → 11 pt, A1 → 31 pt)
PT_MM = 25.4 / 72
DPI_MIN = 150              # below this at printed size a photo is reported
DPI_TARGET = 200           # photos are downsampled to this at printed size (smaller PDFs)
BOARD_PAGES = {"style": "style/", "results": "results/", "honors": "honors/", "rules": ""}
BOARD_LABEL_KEYS = {"style": "style_board", "results": "results_board", "honors": "honor_wall",
                    "rules": "rules"}


# ------------------------------------------------------------------ sheets

@dataclass(frozen=True)
class Sheet:
    size: str = "A1"
    orientation: str = "portrait"
    bleed_mm: float = 0
    crop_marks: bool = False

    @property
    def width_mm(self) -> float:
        w, h = SHEETS[self.size]
        return h if self.orientation == "landscape" else w

    @property
    def height_mm(self) -> float:
        w, h = SHEETS[self.size]
        return w if self.orientation == "landscape" else h

    @property
    def body_pt(self) -> float:
        """The legibility rule: body text grows with the sheet (A4 11 pt … A0 44 pt)."""
        return round(min(SHEETS[self.size]) / BODY_DIVISOR, 2)

    @property
    def rem_mm(self) -> float:
        return self.body_pt * PT_MM

    # Page margins (inside the trim): room for the head above and the foot with the QR below.
    @property
    def margin_side_mm(self) -> float:
        return round(self.rem_mm * 2.2, 2)

    @property
    def margin_top_mm(self) -> float:
        return round(self.rem_mm * 5.6, 2)

    @property
    def margin_bottom_mm(self) -> float:
        return round(self.rem_mm * (self.qr_rem + 2.2), 2)

    @property
    def qr_rem(self) -> float:
        return 5.0


def sheet_for(county: m.County, size: str | None = None, orientation: str | None = None) -> Sheet:
    p = county.site.poster
    return Sheet(size or p.size, orientation or p.orientation, float(p.bleed_mm), bool(p.crop_marks))


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
    for family in ("Noto Sans CJK SC", "Noto Sans CJK SC:bold", "sans-serif"):
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
    (`photo_low_dpi`) and per-poster timings for the report and the benchmark."""
    problems: list[Problem]
    notes: list[str]
    timings: dict[str, float]
    cached: int

    def __new__(cls, n: int, problems=(), notes=(), timings=None, cached: int = 0):
        obj = super().__new__(cls, n)
        obj.problems, obj.notes = list(problems), list(notes)
        obj.timings, obj.cached = dict(timings or {}), cached
        return obj


@dataclass
class Job:
    home: str
    board: str
    rel: str                 # output path, homes/<home>/posters/<board>-<size>.pdf
    html: str
    key: str                 # cache key


@dataclass
class _PhotoCheck:
    """Print-resolution derivatives of the photos, and the warnings about small ones."""
    county: m.County
    sheet: Sheet
    cache: Path
    problems: dict = field(default_factory=dict)

    def __call__(self, record_rel: str, src: str | None, w_rem: float, h_rem: float,
                 fit: str = "cover") -> str | None:
        if not src:
            return None
        from .validate import content_path
        rel = content_path(record_rel, src)
        path = self.county.images.get(rel)
        if not path:
            return None
        sw, sh = images.dimensions(path)
        w_in = w_rem * self.sheet.rem_mm / 25.4
        h_in = h_rem * self.sheet.rem_mm / 25.4
        # cover: the photo fills the box (cropped), so its tighter side sets the dpi;
        # contain: the photo fits inside, so its looser side does.
        dpi = min(sw / w_in, sh / h_in) if fit == "cover" else max(sw / w_in, sh / h_in)
        if dpi < DPI_MIN:
            self.problems[(rel, self.sheet.size)] = problem(
                "photo_low_dpi", rel, 0, 0, "", severity=WARNING, path=rel,
                size=self.sheet.size, dpi=int(dpi))
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
        return out.as_uri()


# ------------------------------------------------------------------ planning

def poster_path(home_id: str, board: str, size: str) -> str:
    return f"homes/{home_id}/posters/{board}-{size}.pdf"


def boards_of(home: m.HomeRecord) -> list[str]:
    """Boards a home has: style and results always; honors and rules when there are any."""
    out = ["style", "results"]
    if home.honors or any(t.honors for t in home.teams.values()):
        out.append("honors")
    if home.home.rules:
        out.append("rules")
    return out


def qr_data_uri(url: str) -> str:
    """The QR code as vector SVG, inlined as a data URI (nothing loaded from outside)."""
    import segno
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_data_uri(scale=1, border=2, dark="#000", light="#fff", omitsize=True)


def plan_posters(county: m.County, cache: Path, *, homes: list[str] | None = None,
                 size: str | None = None, orientation: str | None = None,
                 lang: str = "zh") -> tuple[list[Job], list[Problem], list[str]]:
    """The HTML of every poster asked for, with its cache key; and the warnings."""
    sheet = sheet_for(county, size, orientation)
    dirs = render.template_dirs(Path(county.root))
    env = render.make_env(dirs, Path(cache) if cache else None)
    labels = plan.labels_for(county, lang)
    photos = _PhotoCheck(county, sheet, Path(cache) / "posters")
    env.globals.update(print_photo=photos)
    base_url = county.site.base_url
    notes = [] if base_url else [labels["poster_no_qr"]]
    if sheet.crop_marks and not sheet.bleed_mm:
        notes.append(labels["poster_marks_need_bleed"])
    # The key is the poster's full HTML (templates, records and photo hashes are all in it)
    # plus what turns HTML into PDF: WeasyPrint and the font files.
    version = renderer_version()
    jobs = []
    for hid, home in county.homes.items():
        if homes and hid not in homes:
            continue
        hf = plan.home_facts(county, home, labels)
        for board in boards_of(home):
            board_label = labels[BOARD_LABEL_KEYS[board]]
            qr_url = None
            if base_url:
                qr_url = base_url.rstrip("/") + f"/homes/{hid}/{BOARD_PAGES[board]}"
            html = env.get_template(f"posters/{board}.html").render(
                site=county.site, county=county, labels=labels, poster_labels=_Words(labels),
                lang=lang, year=county.year, home=home, hf=hf, board=board,
                board_label=board_label, poster_title=f"{board_label} · {home.home.name}",
                s=sheet, qr=qr_data_uri(qr_url) if qr_url else None, qr_url=qr_url,
                show_phones=county.site.poster.show_phones, level_words={lvl: labels[f"level_{lvl}"] for lvl in facts.LEVEL_ORDER},
                since=facts.since_date(county), fill=fill, date_text=date_text,
                page_path=poster_path(hid, board, sheet.size))
            key = hashlib.sha256(f"{version}\0{html}".encode()).hexdigest()[:32]
            jobs.append(Job(hid, board, poster_path(hid, board, sheet.size), html, key))
    return jobs, sorted(photos.problems.values()), notes


class _Words(dict):
    """`poster_labels.scan` → labels['poster_scan']."""
    def __getattr__(self, name):
        return self[f"poster_{name}"]


# ------------------------------------------------------------------ rendering

def _fetcher():
    """Posters load only local files and data: URIs; never anything from outside."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.split(":", 1)[0].lower() not in ("file", "data"):
                raise ValueError(f"posters load nothing from outside: {url[:80]}")
            return super().fetch(url, headers)
    return LocalOnly(fail_on_errors=False)


def render_pdf(html: str) -> tuple[bytes, float]:
    """HTML → PDF bytes (fonts subset, text as text) and the seconds it took."""
    import logging

    from weasyprint import HTML
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    started = time.perf_counter()
    pdf = HTML(string=html, base_url="file:///", url_fetcher=_fetcher()).write_pdf()
    return pdf, time.perf_counter() - started


def make_all(county: m.County, out: Path, *, cache: Path | None = None, jobs: int | None = None,
             lang: str = "zh", progress=None, homes: list[str] | None = None,
             size: str | None = None, orientation: str | None = None) -> PosterCount:
    """Write every home's posters under `out` (the staging folder of a build, or the output
    folder for `sitegen posters`). Returns how many were written, with warnings attached."""
    require_cjk_font()
    cache = Path(cache) if cache else Path(county.root).parent / ".sitegen-cache"
    store = cache / "posters"
    store.mkdir(parents=True, exist_ok=True)
    todo, problems, notes = plan_posters(county, cache, homes=homes, size=size,
                                         orientation=orientation, lang=lang)
    for note in notes:
        print(note, file=sys.stderr)
    timings: dict[str, float] = {}
    done = 0
    bar = progress or _stderr_bar(len(todo))

    def finish(job: Job, pdf: bytes) -> None:
        nonlocal done
        _write(Path(out), job.rel, pdf)
        done += 1
        if bar:
            bar("poster", job.rel)

    misses = []
    for job in todo:
        hit = C.read_sealed(store / f"{job.key}.pdf", "poster:" + job.key)   # verified
        if hit is not None and hit.startswith(b"%PDF"):
            finish(job, hit)
        else:
            misses.append(job)
    cached = len(todo) - len(misses)

    def keep(job: Job, pdf: bytes, seconds: float) -> None:
        C.write_sealed(store / f"{job.key}.pdf", "poster:" + job.key, pdf)
        timings[job.rel] = seconds
        finish(job, pdf)

    workers = max(1, min(jobs or os.cpu_count() or 1, len(misses)))
    if workers == 1:
        for job in misses:
            keep(job, *render_pdf(job.html))
    else:
        # Longest first: big boards start early, so the pool ends together.
        misses.sort(key=lambda j: -len(j.html))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(render_pdf, job.html): job for job in misses}
            for fut in as_completed(futures):
                keep(futures[fut], *fut.result())
    if bar and not progress:
        bar("done", "")
    return PosterCount(done, problems, notes, timings, cached)


def _write(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _stderr_bar(total: int):
    """A one-line progress bar on an interactive terminal; nothing in pipes and logs."""
    if not total or not sys.stderr.isatty():
        return None
    state = {"n": 0}

    def update(kind: str, rel: str) -> None:
        if kind == "done":
            sys.stderr.write("\n")
            sys.stderr.flush()
            return
        state["n"] += 1
        n = state["n"]
        filled = int(30 * n / total)
        sys.stderr.write(f"\r海报 [{'#' * filled}{'.' * (30 - filled)}] {n}/{total} {rel[-48:]:<48}")
        sys.stderr.flush()
    return update
