"""The typed record model: the contract of ../shared/CONTENT-FORMAT.md as pydantic classes.

Field validators raise `PydanticCustomError` whose *type* is one of our problem codes
(`bad_date`, `bad_enum`, …), so `validate.py` can turn pydantic's errors into located,
translated problems without guessing. Unknown fields are forbidden everywhere: a typo such
as `tagret` must never pass silently.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ------------------------------------------------------------------ scalar types

def _wrong(expected: str, value: Any, example: str) -> PydanticCustomError:
    got = value if not isinstance(value, (dict, list)) else (
        "字段表" if isinstance(value, dict) else "列表")
    return PydanticCustomError("wrong_type", "wrong type",
                               {"expected": expected, "got": str(got)[:40], "example": example})


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise _wrong("text", value, "县财政局")
    if isinstance(value, float) and not math.isfinite(value):
        raise _wrong("text", value, "县财政局")
    text = str(value).strip()
    if not text:
        raise PydanticCustomError("empty", "empty", {})
    return text


def _optional_text(value: Any) -> str | None:
    """An optional text left blank (`motto: ""` or `motto:`) means it is not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _text(value)


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise _wrong("int", value, "20")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,15}\s*", value):
        return int(value)
    raise _wrong("int", value, "20")


def _number(value: Any) -> float | int:
    if isinstance(value, bool):
        raise _wrong("number", value, "23.5")
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", ""))
        except ValueError:
            raise _wrong("number", value, "23.5") from None
    if isinstance(value, (int, float)):
        if isinstance(value, float):
            if not math.isfinite(value) or abs(value) > 1e15:
                raise PydanticCustomError("out_of_range", "range",
                                          {"value": str(value), "low": "-1e15", "high": "1e15"})
            return int(value) if value.is_integer() else value
        if abs(value) > 10**15:
            raise PydanticCustomError("out_of_range", "range",
                                      {"value": str(value), "low": "-1e15", "high": "1e15"})
        return value
    raise _wrong("number", value, "23.5")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _wrong("bool", value, "true")


def _date(value: Any) -> _dt.date:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    form, example = "YYYY-MM-DD（年-月-日，用半角减号）", "2024-05-01"
    if text is None:
        raise _wrong("date", value, example)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not m:
        raise PydanticCustomError("bad_date", "bad date", {
            "value": text, "why": "格式应为 年-月-日", "form": form, "example": example})
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise PydanticCustomError("bad_date", "bad date", {
            "value": text, "why": "没有这一天", "form": form, "example": example}) from None


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """`2024`, `2024-06` or `2024-06-15`: terms and honors are often known only to the month."""
    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: "PartialDate") -> bool:
        return self.key < other.key

    def zh(self) -> str:
        out = f"{self.year}年"
        if self.month:
            out += f"{self.month}月"
        if self.day:
            out += f"{self.day}日"
        return out

    def first_day(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)


def _partial_date(value: Any) -> PartialDate:
    form, example = "YYYY、YYYY-MM 或 YYYY-MM-DD", "2024-06"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _wrong("date", value, example)
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not m:
        raise PydanticCustomError("bad_date", "bad date", {
            "value": text, "why": "格式应为 年、年-月 或 年-月-日（四位年份）",
            "form": form, "example": example})
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        raise PydanticCustomError("bad_date", "bad date", {
            "value": text, "why": "没有这个月份或日期", "form": form, "example": example}) from None
    return PartialDate(year, month or None, day or None)


def _enum(name: str, pairs: dict[str, str]):
    """Accept either spelling (English id or Chinese word); return the English id."""
    table = _both(pairs)
    allowed = "、".join(eng if zh == eng else f"{eng}（{zh}）" for eng, zh in pairs.items())

    def check(value: Any) -> str:
        key = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if key is not None and key in table:
            return table[key]
        raise PydanticCustomError("bad_enum", "bad enum", {
            "value": str(value), "name": name, "allowed": allowed})
    return check


def _range(low, high):
    def check(value):
        if value is not None and not (low <= value <= high):
            raise PydanticCustomError("out_of_range", "range",
                                      {"value": str(value), "low": str(low), "high": str(high)})
        return value
    return check


def _both(pairs: dict[str, str]) -> dict[str, str]:
    """{english: chinese} → lookup table accepting both spellings."""
    table = {eng: eng for eng in pairs}
    for eng, zh in pairs.items():
        for word in zh.split("/"):
            table[word.strip()] = eng
    return table


LEVELS = {"national": "国家级", "provincial": "省级", "municipal": "市级",
          "county": "县级", "township": "乡镇级"}
KINDS = {"weekly_meeting": "周例会", "monthly_forum": "月座谈", "quarterly_review": "季讲评",
         "training": "学习培训", "competition": "岗位练兵/业务比武", "recreation": "文娱活动",
         "health_talk": "健康讲座", "visit": "走访慰问", "heart_talk": "谈心谈话"}
CHECK_KINDS = {"monthly_check": "月查", "quarterly_supervision": "季督"}
DIRECTIONS = {"up": "up", "down": "down"}
SIZES = {s: s for s in ("A0", "A1", "A2", "A3", "A4")}
ORIENTATIONS = {"portrait": "portrait", "landscape": "landscape"}
PDF_VARIANTS = {"pdf/x-4": "pdf/x-4", "pdf/x-1a": "pdf/x-1a"}   # what print shops ask for

Text = Annotated[str, BeforeValidator(_text)]
OptText = Annotated[str | None, BeforeValidator(_optional_text)]
Int = Annotated[int, BeforeValidator(_int)]
Number = Annotated[float, BeforeValidator(_number)]
Bool = Annotated[bool, BeforeValidator(_bool)]
Date = Annotated[_dt.date, BeforeValidator(_date)]
PDate = Annotated[PartialDate, BeforeValidator(_partial_date)]
ImagePath = Text  # checked for existence and decoding in validate.py
OptImagePath = OptText
TeamId = Text
HomeId = Text
Level = Annotated[str, BeforeValidator(_enum("level", LEVELS))]
Kind = Annotated[str, BeforeValidator(_enum("kind", KINDS))]
CheckKind = Annotated[str, BeforeValidator(_enum("kind", CHECK_KINDS))]
Direction = Annotated[str, BeforeValidator(_enum("direction", DIRECTIONS))]
Size = Annotated[str, BeforeValidator(_enum("size", SIZES))]
Orientation = Annotated[str, BeforeValidator(_enum("orientation", ORIENTATIONS))]
NonNegative = Annotated[int, BeforeValidator(_int), AfterValidator(_range(0, 10**9))]


# ------------------------------------------------------------------ site.yaml

class PosterSettings(Record):
    size: Size = "A1"
    orientation: Orientation = "portrait"
    bleed_mm: Annotated[float, BeforeValidator(_number), AfterValidator(_range(0, 10))] = 0
    crop_marks: Bool = False
    show_phones: Bool = False   # privacy: phone numbers stay off posters unless asked
    logo: OptImagePath = None   # an image under content/ printed in the header band; none by default
    pdf_variant: Annotated[str | None, BeforeValidator(_enum("pdf_variant", PDF_VARIANTS))] = None


class ScreenSettings(Record):
    slide_seconds: Annotated[int, BeforeValidator(_int), AfterValidator(_range(5, 300))] = 15
    show_phones: Bool = False   # privacy: phone numbers stay off lobby screens unless asked


class Site(Record):
    title: Text
    county: Text
    office: OptText = None
    year: Annotated[int, BeforeValidator(_int), AfterValidator(_range(1949, 2200))] | None = None
    since: Date | None = None
    base_url: OptText = None
    poster: PosterSettings = PosterSettings()
    screen: ScreenSettings = ScreenSettings()
    labels: dict[str, Text] = Field(default_factory=dict)


# ------------------------------------------------------------------ home.yaml

class Office(Record):
    rooms: NonNegative | None = None
    equipment: list[Text] = Field(default_factory=list)


class Contact(Record):
    name: Text
    role: OptText = None
    phone: OptText = None


class Rule(Record):
    title: Text
    body: Text


class Home(Record):
    name: Text
    township: Text
    address: OptText = None
    opened: Date | None = None
    office: Office | None = None
    contacts: list[Contact] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    duty_rota: list[TeamId] = Field(default_factory=list)


# ------------------------------------------------------------------ team.yaml

class Member(Record):
    name: Text
    role: Text
    unit: OptText = None
    photo: OptImagePath = None
    since: PDate | None = None
    quote: OptText = None


class Team(Record):
    village: Text
    unit: Text
    since: PDate
    until: PDate | None = None
    motto: OptText = None
    members: Annotated[list[Member], Field(min_length=1)]


# ------------------------------------------------------------------ plans, results

class Target(Record):
    name: Text
    unit: OptText = None
    target: Number
    actual: Number | None = None
    baseline: Number | None = None
    direction: Direction = "up"
    note: OptText = None


class Plan(Record):
    year: Annotated[int, BeforeValidator(_int), AfterValidator(_range(1949, 2200))]
    title: OptText = None
    targets: list[Target] = Field(default_factory=list)
    measures: list[Text] = Field(default_factory=list)


class Figure(Record):
    label: Text
    value: Number
    unit: OptText = None


class Photo(Record):
    src: ImagePath
    caption: OptText = None


class Result(Record):
    title: Text
    date: Date
    figures: list[Figure] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)


# ------------------------------------------------------------------ honors, activities

class Honor(Record):
    title: Text
    level: Level
    date: PDate
    issuer: OptText = None
    recipient: OptText = None
    image: OptImagePath = None


class Activity(Record):
    date: Date
    kind: Kind
    title: OptText = None
    host_team: OptText = None
    attendance: NonNegative | None = None
    note: OptText = None


# ------------------------------------------------------------------ supervision.yaml

class Check(Record):
    date: Date
    home: HomeId
    kind: CheckKind
    findings: OptText = None


class Bulletin(Record):
    date: Date
    title: Text
    body: OptText = None


class Rating(Record):
    year: Annotated[int, BeforeValidator(_int), AfterValidator(_range(1949, 2200))]
    home: HomeId
    grade: Text


class Supervision(Record):
    checks: list[Check] = Field(default_factory=list)
    bulletins: list[Bulletin] = Field(default_factory=list)
    ratings: list[Rating] = Field(default_factory=list)


# ------------------------------------------------------------------ the county, assembled

@dataclass
class PlanRecord:
    rel: str
    plan: Plan
    body: str
    body_line: int


@dataclass
class ResultRecord:
    rel: str
    slug: str
    result: Result
    body: str
    body_line: int


@dataclass
class TeamRecord:
    id: str
    home_id: str
    rel: str                       # content-relative path of team.yaml
    team: Team
    plans: dict[int, PlanRecord]
    results: list[ResultRecord]    # newest first
    honors: list[Honor]
    honors_rel: str | None


@dataclass
class HomeRecord:
    id: str
    rel: str                       # content-relative path of home.yaml
    home: Home
    teams: dict[str, TeamRecord]   # in display order
    activities: list[Activity]     # in date order
    honors: list[Honor]
    honors_rel: str | None


@dataclass
class County:
    site: Site
    homes: dict[str, HomeRecord]
    supervision: Supervision
    root: str                      # the content folder, absolute
    images: dict[str, str]         # content-relative image path -> absolute path

    @property
    def year(self) -> int:
        """The year the boards show: site.year, else the latest year that has a plan."""
        if self.site.year:
            return self.site.year
        years = [y for h in self.homes.values() for t in h.teams.values() for y in t.plans]
        return max(years) if years else _dt.date.today().year
