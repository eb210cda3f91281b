"""The one writer of record files: plain data in, YAML (through ruamel.yaml) out.

Every county the tests, the benchmarks and the sample use is written here, so that the
rules of the contract are applied in one place:

- *text stays text*: a string that a YAML 1.1 reader (PyYAML, most clerks' tools) or a
  YAML 1.2 reader would take for something else (`0731`, `12:30`, `yes`, `~`,
  `2024-01-02`) is written double-quoted; everything else is written plain, the way a
  clerk types it. Dates are `datetime.date` values and come out plain (`2024-01-02`);
  partial dates are ints (`2024`) or `YYYY-MM` strings, which no reader turns into
  anything else.
- text with line breaks (a rule, a bulletin) is a literal block (`body: |`);
- nothing is folded or reordered: keys come out in the order the table gives them.

A *layout* (data, from a record kind's table of comments) puts the clerk's notes
between the fields: a line starting with `#` or an empty line is copied (with
`{field}` filled in), a bare name is a field slot, a map
`{key: K, before: [...], absent: [...]}` prints `before` only when K is there and
`absent` only when it is not, and `{items: FIELD, before: [...]}` prints the items of a
list document, with `before` in front of the first item of each new year of FIELD.
A value wrapped in `Noted` gets an end-of-line comment (`home: wuyang   # 武阳镇`),
aligned three spaces after the longest noted value of its list.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode as ScalarNode12
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import LiteralScalarString

STR = "tag:yaml.org,2002:str"
_RESOLVER_11 = pyyaml.resolver.Resolver()
_RESOLVER_12 = VersionedResolver(version=(1, 2))


@dataclass(frozen=True)
class Noted:
    """A scalar with the clerk's end-of-line note (e.g. the village a team id stands for)."""
    value: object
    note: str


@functools.lru_cache(maxsize=1 << 16)   # the benchmarks repeat their words 100,000 times
def reads_as_other(text: str) -> bool:
    """True when YAML 1.1 or 1.2 would read the plain scalar as a number, bool, null or
    date (`0731` is octal only in 1.1, `1e3` a float only in 1.2)."""
    return (_RESOLVER_11.resolve(pyyaml.nodes.ScalarNode, text, (True, False)) != STR
            or _RESOLVER_12.resolve(ScalarNode12, text, (True, False)) != STR)


def _text(rep, data: str):
    """How every string is written, by either emitter: a block when it has line breaks,
    double-quoted when a reader would take it for something else, else plain."""
    if "\n" in data:
        return rep.represent_scalar(STR, data, style="|")
    return rep.represent_scalar(STR, data, style='"' if reads_as_other(data) else None)


class _Representer(RoundTripRepresenter):
    pass


_Representer.add_representer(str, _text)


def _yaml(root_list: bool) -> YAML:
    y = YAML()
    y.Representer = _Representer
    # nested lists indented under their key ("members:\n  - name: …"), a list document
    # flush left ("- date: …"), as the contract's examples and the clerks write them
    y.indent(mapping=2, sequence=2 if root_list else 4, offset=0 if root_list else 2)
    y.width = 1 << 16
    y.allow_unicode = True
    return y


_MAP_YAML, _LIST_YAML = _yaml(False), _yaml(True)


class _Fast(getattr(pyyaml, "CSafeDumper", pyyaml.SafeDumper)):
    """The same choices, emitted by libyaml: for machine-made counties of 100,000 files,
    where ruamel's pure-Python emitter would take minutes. libyaml cannot indent a list
    under its key, so lists sit flush under it (`members:\n- name: …`), which reads the
    same; it has no comments, so a `Noted` value or a layout needs the clerk style."""


_Fast.add_representer(str, _text)


def _prepare(value, indent: int):
    """Plain data → ruamel nodes, placing the `Noted` comments at their columns.

    `indent` is the column where this value's keys (or dashes) start."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, v in value.items():
            if isinstance(v, Noted):
                out[key] = v.value
                col = indent + len(key) + 2 + len(str(v.value)) + 3
                out.yaml_add_eol_comment("# " + v.note, key, column=col)
            else:
                out[key] = _prepare(v, indent + 2)
        return out
    if isinstance(value, list):
        out = CommentedSeq()
        noted = [len(str(v.value)) for v in value if isinstance(v, Noted)]
        col = indent + 2 + max(noted, default=0) + 3
        for i, v in enumerate(value):
            if isinstance(v, Noted):
                out.append(v.value)
                out.yaml_add_eol_comment("# " + v.note, i, column=col)
            else:
                out.append(_prepare(v, indent + 2))
        return out
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def dump(doc, clerk: bool = True) -> str:
    """One document (a map or a list) as YAML text, typed as a clerk would (ruamel: lists
    indented under their key, notes) or, with `clerk=False`, machine-made (libyaml)."""
    if not clerk:
        return pyyaml.dump(doc, Dumper=_Fast, allow_unicode=True, sort_keys=False, width=1 << 16)
    buf = io.StringIO()
    if isinstance(doc, list):
        _LIST_YAML.dump(_prepare(doc, 0), buf)
    else:
        _MAP_YAML.dump(_prepare(doc, 0), buf)
    return buf.getvalue()


def _lines(lines, fill: dict) -> str:
    return "".join(ln.format(**fill) + "\n" for ln in lines)


def render(doc, layout=None, fill: dict | None = None, clerk: bool = True) -> str:
    """`doc` as YAML, with the layout's comments between its fields (see the docstring)."""
    if not layout:
        return dump(doc, clerk)
    fill = {**(doc if isinstance(doc, dict) else {}), **(fill or {})}
    out = []
    for entry in layout:
        if isinstance(entry, str) and (entry == "" or entry.startswith("#") or entry.startswith(" ")):
            out.append(_lines([entry], fill))
        elif isinstance(entry, str):
            if entry in doc:
                out.append(dump({entry: doc[entry]}))
        elif "items" in entry:
            field, group, last = entry["items"], [], None
            for item in doc:
                year = item[field].year if entry.get("before") else None
                if year != last:
                    if group:
                        out.append(dump(group))
                    out.append(_lines(entry["before"], {**fill, "year": year}))
                    group, last = [], year
                group.append(item)
            if group:
                out.append(dump(group))
        else:
            key = entry["key"]
            if key in doc:
                out.append(_lines(entry.get("before", []), fill) + dump({key: doc[key]}))
            else:
                out.append(_lines(entry.get("absent", []), fill))
    return "".join(out)


def front_matter(front: dict, body: str, layout=None, fill: dict | None = None,
                 clerk: bool = True) -> str:
    """A Markdown record: YAML front matter between `---` lines, then the body."""
    body = body if body.endswith("\n") or not body else body + "\n"
    return "---\n" + render(front, layout, fill, clerk) + "---\n" + body


class Tree:
    """Files under one content folder: makes each folder once and counts what it wrote."""

    def __init__(self, root: Path, clerk: bool = True):
        self.root = Path(root)
        self.clerk = clerk
        self.made: set[str] = set()
        self.files = 0

    def write(self, rel: str, data: str | bytes) -> Path:
        parent = os.path.dirname(rel)
        if parent not in self.made:
            os.makedirs(self.root / parent, exist_ok=True)
            self.made.add(parent)
        path = self.root / rel
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files += 1
        return path

    def yaml(self, rel: str, doc, layout=None, **fill) -> Path:
        return self.write(rel, render(doc, layout, fill, self.clerk))

    def markdown(self, rel: str, front: dict, body: str, layout=None, **fill) -> Path:
        return self.write(rel, front_matter(front, body, layout, fill, self.clerk))


# ------------------------------------------------------------------ reading the tables

def _partial_date(text: str):
    """`2024` → 2024, `2024-06` → '2024-06', `2024-06-01` → date: as a clerk writes them."""
    if len(text) == 4:
        return int(text)
    if len(text) == 7:
        return text
    return dt.date.fromisoformat(text)


def _number(text: str):
    return float(text) if "." in text else int(text)


CELL_TYPES = {
    "text": str, "int": int, "num": _number, "date": dt.date.fromisoformat,
    "pdate": _partial_date, "list": lambda text: text.split(" | "),
}


def read_csv(path: Path) -> list[dict]:
    """Rows of a table whose header names each column's type (`date:date`, `rooms:int`).

    An empty cell is a field left out of the record, as a clerk leaves out a line; a
    column named `@…` says where the row goes (or how its picture is drawn) and is not
    itself a field.
    """
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = [(c.split(":")[0], CELL_TYPES[c.split(":")[1] if ":" in c else "text"])
                  for c in next(reader)]
        return [{name: kind(cell) for (name, kind), cell in zip(header, row) if cell != ""}
                for row in reader]


def read_yaml(path: Path):
    """A YAML table, read by PyYAML (YAML 1.1): unlike the CSV tables, a text there that
    looks like a number, a date or `yes` must be quoted in the table itself."""
    with open(path, encoding="utf-8") as f:
        return pyyaml.safe_load(f)


def record(row: dict) -> dict:
    """The record's own fields of a table row (without the `@` placement columns)."""
    return {k: v for k, v in row.items() if not k.startswith("@")}
