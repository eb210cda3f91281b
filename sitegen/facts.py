"""Figures computed from the records: totals, target progress, rankings, honor groups.

The report's figures ("115 themed forums since 2023") must be *counted* from activity
records, never typed in, so that the boards stay true as records are added. Everything
here is a pure function of the model, which keeps builds deterministic.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from . import model as m
from . import vocab
from .i18n import LABELS

def since_date(county: m.County) -> dt.date | None:
    """Start of activity totals: site.since, else the earliest activity."""
    if county.site.since:
        return county.site.since
    dates = [a.date for h in county.homes.values() for a in h.activities]
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
    for a in activities:
        if since is None or a.date >= since:
            counts[a.kind] += 1
    zh = LABELS["zh"]
    return [Total(k, zh[vocab.KIND.label + k], zh[vocab.KIND_UNIT_LABEL + k], counts[k])
            for k in vocab.KIND.order if counts[k]]


def county_activities(county: m.County):
    return [a for h in county.homes.values() for a in h.activities]


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
    team: m.TeamRecord
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
    scores = []
    for order, team in enumerate(teams):
        plan = team.plans.get(year)
        progs = [progress(t) for t in plan.plan.targets] if plan else []
        scores.append((order, TeamScore(team, sum(p.status == "met" for p in progs), len(progs),
                                        sum(p.status != "not_reported" for p in progs))))
    scores.sort(key=lambda s: (-s[1].share, -s[1].met, s[0]))
    return with_ranks([score for _, score in scores], lambda s: (s.share, s.met))


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
