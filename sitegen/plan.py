"""Plan stage: the typed county → the list of pages to render, each with its context.

Planning decides *what* exists at which stable address (the output layout of the
contract); rendering only fills templates. Keeping the two apart is what lets a build
re-render just the pages whose inputs changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import charts, facts, vocab
from . import model as m
from .facts import HomeFacts, TeamFacts, county_facts, home_facts, team_namer  # noqa: F401
from .i18n import LABELS, date_text, fill, strong
from .render import Page
from . import screen


def labels_for(county: m.County, lang: str = "zh") -> dict:
    words = dict(LABELS[lang])
    words.update(county.site.labels)
    return words


def plan_site(county: m.County, lang: str = "zh") -> tuple[list[Page], dict]:
    """All HTML pages of the site, and the shared context every template receives.

    Planned from the homes' summaries (facts.HomeSummary): a home page's context is made
    only when the page is rendered (`HomeContext`), and its key hashes what it is made
    from, so a home left unchanged by an edit has its records never read."""
    labels = labels_for(county, lang)
    year, since = county.year, facts.since_date(county)
    homes = [home_facts(county, s, labels, year, since) for s in county.homes.summaries()]
    base = {"site": county.site, "county": county, "labels": labels,
            "year": year, "homes": homes,
            # level/check words follow the labels (level_*, check_*), so overrides and --lang reach
            # every template that still reads these two tables (screen, posters)
            "level_words": {k: labels[vocab.LEVEL.label + k] for k in vocab.LEVEL.order},
            "check_words": {k: labels[vocab.CHECK_KIND.label + k] for k in vocab.CHECK_KIND},
            "lang": lang, "charts": charts,
            "fill": fill, "strong": strong, "date_text": date_text}
    base["county_facts"] = county_facts(county, homes)
    base["county_facts"]["bulletin_paths"] = [
        bulletin_path(i, b) for i, b in enumerate(base["county_facts"]["bulletins"])]
    pages = [Page("index.html", "county.html", {}, county.site.title)]
    for i, bulletin in enumerate(base["county_facts"]["bulletins"]):
        pages.append(Page(bulletin_path(i, bulletin), "bulletin.html",
                          {"bulletin": bulletin}, bulletin.title))
    team_name = labels["team_name"]
    for hf in homes:
        hid, name = hf.id, hf.name
        years = results_years(county, hf.summary)
        results = {"years": years, "board_year": year}
        pages += [
            _home_page(f"homes/{hid}/index.html", "home.html", hf, name),
            _home_page(f"homes/{hid}/style/index.html", "style.html", hf, name),
            _home_page(f"homes/{hid}/results/index.html", "results.html", hf, name, results),
            _home_page(f"homes/{hid}/honors/index.html", "honors.html", hf, name),
        ]
        # One results board per year at results/<year>/; results/ stays the displayed year.
        for y in years:
            yf = hf if y == year else home_facts(county, hf.summary, labels, y, since)
            pages.append(_home_page(f"homes/{hid}/results/{y}/index.html", "results.html",
                                    yf, name, {"board_year": y, "years": years}, home=hf))
        for team in hf.summary.teams:
            pages.append(_home_page(f"homes/{hid}/teams/{team.id}/index.html", "team.html", hf,
                                    team_name.replace("{village}", team.village),
                                    {"years": years}, team=team.id))
    pages += screen.plan_screens(county, base)
    return pages, base


@dataclass
class HomeContext:
    """A home page's context, made when the page is rendered (render.Page's `make`):
    `hf` for the board's year, `home` (the record of `of`, the displayed year's facts),
    `tf` on a team page, and the plain values in `extra`."""
    hf: HomeFacts
    of: HomeFacts
    extra: dict
    team: str | None = None

    def __call__(self) -> dict:
        ctx = {"hf": self.hf, "home": self.of.record, **self.extra}
        if self.team is not None:
            ctx["tf"] = next(tf for tf in self.of.teams if tf.record.id == self.team)
        return ctx

    def deps(self) -> tuple:
        """What `__call__` makes its context from: the key of the page hashes these (the
        facts by their summary, the year and the start of totals; the record, which the
        page shows whole, by every file of the home)."""
        return ("home-page", facts.HomeFiles(self.of.id), self.hf, self.of, self.team, self.extra)


def _home_page(path: str, template: str, hf: HomeFacts, title: str, extra: dict | None = None,
               *, home: HomeFacts | None = None, team: str | None = None) -> Page:
    make = HomeContext(hf, home or hf, extra or {}, team)
    return Page(path, template, title=title, make=make, deps=make.deps())


def results_years(county: m.County, home: facts.HomeSummary) -> list[int]:
    """Years that get a results board of their own, newest first: every year a team of
    the home has a plan for, and the county's displayed year (so the switcher always
    offers the year that `results/` shows)."""
    return sorted({county.year, *home.years}, reverse=True)


def bulletin_path(index: int, bulletin: m.Bulletin) -> str:
    return f"bulletins/{bulletin.date.isoformat()}-{index + 1}/index.html"


def search_entries(county: m.County, labels: dict | None = None) -> list[dict]:
    """Rows of the static search index: what a visitor may look for, and where it is
    (from the homes' summaries: no record is read)."""
    form = (labels or labels_for(county))["team_name"]
    rows = []
    for home in county.homes.summaries():
        rows.append({"t": home.name, "s": home.township, "u": f"homes/{home.id}/index.html",
                     "k": "home"})
        for team in home.teams:
            tpath = f"homes/{home.id}/teams/{team.id}/index.html"
            rows.append({"t": form.replace("{village}", team.village),
                         "s": f"{team.unit} · {home.township}", "u": tpath, "k": "team"})
            for name, role, unit in team.members:
                rows.append({"t": name, "s": f"{role} · {unit or team.unit} · {team.village}",
                             "u": tpath, "k": "member"})
    return rows


# ------------------------------------------------------------------ posters

BOARDS = ("style", "results", "honors", "rules")


def poster_path(home_id: str, board: str, size: str) -> str:
    return f"homes/{home_id}/posters/{board}-{size}.pdf"


def board_has_content(home: m.HomeRecord, board: str, year: int | None = None) -> bool:
    """Whether a board has anything to show: a board without content gets no poster, and
    the home page then says so instead of linking to a missing file."""
    teams = list(home.teams.values())
    if board == "style":
        return bool(teams)
    if board == "results":
        return bool(teams) or bool(home.activities)
    if board == "honors":
        return bool(home.honors) or any(t.honors for t in teams)
    if board == "rules":
        return bool(home.home.rules)
    return False


def boards_of(home: m.HomeRecord) -> list[str]:
    """Boards a home has (see `board_has_content`)."""
    return [b for b in BOARDS if board_has_content(home, b)]


def poster_outputs(county: m.County, size: str | None = None,
                   homes: list[str] | None = None) -> list[tuple[str, str, str]]:
    """Every poster of the site as (home, board, output path): one per home and board
    with something to show, at the site's sheet size (or `size`). The poster stage
    (posters.py) makes them; the home page links exactly these."""
    size = size or county.site.poster.size
    return [(hid, board, poster_path(hid, board, size))
            for hid in county.homes if not homes or hid in homes     # (only these are read)
            for board in boards_of(county.homes[hid])]


def is_poster_of(rel: str, homes) -> bool:
    """Is output path `rel` a poster of one of `homes`?"""
    parts = rel.split("/")
    return len(parts) == 4 and parts[0] == "homes" and parts[2] == "posters" and \
        parts[3].endswith(".pdf") and parts[1] in homes
