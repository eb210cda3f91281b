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
    """All HTML pages of the site, and the shared context every template receives."""
    labels = labels_for(county, lang)
    homes = [home_facts(county, h, labels) for h in county.homes.values()]
    base = {"site": county.site, "county": county, "labels": labels,
            "year": county.year, "homes": homes,
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
    for hf in homes:
        hid = hf.record.id
        ctx = {"hf": hf, "home": hf.record}
        years = results_years(county, hf.record)
        pages += [
            Page(f"homes/{hid}/index.html", "home.html", ctx, hf.record.home.name),
            Page(f"homes/{hid}/style/index.html", "style.html", ctx, hf.record.home.name),
            Page(f"homes/{hid}/results/index.html", "results.html",
                 {**ctx, "years": years, "board_year": county.year}, hf.record.home.name),
            Page(f"homes/{hid}/honors/index.html", "honors.html", ctx, hf.record.home.name),
        ]
        # One results board per year at results/<year>/; results/ stays the displayed year.
        for y in years:
            yf = hf if y == county.year else home_facts(county, hf.record, labels, y)
            pages.append(Page(f"homes/{hid}/results/{y}/index.html", "results.html",
                              {"hf": yf, "home": hf.record, "board_year": y, "years": years}, hf.record.home.name))
        for tf in hf.teams:
            pages.append(Page(f"homes/{hid}/teams/{tf.record.id}/index.html", "team.html",
                              {**ctx, "tf": tf, "years": years}, tf.name))
    pages += screen.plan_screens(county, base)
    return pages, base


def results_years(county: m.County, home: m.HomeRecord) -> list[int]:
    """Years that get a results board of their own, newest first: every year a team of
    the home has a plan for, and the county's displayed year (so the switcher always
    offers the year that `results/` shows)."""
    years = {county.year}
    for team in home.teams.values():
        years.update(team.plans)
    return sorted(years, reverse=True)


def bulletin_path(index: int, bulletin: m.Bulletin) -> str:
    return f"bulletins/{bulletin.date.isoformat()}-{index + 1}/index.html"


def search_entries(county: m.County, labels: dict | None = None) -> list[dict]:
    """Rows of the static search index: what a visitor may look for, and where it is."""
    name = team_namer(labels or labels_for(county))
    rows = []
    for home in county.homes.values():
        rows.append({"t": home.home.name, "s": home.home.township, "u": f"homes/{home.id}/index.html",
                     "k": "home"})
        for team in home.teams.values():
            tpath = f"homes/{home.id}/teams/{team.id}/index.html"
            rows.append({"t": name(team),
                         "s": f"{team.team.unit} · {home.home.township}", "u": tpath, "k": "team"})
            for member in team.team.members:
                rows.append({"t": member.name,
                             "s": f"{member.role} · {member.unit or team.team.unit} · {team.team.village}",
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
            for hid, home in county.homes.items() if not homes or hid in homes
            for board in boards_of(home)]


def is_poster_of(rel: str, homes) -> bool:
    """Is output path `rel` a poster of one of `homes`?"""
    parts = rel.split("/")
    return len(parts) == 4 and parts[0] == "homes" and parts[2] == "posters" and \
        parts[3].endswith(".pdf") and parts[1] in homes
