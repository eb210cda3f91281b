"""Reading record files (sitegen/read.py): the tables a mutation run asked for.

A clerk's YAML that does not parse must be answered with the line to look at and the line
to type instead: a full-width colon or dash, a missing space after `-` or `:`, a Tab, a
quote never closed, a bracket never closed. The first table feeds such files through
`load_yaml` (as a YAML file, and with the line offset of a Markdown front matter) and pins
each problem's code, line, column and the words the clerk reads. The other tables pin the
rest of reading: encodings, front matter, duplicate keys, limits, positions, what a scalar
becomes, records that leave the content folder. See docs/testing.md for the mutants each
table kills.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from sitegen import read as R


def problems_of(text: str, offset: int = 0) -> list[tuple]:
    located, problems = R.load_yaml(text, "x.yaml", offset)
    rows = []
    for p in problems:
        en, zh = " / ".join(p.text("en")), ""
        if p.code == "yaml_syntax" and "variant" not in dict(p.params):
            en = p.text("en")[0]                      # the fix is the same for every one
            zh = p.text("zh")[0]
            assert "None" not in zh and zh.strip("格式错误："), zh
        rows.append((p.code, p.line, p.column, en, zh))
        assert (p.file, p.field) == ("x.yaml", ""), p      # a syntax problem has no field yet
    return rows


# name, text, line offset (1 for a Markdown front matter), problems as
# (code, line, column, English message / fix[, Chinese message of a syntax error])
SLIPS = [
    ('fw colon', 'title：驻村\ncounty: 某县\n', 0, [('fullwidth_colon', 1, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: 驻村")]),
    ('fw colon front matter', 'title：驻村\ncounty: 某县\n', 1, [('fullwidth_colon', 2, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: 驻村")]),
    ('fw colon in block is markdown', 'title: 驻村\nbody: |\n  第一条：团结\n  - 第二条\ncounty：某县\n', 0, [('fullwidth_colon', 5, 7, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. county: 某县")]),
    ('fw colon in folded block', 'title: 驻村\nbody: >-\n  说明：写在这里\ncounty：某县\n', 0, [('fullwidth_colon', 4, 7, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. county: 某县")]),
    ('fw space in block lead', 'body: |\n  正文\n\u3000\u3000name：x\n', 0, [('fullwidth_space', 3, 1, "a full-width space '\u3000' is used in indentation / replace it with half-width spaces"), ('fullwidth_colon', 3, 7, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. name: x")]),
    ('fw dash alone', 'members:\n－\ntitle: [\n', 0, [('yaml_syntax', 3, 1, "YAML syntax error: while scanning a simple key could not find expected ':'", '格式错误：缺少冒号：字段名后面要有半角冒号和空格')]),
    ('fw dash no space', 'members:\n－张三\ntitle：x\n', 0, [('fullwidth_colon', 3, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: x")]),
    ('fw dash fullwidth space', 'members:\n－\u3000张三\n', 0, [('fullwidth_dash', 2, 1, "a list item starts with '－'; the list dash must be a half-width '-' / type '- ' (hyphen and space) instead of '－'")]),
    ('fw colon after half colon', 'title: 驻村：工作队\ncounty：某县\n', 0, [('fullwidth_colon', 2, 7, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. county: 某县")]),
    ('fw blank lines', 'title：驻村\n\n\ncounty: x\n', 2, [('fullwidth_colon', 3, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: 驻村")]),
    ('fw nbsp lead', 'members:\n\xa0－ 张三\ntitle：x\n', 0, [('fullwidth_colon', 3, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: x")]),
    ('dash slip', 'members:\n  -name: 张三\n    role: 队长\n', 0, [('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - name: 张三")]),
    ('dash slip front matter', 'members:\n  -name: 张三\n    role: 队长\n', 1, [('dash_space', 3, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - name: 张三")]),
    ('colon slip', 'title:驻村\ncounty: 某县\n', 0, [('colon_space', 1, 6, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: title: 驻村')]),
    ('colon slip url', 'base_url:http://x\ntitle: [\n', 0, [('colon_space', 1, 9, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: base_url: http://x')]),
    ('colon slip url2', 'title: 驻村\nbase_url://x\ncounty: [\n', 0, [('yaml_syntax', 3, 1, "YAML syntax error: while scanning a simple key could not find expected ':'", '格式错误：缺少冒号：字段名后面要有半角冒号和空格')]),
    ('dash and colon slip', 'members:\n  -name:张三\n    role: 队长\n', 0, [('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - name: 张三")]),
    ('colon slip in block', 'body: |\n  name:张三\ntitle:驻村\n', 0, [('colon_space', 3, 6, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: title: 驻村')]),
    ('slip in comment', '# name:张三\ntitle:驻村\n', 0, []),
    ('item slip', 'duty_rota:\n  - team-a\n  -team-b\n', 0, [('dash_space', 3, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - team-b")]),
    ('item slip only', 'duty_rota:\n  -team-a\ntitle: [\n', 0, [('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - team-a")]),
    ('item slip after comment', 'duty_rota:\n  - team-a\n  # 注释\n  -team-b\n', 0, [('dash_space', 4, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - team-b")]),
    ('item slip after blank', 'duty_rota:\n  - team-a\n\n  -team-b\n', 0, [('dash_space', 4, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - team-b")]),
    ('item slip below', 'duty_rota:\n  -team-a\n  # x\n\n  - team-b\n', 0, [('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - team-a")]),
    ('not an item: text', 'title: 驻村\nnote:\n  -5度\n  x: [\n', 0, [('dash_space', 3, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - 5度")]),
    ('not an item: deeper', 'a:\n  - b\n    -c\n  x: [\n', 0, [('yaml_syntax', 4, 3, "YAML syntax error: while parsing a block collection expected <block end>, but found '?'", '格式错误：缩进不一致：同一层的字段要对齐')]),
    ('item slip parent colon', 'list:\n    -a\nx: [\n', 0, [('dash_space', 2, 5, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - a")]),
    ('tab only line', 'title: 驻村\n\t\n county: x\n', 0, [('tab_indent', 2, 1, 'this line holds only a Tab; YAML only accepts spaces / delete the Tab (leave the line empty)')]),
    ('tab only line two', 'title: 驻村\n  \t\t\n county: x\n', 0, [('tab_indent', 2, 3, 'this line holds only a Tab; YAML only accepts spaces / delete the Tab (leave the line empty)')]),
    ('tab only front matter', 'title: 驻村\n\t\n county: x\n', 1, [('tab_indent', 3, 1, 'this line holds only a Tab; YAML only accepts spaces / delete the Tab (leave the line empty)')]),
    ('tab indent', 'members:\n  - name: 张三\n\trole: 队长\n', 0, [('tab_indent', 3, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 4 spaces, followed by role: 队长')]),
    ('tab indent top', 'title: 驻村\n\tcounty: 某县\n', 0, [('tab_indent', 2, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 0 spaces, followed by county: 某县')]),
    ('tab indent two tabs', 'members:\n  - name: 张三\n\t\trole: 队长\n', 0, [('tab_indent', 3, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 4 spaces, followed by role: 队长')]),
    ('tab in block lead', 'body: |\n  正文\n\t缩进\n', 0, [('tab_indent', 3, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 2 spaces, followed by 缩进')]),
    ('tab indent no fix', 'a:\n\t- [\n', 0, [('tab_indent', 2, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 2 spaces, followed by - [')]),
    ('tab indent deep', 'a:\n  b:\n    c: 1\n\t\t\td: 2\n', 0, [('tab_indent', 4, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 4 spaces, followed by d: 2')]),
    ('unclosed dq', 'title: "驻村\ncounty: 某县\n', 0, [('unclosed_quote', 1, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "驻村"; or delete the opening "')]),
    ('unclosed dq chinese close', 'title: "扎根青山”\ncounty: 某县\n', 0, [('unclosed_quote', 1, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "扎根青山"; or delete the opening "')]),
    ('unclosed sq', "title: '驻村\ncounty: 某县\n", 0, [('unclosed_quote', 1, 8, "unclosed quote: the ' that starts here is never closed / close it at the end of the value: title: '驻村'; or delete the opening '")]),
    ('sq doubled inside', "title: 'it''s\ncounty: 某县\n", 0, [('unclosed_quote', 1, 8, "unclosed quote: the ' that starts here is never closed / close it at the end of the value: title: 'it''s'; or delete the opening '")]),
    ('sq closed doubled', "title: 'it''s'\ncounty: '某县\n", 0, [('unclosed_quote', 2, 9, "unclosed quote: the ' that starts here is never closed / close it at the end of the value: county: '某县'; or delete the opening '")]),
    ('dq escaped quote', 'title: "他说\\"好\ncounty: 某县\n', 0, [('unclosed_quote', 1, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "他说\\"好"; or delete the opening "')]),
    ('dq escaped backslash', 'title: "a\\\\"\ncounty: "某县\n', 0, [('unclosed_quote', 2, 9, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: county: "某县"; or delete the opening "')]),
    ('unclosed in item', '- title: "驻村\n  level: county\n', 0, [('unclosed_quote', 1, 10, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: - title: "驻村"; or delete the opening "')]),
    ('unclosed front matter', 'title: "驻村\ncounty: 某县\n', 1, [('unclosed_quote', 2, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "驻村"; or delete the opening "')]),
    ('unclosed closed later', 'title: "驻村\ncounty: 某县"\nyear: [\n', 0, [('unclosed_quote', 1, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "驻村"; or delete the opening "')]),
    ('flow unclosed dq', 'title: 驻村\nmembers: [张三, "李四]\n', 0, [('unclosed_quote', 2, 15, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: members: [张三, "李四]"; or delete the opening "')]),
    ('flow unclosed sq fm', "title: 驻村\nmembers: [张三, '李四]\n", 1, [('unclosed_quote', 3, 15, "unclosed quote: the ' that starts here is never closed / close it at the end of the value: members: [张三, '李四]'; or delete the opening '")]),
    ('bracket at end', 'title: 驻村\ntags: [a, b\n', 0, [('yaml_syntax', 2, 7, "YAML syntax error: the '[' here is never closed by a ']' / add ']' after the last item: tags: [a, b]; if the value itself holds a '[', put quotes around the whole value")]),
    ('bracket at end no newline', 'title: 驻村\ntags: [a, b', 0, [('yaml_syntax', 2, 7, "YAML syntax error: the '[' here is never closed by a ']' / add ']' after the last item: tags: [a, b]; if the value itself holds a '[', put quotes around the whole value")]),
    ('bracket fm', 'title: 驻村\ntags: [a, b\n', 3, [('yaml_syntax', 5, 7, "YAML syntax error: the '[' here is never closed by a ']' / add ']' after the last item: tags: [a, b]; if the value itself holds a '[', put quotes around the whole value")]),
    ('brace', 'title: 驻村\ntags: {a: b\n', 0, [('yaml_syntax', 2, 7, "YAML syntax error: the '{' here is never closed by a '}' / add '}' after the last item: tags: {a: b}; if the value itself holds a '{', put quotes around the whole value")]),
    ('bad escape', 'title: "a\\qb"\ncounty: x\n', 0, [('yaml_syntax', 1, 11, "YAML syntax error: in double quotes a backslash '\\' starts an escape (while scanning a double-quoted scalar found unknown escape character 'q') / use / instead of \\ in paths, e.g. photos/a.jpg; or drop the quotes")]),
    ('colon in value', 'title: a: b\n', 0, [('yaml_syntax', 1, 9, 'YAML syntax error: mapping values are not allowed here', '格式错误：这里不能出现冒号；值里含有“: ”时，请给整个值加上引号')]),
    ('colon in value fm', 'title: a: b\n', 2, [('yaml_syntax', 3, 9, 'YAML syntax error: mapping values are not allowed here', '格式错误：这里不能出现冒号；值里含有“: ”时，请给整个值加上引号')]),
    ('alias undefined', 'title: *x\n', 0, [('yaml_syntax', 1, 8, "YAML syntax error: found undefined alias 'x'", '格式错误：用了未定义的 * 引用')]),
    ('indent', 'title: a\n  county: b\n', 0, [('yaml_syntax', 2, 9, 'YAML syntax error: mapping values are not allowed here', '格式错误：这里不能出现冒号；值里含有“: ”时，请给整个值加上引号')]),
    ('tab mid line', 'title: 驻村\ncounty:\tx: y\n', 0, [('yaml_syntax', 2, 8, "YAML syntax error: while scanning for the next token found character '\\t' that cannot start any token", '格式错误：有 Tab 字符：请改用空格缩进')]),
    ('fw dash', 'members:\n－ name: 张三\n  x: [\n', 0, [('fullwidth_dash', 2, 1, "a list item starts with '－'; the list dash must be a half-width '-' / type '- ' (hyphen and space) instead of '－'")]),
    ('dash slip no value', 'members:\n  -name:\n    role: 队长\n  x: [\n', 0, [('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - name:")]),
    ('dash slip unknown name', 'members:\n  -foo: 张三\n  bad: [\n', 0, [('yaml_syntax', 3, 8, "YAML syntax error: the '[' here is never closed by a ']' / add ']' after the last item: bad: []; if the value itself holds a '[', put quotes around the whole value")]),
    ('not an item: after outdent', 'a:\n  - b\nc: d\n  -e\nx: [\n', 0, [('yaml_syntax', 5, 4, "YAML syntax error: the '[' here is never closed by a ']' / add ']' after the last item: x: []; if the value itself holds a '[', put quotes around the whole value")]),
    ('tab after a list item', 'members:\n  - name: 张三\n\t  role: 队长\n', 0, [('tab_indent', 3, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 4 spaces, followed by role: 队长')]),
    ('tab after a top field', 'title: 驻村\n\tcounty: 某县\nyear: 2024\n', 0, [('tab_indent', 2, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 0 spaces, followed by county: 某县')]),
    ('tab in a list', 'duty_rota:\n  - a\n\t- b\n', 0, [('tab_indent', 3, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 2 spaces, followed by - b')]),
    ('space then tab', 'title: 驻村\n \tcounty: 某县\n', 0, [('tab_indent', 2, 2, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 0 spaces, followed by county: 某县')]),
    ('version number', 'a: 1.2.3\nb: [\n', 0, [('yaml_syntax', 2, 4, "YAML syntax error: the '[' here is never closed by a ']' / add ']' after the last item: b: []; if the value itself holds a '[', put quotes around the whole value")]),
    ('tab on the line of another error', 'title: 驻村\ncounty: a: \tb\n', 0, [('yaml_syntax', 2, 10, 'YAML syntax error: mapping values are not allowed here', '格式错误：有 Tab 字符：请改用空格缩进')]),
    ('quote never closed before a document separator', 'tags: [a, "b\n---\nx: 1\n', 0, [('unclosed_quote', 1, 11, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: tags: [a, "b"; or delete the opening "')]),
    ('trailing spaces after an unclosed quote', 'title: "驻村   \ncounty: 某县\n', 0, [('unclosed_quote', 1, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "驻村"; or delete the opening "')]),
    ('unclosed quote ending in X', 'title: "ABX\ncounty: 某县\n', 0, [('unclosed_quote', 1, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "ABX"; or delete the opening "')]),
    ('escaped quote and another slip', 'title: "他说\\"好\ncounty：某县\n', 0, [('unclosed_quote', 1, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "他说\\"好"; or delete the opening "'), ('fullwidth_colon', 2, 7, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. county: 某县")]),
    ('doubled single quote and another slip', "title: 'it''s\ncounty：某县\n", 0, [('unclosed_quote', 1, 8, "unclosed quote: the ' that starts here is never closed / close it at the end of the value: title: 'it''s'; or delete the opening '"), ('fullwidth_colon', 2, 7, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. county: 某县")]),
    ('escaped backslash and another slip', 'title: "a\\\\"\ncounty：某县\n', 0, [('fullwidth_colon', 2, 7, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. county: 某县")]),
    ('unclosed quote and another slip', 'title: "驻村\ncounty：某县\n', 0, [('unclosed_quote', 1, 8, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: title: "驻村"; or delete the opening "'), ('fullwidth_colon', 2, 7, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. county: 某县")]),
    ('full-width space before a comment', '\u3000# 注释\ntitle：驻村\ncounty: x\n', 0, [('fullwidth_colon', 2, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: 驻村")]),
    ('comment, then a full-width colon', '# 注释\ntitle：驻村\ncounty: x\n', 0, [('fullwidth_colon', 2, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: 驻村")]),
    ('comment and blank, then a colon slip', '# 注释\n\ntitle:驻村\ncounty: 某县\n', 0, [('colon_space', 3, 6, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: title: 驻村')]),
    ('tab-only line, then a colon slip', '\t\ntitle:驻村\ncounty: x\n', 0, [('tab_indent', 1, 1, 'this line holds only a Tab; YAML only accepts spaces / delete the Tab (leave the line empty)'), ('colon_space', 2, 6, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: title: 驻村')]),
    ('blank line before a tab', 'members:\n  - name: 张三\n\n\trole: 队长\n', 0, [('tab_indent', 4, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 4 spaces, followed by role: 队长')]),
    ('tab before a comment', '\t# 注释\ntitle:驻村\ncounty: x\n', 0, [('colon_space', 2, 6, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: title: 驻村')]),
    ('tab and dash slip', 'members:\n\t-name: 张三\n', 0, [('tab_indent', 2, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 2 spaces, followed by -name: 张三'), ('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - name: 张三")]),
    ('tab and colon slip', 'poster:\n\tsize:A1\n', 0, [('tab_indent', 2, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 2 spaces, followed by size:A1'), ('colon_space', 2, 7, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: size: A1')]),
    ('tab on the first line', '\tname: x\n', 0, [('tab_indent', 1, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 0 spaces, followed by name: x')]),
    ('full-width dash and space only', 'members:\n－ \ntitle: [\n', 0, [('fullwidth_dash', 2, 1, "a list item starts with '－'; the list dash must be a half-width '-' / type '- ' (hyphen and space) instead of '－'")]),
    ('full-width dash before X', 'members:\n－X\ntitle：x\n', 0, [('fullwidth_colon', 3, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: x")]),
    ('block opened after a commented colon', 'body: | # 注: 正文\n  name:张三\ntitle:驻村\ncounty: x\n', 0, [('colon_space', 3, 6, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: title: 驻村')]),
    ('block opened after two colons', 'a: 1\nnote: 一: |\n  name:张三\n', 0, [('yaml_syntax', 2, 8, 'YAML syntax error: mapping values are not allowed here', '格式错误：这里不能出现冒号；值里含有“: ”时，请给整个值加上引号')]),
    ('fw block opened after a commented colon', 'body: | # 注: 正文\n  说明：x\ntitle：驻村\ncounty: x\n', 0, [('fullwidth_colon', 3, 6, "a full-width colon '：' is used where a key separator belongs / type a half-width ': ' (colon and space) instead, e.g. title: 驻村")]),
    ('fw block opened after two colons', 'a: 1\nnote: 一: |\n  说明：x\n', 0, [('yaml_syntax', 2, 8, 'YAML syntax error: mapping values are not allowed here', '格式错误：这里不能出现冒号；值里含有“: ”时，请给整个值加上引号')]),
    ('item slip with only a sibling below', 'a: 1\n  -b\n  - c\nd: [\n', 0, [('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - b")]),
    ('item slip, comment at column 0, sibling below', 'a: 1\n  -b\n# 注释\n  - c\nd: [\n', 0, [('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - b")]),
    ('item slip under a field at its indent', '  k:\n  -b\nx: [\n', 0, [('yaml_syntax', 3, 1, "YAML syntax error: while scanning a simple key could not find expected ':'", '格式错误：缺少冒号：字段名后面要有半角冒号和空格')]),
    ('item slip after a field at its indent', 'x:\n  k: 1\n  -b\n', 0, [('dash_space', 3, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - b")]),
    ('item slip at the end', 'x: [\na: 1\n  -b\n', 0, [('yaml_syntax', 1, 4, "YAML syntax error: the '[' here is never closed by a ']' / add ']' after the last item: x: []; if the value itself holds a '[', put quotes around the whole value")]),
    # a no-break space (pasted from Word) is text to YAML, not indentation: a Tab after it is not blamed
    ('tab after a no-break space', 'poster:\n  size: A1\n\xa0\tbleed_mm: 3\ntitle:驻村\n', 0, [('colon_space', 4, 6, 'the colon after a field name must be followed by a space; the whole line was read as text / put a space after the colon: title: 驻村')]),
    ('tab after a line of only a no-break space', '\xa0\n\ttitle: 驻村\n', 0, [('tab_indent', 2, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 2 spaces, followed by title: 驻村')]),
    # the Tab's fix replaces the Tab only: a full-width space after it is told on its own
    ('tab, then a full-width space', 'poster:\n\t\u3000size: A1\n', 0, [('tab_indent', 2, 1, 'this line is indented with a Tab; YAML only accepts spaces / replace the Tab with 2 spaces, followed by \u3000size: A1'), ('fullwidth_space', 2, 2, "a full-width space '\u3000' is used in indentation / replace it with half-width spaces")]),
    # Notepad leaves no line break after the last line: a quote left open there is closed with its own quote
    ('unclosed quote on the last line, no line break', 'members:\n  -name: 张三\ncounty: "某县', 0, [('dash_space', 2, 3, "the list dash '-' must be followed by a space; this line is not read as a new item / put a space after '-': - name: 张三"), ('unclosed_quote', 3, 9, 'unclosed quote: the " that starts here is never closed / close it at the end of the value: county: "某县"; or delete the opening "')]),
]


@pytest.mark.parametrize("text, offset, expected", [row[1:] for row in SLIPS], ids=[row[0] for row in SLIPS])
def test_a_file_that_does_not_parse_is_told_where_and_how(text, offset, expected):
    got = problems_of(text, offset)
    assert [g[:4] for g in got] == [e[:4] for e in expected]
    for g, e in zip(got, expected):
        if len(e) > 4:                 # the Chinese reason of a syntax error
            assert g[4] == e[4]


def _padded(length: int, tail: str) -> str:
    """A file of exactly `length` characters: a field, a long comment, then `tail`."""
    head = "title: 驻村\n# "
    text = head + "注" * (length - len(head) - 1 - len(tail)) + "\n" + tail
    assert len(text) == length
    return text


@pytest.mark.parametrize("length, spaces", [(200_000, 0), (200_001, 2)])
def test_trial_parses_stop_at_200000_characters(length, spaces):
    """A fix is tried out by parsing the file again with it; a file over 200 000
    characters is not (that would be slow): its Tab is replaced by its own width."""
    text = _padded(length, "poster: x\n\tcounty: 某县\n")
    got = problems_of(text)
    assert [(g[0], g[1]) for g in got] == [("tab_indent", 4)]
    assert f"replace the Tab with {spaces} spaces, followed by county: 某县" in got[0][3]


def test_trial_parses_are_capped_at_20_a_file(monkeypatch):
    """Each fix is tried by parsing the file again; a file full of slips gets 20 trials, all
    20, and the next file its own 20 again (so one bad file cannot make a build slow)."""
    calls = []
    compose = R.yaml.compose
    monkeypatch.setattr(R.yaml, "compose", lambda *a, **k: calls.append(1) or compose(*a, **k))
    many = "title: 驻村\n" + "".join(f"\tk{i}: v\n" for i in range(30))
    for text, trials in [(many, 20), (many, 20), ("title: 驻村\n\tcounty: 某县\n", 1)]:
        calls.clear()
        got = R.scan_slips(text, "x.yaml")
        assert len(calls) == trials
        assert [p.code for p in got] == ["tab_indent"] * text.count("\t")
        assert dict(got[0].params)["spaces"] == 0          # the first Tab's fix was tried: the top level


def test_no_fix_is_offered_for_a_text_yaml_cannot_read_at_all():
    """`scan_slips` alone, on a text holding a control character: no trial parse can read
    it, so the quote fix is not offered (it could not be proven)."""
    assert R.scan_slips('title: "驻村\x07\ncounty: 某县\n', "x.yaml") == []
    assert [p.code for p in R.scan_slips('title: "驻村\ncounty: 某县\n', "x.yaml")] == ["unclosed_quote"]


@pytest.mark.parametrize("text", ["title: 驻村\n", "a: [1,\t2]\n", "body: |\n  第一条：团结\n  -name:张三\n"])
def test_scans_are_quiet_on_a_file_that_parses(text):
    located, problems = R.load_yaml(text, "x.yaml")
    assert located is not None and problems == []


def test_scanners_read_the_lines_given():
    """`scan_fullwidth` and `scan_slips` are also usable alone, numbering from line 1."""
    assert [(p.code, p.line) for p in R.scan_fullwidth("title：驻村\n", "x.yaml")] == [("fullwidth_colon", 1)]
    assert [(p.code, p.line) for p in R.scan_slips("title:驻村\n", "x.yaml")] == [("colon_space", 1)]


# ------------------------------------------------------------------ bugs found on the way

TAB_FIXES = [
    ("a field under a map", "poster:\n\tsize: A1\n", 2),
    ("a field under a nested map", "home:\n  office:\n\trooms: 3\n", 4),
    ("a list item among items", "duty_rota:\n  - a\n\t- b\n", 2),
]


@pytest.mark.parametrize("text, spaces", [r[1:] for r in TAB_FIXES], ids=[r[0] for r in TAB_FIXES])
def test_a_tab_is_replaced_by_the_indent_the_line_belongs_at(text, spaces):
    got = problems_of(text)
    assert f"replace the Tab with {spaces} spaces" in got[0][3]


def test_a_tab_inside_a_block_of_text_is_not_blamed():
    got = problems_of("body: |\n  正文\n  \t缩进\ntitle:驻村\n")
    assert [g[:3] for g in got] == [("colon_space", 4, 6)]


# ------------------------------------------------------------------ encodings

@pytest.mark.parametrize("data, text", [
    (b"\xef\xbb\xbftitle: a\r\nb: c\r\n", "title: a\nb: c\n"),          # Notepad's UTF-8 with BOM, CRLF
    ("title: 驻村\r\n".encode("gbk"), "title: 驻村\n"),                 # Chinese Windows' ANSI
    ("title: 驻村\r".encode("gb18030"), "title: 驻村\n"),               # old Mac line ends
    (b"a\rb\r\nc\n", "a\nb\nc\n"), (b"", ""), (b"\xef\xbb\xbf", ""),
    ("\ufeff两个 BOM".encode("utf-8")[0:0] + b"\xef\xbb\xbf\xef\xbb\xbfx", "\ufeffx"),   # only one BOM is taken off
])
def test_decode(data, text):
    assert R.decode(data, "x.yaml") == (text, None)


@pytest.mark.parametrize("data, offset, line", [
    (b"ok\n\xff\xfe\xfa\xfb bad\n", 3, 2),
    (b"line1\nline2\n\x80\x80\x80\x80", 12, 3),
    ("ab\n中".encode() + b"\xff\n", 6, 2),       # UTF-8 reads further than GBK: its offset is told
    ("甲\n".encode("gbk") + b"\n\xff\xff", 4, 3),  # GBK reads further than UTF-8: its offset
    (b"\n\n\xff\xff", 2, 3),                          # line ends from the first byte on
])
def test_undecodable_bytes_are_located(data, offset, line):
    text, p = R.decode(data, "homes/a/home.yaml")
    assert text is None
    assert (p.code, p.file, p.line, p.column, p.field) == ("encoding", "homes/a/home.yaml", line, 0, "")
    assert p.text("en")[0] == f"unreadable encoding: byte {offset} (line {line}) is neither UTF-8 nor GBK"


# ------------------------------------------------------------------ files and front matter

def _write(tmp_path: Path, rel: str, data: bytes) -> Path:
    path = tmp_path / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


MARKDOWN = [
    ("fields and body", "---\ntitle: 驻村\n---\n正文第一行\n第二行\n", {"title": "驻村"}, "正文第一行\n第二行\n", 4, []),
    ("closed by ...", "---\ntitle: 驻村\n...\n正文\n", {"title": "驻村"}, "正文\n", 4, []),
    ("spaces around the fences", "--- \ntitle: 驻村\n ---\n正文", {"title": "驻村"}, "正文", 4, []),
    ("empty front matter", "---\n---\n正文\n", None, "正文\n", 3, []),
    ("no body", "---\ntitle: 驻村\n---", {"title": "驻村"}, "", 4, []),
    ("GBK with CRLF", "---\r\ntitle: 驻村\r\n---\r\n正文\r\n", {"title": "驻村"}, "正文\n", 4, []),
    ("first line is no fence", "title: 驻村\n---\n正文\n", None, "", 1,
     [("front_matter", 1, 1, "the Markdown file lacks its front matter block (the first line is not ---)")]),
    ("empty file", "", None, "", 1,
     [("front_matter", 1, 1, "the Markdown file lacks its front matter block (the first line is not ---)")]),
    ("never closed", "---\ntitle: 驻村\n正文\n", None, "", 1,
     [("front_matter", 1, 1, "the Markdown file lacks its front matter block (no closing ---)")]),
    ("only the opening fence", "---", None, "", 1,
     [("front_matter", 1, 1, "the Markdown file lacks its front matter block (no closing ---)")]),
    ("an error in the front matter is told at its line in the file", "---\ntitle: 驻村\ncounty：某县\n---\n正文\n",
     None, "正文\n", 5, [("fullwidth_colon", 3, 7, "a full-width colon '：' is used where a key separator belongs")]),
    ("a duplicate key in the front matter", "---\ntitle: 驻村\ntitle: 又一个\n---\n", {"title": "驻村"}, "", 5,
     [("duplicate_key", 3, 1, "the field 'title' appears twice (first on line 2)")]),
]


@pytest.mark.parametrize("text, data, body, body_line, problems", [r[1:] for r in MARKDOWN],
                         ids=[r[0] for r in MARKDOWN])
def test_markdown_record(tmp_path, text, data, body, body_line, problems):
    encoded = text.encode("gbk") if "CRLF" in text or "\r" in text else text.encode("utf-8")
    path = _write(tmp_path, "homes/a/teams/t/results/2024-05-x.md", encoded)
    raw = R.read_markdown_file(path, "homes/a/teams/t/results/2024-05-x.md")
    assert [(p.code, p.line, p.column, p.text("en")[0]) for p in raw.problems] == problems
    assert (raw.located.data if raw.located else None) == data
    assert (raw.body, raw.body_line) == (body, body_line)
    assert raw.rel == "homes/a/teams/t/results/2024-05-x.md" and raw.path == path


def test_markdown_record_positions_count_the_fence(tmp_path):
    path = _write(tmp_path, "a.md", "---\ntitle: 驻村\nfigures:\n  - label: 户数\n---\n".encode())
    raw = R.read_markdown_file(path, "a.md")
    assert raw.located.where[("figures", 0, "label")] == (4, 12)
    assert raw.located.key_where[("title",)] == (2, 1)


def test_yaml_record(tmp_path):
    path = _write(tmp_path, "homes/a/home.yaml", "\ufeffname: 驻村之家\r\ntownship: 某镇\r\n".encode())
    raw = R.read_yaml_file(path, "homes/a/home.yaml")
    assert (raw.located.data, raw.problems, raw.text) == (
        {"name": "驻村之家", "township": "某镇"}, [], "name: 驻村之家\ntownship: 某镇\n")
    assert raw.located.where[("township",)] == (2, 11)


def test_unreadable_yaml_record_keeps_no_text(tmp_path):
    path = _write(tmp_path, "homes/a/home.yaml", b"name: \xff\xff\xff\n")
    raw = R.read_yaml_file(path, "homes/a/home.yaml")
    assert raw.text is None and raw.located is None
    assert [(p.code, p.line) for p in raw.problems] == [("encoding", 1)]
    md = _write(tmp_path, "a.md", b"---\nname: \xff\xff\xff\n---\n")
    raw = R.read_markdown_file(md, "a.md")
    assert raw.text is None and raw.located is None and raw.body == ""
    assert [(p.code, p.line) for p in raw.problems] == [("encoding", 2)]


def test_missing_record_names_itself(tmp_path):
    (tmp_path / "content").mkdir()
    raw = R.read_yaml_file(tmp_path / "content" / "site.yaml", "site.yaml")
    assert [(p.code, p.file, p.line, p.column, p.field) for p in raw.problems] == [("missing_file", "site.yaml", 0, 0, "")]
    assert "site.yaml (No such file or directory)" in raw.problems[0].text("en")[0]
    assert raw.text is None and raw.located is None


def test_record_over_5_mb_is_refused_before_reading(tmp_path):
    path = _write(tmp_path, "homes/a/activities.yaml", b"#" * (R.MAX_BYTES + 1))
    data, p = R.read_bytes(path, "homes/a/activities.yaml")
    assert data is None and (p.code, p.file, p.line, p.column, p.field, dict(p.params)) == (
        "yaml_limit", "homes/a/activities.yaml", 1, 0, "", {"what": "> 5 MB"})
    path.write_bytes(b"#" * R.MAX_BYTES)
    assert R.read_bytes(path, "homes/a/activities.yaml") == (b"#" * R.MAX_BYTES, None)


def test_text_over_5_mb_is_refused():
    located, problems = R.load_yaml("#" * (R.MAX_BYTES - 2) + "\n注", "x.yaml")   # 5 MB + 1 byte in UTF-8
    assert located is None and [(p.code, p.file, p.line, p.column, p.field, dict(p.params)) for p in problems] == [
        ("yaml_limit", "x.yaml", 1, 0, "", {"what": "> 5 MB"})]
    located, problems = R.load_yaml("#" * (R.MAX_BYTES - 1) + "\n", "x.yaml")
    assert located is not None and problems == []


@pytest.mark.parametrize("how", ["file", "folder"])
def test_record_leading_out_of_the_content_folder(tmp_path, how):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "home.yaml").write_text("name: 外面\n", encoding="utf-8")
    content = tmp_path / "content" / "homes"
    content.mkdir(parents=True)
    if how == "file":
        (content / "a").mkdir()
        (content / "a" / "home.yaml").symlink_to(outside / "home.yaml")
    else:
        (content / "a").symlink_to(outside, target_is_directory=True)
    data, p = R.read_bytes(content / "a" / "home.yaml", "homes/a/home.yaml")
    assert data is None
    assert (p.code, p.file, p.line, p.column, p.field, dict(p.params)) == (
        "path_outside", "homes/a/home.yaml", 0, 0, "", {"path": "homes/a/home.yaml"})


def test_symlink_inside_the_content_folder_is_read(tmp_path):
    content = tmp_path / "content"
    (content / "homes" / "a").mkdir(parents=True)
    (content / "shared.yaml").write_text("name: 里面\n", encoding="utf-8")
    (content / "homes" / "a" / "home.yaml").symlink_to(content / "shared.yaml")
    assert R.read_bytes(content / "homes" / "a" / "home.yaml", "homes/a/home.yaml") == ("name: 里面\n".encode(), None)


@pytest.mark.parametrize("inside, leaves", [("content/a.png", False), ("content/sub/../a.png", False),
                                            ("elsewhere/a.png", True), ("content2/a.png", True),
                                            ("content", False)])
def test_leaves(tmp_path, inside, leaves):
    (tmp_path / "content").mkdir()
    assert R.leaves(tmp_path / "content", tmp_path / inside) is leaves


# ------------------------------------------------------------------ what YAML becomes

def test_scalars_as_yaml_11_resolves_them_and_as_written():
    text = ("a: 010\nb: 0x1F\nc: 1_000\nd: 1.5\ne: .inf\nf: yes\ng: ~\nh: 2024-01-02\ni: 12:30\n"
            "j: '5'\nk: 1.2.3\nl: \"x\"\nm: |\n  段落\nn: null\no: -7\n")
    located, problems = R.load_yaml(text, "x.yaml")
    assert problems == []
    assert located.data == {"a": 8, "b": 31, "c": 1000, "d": 1.5, "e": float("inf"), "f": True, "g": None,
                            "h": "2024-01-02", "i": 750, "j": "5", "k": "1.2.3", "l": "x", "m": "段落\n",
                            "n": None, "o": -7}
    assert located.source[("a",)] == ("010", None) and located.source[("j",)] == ("5", "'")
    assert located.source[("l",)] == ("x", '"') and located.source[("m",)] == ("段落\n", "|")
    assert located.source[("i",)] == ("12:30", None) and located.source[("g",)] == ("~", None)


def test_positions_of_keys_items_and_values():
    located, _ = R.load_yaml("a:\n  b: [1, 2]\nc: x\nd:\n  - e: 1\n", "x.yaml")
    assert located.where[()] == (1, 1)
    assert located.where[("a", "b", 1)] == (2, 10) and located.key_where[("a", "b")] == (2, 3)
    assert located.where[("d", 0)] == (5, 5) and located.where[("d", 0, "e")] == (5, 8)
    assert [located.position(p) for p in [("a", "b", 1), ("a", "b"), ("a", "zz"), ("c",), ("zz", 1), ()]] == [
        (2, 10), (2, 3), (1, 1), (3, 1), (1, 1), (1, 1)]


def test_positions_count_the_offset():
    located, _ = R.load_yaml("a: 1\nb:\n  - x\n", "x.md", 1)
    assert (located.key_where[("a",)], located.where[("b", 0)]) == ((2, 1), (4, 5))


@pytest.mark.parametrize("text, expected", [
    ("a: 1\na: 2\n", [("duplicate_key", 2, 1, "a", "the field 'a' appears twice (first on line 1)")]),
    ("members:\n  - name: a\n    name: b\n",
     [("duplicate_key", 3, 5, "members[0].name", "the field 'name' appears twice (first on line 2)")]),
    ("- x: 1\n  x: 2\n  x: 3\n", [("duplicate_key", 2, 3, "[0].x", "the field 'x' appears twice (first on line 1)"),
                                 ("duplicate_key", 3, 3, "[0].x", "the field 'x' appears twice (first on line 1)")]),
])
def test_duplicate_keys_are_told_and_the_first_kept(text, expected):
    located, problems = R.load_yaml(text, "x.yaml")
    assert [(p.code, p.line, p.column, p.field, p.text("en")[0]) for p in problems] == expected
    assert located.data in ({"a": 1}, {"members": [{"name": "a"}]}, [{"x": 1}])


def test_a_key_that_is_no_text_is_named_by_a_question_mark():
    located, problems = R.load_yaml("[a, b]: 1\n", "x.yaml")
    assert located.data == {"?": 1} and problems == []


@pytest.mark.parametrize("text, line, what", [
    ("<<: {a: 1}\n", 1, "<<"), ("a: 1\nb:\n  <<: {c: 1}\n", 3, "<<"), ("a: 1\nb:\n    <<: {c: 1}\n", 3, "<<"),
    ("a: " + "[" * 52 + "]" * 52 + "\n", 1, "> 50"),
    ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 53)), 52, "> 50"),
])
def test_limits(text, line, what):
    located, problems = R.load_yaml(text, "x.yaml")
    assert located is None
    assert [(p.code, p.file, p.line, p.column, p.field, p.text("en")[0]) for p in problems] == [
        ("yaml_limit", "x.yaml", line, 0, "", f"the file is too complex to read ({what})")]


def test_depth_50_is_read():
    located, problems = R.load_yaml("a: " + "[" * 49 + "]" * 49 + "\n", "x.yaml")
    assert problems == [] and located is not None


def test_alias_bomb_is_stopped_by_its_node_count():
    lines = ["a0: [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    lines[0] = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
    located, problems = R.load_yaml("\n".join(lines) + "\n", "x.yaml")
    assert located is None
    assert [(p.code, dict(p.params)) for p in problems] == [("yaml_limit", {"what": f"> {R.MAX_NODES} nodes"})]


def test_node_count_just_under_the_limit_is_read(monkeypatch):
    monkeypatch.setattr(R, "MAX_NODES", 12)
    located, problems = R.load_yaml("a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", "x.yaml")   # 12 nodes
    assert problems == []
    located, problems = R.load_yaml("a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", "x.yaml")
    assert [(p.code, p.line) for p in problems] == [("yaml_limit", 1)]


def test_body_keeps_its_file_through_pickling():
    """Bodies cross process boundaries in parallel builds: the file they came from must too."""
    body = R.Body("正文 ![](photos/a.png)", "homes/a/teams/t/results/x.md")
    again = pickle.loads(pickle.dumps(body))
    assert type(again) is R.Body and again == body and again.rel == body.rel
    assert R.Body().rel == "" and R.Body() == ""


@pytest.mark.parametrize("path, dotted", [
    (("members", 2, "name"), "members[2].name"), ((0, "level"), "[0].level"), ((), ""), (("a",), "a"),
    (("a", "b"), "a.b"), ((1, 2), "[1][2]"),
])
def test_dotted(path, dotted):
    assert R.dotted(path) == dotted


@pytest.mark.parametrize("text", ["a: " + "[" * 3000 + "]" * 3000 + "\n", "- " * 3000 + "x\n"])
def test_nesting_deeper_than_python_recursion_is_a_limit(text):
    located, problems = R.load_yaml(text, "x.yaml")
    assert located is None
    assert [(p.code, p.file, p.line, p.column, p.field, dict(p.params)) for p in problems] == [
        ("yaml_limit", "x.yaml", 1, 0, "", {"what": "> 50"})]


def test_a_control_character_is_told_with_the_slips_beside_it():
    located, problems = R.load_yaml("title: a\x07b\n", "x.yaml")
    assert located is None and [(p.code, p.file, p.line, p.column, p.field) for p in problems] == [
        ("yaml_syntax", "x.yaml", 1, 9, "")]
    assert "U+0007" in problems[0].text("zh")[0] and "special characters" not in problems[0].text("zh")[0]
    located, problems = R.load_yaml("title：a\x07b\n", "x.yaml")
    assert [(p.code, p.file, p.line, p.column) for p in problems] == [("fullwidth_colon", "x.yaml", 1, 6),
                                                                     ("yaml_syntax", "x.yaml", 1, 8)]
    located, problems = R.load_yaml("title：a\x07b\ncounty:某县\n", "x.md", 1)     # in a front matter
    assert [(p.code, p.file, p.line) for p in problems] == [
        ("fullwidth_colon", "x.md", 2), ("yaml_syntax", "x.md", 2), ("colon_space", "x.md", 3)]


def test_a_control_character_is_located_and_named():
    located, problems = R.load_yaml("title: 驻村\ncounty: 某县\nnote: a\x07b\n", "x.yaml")
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml_syntax", 3, 8)]
    assert "U+0007" in problems[0].text("en")[0]
