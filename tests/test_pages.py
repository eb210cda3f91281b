"""The pages as HTML: boards show what the records say, links stay inside, charts have words.

Built from the edge county (tests/edge_county.py): a team of fifteen with long names,
targets over 100 % and under 0 %, a missing actual, `direction: down`, honors of every level.
"""
from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest

from edge_county import LONG_NAME, LONG_VILLAGE, make_edge_content
from sitegen import charts, facts
from sitegen import model as m
from sitegen.build import build


@pytest.fixture(scope="module")
def edge(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("edge-pages")
    content = make_edge_content(root / "content")
    out = root / "output"
    build(content, out, posters=False, cache=root / "cache")
    return out


def page(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def text(html: str) -> str:
    """Visible-ish text of a page: tags dropped, entities decoded, spaces collapsed."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))


def intranet_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("index.html")
                  if not p.relative_to(out).as_posix().startswith("screen/"))


PAGE_TYPES = ["index.html", "homes/demo/index.html", "homes/demo/style/index.html",
              "homes/demo/results/index.html", "homes/demo/honors/index.html",
              "homes/demo/teams/team-big/index.html", "bulletins/2024-07-01-1/index.html"]


@pytest.mark.parametrize("rel", PAGE_TYPES)
def test_page_structure(edge, rel):
    html = page(edge, rel)
    assert '<html lang="zh-CN">' in html
    assert html.count("<h1") == 1
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'role="search"' in html
    # Headings do not skip levels downwards (h1 → h2 → h3 …).
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
    for a, b in zip(levels, levels[1:]):
        assert b <= a + 1, (rel, levels)


def test_links_stay_inside_and_name_index_html(edge):
    for path in intranet_pages(edge):
        html = path.read_text(encoding="utf-8")
        for attr, url in re.findall(r'\b(href|src|srcset)="([^"]*)"', html):
            for u in ([x.strip().split(" ")[0] for x in url.split(",")] if attr == "srcset" else [url]):
                assert not re.match(r"(https?:)?//", u), (path, u)
                if u.startswith(("#", "tel:", "mailto:")):
                    continue
                assert not u.startswith("/"), (path, u)        # relative only: any sub-path works
                assert not u.endswith("/"), (path, u)          # file:// does not open folder indexes
                target = (path.parent / u.split("#")[0]).resolve()
                if "posters/" in u:                            # built only without --no-posters
                    assert re.search(r"posters/(style|results|honors|rules)-A[0-4]\.pdf$", u)
                    continue
                assert target.is_file(), (path, u)
        assert "@import" not in html and "fonts.googleapis" not in html


def test_css_loads_nothing_from_outside_and_prints(edge):
    css = (edge / "static" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert "@media print" in css
    for family in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "SimSun", "Songti SC", "Noto Serif CJK SC"):
        assert family in css


def test_style_board_cards(edge):
    html = page(edge, "homes/demo/style/index.html")
    big = html[html.index('id="team-team-big"'):]
    names = re.findall(r'<p class="name">([^<]+)</p>', big)
    assert len(names) == 15 and names[3] == LONG_NAME and names[0] == "王建国"
    assert big.count('class="portrait placeholder"') == 10          # 5 of 15 have photos
    assert big.count('class="portrait"') == 5
    assert "驻村誓言" in big and "不忘初心" in big
    assert LONG_VILLAGE + "2024年度驻村帮扶规划（修订版）" in big
    # the member's unit is shown only when it differs from the team's
    team_a = html[html.index('id="team-team-a"'):html.index('id="team-team-b"')]
    assert team_a.count('class="unit"') == 1 and "示范县农业农村局" in team_a
    assert "示范县财政局" in team_a                                   # the team's own unit, once in the head


def _row(html: str, name: str) -> str:
    start = html.index(name)
    return text(html[start:html.index("</tr>", start)])


def test_results_board_progress_words(edge):
    html = page(edge, "homes/demo/results/index.html")
    over = _row(html, "村集体经济收入（超额完成）")
    assert "376.7%" in over and "达成" in over and "未达成" not in over
    under = _row(html, "新建高标准农田面积")
    assert "-80%" in under and "未达成" in under
    down = _row(html, "返贫监测户（越少越好，却增加了）")
    assert "越少越好" in down and "-66.7%" in down and "未达成" in down
    missing = _row(html, "外出务工人员返乡创业人数")
    assert "未填报" in missing and "— → — → 12" in missing
    # direction: down, moving the right way but not there yet (team-a: 5 → 3 → 2)
    team_a = _row(html, '返贫监测户 <span class="dir">')
    assert "66.7%" in team_a and "未达成" in team_a
    summary = text(html[html.index('id="res-team-big"'):])
    assert "6 项目标：达成 3 项，未达成 2 项，未填报 1 项" in summary


def test_results_board_ranking_is_stable(edge):
    html = page(edge, "homes/demo/results/index.html")
    table = html[html.index('<table class="ranking">'):html.index("</table>")]
    rows = [text(r) for r in re.findall(r"<tr.*?</tr>", table, flags=re.S)][1:]
    assert rows[0].startswith(" 1 ") and LONG_VILLAGE in rows[0] and "3 / 6" in rows[0] and "50%" in rows[0]
    # 青山村 (0 of 3) and 绿水村 (no targets) tie at 0 %: same rank, home order kept.
    assert "青山村" in rows[1] and "绿水村" in rows[2]
    assert rows[1].split()[0] == rows[2].split()[0] == "2"
    assert "无目标" in rows[2]


def test_results_board_totals_in_report_style(edge):
    body = text(page(edge, "homes/demo/results/index.html"))
    assert "主题座谈会 1 次" in body and "健康讲座 1 期" in body


def test_honor_wall_groups_levels_national_first(edge):
    html = page(edge, "homes/demo/honors/index.html")
    order = re.findall(r'<section class="honor-level level-(\w+)"', html)
    assert order == ["national", "provincial", "municipal", "county", "township"]
    counts = text(html[html.index('class="honor-counts"'):html.index("</ul>", html.index('class="honor-counts"'))])
    assert "国家级 1 项" in counts and "省级 2 项" in counts and "县级 3 项" in counts
    county = html[html.index('id="lvl-county"'):html.index('id="lvl-township"')]
    titles = re.findall(r'<p class="honor-title">([^<]+)</p>', county)
    dates = re.findall(r'<p class="meta">(\d{4})年', county)
    assert dates == sorted(dates, reverse=True) and len(titles) == 3        # newest first
    assert 'alt="优秀第一书记（王建国（' in html                            # certificate image with alt text


def test_charts_have_text_equivalents(edge):
    html = page(edge, "index.html")
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", html, flags=re.S)
    labelled = [s for s in svgs if 'role="img"' in s]
    assert labelled, "the county page draws its activity totals"
    for s in labelled:
        title = re.search(r"<title>([^<]+)</title>", s)[1]
        assert "主题座谈会 1 次" in title
    for s in svgs:
        assert 'role="img"' in s or 'aria-hidden="true"' in s
    results = page(edge, "homes/demo/results/index.html")
    bars = re.findall(r'<svg class="bar"[^>]*>', results)
    assert len(bars) == 3 + 6 and all('aria-hidden="true"' in b for b in bars)


def test_progress_bar_marks_over_and_under():
    t = lambda **kw: m.Target(name="x", **kw)  # noqa: E731
    over = str(charts.progress_bar(facts.progress(t(target=20, actual=61.5, baseline=5))))
    under = str(charts.progress_bar(facts.progress(t(target=300, actual=120, baseline=200))))
    none = str(charts.progress_bar(facts.progress(t(target=12))))
    assert charts.GOLD in over and charts.RED not in over
    assert charts.RED in under and charts.AMBER not in under   # nothing filled, a notch left of 0
    assert charts.GREEN not in none and charts.AMBER not in none
    assert charts.sentence([("主题座谈会", 115, "次"), ("学习培训", 53, "次")]) == "主题座谈会 115 次，学习培训 53 次"


def test_home_page(edge):
    html = page(edge, "homes/demo/index.html")
    body = text(html)
    for word in ("办公之家", "关爱之家", "联系人", "刘芳", "制度上墙", "周例会制度", "请销假制度",
                 "下次月座谈", "下次季讲评", "轮值工作队", "风采栏", "成效榜", "荣誉墙", "大屏轮播"):
        assert word in body, word
    data = json.loads(re.search(r'<script type="application/json" id="schedule-data">(.*?)</script>', html, re.S)[1])
    assert [r["id"] for r in data["rota"]] == ["team-a", "team-b", "team-big"]
    assert 'href="tel:0739-1234567"' in html
    for board in ("style", "results", "honors", "rules"):
        assert f'posters/{board}-A1.pdf"' in html


def test_county_overview(edge):
    html = page(edge, "index.html")
    body = text(html)
    assert "月查 1 次、季督 1 次" in body and "工作通报 1 期" in body
    assert "2023年度 示范乡驻村工作队之家 优秀" in body
    assert 'href="bulletins/2024-07-01-1/index.html"' in html
    bulletin = text(page(edge, "bulletins/2024-07-01-1/index.html"))
    assert "各乡镇工作队之家运行良好" in bulletin and "示范乡做法值得推广" in bulletin.replace(" ", "")


def test_team_page_all_years(edge):
    body = text(page(edge, "homes/demo/teams/team-a/index.html"))
    for word in ("张三", "李四", "王红", "青山村2024年度驻村帮扶规划", "发展油茶产业", "青山村油茶基地喜获丰收",
                 "2023年度优秀驻村工作队", "2023年度优秀第一书记"):
        assert word in body, word


def test_search_index_covers_members_teams_villages_units(edge):
    js = (edge / "search-index.js").read_text(encoding="utf-8")
    rows = json.loads(js[js.index("=") + 1:].rstrip().rstrip(";"))
    hay = [r["t"] + " " + r["s"] for r in rows]
    assert any("财政" in h and "示范县财政局" in h for h in hay)
    assert {r["k"] for r in rows} == {"home", "team", "member"}
    assert sum(r["k"] == "member" for r in rows) == 3 + 2 + 15


def test_pages_are_deterministic(tmp_path, edge):
    content = make_edge_content(tmp_path / "content")
    again = tmp_path / "output"
    build(content, again, posters=False, cache=tmp_path / "cache")
    for path in intranet_pages(edge):
        rel = path.relative_to(edge)
        assert (again / rel).read_bytes() == path.read_bytes(), rel
