"""Read stage: record files → decoded text → plain data with the position of every value.

Clerks write records in Notepad on Chinese Windows, so a file may be UTF-8, UTF-8 with a
BOM, or GBK; all read the same. YAML is composed with PyYAML's *safe* loader into nodes and
then built here by hand, which is what lets us (a) remember the line and column of every
key and list item for error messages, (b) reject duplicate keys, which PyYAML silently
drops, and (c) stop alias bombs and absurd nesting before they eat memory.
"""
from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import vocab
from .i18n import READ_TEXT, READ_WORDS, YAML_SYNTAX_ZH
from .problems import Problem, problem

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
MAX_NODES = 200_000

Path_ = tuple  # a path into the data: ("members", 2, "name")


@dataclass
class Located:
    """Data read from one YAML document, with positions.

    `where[path]` is (line, column) of the value at `path` (1-based); for a mapping key,
    `key_where[path]` is where the key itself is written.

    `data` holds scalars as YAML 1.1 resolves them (`073122334455` → 7940454701, `yes` →
    True, `~` → None). That reading is right only for fields the contract types as number
    or true/false, so `source[path]` keeps every scalar as written, with its style (None
    for plain, `'`, `"`, `|`, `>`): validate.py gives text fields the written characters.
    """
    data: object
    where: dict = field(default_factory=dict)
    key_where: dict = field(default_factory=dict)
    source: dict = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """Best position for a path: the key if written, else the nearest written parent."""
        path = tuple(path)
        while True:
            if path in self.key_where:
                return self.key_where[path]
            if path in self.where:
                return self.where[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class Body(str):
    """A Markdown body that remembers the record file it was written in (`rel`), so that
    image paths in it can be resolved relative to that file when the page is rendered."""
    rel: str

    def __new__(cls, text: str = "", rel: str = ""):
        obj = super().__new__(cls, text)
        obj.rel = rel
        return obj

    def __reduce__(self):
        return (Body, (str(self), self.rel))


@dataclass
class RawFile:
    """One record file after reading: front matter/YAML data, Markdown body, problems."""
    rel: str                      # path relative to the content folder, '/' separated
    path: Path
    located: Located | None = None
    body: str = ""
    body_line: int = 1            # line of the body's first line in the file
    text: str | None = None       # the decoded text (for locating things found later)
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------- decoding

def decode(data: bytes, rel: str) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (BOM or not) or GB18030/GBK; LF line ends."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_err:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as gb_err:
            # Report where the likelier encoding broke: the one that read further.
            offset = max(utf8_err.start, gb_err.start)
            line = data.count(b"\n", 0, offset) + 1
            return None, problem("encoding", rel, line, 0, "", offset=offset, at_line=line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


# ---------------------------------------------------------------- YAML

class _Limit(Exception):
    def __init__(self, what: str, line: int = 0):
        self.what, self.line = what, line


FULLWIDTH_DASHES = vocab.FULLWIDTH_DASHES
FULLWIDTH_SPACE = vocab.FULLWIDTH_SPACE
# U+FF0C, the comma of a Chinese input method (typed between items of `[ ]`): an input
# character like vocab.py's; named by its code point, since this branch may not edit vocab.py
FULLWIDTH_COMMA = chr(0xFF0C)
SPACES = " \t" + FULLWIDTH_SPACE        # what a line may be indented with
_BLOCK_START = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")
_FW_COLON_KEY = re.compile(vocab.FULLWIDTH_COLON_KEY)


def scan_fullwidth(text: str, rel: str, line_offset: int = 0) -> list[Problem]:
    """Find full-width characters where YAML needs half-width ones.

    Only called once YAML has failed to parse: in valid YAML a `：` inside a value
    (`- 发展产业：种茶`) is ordinary text. Lines inside block scalars (`body: |`) are
    Markdown and may use anything.
    """
    found = []
    lines = text.split("\n")
    blocks = _block_text(lines)
    for index, line in enumerate(lines):
        number = index + 1 + line_offset
        stripped = line.lstrip(SPACES)
        indent = len(line) - len(stripped)
        if blocks[index] is not None or not stripped or stripped.startswith("#"):
            continue
        lead = line[:indent]
        if FULLWIDTH_SPACE in lead:
            found.append(problem("fullwidth_space", rel, number, lead.index(FULLWIDTH_SPACE) + 1))
        if stripped[0] in FULLWIDTH_DASHES and len(stripped) > 1 and stripped[1] in " " + FULLWIDTH_SPACE:
            found.append(problem("fullwidth_dash", rel, number, indent + 1, char=stripped[0]))
        else:
            m = _FW_COLON_KEY.match(line)
            if m and ":" not in line[:m.end()]:
                key = m.group(2).strip()
                rest = line[m.end():].strip()
                found.append(problem("fullwidth_colon", rel, number, m.end(),
                                     example=f"{key}: {rest}"))
    return found


def _opens_block_text(stripped: str) -> bool:
    """Does this YAML line (indentation taken off) start a block scalar, `key: |` or `>`?"""
    return ":" in stripped and bool(_BLOCK_START.search(stripped.split(":", 1)[1].strip() or "x"))


def _block_text(lines: list[str]) -> list[int | None]:
    """For each line, the indentation of the block scalar (`body: |`, `note: >-`) whose
    text it is, else None. As in YAML, the first non-blank line after `key: |` sets the
    indentation in spaces; a line is text while it starts with that many spaces, whatever
    follows them: a Tab or a full-width space after them (a paragraph indented the Chinese
    way, `　　正文`) is Markdown, not indentation. A line of only spaces, Tabs or full-width
    spaces does not end the text (the scanners tell a Tab in it themselves)."""
    result: list[int | None] = [None] * len(lines)
    opener = content = None        # indent of the `key: |` line; of the text under it
    for index, line in enumerate(lines):
        stripped = line.lstrip(SPACES)
        if opener is not None:
            spaces = len(line) - len(line.lstrip(" "))
            if not stripped:
                result[index] = content if content is not None else opener + 1
                continue
            if content is None and spaces > opener:
                content = spaces
            if content is not None and spaces >= content:
                result[index] = content
                continue
            opener = content = None
        if stripped and not stripped.startswith("#") and _opens_block_text(stripped):
            opener = len(line) - len(stripped)
    return result


_DASH_SLIP = re.compile(r"^([ \t]*)-([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(.*)$")
_COLON_SLIP = re.compile(r"^([ \t]*(?:-[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*):([^\s].*)$")


def _field_names() -> frozenset:
    from .model import FIELD_NAMES   # late: model.py is the contract, read.py only reads
    return FIELD_NAMES


def scan_slips(text: str, rel: str, line_offset: int = 0) -> list[Problem]:
    """The classic slips of a clerk typing YAML, each with the line as it should be:
    `-name: 张三` or `-team-a` (no space after the dash), `name:张三` (no space after the
    colon), a quote never closed on its line, and a Tab in the indentation. Like
    `scan_fullwidth`, only called once YAML has failed, and blind to block scalars
    (Markdown bodies); a dash or colon slip counts only when it names a field of the
    contract or sits among `- ` items, and a quote or Tab fix only when it makes the file
    parse past that line, so text that merely holds a dash, a colon or a quote is never
    blamed. Trial parses are capped (`_TRIALS`), so a huge file cannot make this slow."""
    found = []
    names = _field_names()
    lines = text.split("\n")
    _trials.left = _TRIALS if len(text) <= 200_000 else 0
    blocks = _block_text(lines)
    prev = None      # (indent, stripped) of the last YAML line
    for index, line in enumerate(lines):
        number = index + 1 + line_offset
        stripped = line.lstrip(SPACES)
        indent = len(line) - len(stripped)
        lead = line[:indent]
        text_indent = blocks[index]
        if not stripped and "\t" in line[:text_indent]:     # a line holding only a Tab
            found.append(problem("tab_indent", rel, number, line.index("\t") + 1,
                                 variant="blank", example="", spaces=0))
            continue
        if text_indent is not None or not stripped or stripped.startswith("#"):
            continue
        if "\t" in lead:
            found.append(_tab_problem(lines, index, rel, number, prev, blocks))
        quote = _QUOTE_OPEN.match(line)
        if quote and _unclosed(quote[2], quote[3]) and \
                _parses_past(lines, index, _close_quote(line, quote[2])):
            found.append(problem("unclosed_quote", rel, number, len(quote[1]) + 1,
                                 quote=quote[2], example=_close_quote(line, quote[2]).strip()))
        item = _ITEM_SLIP.match(line)
        if item and not _DASH_SLIP.match(line) and _in_list(lines, index, len(item[1])):
            found.append(problem("dash_space", rel, number, len(item[1]) + 1,
                                 example=f"- {item[2].strip()}"))
        fixed, col = line.replace("\t", "  ") if "\t" in lead else line, 0
        dash = _DASH_SLIP.match(fixed)
        if dash and dash[2] in names:
            col = len(dash[1]) + 1
            value = dash[3].strip()
            fixed = f"{dash[1]}- {dash[2]}:" + (f" {value}" if value else "")
            found.append(problem("dash_space", rel, number, col, example=fixed.strip()))
        colon = _COLON_SLIP.match(fixed)
        if colon and colon[2] in names and not colon[3].startswith("//"):
            fixed = f"{colon[1]}{colon[2]}: {colon[3]}"
            if not (dash and dash[2] in names):
                found.append(problem("colon_space", rel, number, len(colon[1]) + len(colon[2]) + 1,
                                     example=fixed.strip()))
        prev = (indent, stripped)
    return found


_QUOTE_OPEN = re.compile(r"^([ \t]*(?:-[ \t]+)?(?:[A-Za-z_][A-Za-z0-9_]*[ \t]*:[ \t]+)?)([\"'])(.*)$")
_ITEM_SLIP = re.compile(r"^([ \t]*)-([^\s\-#][^:]*)$")


def _close_quote(line: str, quote: str) -> str:
    """The line with its quote closed: a Chinese closing quote typed by the input method
    (`"扎根青山”`) becomes the ASCII one, else the quote goes at the end."""
    text = line.rstrip()
    if text[-1:] in "”“’‘":
        return text[:-1] + quote
    return text + quote


def _unclosed(quote: str, rest: str) -> bool:
    if quote == '"':
        return '"' not in rest.replace('\\\\', "").replace('\\"', "")
    return "'" not in rest.replace("''", "")


_TRIALS = 20
_trials = threading.local()


def _parses_past(lines: list[str], index: int, replacement: str) -> bool:
    """Would the file parse beyond line `index` with that line replaced? (So a fix is
    only offered when it is the fix.) False once the file's trials are used up.

    The trial ends with a line break: in a file whose last line has none (Notepad saves
    them so), a slip at the very end would be marked on the changed line itself and the
    right fix refused; after the break it is marked on the line past it, as it is when
    the file has its final line break."""
    if getattr(_trials, "left", 0) <= 0:
        return False
    _trials.left -= 1
    trial = lines[:index] + [replacement] + lines[index + 1:]
    try:
        yaml.compose("\n".join(trial) + "\n", Loader=_CLoader or yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        return mark is not None and mark.line > index
    except yaml.YAMLError:
        return False
    return True


def _in_list(lines: list[str], index: int, indent: int) -> bool:
    """Is line `index` among `- ` items of one list (a sibling at its indent starts with
    `- `, or the line before opens a list with `key:`)?"""
    def level(i):
        text = lines[i]
        return len(text) - len(text.lstrip(" "))
    for step in (-1, 1):
        i = index + step
        while 0 <= i < len(lines):
            text = lines[i].strip()
            if text and not text.startswith("#"):
                if level(i) == indent and text.startswith("- "):
                    return True
                if step == -1 and level(i) < indent and text.endswith(":"):
                    return True
                if level(i) < indent:
                    break
            i += step
    return False


_OPENS_CHILDREN = re.compile(r"^[^#]*:[ \t]*(#.*)?$")   # `poster:`, `office:  # 办公室`


def _tab_guess(lines: list[str], index: int, prev, blocks: list) -> int:
    """The indent a Tab-indented line belongs at, read from the line before it: one level
    in under `key:` (or `- key:`), the text's indent under `key: |`, the field column of
    `- key: value` for a field of that item, else the previous line's own indent (a
    sibling). Without a line before, the top level."""
    if prev is None:
        return 0
    p_indent, p_stripped = prev
    p_stripped = p_stripped.rstrip()
    line = lines[index].lstrip(SPACES)
    item = p_stripped == "-" or p_stripped.startswith("- ")
    field_at = p_indent + 2 if item else p_indent       # where the previous line's field starts
    own = p_stripped[1:].lstrip(" ") if item else p_stripped
    above = next(i for i in range(index - 1, -1, -1) if lines[i].strip(SPACES))
    if blocks[above] is not None:             # the line after text of a `key: |`
        return blocks[above]
    if _opens_block_text(own):
        return field_at + 2
    if not own or _OPENS_CHILDREN.match(own):
        return field_at + 2 if own else field_at
    if item and not (line == "-" or line.startswith("- ")):
        return field_at
    return p_indent


def _tab_problem(lines: list[str], index: int, rel: str, number: int, prev, blocks) -> Problem:
    """A Tab in the indentation, with the spaces that make the file parse: first the indent
    the line belongs at (`_tab_guess`), then the column of the previous line's field (after
    its `- `), its indent, one level in, or two spaces. The guess comes first because the
    others often parse too, wrongly: `poster:` then a Tab and `size: A1` parses with `size`
    at the top level, leaving `poster` empty."""
    line = lines[index]
    stripped = line.lstrip(" \t")
    candidates = [_tab_guess(lines, index, prev, blocks)]
    if prev:
        p_indent, p_stripped = prev
        if p_stripped.startswith("- "):
            candidates.append(p_indent + 2)
        candidates += [p_indent, p_indent + 2]
    candidates += [2, 4, 0]
    choice = next((width for width in dict.fromkeys(candidates)
                   if _parses_past(lines, index, " " * width + stripped)), None)
    if choice is None:
        choice = len(line[:len(line) - len(stripped)].expandtabs(2))
    # the spaces are told as a number: leading spaces vanish on the error page (HTML)
    return problem("tab_indent", rel, number, line.index("\t") + 1,
                   example=stripped, spaces=choice)


def _compose(text: str):
    """Compose with libyaml when present (about 10x faster); on any error, compose again
    with the pure-Python parser so that problems and their positions stay exactly as before."""
    if _CLoader is not None:
        try:
            return yaml.compose(text, Loader=_CLoader)
        except Exception:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


_CLoader = getattr(yaml, "CSafeLoader", None)


def load_yaml(text: str, rel: str, line_offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; return data with positions, or problems."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, [problem("yaml_limit", rel, 1, 0, "", what="> 5 MB")]
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as err:
        # A full-width character is the likeliest cause of a clerk's syntax error; say so.
        width_problems = scan_fullwidth(text, rel, line_offset) + scan_slips(text, rel, line_offset)
        if width_problems:
            return None, sorted(width_problems)
        return None, [_syntax_problem(err, text, rel, line_offset)]
    except yaml.YAMLError as err:
        # Not marked: PyYAML's reader refused a control character (one of _NON_PRINTABLE).
        controls = _control_problems(text, rel, line_offset)
        if not controls:        # no other error comes unmarked; never read the text again
            return None, [problem("yaml_syntax", rel, 1, 0, "", detail=READ_WORDS["zh"]["syntax_other"],
                                  detail_en=str(err))]
        # What else is wrong is told too, as the file reads with the characters deleted
        # (the fix told), so that one round of fixing is enough. A record that then reads
        # as one text (`title：a`) is wrong as well: the scanners say why.
        cleaned = _NON_PRINTABLE.sub("", text)
        located, rest = load_yaml(cleaned, rel, line_offset)
        if located is not None and isinstance(located.data, str):
            rest = rest + scan_fullwidth(cleaned, rel, line_offset) + scan_slips(cleaned, rel, line_offset)
        return None, sorted(controls + rest)
    except RecursionError:
        return None, [problem("yaml_limit", rel, 1, 0, "", what=f"> {MAX_DEPTH}")]
    located = Located(None)
    if node is None:
        return located, []
    builder = _Builder(rel, line_offset, located)
    try:
        located.data = builder.build(node, (), 0)
    except _Limit as lim:
        return None, [problem("yaml_limit", rel, lim.line or 1, 0, "", what=lim.what)]
    except RecursionError:
        return None, [problem("yaml_limit", rel, 1, 0, "", what=f"> {MAX_DEPTH}")]
    return located, builder.problems


_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE    # what PyYAML refuses to read
_MAX_CONTROLS = 20


def _control_problems(text: str, rel: str, line_offset: int) -> list[Problem]:
    """Each control character in the text (a Word table's BEL, its manual line break VT),
    at its line and column, named, with the text beside it: it cannot be seen in Notepad,
    so the words around it are how the clerk finds it. PyYAML stops at the first one, with
    a position in characters and no line; the first 20 are told."""
    found = []
    for match in itertools.islice(_NON_PRINTABLE.finditer(text), _MAX_CONTROLS):
        at = match.start()
        start = text.rfind("\n", 0, at) + 1
        before = _NON_PRINTABLE.sub("", text[start:at]).strip()
        before = before.split(": ", 1)[-1].strip()[-10:]        # the value, not its field name
        after = _NON_PRINTABLE.sub("", text[at + 1:].split("\n", 1)[0]).strip()[:10]
        side, near = ("after", before) if before else ("before", after) if after else ("alone", "")
        char = f"U+{ord(match.group()):04X}"
        words = {lang: (READ_WORDS[lang].get(char, READ_WORDS[lang][""]),
                        READ_WORDS[lang][side].format(text=near)) for lang in ("zh", "en")}
        line = text.count("\n", 0, at) + 1 + line_offset
        found.append(problem("yaml_syntax", rel, line, at - start + 1, "", variant="control",
                             char=char, at_column=at - start + 1,
                             name=words["zh"][0], name_en=words["en"][0],
                             where=words["zh"][1], where_en=words["en"][1]))
    return found


_CLOSER = {"[": "]", "{": "}"}
_OPENER = {"]": "[", "}": "{"}
_TOKEN = re.compile(r"(?:found|got) '(.*)'$")


def _open_flows(text: str, upto: int) -> list:
    """The `[` and `{` opened before character `upto` and not closed there, outermost
    first, as PyYAML's scanner reads them (quotes and comments understood)."""
    stack = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= upto:
                break
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                stack.append(token.start_mark)
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and stack:
                stack.pop()
    except yaml.YAMLError:
        pass
    return stack


def _half_commas(line: str) -> str:
    """The line with its full-width commas made `, `."""
    return re.sub(FULLWIDTH_COMMA + "[ " + FULLWIDTH_SPACE + "]*", ", ", line)


def _last_flow_line(lines: list[str], first: int, end: int) -> int:
    """The line an unclosed `[` or `{` opened on line `first` should be closed on: the last
    line before `end` that continues it (indented deeper than `first`, as the items of a
    list spread over lines are), else `first` itself: lines back at its indent are block
    YAML that the clerk meant to come after the list, though PyYAML read them into it."""
    def indent(text):
        return len(text) - len(text.lstrip(" "))
    last = first
    for i in range(first + 1, end):
        text = lines[i].strip()
        if not text or text.startswith("#"):
            continue
        if indent(lines[i]) <= indent(lines[first]):
            break
        last = i
    return last


def _flow_problem(err: yaml.MarkedYAMLError, text: str, rel: str, line_offset: int) -> Problem | None:
    """The slips of `[ ]` and `{ }`, each told with the line to type: a bracket never
    closed (told where it opens), closed by the other kind, a stray `]` or `}`, an empty
    item (`[省级,, 市级]`) and a full-width comma (`{name: 张三，role: 队长}`, which YAML
    reads as one value and then stumbles on its second colon). None for other errors."""
    mark, context = err.problem_mark, err.context or ""
    token = _TOKEN.search(err.problem or "")
    if mark is None or token is None:
        return None
    got = token.group(1)
    lines = text.split("\n")
    in_flow = context.startswith(("while parsing a flow sequence", "while parsing a flow mapping",
                                  "while parsing a flow node"))
    stack = _open_flows(text, mark.index) if in_flow else []

    def told(variant: str, at, example: str, **params) -> Problem:
        example = example.strip()
        pair = "pair" + params["open"]
        return problem("yaml_syntax", rel, at.line + 1 + line_offset, at.column + 1, "", variant=variant,
                       example=example or READ_WORDS["zh"]["empty_line"],
                       example_en=example or READ_WORDS["en"]["empty_line"],
                       pair=READ_WORDS["zh"][pair], pair_en=READ_WORDS["en"][pair], **params)

    here = lines[mark.line]
    if got in _OPENER and not stack:                            # `honors: ]`, `[a]]`
        return told("bracket_stray", mark, (here[:mark.column] + here[mark.column + 1:]).rstrip(),
                    open=_OPENER[got], close=got)
    if not stack:
        return None
    opened = stack[-1]
    opener = text[opened.index]
    closer = _CLOSER[opener]
    if got in _OPENER:                                          # `[省级, 市级}`
        return told("bracket_mismatch", mark, here[:mark.column] + closer + here[mark.column + 1:],
                    open=opener, close=closer, got=got)
    if got == "," and context.startswith("while parsing a flow node"):    # `[省级,, 市级]`
        left = here[:mark.column].rstrip(" ")
        if left.endswith(("[", "{")):
            example = left + here[mark.column + 1:].lstrip(" ")
        else:
            example = left + here[mark.column + 1:]
        return told("flow_empty", mark, example, open=opener, close=closer)
    line_start = text.rfind("\n", 0, mark.index) + 1
    comma = text.find(FULLWIDTH_COMMA, max(opened.index, line_start), mark.index)
    if got == ":" and comma >= 0:                               # `{name: 张三，role: 队长}`
        at = yaml.Mark("", comma, mark.line, comma - line_start, None, None)
        return told("flow_comma", at, _half_commas(here), open=opener, close=closer)
    if got == "<stream end>" or mark.line > opened.line:        # never closed
        first = stack[0]
        # PyYAML stops on the line after the list (the end of the text: on its last line)
        last = _last_flow_line(lines, first.line, mark.line + (got == "<stream end>"))
        line = lines[last].partition(" #")[0].rstrip(" ,")
        example = _half_commas(line) + "".join(_CLOSER[text[m.index]] for m in reversed(stack))
        return told("bracket_open", first, example, open=text[first.index], close=_CLOSER[text[first.index]])
    return None


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, rel: str, line_offset: int) -> Problem:
    """A YAML syntax error, placed where the clerk must look (where an unclosed quote
    opened, not the end of the file) and explained in words: in Chinese always, PyYAML's
    English only in English."""
    mark = err.problem_mark or err.context_mark
    at_end = mark is not None and mark.index >= len(text.rstrip())
    if err.context_mark and (at_end or (err.context or "").startswith("while scanning a quoted")):
        mark = err.context_mark   # where the unclosed quote or bracket opened
    detail_en = " ".join(x for x in (err.context, err.problem) if x)
    detail_zh = next((zh for key, zh in YAML_SYNTAX_ZH if key in detail_en), READ_WORDS["zh"]["syntax_other"])
    flow = _flow_problem(err, text, rel, line_offset)
    if flow is not None:
        return flow
    line = mark.line if mark else 0
    lines = text.split("\n")
    if (err.context or "").startswith("while scanning a quoted") and err.context_mark \
            and line < len(lines):
        # An unclosed quote: show the line with its quote closed.
        opened = lines[line]
        quote = opened[mark.column] if mark.column < len(opened) else '"'
        return problem("unclosed_quote", rel, line + 1 + line_offset, mark.column + 1, "",
                       quote=quote, example=_close_quote(opened, quote).strip())
    if line < len(lines) and "\t" in lines[line]:
        detail_zh = dict(YAML_SYNTAX_ZH)["'\\t'"]
    extra = {"variant": "escape"} if "unknown escape character" in detail_en else {}
    return problem("yaml_syntax", rel, line + 1 + line_offset, (mark.column + 1) if mark else 0,
                   "", detail=detail_zh, detail_en=detail_en, **extra)


class _Builder:
    _scalars = yaml.SafeLoader("")  # only used for its scalar constructors

    def __init__(self, rel: str, line_offset: int, located: Located):
        self.rel, self.offset, self.located = rel, line_offset, located
        self.count = 0
        self.problems: list[Problem] = []

    def pos(self, node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def build(self, node, path: tuple, depth: int):
        self.count += 1
        if self.count > MAX_NODES:
            raise _Limit(f"> {MAX_NODES} nodes", self.pos(node)[0])
        if depth > MAX_DEPTH:
            raise _Limit(f"> {MAX_DEPTH}", self.pos(node)[0])
        self.located.where[path] = self.pos(node)
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            first_seen: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Limit("<<", self.pos(key_node)[0])
                # A key is a field name (or a label key): always the characters written,
                # so that `yes:` or `0x1F:` is reported as the user typed it.
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                if key in first_seen:
                    line, col = self.pos(key_node)
                    self.problems.append(problem(
                        "duplicate_key", self.rel, line, col, _dotted(path + (key,)),
                        key=key, first_line=first_seen[key]))
                    continue
                first_seen[key] = self.pos(key_node)[0]
                self.located.key_where[path + (key,)] = self.pos(key_node)
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        self.located.source[path] = (node.value, node.style or None)  # libyaml says "" for plain
        return self.scalar(node)

    def scalar(self, node):
        """Plain values: numbers, booleans and null as YAML says; dates stay text.

        Dates stay text so that the validator can say what is wrong with `2024-02-30`
        instead of PyYAML raising on it.
        """
        if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
            try:
                return self._scalars.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                return node.value
        return node.value


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted


# ---------------------------------------------------------------- files

@functools.lru_cache(maxsize=64)
def _real_root(root: str) -> str:
    return os.path.realpath(root)


def leaves(root: Path | str, path: Path | str) -> bool:
    """Does `path`, with every symlink resolved, lie outside the folder `root`?"""
    real_root = _real_root(str(root))
    real = os.path.realpath(path) if _REAL is None else _realpath(str(path), _REAL)
    return os.path.commonpath([real, real_root]) != real_root


_REAL: dict | None = None      # inside `real_paths_kept`: path -> its real path


@contextlib.contextmanager
def real_paths_kept():
    """While a home (or the county) is validated, each folder's real path is found once:
    `os.path.realpath` stats every part of a path, and a home's 70 records and photos
    lie in a handful of folders (38,700 lstat for 50 bench homes, 11 % of validating
    them). Outside it (and on Windows, whose junctions realpath resolves too) every path
    is resolved whole; a later validation (the dev server's) starts afresh."""
    global _REAL
    outer = _REAL
    if outer is None and os.name != "nt":
        _REAL = {}
    try:
        yield
    finally:
        _REAL = outer


def _realpath(path: str, memo: dict) -> str:
    """`os.path.realpath(path)`: the real path of its folder, and its own name unless it
    is a link (then resolved whole, as a missing name is kept as it is by realpath)."""
    hit = memo.get(path)
    if hit is not None:
        return hit
    parent, name = os.path.split(path)
    if name in ("", ".", "..") or parent == path:
        real = os.path.realpath(path)
    else:
        try:
            link = stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:
            link = False
        real = os.path.realpath(path) if link else os.path.join(_realpath(parent, memo), name)
    memo[path] = real
    return real


def read_bytes(path: Path, rel: str) -> tuple[bytes | None, Problem | None]:
    # A record that is a symlink (or lies in a symlinked folder) leading out of the
    # content folder would publish a file from elsewhere: refuse it. The content root
    # is `path` with the parts of `rel` taken off.
    root = Path(path)
    for _ in rel.split("/"):
        root = root.parent
    if leaves(root, path):
        return None, problem("path_outside", rel, 0, 0, "", path=rel)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, problem("yaml_limit", rel, 1, 0, "", what="> 5 MB")
        return path.read_bytes(), None
    except OSError as err:
        return None, problem("missing_file", rel, 0, 0, "", name=f"{rel} ({err.strerror})")


def _read_text(path: Path, rel: str) -> RawFile:
    """Bytes → text of a record file; `raw.text` stays None when that failed (see problems)."""
    raw = RawFile(rel, path)
    data, prob = read_bytes(path, rel)
    if prob is None:
        raw.text, prob = decode(data, rel)
    if prob:
        raw.problems.append(prob)
    return raw


def read_yaml_file(path: Path, rel: str) -> RawFile:
    raw = _read_text(path, rel)
    if raw.text is not None:
        raw.located, raw.problems = load_yaml(raw.text, rel)
    return raw


def read_markdown_file(path: Path, rel: str) -> RawFile:
    """A Markdown record: `---` front matter `---`, then the body."""
    raw = _read_text(path, rel)
    if raw.text is None:
        return raw
    text = raw.text
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raw.problems.append(problem("front_matter", rel, 1, 1, "", what=READ_TEXT["no_opening"],
                                    what_en="the first line is not ---"))
        return raw
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raw.problems.append(problem("front_matter", rel, 1, 1, "", what=READ_TEXT["no_closing"],
                                    what_en="no closing ---"))
        return raw
    raw.located, raw.problems = load_yaml("\n".join(lines[1:end]), rel, line_offset=1)
    raw.body = "\n".join(lines[end + 1:])
    raw.body_line = end + 2
    return raw
