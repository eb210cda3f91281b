"""The typed record model: the contract of ../shared/CONTENT-FORMAT.md as pydantic classes.

Field validators raise `PydanticCustomError` whose *type* is one of our problem codes
(`bad_date`, `bad_enum`, …), so `validate.py` can turn pydantic's errors into located,
translated problems without guessing. Unknown fields are forbidden everywhere: a typo such
as `tagret` must never pass silently.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import re
import types
import typing
import unicodedata
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import total_ordering
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from . import vocab
from .i18n import CHECK_WORDS, DATE_WHY, ENUM_CHOICE, MODEL_TEXT as _T


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ------------------------------------------------------------------ scalar types

def _wrong(expected: str, value: Any, example: str) -> PydanticCustomError:
    shape = "got_map" if isinstance(value, dict) else "got_list" if isinstance(value, list) else None
    got = CHECK_WORDS["zh"][shape] if shape else value
    ctx = {"expected": expected, "got": str(got)[:40], "example": example}
    if shape:
        ctx["got_en"] = CHECK_WORDS["en"][shape]
    return PydanticCustomError("wrong_type", "wrong type", ctx)


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise _wrong("text", value, _T["text_example"])
    if isinstance(value, float) and not math.isfinite(value):
        raise _wrong("text", value, _T["text_example"])
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
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[-+]?\d{1,15}", text):
            return int(text)
        if re.fullmatch(r"[-+]?\d{1,15}\.0*", text):
            return int(float(text))
        raise _not_a_number(text, "int", "20")
    raise _wrong("int", value, "20")


_NOT_FINITE = {".nan", "nan", ".inf", "inf", "infinity"}


def _number(value: Any) -> float | int:
    if isinstance(value, bool):
        raise _wrong("number", value, "23.5")
    text = None
    if isinstance(value, str):
        text = value.strip()
        if text.lower().lstrip("+-") in _NOT_FINITE:
            value = float("nan")
        else:
            try:
                value = float(text.replace(",", ""))
            except ValueError:
                raise _not_a_number(text, "number", "23.5") from None
    if isinstance(value, (int, float)):
        if isinstance(value, float):
            if not math.isfinite(value) or abs(value) > 1e15:
                # `bound` lets validate.py name the field's own range (bleed_mm 0–10)
                raise PydanticCustomError("out_of_range", "range", {
                    "value": text or str(value),
                    "low": "-1e15", "high": "1e15", "bound": "number",
                    "finite": "yes" if math.isfinite(value) else "no"})
            return int(value) if value.is_integer() else value
        if abs(value) > 10**15:
            raise PydanticCustomError("out_of_range", "range",
                                      {"value": str(value), "low": "-1e15", "high": "1e15",
                                       "bound": "number", "finite": "yes"})
        return value
    raise _wrong("number", value, "23.5")


# ------------------------------------------------------------------ what clerks type instead

_CN_DIGITS, _CN_UNITS, _CN_BIG = vocab.CN_DIGITS, vocab.CN_UNITS, vocab.CN_BIG
_CN_CHARS = set(_CN_DIGITS) | set(_CN_UNITS) | set(_CN_BIG)


def cn_number(text: str) -> int | None:
    """A Chinese numeral as a number: 十五 → 15, 一百二十 → 120, 两千零五 → 2005,
    三万五千 → 35000, 二〇二四 → 2024; None when `text` is not one."""
    if not text or any(c not in _CN_CHARS for c in text):
        return None
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total = section = digit = 0
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[c]
            digit = 0
        else:
            total += ((section + digit) or 1) * _CN_BIG[c]
            section = digit = 0
    return total + section + digit


_NUM_UNIT = re.compile(r"([-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*([^\d\s][^\d]*?)")


def split_number(text: str) -> tuple[str, str] | None:
    """`15万` → ("15", "万"), `15%` → ("15", "%"), `十五` → ("15", ""), `十五户` → ("15", "户"):
    the digits a clerk meant and the unit written after them; None if there are none."""
    text = unicodedata.normalize("NFKC", text).strip()
    m = _NUM_UNIT.fullmatch(text)
    if m:
        return m[1].replace(",", ""), m[2].strip()
    end = 0
    while end < len(text) and text[end] in _CN_CHARS:
        end += 1
    head, unit = text[:end], text[end:].strip()
    while head and head[-1] in _CN_BIG and len(head) > 1 and not unit:
        head, unit = head[:-1], head[-1]     # 十五万 is 15 with the unit 万, as 15万 is
    number = cn_number(head)
    if number is None or any(ch.isdigit() for ch in unit):
        return None
    return str(number), unit


def _not_a_number(text: str, expected: str, example: str) -> PydanticCustomError:
    """A wrong number, with the digits to type when the clerk's meaning is clear."""
    split = split_number(text)
    if split is None:
        return _wrong(expected, text, example)
    number, unit = split
    variant = "with_unit" if unit else "cn_numeral"
    return PydanticCustomError("wrong_type", "wrong type", {
        "expected": expected, "got": text[:40], "example": number, "variant": variant,
        "number": number, "unit": unit})


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _wrong("bool", value, "true")


def _bad_date(text: str, why: str, form: str, form_en: str, example: str,
              variant: str = "") -> PydanticCustomError:
    """`why` is a key of i18n.DATE_WHY (the reason in both languages)."""
    why, why_en = DATE_WHY[why]
    ctx = {"value": text, "why": why, "why_en": why_en, "form": form,
           "form_en": form_en, "example": example}
    if variant:
        ctx["variant"] = variant
    return PydanticCustomError("bad_date", "bad date", ctx)


_CN_RUN = re.compile("[" + "".join(_CN_CHARS) + "]+")
_LOOSE_DATE = re.compile(vocab.LOOSE_DATE)


def guess_date(text: str) -> tuple[int, int | None, int | None] | None:
    """What a date written the Chinese or the spreadsheet way means: `2024年3月5日`,
    `2024.3.5`, `2024/3/5`, `20240305`, `２０２４－３－５`, `二〇二四年三月五日` →
    (2024, 3, 5); `2024年3月` → (2024, 3, None). None when it is no date at all."""
    text = unicodedata.normalize("NFKC", str(text)).strip()
    text = _CN_RUN.sub(lambda m: str(cn_number(m[0])) if m[0][-1] not in _CN_BIG else m[0], text)
    m = _LOOSE_DATE.fullmatch(text)
    if not m:
        return None
    if m[4]:
        return int(m[4]), int(m[5]), int(m[6])
    return int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])


def _date_text(year: int, month: int | None, day: int | None) -> str | None:
    """ISO text of a (partial) date, or None if there is no such day."""
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def _date(value: Any) -> _dt.date:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    form, form_en, example = _T["date_form"], "YYYY-MM-DD (year-month-day)", "2024-05-01"
    if text is None:
        raise _wrong("date", value, example)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not m:
        guess = guess_date(text)
        if guess and guess[2]:
            iso = _date_text(*guess)
            if iso:
                raise _bad_date(text, "dash", form, form_en, iso, "write")
            raise _bad_date(text, "no_day", form, form_en, example)
        raise _bad_date(text, "need_day" if guess else "form", form, form_en, example)
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise _bad_date(text, "no_day", form, form_en, example) from None


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
        out = _T["year"].format(year=self.year)
        if self.month:
            out += _T["month"].format(month=self.month)
        if self.day:
            out += _T["day"].format(day=self.day)
        return out

    def first_day(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)


def _partial_date(value: Any) -> PartialDate:
    form, form_en, example = _T["partial_date_form"], "YYYY, YYYY-MM or YYYY-MM-DD", "2024-06"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _wrong("date", value, example)
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if not m:
        guess = guess_date(text)
        iso = guess and _date_text(*guess)
        if iso:
            raise _bad_date(text, "dash", form, form_en, iso, "write")
        raise _bad_date(text, "no_month_day" if guess else "partial_form", form, form_en, example)
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if year == 0:
        raise _bad_date(text, "no_year0", form, form_en, example)
    if _date_text(year, month, day) is None:
        raise _bad_date(text, "no_month_day", form, form_en, example)
    return PartialDate(year, month or None, day or None)


def _enum(name: str, words: vocab.Vocabulary, optional: bool = False):
    """Accept any spelling of the vocabulary (English id or Chinese word); return the id.
    Left blank (`level:`), an optional choice is not given and a required one is empty:
    the clerk is never told that "None" is not an allowed value."""
    allowed = ENUM_CHOICE["sep"].join(
        ENUM_CHOICE["item"].format(id=eng, words="/".join(other)) if other else eng
        for eng, other in words.spellings.items())
    allowed_en = ", ".join(words) + (" (or the Chinese word of each)" if any(
        other for other in words.spellings.values()) else "")

    def check(value: Any) -> str | None:
        if value is None or isinstance(value, str) and not value.strip():
            if optional:
                return None
            raise PydanticCustomError("empty", "empty", {})
        key = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if key is not None and key in words.table:
            return words.table[key]
        raise PydanticCustomError("bad_enum", "bad enum", {
            "value": str(value), "name": name, "allowed": allowed, "allowed_en": allowed_en})
    return check


def _range(low, high):
    def check(value):
        if value is not None and not (low <= value <= high):
            raise PydanticCustomError("out_of_range", "range",
                                      {"value": str(value), "low": str(low), "high": str(high)})
        return value
    check.bounds = (low, high)   # read by field_range(), for values that fail before this
    return check


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
# The enums are vocab's: one definition each, with their accepted spellings.
Level = Annotated[str, BeforeValidator(_enum("level", vocab.LEVEL))]
Kind = Annotated[str, BeforeValidator(_enum("kind", vocab.KIND))]
CheckKind = Annotated[str, BeforeValidator(_enum("kind", vocab.CHECK_KIND))]
Direction = Annotated[str, BeforeValidator(_enum("direction", vocab.DIRECTION))]
Size = Annotated[str, BeforeValidator(_enum("size", vocab.SIZE))]
Orientation = Annotated[str, BeforeValidator(_enum("orientation", vocab.ORIENTATION))]
NonNegative = Annotated[int, BeforeValidator(_int), AfterValidator(_range(0, 10**9))]


# ------------------------------------------------------------------ how a field reads YAML

TEXT_READERS = (_text, _optional_text)


def validators(annotation, metadata=()) -> tuple[Any, list]:
    """The type under `Annotated[...]` and `X | None`, and the validator functions met on
    the way (pydantic keeps a field's outer Annotated metadata apart, in `metadata`)."""
    funcs = [getattr(x, "func", None) for x in metadata]
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            base, *extra = typing.get_args(annotation)
            funcs += [getattr(x, "func", None) for x in extra]
            annotation = base
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                break
            annotation = args[0]
        else:
            break
    return annotation, [f for f in funcs if f is not None]


_READINGS: dict = {}     # (id(annotation), id(metadata)) -> (annotation, metadata, reading)


def reading(annotation, metadata=()) -> tuple[str, Any]:
    """How a field of this type takes a YAML scalar (validate.retype applies it).

    Asked for every value of every record (39,450 times for 50 bench homes, 15 % of their
    validation): answered once per field type, by identity (the annotations and metadata
    lists are the model classes' own, held here so that their ids stay theirs).

    "text": the characters written (YAML 1.1 would make `0731…` octal, `12:30` base 60,
    `yes` a boolean, `~` null); "resolved": YAML's value (only true/false fields);
    "written": the characters written, for numbers, dates and enums, which parse them
    themselves (so `010` is ten and `12:30` is no number); or a container to walk:
    ("list", item type), ("dict", value type), ("model", class).
    """
    hit = _READINGS.get((id(annotation), id(metadata)))
    if hit is not None and hit[0] is annotation and hit[1] is metadata:
        return hit[2]
    found = _reading(annotation, metadata)
    _READINGS[(id(annotation), id(metadata))] = (annotation, metadata, found)
    return found


def _reading(annotation, metadata) -> tuple[str, Any]:
    base, funcs = validators(annotation, metadata)
    if any(f in TEXT_READERS for f in funcs) or (base is str and not funcs):
        return "text", None
    if _bool in funcs:
        return "resolved", None
    origin = typing.get_origin(base)
    if origin is list:
        return "list", typing.get_args(base)[0]
    if origin is dict:
        return "dict", typing.get_args(base)[1]
    if isinstance(base, type) and issubclass(base, BaseModel):
        return "model", base
    return "written", None


def field_range(model: type | None, name: str) -> tuple | None:
    """(low, high) of a model field checked by `_range`, else None."""
    info = model.model_fields.get(name) if model is not None else None
    if info is None:
        return None
    _base, funcs = validators(info.annotation, info.metadata)
    return next((f.bounds for f in funcs if hasattr(f, "bounds")), None)


# ------------------------------------------------------------------ site.yaml

class PosterSettings(Record):
    size: Size = "A1"
    orientation: Orientation = "portrait"
    bleed_mm: Annotated[float, BeforeValidator(_number), AfterValidator(_range(0, 10))] = 0
    crop_marks: Bool = False
    show_phones: Bool = False   # privacy: phone numbers stay off posters unless asked
    logo: OptImagePath = None   # an image under content/ printed in the header band; none by default
    pdf_variant: Annotated[str | None, BeforeValidator(_enum("pdf_variant", vocab.PDF_VARIANT, optional=True))] = None


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

class Where:
    """Where one record file wrote its values: (line, column) of every key and list item,
    by path (`("members", 2, "photo")`), as the reader found them.

    Kept with the records so that `sitegen check` places a finding without reading the
    file a second time (and so that what it places is what was validated). The build
    caches every parsed home as a pickle and loads them all on each run, but only `check`
    asks for positions: so a Where pickles as one compressed JSON text per file, decoded on
    first use (on the sample county a tuple per value made the cached homes 50 % larger and
    several times slower to unpickle; packed, they are 21 % larger and load as before)."""
    __slots__ = ("file", "_at", "_packed")

    def __init__(self, file: str, at: dict | None = None, packed: bytes | None = None):
        self.file, self._at, self._packed = file, at, packed

    @property
    def at(self) -> dict:
        if self._at is None:
            try:      # sealed in the cache, still never trusted: a bad text has no positions
                rows = json.loads(zlib.decompress(self._packed)) if self._packed else []
                self._at = {tuple(path): (int(line), int(col)) for path, line, col in rows}
            except (zlib.error, ValueError, TypeError):
                self._at = {}
        return self._at

    def position(self, *path) -> tuple[int, int]:
        """The key if written, else the nearest written parent (as `read.Located`)."""
        at = self.at
        while path not in at:
            if not path:
                return (1, 1)
            path = path[:-1]
        return at[path]

    def __reduce__(self):
        if self._packed is None:
            rows = [[list(path), line, col] for path, (line, col) in self._at.items()]
            # ASCII (json's default): a key may hold a lone surrogate (`"\ud800": 1`), which
            # UTF-8 cannot write
            text = json.dumps(rows, separators=(",", ":"), default=str)
            self._packed = zlib.compress(text.encode(), 1)
        return (Where, (self.file, None, self._packed))

    def __repr__(self) -> str:
        return f"Where({self.file!r})"


class Placed:
    """A record that knows where its files wrote each value.

    `where` is a plain attribute, not a dataclass field: equality, repr and the build's
    page keys (which walk dataclass fields) stay what the values make them, so adding a
    comment line above a field re-renders nothing. It is pickled with the record, so a
    home from the cache keeps its positions. A record made in code has none: (1, 1)."""
    where: typing.ClassVar[typing.Mapping[str, Where]] = types.MappingProxyType({})

    def position(self, file: str | None, *path) -> tuple[int, int]:
        where = self.where.get(file)
        return where.position(*path) if where else (1, 1)

    def placed(self, *wheres: Where):
        self.where = {w.file: w for w in wheres if w is not None}
        return self


@dataclass
class PlanRecord(Placed):
    rel: str
    plan: Plan
    body: str
    body_line: int


@dataclass
class ResultRecord(Placed):
    rel: str
    slug: str
    result: Result
    body: str
    body_line: int


@dataclass
class TeamRecord(Placed):
    id: str
    home_id: str
    rel: str                       # content-relative path of team.yaml
    team: Team
    plans: dict[int, PlanRecord]
    results: list[ResultRecord]    # newest first
    honors: list[Honor]
    honors_rel: str | None


@dataclass
class HomeRecord(Placed):
    id: str
    rel: str                       # content-relative path of home.yaml
    home: Home
    teams: dict[str, TeamRecord]   # in display order
    activities: list[Activity]     # in date order
    honors: list[Honor]
    honors_rel: str | None
    # content-relative photo path -> images.unscaled_from of it, for every photo the home's
    # records name: the page names one file for all the widths that are the same bytes
    photo_bounds: dict[str, int] = field(default_factory=dict)


EVERY_HOME = "*"          # noted for a page that reached the county itself
_NOTING: list[set] = []   # the reads being noted, innermost last (render.render_one)


def note_read(hid: str) -> None:
    """Note that the page being rendered read home `hid`'s record (or EVERY_HOME's), in
    every block noting (a slide of the county screen notes for itself and its page)."""
    for found in _NOTING:
        found.add(hid)


@contextmanager
def noting_reads():
    """The homes whose records are read inside the block (through `Homes` or
    facts.HomeFacts), as a set filled while it runs: what a page's key does not hold of
    them (incremental.PageKeys keys a home's facts by its summary)."""
    found: set = set()
    _NOTING.append(found)
    try:
        yield found
    finally:
        _NOTING.pop()


class Homes(typing.Mapping[str, HomeRecord]):
    """`County.homes`: each home's record by id, in folder order, loaded on first use.

    A home whose files did not change since the last build is not parsed again, and not
    even read back: the build holds it as a deferred record (incremental.Deferred) with
    its summary (facts.HomeSummary), and reads the record only when something asks for
    it. The county-wide outputs (the county page and screen, the totals, the search
    index, the year shown) read `summary()` alone, so an edit of one home loads that
    home's records and no other. Reading every record (`values()`, `items()`) still
    works, for what needs them all (posters, lint), and costs what loading them costs."""

    def __init__(self, records: typing.Mapping | None = None, summaries: dict | None = None):
        self._records = dict(records or {})       # id -> HomeRecord, or a deferred one
        self._summaries = dict(summaries or {})   # id -> facts.HomeSummary

    def __getitem__(self, hid: str) -> HomeRecord:
        note_read(hid)
        record = self._records[hid]
        if not isinstance(record, HomeRecord):
            record = self._records[hid] = record.load()
        return record

    def __contains__(self, hid) -> bool:
        return hid in self._records

    def __iter__(self):
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __repr__(self) -> str:
        return f"Homes({list(self._records)!r})"

    def summary(self, hid: str):
        """What the county-wide outputs read of home `hid` (facts.HomeSummary)."""
        found = self._summaries.get(hid)
        if found is None:
            from .facts import summarize      # (facts reads the model: imported here)
            found = self._summaries[hid] = summarize(self[hid])
        return found

    def summaries(self) -> list:
        return [self.summary(hid) for hid in self._records]


@dataclass
class County(Placed):
    site: Site
    homes: Homes                   # (a plain dict is taken as one)
    supervision: Supervision
    root: str                      # the content folder, absolute
    images: dict[str, str]         # content-relative image path -> absolute path

    def __post_init__(self):
        if not isinstance(self.homes, Homes):
            self.homes = Homes(self.homes)

    @property
    def year(self) -> int:
        """The year the boards show: site.year, else the latest year that has a plan."""
        if self.site.year:
            return self.site.year
        years = [y for s in self.homes.summaries() for y in s.years]
        return max(years) if years else _dt.date.today().year


# Every field name of the contract: a `-name:` or `name:张三` slip is told apart from text
# that merely contains a dash or a colon by naming one of these.
FIELD_NAMES = frozenset(
    name for cls in (PosterSettings, ScreenSettings, Site, Office, Contact, Rule, Home, Member,
                     Team, Target, Plan, Figure, Photo, Result, Honor, Activity, Check, Bulletin,
                     Rating, Supervision)
    for name in cls.model_fields)
