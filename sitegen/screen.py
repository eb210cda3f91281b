"""Lobby screens: the slides of each home's slideshow and of the county's.

A lobby TV runs for weeks with nobody touching it, at 1920×1080, 3840×2160 or 1080×1920
(portrait). The rule that makes every slide legible there:

    **All text is at least 2.5 % of the screen's shorter side** (27 px on a 1080-line
    screen, 54 px at 4K; the page sets `1rem = 1vmin`, and the smallest type is 2.6rem).

Type is never shrunk to make content fit. Instead, content that would not fit one slide
is *paged* over several slides here, at build time. Capacities are estimated
conservatively in `vmin` units for the worst of both orientations: a landscape slide is
about 76 vmin high and 172 vmin wide, a portrait one about 150 vmin high and 94 vmin
wide, so every packing below checks the landscape height and the portrait width. Text
length is counted (a CJK character is one em wide, Latin about half), so long names and
titles take more room and push items onto the next slide. The browser tests check the
result at all three resolutions (tests/test_screen_browser.py).

Everything date-dependent (clock, today's date, the next forum and review with the duty
team) is computed in the browser from data embedded here, so the output of a build stays
byte-identical and a screen stays right for weeks without a rebuild.
"""
from __future__ import annotations

import hashlib
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import facts
from . import model as m
from . import render
from .plan import HomeFacts, Page

# Interface words used only on screens; site.yaml `labels` overrides them like any other.

# ---------------------------------------------------------------- capacities (vmin units)
# The content box of a slide under its heading. Landscape is the binding height,
# portrait the binding width (see the module docstring).
LAND_H = 70.0          # landscape height budget under the slide heading (76 available)
LAND_W = 168.0
PORT_H = 140.0         # portrait height budget under the slide heading (~150 available)
PORT_W = 90.0
MEMBERS_PER_SLIDE = 5  # one row in landscape, 3 + 2 in portrait
RANK_ROW = 8.5         # one line of the ranking table
TOTALS_PER_SLIDE = 9   # 3 × 3 tiles (there are nine activity kinds)
PHOTO_SIZES = [("l", 40.0), ("m", 32.0), ("s", 24.0)]   # photo heights, vmin
POLL_SECONDS = 300     # how often a screen asks for version.json


def text_width(text: str | None) -> float:
    """Width of `text` in ems: CJK and full-width characters 1, others about 0.55."""
    if not text:
        return 0.0
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def lines(text: str | None, width_vmin: float, font_vmin: float) -> int:
    """Lines `text` takes in a box `width_vmin` wide at `font_vmin` type (at least 1)."""
    per_line = max(1.0, math.floor(width_vmin / font_vmin))
    return max(1, math.ceil(text_width(text) / per_line))


@dataclass
class Slide:
    kind: str                      # title | county | style | ranking | targets | measures | totals | honors | schedule
    board: str                     # the big word of the heading (风采栏 …)
    where: str                     # shown in the screen's header: the home (or the county)
    sub: str = ""                  # second part of the heading (a team …)
    home: HomeFacts | None = None
    team: object = None            # plan.TeamFacts
    items: list = field(default_factory=list)
    part: int = 1
    parts: int = 1
    photo: str = "m"               # style board: photo size class (l, m, s)
    start: int = 1                 # number of the first item (lists continued over slides)
    cost: float = 0.0              # estimated height (landscape, vmin): for tests and tuning
    since: object = None           # totals: the date counting starts from


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


# ---------------------------------------------------------------- per board

def _heading_lines(board: str, sub: str) -> int:
    return lines(board + "  " + sub, PORT_W, 4.6)


def style_slides(hf: HomeFacts, words: dict) -> list[Slide]:
    """One team per slide (its own board), members paged evenly, at most five a slide."""
    out = []
    where = hf.record.home.name
    for tf in hf.teams:
        t = tf.record.team
        header = 6.0 + 4.0 * lines(f"{words['unit']}：{t.unit} · {words['term']}：0000年00月—0000年00月",
                                   PORT_W, 3.0)
        if t.motto:
            header += 4.5 * lines(t.motto, PORT_W - 4, 3.4) + 1.5
        slides = []
        for chunk in split_even(list(t.members), MEMBERS_PER_SLIDE):
            rows = math.ceil(len(chunk) / 3)          # portrait: three cards a row
            for size, photo in PHOTO_SIZES:      # the largest photos that fit both ways
                card = max(_card_height(mem, t, photo) for mem in chunk)
                if header + card <= LAND_H and header + rows * (card + 2.4) <= PORT_H:
                    break
            slides.append(Slide("style", words["style_board"], where, tf.name, hf, tf, chunk,
                                photo=size, cost=header + card))
        out += _parts(slides)
    return out


def _card_height(mem: m.Member, team: m.Team, photo: float) -> float:
    """A member card in portrait (3 per row, ~28 vmin wide): photo, name, role, unit."""
    inner = 25.0
    h = photo + 2.0 + 5.8 * lines(mem.name, inner, 4.4) + 3.8 * lines(mem.role, inner, 2.8)
    if mem.unit and mem.unit != team.unit:
        h += 3.8 * lines(mem.unit, inner, 2.8)
    return h + 4.0


def ranking_slides(hf: HomeFacts, words: dict, year: int) -> list[Slide]:
    rows = list(hf.ranking)
    if not rows or not any(s.total for _, s in rows):
        return []

    names = {t.record.id: t.name for t in hf.teams}

    def height(chunk, width):     # rank, figures and bar take ~45 vmin of the width
        return 6.0 + sum(RANK_ROW + 4.6 * (lines(names[r[1].team.id], width - 45, 3.4) - 1)
                         for r in chunk)

    chunks = pack(rows, lambda c: height(c, LAND_W) <= LAND_H and height(c, PORT_W) <= PORT_H)
    return _parts([Slide("ranking", words["results_board"], hf.record.home.name,
                         f"{year}年 {words['ranking']}", hf, None, c,
                         cost=height(c, LAND_W)) for c in chunks])


def _target_height(p: facts.Progress, width: float) -> float:
    name = p.target.name + ("（越少越好）" if p.target.direction == "down" else "")
    return 4.6 * lines(name, width - 20, 3.4) + 8.0


def _group_height(tf, width: float) -> float:
    return 6.0 * lines(tf.name, width, 4.0) + 1.5


def target_slides(hf: HomeFacts, words: dict, year: int) -> list[Slide]:
    """Targets of all teams, grouped by team; small plans share a slide, long ones are
    continued on the next (the team's name repeats above the continued part)."""
    entries = [(tf, p) for tf in hf.teams if tf.plan for p in tf.progress]
    if not entries:
        return []

    def height(chunk, width):
        teams = {id(tf): tf for tf, _p in chunk}
        return (sum(_group_height(tf, width) for tf in teams.values())
                + sum(_target_height(p, width) for _tf, p in chunk))

    def fits(chunk):
        return height(chunk, LAND_W) <= LAND_H and height(chunk, PORT_W) <= PORT_H

    slides = []
    for chunk in pack(entries, fits):
        groups = []
        for tf, p in chunk:
            if not groups or groups[-1][0] is not tf:
                groups.append((tf, []))
            groups[-1][1].append(p)
        slides.append(Slide("targets", words["results_board"], hf.record.home.name,
                            f"{year}年 {words['targets']}", hf, None, groups,
                            cost=height(chunk, LAND_W)))
    return _parts(slides)


def measure_slides(hf: HomeFacts, words: dict, year: int) -> list[Slide]:
    out = []
    for tf in hf.teams:
        if not tf.plan or not tf.plan.plan.measures:
            continue

        def h(x, width):
            return 4.6 * lines(x, width - 8, 3.4) + 2.0

        chunks = pack(list(tf.plan.plan.measures),
                      lambda c: sum(h(x, LAND_W) for x in c) <= LAND_H and sum(h(x, PORT_W) for x in c) <= PORT_H)
        slides, start = [], 1
        for c in chunks:
            slides.append(Slide("measures", words["results_board"], hf.record.home.name,
                                f"{tf.name} · {year}年{words['measures']}", hf, tf, c,
                                start=start, cost=sum(h(x, LAND_W) for x in c)))
            start += len(c)
        out += _parts(slides)
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
    return (3.0 + 5.0 * lines("一二三四" + e.honor.title, inner, 3.8) + 4.2 * lines(e.recipient, inner, 3.0)
            + 3.9 * lines(meta, inner, 2.8) + 2.4)


def honor_slides(hf: HomeFacts, words: dict) -> list[Slide]:
    entries = [e for _lvl, items in hf.honors for e in items]
    if not entries:
        return []
    col_w = (LAND_W - 3) / 2       # landscape: two columns; portrait: one

    def fits(chunk):
        land = sum(max(_honor_height(e, col_w) for e in chunk[i:i + 2])
                   for i in range(0, len(chunk), 2))
        port = sum(_honor_height(e, PORT_W) for e in chunk)
        return land <= LAND_H and port <= PORT_H

    chunks = pack(entries, fits)
    return _parts([Slide("honors", words["honor_wall"], hf.record.home.name, "", hf, None, c,
                         cost=sum(max(_honor_height(e, col_w) for e in c[i:i + 2])
                                  for i in range(0, len(c), 2))) for c in chunks])


def home_slides(county: m.County, hf: HomeFacts, words: dict, since=None) -> list[Slide]:
    year = county.year
    where = hf.record.home.name
    slides = [Slide("title", words["home"], where, "", hf)]
    slides += style_slides(hf, words)
    slides += ranking_slides(hf, words, year)
    slides += target_slides(hf, words, year)
    slides += measure_slides(hf, words, year)
    slides += totals_slide(where, hf.totals, words, hf, since or facts.since_date(county))
    slides += honor_slides(hf, words)
    slides.append(Slide("schedule", words["screen_schedule"], where, "", hf))
    return slides


# Beyond this many slides (about 2.5 hours a round at 15 s) the county screen shows each
# home's summary (cover, ranking, activity totals) instead of every slide of every home:
# a city or province folder would otherwise put tens of thousands of slides in one page.
COUNTY_FULL_LIMIT = 600
SUMMARY_KINDS = ("title", "ranking", "totals")


def county_slides(county: m.County, base: dict, words: dict,
                  per_home: dict[str, list[Slide]] | None = None) -> list[Slide]:
    title = county.site.title
    cf = base["county_facts"]
    # The county's own figures travel in its slides: a template that read `homes` or
    # `county_facts` would make every home's screen depend on every record (build.py keys).
    slides = [Slide("county", words["county_overview"], title, "",
                    items=[len(base["homes"]), cf["teams"], cf["members"]])]
    slides += totals_slide(title, cf["totals"], words, since=cf["since"])
    if per_home is None:
        per_home = {hf.record.id: home_slides(county, hf, words, cf["since"])
                    for hf in base["homes"]}
    full = sum(len(v) for v in per_home.values()) <= COUNTY_FULL_LIMIT
    for hf in base["homes"]:
        own = per_home[hf.record.id]
        slides += own if full else [sl for sl in own if sl.kind in SUMMARY_KINDS]
    return slides


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


def screen_data(county: m.County, homes: list[HomeFacts], words: dict) -> dict:
    s = county.site.screen
    return {"seconds": s.slide_seconds, "poll_seconds": POLL_SECONDS,
            "schedules": {hf.record.id: hf.schedule for hf in homes},
            "words": {"this_week": words["screen_this_week"]}}


def plan_screens(county: m.County, base: dict) -> list[Page]:
    """`screen/index.html` (the county, rotating through every home) and
    `screen/<home>/index.html`, rendered by `templates/screen/show.html`."""
    words = base["labels"]
    version = asset_version(county)
    since = base["county_facts"]["since"]
    per_home = {hf.record.id: home_slides(county, hf, words, since) for hf in base["homes"]}
    pages = [Page("screen/index.html", "screen/show.html",
                  {"slides": county_slides(county, base, words, per_home), "words": words,
                   "screen": screen_data(county, base["homes"], words), "asset_version": version},
                  f"{words['screen']} · {county.site.title}")]
    for hf in base["homes"]:
        pages.append(Page(f"screen/{hf.record.id}/index.html", "screen/show.html",
                          {"slides": per_home[hf.record.id], "words": words,
                           "screen": screen_data(county, [hf], words), "asset_version": version},
                          f"{words['screen']} · {hf.record.home.name}"))
    return pages
