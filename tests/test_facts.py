"""The domain rules of `sitegen.facts`, tested directly with tables of cases.

The boards show figures the county reports upward ("115 themed forums since 2023", "4 of
5 targets met"), so each rule is pinned here on its own, not only through scraped HTML:
a wrong count or an inverted `down` target must fail a test that names the rule.
"""
from __future__ import annotations

import datetime as dt

import pytest

from sitegen import facts
from sitegen import model as m
from sitegen import vocab


def activity(date: str, kind: str) -> m.Activity:
    return m.Activity(date=date, kind=kind)


def target(target, actual=None, baseline=None, direction="up") -> m.Target:
    values = {"name": "指标", "target": target, "direction": direction}
    if actual is not None:
        values["actual"] = actual
    if baseline is not None:
        values["baseline"] = baseline
    return m.Target(**values)


# ------------------------------------------------------------------ activity totals

def counts(totals) -> dict[str, int]:
    return {t.kind: t.count for t in totals}


def test_every_kind_is_counted_once_per_record():
    acts = [activity("2024-03-05", kind) for kind in vocab.KIND for _ in range(2)]
    assert counts(facts.activity_totals(acts, None)) == {kind: 2 for kind in vocab.KIND}


@pytest.mark.parametrize("chinese, kind", [
    ("周例会", "weekly_meeting"), ("月座谈", "monthly_forum"), ("季讲评", "quarterly_review"),
    ("学习培训", "training"), ("岗位练兵", "competition"), ("业务比武", "competition"),
    ("文娱活动", "recreation"), ("健康讲座", "health_talk"), ("走访慰问", "visit"),
    ("谈心谈话", "heart_talk"),
])
def test_kinds_written_in_chinese_count_as_their_kind(chinese, kind):
    assert counts(facts.activity_totals([activity("2024-01-01", chinese)], None)) == {kind: 1}


@pytest.mark.parametrize("day, counted", [
    ("2022-12-31", 0),   # the day before `since`: left out
    ("2023-01-01", 1),   # `since` itself: counted (the report says "since 2023")
    ("2023-01-02", 1),
    ("2026-12-31", 1),
])
def test_since_is_inclusive(day, counted):
    totals = facts.activity_totals([activity(day, "training")], dt.date(2023, 1, 1))
    assert counts(totals).get("training", 0) == counted


def test_no_since_counts_everything_and_empty_kinds_are_left_out():
    acts = [activity("1999-01-01", "visit"), activity("2030-06-30", "visit")]
    totals = facts.activity_totals(acts, None)
    assert [(t.kind, t.count) for t in totals] == [("visit", 2)]


def test_totals_come_in_the_reports_order_with_words_and_units():
    acts = [activity("2024-01-01", kind) for kind in reversed(list(vocab.KIND))]
    totals = facts.activity_totals(acts, None)
    assert [t.kind for t in totals] == list(vocab.KIND.order)
    forum = next(t for t in totals if t.kind == "monthly_forum")
    assert (forum.words, forum.unit) == ("主题座谈会", "次")


def county_with(activity_dates: list[str], since: str | None = None) -> m.County:
    site = {"title": "示范县驻村工作队之家", "county": "示范县"}
    if since:
        site["since"] = since
    acts = [activity(d, "training") for d in activity_dates]
    home = m.HomeRecord("h", "homes/h/home.yaml", m.Home(name="之家", township="乡"), {}, acts, [], None)
    return m.County(m.Site(**site), {"h": home}, m.Supervision(), "/content", {})


@pytest.mark.parametrize("dates, since, expected", [
    (["2024-03-01", "2023-05-06", "2025-01-01"], None, dt.date(2023, 5, 6)),   # earliest activity
    (["2024-03-01"], "2023-01-01", dt.date(2023, 1, 1)),                      # site.since wins
    ([], None, None),                                                        # nothing to count from
])
def test_since_date(dates, since, expected):
    assert facts.since_date(county_with(dates, since)) == expected


# ------------------------------------------------------------------ target progress

@pytest.mark.parametrize("case, status, percent, bar", [
    # up, no baseline: actual / target
    (dict(target=100, actual=80), "not_met", 80.0, 80.0),
    (dict(target=100, actual=100), "met", 100.0, 100.0),
    (dict(target=100, actual=115), "met", 115.0, 100.0),
    (dict(target=100, actual=-20), "not_met", -20.0, 0.0),
    # up with a baseline: share of the distance covered
    (dict(target=100, actual=75, baseline=50), "not_met", 50.0, 50.0),
    (dict(target=100, actual=40, baseline=50), "not_met", -20.0, 0.0),
    (dict(target=100, actual=150, baseline=50), "met", 200.0, 100.0),
    # down (less is better) without a baseline: target / actual
    (dict(target=5, actual=10, direction="down"), "not_met", 50.0, 50.0),
    (dict(target=5, actual=5, direction="down"), "met", 100.0, 100.0),
    (dict(target=5, actual=4, direction="down"), "met", 125.0, 100.0),
    (dict(target=5, actual=0, direction="down"), "met", 100.0, 100.0),
    # down with a baseline: from 20 at-risk households towards 5
    (dict(target=5, actual=10, baseline=20, direction="down"), "not_met", 66.7, 66.7),
    (dict(target=5, actual=25, baseline=20, direction="down"), "not_met", -33.3, 0.0),
    (dict(target=5, actual=2, baseline=20, direction="down"), "met", 120.0, 100.0),
    # zero target
    (dict(target=0, actual=0), "met", 100.0, 100.0),
    (dict(target=0, actual=3), "met", 100.0, 100.0),
    (dict(target=0, actual=-2), "not_met", 0.0, 0.0),
    # a baseline equal to the target falls back to the plain ratio
    (dict(target=10, actual=5, baseline=10), "not_met", 50.0, 50.0),
    # a share past a million percent (a target of 1e-300) is no share worth printing
    (dict(target=1e-300, actual=5), "met", None, 100.0),         # met: a full bar, no share
    (dict(target=1e-300, actual=-5, baseline=0), "not_met", None, 0.0),
    (dict(target=1, actual=10000), "met", None, 100.0),         # exactly 1,000,000 %
    (dict(target=1, actual=9999.99), "met", 999999.0, 100.0),   # just under it
])
def test_progress(case, status, percent, bar):
    t = target(**case)
    p = facts.progress(t)
    assert (p.status, p.percent, p.bar) == (status, percent, bar)
    assert p.target is t          # the board prints the target's name and unit from it


@pytest.mark.parametrize("direction", ["up", "down"])
def test_missing_actual_is_not_reported_not_zero(direction):
    t = target(10, direction=direction, baseline=3)
    p = facts.progress(t)
    assert (p.status, p.percent, p.bar) == ("not_reported", None, 0.0)
    assert p.target is t


# ------------------------------------------------------------------ ranking

def team(tid: str, targets: list[m.Target], year: int = 2024) -> m.TeamRecord:
    record = m.Team(village=tid, unit="县直单位", since="2023",
                    members=[{"name": "张三", "role": "队员"}])
    plans = {year: m.PlanRecord(f"{tid}/plans/{year}.md", m.Plan(year=year, targets=targets), "", 1)}
    return m.TeamRecord(tid, "home", f"{tid}/team.yaml", record, plans, [], [], None)


MET, MISSED, OPEN = target(1, 1), target(1, 0), target(1)


@pytest.mark.parametrize("teams, expected", [
    # share decides: 2/2 before 1/2 before 0/1
    ({"a": [MET, MISSED], "b": [MET, MET], "c": [MISSED]}, [(1, "b"), (2, "a"), (3, "c")]),
    # equal share and equal number met share a rank; the home's team order breaks the tie
    ({"a": [MET, MISSED], "b": [MET, MISSED], "c": [MISSED]}, [(1, "a"), (1, "b"), (3, "c")]),
    # equal share, more targets met ranks first
    ({"a": [MET, MISSED], "b": [MET, MET, MISSED, MISSED]}, [(1, "b"), (2, "a")]),
    # a target not reported counts as not met; a team without a plan ranks last
    ({"a": [MET, OPEN], "b": [MET], "c": []}, [(1, "b"), (2, "a"), (3, "c")]),
])
def test_ranking(teams, expected):
    records = [team(tid, ts) if ts else team(tid, [], year=2023) for tid, ts in teams.items()]
    ranked = facts.ranking(records, 2024)
    assert [(rank, score.team.id) for rank, score in ranked] == expected


def test_ranking_counts_met_total_and_reported():
    (_, score), = facts.ranking([team("a", [MET, MISSED, OPEN])], 2024)
    assert (score.met, score.total, score.reported) == (1, 3, 2)
    assert score.share == pytest.approx(1 / 3)


# ------------------------------------------------------------------ honors

def honor(title: str, level: str, date: str, recipient: str | None = None) -> m.Honor:
    return m.Honor(title=title, level=level, date=date, recipient=recipient)


def test_honors_group_by_level_national_first_newest_first():
    entries = [facts.HonorEntry(h, "队", None, "x") for h in [
        honor("乙", "县级", "2023"), honor("甲", "county", "2024-05"),
        honor("丙", "national", "2022"), honor("丁", "township", "2024-06-01"),
        honor("戊", "county", "2024-05"), honor("己", "provincial", "2021")]]
    groups = facts.by_level(entries)
    assert [(level, [e.honor.title for e in items]) for level, items in groups] == [
        ("national", ["丙"]), ("provincial", ["己"]),
        ("county", ["戊", "甲", "乙"]),   # 2024-05 before 2023; equal dates by title (code point)
        ("township", ["丁"]),
    ]


def test_home_honors_name_the_home_team_and_member():
    home_rec = m.Home(name="黄桑坪之家", township="黄桑坪苗族乡")
    t = team("a", [])
    t.honors = [honor("优秀队员", "county", "2024", recipient="张三"), honor("优秀队", "county", "2024")]
    h = m.HomeRecord("hsp", "homes/hsp/home.yaml", home_rec, {"a": t}, [],
                     [honor("示范之家", "municipal", "2024")], None)
    entries = facts.home_honors(h)
    assert [e.recipient for e in entries] == ["黄桑坪之家", "张三（a驻村工作队）", "a驻村工作队"]
    assert [e.honor.title for e in entries] == ["示范之家", "优秀队员", "优秀队"]
    assert [e.team for e in entries] == [None, t, t]
    # image paths are relative to the file that records the honor: honors.yaml when there
    # is one, else the record itself
    assert [e.source_rel for e in entries] == ["homes/hsp/home.yaml", "a/team.yaml", "a/team.yaml"]
    h.honors_rel, t.honors_rel = "homes/hsp/honors.yaml", "homes/hsp/teams/a/honors.yaml"
    assert [e.source_rel for e in facts.home_honors(h)] == [
        "homes/hsp/honors.yaml", "homes/hsp/teams/a/honors.yaml", "homes/hsp/teams/a/honors.yaml"]


# ------------------------------------------------------------------ schedule

def test_schedule_anchor_is_the_last_forum_hosted_by_a_rota_team():
    home_rec = m.Home(name="之家", township="乡", duty_rota=["a", "b", "gone"])
    teams = {"a": team("a", []), "b": team("b", [])}
    acts = [m.Activity(date="2024-05-23", kind="monthly_forum", host_team="b"),
            m.Activity(date="2024-06-25", kind="月座谈", host_team="a"),
            m.Activity(date="2024-07-01", kind="training", host_team="b"),
            m.Activity(date="2024-07-24", kind="monthly_forum", host_team="elsewhere")]
    h = m.HomeRecord("h", "homes/h/home.yaml", home_rec, teams, acts, [], None)
    data = facts.schedule_data(h)
    assert data["rota"] == [{"id": "a", "name": "a驻村工作队"}, {"id": "b", "name": "b驻村工作队"}]
    assert data["anchor"] == {"year": 2024, "month": 6, "index": 0}


@pytest.mark.parametrize("values, ranks", [
    ([5, 4, 4, 3], [1, 2, 2, 4]),
    ([7, 7, 7], [1, 1, 1]),
    ([None, None, 1], [1, 1, 3]),     # a tie key that is None on the first item still ranks 1
    ([], []),
])
def test_with_ranks(values, ranks):
    assert [r for r, _ in facts.with_ranks(values, lambda v: v)] == ranks
