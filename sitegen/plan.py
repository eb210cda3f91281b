"""Plan stage: the typed county → the list of pages to render, each with its context.

Planning decides *what* exists at which stable address (the output layout of the
contract); rendering only fills templates. Keeping the two apart is what lets a build
re-render just the pages whose inputs changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import charts, facts, vocab
from . import model as m
from .i18n import LABELS, date_text, fill, strong


@dataclass
class Page:
    path: str                  # output path, e.g. homes/x/style/index.html
    template: str
    context: dict = field(default_factory=dict)
    title: str = ""


def labels_for(county: m.County, lang: str = "zh") -> dict:
    words = dict(LABELS[lang])
    words.update(county.site.labels)
    return words


def team_namer(labels: dict):
    """Display name of a team from the `team_name` label (default `{village}驻村工作队`)."""
    form = labels["team_name"]
    return lambda team: form.replace("{village}", team.team.village)


@dataclass
class TeamFacts:
    record: m.TeamRecord
    plan: m.PlanRecord | None            # the displayed year's plan
    progress: list[facts.Progress]
    name: str = ""

    @property
    def all_plans(self) -> list[tuple[int, m.PlanRecord, list[facts.Progress]]]:
        """Every year's plan with its target progress, newest year first (team page)."""
        return [(y, p, [facts.progress(t) for t in p.plan.targets])
                for y, p in sorted(self.record.plans.items(), reverse=True)]


@dataclass
class HomeFacts:
    record: m.HomeRecord
    teams: list[TeamFacts]
    totals: list[facts.Total]
    ranking: list
    honors: list                         # [(level, [HonorEntry])]
    honor_counts: dict
    schedule: dict
    member_count: int


def home_facts(county: m.County, home: m.HomeRecord, labels: dict | None = None,
               year: int | None = None) -> HomeFacts:
    """The home's figures for `year` (default: the county's displayed year)."""
    labels = labels or labels_for(county)
    name = team_namer(labels)
    year = county.year if year is None else year
    teams = []
    for team in home.teams.values():
        plan = team.plans.get(year)
        progs = [facts.progress(t) for t in plan.plan.targets] if plan else []
        teams.append(TeamFacts(team, plan, progs, name(team)))
    honors = facts.by_level(facts.home_honors(home, name, labels["recipient_in_team"]))
    return HomeFacts(
        record=home, teams=teams,
        totals=facts.activity_totals(home.activities, facts.since_date(county)),
        ranking=facts.ranking(list(home.teams.values()), year),
        honors=honors, honor_counts={lvl: len(items) for lvl, items in honors},
        schedule=facts.schedule_data(home, name),
        member_count=sum(len(t.team.members) for t in home.teams.values()),
    )


def county_facts(county: m.County, homes: list[HomeFacts]) -> dict:
    sup = county.supervision
    since = facts.since_date(county)
    checks_by_home = {}
    for c in sup.checks:
        if since is None or c.date >= since:
            tally = checks_by_home.setdefault(c.home, dict.fromkeys(vocab.CHECK_KIND, 0))
            tally[c.kind] += 1
    counted = [c for c in sup.checks if since is None or c.date >= since]
    return {
        "since": since,
        "totals": facts.activity_totals(facts.county_activities(county), since),
        "checks": {k: sum(c.kind == k for c in counted) for k in vocab.CHECK_KIND},
        "checks_total": len(counted),
        "checks_by_home": checks_by_home,
        "bulletins": sorted(sup.bulletins, key=lambda b: (b.date, b.title), reverse=True),
        "bulletins_since": sum(1 for b in sup.bulletins if since is None or b.date >= since),
        "ratings": sorted(sup.ratings, key=lambda r: (-r.year, r.home)),
        "grades": _grades(sup.ratings),
        "rating_years": sorted({r.year for r in sup.ratings}, reverse=True),
        "teams": sum(len(h.teams) for h in homes),
        "members": sum(h.member_count for h in homes),
    }


def _grades(ratings) -> dict[tuple[str, int], list[str]]:
    """(home, year) → grades, in record order: the county table looks each cell up
    instead of filtering every rating for every cell (quadratic in homes)."""
    grades: dict[tuple[str, int], list[str]] = {}
    for r in ratings:
        grades.setdefault((r.home, r.year), []).append(r.grade)
    return grades


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
    from . import screen  # lobby slideshows (issue 5); imported here: screen imports plan
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
