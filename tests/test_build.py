"""The foundation's promises: determinism, atomic output, offline pages, resolving links."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitegen.build import build
from sitegen.problems import ContentError

from conftest import CASES, run_sitegen, tree_hash

MINIMAL = CASES / "good" / "minimal" / "content"


@pytest.fixture
def minimal(tmp_path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(MINIMAL, dst, symlinks=True)
    return dst


def test_two_builds_are_byte_identical(minimal, tmp_path):
    build(minimal, tmp_path / "a", posters=False, cache=tmp_path / "cache-a")
    build(minimal, tmp_path / "b", posters=False, cache=tmp_path / "cache-b")
    a, b = tree_hash(tmp_path / "a"), tree_hash(tmp_path / "b")
    assert a == b
    assert "index.html" in a and "homes/demo/style/index.html" in a


def test_output_layout_of_the_contract(minimal, tmp_path):
    build(minimal, tmp_path / "out", posters=False)
    out = tmp_path / "out"
    for rel in ["index.html", "homes/demo/index.html", "homes/demo/style/index.html",
                "homes/demo/results/index.html", "homes/demo/honors/index.html",
                "homes/demo/teams/team-a/index.html", "homes/demo/teams/team-b/index.html"]:
        assert (out / rel).is_file(), rel


def test_failed_build_leaves_previous_output_untouched(minimal, tmp_path):
    out = tmp_path / "out"
    build(minimal, out, posters=False)
    before = tree_hash(out)
    team = minimal / "homes/demo/teams/team-a/team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("village:", "vilage:"), encoding="utf-8")
    with pytest.raises(ContentError):
        build(minimal, out, posters=False)
    assert tree_hash(out) == before
    assert not list(tmp_path.glob(".out.tmp-*")) + list(tmp_path.glob(".out.old-*")), \
        "no temporary folder left behind"


def test_crash_while_rendering_leaves_previous_output(minimal, tmp_path, monkeypatch):
    """A failure after rendering has started (not a content error) also changes nothing."""
    out = tmp_path / "out"
    build(minimal, out, posters=False)
    before = tree_hash(out)
    import sitegen.images as images

    def boom(*_a, **_k):
        raise OSError("disk full")
    monkeypatch.setattr(images, "derive", boom)
    (minimal / "homes/demo/home.yaml").write_text(
        (minimal / "homes/demo/home.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(OSError):
        build(minimal, out, posters=False, cache=tmp_path / "fresh-cache")
    assert tree_hash(out) == before
    assert not list(tmp_path.glob(".out.tmp-*")) + list(tmp_path.glob(".out.old-*"))


def test_cli_build_exit_codes_and_untouched_output(minimal, tmp_path):
    out = tmp_path / "out"
    ok = run_sitegen("build", "-c", str(minimal), "-o", str(out), "--no-posters")
    assert ok.returncode == 0, ok.stderr
    assert "打开" in ok.stdout
    before = tree_hash(out)
    (minimal / "site.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    bad = run_sitegen("build", "-c", str(minimal), "-o", str(out), "--no-posters")
    assert bad.returncode == 1
    assert "site.yaml:1" in bad.stderr and "原来的输出没有改动" in bad.stderr
    assert tree_hash(out) == before


def test_english_messages(minimal):
    (minimal / "site.yaml").write_text("title: x\ncounty: y\ntitel: z\n", encoding="utf-8")
    result = run_sitegen("check", "-c", str(minimal), "--lang", "en")
    assert result.returncode == 1
    assert "unknown field 'titel'" in result.stderr and "title" in result.stderr


def test_all_errors_of_a_run_are_reported_together(minimal):
    (minimal / "site.yaml").write_text("title: x\ncounty: y\nyear: 二〇二四\n", encoding="utf-8")
    team = minimal / "homes/demo/teams/team-b/team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("unit:", "unti:", 1), encoding="utf-8")
    result = run_sitegen("check", "-c", str(minimal))
    assert result.returncode == 1
    assert "site.yaml:3" in result.stderr
    assert "homes/demo/teams/team-b/team.yaml" in result.stderr
    assert "共 3 个错误" in result.stderr  # wrong year, unknown 'unti', missing 'unit'


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)
            if name == "srcset" and value:
                self.refs += [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _refs(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.refs


def test_sample_site_links_resolve_and_nothing_is_external(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 100
    broken, external = [], []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # Nothing loaded from elsewhere: no http(s) or protocol-relative resource anywhere.
        for m in re.finditer(r'(?:src|href)\s*=\s*"((?:https?:)?//[^"]*)"', text):
            if not re.search(r'<a\s[^>]*href="' + re.escape(m.group(1)), text):
                external.append((page, m.group(1)))
        assert "url(http" not in text and "@import" not in text
        for ref in _refs(page):
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto", "tel") or ref.startswith("#"):
                continue
            assert not ref.startswith("/"), f"absolute link {ref} in {page}"
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append((page.relative_to(sample_site).as_posix(), ref))
    assert not external, external[:5]
    # Posters are not built in this fixture; every other link must resolve.
    broken = [b for b in broken if "posters/" not in b[1]]
    assert not broken, broken[:10]


def test_internal_links_name_index_html(sample_site):
    """Folder links do not open from file:// — every internal page link names a file."""
    for page in sample_site.rglob("*.html"):
        for ref in _refs(page):
            if "://" in ref or ref.startswith(("#", "mailto:", "tel:")):
                continue
            assert not urlsplit(ref).path.endswith("/"), f"{ref} in {page}"


def test_totals_equal_the_report(sample_site):
    """Since 2023 the sample county shows the report's figures, counted from records."""
    text = re.sub(r"<[^>]+>", "", (sample_site / "index.html").read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", text)
    for words, n in [("主题座谈会", 115), ("学习培训", 53), ("工作讲评交流", 32),
                     ("“岗位练兵、业务比武”活动", 16), ("工作督导", 48), ("工作通报", 3)]:
        assert re.search(re.escape(words) + r"\D{0,12}" + str(n) + r"\b", text), words
    for words, low in [("文娱活动", 50), ("健康讲座", 20)]:
        m = re.search(re.escape(words) + r"\D{0,12}(\d+)", text)
        assert m and int(m.group(1)) > low, words


def test_cjk_line_break_does_not_become_a_space():
    from sitegen.render import markdown_html
    html = str(markdown_html("驻村工作队\n扎根基层。\n\nEnglish words\nstay apart."))
    assert "驻村工作队扎根基层。" in html
    assert "English words\nstay apart." in html or "English words stay apart." in html


def test_site_templates_override_the_defaults(minimal, tmp_path):
    (minimal / "templates").mkdir()
    (minimal / "templates" / "bulletin.html").write_text(
        "{% extends 'base.html' %}{% block main %}<p>本县自定义通报模板</p>{% endblock %}",
        encoding="utf-8")
    build(minimal, tmp_path / "out", posters=False)
    bulletins = list((tmp_path / "out" / "bulletins").rglob("index.html"))
    assert bulletins and "本县自定义通报模板" in bulletins[0].read_text(encoding="utf-8")


def test_encodings_build_the_same_words(tmp_path):
    """GBK and UTF-8-with-BOM records read as the same Chinese text."""
    from sitegen.validate import load_county
    county, problems = load_county(CASES / "good" / "encodings" / "content")
    assert county is not None, problems
    names = [m.name for h in county.homes.values() for t in h.teams.values() for m in t.team.members]
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", n) for n in names), names


def test_python_dash_m_and_help():
    result = run_sitegen("--help")
    assert result.returncode == 0 and "build" in result.stdout and "check" in result.stdout


def test_markdown_tables_keep_column_alignment():
    """Clerks align figures right in tables; the sanitiser must not lose that."""
    from sitegen.render import markdown_html
    html = str(markdown_html("| 项目 | 金额 |\n|:--|--:|\n| 茶叶 | 12.5 |"))
    assert '<td align="right">12.5</td>' in html


def test_pages_only_build_keeps_the_previous_posters(minimal, tmp_path):
    """`--no-posters` must not delete the PDFs the home pages link to; but only posters this
    program published are kept (checked like any file), never a file put there by hand."""
    from sitegen import posters
    from sitegen.validate import load_county
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(minimal, out, posters=False, cache=cache)
    county, _problems = load_county(minimal)
    posters.make_all(county, out, cache=cache, jobs=1, size="A4", homes=["demo"])
    made = {p.name: p.read_bytes() for p in (out / "homes" / "demo" / "posters").iterdir()}
    assert len(made) == 4 and all(data.startswith(b"%PDF") for data in made.values())
    fake = out / "homes" / "demo" / "posters" / "style-A1.pdf"
    fake.write_bytes(b"%PDF-1.7 put there by hand")
    (minimal / "homes/demo/home.yaml").write_text(
        (minimal / "homes/demo/home.yaml").read_text(encoding="utf-8") + "\n# \u6539\u52a8\n", encoding="utf-8")
    report = build(minimal, out, posters=False, cache=cache)
    assert report.posters == 4 and report.rendered > 0
    kept = {p.name: p.read_bytes() for p in (out / "homes" / "demo" / "posters").iterdir()}
    assert kept == made                # the PDFs as made; the hand-made file is gone


def test_relative_links_match_posixpath_relpath():
    """The fast link maker agrees with the standard library on every kind of output path."""
    import posixpath
    import random

    from sitegen.render import relative
    parts = ["homes", "a", "ab", "teams", "t", "style", "screen", "media", "static"]
    rng = random.Random(7)
    for _ in range(2000):
        target = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)) ) + "/index.html"
        page = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + "/index.html"
        target, page = target.lstrip("/"), page.lstrip("/")
        assert relative(target, page) == posixpath.relpath(target, posixpath.dirname(page) or ".")


def test_blank_optional_texts_mean_not_given(minimal):
    """`motto: ""` or `note:` left blank is not an error: the field is simply not given."""
    from sitegen.validate import load_county
    team = minimal / "homes/demo/teams/team-a/team.yaml"
    team.write_text(re.sub(r"(?m)^motto: .*$", 'motto: ""', team.read_text(encoding="utf-8")),
                    encoding="utf-8")
    site = minimal / "site.yaml"
    site.write_text(re.sub(r"(?m)^office: .*$", "office:", site.read_text(encoding="utf-8")),
                    encoding="utf-8")
    county, problems = load_county(minimal)
    assert county is not None, format_text_en(problems)
    assert county.homes["demo"].teams["team-a"].team.motto is None
    assert county.site.office is None


def test_unknown_label_key_is_a_warning_that_suggests(minimal):
    from sitegen.problems import WARNING
    from sitegen.validate import load_county
    site = minimal / "site.yaml"
    text = site.read_text(encoding="utf-8")
    text = text.replace("labels:\n", "labels:\n  style_bord: 风采展示\n") if "labels:\n" in text \
        else text + "labels:\n  style_bord: 风采展示\n"
    site.write_text(text, encoding="utf-8")
    county, problems = load_county(minimal)
    assert county is not None
    [warning] = [p for p in problems if p.code == "unknown_field"]
    assert warning.severity == WARNING and warning.field == "labels.style_bord"
    assert "style_board" in warning.text("zh")[1]


def format_text_en(problems):
    from sitegen.problems import format_text
    return format_text(problems, "en")
