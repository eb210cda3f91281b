"""No tracebacks: random and mutated YAML, Markdown and bytes give located problems.

Hypothesis mutates the real records of tests/cases/good/minimal/content (truncation,
junk bytes, YAML specials, wrong types at random places) and feeds pure noise; `check`
must return problems that name the file, never raise. A handful of pathological files
(10 MB lines, deep nesting, alias bombs, huge numbers, Python tags) go through the real
command line in a child process with a memory cap: exit code 1, a located message, no
traceback. Example counts are modest so the module runs in well under a minute.
"""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import check
from sitegen.problems import errors
from sitegen.render import markdown_html

from conftest import CASES, ROOT

MINIMAL = CASES / "good" / "minimal" / "content"
RECORDS = sorted(p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*")
                 if p.suffix in (".yaml", ".md"))
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_work = Path(tempfile.mkdtemp(prefix="sitegen-fuzz-"))
_content = _work / "content"
shutil.copytree(MINIMAL, _content)


def _check_with(rel: str, data: bytes) -> list:
    """`check` with one record replaced by `data`; the record is restored afterwards."""
    path = _content / rel
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        return check(_content)
    finally:
        path.write_bytes(original)


def _assert_located(problems: list, rel: str) -> None:
    for p in problems:
        assert p.file and p.code and p.line >= 0 and p.column >= 0, p
        p.text("zh"), p.text("en")           # every message renders in both languages
    assert all(p.file == rel or p.code in _KNOCK_ON for p in errors(problems)), \
        [(p.code, p.file) for p in errors(problems)]


# A broken record may make *other* records wrong too: a team.yaml that no longer lists
# 张三 makes the honor to 张三 unknown; a home.yaml that fails takes the duty rota with it.
_KNOCK_ON = {"unknown_member", "unknown_team", "unknown_home"}


YAML_BITS = [b":", b": ", b"- ", b"\t", b"  ", b"\n", b"'", b'"', b"&a ", b"*a", b"<<: *a",
             b"!!python/object/apply:os.system ['true']", b"!!binary AAAA", b"{", b"}", b"[", b"]",
             b"|", b">", b"---\n", b"...", b"%YAML 1.1\n", b"? ", b"#", b"\xef\xbc\x9a",  # ：
             b"\xe3\x80\x80", b"\xe2\x80\x94 ", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
             b"1e400", b"-0x1F", b"99999999999999999999999999999", b".nan", b"~", b"null",
             b"2024-02-30", b"yes", b"\xe4\xb8", b"\r", b"\x85", b"\xe2\x80\xa8"]


@st.composite
def mutated(draw):
    rel = draw(st.sampled_from(RECORDS))
    data = bytearray((MINIMAL / rel).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "insert", "delete", "junk", "dup"]))
        at = draw(st.integers(0, len(data)))
        if op == "truncate":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(YAML_BITS))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 20))]
        elif op == "junk":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            data[at:at] = data[max(0, at - 40):at]
    return rel, bytes(data)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) |
    st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


@st.composite
def wrong_types(draw):
    """A real record with the value at a random place replaced by random data."""
    rel = draw(st.sampled_from(RECORDS))
    text = (MINIMAL / rel).read_text(encoding="utf-8")
    body = ""
    if rel.endswith(".md"):
        _, front, body = text.split("---\n", 2)
        data = yaml.safe_load(front)
    else:
        data = yaml.safe_load(text)
    paths = list(_paths(data))[1:] or [()]
    path = draw(st.sampled_from(paths))
    new = draw(JSONISH)
    if path:
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = new
    else:
        data = new
    dumped = yaml.safe_dump(data, allow_unicode=True)
    if rel.endswith(".md"):
        dumped = f"---\n{dumped}---\n{body}"
    return rel, dumped.encode("utf-8")


@FUZZ
@given(mutated())
def test_mutated_records_give_located_problems(case):
    rel, data = case
    _assert_located(_check_with(rel, data), rel)


@FUZZ
@given(wrong_types())
def test_wrong_types_anywhere_give_located_problems(case):
    rel, data = case
    problems = _check_with(rel, data)
    _assert_located(problems, rel)


@settings(FUZZ, max_examples=25)
@given(st.sampled_from(RECORDS), st.binary(max_size=3000))
def test_random_bytes_give_located_problems(rel, data):
    problems = _check_with(rel, data)
    _assert_located(problems, rel)
    if rel in ("site.yaml", "homes/demo/teams/team-a/team.yaml"):
        # required records made of noise cannot be valid (an empty file is still a problem)
        assert errors(problems)


@settings(FUZZ, max_examples=60)
@given(st.lists(st.sampled_from(list("*_`#>-+1. |[]()!<>/&;:\"'\n\t =abc中文") +
                                ["<script>", "javascript:", "](", "![", "<img ", " on", "    ",
                                 "\n\n", "../", "%2e", "<a href=", "onerror=", "http://"]),
                max_size=200).map("".join))
def test_markdown_bodies_never_raise(body):
    """Random Markdown through the sanitiser and through a result record."""
    html = str(markdown_html(body))
    assert "<script" not in html.lower()
    rel = "homes/demo/teams/team-a/results/2024-05-story.md"
    front = (MINIMAL / rel).read_text(encoding="utf-8").split("---\n")[1]
    _assert_located(_check_with(rel, f"---\n{front}---\n{body}".encode("utf-8")), rel)


# ---------------------------------------------------------------- pathological files, via CLI

def _alias_bomb() -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\ntitle: x\ncounty: y\n").encode()


PATHOLOGICAL = {
    "ten-mb-line": ("site.yaml", b"title: " + b"x" * (10 * 1024 * 1024) + b"\ncounty: y\n", "yaml_limit"),
    "four-mb-line": ("homes/demo/teams/team-a/team.yaml",
                     b"village: " + "村".encode() * (1300 * 1024) + b"\n", None),
    "deep-nesting-flow": ("homes/demo/home.yaml", b"name: " + b"[" * 5000 + b"]" * 5000 + b"\n", "yaml_limit"),
    "deep-nesting-block": ("homes/demo/home.yaml",
                           b"".join(b"  " * i + b"k:\n" for i in range(300)), "yaml_limit"),
    "alias-bomb": ("site.yaml", _alias_bomb(), "yaml_limit"),
    "huge-numbers": ("homes/demo/teams/team-a/plans/2024.md",
                     b"---\nyear: " + b"9" * 5000 + b"\ntargets:\n  - name: x\n    target: 1e400\n"
                     b"    actual: -1e99999\n---\n", None),
    "python-tag": ("site.yaml", b"title: !!python/object/apply:os.system ['touch /tmp/pwned']\ncounty: y\n", None),
    "binary-junk": ("homes/demo/activities.yaml", bytes(range(256)) * 64, None),
    "truncated-utf8": ("homes/demo/home.yaml", "name: 示范乡".encode()[:-1], None),
    "nested-markdown": ("homes/demo/teams/team-a/results/2024-05-story.md",
                        b"---\ntitle: t\ndate: 2024-05-20\n---\n" +
                        b"".join(b"  " * i + b"- x\n" for i in range(700)), "yaml_limit"),
}


def _limit_memory():
    cap = 1536 * 1024 * 1024       # 1.5 GB address space: a bomb would die here, not pass
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_file_via_cli(name, tmp_path):
    rel, data, code = PATHOLOGICAL[name]
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    (content / rel).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "sitegen", "check", "-c", str(content),
                             "--format", "json"],
                            cwd=ROOT, capture_output=True, timeout=120, preexec_fn=_limit_memory)
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert result.returncode == 1, (result.returncode, stderr[-2000:])
    import json
    problems = json.loads(result.stdout.decode("utf-8"))
    assert any(p["file"] == rel for p in problems), problems[:5]
    if code:
        assert any(p["code"] == code and p["file"] == rel for p in problems), problems[:5]
    assert not Path("/tmp/pwned").exists()
