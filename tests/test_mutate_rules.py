"""Cross-record rules (sitegen/rules.py): what a clerk is told when one valid record names
something another does not have — a host team, a duty rota, a recipient, a supervised
home, a plan's year — and the site's web address and label keys.

Each case is a record file as written, read and validated as `sitegen check` does, then
handed to the rule with what the folders hold; it pins the problem's code, file, line,
column and field, and the message and fix in Chinese and English (the names the clerk may
write instead). The folder cases (tests/cases/bad) place these by line only; a mutation
run (scripts/mutate.py, docs/testing.md) showed a listing, a column or the second of two
slips could go wrong unseen.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import model as m
from sitegen import rules
from sitegen.problems import WARNING
from sitegen.read import read_markdown_file, read_yaml_file
from sitegen.translate import check_model
from sitegen.validate import where


def load(tmp_path: Path, rel: str, text: str, schema):
    """One record file read and validated: (its value, its positions)."""
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    raw = (read_markdown_file if rel.endswith(".md") else read_yaml_file)(path, rel)
    assert raw.located is not None and not raw.problems, raw.problems
    value, problems = check_model(raw, schema)
    assert not problems, problems
    return value, where(raw)


def shown(problems) -> list[tuple]:
    return [(p.code, p.file, p.line, p.column, p.field, p.severity, p.text("zh"), p.text("en"))
            for p in problems]


# ------------------------------------------------------------------ site.yaml

SITE = "title: 示范县驻村工作队之家\ncounty: 示范县\noffice: 示范县驻村办\nyear: 2024\n"
URL_ZH = "http(s) URL / 以 http:// 或 https:// 开头的网址"


@pytest.mark.parametrize("value", [None, "http://10.43.0.8/zhucun/", "https://zhucun.example.cn",
                                   "HTTP://10.43.0.8", "http://10.43.0.8:8080?x=1"])
def test_a_web_address_is_a_base_url(tmp_path, value):
    text = SITE + (f"base_url: {value}\n" if value else "")
    site, at = load(tmp_path, "site.yaml", text, m.Site)
    assert rules.base_url(site, at) == []


@pytest.mark.parametrize("value, got", [
    ("10.43.0.8/zhucun/", "10.43.0.8/zhucun/"),
    ("ftp://10.43.0.8/", "ftp://10.43.0.8/"),
    ("http://", "http://"),
    ("http:///zhucun", "http:///zhucun"),
    ("\"http:// 10.43.0.8\"", "http:// 10.43.0.8"),
    ("see http://10.43.0.8/", "see http://10.43.0.8/"),
    ("www.zhucun.example.cn/a/very/long/path/that/goes/on/and/on", "www.zhucun.example.cn/a/very/long/path/t"),
])
def test_a_base_url_that_is_no_web_address(tmp_path, value, got):
    site, at = load(tmp_path, "site.yaml", SITE + "poster:\n  size: A1\nbase_url: " + value + "\n", m.Site)
    assert shown(rules.base_url(site, at)) == [(
        "wrong_type", "site.yaml", 7, 1, "base_url", "error",
        (f"“base_url”应该是{URL_ZH}，这里写的是“{got}”", f"改成{URL_ZH}，例如 http://10.43.0.8/zhucun/"),
        (f"'base_url' must be an http:// or https:// address, not '{got}'",
         "write an http:// or https:// address, e.g. http://10.43.0.8/zhucun/"))]


def test_known_label_keys_pass_and_unknown_ones_are_warnings_with_the_nearest(tmp_path):
    text = SITE + "labels:\n  style_board: 风采栏\n  honor_wal: 荣誉墙\n  home: 之家\n  zzzzzz: 某\n"
    site, at = load(tmp_path, "site.yaml", text, m.Site)
    data = {"style_board": "风采栏", "honor_wal": "荣誉墙", "home": "之家", "zzzzzz": "某"}
    got = rules.label_keys(data, at)
    assert [(p.code, p.file, p.line, p.column, p.field, p.severity) for p in got] == [
        ("unknown_field", "site.yaml", 7, 3, "labels.honor_wal", WARNING),
        ("unknown_field", "site.yaml", 9, 3, "labels.zzzzzz", WARNING)]
    zh, en = got[0].text("zh"), got[0].text("en")
    assert zh[0] == "不认识的字段“honor_wal”"
    assert zh[1].startswith("是不是想写“honor_wall”？可用的字段：style_board、results_board、honor_wall、")
    assert en == ("unknown field 'honor_wal'", en[1])
    assert en[1].startswith("did you mean 'honor_wall'? Known fields: style_board, results_board, honor_wall, ")
    assert got[1].text("en")[1].startswith("delete this line, or use one of the known fields: style_board, ")


@pytest.mark.parametrize("labels", [None, ["style_board"], "风采栏", {}])
def test_labels_that_are_no_map_have_no_key_to_warn_about(tmp_path, labels):
    site, at = load(tmp_path, "site.yaml", SITE, m.Site)
    assert rules.label_keys(labels, at) == []


# ------------------------------------------------------------------ within a home

ACTS = "activities.yaml"
ACTIVITIES = """\
- date: 2024-05-06
  kind: weekly_meeting
  host_team: team-a
- date: 2024-05-23
  kind: monthly_forum
  host_team: team-c
- date: 2024-06-25
  kind: quarterly_review
- date: 2024-06-26
  kind: training
  host_team: tema-b
"""


def test_a_host_team_that_is_no_team_folder(tmp_path):
    acts, at = load(tmp_path, ACTS, ACTIVITIES, list[m.Activity])
    assert shown(rules.hosts(acts, at, ["team-a", "team-b"])) == [
        ("unknown_team", ACTS, 6, 3, "[1].host_team", "error",
         ("本工作队之家没有编号为“team-c”的工作队", "写 teams 文件夹里已有的工作队编号之一：team-a、team-b"),
         ("this home has no team 'team-c'", "use one of the team folders of this home: team-a, team-b")),
        ("unknown_team", ACTS, 11, 3, "[3].host_team", "error",
         ("本工作队之家没有编号为“tema-b”的工作队", "写 teams 文件夹里已有的工作队编号之一：team-a、team-b"),
         ("this home has no team 'tema-b'", "use one of the team folders of this home: team-a, team-b"))]


def test_a_host_team_in_a_home_without_teams(tmp_path):
    acts, at = load(tmp_path, ACTS, ACTIVITIES, list[m.Activity])
    got = rules.hosts(acts, at, [])
    assert [(p.line, p.field) for p in got] == [(3, "[0].host_team"), (6, "[1].host_team"), (11, "[3].host_team")]
    assert got[0].text("zh")[1] == "写 teams 文件夹里已有的工作队编号之一：（还没有工作队）"
    assert got[0].text("en")[1] == "use one of the team folders of this home: (no teams yet)"


HOME = "home.yaml"
HOME_HEAD = "name: 示范乡驻村工作队之家\ntownship: 示范乡\n"


# rota as written, team folders, problems: (code, line, column, field, what is named)
ROTA = [
    ("every team once", ["team-a", "team-b"], ["team-a", "team-b"], []),
    ("a team left out", ["team-b"], ["team-a", "team-b"], []),
    ("no rota", [], ["team-a"], []),
    ("no such team", ["team-a", "team-c"], ["team-a", "team-b"],
     [("unknown_team", 5, 7, "duty_rota[1]", "team-c")]),
    ("twice", ["team-a", "team-b", "team-a"], ["team-a", "team-b"],
     [("duplicate", 6, 7, "duty_rota[2]", "team-a")]),
    ("twice in a row", ["team-b", "team-b"], ["team-a", "team-b"],
     [("duplicate", 5, 7, "duty_rota[1]", "team-b")]),
    ("an unknown team twice is unknown twice", ["team-x", "team-x"], ["team-a"],
     [("unknown_team", 4, 7, "duty_rota[0]", "team-x"), ("unknown_team", 5, 7, "duty_rota[1]", "team-x")]),
    ("both slips", ["team-a", "team-a", "tem-b"], ["team-a", "team-b"],
     [("duplicate", 5, 7, "duty_rota[1]", "team-a"), ("unknown_team", 6, 7, "duty_rota[2]", "tem-b")]),
]


@pytest.mark.parametrize("rota, teams, want", [c[1:] for c in ROTA], ids=[c[0] for c in ROTA])
def test_duty_rota(tmp_path, rota, teams, want):
    text = HOME_HEAD + "duty_rota:\n" + "".join(f"    - {t}\n" for t in rota) if rota else HOME_HEAD
    home, at = load(tmp_path, HOME, text, m.Home)
    got = rules.duty_rota(home, at, teams)
    assert [(p.code, p.line, p.column, p.field, dict(p.params).get("team") or dict(p.params)["value"])
            for p in got] == want
    assert all(p.file == HOME for p in got)
    for p in got:
        name = dict(p.params).get("team") or dict(p.params)["value"]
        if p.code == "duplicate":
            assert p.text("zh") == (f"“{name}”重复出现", "删掉重复的一项")
            assert p.text("en") == (f"'{name}' appears more than once", "delete the repeated item")
        else:
            assert p.text("zh")[1] == "写 teams 文件夹里已有的工作队编号之一：" + "、".join(teams)
            assert p.text("en") == (f"this home has no team '{name}'",
                                    "use one of the team folders of this home: " + ", ".join(teams))


def test_a_duty_rota_in_a_home_without_teams(tmp_path):
    home, at = load(tmp_path, HOME, HOME_HEAD + "duty_rota: [team-a]\n", m.Home)
    got = rules.duty_rota(home, at, [])
    assert [(p.code, p.line, p.field) for p in got] == [("unknown_team", 3, "duty_rota[0]")]
    assert got[0].text("zh")[1].endswith("：（还没有工作队）")
    assert got[0].text("en")[1].endswith(": (no teams yet)")


# ------------------------------------------------------------------ a team's honors

TEAM = "homes/demo/teams/team-a/team.yaml"
HONORS = "homes/demo/teams/team-a/honors.yaml"
TEAM_TEXT = "village: 青山村\nunit: 示范县财政局\nsince: 2023-03\nmembers:\n  - name: 张三\n    role: 队长\n  - name: 李四\n    role: 队员\n"
HONORS_TEXT = """\
- title: 2023年度优秀驻村工作队
  level: county
  date: 2024-01-15
- title: 2023年度优秀第一书记
  level: municipal
  date: 2024-02
  recipient: 张三
- title: 优秀队员
  level: county
  date: 2024-03
  recipient: 张 三
- title: 先进个人
  level: county
  date: 2024-04
  recipient: 王五
"""


def test_a_recipient_who_is_no_member(tmp_path):
    team, _ = load(tmp_path, TEAM, TEAM_TEXT, m.Team)
    honors, at = load(tmp_path, HONORS, HONORS_TEXT, list[m.Honor])
    assert shown(rules.recipients(honors, at, team)) == [
        ("unknown_member", HONORS, 11, 3, "[2].recipient", "error",
         ("“张 三”不是该工作队的队员", "写队员名单里的姓名之一：张三、李四；如果是整个工作队获奖，删掉 recipient 这一行"),
         ("'张 三' is not a member of this team",
          "use one of the members: 张三, 李四; or delete 'recipient' for an award to the team")),
        ("unknown_member", HONORS, 15, 3, "[3].recipient", "error",
         ("“王五”不是该工作队的队员", "写队员名单里的姓名之一：张三、李四；如果是整个工作队获奖，删掉 recipient 这一行"),
         ("'王五' is not a member of this team",
          "use one of the members: 张三, 李四; or delete 'recipient' for an award to the team"))]


# ------------------------------------------------------------------ a plan's year

PLAN = "---\ntitle: 青山村驻村帮扶规划\nyear: {year}\n---\n今年重点围绕油茶产业开展工作。\n"


@pytest.mark.parametrize("year, file_year", [(2024, "2024"), (2023, "2023")])
def test_a_plan_named_after_its_year(tmp_path, year, file_year):
    plan, at = load(tmp_path, f"plans/{file_year}.md", PLAN.format(year=year), m.Plan)
    assert rules.plan_year(plan, file_year, at) is None


@pytest.mark.parametrize("year, file_year", [(2024, "2025"), (2024, "2024-plan"), (2024, "024")])
def test_a_plan_whose_file_names_another_year(tmp_path, year, file_year):
    rel = f"homes/demo/teams/team-a/plans/{file_year}.md"
    plan, at = load(tmp_path, rel, PLAN.format(year=year), m.Plan)
    assert shown([rules.plan_year(plan, file_year, at)]) == [(
        "year_mismatch", rel, 3, 1, "year", "error",
        (f"规划年份 year: {year} 与文件名 {file_year}.md 不一致", f"把 year 改成 {file_year}，或把文件改名为 {year}.md"),
        (f"the plan's year {year} differs from its file name {file_year}.md",
         f"set year: {file_year}, or rename the file to {year}.md"))]


# ------------------------------------------------------------------ supervision.yaml

SUP = "supervision.yaml"
SUPERVISION = """\
checks:
  - date: 2024-05-14
    home: demo
    kind: monthly_check
  - date: 2024-06-20
    home: dmeo
    kind: monthly_check
ratings:
  - year: 2023
    home: qingshan
    grade: 优秀
  - year: 2023
    home: demo
    grade: 良好
"""


def test_checks_and_ratings_name_a_home_folder(tmp_path):
    sup, at = load(tmp_path, SUP, SUPERVISION, m.Supervision)
    assert shown(rules.supervised_homes(sup, at, ["demo", "shiyan"])) == [
        ("unknown_home", SUP, 6, 5, "checks[1].home", "error",
         ("没有编号为“dmeo”的工作队之家", "写 homes 文件夹里已有的编号之一：demo、shiyan"),
         ("there is no home 'dmeo'", "use one of the home folders: demo, shiyan")),
        ("unknown_home", SUP, 10, 5, "ratings[0].home", "error",
         ("没有编号为“qingshan”的工作队之家", "写 homes 文件夹里已有的编号之一：demo、shiyan"),
         ("there is no home 'qingshan'", "use one of the home folders: demo, shiyan"))]


def test_supervision_of_a_county_without_homes(tmp_path):
    sup, at = load(tmp_path, SUP, SUPERVISION, m.Supervision)
    got = rules.supervised_homes(sup, at, [])
    assert [(p.line, p.field) for p in got] == [(3, "checks[0].home"), (6, "checks[1].home"),
                                                (10, "ratings[0].home"), (13, "ratings[1].home")]
    assert got[0].text("zh")[1] == "写 homes 文件夹里已有的编号之一："
    assert got[0].text("en")[1] == "use one of the home folders: "
