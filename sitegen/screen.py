"""Lobby screens: the slides of each home's slideshow and of the county's.

A lobby TV runs for weeks with nobody touching it, at 1920×1080, 3840×2160 or 1080×1920
(portrait). The rule that makes every slide legible there:

    **All text is at least 2.5 % of the screen's shorter side** (27 px on a 1080-line
    screen, 54 px at 4K; the page sets `1rem = 1vmin`, and the smallest type is 2.6rem).

Type is never shrunk to make content fit. Instead, content that would not fit one slide
is *paged* over several slides here, at build time, once for each screen shape (`Shape`:
a landscape slide has about 70 × 168 vmin under its heading, a portrait one 140 × 90), so
that portrait gets more rows and fewer columns; where both shapes give the same slides
they are written once, otherwise each set is marked for its shape and the browser shows
the set that fits its screen. Text length is counted (a CJK character is one em wide,
Latin about half), so long names and titles take more room and push items onto the next
slide. In the browser, static/screen.js then scales each slide's content up (never
down) to fill its area. The browser tests check the result at all three resolutions
(tests/test_screen_browser.py, tests/test_screens_fill.py).

The county's screen cannot show every home each round (sixteen homes are over 80
minutes of slides): `rotation` cuts the homes' slides into cycles of at most
LOOP_SECONDS, and the browser picks the cycle from the clock (docs/screens.md).

Everything date-dependent (clock, today's date, the next forum and review with the duty
team) is computed in the browser from data embedded here, so the output of a build stays
byte-identical and a screen stays right for weeks without a rebuild.
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from html import unescape
from pathlib import Path

from . import facts
from . import model as m
from . import render
from .facts import HomeFacts
from .i18n import MEASURE, TYPESET
from .render import Page

# Interface words used only on screens; site.yaml `labels` overrides them like any other.

# ---------------------------------------------------------------- capacities (vmin units)
@dataclass(frozen=True)
class Shape:
    """The content box of a slide under its heading, in vmin, for one screen shape.
    Pages are cut for each shape on its own (portrait has more rows, fewer columns); the
    browser then scales each slide's content up to fill its box (static/screen.js)."""
    name: str        # land | port (the slide's data-orient when the shapes differ)
    h: float
    w: float
    cols: int        # columns of boxes (measures, honors) side by side
    members: int     # member cards on one slide


LAND = Shape("land", 70.0, 168.0, 2, 5)
PORT = Shape("port", 140.0, 90.0, 1, 4)
SHAPES = (LAND, PORT)
RANK_ROW = 8.5         # one line of a ranking table
TARGET_ROW = 4.4       # one target's box: padding and the gap to the next
TOTALS_PER_SLIDE = 9   # 3 × 3 tiles (there are nine activity kinds)
PHOTO_SIZES = [("l", 40.0), ("m", 32.0), ("s", 24.0)]   # photo heights, vmin
POLL_SECONDS = 300     # how often a screen asks for version.json
STORY_CHARS = 90       # about three lines of a story under its figures
LOOP_SECONDS = 19 * 60  # a county cycle (back to the overview) lasts at most this long
MIN_GROUP = 8          # slides of homes in a cycle, however long slide_seconds is


@functools.lru_cache(maxsize=1 << 16)
def text_width(text: str | None) -> float:
    """Width of `text` in ems: CJK and full-width characters 1, others about 0.55.
    (Memoised: paging measures the same names and titles for both shapes, again and again.)"""
    if not text:
        return 0.0
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def lines(text: str | None, width_vmin: float, font_vmin: float) -> int:
    """Lines `text` takes in a box `width_vmin` wide at `font_vmin` type (at least 1)."""
    per_line = max(1.0, math.floor(width_vmin / font_vmin))
    return max(1, math.ceil(text_width(text) / per_line))


def fill_label(label: str, **values) -> str:
    out = label
    for k, v in values.items():
        out = out.replace("{" + k + "}", str(v))
    return out


@dataclass
class Slide:
    kind: str                      # title | county | style | ranking | homes | targets | measures | story | totals | honors | honor | schedule
    board: str                     # the big word of the heading (风采栏 …)
    where: str                     # shown in the screen's header: the home (or the county)
    sub: str = ""                  # second part of the heading (a team …)
    home: HomeFacts | None = None
    team: object = None            # facts.TeamFacts
    items: list = field(default_factory=list)
    part: int = 1
    parts: int = 1
    photo: str = "m"               # style board: photo size class (l, m, s)
    start: int = 1                 # number of the first item (lists continued over slides)
    cost: float = 0.0              # estimated height (landscape, vmin): for tests and tuning
    since: object = None           # totals: the date counting starts from
    orient: str = ""               # "" every screen; land / port: only screens of that shape
    group: int = -1                # county screen: the cycle that shows it (-1 every cycle)
    story: object = None           # story: the result record
    text: str = ""                 # story: its opening lines
    cont: bool = False             # targets: continued from the slide before

    @property
    def home_id(self) -> str:
        return self.home.id if self.home is not None else ""


@dataclass(frozen=True)
class Piece:
    """A home's slide as the county screen rendered it in an earlier build: what the
    screen's frame and `rotation` read of a slide, and the body's HTML with the photos it
    showed. A county screen carries an unchanged home's slides as pieces (see
    `CountyScreen.kept`, incremental.KeptSlides) instead of making and rendering them."""
    kind: str
    where: str
    orient: str
    home_id: str
    body: str                      # the slide body's HTML, for the county screen's path
    used: tuple = ()               # the photos it shows: (source, width) as render.photo notes
    reads: tuple = ()              # the homes whose records making and rendering it read
    group: int = -1


def split_even(items: list, per: int) -> list[list]:
    """Split into the fewest chunks of at most `per`, as even as possible (5+5+5, not 6+6+3)."""
    if not items:
        return [[]]
    n = math.ceil(len(items) / per)
    size, extra = divmod(len(items), n)
    out, i = [], 0
    for k in range(n):
        j = i + size + (1 if k < extra else 0)
        out.append(items[i:j])
        i = j
    return out


def pack(items: list, fits) -> list[list]:
    """Greedy paging: add items to a slide while `fits(chunk)` holds (at least one each)."""
    chunks, cur = [], []
    for item in items:
        if cur and not fits(cur + [item]):
            chunks.append(cur)
            cur = []
        cur.append(item)
    chunks.append(cur)
    return chunks


def _parts(slides: list[Slide]) -> list[Slide]:
    for i, s in enumerate(slides):
        s.part, s.parts = i + 1, len(slides)
    return slides


def _sig(slides: list[Slide]) -> list:
    def ids(x):
        if isinstance(x, (list, tuple)):
            return tuple(ids(y) for y in x)
        return id(x)
    return [(s.kind, s.sub, s.photo, ids(s.items)) for s in slides]


def by_shape(make) -> list[Slide]:
    """`make(shape)` for landscape and portrait; one set of slides for both when they come
    out the same, else each set marked for its shape (the browser shows the one that fits)."""
    land, port = make(LAND), make(PORT)
    if _sig(land) == _sig(port):
        return land
    for s in land:
        s.orient = "land"
    for s in port:
        s.orient = "port"
    return land + port


# ---------------------------------------------------------------- per board

def style_slides(hf: HomeFacts, words: dict) -> list[Slide]:
    """One team per slide (its own board), members paged evenly: five a slide in landscape
    (one row), four in portrait (two rows of two; two members one above the other, each
    photo beside its words: static/screen.css)."""
    out = []
    where = hf.name
    for tf in hf.teams:
        t = tf.record.team

        def make(shape, tf=tf, t=t):
            header = 6.0 + 4.0 * lines(MEASURE["team_header"].format(unit=words['unit'], team_unit=t.unit,
                                                                     term=words['term']),
                                       shape.w, 3.0)
            if t.motto:
                header += 4.5 * lines(t.motto, shape.w - 4, 3.4) + 1.5
            slides = []
            for chunk in split_even(list(t.members), shape.members):
                beside = shape is PORT and len(chunk) == 2
                per_row = len(chunk) if shape is LAND else 1 if beside else min(2, len(chunk))
                rows = math.ceil(len(chunk) / per_row)
                for size, photo in PHOTO_SIZES:      # the largest photos that fit
                    card = max(_card_beside(mem, t, photo) if beside else
                               _card_height(mem, t, photo, shape.w / per_row - 3) for mem in chunk)
                    if header + rows * (card + 2.4) <= shape.h:
                        break
                slides.append(Slide("style", words["style_board"], where, tf.name, hf, tf, chunk,
                                    photo=size, cost=header + rows * card))
            return _parts(slides)
        out += by_shape(make)
    return out


def _card_height(mem: m.Member, team: m.Team, photo: float, inner: float = 25.0) -> float:
    """A member card: photo, name, role, unit."""
    inner = max(20.0, min(inner, 30.0))
    h = photo + 2.0 + 5.8 * lines(mem.name, inner, 4.4) + 3.8 * lines(mem.role, inner, 2.8)
    if mem.unit and mem.unit != team.unit:
        h += 3.8 * lines(mem.unit, inner, 2.8)
    return h + 4.0


def _card_beside(mem: m.Member, team: m.Team, photo: float) -> float:
    """A member card with the photo beside the words (portrait, two members): the taller
    of the two, and the padding. The words' column is at least 31 vmin wide."""
    words = 7.2 * lines(mem.name, 31.0, 6.0) + 5.8 * lines(mem.role, 31.0, 3.4)
    if mem.unit and mem.unit != team.unit:
        words += 4.4 * lines(mem.unit, 31.0, 2.8)
    return max(photo, words) + 5.2


def ranking_slides(hf: HomeFacts, words: dict, year: int) -> list[Slide]:
    rows = list(hf.standing)        # from the summary: the county screen reads no record
    if not rows or not any(s.total for _, s in rows):
        return []
    form = hf.labels["team_name"]
    names = {t.id: form.replace("{village}", t.village) for t in hf.summary.teams}
    sub = fill_label(words["ranking_heading"], year=year, ranking=words["ranking"])

    def make(shape):
        row = RANK_ROW if shape is LAND else 11.0     # portrait rows are spaced out (screen.css)

        def height(chunk):     # rank, figures and bar take ~45 vmin of the width
            return 6.0 + sum(row + 4.6 * (lines(names[r[1].team.id], shape.w - 45, 3.4) - 1)
                             for r in chunk)
        chunks = pack(rows, lambda c: height(c) <= shape.h)
        return _parts([Slide("ranking", words["results_board"], hf.name, sub, hf, None, c,
                             cost=height(c)) for c in chunks])
    return by_shape(make)


def _target_height(p: facts.Progress, shape: Shape) -> float:
    """Landscape: one line a target (name and status | bar | percent | figures);
    portrait: name and status, then bar and percent, then the figures."""
    name = p.target.name + (MEASURE["down"] if p.target.direction == "down" else "") + MEASURE["status"]
    if shape is LAND:
        return 4.8 * lines(name, shape.w * 0.3, 3.4) + TARGET_ROW
    return 4.8 * lines(name, shape.w - 10, 3.4) + 4.8 + 4.2 + TARGET_ROW


def target_slides(hf: HomeFacts, words: dict, year: int) -> list[Slide]:
    """One slide per team, with all its targets; a plan too long for one slide goes on
    over as few slides as needed, split evenly, the later ones marked "续"."""
    out = []
    where = hf.name
    for tf in hf.teams:
        if not tf.plan or not tf.progress:
            continue
        sub = f"{tf.name} · " + fill_label(words["targets_year"], year=year, targets=words["targets"])

        def make(shape, tf=tf, sub=sub):
            progs = list(tf.progress)
            total = sum(_target_height(p, shape) for p in progs)
            n = max(1, math.ceil(total / shape.h))
            while True:
                chunks = split_even(progs, math.ceil(len(progs) / n))
                if all(sum(_target_height(p, shape) for p in c) <= shape.h for c in chunks) or n >= len(progs):
                    break
                n += 1
            slides, start = [], 1
            for k, c in enumerate(chunks):
                slides.append(Slide("targets", words["results_board"], where, sub, hf, tf, c, start=start,
                                    cont=k > 0, cost=sum(_target_height(p, shape) for p in c)))
                start += len(c)
            return _parts(slides)
        out += by_shape(make)
    return out


def _measure_height(x: str, width: float) -> float:
    return 4.6 * lines(x, width - 14, 3.4) + 4.0


def measure_slides(hf: HomeFacts, words: dict, year: int) -> list[Slide]:
    """A team's measures numbered in a grid: two columns in landscape, one in portrait."""
    out = []
    for tf in hf.teams:
        if not tf.plan or not tf.plan.plan.measures:
            continue
        sub = f"{tf.name} · " + fill_label(words["screen_measures_year"], year=year, measures=words["measures"])

        def make(shape, tf=tf, sub=sub):
            col_w = (shape.w - 3 * (shape.cols - 1)) / shape.cols

            def height(c):
                return sum(max(_measure_height(x, col_w) for x in c[i:i + shape.cols]) + 2.4
                           for i in range(0, len(c), shape.cols))
            chunks = pack(list(tf.plan.plan.measures), lambda c: height(c) <= shape.h)
            slides, start = [], 1
            for c in chunks:
                slides.append(Slide("measures", words["results_board"], hf.name, sub, hf, tf, c,
                                    start=start, cont=start > 1, cost=height(c)))
                start += len(c)
            return _parts(slides)
        out += by_shape(make)
    return out


_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(rf"(?<=[{TYPESET['sentence_end']}])")


def story_text(body: str, limit: int = STORY_CHARS) -> str:
    """The opening of a story as plain text: whole sentences up to about `limit` characters
    (the words stay as typed; only Markdown marks and images drop out)."""
    html = render.markdown_raw_html(body or "")
    paras = [unescape(_TAG.sub("", p)).strip() for p in re.split(r"</p>|</li>|</h\d>", html)]
    paras = [p for p in paras if p and "<img" not in p]
    out = ""
    for sentence in (x for p in paras for x in _SENTENCE.split(p) if x.strip()):
        if out and text_width(out + sentence) > limit:
            break
        out += sentence.strip()
        if text_width(out) > limit:
            break
    return out


def story_slides(hf: HomeFacts, words: dict) -> list[Slide]:
    """One slide per results story (newest first, team by team): title, the figures large,
    the first photo and the opening lines."""
    out = []
    for tf in hf.teams:
        for r in tf.record.results:
            out.append(Slide("story", words["results_board"], hf.name, tf.name, hf, tf,
                             list(r.result.figures[:3]), story=r, text=story_text(r.body)))
    return out


def totals_slide(where: str, totals: list, words: dict, home=None, since=None) -> list[Slide]:
    if not totals:
        return []
    return [Slide("totals", words["results_board"], where, words["screen_totals"], home, None,
                  list(totals)[:TOTALS_PER_SLIDE], cost=3 * 20.0, since=since)]


def _honor_height(e: facts.HonorEntry, width: float) -> float:
    """An honor box: the level badge runs in before the title (~4 ems of it)."""
    meta = f"{e.honor.date.zh()} · {e.honor.issuer or ''}"
    inner = width - 5
    return (3.0 + 5.0 * lines(MEASURE["badge"] + e.honor.title, inner, 3.8) + 4.2 * lines(e.recipient, inner, 3.0)
            + 3.9 * lines(meta, inner, 2.8) + 2.4)


def honor_slides(hf: HomeFacts, words: dict) -> list[Slide]:
    """An honor with a certificate photo has a slide of its own (photo and words large);
    the others share slides, two columns in landscape, one in portrait."""
    entries = [e for _lvl, items in hf.honors for e in items]
    if not entries:
        return []
    where = hf.name
    out = [Slide("honor", words["honor_wall"], where, "", hf, None, [e]) for e in entries if e.honor.image]
    rest = [e for e in entries if not e.honor.image]
    if not rest:
        return out

    def make(shape):
        col_w = (shape.w - 3 * (shape.cols - 1)) / shape.cols

        def height(c):
            return sum(max(_honor_height(e, col_w) for e in c[i:i + shape.cols]) + 2.0
                       for i in range(0, len(c), shape.cols))
        chunks = pack(rest, lambda c: height(c) <= shape.h)
        return _parts([Slide("honors", words["honor_wall"], where, "", hf, None, c, cost=height(c))
                       for c in chunks])
    return out + by_shape(make)


def home_slides(county: m.County, hf: HomeFacts, words: dict, since=None) -> list[Slide]:
    year = county.year
    where = hf.name
    since = since or facts.since_date(county)
    slides = [_cover(hf, words)]
    slides += style_slides(hf, words)
    slides += ranking_slides(hf, words, year)
    slides += target_slides(hf, words, year)
    slides += measure_slides(hf, words, year)
    slides += story_slides(hf, words)
    slides += totals_slide(where, hf.totals, words, hf, since)
    slides += honor_slides(hf, words)
    slides.append(Slide("schedule", words["screen_schedule"], where, "", hf))
    return slides


def summary_slides(county: m.County, hf: HomeFacts, words: dict, since) -> list[Slide]:
    """The slides of `home_slides` whose kind is in SUMMARY_KINDS, made without the rest
    (the county screen of a city carries only these for each home)."""
    return [_cover(hf, words)] + ranking_slides(hf, words, county.year) + \
        totals_slide(hf.name, hf.totals, words, hf, since)


def _cover(hf: HomeFacts, words: dict) -> Slide:
    return Slide("title", words["home"], hf.name, "", hf)


# ---------------------------------------------------------------- the county

# Beyond this many slides (a city or province folder) the county screen carries each
# home's summary (cover, ranking, activity totals) instead of every slide of every home,
# so the page stays small.
COUNTY_FULL_LIMIT = 1200
SUMMARY_KINDS = ("title", "ranking", "totals")


@dataclass(frozen=True)
class HomeRow:
    """One line of the slide comparing the homes."""
    name: str
    met: int
    total: int
    activities: int
    grade: str
    grade_year: int | None

    @property
    def share(self) -> float:
        return self.met / self.total if self.total else 0.0


def home_rows(county: m.County, homes: list[HomeFacts]) -> list[tuple[int, HomeRow]]:
    """Homes by share of this year's targets met, then activities since `since`; ties share
    a rank; the latest annual rating beside."""
    latest: dict[str, tuple[int, str]] = {}
    for r in county.supervision.ratings:
        if r.home not in latest or r.year > latest[r.home][0]:
            latest[r.home] = (r.year, r.grade)
    rows = []
    for order, hf in enumerate(homes):
        met, targets = hf.targets
        y, g = latest.get(hf.id, (None, ""))
        rows.append((order, HomeRow(hf.summary.township or hf.name, met, targets,
                                    sum(t.count for t in hf.totals), g, y)))
    rows.sort(key=lambda r: (-r[1].share, -r[1].activities, r[0]))
    return facts.with_ranks([row for _o, row in rows], lambda r: (r.share, r.activities))


def homes_slides(county: m.County, homes: list[HomeFacts], words: dict, since) -> list[Slide]:
    rows = home_rows(county, homes)
    if len(rows) < 2:
        return []
    title = county.site.title
    sub = fill_label(words["screen_homes_compared"], year=county.year)

    def make(shape):
        per = max(1, int((shape.h - 10) // 7.2))     # a row: one line of 3.4rem and its padding
        return _parts([Slide("homes", words["county_overview"], title, sub, items=c, since=since)
                       for c in split_even(rows, per)])
    return by_shape(make)


def _count(slides: list[Slide], shape: Shape) -> int:
    return sum(1 for s in slides if s.orient in ("", shape.name))


def rotation(fixed: list[Slide], homes: list[list[Slide]], seconds: int) -> tuple[list[Slide], int, int]:
    """Cut the homes' slides into cycles that each, with the county's own slides, last at
    most LOOP_SECONDS. Whole homes stay together where they fit; a home too long for one
    cycle is cut. Returns the slides (marked with their cycle), the number of cycles and
    the cycle length in minutes (the browser picks cycle ⌊minutes since midnight / length⌋
    mod cycles, so every cycle comes round every day)."""
    room = max(MIN_GROUP, LOOP_SECONDS // seconds - max(_count(fixed, s) for s in SHAPES))
    groups: list[list[Slide]] = [[]]

    def counts(g):
        return [_count(g, s) for s in SHAPES]

    for own in homes:
        if groups[-1] and max(a + b for a, b in zip(counts(groups[-1]), counts(own))) > room:
            groups.append([])
        if max(counts(own)) <= room:
            groups[-1] += own
            continue
        for sl in own:
            if max(counts(groups[-1] + [sl])) > room:
                groups.append([])
            groups[-1].append(sl)
    groups = [g for g in groups if g]
    out = list(fixed)
    for k, g in enumerate(groups):
        out += [replace(sl, group=k) for sl in g]
    longest = max((max(counts(g)) for g in groups), default=0) + max(_count(fixed, s) for s in SHAPES)
    minutes = max(1, math.ceil(longest * seconds / 60))
    return out, len(groups), minutes


def county_slides(county: m.County, base: dict, words: dict,
                  per_home: dict[str, list[Slide]] | None = None) -> tuple[list[Slide], int, int]:
    """The county's loop: overview, county totals, the homes compared, then one cycle's
    share of the homes' slides (see `rotation`). `per_home`: each home's slides, already
    cut to SUMMARY_KINDS when they are too many (see `CountyScreen`)."""
    title = county.site.title
    cf = base["county_facts"]
    # The county's own figures travel in its slides: a template that read `homes` or
    # `county_facts` would make every home's screen depend on every record (build.py keys).
    fixed = [Slide("county", words["county_overview"], title, "",
                   items=[len(base["homes"]), cf["teams"], cf["members"]])]
    fixed += totals_slide(title, cf["totals"], words, since=cf["since"])
    fixed += homes_slides(county, base["homes"], words, cf["since"])
    if per_home is None:
        per_home = CountyScreen.of(county, base, words).per_home()
    homes = [per_home[hf.id] for hf in base["homes"]]
    return rotation(fixed, homes, county.site.screen.slide_seconds)


# ---------------------------------------------------------------- pages

def asset_version(county: m.County) -> str:
    """Hash of the screen's CSS and JS, appended to their URLs so a new build's browser
    never runs an old cached script with a new page (deterministic: no clock)."""
    h = hashlib.sha256()
    for d in reversed(render.template_dirs(Path(county.root))):
        for name in ("static/screen.css", "static/rota.js", "static/screen.js"):
            p = d / name
            if p.is_file():
                h.update(p.read_bytes())
    return h.hexdigest()[:10]


def screen_data(county: m.County, homes: list[HomeFacts], words: dict,
                groups: int = 0, cycle_minutes: int = 0) -> dict:
    s = county.site.screen
    return {"seconds": s.slide_seconds, "poll_seconds": POLL_SECONDS,
            "groups": groups, "cycle_minutes": cycle_minutes,
            "schedules": {hf.id: hf.schedule for hf in homes},
            "words": {"this_week": words["screen_this_week"]}}


MIN_HOME_SLIDES = 2     # every home's slides include its cover and its schedule


@dataclass
class HomeScreen:
    """A home's screen context, made when its page is rendered (or first read): a home
    left unchanged by an edit has its page reused, and its slides are never made."""
    county: m.County
    hf: HomeFacts
    words: dict
    since: object
    version: str

    def __call__(self) -> dict:
        return {"slides": home_slides(self.county, self.hf, self.words, self.since),
                "words": self.words, "screen": screen_data(self.county, [self.hf], self.words),
                "asset_version": self.version}

    def deps(self) -> tuple:
        """Everything `__call__` reads (the page key hashes these instead of the slides)."""
        return ("home-screen", facts.HomeFiles(self.hf.id), self.hf, self.since, self.words,
                self.county.year, self.county.site.screen, self.version)


@dataclass
class CountyScreen:
    """The county screen's context. Which slides of each home it carries depends on how
    many the homes have together (COUNTY_FULL_LIMIT): `counts` holds the homes' counts the
    build already knows (incremental.SlideCounts, keyed by each home screen's page key),
    so that deciding needs no home's slides made again; a city's screen, where even two
    slides a home are too many, needs no count at all."""
    county: m.County
    base: dict
    words: dict
    version: str
    homes: dict                      # home id -> its own screen Page
    counts: dict = field(default_factory=dict)   # home id -> number of its slides
    # (mode, home id) -> that home's slides as pieces read back (incremental.KeptSlides)
    kept: dict = field(default_factory=dict)
    # home id -> its slides as this build rendered them (render's `slide_html` fills it)
    rendered: dict = field(default_factory=dict)
    mode: str = ""                   # "full" or "summary", once decided
    # home id -> the homes whose records making its slides read (model.noting_reads)
    made_reads: dict = field(default_factory=dict)
    captures = True                  # rendered in the build's own process: `rendered` is read

    @classmethod
    def of(cls, county: m.County, base: dict, words: dict, version: str = "") -> "CountyScreen":
        since = base["county_facts"]["since"]
        return cls(county, base, words, version, {
            hf.id: home_screen_page(county, hf, words, since, version) for hf in base["homes"]})

    def count(self, hid: str) -> int:
        page = self.homes[hid]
        if not page.made and hid in self.counts:
            return self.counts[hid]
        return len(page.context["slides"])

    def full(self) -> bool:
        """Whether every home's slides fit. Unless the homes are surely too many, that
        follows from every home's slides, so from every home's records (noted)."""
        if len(self.homes) * MIN_HOME_SLIDES > COUNTY_FULL_LIMIT:
            return False
        for hid in self.homes:
            m.note_read(hid)
        return sum(self.count(hid) for hid in self.homes) <= COUNTY_FULL_LIMIT

    def per_home(self) -> dict[str, list]:
        """Each home's slides on the county screen: its pieces where they were kept under
        its home screen's key (the same inputs, so the same slides), else made. The
        records read are noted for the page (model.noting_reads): those the pieces read
        when they were made, those read making the slides now (and, for slides of a home
        screen made before, that home's)."""
        self.mode = mode = "full" if self.full() else "summary"
        since = self.base["county_facts"]["since"]
        out: dict[str, list] = {}
        for hf in self.base["homes"]:
            hid = hf.id
            page = self.homes[hid]
            if (mode, hid) in self.kept:
                out[hid] = self.kept[(mode, hid)]
                for piece in out[hid]:
                    for read in piece.reads:
                        m.note_read(read)
                continue
            with m.noting_reads() as made:
                if mode == "full":
                    out[hid] = page.context["slides"]
                elif page.made:
                    m.note_read(hid)
                    out[hid] = [sl for sl in page.context["slides"] if sl.kind in SUMMARY_KINDS]
                else:
                    out[hid] = summary_slides(self.county, hf, self.words, since)
            self.made_reads[hid] = made
        return out

    def __call__(self) -> dict:
        slides, groups, minutes = county_slides(self.county, self.base, self.words, self.per_home())
        return {"slides": slides, "words": self.words,
                "screen": screen_data(self.county, self.base["homes"], self.words, groups, minutes),
                "asset_version": self.version, "capture": self.rendered}


def home_screen_page(county: m.County, hf: HomeFacts, words: dict, since, version: str) -> Page:
    make = HomeScreen(county, hf, words, since, version)
    return Page(f"screen/{hf.id}/index.html", "screen/show.html",
                title=f"{words['screen']} · {hf.name}", make=make, deps=make.deps())


def plan_screens(county: m.County, base: dict) -> list[Page]:
    """`screen/index.html` (the county, rotating through the homes) and
    `screen/<home>/index.html`, rendered by `templates/screen/show.html`. Their slides are
    made only for the pages that are rendered (see `HomeScreen`, `CountyScreen`)."""
    words = base["labels"]
    screens = CountyScreen.of(county, base, words, asset_version(county))
    # the county's slides follow from the files outside homes/ (the site, the supervision)
    # and the homes' summaries; the records its slides read are noted as it renders
    # (CountyScreen.per_home, and every one when its mode follows from every home's slides)
    county_page = Page("screen/index.html", "screen/show.html",
                       title=f"{words['screen']} · {county.site.title}", make=screens,
                       deps=("county-screen", facts.CountyFiles(), base["homes"], words,
                             screens.version))
    return [county_page, *screens.homes.values()]
