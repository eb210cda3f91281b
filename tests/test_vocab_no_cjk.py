"""No Chinese interface text outside sitegen/i18n.py.

Every module of the package is parsed with `ast`; a string literal (an f-string's text
included) holding a CJK character fails the test, unless it is a docstring (comments are
not literals). The one other module allowed Chinese is sitegen/vocab.py: what a clerk
may *type* (the spellings of the enums, Chinese numerals, date and header words) is
input, not interface, and must not follow a renamed label.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
ALLOWED = {"i18n.py", "vocab.py"}


def cjk_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal with a CJK character, docstrings left out."""
    tree = ast.parse(source)
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docs and CJK.search(node.value)]


def modules() -> list[Path]:
    found = sorted(PACKAGE.rglob("*.py"))
    assert len(found) > 15      # the scan sees the package
    return [p for p in found if p.name not in ALLOWED]


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_chinese_literal_outside_i18n(path):
    found = cjk_literals(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{path.name}:{line}: {text!r}" for line, text in found)


def test_the_scan_finds_literals_and_f_strings_but_not_docstrings_or_comments():
    source = '''
"""模块说明。"""
def f(n):
    """函数说明。"""
    # 注释
    a = "错误"
    b = f"共 {n} 个"
    c = "\\u3000"
    return "ok"
'''
    assert sorted({line for line, _ in cjk_literals(source)}) == [6, 7, 8]


def test_the_vocabulary_and_the_labels_are_where_the_chinese_went():
    assert cjk_literals((PACKAGE / "i18n.py").read_text(encoding="utf-8"))
    assert cjk_literals((PACKAGE / "vocab.py").read_text(encoding="utf-8"))
