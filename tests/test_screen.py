"""Lobby screens (issue 5): slide planning and paging, without a browser.

`make_screen_county()` writes a county that stresses the screens (a team of fifteen,
long names, many honors and targets, twelve teams in one home); the browser tests in
test_screen_browser.py use it too.
"""
from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

from edge_county import GIVEN, LONG_UNIT, SURNAMES
from sitegen import screen
from sitegen.build import build
from sitegen.plan import plan_site
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"

# Shorter than edge_county's: the village and name each stand in a slide heading.
LONG_VILLAGE = "上堡侗族古寨新时代乡村振兴示范"
LONG_NAME = "欧阳司马诸葛慕容长孙宇文"
PHONE = "0739-7654321"


def _png(path: Path, color) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    Image.new("RGB", (300, 400), color).save(buf, "PNG")
    path.write_bytes(buf.getvalue())


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_screen_county(dst: Path, *, show_phones: bool = False, slide_seconds: int = 10) -> Path:
    """A county written to the contract that is hard on lobby screens."""
    content = dst / "content"
    _write(content / "site.yaml", {
        "title": "绥宁县驻村工作队之家（乡村振兴驻村帮扶综合展示平台）", "county": "绥宁县",
        "office": "中共绥宁县委农村工作领导小组驻村帮扶工作办公室", "year": 2024, "since": "2023-01-01",
        "screen": {"slide_seconds": slide_seconds, "show_phones": show_phones}})
    home = content / "homes" / "big"
    team_ids = ["fifteen"] + [f"t{i:02d}" for i in range(1, 12)]
    _write(home / "home.yaml", {
        "name": "黄桑坪苗族乡上堡侗族古寨片区驻村工作队之家", "township": "黄桑坪苗族乡",
        "contacts": [{"name": "刘芳", "role": "乡驻村办主任兼党政综合办公室副主任", "phone": PHONE}],
        "duty_rota": team_ids})
    kinds = ["weekly_meeting", "monthly_forum", "quarterly_review", "training", "competition",
             "recreation", "health_talk", "visit", "heart_talk"]
    _write(home / "activities.yaml",
           [{"date": f"2024-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}", "kind": k, "title": f"活动{i}"}
            for i, k in enumerate(kinds * 13)]
           + [{"date": "2024-05-23", "kind": "monthly_forum", "host_team": "t03"}])
    _write(home / "honors.yaml", [
        {"title": f"{2015 + i}年度全省驻村帮扶工作先进集体暨乡村振兴示范工作队之家（第{i + 1}批）",
         "level": ["national", "provincial", "municipal", "county", "township"][i % 5],
         "date": f"{2015 + i}-12", "issuer": "中共湖南省委农村工作领导小组办公室、湖南省乡村振兴局"}
        for i in range(8)])
    members = []
    for i in range(15):
        name = LONG_NAME if i == 3 else SURNAMES[i] + GIVEN[i]
        mem = {"name": name, "role": "第一书记兼队长（县委组织部派驻）" if i == 0 else "队员",
               "since": "2023-03"}
        if i % 4 == 1:
            mem["unit"] = LONG_UNIT
        if i % 3 == 0:
            mem["photo"] = f"photos/m{i}.png"
            _png(home / "teams" / "fifteen" / "photos" / f"m{i}.png", (40 + i * 10, 90, 140))
        members.append(mem)
    _write(home / "teams" / "fifteen" / "team.yaml", {
        "village": LONG_VILLAGE + "村", "unit": LONG_UNIT, "since": "2023-03", "until": "2026-03",
        "motto": "扎根基层一线，服务人民群众，把乡村振兴的蓝图一步一个脚印变成看得见摸得着的幸福图景", "members": members})
    targets = [{"name": f"村集体经济经营性收入与农村居民人均可支配收入同步增长目标之{i + 1}",
                "unit": "万元", "target": 100 + i, "actual": 50 + i * 9, "baseline": 20}
               for i in range(12)]
    targets[1].update(direction="down", target=2, actual=3, baseline=5)
    del targets[2]["actual"]
    plan = {"year": 2024, "targets": targets,
            "measures": [f"第{i + 1}项措施：发展油茶、楠竹、中药材等特色产业，建立联农带农利益联结机制，"
                         "带动脱贫户和监测户稳定增收" for i in range(9)]}
    (home / "teams" / "fifteen" / "plans").mkdir(parents=True)
    (home / "teams" / "fifteen" / "plans" / "2024.md").write_text(
        "---\n" + yaml.safe_dump(plan, allow_unicode=True, sort_keys=False) + "---\n正文。\n",
        encoding="utf-8")
    _write(home / "teams" / "fifteen" / "honors.yaml", [
        {"title": f"{2000 + i}年度湖南省脱贫攻坚与乡村振兴有效衔接工作先进个人", "level": "provincial",
         "date": f"{2000 + i}-06", "recipient": members[i % 15]["name"],
         "issuer": "湖南省人力资源和社会保障厅、湖南省乡村振兴局"} for i in range(24)])
    for k, tid in enumerate(team_ids[1:], start=1):
        _write(home / "teams" / tid / "team.yaml", {
            "village": f"第{k}示范村", "unit": "县财政局", "since": "2024-01",
            "members": [{"name": SURNAMES[k] + "一", "role": "第一书记兼队长"},
                        {"name": SURNAMES[k] + "二", "role": "队员"}]})
        tpl = {"year": 2024, "targets": [{"name": "新修产业路", "unit": "公里", "target": 3, "actual": k % 4}]}
        (home / "teams" / tid / "plans").mkdir(parents=True)
        (home / "teams" / tid / "plans" / "2024.md").write_text(
            "---\n" + yaml.safe_dump(tpl, allow_unicode=True) + "---\n", encoding="utf-8")
    small = content / "homes" / "small"
    _write(small / "home.yaml", {"name": "小乡驻村工作队之家", "township": "小乡"})
    _write(small / "teams" / "solo" / "team.yaml", {
        "village": "独村", "unit": "县教育局", "since": "2024",
        "members": [{"name": "孤一", "role": "第一书记"}]})
    return content


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    root = tmp_path_factory.mktemp("screen")
    content = make_screen_county(root)
    out = root / "output"
    build(content, out, posters=False, cache=root / "cache")
    county, problems = load_county(content)
    assert county is not None, problems
    return content, out, county


def _slides(county):
    pages, _base = plan_site(county)
    return {p.path: p.context["slides"] for p in pages if p.path.startswith("screen/")}


def test_paths_follow_the_contract(stress):
    _content, out, county = stress
    assert (out / "screen" / "index.html").is_file()
    for hid in county.homes:
        assert (out / "screen" / hid / "index.html").is_file()
    assert set(_slides(county)) == {"screen/index.html", "screen/big/index.html", "screen/small/index.html"}


def test_every_board_is_on_the_home_screen(stress):
    _content, _out, county = stress
    kinds = [s.kind for s in _slides(county)["screen/big/index.html"]]
    assert kinds[0] == "title" and kinds[-1] == "schedule"
    for kind in ("style", "ranking", "targets", "measures", "totals", "honors"):
        assert kind in kinds, kind


def test_county_screen_rotates_through_all_homes(stress):
    _content, _out, county = stress
    slides = _slides(county)["screen/index.html"]
    assert slides[0].kind == "county"
    titles = [s.home.record.id for s in slides if s.kind == "title"]
    assert titles == list(county.homes)


def test_county_screen_of_a_large_folder_shows_each_home_in_summary(stress, monkeypatch):
    """A city or province folder must not put every slide of every home in one page."""
    import sitegen.screen as screen
    _content, _out, county = stress
    full = _slides(county)
    homes_part = [s for s in full["screen/index.html"] if s.group >= 0]
    assert len(homes_part) == len(full["screen/big/index.html"]) + len(full["screen/small/index.html"])
    monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", 10)
    slides = _slides(county)["screen/index.html"]
    assert {s.kind for s in slides if s.group >= 0} <= set(screen.SUMMARY_KINDS)
    assert [s.home.record.id for s in slides if s.kind == "title"] == list(county.homes)
    assert len(_slides(county)["screen/big/index.html"]) == len(full["screen/big/index.html"])


def test_team_of_fifteen_is_paged_evenly_never_more_than_fits(stress):
    _content, _out, county = stress
    for shape in screen.SHAPES:
        style = [s for s in _slides(county)["screen/big/index.html"]
                 if s.kind == "style" and s.team.record.id == "fifteen" and s.orient in ("", shape.name)]
        per = [5, 5, 5] if shape is screen.LAND else [4, 4, 4, 3]
        assert [len(s.items) for s in style] == per
        assert [(s.part, s.parts) for s in style] == [(k + 1, len(per)) for k in range(len(per))]
        names = [mem.name for s in style for mem in s.items]
        assert names == [mem.name for mem in county.homes["big"].teams["fifteen"].team.members]


def test_long_lists_are_paged_within_the_height_budget(stress):
    _content, _out, county = stress
    every = _slides(county)["screen/big/index.html"]
    for shape in screen.SHAPES:
        slides = [s for s in every if s.orient in ("", shape.name)]
        for kind in ("targets", "measures", "honors", "ranking"):
            of_kind = [s for s in slides if s.kind == kind]
            assert of_kind, kind
            for s in of_kind:
                assert s.items, kind
                # a slide holding more than one item must respect the budget of its shape
                assert len(s.items) == 1 or s.cost <= shape.h, (kind, shape.name, s.cost)
        honors = [s for s in slides if s.kind == "honors"]
        assert sum(len(s.items) for s in honors) == 8 + 24 and len(honors) >= 3
        measures = [s for s in slides if s.kind == "measures"]
        assert [s.start for s in measures] == [1] + [1 + sum(len(x.items) for x in measures[:i])
                                                 for i in range(1, len(measures))]
        assert [s.cont for s in measures] == [False] + [True] * (len(measures) - 1)
        # the team of fifteen's twelve targets: as few slides as fit, continued ones marked
        targets = [s for s in slides if s.kind == "targets" and s.team.record.id == "fifteen"]
        assert sum(len(s.items) for s in targets) == 12
        assert [s.cont for s in targets] == [False] + [True] * (len(targets) - 1)
        assert len(targets) >= 2, "twelve targets do not fit one slide"
        # balanced (sizes differ by one at most) and as few slides as fit: split evenly over
        # one slide fewer, some slide would overflow (whether the height estimate is right is
        # measured in the browser: tests/test_screens_fill.py)
        sizes = [len(s.items) for s in targets]
        assert max(sizes) - min(sizes) <= 1, sizes
        progs = [p for s in targets for p in s.items]
        fewer = screen.split_even(progs, math.ceil(len(progs) / (len(targets) - 1)))
        assert len(fewer) < len(targets)
        assert any(sum(screen._target_height(p, shape) for p in c) > shape.h for c in fewer), sizes
    # the small teams each keep their one target on one slide
    assert all(s.parts == 1 for s in every if s.kind == "targets" and s.team.record.id != "fifteen")
    # portrait has its own pagination where it holds more: fewer target slides than landscape
    land = [s for s in every if s.kind == "targets" and s.orient in ("", "land")]
    port = [s for s in every if s.kind == "targets" and s.orient in ("", "port")]
    assert len(port) < len(land)


def test_split_even_and_pack():
    assert [len(c) for c in screen.split_even(list(range(11)), 5)] == [4, 4, 3]
    assert screen.split_even([], 5) == [[]]
    assert screen.pack([3, 3, 3, 9, 1], lambda c: sum(c) <= 6) == [[3, 3], [3], [9], [1]]
    assert screen.lines("一二三四五六七八九十", 20, 4) == 2
    assert screen.lines("abcdefghij", 20, 4) == 2      # 10 × 0.55 em on 5 em lines
    assert screen.lines("", 20, 4) == 1


def test_phones_stay_off_screens_unless_asked(tmp_path):
    for show, expect in ((False, False), (True, True)):
        root = tmp_path / str(show)
        content = make_screen_county(root, show_phones=show)
        build(content, root / "out", posters=False, cache=tmp_path / "cache")
        html = (root / "out" / "screen" / "big" / "index.html").read_text(encoding="utf-8")
        assert (PHONE in html) is expect
        assert "刘芳" in html


def test_slide_time_and_schedule_are_embedded_not_computed(stress):
    _content, out, _county = stress
    html = (out / "screen" / "big" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="screen-data">(.*?)</script>',
                                html, re.S)[1])
    assert data["seconds"] == 10
    sch = data["schedules"]["big"]
    assert sch["anchor"] == {"year": 2024, "month": 5, "index": 3}
    assert len(sch["rota"]) == 12


def test_output_is_relative_and_deterministic(stress, tmp_path):
    content, out, _county = stress
    again = tmp_path / "again"
    build(content, again, posters=False, cache=tmp_path / "cache")
    for rel in ("screen/index.html", "screen/big/index.html", "screen/small/index.html"):
        a = (out / rel).read_bytes()
        assert a == (again / rel).read_bytes(), rel
        text = a.decode("utf-8")
        assert not re.search(r'(?:src|href)="(?:https?:)?//', text), rel
        assert not re.search(r'(?:src|href)="/', text), rel
    assert 'href="../static/screen.css?v=' in (out / "screen/index.html").read_text(encoding="utf-8")
    assert 'src="../../static/screen.js?v=' in (out / "screen/big/index.html").read_text(encoding="utf-8")


def test_minimal_county_builds_screens(tmp_path):
    build(MINIMAL, tmp_path / "out", posters=False, cache=tmp_path / "cache")
    html = (tmp_path / "out" / "screen" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "示范乡驻村工作队之家" in html and "0739-1234567" not in html
    assert html.count('class="slide ') >= 6
