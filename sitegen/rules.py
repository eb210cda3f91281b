"""Cross-record rules: what one valid record says about another, checked on the model.

Each file is validated alone (translate.py), so a host team, a duty rota, a recipient or
a supervised home can each be well-formed and still name something that does not exist.
These rules run on the validated records and the positions kept for them (`model.Where`),
never on the raw text, and name what *is* there, so the clerk can pick the right one. A
rule that fails adds a problem and keeps the record: every problem shows in one run.
"""
from __future__ import annotations

import re

from . import model as m
from .i18n import CHECK_WORDS, LABELS
from .problems import WARNING, Problem, problem
from .translate import suggest

_ZH, _EN = CHECK_WORDS["zh"], CHECK_WORDS["en"]


def _known(names: list[str], empty: str = "") -> dict:
    """The `known` / `known_en` params of a problem: what the clerk may write instead."""
    return {"known": _ZH["list_sep"].join(names) or (_ZH[empty] if empty else ""),
            "known_en": _EN["list_sep"].join(names) or (_EN[empty] if empty else "")}


# ------------------------------------------------------------------ site.yaml

def base_url(site: m.Site, where: m.Where) -> list[Problem]:
    """Printed as a QR code on every poster: only a web address may go there."""
    if not site.base_url or re.match(r"(?i)^https?://[^\s/?#]+", site.base_url):
        return []
    line, col = where.position("base_url")
    return [problem("wrong_type", where.file, line, col, "base_url", name="base_url",
                    expected=_ZH["expected_url"], expected_en=_EN["expected_url"], got=site.base_url[:40],
                    example="http://10.43.0.8/zhucun/")]


def label_keys(labels, where: m.Where) -> list[Problem]:
    """Label keys are open-ended interface words, not record fields: an unknown one is a
    warning (with the nearest key), so that a site written for a later version still
    builds. Read from the file's data, so they are told even when site.yaml has errors."""
    if not isinstance(labels, dict):
        return []
    known = list(LABELS["zh"])
    out = []
    for key in labels:
        if key not in LABELS["zh"]:
            line, col = where.position("labels", key)
            out.append(problem("unknown_field", where.file, line, col, f"labels.{key}", WARNING,
                               name=key, suggestion=suggest(key, known),
                               suggestion_en=suggest(key, known, False)))
    return out


# ------------------------------------------------------------------ within a home

def hosts(activities: list[m.Activity], where: m.Where, team_ids: list[str]) -> list[Problem]:
    """An activity's host team is one of the home's team folders."""
    out = []
    for i, act in enumerate(activities):
        if act.host_team is not None and act.host_team not in team_ids:
            line, col = where.position(i, "host_team")
            out.append(problem("unknown_team", where.file, line, col, f"[{i}].host_team",
                               team=act.host_team, **_known(team_ids, "no_teams")))
    return out


def duty_rota(home: m.Home, where: m.Where, team_ids: list[str]) -> list[Problem]:
    """The duty rota names each of the home's teams at most once."""
    out, seen = [], set()
    for i, tid in enumerate(home.duty_rota):
        line, col = where.position("duty_rota", i)
        if tid not in team_ids:
            out.append(problem("unknown_team", where.file, line, col, f"duty_rota[{i}]",
                               team=tid, **_known(team_ids, "no_teams")))
        elif tid in seen:
            out.append(problem("duplicate", where.file, line, col, f"duty_rota[{i}]", value=tid))
        seen.add(tid)
    return out


def recipients(honors: list[m.Honor], where: m.Where, team: m.Team) -> list[Problem]:
    """A team honor's recipient is one of the team's members."""
    names = [mem.name for mem in team.members]
    out = []
    for i, honor in enumerate(honors):
        if honor.recipient and honor.recipient not in names:
            line, col = where.position(i, "recipient")
            out.append(problem("unknown_member", where.file, line, col, f"[{i}].recipient",
                               name=honor.recipient, **_known(names)))
    return out


def plan_year(plan: m.Plan, file_year: str, where: m.Where) -> Problem | None:
    """plans/2024.md holds the plan for 2024: the file name is how the clerk finds it."""
    if file_year == str(plan.year):
        return None
    line, col = where.position("year")
    return problem("year_mismatch", where.file, line, col, "year", year=plan.year,
                   file_year=file_year)


# ------------------------------------------------------------------ supervision.yaml

def supervised_homes(supervision: m.Supervision, where: m.Where,
                     home_dirs: list[str]) -> list[Problem]:
    """Checks and ratings name a home folder. Checked against the folders, not the homes
    that loaded, so that a home with its own errors does not also make every
    supervision record that names it an error."""
    out = []
    for group in ("checks", "ratings"):
        for i, item in enumerate(getattr(supervision, group)):
            if item.home not in home_dirs:
                line, col = where.position(group, i, "home")
                out.append(problem("unknown_home", where.file, line, col, f"{group}[{i}].home",
                                   home=item.home, **_known(home_dirs)))
    return out
