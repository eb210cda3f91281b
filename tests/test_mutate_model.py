"""The record model (sitegen/model.py): the cases a mutation run found no test for.

Two kinds of table. The first feeds a few lines of YAML through the reader and the
validator, as `sitegen check` does, and pins what the clerk reads: the problem's code,
field and line and the words of its message and fix in Chinese and English. The second
calls the builders of the model's types (`_enum`, `_range`, `validators`, `reading`,
`field_range`) afresh: the model calls them once, at import, so a bug in them is only
seen by a test that builds a type itself (mutmut switches a mutant on after the import).
See docs/testing.md for the mutants each test kills.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from sitegen import model as m
from sitegen import vocab
from sitegen.read import RawFile, load_yaml
from sitegen.validate import check_model


def check(schema, text: str) -> list[tuple]:
    """Problems of one YAML file as `sitegen check` reports them: (code, field, line,
    zh message + fix, en message + fix)."""
    located, problems = load_yaml(text, "x.yaml")
    assert located is not None, problems
    _, problems = check_model(RawFile("x.yaml", Path("x.yaml"), located), schema)
    return [(p.code, p.field, p.line, " / ".join(p.text("zh")), " / ".join(p.text("en")))
            for p in problems]


def fails(reader, value) -> tuple[str, dict]:
    with pytest.raises(PydanticCustomError) as err:
        reader(value)
    return err.value.type, dict(err.value.context or {})


LEVELS_ZH = "national（国家级）、provincial（省级）、municipal（市级）、county（县级）、township（乡镇级）"
LEVELS_EN = "national, provincial, municipal, county, township (or the Chinese word of each)"

# schema, YAML, code, field, line, words of the Chinese text, words of the English text
# (each a list of fragments that must appear), fragments that must not appear in English
PIPELINE = [
    ("honor level", list[m.Honor], "- title: 优秀工作队\n  level: 县\n  date: 2024\n",
     "bad_enum", "[0].level", 2, ["“县”", LEVELS_ZH], ["'县'", LEVELS_EN], []),
    ("poster size", m.PosterSettings, "size: B5\n",
     "bad_enum", "size", 1, ["“B5”", "A0、A1、A2、A3、A4"], ["'B5'", "choose one of: A0, A1, A2, A3, A4"],
     ["Chinese word", "、"]),
    ("orientation", m.PosterSettings, "orientation: 横向\n",
     "bad_enum", "orientation", 1, ["portrait、landscape"], ["portrait, landscape"], ["Chinese word"]),
    ("activity kind", list[m.Activity], "- date: 2024-01-05\n  kind: 会议\n",
     "bad_enum", "[0].kind", 2, ["weekly_meeting（周例会）、monthly_forum（月座谈）", "competition（岗位练兵/业务比武）"],
     ["weekly_meeting, monthly_forum, quarterly_review, training, competition, recreation, "
      "health_talk, visit, heart_talk (or the Chinese word of each)"], ["周例会"]),
    ("check kind", m.Supervision, "checks:\n  - date: 2024-01-05\n    home: demo\n    kind: 年查\n",
     "bad_enum", "checks[0].kind", 4, ["monthly_check（月查）、quarterly_supervision（季督）"],
     ["monthly_check, quarterly_supervision (or the Chinese word of each)"], []),
    ("direction", m.Target, "name: 贫困户\ntarget: 3\ndirection: 下降\n",
     "bad_enum", "direction", 3, ["up、down"], ["choose one of: up, down"], ["Chinese word"]),
    ("bleed .nan names the field's range", m.PosterSettings, "bleed_mm: .nan\n",
     "out_of_range", "bleed_mm", 1, ["0–10"], ["'bleed_mm' = .nan is outside 0–10"], ["1e15"]),
    ("bleed 11", m.PosterSettings, "bleed_mm: 11\n",
     "out_of_range", "bleed_mm", 1, ["0–10"], ["outside 0–10"], []),
    ("slide seconds 2", m.ScreenSettings, "slide_seconds: 2\n",
     "out_of_range", "slide_seconds", 1, ["5–300"], ["outside 5–300"], []),
    ("number given a map", m.Target, "name: 贫困户\ntarget:\n  a: 1\n",
     "wrong_type", "target", 2, ["数字", "字段表"], ["must be a number, not 'a map'"], []),
    ("year given a map", m.Site, "title: 驻村\ncounty: 某县\nyear:\n  a: 1\n",
     "wrong_type", "year", 3, ["整数"], ["must be a whole number, not 'a map'"], []),
    ("attendance as Chinese numeral", list[m.Activity], "- date: 2024-01-05\n  kind: visit\n  attendance: 十五\n",
     "wrong_type", "[0].attendance", 3, ["十五", "attendance: 15"], ["write attendance: 15"], []),
    ("a long value is cut at 40 characters", list[m.Activity],
     "- date: 2024-01-05\n  kind: visit\n  attendance: 12" + "人" * 60 + "\n",
     "wrong_type", "[0].attendance", 3, ["“12" + "人" * 38 + "”"], ["'12" + "人" * 38 + "'", "write attendance: 12"], []),
    ("crop marks as text", m.PosterSettings, "crop_marks: 是\n",
     "wrong_type", "crop_marks", 1, ["“是”", "true"], ["'是'", "e.g. true"], []),
    ("blank title", m.Site, "title: ' '\ncounty: 某县\n",
     "empty", "title", 1, ["“title”不能为空"], ["'title' must not be empty"], []),
]


@pytest.mark.parametrize("schema, text, code, field, line, zh, en, not_en",
                         [row[1:] for row in PIPELINE], ids=[row[0] for row in PIPELINE])
def test_problem_as_the_clerk_reads_it(schema, text, code, field, line, zh, en, not_en):
    problems = check(schema, text)
    assert [p[:3] for p in problems] == [(code, field, line)], problems
    _, _, _, text_zh, text_en = problems[0]
    assert all(w in text_zh for w in zh), text_zh
    assert all(w in text_en for w in en), text_en
    assert not any(w in text_en for w in not_en), text_en


# ------------------------------------------------------------------ the builders, afresh

@pytest.mark.parametrize("name, pairs, allowed, allowed_en", [
    ("level", vocab.LEVEL, LEVELS_ZH, LEVELS_EN),
    ("size", vocab.SIZE, "A0、A1、A2、A3、A4", "A0, A1, A2, A3, A4"),
    # an id with two Chinese words lists both, split by a slash
    ("kind", vocab.KIND, "weekly_meeting（周例会）、monthly_forum（月座谈）、quarterly_review（季讲评）、"
     "training（学习培训）、competition（岗位练兵/业务比武）、recreation（文娱活动）、health_talk（健康讲座）、"
     "visit（走访慰问）、heart_talk（谈心谈话）",
     "weekly_meeting, monthly_forum, quarterly_review, training, competition, recreation, "
     "health_talk, visit, heart_talk (or the Chinese word of each)"),
    ("x", vocab.Vocabulary("x", {"a": ("甲",), "b": ()}), "a（甲）、b", "a, b (or the Chinese word of each)"),
])
def test_enum_lists_the_choices_in_both_languages(name, pairs, allowed, allowed_en):
    code, ctx = fails(m._enum(name, pairs), "？")
    assert (code, ctx) == ("bad_enum", {"value": "？", "name": name, "allowed": allowed,
                                        "allowed_en": allowed_en})


def test_range_tells_its_bounds():
    assert m._range(0, 10).bounds == (0, 10)
    assert m._range(5, 300).bounds == (5, 300)


@pytest.mark.parametrize("model, name, bounds", [
    (m.PosterSettings, "bleed_mm", (0, 10)), (m.ScreenSettings, "slide_seconds", (5, 300)),
    (m.Site, "year", (1949, 2200)),              # Annotated[...] | None: the range is inside
    (m.Activity, "attendance", (0, 10**9)), (m.Office, "rooms", (0, 10**9)),
    (m.Plan, "year", (1949, 2200)), (m.Target, "target", None), (m.Site, "title", None),
    (m.Site, "nothing", None), (None, "year", None),
])
def test_field_range(model, name, bounds):
    assert m.field_range(model, name) == bounds


def _a(value):
    return value


def _b(value):
    return value


VALIDATORS = [
    ("plain", int, (), int, []),
    ("annotated", Annotated[int, BeforeValidator(_a)], (), int, [_a]),
    ("optional annotated", Annotated[int, BeforeValidator(_a)] | None, (), int, [_a]),
    ("outer metadata and inner", Annotated[int, BeforeValidator(_a)] | None, (AfterValidator(_b),), int, [_b, _a]),
    ("nested", Annotated[Annotated[str, BeforeValidator(_a)] | None, AfterValidator(_b)], (), str, [_b, _a]),
    ("two types stay a union", int | str, (), int | str, []),
    ("metadata without a function", Annotated[int, "note", BeforeValidator(_a)], ("x",), int, [_a]),
    ("model date", m.Date | None, (), dt.date, [m._date]),
]


@pytest.mark.parametrize("annotation, metadata, base, funcs", [row[1:] for row in VALIDATORS],
                         ids=[row[0] for row in VALIDATORS])
def test_validators(annotation, metadata, base, funcs):
    assert m.validators(annotation, metadata) == (base, funcs)


def _field(model, name):
    info = model.model_fields[name]
    return m.reading(info.annotation, info.metadata)


# how each kind of field takes a YAML scalar (validate.retype acts on these words)
READING = [
    (m.Site, "title", ("text", None)), (m.Site, "office", ("text", None)),
    (m.Member, "photo", ("text", None)), (m.PosterSettings, "crop_marks", ("resolved", None)),
    (m.Site, "year", ("written", None)), (m.Site, "since", ("written", None)),
    (m.Honor, "level", ("written", None)), (m.Honor, "date", ("written", None)),
    (m.PosterSettings, "pdf_variant", ("written", None)), (m.Target, "target", ("written", None)),
    (m.Activity, "attendance", ("written", None)),
    (m.Home, "contacts", ("list", m.Contact)), (m.Home, "duty_rota", ("list", m.TeamId)),
    (m.Site, "labels", ("dict", m.Text)), (m.Site, "poster", ("model", m.PosterSettings)),
    (m.Home, "office", ("model", m.Office)), (m.Team, "members", ("list", m.Member)),
]


@pytest.fixture
def fresh_readings(monkeypatch):
    """`reading` answers from its memo, filled when the model is first validated (before
    mutmut switches a mutant on): a test of what it works out starts with an empty one."""
    monkeypatch.setattr(m, "_READINGS", {})


@pytest.mark.parametrize("model, name, expected", READING, ids=[f"{r[0].__name__}.{r[1]}" for r in READING])
def test_reading(model, name, expected, fresh_readings):
    assert _field(model, name) == expected


def test_reading_is_worked_out_once_per_type_and_kept_under_its_objects(fresh_readings, monkeypatch):
    info = m.Site.model_fields["title"]
    found = m.reading(info.annotation, info.metadata)
    assert m._READINGS == {(id(info.annotation), id(info.metadata)): (info.annotation, info.metadata, found)}
    monkeypatch.setattr(m, "_reading", lambda *a: pytest.fail("worked out again"))
    assert m.reading(info.annotation, info.metadata) == found


def test_reading_takes_from_its_memo_only_what_was_kept_for_those_very_objects(fresh_readings):
    info = m.Site.model_fields["title"]
    ann, meta = info.annotation, info.metadata
    m._READINGS[(id(ann), id(meta))] = (ann, meta, "kept")
    assert m.reading(ann, meta) == "kept"
    for stale in ((int, meta, "kept"), (ann, [], "kept"), (meta, ann, "kept")):  # ids of other objects
        m._READINGS[(id(ann), id(meta))] = stale
        assert m.reading(ann, meta) == ("text", None)
    m._READINGS.clear()
    m._READINGS[(id(None), id(meta))] = m._READINGS[(id(ann), id(None))] = (ann, meta, "kept")
    m._READINGS[None] = (ann, meta, "kept")
    assert m.reading(ann, meta) == ("text", None)


def test_reading_of_list_items(fresh_readings):
    assert m.reading(m.Text) == ("text", None)
    assert m.reading(str) == ("text", None)           # a bare str is text too
    assert m.reading(m.Level) == ("written", None)    # an enum parses the characters itself
    assert m.reading(int) == ("written", None)


# ------------------------------------------------------------------ scalars at their edges

@pytest.mark.parametrize("value, expected", [
    (999999999999999.0, 999999999999999), (-999999999999999.0, -999999999999999),
])
def test_int_from_a_whole_float(value, expected):
    """Spreadsheet cells come as floats: whole ones below 10^15 are whole numbers."""
    got = m._int(value)
    assert got == expected and type(got) is int


@pytest.mark.parametrize("value", [1e15, -1e15, 1e15 + 2])
def test_int_refuses_a_float_of_16_digits(value):
    code, ctx = fails(m._int, value)
    assert (code, ctx) == ("wrong_type", {"expected": "int", "got": str(value), "example": "20"})


@pytest.mark.parametrize("text", ["1000000000000000.5", "-1000000000000000.5", "1000000000000000.125"])
def test_number_just_over_the_limit(text):
    code, ctx = fails(m._number, text)
    assert (code, ctx["value"], ctx["finite"]) == ("out_of_range", text, "yes")


@pytest.mark.parametrize("value", ["yes", "是", 1, None])
def test_bool_refuses_with_the_example(value):
    assert fails(m._bool, value) == ("wrong_type", {"expected": "bool", "got": str(value), "example": "true"})


@pytest.mark.parametrize("text, expected", [
    ("万", 10**4), ("亿", 10**8), ("一亿五千万", 150_000_000), ("一亿五千万零三", 150_000_003),
    ("三亿二千万", 320_000_000), ("两万三千", 23_000), ("十万", 100_000),
])
def test_cn_number_with_big_units(text, expected):
    assert m.cn_number(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("十万", ("10", "万")), ("五万", ("5", "万")), ("万", ("10000", "")), ("x十", None),
    ("一亿五千万零三", ("150000003", "")),
])
def test_split_number_with_big_units(text, expected):
    assert m.split_number(text) == expected


def test_a_long_value_with_a_number_is_cut_in_the_message():
    code, ctx = fails(m._int, "12" + "人" * 60)
    assert (code, ctx["variant"], ctx["number"], ctx["got"]) == ("wrong_type", "with_unit", "12", "12" + "人" * 38)


# ------------------------------------------------------------------ bugs found on the way

@pytest.mark.parametrize("written, number", [("十万", "100000"), ("15万", "150000"), ("1.5万", "15000"), ("2亿", "200000000")])
def test_attendance_in_wan_is_told_the_whole_number(written, number):
    problems = check(list[m.Activity], f"- date: 2024-01-05\n  kind: visit\n  attendance: {written}\n")
    assert f"attendance: {number}" in problems[0][3]


@pytest.mark.parametrize("schema, text", [
    (list[m.Honor], "- title: 优秀工作队\n  level:\n  date: 2024\n"),
    (m.PosterSettings, "pdf_variant:\n"),
])
def test_a_blank_choice_never_shows_none(schema, text):
    problems = check(schema, text)
    assert not any("None" in p[3] or "None" in p[4] for p in problems), problems


def test_a_blank_required_choice_is_empty_and_a_blank_optional_one_is_not_given():
    problems = check(list[m.Honor], "- title: 优秀工作队\n  level:\n  date: 2024\n")
    assert [p[:3] for p in problems] == [("empty", "[0].level", 2)], problems
    assert check(m.PosterSettings, "pdf_variant:\n") == []
    assert m.PosterSettings.model_validate({"pdf_variant": None}).pdf_variant is None
    assert check(m.PosterSettings, "pdf_variant: pdf/x-4\n") == []


# ------------------------------------------------------------------ what an enum reads as a spelling

# spellings that look like what str() makes of values that are no text: only text and
# whole numbers are read as a spelling, so `True` (a TRUE cell of an imported sheet),
# 1.5 or a list is never taken for one, whatever its str() happens to be
ODD = vocab.Vocabulary("x", {"True": (), "1.5": (), "7": (), "['a']": ("甲",)})


@pytest.mark.parametrize("words, value, expected", [
    (ODD, "True", "True"), (ODD, " 1.5 ", "1.5"), (ODD, 7, "7"), (ODD, "7", "7"),
    (ODD, "['a']", "['a']"), (ODD, " 甲 ", "['a']"),
    (vocab.KIND, "业务比武", "competition"), (vocab.KIND, "岗位练兵", "competition"),
    (vocab.LEVEL, " 县级", "county"), (vocab.LEVEL, "county", "county"),
])
def test_enum_reads_text_and_whole_numbers(words, value, expected):
    assert m._enum("x", words)(value) == expected


@pytest.mark.parametrize("value", [True, False, 1.5, ["a"], {"a": 1}])
def test_enum_reads_no_other_value_as_a_spelling(value):
    code, ctx = fails(m._enum("x", ODD), value)
    assert (code, ctx["value"], ctx["name"]) == ("bad_enum", str(value), "x")


# ------------------------------------------------------------------ positions (Where, Placed)

TEAM_YAML = ("village: 东山村\nunit: 县农业局\nsince: 2024-03\nmembers:\n"
             "  - name: 张三\n    role: 队长\n  - name: 李四\n    role: 队员\n")
TEAM_REL = "homes/dongshan/teams/dongshan/team.yaml"

# path asked for, where `sitegen check` points: the key if written, else the nearest
# written parent (a list item is where its first key is), never a grandparent
POSITIONS = [
    (("members", 1, "role"), (8, 5)),
    (("members", 1, "photo"), (7, 5)),           # not written: the item it belongs to
    (("members", 1, "photo", "x"), (7, 5)),
    (("members", 0), (5, 5)),
    (("members",), (4, 1)),
    (("members", 2, "name"), (4, 1)),            # no third member: the list
    (("motto",), (1, 1)),                         # not written: the file's start
    ((), (1, 1)),
]


def team_where():
    from sitegen.validate import where
    located, problems = load_yaml(TEAM_YAML, TEAM_REL)
    assert located is not None and problems == []
    return where(RawFile(TEAM_REL, Path(TEAM_REL), located))


@pytest.mark.parametrize("path, at", POSITIONS, ids=[".".join(map(str, p)) or "root" for p, _ in POSITIONS])
def test_where_points_at_the_key_or_its_nearest_parent(path, at):
    assert team_where().position(*path) == at


@pytest.mark.parametrize("path", [("title",), ("members", 0, "name"), ()])
def test_where_of_a_file_with_no_positions_points_at_its_start(path):
    """The honors file read as a whole, or positions from a damaged cache: line 1, column 1."""
    assert m.Where("honors.yaml", {}).position(*path) == (1, 1)


def _pickled(where, times: int):
    import pickle
    for _ in range(times):
        where = pickle.loads(pickle.dumps(where, protocol=pickle.HIGHEST_PROTOCOL))
    return where


@pytest.mark.parametrize("times", [1, 2])
def test_positions_come_back_from_the_cache(times):
    """The build keeps every parsed home as a pickle: `sitegen check` after a cached build
    must point at the same lines as after a fresh read (once or twice through the cache)."""
    restored = _pickled(team_where(), times)
    assert restored.file == TEAM_REL
    assert [restored.position(*path) for path, _ in POSITIONS] == [at for _, at in POSITIONS]


def test_positions_of_chinese_keys_come_back_from_the_cache():
    where = m.Where("site.yaml", {("labels",): (3, 1), ("labels", "村名"): (4, 3), ("labels", "村名", 0): (4, 9)})
    restored = _pickled(where, 1)
    assert (restored.position("labels", "村名"), restored.position("labels", "村名", 0),
            restored.position("labels", "队名")) == ((4, 3), (4, 9), (3, 1))


def test_a_record_without_positions_for_a_file_points_at_its_start():
    """A record made in code, or asked about a file it was not read from: (1, 1)."""
    rec = m.PlanRecord("homes/x/teams/y/plans/2024.md", None, "", 1)
    assert rec.position(rec.rel, "year") == (1, 1)
    rec.placed(m.Where(rec.rel, {("year",): (2, 1)}))
    assert (rec.position(rec.rel, "year"), rec.position("other.md", "year"), rec.position(None, "year")) \
        == ((2, 1), (1, 1), (1, 1))


def test_a_home_with_a_key_utf8_cannot_write_comes_back_from_a_worker(tmp_path):
    """`"\\ud800": 1` (a quoted key with a lone surrogate escape) is an error of its
    activities.yaml, and the record still keeps that file's positions. The build's
    parallel loader (48 homes or more, `-j 2`) sends every home back pickled: packing
    the positions as UTF-8 raised UnicodeEncodeError there and the whole build crashed
    instead of listing the problem. Pickled, the home keeps its problems and positions."""
    import pickle
    import shutil
    from sitegen.validate import load_home
    root = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content" / "homes" / "changpu", root / "homes" / "changpu")
    activities = root / "homes" / "changpu" / "activities.yaml"
    lines = len(activities.read_text(encoding="utf-8").splitlines())
    n = len(load_home(root, root / "homes" / "changpu")[0].activities)    # the new item's index
    with activities.open("a", encoding="utf-8") as f:
        f.write('- date: 2024-01-05\n  kind: visit\n  "\\ud800": 1\n')
    record, problems, images = load_home(root, root / "homes" / "changpu")
    assert record is not None and problems
    back, back_problems, back_images = pickle.loads(pickle.dumps((record, problems, images)))
    assert (back_problems, back_images) == (problems, images)
    rel = "homes/changpu/activities.yaml"
    assert back.position(rel, n, "\ud800") == record.position(rel, n, "\ud800") == (lines + 3, 3)


# ------------------------------------------------------------------ the homes, loaded when asked

CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="module")
def demo_home():
    from sitegen.validate import load_county
    county, _problems = load_county(CASES / "good" / "minimal" / "content")
    return county.homes["demo"]


class _Deferred:
    def __init__(self, record):
        self.record, self.loads = record, 0

    def load(self):
        self.loads += 1
        return self.record


def test_homes_load_a_deferred_record_once_and_note_each_read(demo_home):
    deferred = _Deferred(demo_home)
    homes = m.Homes({"demo": deferred, "b": demo_home})
    assert "demo" in homes and "b" in homes and "c" not in homes and None not in homes
    with m.noting_reads() as outer:
        with m.noting_reads() as inner:
            assert homes["demo"] is demo_home and homes["demo"] is demo_home
        assert homes["b"] is demo_home
    assert deferred.loads == 1
    assert inner == {"demo"} and outer == {"demo", "b"}
    m.note_read("x")                 # outside any block: noted nowhere
    assert repr(homes) == "Homes(['demo', 'b'])" and list(homes) == ["demo", "b"] and len(homes) == 2


def test_homes_summary_given_is_used_without_the_record(demo_home):
    from sitegen.facts import summarize
    summary = summarize(demo_home)
    deferred = _Deferred(demo_home)
    homes = m.Homes({"demo": deferred}, {"demo": summary})
    assert homes.summary("demo") is summary and homes.summaries() == [summary]
    assert deferred.loads == 0
    made = m.Homes({"demo": _Deferred(demo_home)})
    assert made.summary("demo") == summary and made.summary("demo") is made.summary("demo")
