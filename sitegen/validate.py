"""Validate stage: the content folder → a typed `County`, or every problem found in it.

Each file is validated on its own against its pydantic model, so that a problem's line
comes from that file's positions; then the rules that join records (duty rota, hosts,
recipients, plan years, supervision homes, image paths) are checked. Nothing stops at the
first problem: the clerk gets the whole list in one run.
"""
from __future__ import annotations

import difflib
import os
import posixpath
import re
import types
import typing
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model as m
from .i18n import LABELS
from .images import opens
from .problems import WARNING, Problem, errors, problem
from .read import (FULLWIDTH_DASHES, Body, RawFile, dotted, leaves, read_markdown_file,
                   read_yaml_file)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

KNOWN_FILES = {
    "root": {"site.yaml", "supervision.yaml"},
    "home": {"home.yaml", "activities.yaml", "honors.yaml"},
    "team": {"team.yaml", "honors.yaml"},
}

_EXPECTED = {  # pydantic error type -> our type name
    "model_type": "map", "dict_type": "map", "model_attributes_type": "map",
    "list_type": "list", "string_type": "text", "int_type": "int", "int_parsing": "int",
    "int_from_float": "int", "float_type": "number", "float_parsing": "number",
    "bool_type": "bool", "bool_parsing": "bool",
}
_EXAMPLES = {"map": "name: 张三", "list": "- 张三", "text": "县财政局", "int": "20",
             "number": "23.5", "bool": "true"}


# ------------------------------------------------------------------ pydantic → problems

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
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not lang_zh:
        listing = ", ".join(known)
        if close:
            return f"did you mean '{close[0]}'? Known fields: {listing}"
        return f"delete this line, or use one of the known fields: {listing}"
    listing = "、".join(known)
    if close:
        return f"是不是想写“{close[0]}”？可用的字段：{listing}"
    return f"删掉这一行，或改成可用的字段之一：{listing}"


def _key_problem(key: str, rel: str, line: int, col: int, field: str) -> Problem | None:
    """Keys that are really full-width punctuation mistakes."""
    if key[:1] in FULLWIDTH_DASHES and key[1:2] in (" ", "\u3000"):
        return problem("fullwidth_dash", rel, line, col, field, char=key[0])
    if key.startswith("\u3000"):
        return problem("fullwidth_space", rel, line, col, field)
    if "：" in key:
        head, _, rest = key.partition("：")
        return problem("fullwidth_colon", rel, line, col, field, example=f"{head}: {rest}")
    if key[:1] == "-" and key[1:] in m.FIELD_NAMES:
        return problem("dash_space", rel, line, col, "", example=f"- {key[1:]}: …")
    return None


def _dash_keys(value, located, loc: tuple, rel: str) -> Problem | None:
    """A list written as `-name: 张三` (one item, so YAML read it as a map)."""
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
            if "：" in value:
                head, _, rest = value.partition("：")
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
                               example="- " + value[1:].split(" - ")[0].strip())
        if isinstance(value, str) and expected == "map":
            slip = _colon_slip(value)
            if slip:
                return problem("colon_space", rel, line, col, field, example=slip)
        got = ctx.get("got") if kind == "wrong_type" else (
            "字段表" if isinstance(value, dict) else "列表" if isinstance(value, list) else str(value)[:40])
        extra = {"got_en": {"字段表": "a map", "列表": "a list"}[got]} \
            if got in ("字段表", "列表") and not isinstance(value, str) else {}
        if ctx.get("variant"):
            extra = {"variant": ctx["variant"], "number": ctx.get("number", ""),
                     "unit": ctx.get("unit", "")}
            if ctx["variant"] == "with_unit":
                owner = _model_at(schema, loc[:-1])
                if owner is None or "unit" not in owner.model_fields:
                    extra["variant"] = "unit_bare"     # attendance, rooms: no unit field
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
    import json

    import yaml
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
    """`name:张三` read as one text where a field belongs: the line as it should be."""
    match = _COLON_SLIP.fullmatch(value.strip())
    if match and match[1] in m.FIELD_NAMES and not match[2].startswith("//"):
        return f"{match[1]}: {match[2]}"
    return None


# ------------------------------------------------------------------ images

def content_path(record_rel: str, src: str) -> str:
    """Content-relative path of an image named in a record (relative to that record)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(record_rel), src.replace("\\", "/")))


def check_image(root: Path, record_rel: str, src: str, where: tuple[int, int], field: str,
                images: dict[str, str]) -> Problem | None:
    line, col = where
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", src) or "://" in src or \
            src.lower().startswith(("data:", "javascript:")):
        return problem("path_outside", record_rel, line, col, field, path=src)
    rel = content_path(record_rel, src)
    if rel == ".." or rel.startswith("../"):
        return problem("path_outside", record_rel, line, col, field, path=src)
    path = root / rel
    if os.path.lexists(path) and leaves(root, path):
        return problem("path_outside", record_rel, line, col, field, path=src)
    if not path.is_file():
        # A name that differs only in case works on the clerk's Windows PC; read the
        # file it means here too (sitegen check warns, see lint.py), else suggest one.
        actual = exact_case(root, rel)
        if actual is None:
            return _image_missing(root, record_rel, rel, src, (line, col), field)
        path = root / actual
        if leaves(root, path):
            return problem("path_outside", record_rel, line, col, field, path=src)
    if not opens(str(path)):
        return problem("image_invalid", record_rel, line, col, field, path=src)
    images[rel] = str(path)
    return None


def exact_case(root: Path, rel: str) -> str | None:
    """`rel` spelt with the letter case of the names on disk, when exactly one file
    matches it ignoring case; None otherwise. Equal to `rel` when the case is right."""
    cur, parts = root, []
    for part in rel.split("/"):
        try:
            names = os.listdir(cur)
        except OSError:
            return None
        if part not in names:
            same = [n for n in names if n.casefold() == part.casefold()]
            if len(same) != 1:
                return None
            part = same[0]
        parts.append(part)
        cur = cur / part
    return "/".join(parts) if cur.is_file() else None


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic")


def _closest(want: str, names: list[str]) -> str | None:
    """The name a clerk most likely meant: same stem (`li-ming.JPG`, `liming.jpeg` for
    `liming.jpg`), else the nearest spelling."""
    def stem(n: str) -> str:
        return re.sub(r"[-_\s.]+", "", posixpath.splitext(n)[0].casefold())
    same = [n for n in names if stem(n) == stem(want)]
    if same:
        return same[0]
    lowered = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(want.casefold(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _image_missing(root: Path, record_rel: str, rel: str, src: str, where: tuple[int, int],
                   field: str) -> Problem:
    """`image_missing`, naming the nearest existing file (or folder) when there is one."""
    line, col = where
    if any(ch in _ESCAPED for ch in src):
        # "photos\a.png" in double quotes: YAML read `\a` as a control character
        fixed = "".join("/" + _ESCAPED[ch] if ch in _ESCAPED else ch for ch in src).replace("\\", "/")
        return problem("image_missing", record_rel, line, col, field, path=repr(src)[1:-1],
                       variant="escape", suggestion=fixed)
    cur, parts = root, rel.split("/")
    found = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        try:
            names = sorted(n for n in os.listdir(cur) if ((cur / n).is_file() if last else (cur / n).is_dir()))
        except OSError:
            names = []
        if part in names:
            hit = part
        else:
            if last:
                pictures = [n for n in names if n.casefold().endswith(IMAGE_SUFFIXES)]
                names = pictures or names
            hit = _closest(part, names)
        if hit is None:
            return problem("image_missing", record_rel, line, col, field, path=src)
        found.append(hit)
        cur = cur / hit
        if last:
            more = "…" if len(names) > 8 else ""
            listing, listing_en = "、".join(names[:8]) + more, ", ".join(names[:8]) + more
    suggestion = posixpath.relpath("/".join(found), posixpath.dirname(record_rel) or ".")
    return problem("image_missing", record_rel, line, col, field, path=src, variant="near",
                   suggestion=suggestion, listing=listing, listing_en=listing_en)


_ESCAPED = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r",
            "\x1b": "e", "\0": "0"}


# ------------------------------------------------------------------ Markdown bodies

class _Refs(HTMLParser):
    """Image sources and link targets of an HTML fragment, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        want = {"img": "src", "a": "href"}.get(tag)
        for name, value in attrs:
            if name == want and value is not None:
                self.refs.append((tag, value))

    handle_startendtag = handle_starttag


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def body_refs(body: str) -> list[tuple[str, str]]:
    """(tag, url) of every image and link in a Markdown body (raw HTML included)."""
    from .render import markdown_raw_html
    parser = _Refs()
    parser.feed(markdown_raw_html(body))
    parser.close()
    return parser.refs


def check_body(root: Path, raw: RawFile, body: str, start_line: int, field: str,
               images: dict[str, str], problems: list[Problem]) -> None:
    """Images in a Markdown body must be files inside content/ (then they are published,
    re-encoded, like any photo); links must not point at files outside it. Script URLs
    (`javascript:`, `data:`) need no error: the sanitiser removes them when rendering."""
    if not body or not body.strip():
        return
    try:
        refs = body_refs(body)
    except RecursionError:   # lists or quotes nested hundreds deep
        problems.append(problem("yaml_limit", raw.rel, start_line, 1, field,
                                what="Markdown 嵌套层数过多", what_en="Markdown nesting too deep"))
        return
    lines = raw.text.split("\n") if raw.text else []
    for tag, url in refs:
        target = url.strip()
        line, col = start_line, 1
        for i in range(max(start_line - 1, 0), len(lines)):
            at = lines[i].find(url)
            if at < 0 and target != url:
                at = lines[i].find(target)
            if at >= 0:
                line, col = i + 1, at + 1
                break
        m = _SCHEME.match(target)
        scheme = m.group(1).lower() if m and not _DRIVE.match(target) else None
        outside = problem("path_outside", raw.rel, line, col, field, path=target[:200])
        if tag == "img":
            if scheme is None and not target.startswith("//"):
                p = check_image(root, raw.rel, unquote(target), (line, col), field, images)
                if p:
                    problems.append(p)
            elif scheme in ("file", "http", "https", "ftp", "smb") or target.startswith("//"):
                problems.append(outside)    # nothing is loaded from elsewhere
            continue
        if not target or target.startswith("#"):
            continue
        if scheme == "file":
            problems.append(outside)
            continue
        if scheme is not None:
            continue                        # http(s), mailto, tel; script URLs are stripped
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if path.startswith(("/", "\\")) or _DRIVE.match(path):
            problems.append(outside)
            continue
        rel = content_path(raw.rel, path) if path else "."
        if rel == ".." or rel.startswith("../"):
            problems.append(outside)


# ------------------------------------------------------------------ the folder walk

def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _unknown_files(root: Path, folder: Path, known: set[str], problems: list[Problem]):
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in (".yaml", ".yml") and path.name not in known:
            close = difflib.get_close_matches(path.name, sorted(known), n=1, cutoff=0.6)
            problems.append(problem(
                "unknown_field", _rel(root, path), 0, 0, "", name=path.name,
                suggestion=(f"是不是想把文件命名为“{close[0]}”？" if close else "") +
                f"这里可用的文件：{'、'.join(sorted(known))}",
                suggestion_en=(f"did you mean to name the file '{close[0]}'? " if close else "") +
                f"Files known here: {', '.join(sorted(known))}"))


def _bad_id(name: str, rel: str) -> Problem:
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "home-1"
    return problem("bad_id", rel, 0, 0, "", name=name, suggestion=slug)


def _load(raw: RawFile, schema, problems: list[Problem]):
    problems.extend(raw.problems)
    if raw.located is None:
        return None
    value, found = check_model(raw, schema)
    problems.extend(found)
    return value


_HONORS = list[m.Honor]
_ACTIVITIES = list[m.Activity]


def load_county(content: str | Path, load_homes=None) -> tuple[m.County | None, list[Problem]]:
    """Read and validate a whole content folder. Returns (county or None, problems)."""
    root = Path(content).resolve()
    problems: list[Problem] = []
    images: dict[str, str] = {}
    if not (root / "site.yaml").is_file():
        problems.append(problem("missing_file", "site.yaml", 0, 0, "", name="site.yaml"))
        site_raw = None
    else:
        site_raw = read_yaml_file(root / "site.yaml", "site.yaml")
    site = _load(site_raw, m.Site, problems) if site_raw else None
    if site is not None and site.base_url and not re.match(r"(?i)^https?://[^\s/?#]+", site.base_url):
        # printed as a QR code on every poster: only a web address may go there
        line, col = site_raw.located.position(("base_url",))
        problems.append(problem("wrong_type", "site.yaml", line, col, "base_url", name="base_url",
                                expected="http(s) URL / 以 http:// 或 https:// 开头的网址",
                                got=site.base_url[:40], example="http://10.43.0.8/zhucun/"))
    if site is not None and site.poster.logo:
        p = check_image(root, "site.yaml", site.poster.logo,
                        site_raw.located.position(("poster", "logo")), "poster.logo", images)
        if p:
            problems.append(p)
    if site_raw and site_raw.located and isinstance(site_raw.located.data, dict):
        labels = site_raw.located.data.get("labels")
        if isinstance(labels, dict):
            known = list(LABELS["zh"])
            # Label keys are open-ended interface words, not record fields: an unknown
            # one is a warning (with the nearest key), so that a site written for a
            # later version still builds.
            for key in labels:
                if key not in LABELS["zh"]:
                    line, col = site_raw.located.position(("labels", key))
                    problems.append(problem("unknown_field", "site.yaml", line, col,
                                            f"labels.{key}", WARNING, name=key,
                                            suggestion=suggest(key, known),
                                            suggestion_en=suggest(key, known, False)))
    if root.is_dir():
        _unknown_files(root, root, KNOWN_FILES["root"], problems)

    homes: dict[str, m.HomeRecord] = {}
    homes_dir = root / "homes"
    home_dirs = sorted(p for p in homes_dir.iterdir() if p.is_dir()) if homes_dir.is_dir() else []
    if load_homes is None:
        loaded = [load_home(root, d) for d in home_dirs]
    else:   # the build's cached and parallel loader (build.py); same results, same order
        loaded = load_homes(root, home_dirs)
    for record, found, home_images in loaded:
        problems.extend(found)
        images.update(home_images)
        if record:
            homes[record.id] = record

    supervision = m.Supervision()
    sup_raw = None
    if (root / "supervision.yaml").is_file():
        sup_raw = read_yaml_file(root / "supervision.yaml", "supervision.yaml")
        if sup_raw.located is not None and sup_raw.located.data is None:
            problems.extend(sup_raw.problems)   # an empty file: no supervision yet
        else:
            supervision = _load(sup_raw, m.Supervision, problems) or m.Supervision()
            for i, bulletin in enumerate(supervision.bulletins):
                check_body(root, sup_raw, bulletin.body, sup_raw.located.position(("bulletins", i, "body"))[0],
                           f"bulletins[{i}].body", images, problems)
            supervision = supervision.model_copy(update={"bulletins": [
                b.model_copy(update={"body": Body(b.body, "supervision.yaml") if b.body else b.body})
                for b in supervision.bulletins]})
    if sup_raw and sup_raw.located:
        # Checked against the folders, so that a home with its own errors does not
        # also make every supervision record that names it an error.
        all_homes = sorted(p.name for p in homes_dir.iterdir() if p.is_dir()) if homes_dir.is_dir() else []
        for group in ("checks", "ratings"):
            for i, item in enumerate(getattr(supervision, group)):
                if item.home not in all_homes:
                    line, col = sup_raw.located.position((group, i, "home"))
                    problems.append(problem("unknown_home", "supervision.yaml", line, col,
                                            f"{group}[{i}].home", home=item.home,
                                            known="、".join(all_homes), known_en=", ".join(all_homes)))

    if errors(problems) or site is None:
        return None, problems
    return m.County(site=site, homes=homes, supervision=supervision, root=str(root),
                    images=images), problems


def load_home(root: Path, home_dir: Path) -> tuple[m.HomeRecord | None, list[Problem], dict]:
    """One home folder on its own: (record or None, its problems, the images it names).

    Homes are independent of one another, which is what lets a build load them in
    parallel and keep each one in its cache until a file of that home changes."""
    problems: list[Problem] = []
    images: dict[str, str] = {}
    record = _load_home(root, home_dir, problems, images)
    return record, problems, images


def _load_home(root: Path, home_dir: Path, problems: list[Problem], images: dict) -> m.HomeRecord | None:
    hid = home_dir.name
    if not ID_RE.match(hid):
        problems.append(_bad_id(hid, _rel(root, home_dir)))
        return None
    rel = _rel(root, home_dir / "home.yaml")
    _unknown_files(root, home_dir, KNOWN_FILES["home"], problems)
    if not (home_dir / "home.yaml").is_file():
        problems.append(problem("missing_file", rel, 0, 0, "", name=rel))
        home_raw, home = None, None
    else:
        home_raw = read_yaml_file(home_dir / "home.yaml", rel)
        home = _load(home_raw, m.Home, problems)
        if home is not None:
            for i, rule in enumerate(home.rules):
                check_body(root, home_raw, rule.body, home_raw.located.position(("rules", i, "body"))[0],
                           f"rules[{i}].body", images, problems)
            home = home.model_copy(update={"rules": [
                r.model_copy(update={"body": Body(r.body, rel)}) for r in home.rules]})

    teams: dict[str, m.TeamRecord] = {}
    teams_dir = home_dir / "teams"
    for team_dir in sorted(p for p in teams_dir.iterdir() if p.is_dir()) if teams_dir.is_dir() else []:
        team = _load_team(root, hid, team_dir, problems, images)
        if team:
            teams[team.id] = team
    team_ids = sorted(p.name for p in teams_dir.iterdir() if p.is_dir()) if teams_dir.is_dir() else []
    known = "、".join(team_ids) or "（还没有工作队）"
    known_en = ", ".join(team_ids) or "(no teams yet)"

    activities: list[m.Activity] = []
    act_rel = _rel(root, home_dir / "activities.yaml")
    if (home_dir / "activities.yaml").is_file():
        raw = read_yaml_file(home_dir / "activities.yaml", act_rel)
        activities = _load(raw, _ACTIVITIES, problems) or []
        for i, act in enumerate(activities):
            if act.host_team is not None and act.host_team not in team_ids:
                line, col = raw.located.position((i, "host_team"))
                problems.append(problem("unknown_team", act_rel, line, col, f"[{i}].host_team",
                                        team=act.host_team, known=known, known_en=known_en))
        activities = sorted(activities, key=lambda a: a.date)

    honors, honors_rel, _raw = _load_honors(root, home_dir, problems, images)

    if home is None:
        return None
    seen = set()
    for i, tid in enumerate(home.duty_rota):
        line, col = home_raw.located.position(("duty_rota", i))
        if tid not in team_ids:
            problems.append(problem("unknown_team", rel, line, col, f"duty_rota[{i}]",
                                    team=tid, known=known, known_en=known_en))
        elif tid in seen:
            problems.append(problem("duplicate", rel, line, col, f"duty_rota[{i}]", value=tid))
        seen.add(tid)
    # Teams show in duty-rota order (the order the home itself uses), then the rest by id.
    order = [t for t in dict.fromkeys(home.duty_rota) if t in teams] + \
        [t for t in teams if t not in home.duty_rota]
    return m.HomeRecord(id=hid, rel=rel, home=home, teams={t: teams[t] for t in order},
                        activities=activities, honors=honors, honors_rel=honors_rel)


def _load_honors(root: Path, folder: Path, problems: list[Problem], images: dict):
    """A home's or a team's honors.yaml: (honors, its path, the raw file or None)."""
    path = folder / "honors.yaml"
    if not path.is_file():
        return [], None, None
    rel = _rel(root, path)
    raw = read_yaml_file(path, rel)
    honors = _load(raw, _HONORS, problems) or []
    _check_honor_images(root, raw, honors, problems, images)
    return honors, rel, raw


def _check_honor_images(root, raw, honors, problems, images):
    for i, honor in enumerate(honors):
        if honor.image:
            p = check_image(root, raw.rel, honor.image, raw.located.position((i, "image")),
                            f"[{i}].image", images)
            if p:
                problems.append(p)


def _load_team(root: Path, hid: str, team_dir: Path, problems: list[Problem],
               images: dict) -> m.TeamRecord | None:
    tid = team_dir.name
    if not ID_RE.match(tid):
        problems.append(_bad_id(tid, _rel(root, team_dir)))
        return None
    rel = _rel(root, team_dir / "team.yaml")
    _unknown_files(root, team_dir, KNOWN_FILES["team"], problems)
    team = None
    if not (team_dir / "team.yaml").is_file():
        problems.append(problem("missing_file", rel, 0, 0, "", name=rel))
    else:
        raw = read_yaml_file(team_dir / "team.yaml", rel)
        team = _load(raw, m.Team, problems)
        if team:
            for i, member in enumerate(team.members):
                if member.photo:
                    p = check_image(root, rel, member.photo,
                                    raw.located.position(("members", i, "photo")),
                                    f"members[{i}].photo", images)
                    if p:
                        problems.append(p)

    plans: dict[int, m.PlanRecord] = {}
    for path in sorted((team_dir / "plans").glob("*.md")) if (team_dir / "plans").is_dir() else []:
        prel = _rel(root, path)
        raw = read_markdown_file(path, prel)
        plan = _load(raw, m.Plan, problems)
        if plan is None:
            continue
        if path.stem != str(plan.year):
            line, col = raw.located.position(("year",))
            problems.append(problem("year_mismatch", prel, line, col, "year",
                                    year=plan.year, file_year=path.stem))
            continue
        check_body(root, raw, raw.body, raw.body_line, "body", images, problems)
        plans[plan.year] = m.PlanRecord(prel, plan, Body(raw.body, prel), raw.body_line)

    results: list[m.ResultRecord] = []
    for path in sorted((team_dir / "results").glob("*.md")) if (team_dir / "results").is_dir() else []:
        rrel = _rel(root, path)
        raw = read_markdown_file(path, rrel)
        result = _load(raw, m.Result, problems)
        if result is None:
            continue
        for i, photo in enumerate(result.photos):
            p = check_image(root, rrel, photo.src, raw.located.position(("photos", i, "src")),
                            f"photos[{i}].src", images)
            if p:
                problems.append(p)
        slug = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "story"
        check_body(root, raw, raw.body, raw.body_line, "body", images, problems)
        results.append(m.ResultRecord(rrel, slug, result, Body(raw.body, rrel), raw.body_line))
    results.sort(key=lambda r: (r.result.date, r.slug), reverse=True)

    honors, honors_rel, raw = _load_honors(root, team_dir, problems, images)
    if raw is not None:
        if team:
            names = [mem.name for mem in team.members]
            for i, honor in enumerate(honors):
                if honor.recipient and honor.recipient not in names:
                    line, col = raw.located.position((i, "recipient"))
                    problems.append(problem("unknown_member", honors_rel, line, col,
                                            f"[{i}].recipient", name=honor.recipient,
                                            known="、".join(names), known_en=", ".join(names)))
    if team is None:
        return None
    return m.TeamRecord(id=tid, home_id=hid, rel=rel, team=team, plans=plans, results=results,
                        honors=honors, honors_rel=honors_rel)
