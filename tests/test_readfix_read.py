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
    ("a lone dash among items", "members:\n  - name: 张三\n\t-\n    name: 李四\n", 3, 2),
    ("a lone dash after a text item", "duty_rota:\n  - a\n\t-\n", 3, 2),
    ("sibling of a field with a value", "title: 驻村\n\tcounty: 某县\n", 2, 0),
    ("sibling, deep", "a:\n  b:\n    c: 1\n\t\t\td: 2\n", 4, 4),
    ("the first line", "\tname: x\ntitle: 驻村\n", 1, 0),
    ("text of a block", "body: |\n  正文\n\t缩进\n", 3, 2),
    ("text of a block indented 4", "body: |\n    正文\n\t缩进\n", 3, 4),
    # the line above tells no level that reads: the next levels are tried (here they are the answer)
    ("back to the top after a list", "list:\n  - a\n\ttitle: 驻村\n", 3, 0),
    ("next item after a field, two Tabs", "members:\n  - name: 张三\n    role: 队长\n\t\t- name: 李四\n", 4, 2),
    ("a field named X", "poster:\n\tX: 1\n", 2, 2),
    ("text of a block, a blank line between", "body: |\n    正文\n\n\t缩进\n", 4, 4),
    ("first line of a block", "body: |\n\t正文\n", 2, 2),
    ("first line of a folded block in an item", "rules:\n  - body: >-\n\t正文\n", 3, 6),
    # the levels tried after the guess, in their order: one in from a `- ` item's field, its
    # own indent, the usual levels 2, 4, 0 (never a count below 0 nor an odd step)
    ("a list under a lone dash", "members:\n  -\n\t- a\n", 3, 4),
    ("back to the top after a list at the top", "duty_rota:\n- team-a\n\ttitle: 驻村\n", 3, 0),
    ("after a line indented with a full-width space", "\u3000title: 驻村\n\tcounty: 某县\n", 2, 0),
    ("a value continued after a comma", "- honors: 省级\n\t, 市级\n", 2, 4),
    # a full-width space typed after a lone dash still leaves a lone dash (one level in);
    # a no-break space after the Tab is text to YAML, so that line is no `- ` item
    ("a lone dash and a full-width space", "members:\n  -\u3000\n\t- a\n", 3, 4),
    ("a no-break space after the Tab is text, not a dash", "duty_rota:\n  - a\n\t\xa0- b\n", 3, 4),
]


@pytest.mark.parametrize("text, line, spaces", [r[1:] for r in TAB_INDENTS], ids=[r[0] for r in TAB_INDENTS])
def test_a_tab_is_replaced_by_the_spaces_of_its_level(text, line, spaces):
    got = [t for t in told(text) if t[0] == "tab_indent"]
    assert [(t[1], t[2]) for t in got] == [(line, 1)]
    assert got[0][3].endswith(f"replace the Tab with {spaces} spaces, followed by "
                              + text.split("\n")[line - 1].lstrip(" \t"))
    fixed = text.split("\n")
    fixed[line - 1] = " " * spaces + fixed[line - 1].lstrip(" \t")
    assert R.load_yaml("\n".join(fixed), "x.yaml")[1] == [], "the fix told must make the file read"


def test_the_tab_fix_keeps_the_field_under_its_map():
    """The bug in figures: `poster:` then a Tab and `size: A1` parses with 0 spaces as
    well, to `{poster: None, size: A1}`; the fix told must give `{poster: {size: A1}}`."""
    (code, _, _, words), = told("poster:\n\tsize: A1\n")
    spaces = int(re.search(r"with (\d+) spaces", words)[1])
    assert R.load_yaml("poster:\n" + " " * spaces + "size: A1\n", "x.yaml")[0].data == {"poster": {"size": "A1"}}



# name, text, line of the Tab, spaces told, and the problem left once the Tab is fixed: a
# second slip further down (or an unclosed bracket on the Tab's own last line) does not
# move the level told for the Tab, for the fix reads past the Tab's line up to that slip.
TAB_BEFORE_ANOTHER_SLIP = [
    ("a stray item further down", "title: 驻村\n\tcounty: 某县\n- 张三\n", 2, 0, ("yaml_syntax", 3, 1)),
    ("a bracket left open on the last line", "title: 驻村\n\ttags: [a, b\n", 2, 0, ("yaml_syntax", 2, 7)),
    ("a quote left open on the last line", 'title: 驻村\n\tcounty: "某县\n', 2, 0, ("unclosed_quote", 2, 9)),
    # the same without a line break after the last line (as Notepad often saves a file):
    # the slip is then at the very end of the text, still past the Tab's line
    ("a quote left open, no final line break", 'title: 驻村\n\tcounty: "某县', 2, 0, ("unclosed_quote", 2, 9)),
    ("a bracket left open, no final line break", "title: 驻村\n\ttags: [a, b", 2, 0, ("yaml_syntax", 2, 7)),
    # `*NEW` (a reference to nothing) is refused under `note:` at once, elsewhere a line later:
    # the order of the levels decides, and the field column of the item comes before its dash
    ("a line refused at its level", "- note:\n\t*NEW\n", 2, 2, ("yaml_syntax", 2, 3)),
    # a blank line between changes nothing: the trial keeps every line after the Tab's
    ("a line refused at its level, after a blank line", "- note:\n\n\t*NEW\n", 3, 2, ("yaml_syntax", 3, 3)),
    # libyaml's parser (the one used where PyYAML has it) marks this bracket past the line
    ("a bracket left open before a Tab inside it", "title: 驻村\n\ttags: [a, b\tq: 1\n", 2, 0,
     ("yaml_syntax", 2, 12)),
]


@pytest.mark.parametrize("text, line, spaces, left", [r[1:] for r in TAB_BEFORE_ANOTHER_SLIP],
                         ids=[r[0] for r in TAB_BEFORE_ANOTHER_SLIP])
def test_a_tab_before_another_slip_is_told_at_its_level(text, line, spaces, left):
    got = [t for t in told(text) if t[0] == "tab_indent"]
    assert [(t[1], t[2]) for t in got] == [(line, 1)]
    assert f"replace the Tab with {spaces} spaces, followed by " in got[0][3]
    fixed = text.split("\n")
    fixed[line - 1] = " " * spaces + fixed[line - 1].lstrip(" \t")
    assert [(p.code, p.line, p.column) for p in R.load_yaml("\n".join(fixed), "x.yaml")[1]] == [left]

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
    ("body: |\n\t\n  正文\ntitle: 驻村\n", [("tab_indent", 2, 1)]),           # before the text's first line
    # a Tab after a space before the first line of text is text (YAML takes the indent from it)
    ("body: |\n \t\n  正文\ntitle:驻村\n", [("colon_space", 4, 6)]),
    ("body: |\n  正文\n \t\n  第二段\ntitle: 驻村\n", [("tab_indent", 3, 2)]),
    # an empty block: the next line is YAML (under an indented key too)
    ("poster:\n  note: |\n  size:A1\n", [("colon_space", 3, 7)]),
    # a comment that reads like `key: |`, indented, opens no block either
    ("poster:\n  # 例 note: |\n    size:A1\ntitle: [\n", [("colon_space", 3, 9)]),
    # a line of a no-break space (U+00A0) is no blank line to YAML: it ends the text
    ("body: |\n  正文\n\xa0\n  name:张三\ntitle:驻村\n", [("colon_space", 4, 7), ("colon_space", 5, 6)]),
    ("note: |\ncounty:某县\n", [("colon_space", 2, 7)]),
    # a comment that reads like `key: |` opens no block
    ("poster:\n# 例 body: |\n  size:A1\ntitle: [\n", [("colon_space", 3, 7)]),
    # a line of spaces only is blank text and does not end the block
    ("body: |\n  正文\n\n     \n  name:张三\ntitle:驻村\n", [("colon_space", 6, 6)]),
])
def test_a_tab_before_the_indent_of_a_block_is_still_told(text, expected):
    assert [t[:3] for t in told(text)] == expected


# ------------------------------------------------------------------ control characters

# name, text, line offset, (line, column, code point) of each control character told
CONTROLS = [
    ("a bell from a Word table", "title: 驻村\ncounty: 某县\nnote: a\x07b\n", 0, [(3, 8, "U+0007")]),
    ("Word's manual line break", "title: 驻村\nnote: 第一行\x0b第二行\n", 0, [(2, 10, "U+000B")]),
    ("in a front matter", "title: 驻村\nnote: 第一行\x0b第二行\n", 1, [(3, 10, "U+000B")]),
    ("several, on several lines", "a: \x0cx\nb: y\x0b\x0b\n", 0, [(1, 4, "U+000C"), (2, 5, "U+000B"), (2, 6, "U+000B")]),
    ("inside a block of text", "body: |\n  正文\x07\ntitle: 驻村\n", 0, [(2, 5, "U+0007")]),
    ("DEL and NUL", "a: x\x7f\nb: \x00\n", 0, [(1, 5, "U+007F"), (2, 4, "U+0000")]),
    ("alone on a line", "a: x\n\x1f\nb: y\n", 0, [(2, 1, "U+001F")]),
    ("after a blank first line", "\na: \x07\n", 0, [(2, 4, "U+0007")]),
]


@pytest.mark.parametrize("text, offset, expected", [r[1:] for r in CONTROLS], ids=[r[0] for r in CONTROLS])
def test_a_control_character_is_told_where_it_is_and_what_it_is(text, offset, expected):
    located, problems = R.load_yaml(text, "x.yaml", offset)
    assert located is None
    assert [(p.code, p.line, p.column, dict(p.params)["char"]) for p in problems] == [
        ("yaml_syntax", line, column, char) for line, column, char in expected]
    for p in problems:
        zh, en = " / ".join(p.text("zh")), " / ".join(p.text("en"))
        assert "控制字符" in zh and dict(p.params)["char"] in zh and "删掉这个字符" in zh, zh
        assert "special characters" not in zh and "#x" not in zh
        assert "control character" in en and "delete it" in en, en
        assert f"第 {p.column} 个字" in zh and f"at character {p.column} of this line" in en
        assert not CJK.search(en.replace(dict(p.params)["where_en"], "")), en     # Chinese only as quoted


@pytest.mark.parametrize("char, zh, en", [
    ("\x07", "Word 表格", "Word table"), ("\x0b", "手动换行", "manual line break"),
    ("\x0c", "分页符", "page break"), ("\x01", "控制字符", "a control character"),
])
def test_a_control_character_is_named(char, zh, en):
    (p,) = R.load_yaml(f"name: 张三{char}\n", "x.yaml")[1]
    assert zh in p.text("zh")[0] and en in p.text("en")[0]


@pytest.mark.parametrize("text, zh, en", [
    ("name: 张三\x0b李四\n", "紧跟在“张三”后面", "right after '张三'"),
    ("note: \x0b李四\n", "紧跟在“note:”后面", "right after 'note:'"),
    ("- name: 张三\n  role: 驻村第一书记 队长\x07\n", "紧跟在“驻村第一书记 队长”后面", "right after '驻村第一书记 队长'"),
    ("\x0bname: 张三\n", "在“name: 张三”前面", "right before 'name: 张三'"),
    ("\x0bnote: 一二三四五六七八九十\n", "在“note: 一二三四”前面", "right before 'note: 一二三四'"),
    ("a: 1\n  \x0b \nb: 2\n", "是这一行唯一的字符", "alone on its line"),
    ("note: 零一二三四五六七八九十\x07\n", "紧跟在“一二三四五六七八九十”后面", "right after '一二三四五六七八九十'"),
    ('note: "会议: 第一次\x07"\n', '紧跟在“"会议: 第一次”后面', "right after '\"会议: 第一次'"),
    ("note:  张三\x07\n", "紧跟在“张三”后面", "right after '张三'"),
])
def test_the_words_beside_an_invisible_character_are_quoted(text, zh, en):
    (p,) = R.load_yaml(text, "x.yaml")[1]
    assert zh in p.text("zh")[1] and en in p.text("en")[1]


def test_other_slips_are_told_with_the_control_character():
    got = told("title: 驻村\nnote: a\x07b\ncounty:某县\nmembers: [张三\n")
    assert [t[:3] for t in got] == [("yaml_syntax", 2, 8), ("colon_space", 3, 7)]
    got = told("title: 驻村\nnote: a\x07b\nmembers: [张三\n")
    assert [t[:3] for t in got] == [("yaml_syntax", 2, 8), ("yaml_syntax", 3, 10)]
    assert "never closed" in got[1][3]


def test_the_words_beside_leave_out_the_other_control_characters():
    (first, second) = R.load_yaml("note: 第一行\x0b\x0b第二行\n", "x.yaml")[1]
    assert "紧跟在“第一行”后面" in first.text("zh")[1] and "紧跟在“第一行”后面" in second.text("zh")[1]
    (first, second) = R.load_yaml("\x0b\x07name: 张三\n", "x.yaml")[1]
    assert "在“name: 张三”前面" in first.text("zh")[1] and "right before 'name: 张三'" in first.text("en")[1]


def test_an_empty_line_is_the_line_to_type_after_a_stray_bracket():
    (p,) = R.load_yaml("title: 驻村\n]\n", "x.yaml")[1]
    assert (p.code, p.line, p.column) == ("yaml_syntax", 2, 1)
    assert "多了一个“]”" in p.text("zh")[0] and "写成 空行" in p.text("zh")[1]
    assert "delete this ']': an empty line" in p.text("en")[1]


def test_a_slip_is_told_as_it_reads_with_the_control_character_deleted():
    """The fix of a control character is to delete it: the slips beside it are told as the
    line then reads (`note:李四` lacks its space), at the columns of the line as it is."""
    got = told("note:\x0b李四\n")
    assert got[0] == ("colon_space", 1, 5, "the colon after a field name must be followed by a space; "
                      "the whole line was read as text / put a space after the colon: note: 李四")
    assert got[1][:3] == ("yaml_syntax", 1, 6)


def test_valid_yaml_beside_a_control_character_is_not_blamed():
    """With the character deleted the record reads as fields: the scanners are not asked,
    so a full-width colon inside a list item (`发展产业：种茶`, text) is not blamed."""
    got = told("title: 驻村\nnote: a\x07b\nitems:\n  - 发展产业：种茶\n")
    assert [t[:3] for t in got] == [("yaml_syntax", 2, 8)]


def test_an_unmarked_error_without_a_control_character_is_told_once(monkeypatch):
    """PyYAML's reader refuses only control characters, so its error always comes with one;
    were it ever to refuse text read.py finds nothing in, the file is told once, at line 1,
    and not read again (which would loop)."""
    monkeypatch.setattr(R, "_NON_PRINTABLE", R.re.compile("(?!)"))
    located, problems = R.load_yaml("title: 驻村\nnote: a\x07b\n", "x.yaml")
    assert located is None and [(p.code, p.file, p.line, p.column, p.field) for p in problems] == [
        ("yaml_syntax", "x.yaml", 1, 0, "")]
    assert problems[0].text("zh")[0] == "格式错误：YAML 读不懂这里的写法"
    assert "#x0007" in problems[0].text("en")[0]


def test_the_other_slips_of_a_front_matter_keep_their_lines():
    located, problems = R.load_yaml("title: 驻村\nnote: a\x07b\nmembers: [张三\n", "x.md", 1)
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml_syntax", 3, 8), ("yaml_syntax", 4, 10)]


def test_only_the_first_20_control_characters_are_told():
    assert len(R.load_yaml("a: " + "\x07" * 25 + "\n", "x.yaml")[1]) == 20
    assert len(R.load_yaml("a: " + "\x07" * 20 + "\n", "x.yaml")[1]) == 20


# ------------------------------------------------------------------ [ ] and { }

# The slips of a flow list or map a clerk makes: name, text, (line, column) told, the words
# the Chinese message holds, and the line the fix tells to type. The Chinese must hold no
# English of PyYAML's, and the line to type must read.
FLOW = [
    ("list never closed", "title: 驻村\nhonors: [省级, 市级\n",
     (2, 9), "“[”没有对应的“]”", "honors: [省级, 市级]"),
    ("list never closed, a field after it", "title: 驻村\nhonors: [省级, 市级\nyear: 2024\n",
     (2, 9), "“[”没有对应的“]”", "honors: [省级, 市级]"),
    ("list never closed, a comment after it", "honors: [省级, 市级   # 荣誉\nyear: 2024\n",
     (1, 9), "“[”没有对应的“]”", "honors: [省级, 市级]"),
    ("list never closed, full-width comma", "title: 驻村\nhonors: [省级，市级\nyear: 2024\n",
     (2, 9), "“[”没有对应的“]”", "honors: [省级, 市级]"),
    ("list over lines never closed", "title: 驻村\nduty_rota: [team-a,\n  team-b\nyear: 2024\n",
     (2, 12), "“[”没有对应的“]”", "team-b]"),
    ("empty list never closed", "title: 驻村\nduty_rota: [\n", (2, 12), "“[”没有对应的“]”", "duty_rota: []"),
    ("trailing comma, never closed", "title: 驻村\nduty_rota: [team-a,\n", (2, 12), "“[”没有对应的“]”", "duty_rota: [team-a]"),
    ("map never closed", "members:\n  - {name: 张三\n  - name: 李四\n", (2, 5), "“{”没有对应的“}”", "- {name: 张三}"),
    ("map never closed at the end", "title: 驻村\nposter: {size: A1\n", (2, 9), "“{”没有对应的“}”", "poster: {size: A1}"),
    ("map in a list never closed", "members: [{name: 张三, role: 队长\n", (1, 10),
     "“[”没有对应的“]”", "members: [{name: 张三, role: 队长}]"),
    ("full-width comma in a map", "title: 驻村\nposter: {size: A1，orientation: portrait}\n",
     (2, 18), "花括号“{ }”里用了全角逗号“，”", "poster: {size: A1, orientation: portrait}"),
    ("full-width comma in a map in a list", "members: [{name: 张三，role: 队长}]\n",
     (1, 20), "花括号“{ }”里用了全角逗号“，”", "members: [{name: 张三, role: 队长}]"),
    ("full-width comma in a map over lines", "poster: {size: A1,\n  bleed_mm: 3，orientation: portrait}\n",
     (2, 14), "花括号“{ }”里用了全角逗号“，”", "bleed_mm: 3, orientation: portrait}"),
    ("closed by the other bracket", "title: 驻村\nhonors: [省级, 市级}\n", (2, 16), "“[”要用“]”结束，这里写成了“}”",
     "honors: [省级, 市级]"),
    ("a map closed by ]", "poster: {size: A1]\n", (1, 18), "“{”要用“}”结束，这里写成了“]”", "poster: {size: A1}"),
    ("closed by } after a comma", "honors: [省级, }\n", (1, 14), "“[”要用“]”结束", "honors: [省级, ]"),
    ("a stray ]", "title: 驻村\nhonors: [省级, 市级]]\n", (2, 17), "多了一个“]”", "honors: [省级, 市级]"),
    ("a stray } in a map", "poster: {size: A1}}\ntitle: 驻村\n", (1, 19), "多了一个“}”", "poster: {size: A1}"),
    ("a ] for a value", "title: 驻村\nhonors: ]\n", (2, 9), "多了一个“]”", "honors:"),
    ("two commas", "title: 驻村\nhonors: [省级,, 市级]\n", (2, 13), "方括号“[ ]”里有一个空项", "honors: [省级, 市级]"),
    ("a comma first", "title: 驻村\nhonors: [, 市级]\n", (2, 10), "方括号“[ ]”里有一个空项", "honors: [市级]"),
    ("a comma first, no space", "honors: [,市级]\n", (1, 10), "方括号“[ ]”里有一个空项", "honors: [市级]"),
    ("a comma first, then an X", "tags: [, X]\n", (1, 8), "方括号“[ ]”里有一个空项", "tags: [X]"),
    ("a comma first in a map", "m: {, a: 1}\n", (1, 5), "花括号“{ }”里有一个空项", "m: {a: 1}"),
    ("list over lines with a blank and a comment", "duty_rota: [team-a,\n\n  # 第二队\n  team-b\nyear: 2024\n",
     (1, 12), "“[”没有对应的“]”", "team-b]"),
    ("list over lines at the end of a file", "duty_rota: [team-a,\n  team-b", (1, 12), "“[”没有对应的“]”", "team-b]"),
    ("a comma and a space, never closed", "duty_rota: [team-a, \n", (1, 12), "“[”没有对应的“]”", "duty_rota: [team-a]"),
    ("never closed after an X", "tags: [AX\n", (1, 7), "“[”没有对应的“]”", "tags: [AX]"),
    ("never closed, two comments", "honors: [省级, 市级  # 荣誉 # 备注\nyear: 2024\n", (1, 9), "“[”没有对应的“]”",
     "honors: [省级, 市级]"),
    ("full-width comma and a space", "poster: {size: A1， orientation: portrait}\n", (1, 18),
     "花括号“{ }”里用了全角逗号“，”", "poster: {size: A1, orientation: portrait}"),
    ("closed by the other bracket, a comment after it", "honors: [省级, 市级}  # 荣誉\n", (1, 16),
     "“[”要用“]”结束，这里写成了“}”", "honors: [省级, 市级]  # 荣誉"),
    ("a stray ], a comment after it", "honors: [省级]] # 荣誉\n", (1, 13), "多了一个“]”", "honors: [省级] # 荣誉"),
    ("an empty item between spaced commas", "honors: [省级, , 市级]\n", (1, 14), "方括号“[ ]”里有一个空项",
     "honors: [省级, 市级]"),
    ("a spaced comma first", "honors: [ , 市级]\n", (1, 11), "方括号“[ ]”里有一个空项", "honors: [市级]"),
    ("full-width comma after a blank first line", "\nposter: {size: A1，orientation: portrait}\n", (2, 18),
     "花括号“{ }”里用了全角逗号“，”", "poster: {size: A1, orientation: portrait}"),
    ("two full-width commas before the colon", "member: {name: 张三，李四，role: 队长}\n", (1, 18),
     "花括号“{ }”里用了全角逗号“，”", "member: {name: 张三, 李四, role: 队长}"),
    ("list over lines ending in a comment", "duty_rota: [team-a,\n  team-b\n  # 完\nyear: 2024\n", (1, 12),
     "“[”没有对应的“]”", "team-b]"),
    ("two commas in a map", "poster: {size: A1,, bleed_mm: 3}\n", (1, 19), "花括号“{ }”里有一个空项", "poster: {size: A1, bleed_mm: 3}"),
    # only the spaces after the comma go: a full-width space is part of the item as typed
    ("a comma first, then a full-width space", "honors: [,\u3000市级]\n", (1, 10), "方括号“[ ]”里有一个空项",
     "honors: [\u3000市级]"),
]


# the line the fix is typed on, where it is not the line told (the `[` opens above it)
FIX_LINE = {"title: 驻村\nduty_rota: [team-a,\n  team-b\nyear: 2024\n": 3,
            "poster: {size: A1,\n  bleed_mm: 3，orientation: portrait}\n": 2,
            "duty_rota: [team-a,\n\n  # 第二队\n  team-b\nyear: 2024\n": 4,
            "duty_rota: [team-a,\n  team-b": 2,
            "duty_rota: [team-a,\n  team-b\n  # 完\nyear: 2024\n": 2}


@pytest.mark.parametrize("text, where, zh_words, example", [r[1:] for r in FLOW], ids=[r[0] for r in FLOW])
def test_a_slip_in_brackets_is_told_in_chinese_with_the_line_to_type(text, where, zh_words, example):
    located, problems = R.load_yaml(text, "x.yaml")
    assert located is None and [(p.code, p.line, p.column) for p in problems] == [("yaml_syntax", *where)]
    (p,) = problems
    assert dict(p.params)["example"] == dict(p.params)["example_en"] == example
    zh = " / ".join(p.text("zh"))
    assert zh_words in zh and f"写成 {example}" in zh, zh
    for pair_zh, pair_en in (("方括号“[ ]”", "the brackets '[ ]'"), ("花括号“{ }”", "the braces '{ }'")):
        assert (pair_zh in zh) == (pair_en in " / ".join(p.text("en")))
    assert not re.search(r"[A-Za-z]{4,}", zh.replace(example, "")), f"English in the Chinese: {zh}"
    en = " / ".join(p.text("en"))
    assert example in en and not CJK.search(en.replace(example, "").replace("'，'", "")), en
    assert "parsing" not in en, "PyYAML's words are not the message"
    lines = text.split("\n")
    at = FIX_LINE.get(text, where[0]) - 1        # where the line to type goes
    lines[at] = lines[at][:len(lines[at]) - len(lines[at].lstrip())] + example
    fixed = lines
    assert R.load_yaml("\n".join(fixed), "x.yaml")[1] == [], "the line told must read"


@pytest.mark.parametrize("text", ["title: 驻村\nhonors: [省级, 市级]\n", "m: {a: 1, b}\n", "x: [a,\n  b]\n",
                                  "title: 第[1]期\n", "title: '[草稿]'\n", "note: a]b\n"])
def test_brackets_that_read_are_not_blamed(text):
    assert R.load_yaml(text, "x.yaml")[1] == []


def test_a_yaml_error_no_table_explains_is_told_in_chinese():
    """`x: [a, : b]` is no slip of the tables above: the Chinese says so in Chinese, the
    English keeps PyYAML's words."""
    (p,) = R.load_yaml("x: [a, : b]\n", "x.yaml")[1]
    assert p.text("zh")[0] == "格式错误：方括号“[ ]”或花括号“{ }”里的内容不完整"
    assert "while parsing a flow node" in p.text("en")[0]
    (p,) = R.load_yaml("x: [a, b] c\n", "x.yaml")[1]
    assert not re.search(r"[A-Za-z]{4,}", p.text("zh")[0]), p.text("zh")
    (p,) = R.load_yaml("title: @驻村\n", "x.yaml")[1]     # a message no entry of YAML_SYNTAX_ZH knows
    assert p.text("zh")[0] == "格式错误：YAML 读不懂这里的写法" and "'@'" in p.text("en")[0]


@pytest.mark.parametrize("text", ["title: 驻村\ncounty 某县\n", "title: 驻村\ncounty 某县"])
def test_an_error_at_the_end_is_told_where_its_line_began(text):
    """`county 某县` lacks its colon; PyYAML notices at the end of the text, and tells
    where the key it was reading began: that line is the one to fix."""
    (p,) = R.load_yaml(text, "x.yaml")[1]
    assert (p.code, p.line, p.column) == ("yaml_syntax", 2, 1)
    assert p.text("zh")[0] == "格式错误：缺少冒号：字段名后面要有半角冒号和空格"


@pytest.mark.parametrize("text", ["a: " + "[" * 3000 + "\n", "a: " + "[" * 3000 + "]" * 3000 + "\nb: [\n"])
def test_nesting_too_deep_for_the_pure_python_composer_is_a_limit(text):
    """libyaml composes 3000 levels (the builder then stops at 50), but a file that is deep
    *and* broken is composed again by PyYAML's pure-Python composer, which runs out of
    Python's recursion: that is the same limit, not a crash."""
    located, problems = R.load_yaml(text, "x.yaml")
    assert located is None
    assert [(p.code, p.file, p.line, p.column, p.field, p.text("en")[0]) for p in problems] == [
        ("yaml_limit", "x.yaml", 1, 0, "", "the file is too complex to read (> 50)")]


@pytest.mark.parametrize("text, zh", [("title: 驻村\n", "Markdown 文件开头缺少字段区（第一行不是 ---）"),
                                      ("---\ntitle: 驻村\n", "Markdown 文件开头缺少字段区（没有结束的 ---）")])
def test_a_front_matter_problem_is_told_in_chinese(tmp_path, text, zh):
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    (p,) = R.read_markdown_file(path, "homes/a/teams/t/results/a.md").problems
    assert p.text("zh")[0] == zh


def test_a_problem_in_a_front_matter_names_its_file(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: [驻村\n---\n", encoding="utf-8")
    (p,) = R.read_markdown_file(path, "homes/a/teams/t/results/a.md").problems
    assert (p.code, p.file, p.line) == ("yaml_syntax", "homes/a/teams/t/results/a.md", 2)
