"""The per-home and county-wide figures of `sitegen.facts` (`home_facts`, `county_facts`,
`team_namer`), tested directly on a county loaded through the real pipeline.

These moved from plan.py into facts.py; the boards show them (a home's totals since
`since`, its teams' targets for the year, its honors by level; the county's checks,
bulletins and ratings), so each is pinned here by value, not only through scraped HTML.
The county: the minimal case's home `demo` (2 teams, 5 members) and a second home
`north` (1 team, 1 member), with records on both sides of `since` (2023-01-01)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from sitegen import facts
from sitegen import model as m
from sitegen.i18n import LABELS
from sitegen.validate import load_county

from conftest import CASES

MINIMAL = CASES / "good" / "minimal" / "content"

NORTH_HOME = """name: 北山乡驻村工作队之家
township: 北山乡
duty_rota:
  - t9
"""
NORTH_TEAM = """village: 白石村
unit: 示范县水利局
since: 2023-05
members:
  - name: 孙八
    role: 第一书记兼队长
"""
NORTH_ACTIVITIES = """- date: 2022-12-31
  kind: monthly_forum
  title: 去年的座谈
  host_team: t9
- date: 2023-01-01
  kind: monthly_forum
  title: 第一天的座谈
  host_team: t9
- date: 2024-02-20
  kind: monthly_forum
  title: 二月座谈
  host_team: t9
"""
NORTH_PLAN_2023 = """---
year: 2023
title: 白石村2023年度规划
targets:
  - name: 新修水渠
    unit: 公里
    target: 2
    actual: 2
---
"""
SUPERVISION = """checks:
  - date: 2022-12-31
    home: demo
    kind: monthly_check
  - date: 2023-01-01
    home: north
    kind: monthly_check
  - date: 2024-05-14
    home: demo
    kind: monthly_check
  - date: 2024-06-20
    home: demo
    kind: 季督
  - date: 2024-07-02
    home: north
    kind: quarterly_supervision
  - date: 2024-08-15
    home: north
    kind: monthly_check
bulletins:
  - date: 2022-12-30
    title: 去年的通报
  - date: 2024-07-01
    title: 第二季度通报
  - date: 2024-07-01
    title: 第二季度补充通报
  - date: 2024-03-28
    title: 第一季度通报
  - date: 2023-01-01
    title: 年初通报
ratings:
  - year: 2023
    home: demo
    grade: 优秀
  - year: 2022
    home: north
    grade: 良好
  - year: 2023
    home: north
    grade: 合格
  - year: 2023
    home: north
    grade: 良好
"""


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    root = tmp_path_factory.mktemp("facts") / "content"
    shutil.copytree(MINIMAL, root)
    north = root / "homes" / "north"
    (north / "teams" / "t9" / "plans").mkdir(parents=True)
    (north / "home.yaml").write_text(NORTH_HOME, encoding="utf-8")
    (north / "activities.yaml").write_text(NORTH_ACTIVITIES, encoding="utf-8")
    (north / "teams" / "t9" / "team.yaml").write_text(NORTH_TEAM, encoding="utf-8")
    (north / "teams" / "t9" / "plans" / "2023.md").write_text(NORTH_PLAN_2023, encoding="utf-8")
    (root / "supervision.yaml").write_text(SUPERVISION, encoding="utf-8")
    site = (root / "site.yaml").read_text(encoding="utf-8")
    (root / "site.yaml").write_text(site.replace("labels:\n", "labels:\n  team_name: \"{village}工作队\"\n"),
                                    encoding="utf-8")
    loaded, problems = load_county(root)
    assert loaded is not None, problems
    return loaded


def labels(county) -> dict:
    return facts._default_labels(county)


def test_default_labels_are_the_chinese_ones_with_the_sites_overrides(county):
    words = labels(county)
    assert words["team_name"] == "{village}工作队"          # site.yaml
    assert words["style_board"] == "风采栏"                 # site.yaml, same as the default
    assert words["recipient_in_team"] == LABELS["zh"]["recipient_in_team"]
    assert LABELS["zh"]["team_name"] == "{village}驻村工作队"   # the default is not changed


def test_team_namer_fills_the_village_into_the_label(county):
    team = county.homes["demo"].teams["team-a"]
    assert facts.team_namer({"team_name": "{village}驻村工作队"})(team) == "青山村驻村工作队"
    assert facts.team_namer({"team_name": "Team of {village} ({village})"})(team) == "Team of 青山村 (青山村)"
    assert facts.team_namer({"team_name": "工作队"})(team) == "工作队"


def test_home_facts_of_the_displayed_year(county):
    hf = facts.home_facts(county, county.homes["demo"])
    assert hf.record is county.homes["demo"]
    assert [t.record.id for t in hf.teams] == ["team-a", "team-b"]
    assert [t.name for t in hf.teams] == ["青山村工作队", "绿水村工作队"]     # site's team_name
    a, b = hf.teams
    assert a.plan is county.homes["demo"].teams["team-a"].plans[2024]
    assert [(p.status, p.percent) for p in a.progress] == [("not_met", 64.3), ("not_met", 66.7),
                                                            ("not_reported", None)]
    assert b.plan is None and b.progress == []
    assert {t.kind: t.count for t in hf.totals} == {"weekly_meeting": 1, "monthly_forum": 1,
                                                     "quarterly_review": 1, "health_talk": 1}
    assert [(rank, s.team.id, s.met, s.total, s.reported) for rank, s in hf.ranking] == \
        [(1, "team-a", 0, 3, 2), (1, "team-b", 0, 0, 0)]
    assert [(level, [e.honor.title for e in items]) for level, items in hf.honors] == [
        ("municipal", ["2023年度优秀第一书记"]),
        ("county", ["2023年度优秀驻村工作队", "2023年度全县优秀驻村工作队之家"])]   # 2024-01-15 before 2024-01
    recipients = [e.recipient for _level, items in hf.honors for e in items]
    assert recipients == ["张三（青山村工作队）", "青山村工作队", "示范乡驻村工作队之家"]
    assert hf.honor_counts == {"municipal": 1, "county": 2}
    assert hf.schedule == {"rota": [{"id": "team-a", "name": "青山村工作队"},
                                    {"id": "team-b", "name": "绿水村工作队"}],
                           "anchor": {"year": 2024, "month": 5, "index": 1}}
    assert hf.member_count == 5


def test_home_facts_of_another_year_and_with_other_labels(county):
    north = county.homes["north"]
    hf = facts.home_facts(county, north, {**labels(county), "team_name": "{village}队",
                                          "recipient_in_team": "{team}的{name}"}, 2023)
    (tf,) = hf.teams
    assert tf.name == "白石村队" and tf.plan is north.teams["t9"].plans[2023]
    assert [(p.status, p.percent) for p in tf.progress] == [("met", 100.0)]
    assert [(rank, s.met, s.total) for rank, s in hf.ranking] == [(1, 1, 1)]
    # totals follow `since` (2023-01-01, inclusive), whatever the board's year
    assert {t.kind: t.count for t in hf.totals} == {"monthly_forum": 2}
    assert hf.schedule["anchor"] == {"year": 2024, "month": 2, "index": 0}
    assert hf.schedule["rota"] == [{"id": "t9", "name": "白石村队"}]
    assert hf.member_count == 1 and hf.honors == [] and hf.honor_counts == {}
    default = facts.home_facts(county, north)                       # the county's year: 2024
    assert default.teams[0].plan is None and default.ranking[0][1].total == 0
    assert default.teams[0].name == "白石村工作队"


def test_team_honor_recipients_use_the_recipient_in_team_label(county):
    hf = facts.home_facts(county, county.homes["demo"], {**labels(county),
                                                         "recipient_in_team": "{team}·{name}"})
    assert [e.recipient for e in hf.honors[0][1]] == ["青山村工作队·张三"]


def test_county_facts(county):
    homes = [facts.home_facts(county, h) for h in county.homes.values()]
    cf = facts.county_facts(county, homes)
    assert cf["since"] == dt.date(2023, 1, 1)
    assert {t.kind: t.count for t in cf["totals"]} == {"weekly_meeting": 1, "monthly_forum": 3,
                                                       "quarterly_review": 1, "health_talk": 1}
    # checks since `since` (2023-01-01 counts, 2022-12-31 does not), by kind and by home
    # (three of one kind and two of the other, so that counting the other kinds is wrong)
    assert cf["checks"] == {"monthly_check": 3, "quarterly_supervision": 2}
    assert cf["checks_total"] == 5
    assert cf["checks_by_home"] == {"demo": {"monthly_check": 1, "quarterly_supervision": 1},
                                    "north": {"monthly_check": 2, "quarterly_supervision": 1}}
    # newest first; the same day by title, reversed with the rest
    assert [b.title for b in cf["bulletins"]] == ["第二季度通报", "第二季度补充通报", "第一季度通报", "年初通报",
                                                  "去年的通报"]
    # a bulletin on the `since` day itself counts, as a check or an activity does
    assert cf["bulletins_since"] == 4
    assert [(r.year, r.home, r.grade) for r in cf["ratings"]] == [
        (2023, "demo", "优秀"), (2023, "north", "合格"), (2023, "north", "良好"), (2022, "north", "良好")]
    assert cf["grades"] == {("demo", 2023): ["优秀"], ("north", 2022): ["良好"],
                            ("north", 2023): ["合格", "良好"]}
    assert cf["rating_years"] == [2023, 2022]
    assert cf["teams"] == 3 and cf["members"] == 6


def test_county_facts_without_since_count_everything(county):
    nosince = dataclasses.replace(county, site=county.site.model_copy(update={"since": None}))
    homes = [facts.home_facts(nosince, h) for h in nosince.homes.values()]
    cf = facts.county_facts(nosince, homes)
    assert cf["since"] == dt.date(2022, 12, 31)          # the earliest activity
    assert cf["checks_total"] == 6 and cf["bulletins_since"] == 4
    assert cf["checks_by_home"]["demo"]["monthly_check"] == 2


# ------------------------------------------------------------------ summaries

def _counties(tmp_path):
    from edge_county import make_edge_content
    root = Path(__file__).resolve().parents[1]
    yield load_county(root / "content")[0]
    edge, _problems = load_county(make_edge_content(tmp_path / "edge"))
    assert edge is not None
    yield edge


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_what_county_pages_read_of_a_home_is_the_same_from_its_summary(tmp_path, lang):
    """The county page, screen and search read a home's figures from its summary
    (facts.HomeSummary, kept in the cache so an edit reads no other home's records): for
    every home of the sample and the edge county, each equals the figure made from the
    record itself, with the labels of either language."""
    from sitegen import plan
    for county in _counties(tmp_path):
        labels = plan.labels_for(county, lang)
        since = facts.since_date(county)
        assert since == (county.site.since or min(
            (a.date for h in county.homes.values() for a in h.activities), default=None))
        for hid, record in county.homes.items():
            hf = facts.home_facts(county, county.homes.summary(hid), labels)
            with m.noting_reads() as read:        # what the county pages read of it
                (hf.id, hf.name, hf.totals, hf.honor_counts, hf.schedule, hf.team_count,
                 hf.member_count, hf.targets)
            assert read == set()                      # reads no record: notes none
            # the lobby screens' ranking, from the summary: the records' ranks and figures,
            # every year a team has a plan for, and a year with none
            for y in (*hf.summary.years, 1999):
                with m.noting_reads() as read:
                    got = facts.summary_ranking(hf.summary, y)
                assert read == set()
                assert [(r, s.team.id, s.met, s.total, s.reported) for r, s in got] == \
                    [(r, s.team.id, s.met, s.total, s.reported)
                     for r, s in facts.ranking(list(record.teams.values()), y)]
            assert hf.standing == facts.summary_ranking(hf.summary, county.year)
            name = facts.team_namer(labels)
            assert (hf.id, hf.name) == (record.id, record.home.name)
            assert hf.totals == facts.activity_totals(record.activities, since)
            assert hf.honor_counts == {lvl: len(items) for lvl, items in hf.honors}
            assert hf.schedule == facts.schedule_data(record, name)
            assert hf.team_count == len(record.teams) == len(hf.teams)
            assert hf.member_count == sum(len(t.team.members) for t in record.teams.values())
            progs = [p for tf in hf.teams for p in tf.progress]
            assert hf.targets == (sum(p.status == "met" for p in progs), len(progs))
            assert facts.summary_ok(county.homes.summary(hid))
        rows = []
        for home in county.homes.values():        # the search index, as the records say it
            rows.append({"t": home.home.name, "s": home.home.township,
                         "u": f"homes/{home.id}/index.html", "k": "home"})
            for team in home.teams.values():
                tpath = f"homes/{home.id}/teams/{team.id}/index.html"
                rows.append({"t": name(team), "s": f"{team.team.unit} · {home.home.township}",
                             "u": tpath, "k": "team"})
                rows += [{"t": mem.name, "s": f"{mem.role} · {mem.unit or team.team.unit} · "
                          f"{team.team.village}", "u": tpath, "k": "member"}
                         for mem in team.team.members]
        assert plan.search_entries(county, labels) == rows
        assert county.year == (county.site.year or max(
            y for h in county.homes.values() for t in h.teams.values() for y in t.plans))


def _rich_summary():
    """A summary with something in every field: the sample home with the most."""
    root = Path(__file__).resolve().parents[1]
    county = load_county(root / "content")[0]
    best = max((county.homes.summary(h) for h in county.homes),
               key=lambda s: (s.anchor is not None, bool(s.honor_counts), len(s.activities)))
    assert best.anchor and best.honor_counts and best.targets and best.rota and best.photo_bounds
    assert best.contacts and any(t.scores for t in best.teams)
    return best


def _team(s, **change):
    return (dataclasses.replace(s.teams[0], **change),) + s.teams[1:]


def _member(s, member):
    return _team(s, members=(member,) + s.teams[0].members[1:])


SUMMARY_DAMAGE = {
    "id": lambda s: {"id": 5}, "name": lambda s: {"name": None}, "township": lambda s: {"township": 1},
    "teams": lambda s: {"teams": list(s.teams)},
    "team": lambda s: {"teams": (tuple(dataclasses.astuple(s.teams[0])),) + s.teams[1:]},
    "team_id": lambda s: {"teams": _team(s, id=1)}, "village": lambda s: {"teams": _team(s, village=1)},
    "unit": lambda s: {"teams": _team(s, unit=None)},
    "members": lambda s: {"teams": _team(s, members=list(s.teams[0].members))},
    "member_list": lambda s: {"teams": _member(s, ["张三", "队员", None])},
    "member_short": lambda s: {"teams": _member(s, ("张三", "队员"))},
    "member_name": lambda s: {"teams": _member(s, (1, "队员", None))},
    "member_role": lambda s: {"teams": _member(s, ("张三", 1, None))},
    "member_unit": lambda s: {"teams": _member(s, ("张三", "队员", 1))},
    "years": lambda s: {"years": list(s.years)}, "year": lambda s: {"years": ("2024",)},
    "activities": lambda s: {"activities": list(s.activities)},
    "activity_list": lambda s: {"activities": ([s.activities[0][0], s.activities[0][1]],)},
    "activity_short": lambda s: {"activities": ((s.activities[0][0],),)},
    "activity_date": lambda s: {"activities": (("2024-01-01", s.activities[0][1]),)},
    "activity_kind": lambda s: {"activities": ((s.activities[0][0], "no_such_kind"),)},
    "activity_kind_list": lambda s: {"activities": ((s.activities[0][0], []),)},
    "honor_counts": lambda s: {"honor_counts": list(s.honor_counts)},
    "honor_short": lambda s: {"honor_counts": ((s.honor_counts[0][0],),)},
    "honor_level": lambda s: {"honor_counts": (("galactic", 1),)},
    "honor_level_list": lambda s: {"honor_counts": (([], 1),)},
    "honor_count": lambda s: {"honor_counts": ((s.honor_counts[0][0], "1"),)},
    "targets": lambda s: {"targets": list(s.targets)},
    "target_short": lambda s: {"targets": (s.targets[0][:2],)},
    "target_value": lambda s: {"targets": ((s.targets[0][0], "1", 2),)},
    "rota": lambda s: {"rota": list(s.rota)}, "rota_team": lambda s: {"rota": ("no-such-team",)},
    "anchor_list": lambda s: {"anchor": list(s.anchor)}, "anchor_short": lambda s: {"anchor": s.anchor[:2]},
    "anchor_value": lambda s: {"anchor": (s.anchor[0], "3", s.anchor[2])},
    "bounds": lambda s: {"photo_bounds": list(s.photo_bounds.items())},
    "bounds_key": lambda s: {"photo_bounds": {1: 640}},
    "bounds_value": lambda s: {"photo_bounds": {"x.jpg": "640"}},
    "scores": lambda s: {"teams": _team(s, scores=list(s.teams[0].scores))},
    "score_list": lambda s: {"teams": _team(s, scores=([2024, 1, 2, 2],))},
    "score_short": lambda s: {"teams": _team(s, scores=((2024, 1, 2),))},
    "score_value": lambda s: {"teams": _team(s, scores=((2024, "1", 2, 2),))},
    "contacts": lambda s: {"contacts": list(s.contacts)},
    "contact_list": lambda s: {"contacts": (["张三", None, None],)},
    "contact_short": lambda s: {"contacts": (("张三", None),)},
    "contact_name": lambda s: {"contacts": ((None, "主任", None),)},
    "contact_role": lambda s: {"contacts": (("张三", 1, None),)},
    "contact_phone": lambda s: {"contacts": (("张三", None, 731),)},
    # each element of a fixed-size tuple checked on its own (summary_ok's plain loops)
    "score_year": lambda s: {"teams": _team(s, scores=(("2024", 1, 2, 2),))},
    "score_total": lambda s: {"teams": _team(s, scores=((2024, 1, "2", 2),))},
    "score_last": lambda s: {"teams": _team(s, scores=((2024, 1, 2, "2"),))},
    "target_year": lambda s: {"targets": (("2024", 1, 2),)},
    "target_total": lambda s: {"targets": ((2024, 1, "2"),)},
    "anchor_year": lambda s: {"anchor": ("2024", s.anchor[1], s.anchor[2])},
    "anchor_index": lambda s: {"anchor": (s.anchor[0], s.anchor[1], "1")},
    "contact_role_with_phone": lambda s: {"contacts": (("张三", 1, "0731-1"),)},
    "contact_phone_with_role": lambda s: {"contacts": (("张三", "主任", 731),)},
}


@pytest.fixture(scope="module")
def rich():
    return _rich_summary()


@pytest.mark.parametrize("damage", sorted(SUMMARY_DAMAGE))
def test_summary_ok_refuses_each_damage(rich, damage):
    assert facts.summary_ok(rich) is True
    assert facts.summary_ok(dataclasses.replace(rich, **SUMMARY_DAMAGE[damage](rich))) is False


def test_a_summary_s_digest_is_of_every_field_made_once_and_kept(rich):
    import hashlib
    import pickle
    assert rich.digest == hashlib.sha256(repr(rich).encode()).hexdigest()
    assert "_digest" in rich.__dict__                           # made by summarize
    back = pickle.loads(pickle.dumps(rich))
    assert back.__dict__["_digest"] == rich.digest and back == rich
    other = dataclasses.replace(rich, name="别处")
    assert "_digest" not in other.__dict__ and other.digest != rich.digest
    assert other.digest == hashlib.sha256(repr(other).encode()).hexdigest()
    odd = dataclasses.replace(rich)
    object.__setattr__(odd, "_digest", 5)                       # read back of another shape
    assert facts.summary_ok(odd) is False and facts.summary_ok(rich) is True


def test_summary_ok_takes_contacts_without_a_role_or_a_phone(rich):
    bare = dataclasses.replace(rich, contacts=(("张三", None, None), ("李四", "主任", "0731-1234567")))
    assert facts.summary_ok(bare) is True
    assert facts.summary_ok(dataclasses.replace(rich, contacts=())) is True


def test_summary_ok_refuses_what_is_not_a_summary(rich):
    assert facts.summary_ok(dataclasses.asdict(rich)) is False and facts.summary_ok(None) is False
    assert facts.summary_ok(dataclasses.replace(rich, anchor=None)) is True     # no forum yet


def test_home_facts_take_the_year_and_start_given(county):
    s = county.homes.summary("demo")
    hf = facts.home_facts(county, s, labels(county), 2023, dt.date(2024, 5, 1))
    assert (hf.year, hf.since, hf.county) == (2023, dt.date(2024, 5, 1), county)
    record = county.homes["demo"]
    assert hf.totals == facts.activity_totals(record.activities, dt.date(2024, 5, 1))
    assert hf.totals != facts.activity_totals(record.activities, facts.since_date(county))


def test_home_facts_of_a_record_read_that_record(county):
    """Given a record (the posters, a test), the facts are of that very record, even one
    the county does not hold."""
    record = county.homes["demo"]
    other = dataclasses.replace(record, activities=[])
    hf = facts.home_facts(county, other)
    assert hf.record is other and hf.county is county and hf.totals == []
    assert hf.summary.photo_bounds == record.photo_bounds and hf.summary.photo_bounds
