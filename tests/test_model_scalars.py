"""The contract's scalar readers (sitegen/model.py), tested directly with tables.

Every record field goes through one of these: text, whole number, number, date, partial
date, choice, range. Their results and — when the value is wrong — the problem code and
the words they hand to the message (what was expected, what was written, the example to
type) are what a clerk sees, so each is pinned here for every kind of input: text as
written, numbers and dates a program passes in, true/false, nothing, lists and maps.
(A mutation run found these branches reached by no test: see docs/testing.md.)
"""
from __future__ import annotations

import datetime as dt

import pytest
from pydantic_core import PydanticCustomError

from sitegen import model as m
from sitegen import vocab


def fails(reader, value) -> tuple[str, dict]:
    with pytest.raises(PydanticCustomError) as err:
        reader(value)
    return err.value.type, dict(err.value.context or {})


# ------------------------------------------------------------------ text

@pytest.mark.parametrize("value, expected", [
    ("县财政局", "县财政局"), ("  两边有空格  ", "两边有空格"), (12, "12"), (1.5, "1.5"),
])
def test_text(value, expected):
    assert m._text(value) == expected


@pytest.mark.parametrize("value, got", [
    (True, "True"), (None, "None"), ([1], "列表"), ({"a": 1}, "字段表"), (float("nan"), "nan"),
])
def test_text_refuses(value, got):
    code, ctx = fails(m._text, value)
    assert code == "wrong_type"
    assert (ctx["expected"], ctx["got"], ctx["example"]) == ("text", got, "县财政局")


def test_text_names_lists_and_maps_in_english_too():
    assert fails(m._text, [1])[1]["got_en"] == "a list"
    assert fails(m._text, {"a": 1})[1]["got_en"] == "a map"
    assert "got_en" not in fails(m._text, True)[1]
    code, ctx = fails(m._int, "长" * 60)
    assert len(ctx["got"]) == 40          # a long value is cut in the message


@pytest.mark.parametrize("value", ["", "   "])
def test_required_text_left_blank_is_empty(value):
    assert fails(m._text, value)[0] == "empty"


@pytest.mark.parametrize("value, expected", [(None, None), ("", None), ("  ", None), ("写了", "写了")])
def test_optional_text(value, expected):
    assert m._optional_text(value) == expected


# ------------------------------------------------------------------ whole numbers

@pytest.mark.parametrize("value, expected", [
    (20, 20), (-3, -3), (4.0, 4), ("20", 20), (" +7 ", 7), ("-12", -12), ("010", 10), ("15.00", 15),
    ("999999999999999", 999999999999999),
])
def test_int(value, expected):
    got = m._int(value)
    assert got == expected and type(got) is int


@pytest.mark.parametrize("value, got", [
    (True, "True"), (None, "None"), (4.5, "4.5"), ([3], "列表"), ("4.5", "4.5"), ("很多", "很多"),
    ("1000000000000000", "1000000000000000"), (1e16, "1e+16"),
])
def test_int_refuses(value, got):
    code, ctx = fails(m._int, value)
    assert code == "wrong_type"
    assert (ctx["expected"], ctx["got"], ctx["example"]) == ("int", got, "20")


@pytest.mark.parametrize("text, number, unit, variant", [
    ("十五", "15", "", "cn_numeral"), ("12人", "12", "人", "with_unit"),
])
def test_int_tells_the_digits_to_type(text, number, unit, variant):
    code, ctx = fails(m._int, text)
    assert code == "wrong_type"
    assert (ctx["number"], ctx["unit"], ctx["variant"], ctx["example"]) == (number, unit, variant, number)


# ------------------------------------------------------------------ numbers

@pytest.mark.parametrize("value, expected", [
    (23.5, 23.5), (7, 7), (4.0, 4), ("23.5", 23.5), ("1,000", 1000), (" -2.5 ", -2.5), ("1e3", 1000),
    ("010", 10), (10**15, 10**15), (-1e15, -10**15),
])
def test_number(value, expected):
    got = m._number(value)
    assert got == expected
    assert type(got) is type(expected)        # whole values read as int: "15", not "15.0"


@pytest.mark.parametrize("value, got", [
    (True, "True"), (None, "None"), ([1], "列表"), ({"a": 1}, "字段表"), ("很多", "很多"),
])
def test_number_refuses(value, got):
    code, ctx = fails(m._number, value)
    assert code == "wrong_type"
    assert (ctx["expected"], ctx["got"], ctx["example"]) == ("number", got, "23.5")


@pytest.mark.parametrize("value, shown, finite", [
    (".nan", ".nan", "no"), ("-.inf", "-.inf", "no"), ("Infinity", "Infinity", "no"),
    (float("inf"), "inf", "no"), ("2e15", "2e15", "yes"), (2e15, "2000000000000000.0", "yes"),
    (10**15 + 1, str(10**15 + 1), "yes"),
])
def test_number_out_of_range(value, shown, finite):
    code, ctx = fails(m._number, value)
    assert code == "out_of_range"
    assert ctx == {"value": shown, "low": "-1e15", "high": "1e15", "bound": "number", "finite": finite}


@pytest.mark.parametrize("text, number, unit", [
    ("15%", "15", "%"), ("15万", "15", "万"), ("十五万", "15", "万"), ("两千零五", "2005", ""),
    ("1,200元", "1200", "元"),
])
def test_number_tells_the_digits_and_the_unit(text, number, unit):
    code, ctx = fails(m._number, text)
    assert (code, ctx["number"], ctx["unit"], ctx["got"]) == ("wrong_type", number, unit, text)
    assert ctx["variant"] == ("with_unit" if unit else "cn_numeral")


@pytest.mark.parametrize("text, expected", [
    ("十五", 15), ("十", 10), ("一百二十", 120), ("两千零五", 2005), ("三万五千", 35000),
    ("二〇二四", 2024), ("一亿", 10**8), ("五", 5), ("", None), ("十五户", None), ("abc", None),
])
def test_cn_number(text, expected):
    assert m.cn_number(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("15%", ("15", "%")), ("15 万元", ("15", "万元")), ("１５％", ("15", "%")), (".5亩", (".5", "亩")),
    ("十五户", ("15", "户")), ("很多", None), ("15", None), ("第3名", None),
])
def test_split_number(text, expected):
    assert m.split_number(text) == expected


# ------------------------------------------------------------------ true/false, ranges

@pytest.mark.parametrize("value, expected", [(True, True), (False, False)])
def test_bool(value, expected):
    assert m._bool(value) is expected


@pytest.mark.parametrize("value", ["true", "yes", 1, None])
def test_bool_refuses(value):
    assert fails(m._bool, value)[0] == "wrong_type"


@pytest.mark.parametrize("value, ok", [(0, True), (10, True), (5.5, True), (-0.1, False), (10.01, False), (None, True)])
def test_range(value, ok):
    check = m._range(0, 10)
    if ok:
        assert check(value) == value
    else:
        code, ctx = fails(check, value)
        assert (code, ctx["value"], ctx["low"], ctx["high"]) == ("out_of_range", str(value), "0", "10")


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("value, expected", [
    ("2024-03-05", dt.date(2024, 3, 5)), ("2024-02-29", dt.date(2024, 2, 29)),
    (" 2023-12-31 ", dt.date(2023, 12, 31)),
])
def test_date(value, expected):
    assert m._date(value) == expected


@pytest.mark.parametrize("value, example", [
    ("2024年3月5日", "2024-03-05"), ("2024.3.5", "2024-03-05"), ("2024/3/5", "2024-03-05"),
    ("20240305", "2024-03-05"),
])
def test_date_written_another_way_shows_the_form_to_type(value, example):
    code, ctx = fails(m._date, value)
    assert code == "bad_date"
    assert ctx["value"] == value and example in (ctx.get("example"), ctx.get("suggest"), *ctx.values())


@pytest.mark.parametrize("value", ["2023-02-29", "2024-13-01", "2024-04-31", "2024-00-10"])
def test_date_that_does_not_exist(value):
    code, ctx = fails(m._date, value)
    assert code == "bad_date" and ctx["value"] == value
    assert ctx.get("why") and ctx.get("why_en"), ctx


@pytest.mark.parametrize("value", [None, 2024, True, ["2024-01-01"], "下个月", dt.date(2024, 1, 1)])
def test_date_refuses_other_values(value):
    """Dates are read from the characters written (the reader hands them over as text), so
    even a date object is refused rather than trusted."""
    assert fails(m._date, value)[0] in ("bad_date", "wrong_type")


@pytest.mark.parametrize("value, text, key", [
    ("2024", "2024", (2024, 0, 0)), ("2024-05", "2024-05", (2024, 5, 0)),
    ("2024-05-06", "2024-05-06", (2024, 5, 6)), (2023, "2023", (2023, 0, 0)),
    ("2024-5", "2024-05", (2024, 5, 0)),          # a month without its 0 is read, and shown right
])
def test_partial_date(value, text, key):
    d = m._partial_date(value)
    assert (str(d), d.key) == (text, key)


@pytest.mark.parametrize("value", ["0000", "2024-13", "2024-02-30", "24", "五月", None, True])
def test_partial_date_refuses(value):
    code, ctx = fails(m._partial_date, value)
    assert code in ("bad_date", "wrong_type")
    if code == "bad_date":
        assert ctx["value"] == str(value)


def test_partial_dates_order_and_read():
    a, b, c = m._partial_date("2023"), m._partial_date("2023-05"), m._partial_date("2023-05-02")
    assert sorted([c, b, a]) == [a, b, c]
    assert (a.zh(), b.zh(), c.zh()) == ("2023年", "2023年5月", "2023年5月2日")
    assert (a.first_day(), b.first_day(), c.first_day()) == (dt.date(2023, 1, 1), dt.date(2023, 5, 1), dt.date(2023, 5, 2))


# ------------------------------------------------------------------ choices

@pytest.mark.parametrize("value, expected", [
    ("county", "county"), ("县级", "county"), (" 省级 ", "provincial"), ("national", "national"),
])
def test_enum_accepts_either_spelling(value, expected):
    assert m._enum("level", vocab.LEVEL)(value) == expected


@pytest.mark.parametrize("value", ["县", "County", True, 3, ["county"]])
def test_enum_refuses_and_lists_both_spellings(value):
    code, ctx = fails(m._enum("level", vocab.LEVEL), value)
    assert code == "bad_enum"
    assert (ctx["value"], ctx["name"]) == (str(value), "level")
    assert "county（县级）" in ctx["allowed"] and "national（国家级）" in ctx["allowed"]


@pytest.mark.parametrize("value", ["", "  ", None])
def test_a_blank_choice_is_empty_not_a_wrong_value(value):
    assert fails(m._enum("level", vocab.LEVEL), value)[0] == "empty"
    assert m._enum("pdf_variant", vocab.PDF_VARIANT, optional=True)(value) is None


def test_activity_kind_spellings():
    read = m._enum("kind", vocab.KIND)
    assert [read(x) for x in ("岗位练兵", "业务比武", "月座谈", "monthly_forum")] == [
        "competition", "competition", "monthly_forum", "monthly_forum"]
    assert vocab.Vocabulary("x", {"a": ("甲", "乙")}).table == {"a": "a", "甲": "a", "乙": "a"}


# every word a date problem hands to its message, pinned: the reason, the form and the
# example a clerk reads (zh and en)
DATE_PROBLEMS = [
    ('_date', '2024/3/5', 'bad_date', {'value': '2024/3/5', 'why': '年、月、日之间要用半角减号“-”', 'why_en': "year, month and day are separated by '-'", 'form': 'YYYY-MM-DD（年-月-日，用半角减号）', 'form_en': 'YYYY-MM-DD (year-month-day)', 'example': '2024-03-05', 'variant': 'write'}),
    ('_date', '2024年3月5日', 'bad_date', {'value': '2024年3月5日', 'why': '年、月、日之间要用半角减号“-”', 'why_en': "year, month and day are separated by '-'", 'form': 'YYYY-MM-DD（年-月-日，用半角减号）', 'form_en': 'YYYY-MM-DD (year-month-day)', 'example': '2024-03-05', 'variant': 'write'}),
    ('_date', '2023-02-29', 'bad_date', {'value': '2023-02-29', 'why': '没有这一天', 'why_en': 'there is no such day', 'form': 'YYYY-MM-DD（年-月-日，用半角减号）', 'form_en': 'YYYY-MM-DD (year-month-day)', 'example': '2024-05-01'}),
    ('_date', '2024-13', 'bad_date', {'value': '2024-13', 'why': '要写到日', 'why_en': 'the day is needed too', 'form': 'YYYY-MM-DD（年-月-日，用半角减号）', 'form_en': 'YYYY-MM-DD (year-month-day)', 'example': '2024-05-01'}),
    ('_date', '下个月', 'bad_date', {'value': '下个月', 'why': '格式应为 年-月-日', 'why_en': 'it must be year-month-day', 'form': 'YYYY-MM-DD（年-月-日，用半角减号）', 'form_en': 'YYYY-MM-DD (year-month-day)', 'example': '2024-05-01'}),
    ('_date', ['x'], 'wrong_type', {'expected': 'date', 'got': '列表', 'example': '2024-05-01', 'got_en': 'a list'}),
    ('_date', 2024.5, 'wrong_type', {'expected': 'date', 'got': '2024.5', 'example': '2024-05-01'}),
    ('_partial_date', '2024/3/5', 'bad_date', {'value': '2024/3/5', 'why': '年、月、日之间要用半角减号“-”', 'why_en': "year, month and day are separated by '-'", 'form': 'YYYY、YYYY-MM 或 YYYY-MM-DD', 'form_en': 'YYYY, YYYY-MM or YYYY-MM-DD', 'example': '2024-03-05', 'variant': 'write'}),
    ('_partial_date', '2024年3月5日', 'bad_date', {'value': '2024年3月5日', 'why': '年、月、日之间要用半角减号“-”', 'why_en': "year, month and day are separated by '-'", 'form': 'YYYY、YYYY-MM 或 YYYY-MM-DD', 'form_en': 'YYYY, YYYY-MM or YYYY-MM-DD', 'example': '2024-03-05', 'variant': 'write'}),
    ('_partial_date', '2023-02-29', 'bad_date', {'value': '2023-02-29', 'why': '没有这个月份或日期', 'why_en': 'there is no such month or day', 'form': 'YYYY、YYYY-MM 或 YYYY-MM-DD', 'form_en': 'YYYY, YYYY-MM or YYYY-MM-DD', 'example': '2024-06'}),
    ('_partial_date', '2024-13', 'bad_date', {'value': '2024-13', 'why': '没有这个月份或日期', 'why_en': 'there is no such month or day', 'form': 'YYYY、YYYY-MM 或 YYYY-MM-DD', 'form_en': 'YYYY, YYYY-MM or YYYY-MM-DD', 'example': '2024-06'}),
    ('_partial_date', '下个月', 'bad_date', {'value': '下个月', 'why': '格式应为 年、年-月 或 年-月-日（四位年份）', 'why_en': 'it must be year, year-month or year-month-day (four-digit year)', 'form': 'YYYY、YYYY-MM 或 YYYY-MM-DD', 'form_en': 'YYYY, YYYY-MM or YYYY-MM-DD', 'example': '2024-06'}),
    ('_partial_date', ['x'], 'wrong_type', {'expected': 'date', 'got': '列表', 'example': '2024-06', 'got_en': 'a list'}),
    ('_partial_date', 2024.5, 'wrong_type', {'expected': 'date', 'got': '2024.5', 'example': '2024-06'}),
]


@pytest.mark.parametrize("reader, value, code, context", DATE_PROBLEMS,
                         ids=[f"{r}-{v}" for r, v, _c, _x in DATE_PROBLEMS])
def test_date_problem_words(reader, value, code, context):
    assert fails(getattr(m, reader), value) == (code, context)
