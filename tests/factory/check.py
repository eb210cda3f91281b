"""The factory's self-check: what sitegen itself reads and counts, against the table.

The old generator counted its own YAML to prove the county report's figures; a count
that is not sitegen's proves nothing about the boards. Here the written folder goes
through the real pipeline — `load_county` (every contract rule, every image) and the
facts the boards print (`activity_totals`, `progress`, `ranking`) — and every figure
is compared with the expectation the table states, all differences reported together.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from sitegen import facts
from sitegen.validate import load_county


class Mismatch(AssertionError):
    """The written county does not show what its table says it must."""


def figures(content: Path) -> dict:
    """The figures sitegen shows for the county in `content`, in the shape of `expect`."""
    county, problems = load_county(content)
    if county is None:
        raise Mismatch("\n".join(f"{p.file}:{p.line}: {p.code} {p.field}" for p in problems))
    since = facts.since_date(county)
    year = county.site.year
    progress = {}
    for y in sorted({y for h in county.homes.values() for t in h.teams.values() for y in t.plans}):
        counts = Counter(facts.progress(target).status
                         for h in county.homes.values() for t in h.teams.values() if y in t.plans
                         for target in t.plans[y].plan.targets)
        progress[y] = {k: counts[k] for k in ("met", "not_met", "not_reported")}
    return {
        "problems": len(problems),
        "homes": len(county.homes),
        "teams": sum(len(h.teams) for h in county.homes.values()),
        "members": sum(len(t.team.members) for h in county.homes.values() for t in h.teams.values()),
        "totals": {t.kind: t.count for t in facts.activity_totals([a for h in county.homes.values() for a in h.activities], since)},
        "checks": dict(sorted(Counter(c.kind for c in county.supervision.checks
                                      if since is None or c.date >= since).items())),
        "bulletins": len(county.supervision.bulletins),
        "progress": progress,
        "rankings": {hid: [f"{rank} {score.team.id} {score.met}/{score.total}"
                           for rank, score in facts.ranking(list(h.teams.values()), year)]
                     for hid, h in sorted(county.homes.items())},
    }


def check(content: Path, expect: dict) -> dict:
    """Raise `Mismatch` naming every figure that differs from `expect`; return the figures."""
    got = figures(content)
    wrong = []
    for key, want in expect.items():
        if key not in got:
            wrong.append(f"{key}: the self-check does not know this figure")
        elif isinstance(want, dict):
            for sub, value in want.items():
                if got[key].get(sub) != value:
                    wrong.append(f"{key}.{sub}: sitegen shows {got[key].get(sub)!r}, the table expects {value!r}")
            for sub in set(got[key]) - set(want):
                wrong.append(f"{key}.{sub}: sitegen shows {got[key][sub]!r}, the table expects none")
        elif got[key] != want:
            wrong.append(f"{key}: sitegen shows {got[key]!r}, the table expects {want!r}")
    if wrong:
        raise Mismatch("\n".join(wrong))
    return got
