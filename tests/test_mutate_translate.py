"""pydantic's errors → the problems a clerk reads (sitegen/translate.py).

Each case is a few lines of YAML as a clerk writes them, read and validated as `sitegen
check` does; it pins the problem's code, field, line and column and the whole message and
fix in Chinese and English (the characters to type). The folder cases (tests/cases/bad)
hold one file per kind of slip; a mutation run (scripts/mutate.py, docs/testing.md)
showed which of translate's branches — the slip read out of a value, the sibling unit, a
column — no case reached.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import model as m
from sitegen import translate as T
from sitegen.read import RawFile, load_yaml


def check(schema, text: str) -> list[tuple]:
    located, problems = load_yaml(text, "x.yaml")
    assert located is not None and not problems, problems
    _, found = T.check_model(RawFile("x.yaml", Path("x.yaml"), located), schema)
    assert [p.file for p in found] == ["x.yaml"] * len(found)
    return [(p.code, p.field, p.line, p.column, p.text("zh"), p.text("en")) for p in found]


TEAM = "village: 青山村\nunit: 示范县财政局\nsince: 2023-03\n"
MEMBERS = "members:\n  - name: 张三\n    role: 队长\n"
HOME = "name: 之家\ntownship: 乡\n"
SITE = "title: 县\ncounty: 县\n"
TEAM_FIELDS = ("village、unit、since、until、motto、members", "village, unit, since, until, motto, members")
MAP = ("字段表（“字段: 值” 的若干行）", "a map of 'field: value' lines")
LIST = ("列表（每项以 “- ” 开头）", "a list (items starting with '- ')")


def wrong(name, expected, got, example, got_en=None):
    zh, en = expected
    return ((f"“{name}”应该是{zh}，这里写的是“{got}”", f"改成{zh}，例如 {example}"),
            (f"'{name}' must be {en}, not '{got_en or got}'", f"write {en}, e.g. {example}"))


def dash_space(example):
    return (("列表项的减号“-”后面少了一个空格，这一行没有被当成新的一项", f"在“-”后面加一个空格，写成 {example}"),
            ("the list dash '-' must be followed by a space; this line is not read as a new item",
             f"put a space after '-': {example}"))


def fullwidth_colon(example):
    return (("这里用了全角冒号“：”，字段名后面必须是半角冒号", f"把“：”改成半角“: ”（冒号后加一个空格），例如 {example}"),
            ("a full-width colon '：' is used where a key separator belongs",
             f"type a half-width ': ' (colon and space) instead, e.g. {example}"))


def fullwidth_dash(char):
    return ((f"列表项用了“{char}”开头，列表符号必须是半角减号", f"把“{char}”改成半角“- ”（减号加一个空格）"),
            (f"a list item starts with '{char}'; the list dash must be a half-width '-'",
             f"type '- ' (hyphen and space) instead of '{char}'"))


def unknown(name, close, fields):
    zh, en = fields
    if close:
        return ((f"不认识的字段“{name}”", f"是不是想写“{close}”？可用的字段：{zh}"),
                (f"unknown field '{name}'", f"did you mean '{close}'? Known fields: {en}"))
    return ((f"不认识的字段“{name}”", f"删掉这一行，或改成可用的字段之一：{zh}"),
            (f"unknown field '{name}'", f"delete this line, or use one of the known fields: {en}"))


def with_unit(name, expected, got, unit, number, unit_field):
    zh, en = expected
    return ((f"“{name}”只能写{zh}，“{got}”里带了单位或符号“{unit}”", f"写成 {name}: {number}，单位写在 unit 字段里：unit: {unit_field}"),
            (f"'{name}' must be {en} alone; '{got}' carries the unit or sign '{unit}'",
             f"write {name}: {number} and put the unit in the unit field: unit: {unit_field}"))


def unit_bare(name, got, unit, number):
    return ((f"“{name}”只能写整数，“{got}”里带了单位或符号“{unit}”", f"写成 {name}: {number}（只写数字，不带单位）"),
            (f"'{name}' must be a whole number alone; '{got}' carries the unit or sign '{unit}'",
             f"write {name}: {number} (the number only)"))


NUMBER, INT = ("数字", "a number"), ("整数", "a whole number")

# schema, YAML, code, field, line, column, (zh message, fix), (en message, fix)
CASES = [
    ("missing at the top: the file's start", m.Team, "unit: 示范县财政局\nsince: 2023-03\n" + MEMBERS,
     "missing_field", "village", 1, 1,
     (("缺少必填字段“village”", "在这一项里加上一行 village: …"),
      ("the required field 'village' is missing", "add a line 'village: …' to this item"))),
    ("missing in a list item: the item", m.Team, TEAM + MEMBERS + "  - name: 李四\n",
     "missing_field", "members[1].role", 7, 5,
     (("缺少必填字段“role”", "在这一项里加上一行 role: …"),
      ("the required field 'role' is missing", "add a line 'role: …' to this item"))),
    ("unknown, a close name", m.Team, TEAM + MEMBERS + "mottto: 扎根\n",
     "unknown_field", "mottto", 7, 1, unknown("mottto", "motto", TEAM_FIELDS)),
    ("unknown, nothing close", m.Team, TEAM + MEMBERS + "zzzz: 1\n",
     "unknown_field", "zzzz", 7, 1, unknown("zzzz", None, TEAM_FIELDS)),
    ("unknown in a list item: the item's fields", m.Team, TEAM + MEMBERS + "    phto: a.png\n",
     "unknown_field", "members[0].phto", 7, 5,
     unknown("phto", "photo", ("name、role、unit、photo、since、quote", "name, role, unit, photo, since, quote"))),
    ("unknown in a list file", list[m.Honor], "- title: 优秀\n  level: county\n  date: 2024\n  issuerr: 县委\n",
     "unknown_field", "[0].issuerr", 4, 3,
     unknown("issuerr", "issuer", ("title、level、date、issuer、recipient、image",
                                   "title, level, date, issuer, recipient, image"))),
    ("unknown in a nested map", m.Site, SITE + "poster:\n  sise: A1\n",
     "unknown_field", "poster.sise", 4, 3,
     unknown("sise", "size", ("size、orientation、bleed_mm、crop_marks、show_phones、logo、pdf_variant",
                              "size, orientation, bleed_mm, crop_marks, show_phones, logo, pdf_variant"))),
    ("a full-width dash before a key", m.Team, TEAM + MEMBERS + "    — quote: 好\n",
     "fullwidth_dash", "members[0].— quote", 7, 5, fullwidth_dash("—")),
    ("a full-width dash and a full-width space", m.Team, TEAM + MEMBERS + "    －\u3000quote: 好\n",
     "fullwidth_dash", "members[0].－\u3000quote", 7, 5, fullwidth_dash("－")),
    ("a full-width dash glued to the key is a name", m.Team, TEAM + MEMBERS + "    —quote: 好\n",
     "unknown_field", "members[0].—quote", 7, 5,
     unknown("—quote", "quote", ("name、role、unit、photo、since、quote", "name, role, unit, photo, since, quote"))),
    ("a full-width space before a key", m.Team, TEAM + MEMBERS + "\u3000motto: 扎根\n",
     "fullwidth_space", "\u3000motto", 7, 1,
     (("缩进里有全角空格“\u3000”", "删掉行首的全角空格，改用半角空格缩进（输入法切到英文状态再按空格）"),
      ("a full-width space '\u3000' is used in indentation", "replace it with half-width spaces"))),
    ("a full-width colon inside a key", m.Team, TEAM + MEMBERS + "motto：扎根: x\n",
     "fullwidth_colon", "motto：扎根", 7, 1, fullwidth_colon("motto: 扎根")),
    ("two full-width colons: the first one is the key's", m.Team, TEAM + MEMBERS + "motto：扎根：青山: x\n",
     "fullwidth_colon", "motto：扎根：青山", 7, 1, fullwidth_colon("motto: 扎根：青山")),
    ("a dash glued to a field name", m.Team, TEAM + MEMBERS + "-motto: 扎根\n",
     "dash_space", "", 7, 1, dash_space("- motto: …")),
    ("a dash glued to a word that is no field", m.Team, TEAM + MEMBERS + "-mood: 扎根\n",
     "unknown_field", "-mood", 7, 1, unknown("-mood", "motto", TEAM_FIELDS)),
    ("an empty list", m.Team, TEAM + "members: []\n",
     "empty", "members", 4, 1, (("“members”不能为空", "至少填写一项"), ("'members' must not be empty", "fill in at least one item"))),
    ("a text where an item's map belongs", m.Team, TEAM + "members:\n  - 张三\n",
     "wrong_type", "members[0]", 5, 5, wrong("0", MAP, "张三", "name: 张三")),
    ("a full-width colon in an item", m.Team, TEAM + "members:\n  - name：张三 \n",
     "fullwidth_colon", "members[0]", 5, 5, fullwidth_colon("name: 张三")),
    ("a full-width colon, spaces round it", m.Team, TEAM + "members:\n  - name ： 张三\n",
     "fullwidth_colon", "members[0]", 5, 5, fullwidth_colon("name: 张三")),
    ("a full-width dash in an item", m.Team, TEAM + "members:\n  - ·张三\n",
     "fullwidth_dash", "members[0]", 5, 5, fullwidth_dash("·")),
    ("a colon without a space", m.Team, TEAM + "members:\n  - name:张三\n",
     "colon_space", "members[0]", 5, 5,
     (("字段名后面的冒号“:”后面少了一个空格，整行被当成了一段文字", "在冒号后面加一个空格，写成 name: 张三"),
      ("the colon after a field name must be followed by a space; the whole line was read as text",
       "put a space after the colon: name: 张三"))),
    ("a colon and two slashes is a web address", m.Team, TEAM + "members:\n  - photo://x\n",
     "wrong_type", "members[0]", 5, 5, wrong("0", MAP, "photo://x", "name: 张三")),
    ("a colon after a word that is no field", m.Team, TEAM + "members:\n  - foo:bar\n",
     "wrong_type", "members[0]", 5, 5, wrong("0", MAP, "foo:bar", "name: 张三")),
    ("a list of -name keys", m.Team, TEAM + "members:\n  -name:\n    - 张三\n",
     "dash_space", "", 5, 3, dash_space("- name: …")),
    ("a -name key of a text is shown with it", m.Home, HOME + "contacts:\n  -name: 刘芳\n  role: 主任\n",
     "dash_space", "", 4, 3, dash_space("- name: 刘芳")),
    ("dashes glued to every item, on one line", m.Home, HOME + "duty_rota: -team-a -team-b\n",
     "dash_space", "", 3, 12, dash_space("- team-a")),
    ("dashes glued to every item, one a line", m.Home, HOME + "duty_rota:\n  -team-a\n  -team-b\n",
     "dash_space", "", 4, 3, dash_space("- team-a")),
    ("the first dash glued, the next one not", m.Home, HOME + "duty_rota:\n  -team-a\n  - team-b\n",
     "dash_space", "", 4, 3, dash_space("- team-a")),
    ("a text where a list belongs", m.Team, TEAM + "members: 张三\n",
     "wrong_type", "members", 4, 1, wrong("members", LIST, "张三", "- 张三")),
    ("a map where a list belongs", m.Team, TEAM + "members:\n  name: 张三\n",
     "wrong_type", "members", 4, 1, wrong("members", LIST, "字段表", "- 张三", "a map")),
    ("a map of a key ending in a field name is no glued dash", m.Team, TEAM + "members:\n  xname: 张三\n",
     "wrong_type", "members", 4, 1, wrong("members", LIST, "字段表", "- 张三", "a map")),
    ("a list where a map belongs", m.Site, SITE + "poster:\n  - A1\n",
     "wrong_type", "poster", 3, 1, wrong("poster", MAP, "列表", "name: 张三", "a list")),
    ("a list where a number belongs", m.Home, HOME + "office:\n  rooms: [1, 2]\n",
     "wrong_type", "office.rooms", 4, 3, wrong("rooms", INT, "列表", "20", "a list")),
    ("a map where a text belongs", m.Site, SITE + "labels:\n  home:\n    a: 1\n",
     "wrong_type", "labels.home", 4, 3, wrong("home", ("文字", "text"), "字段表", "县财政局", "a map")),
    ("a list where true or false belongs", m.Site, SITE + "poster:\n  crop_marks: [1]\n",
     "wrong_type", "poster.crop_marks", 4, 3,
     wrong("crop_marks", ("true 或 false", "true or false"), "列表", "true", "a list")),
    ("a text with a colon where a number belongs", m.Home, HOME + "office:\n  rooms: 'a:b'\n",
     "wrong_type", "office.rooms", 4, 3, wrong("rooms", INT, "a:b", "20")),
    ("a unit after a target", m.Target, "name: 收入\nunit: 万元\ntarget: 15万元\n",
     "wrong_type", "target", 3, 1, with_unit("target", NUMBER, "15万元", "万元", "15", "万元")),
    ("a unit after a target, no unit field", m.Target, "name: 收入\ntarget: 15万\n",
     "wrong_type", "target", 2, 1, with_unit("target", NUMBER, "15万", "万", "15", "万")),
    ("the unit field says 万元: keep it", m.Target, "name: 收入\nunit: 万元\ntarget: 15万\n",
     "wrong_type", "target", 3, 1, with_unit("target", NUMBER, "15万", "万", "15", "万元")),
    ("the unit field says another unit", m.Target, "name: 收入\nunit: 元\ntarget: 15万\n",
     "wrong_type", "target", 3, 1, with_unit("target", NUMBER, "15万", "万", "15", "万")),
    ("a unit to quote in YAML", m.Target, "name: 收入\ntarget: 80%\n",
     "wrong_type", "target", 2, 1, with_unit("target", NUMBER, "80%", "%", "80", "\"%\"")),
    ("a unit after a number without a unit field", list[m.Activity],
     "- date: 2024-01-05\n  kind: visit\n  attendance: 15人\n",
     "wrong_type", "[0].attendance", 3, 3, unit_bare("attendance", "15人", "人", "15")),
    ("万 after a number without a unit field", list[m.Activity],
     "- date: 2024-01-05\n  kind: visit\n  attendance: 1.5万\n",
     "wrong_type", "[0].attendance", 3, 3, unit_bare("attendance", "1.5万", "万", "15000")),
    ("亿 after a number without a unit field", m.Home, HOME + "office:\n  rooms: 2亿\n",
     "wrong_type", "office.rooms", 4, 3, unit_bare("rooms", "2亿", "亿", "200000000")),
    ("an endless number", m.Target, "name: 收入\ntarget: .inf\n",
     "wrong_type", "target", 2, 1, wrong("target", NUMBER, ".inf", "23.5")),
    ("an endless whole number", m.Home, HOME + "office:\n  rooms: .inf\n",
     "wrong_type", "office.rooms", 4, 3, wrong("rooms", INT, ".inf", "20")),
    ("a shape's word typed as the value is the clerk's text", m.Home, HOME + "office:\n  rooms: 列表\n",
     "wrong_type", "office.rooms", 4, 3, wrong("rooms", INT, "列表", "20")),
    ("yes in quotes is no true", m.Site, SITE + "poster:\n  crop_marks: 'yes'\n",
     "wrong_type", "poster.crop_marks", 4, 3, wrong("crop_marks", ("true 或 false", "true or false"), "yes", "true")),
    ("~ in quotes is a text, not 'not given'", m.Target, "name: x\ntarget: 3\nactual: '~'\n",
     "wrong_type", "actual", 3, 1, wrong("actual", NUMBER, "~", "23.5")),
    ("true is no year", m.Site, SITE + "year: true\n", "wrong_type", "year", 3, 1, wrong("year", INT, "true", "20")),
    ("a list where a text belongs", m.Site, "title: [a]\ncounty: 县\n",
     "wrong_type", "title", 1, 1, wrong("title", ("文字", "text"), "列表", "县财政局", "a list")),
    ("a fraction of a second", m.Site, SITE + "screen:\n  slide_seconds: 2.5\n",
     "wrong_type", "screen.slide_seconds", 4, 3, wrong("slide_seconds", INT, "2.5", "20")),
    ("a missing field of a figure", m.Result, "title: x\ndate: 2024-05-01\nfigures:\n  - value: 500\n",
     "missing_field", "figures[0].label", 4, 5,
     (("缺少必填字段“label”", "在这一项里加上一行 label: …"),
      ("the required field 'label' is missing", "add a line 'label: …' to this item"))),
    ("a number past its field's range", list[m.Activity], "- date: 2024-01-05\n  kind: visit\n  attendance: 100000000000\n",
     "out_of_range", "[0].attendance", 3, 3,
     (("“attendance”的值 100000000000 超出范围 0–1000000000", "填写 0 到 1000000000 之间的数"),
      ("'attendance' = 100000000000 is outside 0–1000000000", "write a number from 0 to 1000000000"))),
    ("a number past any range", m.Target, "name: x\ntarget: 1e300\n",
     "out_of_range", "target", 2, 1,
     (("“target”的值 1e300 超出范围 -1e15–1e15", "填写 -1e15 到 1e15 之间的数"),
      ("'target' = 1e300 is outside -1e15–1e15", "write a number from -1e15 to 1e15"))),
    ("not a number", m.Target, "name: x\ntarget: .nan\n", "wrong_type", "target", 2, 1, wrong("target", NUMBER, ".nan", "23.5")),
    ("a month that is not", m.Team, "village: x\nunit: y\nsince: 2023-13\nmembers:\n  - name: a\n    role: b\n",
     "bad_date", "since", 3, 1,
     (("日期“2023-13”不对：没有这个月份或日期", "写成 YYYY、YYYY-MM 或 YYYY-MM-DD，例如 2024-06"),
      ("the date '2023-13' is wrong: there is no such month or day", "write it as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2024-06"))),
    ("no such day", list[m.Activity], "- date: 2024-13-05\n  kind: visit\n",
     "bad_date", "[0].date", 1, 3,
     (("日期“2024-13-05”不对：没有这一天", "写成 YYYY-MM-DD（年-月-日，用半角减号），例如 2024-05-01"),
      ("the date '2024-13-05' is wrong: there is no such day", "write it as YYYY-MM-DD (year-month-day), e.g. 2024-05-01"))),
]


@pytest.mark.parametrize("schema, text, code, field, line, col, words", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_problem_as_the_clerk_reads_it(schema, text, code, field, line, col, words):
    assert check(schema, text) == [(code, field, line, col, *words)]


def test_every_problem_of_a_file_in_one_run():
    got = check(m.Team, TEAM + "members:\n  - name: 张三\n  - 李四\nmottto: x\n")
    assert [(c, f, line) for c, f, line, *_ in got] == [
        ("missing_field", "members[0].role", 5), ("wrong_type", "members[1]", 6), ("unknown_field", "mottto", 7)]


def test_an_empty_list_file_is_an_empty_list():
    located, _ = load_yaml("", "honors.yaml")
    assert T.check_model(RawFile("honors.yaml", Path("honors.yaml"), located), list[m.Honor]) == ([], [])


def test_an_empty_model_file_is_missing_its_fields():
    located, _ = load_yaml("", "team.yaml")
    value, problems = T.check_model(RawFile("team.yaml", Path("team.yaml"), located), m.Team)
    assert value is None
    assert [(p.code, p.field, p.line) for p in problems][:1] == [("wrong_type", "", 1)]


def test_text_fields_keep_what_was_typed():
    located, _ = load_yaml("village: 青山村\nunit: 073122334455\nsince: 2023-03\nmotto: yes\n"
                           "members:\n  - name: ~\n    role: 12:30\n", "team.yaml")
    team, problems = T.check_model(RawFile("team.yaml", Path("team.yaml"), located), m.Team)
    assert problems == []
    assert (team.unit, team.motto, team.members[0].name, team.members[0].role) == ("073122334455", "yes", "~", "12:30")


def value(schema, text: str):
    located, _ = load_yaml(text, "x.yaml")
    got, problems = T.check_model(RawFile("x.yaml", Path("x.yaml"), located), schema)
    assert problems == []
    return got


def test_each_value_read_as_its_field_says():
    site = value(m.Site, SITE + "year: '2024'\nlabels:\n  home: 0731\n  team: yes\nposter:\n  crop_marks: yes\n")
    assert (site.year, site.labels, site.poster.crop_marks) == (2024, {"home": "0731", "team": "yes"}, True)
    home = value(m.Home, HOME + "office:\n  rooms: ~\n  equipment: [0731, yes, 12:30]\nduty_rota: [007]\n")
    assert (home.office.rooms, home.office.equipment, home.duty_rota) == (None, ["0731", "yes", "12:30"], ["007"])
    target = value(m.Target, "name: 1.50\ntarget: 3\nactual:\nbaseline: ~\n")
    assert (target.name, target.target, target.actual, target.baseline) == ("1.50", 3.0, None, None)


# ------------------------------------------------------------------ the helpers

@pytest.mark.parametrize("schema, loc, model", [
    (m.Team, ("members", 0), m.Member), (m.Team, (), m.Team), (list[m.Honor], (0,), m.Honor),
    (m.Site, ("poster",), m.PosterSettings), (m.Site, ("title",), None), (m.Site, ("nothing",), None),
    (m.Site, ("labels", "home"), None), (m.Site, ("title", "x"), None), (m.Home, ("office",), m.Office),
    (m.Home, ("contacts", 2), m.Contact), (list[m.Honor], (), None), (m.Supervision, ("checks", 0), m.Check),
])
def test_model_at(schema, loc, model):
    assert T._model_at(schema, loc) is model


@pytest.mark.parametrize("annotation, plain", [
    (m.Office | None, m.Office), (int | str, int | str), (int | str | None, int | str | None),
    (list[m.Member], list[m.Member]), (m.Text, str),
])
def test_unwrap(annotation, plain):
    assert T._unwrap(annotation) == plain


@pytest.mark.parametrize("name, zh, en", [
    ("vilage", "是不是想写“village”？可用的字段：village、unit", "did you mean 'village'? Known fields: village, unit"),
    ("qqq", "删掉这一行，或改成可用的字段之一：village、unit", "delete this line, or use one of the known fields: village, unit"),
])
def test_suggest(name, zh, en):
    assert T.suggest(name, ["village", "unit"]) == zh
    assert T.suggest(name, ["village", "unit"], False) == en


@pytest.mark.parametrize("text, typed", [
    ("万元", "万元"), ("%", '"%"'), ("yes", '"yes"'), ("12:30", '"12:30"'), ("0731", '"0731"'), ("[", '"["'),
    ("a: b", '"a: b"'), ("公里", "公里"),
])
def test_as_yaml(text, typed):
    assert T.as_yaml(text) == typed


@pytest.mark.parametrize("number, factor, whole", [
    ("1.5", 10**4, "15000"), ("2", 10**8, "200000000"), ("1.23456", 10**4, "12345.6"), ("0.5", 10**4, "5000"),
    ("abc", 10**4, "abc"), ("1.00001", 10**4, "10000.1"),
])
def test_times(number, factor, whole):
    assert T._times(number, factor) == whole


@pytest.mark.parametrize("value, fixed", [
    ("name:张三", "name: 张三"), ("  role:队员  ", "role: 队员"), ("photo:http://x", "photo: http://x"),
    ("photo://x", None), ("foo:bar", None), ("name: 张三", None), ("name:", None), ("1name:x", None),
    ("_x:y", None),
])
def test_colon_slip(value, fixed):
    assert T._colon_slip(value) == fixed
