"""Figures computed from the records: totals, target progress, rankings, honor groups.

The report's figures ("115 themed forums since 2023") must be *counted* from activity
records, never typed in, so that the boards stay true as records are added. Everything
here is a pure function of the model, which keeps builds deterministic.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from functools import cached_property

from . import model as m
from . import vocab
from .i18n import LABELS

def since_date(county: m.County) -> dt.date | None:
    """Start of activity totals: site.since, else the earliest activity."""
    if county.site.since:
        return county.site.since
    dates = [s.first for s in county.homes.summaries() if s.first is not None]
    return min(dates) if dates else None


@dataclass(frozen=True)
class Total:
    kind: str
    words: str
    unit: str
    count: int


def activity_totals(activities, since: dt.date | None) -> list[Total]:
    """Counts by kind since `since`, in the report's order (vocab.KIND.order); kinds with no
    records left out. `words` and `unit` are the zh labels; pages read the labels in use."""
    counts = {k: 0 for k in vocab.KIND.order}
    for a in activities:            # records, or (date, kind) pairs of a summary
        date, kind = (a.date, a.kind) if isinstance(a, m.Activity) else a
        if since is None or date >= since:
            counts[kind] += 1
    zh = LABELS["zh"]
    return [Total(k, zh[vocab.KIND.label + k], zh[vocab.KIND_UNIT_LABEL + k], counts[k])
            for k in vocab.KIND.order if counts[k]]


def county_totals(county: m.County, since: dt.date | None) -> list[Total]:
    """Every home's activities counted by kind since `since` (from the homes' summaries)."""
    return activity_totals([a for s in county.homes.summaries() for a in s.activities], since)


# ------------------------------------------------------------------ targets

MAX_PERCENT = 1e6   # beyond a million percent a share says nothing; the page shows "—"

@dataclass(frozen=True)
class Progress:
    target: m.Target
    status: str            # met | not_met | not_reported
    percent: float | None  # share of the way from baseline to target (may exceed 100 or be < 0)

    @property
    def bar(self) -> float:
        """Width of a progress bar in percent, clamped to 0–100 (full for a met target
        whose share is too large to print)."""
        if self.percent is None:
            return 100.0 if self.status == "met" else 0.0
        return max(0.0, min(100.0, self.percent))


def progress(t: m.Target) -> Progress:
    """Progress of one target. `direction: down` means less is better (e.g. at-risk households).

    With a baseline, percent is the share of the distance from baseline to target that
    has been covered; without one, actual/target (up) or target/actual (down).
    """
    if t.actual is None:
        return Progress(t, "not_reported", None)
    up = t.direction == "up"
    met = t.actual >= t.target if up else t.actual <= t.target
    if t.baseline is not None and t.baseline != t.target:
        pct = (t.actual - t.baseline) / (t.target - t.baseline) * 100
    elif up:
        pct = t.actual / t.target * 100 if t.target else (100.0 if t.actual >= 0 else 0.0)
    else:
        pct = t.target / t.actual * 100 if t.actual else 100.0
    if not math.isfinite(pct) or abs(pct) >= MAX_PERCENT:
        # a target such as 1e-300 divides into infinity: no share worth printing ("inf%")
        return Progress(t, "met" if met else "not_met", None)
    return Progress(t, "met" if met else "not_met", round(pct, 1))


@dataclass(frozen=True)
class TeamScore:
    team: m.TeamRecord | TeamSummary      # (a summary where the ranking is made from one)
    met: int
    total: int
    reported: int

    @property
    def share(self) -> float:
        return self.met / self.total if self.total else 0.0


def ranking(teams: list[m.TeamRecord], year: int) -> list[tuple[int, TeamScore]]:
    """Teams ranked by share of the year's targets met; ties share a rank.

    Ties are ordered stably by number met, then by the home's own team order, so the
    same records always give the same board.
    """
    return ranked([TeamScore(team, *score_of(team.plans.get(year))) for team in teams])


def score_of(plan: m.PlanRecord | None) -> tuple[int, int, int]:
    """(targets met, targets, targets reported) of one team's plan for a year."""
    progs = [progress(t) for t in plan.plan.targets] if plan else []
    return (sum(p.status == "met" for p in progs), len(progs),
            sum(p.status != "not_reported" for p in progs))


def ranked(scores: list[TeamScore]) -> list[tuple[int, TeamScore]]:
    """`ranking`'s order and ranks, for scores in the home's team order."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i].share, -scores[i].met, i))
    return with_ranks([scores[i] for i in order], lambda s: (s.share, s.met))


def summary_ranking(summary: HomeSummary, year: int) -> list[tuple[int, TeamScore]]:
    """`ranking` made from a home's summary: the same ranks and figures, each score's
    `team` the team's summary (its id, village, unit)."""
    return ranked([TeamScore(t, *next(((met, n, rep) for y, met, n, rep in t.scores if y == year),
                                      (0, 0, 0))) for t in summary.teams])


def with_ranks(ordered: list, tie) -> list[tuple[int, object]]:
    """(rank, item) for items already in board order; items whose `tie(item)` is equal share
    a rank and the next rank skips (1, 1, 3), as sports tables and the county's do."""
    out, rank, prev = [], 0, None
    for i, item in enumerate(ordered):
        key = tie(item)
        if i == 0 or key != prev:
            rank, prev = i + 1, key
        out.append((rank, item))
    return out


# ------------------------------------------------------------------ honors

@dataclass(frozen=True)
class HonorEntry:
    honor: m.Honor
    recipient: str          # who, in words
    team: m.TeamRecord | None
    source_rel: str         # file that records it (for image paths)


def default_team_name(team: m.TeamRecord) -> str:
    """A team's display name when no labels are at hand (plan.team_namer uses the labels)."""
    return LABELS["zh"]["team_name"].replace("{village}", team.team.village)


def home_honors(home: m.HomeRecord, name=default_team_name,
                in_team: str = LABELS["zh"]["recipient_in_team"]) -> list[HonorEntry]:
    entries = [HonorEntry(h, h.recipient or home.home.name, None, home.honors_rel or home.rel)
               for h in home.honors]
    for team in home.teams.values():
        for h in team.honors:
            who = name(team)
            if h.recipient:
                who = in_team.replace("{name}", h.recipient).replace("{team}", who)
            entries.append(HonorEntry(h, who, team, team.honors_rel or team.rel))
    return entries


def by_level(entries: list[HonorEntry]) -> list[tuple[str, list[HonorEntry]]]:
    """Grouped national first; newest first within a level; then by title for stability."""
    groups = []
    for level in vocab.LEVEL.order:
        items = [e for e in entries if e.honor.level == level]
        items.sort(key=lambda e: (tuple(-x for x in e.honor.date.key), e.honor.title, e.recipient))
        if items:
            groups.append((level, items))
    return groups


# ------------------------------------------------------------------ schedule

def schedule_data(home: m.HomeRecord, name=default_team_name) -> dict:
    """What the browser needs to compute the next forum and review from today's date.

    Kept as data (not a computed date) so that pages stay byte-identical between builds
    and lobby screens stay right for weeks without a rebuild. The duty team continues
    the rota from the last recorded monthly forum's host. The rule itself (4th week,
    quarter ends, rota arithmetic) has one definition, templates/static/rota.js, used by the
    home pages and the lobby screens and tested day by day in tests/test_schedule_browser.py.
    """
    rota = [t for t in home.home.duty_rota if t in home.teams]
    last = None
    for a in home.activities:
        if a.kind == "monthly_forum" and a.host_team in rota:
            last = a
    anchor = {"year": last.date.year, "month": last.date.month,
              "index": rota.index(last.host_team)} if last else None
    return {
        "rota": [{"id": t, "name": name(home.teams[t])} for t in rota],
        "anchor": anchor,
    }


# ------------------------------------------------------------------ per-home summaries

@dataclass(frozen=True)
class TeamSummary:
    id: str
    village: str
    unit: str
    members: tuple[tuple[str, str, str | None], ...]     # (name, role, unit)
    scores: tuple[tuple[int, int, int, int], ...] = ()  # (year, met, targets, reported): score_of


@dataclass(frozen=True)
class HomeSummary:
    """What the county-wide outputs read of a home, in plain values: the county page's
    table, the county screen (the homes compared, the schedules), the county's totals
    and the year it shows, the search index, the photos' sizes.

    It is kept in the cache beside the home's record, under the same key
    (incremental.HomeLoader), and read back for every home at once, so that an edit of
    one home loads that one home's records (model.Homes). Nothing here depends on the
    labels or on the year shown: those are applied by `HomeFacts`."""
    id: str
    name: str
    township: str
    teams: tuple[TeamSummary, ...]                # in display order
    years: tuple[int, ...]                        # every year a team has a plan for, ascending
    activities: tuple[tuple[dt.date, str], ...]   # (date, kind), in record order
    honor_counts: tuple[tuple[str, int], ...]     # (level, honors), in level order, none empty
    targets: tuple[tuple[int, int, int], ...]     # (year, targets met, targets), by year
    rota: tuple[str, ...]                         # the duty rota's teams (of this home)
    anchor: tuple[int, int, int] | None           # last rota forum: (year, month, rota index)
    photo_bounds: dict = field(default_factory=dict)   # = HomeRecord.photo_bounds
    contacts: tuple[tuple[str, str | None, str | None], ...] = ()   # (name, role, phone)

    @property
    def first(self) -> dt.date | None:
        return min((d for d, _k in self.activities), default=None)

    @property
    def digest(self) -> str:
        """A digest of every field (by their repr, which these plain values give whole),
        what a page key hashes of a home's facts (incremental.PageKeys). Made once, when
        the summary is (`summarize`), and kept with it, in the cache too: hashing 1,600
        summaries took a third of the page keys' time at 100 counties."""
        found = self.__dict__.get("_digest")
        if found is None:
            found = hashlib.sha256(repr(self).encode()).hexdigest()
            object.__setattr__(self, "_digest", found)
        return found


def summarize(home: m.HomeRecord) -> HomeSummary:
    teams = tuple(TeamSummary(t.id, t.team.village, t.team.unit,
                              tuple((x.name, x.role, x.unit) for x in t.team.members),
                              tuple((y, *score_of(p)) for y, p in sorted(t.plans.items())))
                  for t in home.teams.values())
    years = tuple(sorted({sc[0] for t in teams for sc in t.scores}))
    sched = schedule_data(home)
    anchor = sched["anchor"]
    # the home's targets of a year: its teams' scores of that year, added up
    targets = tuple((y, sum(sc[1] for t in teams for sc in t.scores if sc[0] == y),
                     sum(sc[2] for t in teams for sc in t.scores if sc[0] == y)) for y in years)
    summary = HomeSummary(
        id=home.id, name=home.home.name, township=home.home.township,
        teams=teams,
        years=years,
        activities=tuple((a.date, a.kind) for a in home.activities),
        honor_counts=tuple((level, len(items)) for level, items in by_level(home_honors(home))),
        targets=targets,
        rota=tuple(r["id"] for r in sched["rota"]),
        anchor=(anchor["year"], anchor["month"], anchor["index"]) if anchor else None,
        photo_bounds=dict(home.photo_bounds),
        contacts=tuple((c.name, c.role, c.phone) for c in home.home.contacts))
    summary.digest                       # (made now: kept with the summary in the cache)
    return summary


def summary_ok(s) -> bool:
    """A summary read back from the cache, of the exact shape `summarize` makes.

    Plain loops, not all() over generators: every build checks the 1,600 summaries of
    100 counties (59,000 activities), and the generators took twice as long (0.1 s)."""
    try:
        if not (type(s) is HomeSummary and type(s.id) is str and type(s.name) is str and
                type(s.township) is str and type(s.teams) is tuple and type(s.years) is tuple and
                type(s.activities) is tuple and type(s.honor_counts) is tuple and
                type(s.targets) is tuple and type(s.rota) is tuple and
                type(s.photo_bounds) is dict and type(s.contacts) is tuple and
                type(s.__dict__.get("_digest", "")) is str):
            return False
        for t in s.teams:
            if not (type(t) is TeamSummary and type(t.id) is str and type(t.village) is str and
                    type(t.unit) is str and type(t.members) is tuple and type(t.scores) is tuple):
                return False
            for x in t.members:
                if not (type(x) is tuple and len(x) == 3 and type(x[0]) is str and
                        type(x[1]) is str and (x[2] is None or type(x[2]) is str)):
                    return False
            for x in t.scores:
                if not (type(x) is tuple and len(x) == 4 and type(x[0]) is int and
                        type(x[1]) is int and type(x[2]) is int and type(x[3]) is int):
                    return False
        for y in s.years:
            if type(y) is not int:
                return False
        kinds, levels = vocab.KIND, vocab.LEVEL
        for a in s.activities:
            if not (type(a) is tuple and len(a) == 2 and type(a[0]) is dt.date and a[1] in kinds):
                return False
        for h in s.honor_counts:
            if not (type(h) is tuple and len(h) == 2 and h[0] in levels and type(h[1]) is int):
                return False
        for x in s.targets:
            if not (type(x) is tuple and len(x) == 3 and type(x[0]) is int and
                    type(x[1]) is int and type(x[2]) is int):
                return False
        teams = {t.id for t in s.teams}
        for r in s.rota:
            if r not in teams:
                return False
        a = s.anchor
        if a is not None and not (type(a) is tuple and len(a) == 3 and type(a[0]) is int and
                                  type(a[1]) is int and type(a[2]) is int):
            return False
        for k, v in s.photo_bounds.items():
            if type(k) is not str or type(v) is not int:
                return False
        for c in s.contacts:
            if not (type(c) is tuple and len(c) == 3 and type(c[0]) is str and
                    (c[1] is None or type(c[1]) is str) and (c[2] is None or type(c[2]) is str)):
                return False
        return True
    except (TypeError, AttributeError):
        return False


# ------------------------------------------------------------------ per-home facts (pipeline)
# What the plan stage and the lobby screens compute per home; here, not in plan.py, so that
# screen.py depends on the facts and not on the plan (no import cycle).

def team_namer(labels: dict):
    """Display name of a team from the `team_name` label (default: the village's work team)."""
    form = labels["team_name"]
    return lambda team: form.replace("{village}", team.team.village)


def _default_labels(county: m.County) -> dict:
    from .i18n import LABELS
    words = dict(LABELS["zh"])
    words.update(county.site.labels)
    return words


@dataclass(frozen=True)
class HomeFiles:
    """In a page's deps: every input file of home `id` (incremental.PageKeys keys it by
    the home's digest). A page of one home names it, since it shows that home's record
    whole: its key then changes with any of its files, as its slide counts and kept
    pieces rely on (incremental.SlideCounts, KeptSlides)."""
    id: str


@dataclass(frozen=True)
class CountyFiles:
    """In a page's deps: every file outside `homes/` (site.yaml, supervision.yaml), which
    PageKeys keys by their digest. What a county-wide page reads of the homes beyond the
    summaries it is given is noted as it renders (model.noting_reads)."""


@dataclass
class TeamFacts:
    record: m.TeamRecord
    plan: m.PlanRecord | None            # the displayed year's plan
    progress: list[Progress]
    name: str = ""

    @property
    def all_plans(self) -> list[tuple[int, m.PlanRecord, list[Progress]]]:
        """Every year's plan with its target progress, newest year first (team page)."""
        return [(y, p, [progress(t) for t in p.plan.targets])
                for y, p in sorted(self.record.plans.items(), reverse=True)]


class HomeFacts:
    """A home's figures for one year, with the labels in use.

    What the county-wide pages read (`id`, `name`, `totals`, `honor_counts`, `schedule`,
    `team_count`, `member_count`, `targets`) is made from the home's summary; the rest
    (`record`, `teams`, `ranking`, `honors`) on first use, from the record, which for a
    home the build did not parse again is read from the cache only then (model.Homes).

    A page is keyed by the summary of the facts it is given (incremental.PageKeys), so an
    edit that leaves the summary as it was (a motto, a result's text) does not make the
    county page again. What the summary does not hold is reached only through `record`,
    `teams`, `ranking`, `honors` and `county`, and each use of them is noted for the page
    being rendered (`model.noting_reads`): the page is then kept only while those homes'
    files are unchanged. They are properties that note on every use, the values they
    return kept once made: the facts are shared by every page a worker renders."""

    def __init__(self, county: m.County, summary: HomeSummary, labels: dict, year: int,
                 since: dt.date | None):
        self._county, self.summary, self.labels = county, summary, labels
        self.year, self.since = year, since
        self.id, self.name = summary.id, summary.name
        self._given: m.HomeRecord | None = None      # a record given instead (home_facts)

    def __repr__(self) -> str:
        return f"HomeFacts({self.id!r}, {self.year})"

    @property
    def county(self) -> m.County:
        m.note_read(m.EVERY_HOME)       # the county holds every home's record
        return self._county

    @property
    def record(self) -> m.HomeRecord:
        m.note_read(self.id)
        return self._given if self._given is not None else self._county.homes[self.id]

    @property
    def teams(self) -> list[TeamFacts]:
        m.note_read(self.id)
        return self._teams

    @property
    def ranking(self) -> list:
        m.note_read(self.id)
        return self._ranking

    @property
    def honors(self) -> list:                    # [(level, [HonorEntry])]
        m.note_read(self.id)
        return self._honors

    @cached_property
    def standing(self) -> list:
        """`ranking` from the summary (facts.summary_ranking): what a lobby screen shows."""
        return summary_ranking(self.summary, self.year)

    @cached_property
    def _teams(self) -> list[TeamFacts]:
        name = team_namer(self.labels)
        out = []
        for team in self.record.teams.values():
            plan = team.plans.get(self.year)
            progs = [progress(t) for t in plan.plan.targets] if plan else []
            out.append(TeamFacts(team, plan, progs, name(team)))
        return out

    @cached_property
    def _ranking(self) -> list:
        return ranking(list(self.record.teams.values()), self.year)

    @cached_property
    def _honors(self) -> list:
        return by_level(home_honors(self.record, team_namer(self.labels),
                                    self.labels["recipient_in_team"]))

    @cached_property
    def totals(self) -> list[Total]:
        return activity_totals(self.summary.activities, self.since)

    @cached_property
    def honor_counts(self) -> dict:
        return dict(self.summary.honor_counts)

    @cached_property
    def schedule(self) -> dict:
        """`schedule_data` of the record, made from the summary."""
        form = self.labels["team_name"]
        village = {t.id: t.village for t in self.summary.teams}
        anchor = self.summary.anchor
        return {"rota": [{"id": t, "name": form.replace("{village}", village[t])}
                         for t in self.summary.rota],
                "anchor": dict(zip(("year", "month", "index"), anchor)) if anchor else None}

    @property
    def team_count(self) -> int:
        return len(self.summary.teams)

    @property
    def member_count(self) -> int:
        return sum(len(t.members) for t in self.summary.teams)

    @property
    def targets(self) -> tuple[int, int]:
        """(targets met, targets) of the year, over the home's teams."""
        return next(((met, n) for y, met, n in self.summary.targets if y == self.year), (0, 0))


_ASK = object()       # `since` not given: computed from the county


def home_facts(county: m.County, home: m.HomeRecord | HomeSummary, labels: dict | None = None,
               year: int | None = None, since=_ASK) -> HomeFacts:
    """The home's figures for `year` (default: the county's displayed year). `home`: its
    record, or its summary (the record is then read only if asked for); `since`: the
    county's start of totals (`since_date`), when the caller has it."""
    labels = labels or _default_labels(county)
    year = county.year if year is None else year
    since = since_date(county) if since is _ASK else since
    if isinstance(home, HomeSummary):
        return HomeFacts(county, home, labels, year, since)
    hf = HomeFacts(county, summarize(home), labels, year, since)
    hf._given = home                      # (the record given, whether or not the county's)
    return hf


def county_facts(county: m.County, homes: list[HomeFacts]) -> dict:
    sup = county.supervision
    since = since_date(county)
    checks_by_home = {}
    for c in sup.checks:
        if since is None or c.date >= since:
            tally = checks_by_home.setdefault(c.home, dict.fromkeys(vocab.CHECK_KIND, 0))
            tally[c.kind] += 1
    counted = [c for c in sup.checks if since is None or c.date >= since]
    return {
        "since": since,
        "totals": county_totals(county, since),
        "checks": {k: sum(c.kind == k for c in counted) for k in vocab.CHECK_KIND},
        "checks_total": len(counted),
        "checks_by_home": checks_by_home,
        "bulletins": sorted(sup.bulletins, key=lambda b: (b.date, b.title), reverse=True),
        "bulletins_since": sum(1 for b in sup.bulletins if since is None or b.date >= since),
        "ratings": sorted(sup.ratings, key=lambda r: (-r.year, r.home)),
        "grades": _grades(sup.ratings),
        "rating_years": sorted({r.year for r in sup.ratings}, reverse=True),
        "teams": sum(h.team_count for h in homes),
        "members": sum(h.member_count for h in homes),
    }


def _grades(ratings) -> dict[tuple[str, int], list[str]]:
    """(home, year) → grades, in record order: the county table looks each cell up
    instead of filtering every rating for every cell (quadratic in homes)."""
    grades: dict[tuple[str, int], list[str]] = {}
    for r in ratings:
        grades.setdefault((r.home, r.year), []).append(r.grade)
    return grades
