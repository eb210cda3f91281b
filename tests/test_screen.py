"""Lobby screens (issue 5): slide planning and paging, without a browser.

`make_screen_county()` (the content factory's screen county, tests/factory/screen.py)
writes a county that stresses the screens (a team of fifteen, long names, many honors
and targets, twelve teams in one home); the browser tests in test_screen_browser.py use
it too.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from factory.screen import TABLE, write_screen as make_screen_county
from sitegen import screen
from sitegen.build import build
from sitegen.plan import plan_site
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
PHONE = TABLE["phone"]

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
