"""Interface words are labels: overridable in site.yaml, English with --lang en, and every
key a page template reads exists in both tables (sitegen/i18n.py LABELS)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen import vocab
from sitegen.build import build
from sitegen.i18n import LABELS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
PAGE_TEMPLATES = ["base.html", "_macros.html", "county.html", "home.html", "style.html",
                  "results.html", "honors.html", "team.html", "bulletin.html"]
PAGE_SCRIPTS = ["static/search.js", "static/schedule.js"]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

OVERRIDES = {
    "style_board": "风采展示",
    "kind_monthly_forum": "月度主题座谈",
    "level_county": "县委县政府级",
    "search_placeholder": "查找队员或村庄",
    "check_monthly_check": "每月抽查",
    "less_is_better": "数值越低越好",
}


def _text(html: str) -> str:
    """Visible-ish text of a page: tags and scripts dropped, whitespace squeezed."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in out.rglob("*.html") if not p.relative_to(out).as_posix().startswith("screen/")}


@pytest.fixture(scope="module")
def overridden(tmp_path_factory) -> dict[str, str]:
    """The minimal county with several labels changed in site.yaml, built in zh."""
    root = tmp_path_factory.mktemp("labels")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    site = (content / "site.yaml").read_text(encoding="utf-8")
    site = site.replace("labels:\n  style_board: 风采栏\n", "labels:\n" + "".join(
        f"  {k}: {v}\n" for k, v in OVERRIDES.items()))
    assert "风采展示" in site
    (content / "site.yaml").write_text(site, encoding="utf-8")
    report = build(content, root / "out", posters=False, jobs=1, cache=root / "cache")
    assert not [p for p in report.problems if p.severity == "error"]
    return _pages(root / "out")


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("english")
    build(MINIMAL, root / "out", posters=False, jobs=1, lang="en", cache=root / "cache")
    return root / "out"


# ------------------------------------------------------------------ the tables

def test_zh_and_en_tables_have_the_same_keys():
    assert set(LABELS["zh"]) == set(LABELS["en"])
    assert all(isinstance(v, str) for lang in LABELS for v in LABELS[lang].values())
    # Placeholders the templates fill must survive in both languages (a lost {n} loses a figure).
    for key, zh in LABELS["zh"].items():
        for name in ("n", "total", "met", "not_met", "not_reported", "teams", "members", "bulletins"):
            if "{" + name + "}" in zh:
                assert "{" + name + "}" in LABELS["en"][key], (key, name)


def test_every_word_of_the_vocabulary_is_a_label_in_both_languages():
    for lang in ("zh", "en"):
        for kind in vocab.KIND:
            assert f"kind_{kind}" in LABELS[lang] and f"unit_{kind}" in LABELS[lang], (lang, kind)
        for level in vocab.LEVEL:
            assert f"level_{level}" in LABELS[lang]
        for check in vocab.CHECK_KIND:
            assert f"check_{check}" in LABELS[lang]
    assert sorted(vocab.KIND.order) == sorted(vocab.KIND)
    assert LABELS["zh"]["kind_monthly_forum"] == "主题座谈会" and LABELS["zh"]["unit_competition"] == "期"
    assert LABELS["en"]["kind_monthly_forum"] == "Monthly forums"


def _used_keys() -> tuple[set[str], set[str]]:
    """(keys read as labels.x / labels['x'], prefixes of keys built as labels['x_' ~ …])."""
    keys, prefixes = set(), set()
    for name in PAGE_TEMPLATES:
        src = (TEMPLATES / name).read_text(encoding="utf-8")
        keys |= set(re.findall(r"\blabels\.(\w+)", src))
        keys |= set(re.findall(r"\blabels\[\s*['\"](\w+)['\"]\s*\]", src))
        prefixes |= set(re.findall(r"\blabels\[\s*['\"](\w+_)['\"]\s*~", src))
    return keys, prefixes


def test_every_label_a_page_template_reads_exists_in_both_languages():
    keys, prefixes = _used_keys()
    assert len(keys) > 60 and {"kind_", "unit_", "level_"} <= prefixes
    for lang in ("zh", "en"):
        missing = sorted(k for k in keys if k not in LABELS[lang])
        assert not missing, (lang, missing)
    families = {"kind_": vocab.KIND, "unit_": vocab.KIND, "level_": vocab.LEVEL,
                "check_": vocab.CHECK_KIND}
    for prefix in prefixes:
        for lang in ("zh", "en"):
            assert all(prefix + k in LABELS[lang] for k in families[prefix]), (prefix, lang)
    # labels[status] in the targets table
    assert all(s in LABELS["en"] for s in ("met", "not_met", "not_reported"))


def test_page_templates_and_scripts_hold_no_chinese_interface_words():
    # The only Chinese left in page templates compares record values (roles, grades).
    allowed = {"'书记'", "'队长'", "'优秀'"}
    for name in PAGE_TEMPLATES:
        src = (TEMPLATES / name).read_text(encoding="utf-8")
        src = re.sub(r"\{#.*?#\}", "", src, flags=re.S)
        for word in allowed:
            src = src.replace(word, "")
        assert not CJK.search(src), (name, CJK.findall(src)[:10])
    for name in PAGE_SCRIPTS:
        src = (TEMPLATES / name).read_text(encoding="utf-8")
        src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
        src = re.sub(r"^\s*//.*$", "", src, flags=re.M)
        assert not CJK.search(src), (name, CJK.findall(src)[:10])


# ------------------------------------------------------------------ built pages

def test_site_yaml_overrides_reach_the_pages(overridden):
    style = overridden["homes/demo/style/index.html"]
    home = overridden["homes/demo/index.html"]
    county = overridden["index.html"]
    honors = overridden["homes/demo/honors/index.html"]
    results = overridden["homes/demo/results/index.html"]
    # style_board: board title, nav, tiles — and the default nowhere
    assert '<span class="board-word">风采展示</span>' in style
    assert "风采展示" in home and "风采展示" in overridden["homes/demo/results/index.html"]
    assert not [p for p, html in overridden.items() if "风采栏" in html]
    # search placeholder on every page, default gone
    assert all('placeholder="查找队员或村庄"' in html for html in overridden.values())
    assert not [p for p, html in overridden.items() if "姓名、工作队、村、单位" in html]
    # activity kind word: totals, chart title, county table header; default gone
    assert "月度主题座谈 1 次" in _text(county) and "月度主题座谈" in home
    assert '<th scope="col">月度主题座谈</th>' in county
    assert "主题座谈会" not in county and "主题座谈会" not in results
    # (the home page's fine print, label schedule_note, names forums in its own words)
    assert "主题座谈会" not in home.replace(LABELS["zh"]["schedule_note"], "")
    # honor level word
    assert '<span class="lvl">县委县政府级</span>' in honors
    assert '<span class="seal">县委县政府级</span>' in honors
    assert ">县级<" not in honors
    # check kind word in the county summary and table
    assert "每月抽查 <strong>" in county and '<th scope="col">每月抽查</th>' in county
    assert "月查" not in county
    # a phrase of the targets table
    assert "数值越低越好" in results and "越少越好" not in results


def test_screen_words_are_labels_too(tmp_path):
    """Lobby-screen words live in the same table, so site.yaml may override them."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    site = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(site.replace(
        "labels:\n", "labels:\n  screen_schedule: 近期安排\n"), encoding="utf-8")
    build(content, tmp_path / "out", posters=False, jobs=1, cache=tmp_path / "cache")
    screen = (tmp_path / "out" / "screen" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "近期安排" in screen and "工作日程" not in screen


def test_english_build_has_english_interface_and_keeps_records(english):
    pages = _pages(english)
    county, home = pages["index.html"], pages["homes/demo/index.html"]
    results, honors = pages["homes/demo/results/index.html"], pages["homes/demo/honors/index.html"]
    for html in pages.values():
        assert '<html lang="en">' in html
        assert 'placeholder="Search: name, team, village, unit"' in html
        assert ">Skip to content<" in html and "跳到正文" not in html
    assert "<h2 id=\"totals-h\">Activities in all work-team homes since 2023</h2>" in county
    assert '<h2 id="homes-h">Work-team homes by township</h2>' in county
    assert '<h2 id="schedule-h">Schedule</h2>' in home and "工作日程" not in home
    assert "Ranking by targets met, 2024" in results and '<th scope="col">Rank</th>' in results
    assert "Honors by level" in honors and '<span class="lvl">County</span>' in honors
    assert "Monthly forums" in county and "主题座谈会" not in county
    # no interface Chinese left on the home page: what remains is record content only
    leftovers = {"年以来", "暂无", "驻村工作队之家开展", "轮值顺序", "每月第四周", "办公设备", "名队员"}
    for page in (county, home, results, honors):
        assert not [w for w in leftovers if w in _text(page)]
    # records stay as written
    assert "示范县驻村工作队之家" in county and "青山村" in home
    assert "青山村 work team" in home


def test_english_words_reach_the_scripts(english, browser):
    page = browser.new_page()
    try:
        page.goto((english / "homes" / "demo" / "index.html").as_uri())
        page.fill("#q", "zzzz-nobody")
        assert "Nothing found for “zzzz-nobody”" in page.locator("#search-status").inner_text()
        page.fill("#q", "青山")
        assert re.match(r"\d+ found", page.locator("#search-status").inner_text())
        assert page.locator("#search-results .kind").first.inner_text() in ("Work-team home", "Team", "Member")
        forum = page.locator('[data-next="forum"]').inner_text()
        assert re.fullmatch(r"\d{4}-\d\d-22 to \d{4}-\d\d-28 \(4th week\)", forum), forum
        duty = page.locator('[data-next="duty"]').inner_text()
        assert "驻村工作队" not in duty
    finally:
        page.close()


def test_docs_list_every_label():
    doc = (ROOT / "docs" / "labels.md").read_text(encoding="utf-8")
    from sitegen.i18n import labels_markdown
    assert labels_markdown() in doc, "regenerate the table in docs/labels.md (see its text)"
    assert "labels.md" in (ROOT / "docs" / "content-guide.md").read_text(encoding="utf-8")


def test_team_name_label_reaches_every_output(tmp_path):
    """One `team_name` label names teams on pages, slides, the rota and the search index."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    site = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(site.replace(
        "labels:\n", "labels:\n  team_name: '{village}帮扶队'\n"), encoding="utf-8")
    build(content, tmp_path / "out", posters=False, jobs=1, cache=tmp_path / "cache")
    out = tmp_path / "out"
    for rel in ["screen/demo/index.html", "homes/demo/style/index.html", "search-index.js",
                "homes/demo/index.html"]:
        text = (out / rel).read_text(encoding="utf-8")
        assert "青山村帮扶队" in text, rel
        assert "青山村驻村工作队" not in text and "绿水村驻村工作队" not in text, rel
