"""Reading a clerk's broken YAML (sitegen/read.py): the bugs issue 16's mutation run found.

Each table here failed before its fix in read.py: a Tab fix that told the wrong indent,
text of a `body: |` blamed for a Tab or a full-width space that is legal there, a control
character pasted from Word reported at line 1 in English, and PyYAML's English about `[`,
`{` and `]` shown inside the Chinese message.
"""
from __future__ import annotations

import re

import pytest

from sitegen import read as R

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def told(text: str, offset: int = 0, lang: str = "en") -> list[tuple]:
    located, problems = R.load_yaml(text, "x.yaml", offset)
    assert problems and located is None, problems
    return [(p.code, p.line, p.column, " / ".join(p.text(lang))) for p in problems]


# ------------------------------------------------------------------ the Tab fix's indent

# name, text, line of the Tab, spaces the fix must name. The line belongs one level in
# under `key:`, at the field column under `- key: value`, beside its sibling otherwise.
TAB_INDENTS = [
    ("field under a map", "poster:\n\tsize: A1\ntitle: 驻村\n", 2, 2),
    ("field under a nested map", "home:\n  office:\n\trooms: 3\n", 3, 4),
    ("map opened with a comment", "poster:   # 海报\n\tsize: A1\n", 2, 2),
    ("item among items", "duty_rota:\n  - a\n\t- b\n", 3, 2),
    ("first item under a key", "duty_rota:\n\t- a\n  - b\n", 2, 2),
    ("field of a list item", "members:\n  - name: 张三\n\trole: 队长\n", 3, 4),
    ("next item after a field", "members:\n  - name: 张三\n    role: 队长\n\t- name: 李四\n", 4, 2),
    ("list under an item's key", "members:\n  - names:\n\t- a\n", 3, 6),
    ("under a lone dash", "members:\n  -\n\tname: 张三\n", 3, 4),
    ("sibling of a field with a value", "title: 驻村\n\tcounty: 某县\n", 2, 0),
    ("sibling, deep", "a:\n  b:\n    c: 1\n\t\t\td: 2\n", 4, 4),
    ("the first line", "\tname: x\ntitle: 驻村\n", 1, 0),
    ("text of a block", "body: |\n  正文\n\t缩进\n", 3, 2),
    ("first line of a block", "body: |\n\t正文\n", 2, 2),
    ("first line of a folded block in an item", "rules:\n  - body: >-\n\t正文\n", 3, 6),
]


@pytest.mark.parametrize("text, line, spaces", [r[1:] for r in TAB_INDENTS], ids=[r[0] for r in TAB_INDENTS])
def test_a_tab_is_replaced_by_the_spaces_of_its_level(text, line, spaces):
    got = [t for t in told(text) if t[0] == "tab_indent"]
    assert [(t[1], t[2]) for t in got] == [(line, 1)]
    assert f"replace the Tab with {spaces} spaces, followed by " in got[0][3]
    fixed = text.split("\n")
    fixed[line - 1] = " " * spaces + fixed[line - 1].lstrip(" \t")
    assert R.load_yaml("\n".join(fixed), "x.yaml")[1] == [], "the fix told must make the file read"


def test_the_tab_fix_keeps_the_field_under_its_map():
    """The bug in figures: `poster:` then a Tab and `size: A1` parses with 0 spaces as
    well, to `{poster: None, size: A1}`; the fix told must give `{poster: {size: A1}}`."""
    (code, _, _, words), = told("poster:\n\tsize: A1\n")
    spaces = int(re.search(r"with (\d+) spaces", words)[1])
    assert R.load_yaml("poster:\n" + " " * spaces + "size: A1\n", "x.yaml")[0].data == {"poster": {"size": "A1"}}


# ------------------------------------------------------------------ text of a block is text

# Each file fails on its last line only (a colon slip, or a full-width colon); the lines of
# the block above are valid YAML text and must not be blamed.
BLOCK_TEXT = [
    ("a Tab after the indent", "body: |\n  正文\n  \t缩进\ntitle:驻村\n"),
    ("a Tab after the indent of the first line", "body: |\n  \t缩进\n  正文\ntitle:驻村\n"),
    ("a Tab after the indent of a folded block", "note: >-\n  说明\n  \t缩进\ntitle:驻村\n"),
    ("a line of spaces and a Tab", "body: |\n  正文\n  \t\n  第二段\ntitle:驻村\n"),
    ("a block in a list item", "rules:\n  - body: |\n      正文\n      \t缩进\ntitle:驻村\n"),
    ("a deeper line in the block", "body: |\n  正文\n      \t代码\ntitle:驻村\n"),
    ("a paragraph indented with full-width spaces", "body: |\n  \u3000\u3000正文\ntitle:驻村\n"),
    ("full-width spaces then a Tab", "body: |\n  \u3000\u3000\t正文\ntitle:驻村\n"),
]


@pytest.mark.parametrize("text", [r[1] for r in BLOCK_TEXT], ids=[r[0] for r in BLOCK_TEXT])
def test_a_tab_or_full_width_space_inside_a_block_of_text_is_not_blamed(text):
    last = text.count("\n")
    assert [t[:3] for t in told(text)] == [("colon_space", last, 6)]
    fixed = text.replace("title:驻村", "title: 驻村")
    assert R.load_yaml(fixed, "x.yaml")[1] == [], "the block's lines are valid YAML"


@pytest.mark.parametrize("text, expected", [
    ("body: |\n  正文\n\u3000\u3000正文\ncounty：某县\n", [("fullwidth_space", 3, 1), ("fullwidth_colon", 4, 7)]),
    ("body: |\n  \u3000\u3000正文\ncounty：某县\n", [("fullwidth_colon", 3, 7)]),
    ("body: |\n    正文\n  \u3000正文\ncounty：某县\n", [("fullwidth_space", 3, 3), ("fullwidth_colon", 4, 7)]),
])
def test_full_width_spaces_are_blamed_only_where_they_indent_yaml(text, expected):
    assert [t[:3] for t in told(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a Tab before the block's indent ends the text (YAML says so too): it is told
    ("body: |\n  正文\n\t\n  第二段\ntitle: [\n", [("tab_indent", 3, 1)]),
    ("body: |\n  正文\n \t缩进\ntitle: 驻村\n", [("tab_indent", 3, 2)]),
    # a line of spaces only is blank text and does not end the block
    ("body: |\n  正文\n\n     \n  name:张三\ntitle:驻村\n", [("colon_space", 6, 6)]),
])
def test_a_tab_before_the_indent_of_a_block_is_still_told(text, expected):
    assert [t[:3] for t in told(text)] == expected
