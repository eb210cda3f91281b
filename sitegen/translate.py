"""Pydantic's errors → located problems a clerk can act on.

pydantic knows *what* is wrong with a value and where in the data it sits (`loc`); the
reader knows where that is in the file. This module joins the two, and reads the clerk's
likely slip out of the failed value (a full-width colon, `-name:` without a space, a unit
written after a number), so that the fix names the characters to type. It knows nothing
of folders, paths or other records: those are paths.py and rules.py.
"""
from __future__ import annotations

import difflib
import json
import re
import types
import typing

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model as m
from .i18n import CHECK_WORDS, TYPE_EXAMPLES
from .problems import Problem, problem
from .read import RawFile, dotted
from .vocab import CN_BIG, FULLWIDTH_COLON, FULLWIDTH_DASHES, FULLWIDTH_SPACE

_EXPECTED = {  # pydantic error type -> our type name
    "model_type": "map", "dict_type": "map", "model_attributes_type": "map",
    "list_type": "list", "string_type": "text", "int_type": "int", "int_parsing": "int",
    "int_from_float": "int", "float_type": "number", "float_parsing": "number",
    "bool_type": "bool", "bool_parsing": "bool",
}
_EXAMPLES = TYPE_EXAMPLES     # the value to show in a wrong-type fix, by type


def _model_at(annotation, loc: tuple):
    """The model class found by walking `loc` through annotations (for field suggestions)."""
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part)
            annotation = info.annotation if info else None
        else:
            return None
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap(annotation):
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def suggest(name: str, known: list[str], lang_zh: bool = True) -> str:
    """The fix for an unknown name: the nearest known one if it is close, and the list."""
    words = CHECK_WORDS["zh" if lang_zh else "en"]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    listing = words["list_sep"].join(known)
    if close:
        return words["field_close"].format(close=close[0], listing=listing)
    return words["field_known"].format(listing=listing)


def _key_problem(key: str, rel: str, line: int, col: int, field: str) -> Problem | None:
    """Keys that are really full-width punctuation mistakes."""
    if key[:1] in FULLWIDTH_DASHES and key[1:2] in (" ", FULLWIDTH_SPACE):
        return problem("fullwidth_dash", rel, line, col, field, char=key[0])
    if key.startswith(FULLWIDTH_SPACE):
        return problem("fullwidth_space", rel, line, col, field)
    if FULLWIDTH_COLON in key:
        head, _, rest = key.partition(FULLWIDTH_COLON)
        return problem("fullwidth_colon", rel, line, col, field, example=f"{head}: {rest}")
    if key[:1] == "-" and key[1:] in m.FIELD_NAMES:
        return problem("dash_space", rel, line, col, "", example=f"- {key[1:]}: …")
    return None


def _dash_keys(value, located, loc: tuple, rel: str) -> Problem | None:
    """A list written as `-name: x` (one item, so YAML read it as a map)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key[:1] == "-" and key[1:] in m.FIELD_NAMES:
                line, col = located.position(loc + (key,))
                shown = item if isinstance(item, str) else "…"
                return problem("dash_space", rel, line, col, "", example=f"- {key[1:]}: {shown}")
    return None


_adapters: dict = {}


def check_model(raw: RawFile, schema) -> tuple[object | None, list[Problem]]:
    """Validate one file's data against a model or a type such as `list[Honor]`."""
    data = raw.located.data
    if data is None and typing.get_origin(schema) is list:
        return [], []          # an empty list file is an empty list
    adapter = _adapters.get(schema) or _adapters.setdefault(schema, TypeAdapter(schema))
    data = retype(raw.located, schema)
    try:
        return adapter.validate_python(data), []
    except ValidationError as err:
        return None, [_translate(e, tuple(e["loc"]), raw, schema) for e in err.errors()]


def retype(located, schema):
    """The file's data with each scalar read as its field's type says (`model.reading`).

    The reader resolved scalars the YAML 1.1 way; here text fields get back the characters
    written (`phone: 073122334455`, `time: 12:30`, `grade: yes`, `note: ~`), numbers, dates
    and enums get the written text to parse themselves, and only true/false fields keep
    YAML's value. A plain empty or `~` value stays "not given" for non-text fields.
    """
    source = located.source

    def walk(value, annotation, metadata, path):
        kind, arg = m.reading(annotation, metadata)
        if isinstance(value, dict):
            if kind == "model":
                fields = arg.model_fields
                return {k: walk(v, fields[k].annotation, fields[k].metadata, path + (k,))
                        if k in fields else v for k, v in value.items()}
            if kind == "dict":
                return {k: walk(v, arg, (), path + (k,)) for k, v in value.items()}
            return value
        if isinstance(value, list):
            if kind == "list":
                return [walk(v, arg, (), path + (i,)) for i, v in enumerate(value)]
            return value
        written = source.get(path)
        if written is None or kind == "resolved":
            return value
        text, style = written
        if kind == "text":
            return text
        if value is None and style is None:
            return None
        return text

    return walk(located.data, schema, (), ())


def _translate(e: dict, loc: tuple, raw: RawFile, schema) -> Problem:
    located, rel = raw.located, raw.rel
    kind, ctx, value = e["type"], dict(e.get("ctx") or {}), e.get("input")
    field = dotted(loc)
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        line, col = located.where.get(loc[:-1], located.position(loc[:-1]))
        return problem("missing_field", rel, line, col, field, name=name)
    line, col = located.position(loc)
    if kind == "extra_forbidden":
        fp = _key_problem(name, rel, line, col, field)
        if fp:
            return fp
        owner = _model_at(schema, loc[:-1])
        known = list(owner.model_fields) if owner else []
        return problem("unknown_field", rel, line, col, field, name=name,
                       suggestion=suggest(name, known), suggestion_en=suggest(name, known, False))
    if kind in ("too_short",) and ctx.get("min_length") == 1:
        return problem("empty", rel, line, col, field, name=name)
    if kind in _EXPECTED or kind == "wrong_type":
        expected = ctx.get("expected") or _EXPECTED[kind]
        if isinstance(value, str) and expected == "map":
            if FULLWIDTH_COLON in value:
                head, _, rest = value.partition(FULLWIDTH_COLON)
                return problem("fullwidth_colon", rel, line, col, field,
                               example=f"{head.strip()}: {rest.strip()}")
            if value[:1] in FULLWIDTH_DASHES:
                return problem("fullwidth_dash", rel, line, col, field, char=value[0])
        if expected == "list":
            dash = _dash_keys(value, located, loc, rel)
            if dash:
                return dash
            if isinstance(value, str) and re.match(r"-[^\s\-]", value):
                # `-team-a` under `duty_rota:`: YAML read the items as one text
                at_line, at_col = located.where.get(loc, (line, col))
                return problem("dash_space", rel, at_line, at_col, "",
                               example="- " + re.split(r"\s-", value[1:])[0].strip())
        if isinstance(value, str) and expected == "map":
            slip = _colon_slip(value)
            if slip:
                return problem("colon_space", rel, line, col, field, example=slip)
        zh, en = CHECK_WORDS["zh"], CHECK_WORDS["en"]
        got = ctx.get("got") if kind == "wrong_type" else (
            zh["got_map"] if isinstance(value, dict) else zh["got_list"] if isinstance(value, list)
            else str(value)[:40])
        shapes = {zh["got_map"]: en["got_map"], zh["got_list"]: en["got_list"]}
        extra = {"got_en": shapes[got]} if got in shapes and not isinstance(value, str) else {}
        if ctx.get("variant"):
            extra = {"variant": ctx["variant"], "number": ctx.get("number", ""),
                     "unit": ctx.get("unit", "")}
            if ctx["variant"] == "with_unit":
                owner = _model_at(schema, loc[:-1])
                if owner is None or "unit" not in owner.model_fields:
                    extra["variant"] = "unit_bare"     # attendance, rooms: no unit field
                    if extra["unit"] in CN_BIG:        # 15万 people are 150000, not 15
                        extra["number"] = _times(extra["number"], CN_BIG[extra["unit"]])
                else:
                    siblings = _data_at(raw.located.data, loc[:-1])
                    have = siblings.get("unit") if isinstance(siblings, dict) else None
                    if not (isinstance(have, str) and have.startswith(extra["unit"])):
                        have = extra["unit"]           # `15万` where unit: 万元 is written: keep it
                    extra["unit_field"] = as_yaml(have)
        return problem("wrong_type", rel, line, col, field, name=name, expected=expected,
                       got=got, example=ctx.get("example") or _EXAMPLES.get(expected, ""), **extra)
    if kind == "out_of_range" and ctx.pop("bound", None):
        finite = ctx.pop("finite", "yes") == "yes"
        bounds = m.field_range(_model_at(schema, loc[:-1]), name)
        if bounds:   # `bleed_mm: .nan` is outside 0–10, not outside ±1e15
            ctx["low"], ctx["high"] = (str(b) for b in bounds)
        elif not finite:
            return problem("wrong_type", rel, line, col, field, name=name, expected="number",
                           got=ctx.get("value", "")[:40], example="23.5")
    if kind in ("bad_date", "bad_enum", "out_of_range", "empty"):
        ctx.setdefault("name", name)
        return problem(kind, rel, line, col, field, **ctx)
    return problem("wrong_type", rel, line, col, field, name=name, expected="text",
                   got=str(value)[:40], example=e.get("msg", ""))


def as_yaml(text: str) -> str:
    """A value as it must be typed after `field: ` to read back as this text (quoted
    when YAML would read it otherwise: `%`, `yes`, `12:30`, `0731…`)."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def _data_at(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_COLON_SLIP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(\S.*)")


def _colon_slip(value: str) -> str | None:
    """`name:x` read as one text where a field belongs: the line as it should be."""
    match = _COLON_SLIP.fullmatch(value.strip())
    if match and match[1] in m.FIELD_NAMES and not match[2].startswith("//"):
        return f"{match[1]}: {match[2]}"
    return None


def _times(number: str, factor: int) -> str:
    """`1.5` × 10000 → `15000`: the whole number a clerk meant by 1.5万 (exact, no float)."""
    from decimal import Decimal, InvalidOperation
    try:
        value = Decimal(number) * factor
    except InvalidOperation:
        return number
    return format(value.normalize(), "f") if value != value.to_integral() else str(int(value))
