"""Lobby screens (issue 12.3, 12.4): what the slides show and how the county loop turns,
checked on the sample county's slide plan and built pages (no browser)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sitegen import screen
from sitegen.plan import plan_site
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def planned():
    county, problems = load_county(ROOT / "content")
    assert county is not None, problems
    pages, base = plan_site(county)
    return county, {p.path: p for p in pages if p.path.startswith("screen/")}, base


def _html(sample_site, rel):
    return (sample_site / rel).read_text(encoding="utf-8")


def _sections(html):
    return re.findall(r'<section class="slide kind-(\w+)[^"]*"(.*?)</section>', html, re.S)


def test_every_results_story_has_its_slide(planned):
    county, pages, _base = planned
    for hid, home in county.homes.items():
        slides = pages[f"screen/{hid}/index.html"].context["slides"]
        stories = [s for s in slides if s.kind == "story"]
        assert [s.story for s in stories] == [r for t in home.teams.values() for r in t.results]
        for s in stories:
            r = s.story.result
            assert s.items == list(r.figures[:3])
            # two or three lines of the story, whole sentences as typed
            assert s.text and screen.text_width(s.text) <= screen.STORY_CHARS + 60
            assert s.text[:12] in re.sub(r"\s+", "", s.story.body.replace("**", ""))


def test_story_slides_show_figures_large_and_the_photo(sample_site):
    html = _html(sample_site, "screen/huangsangping/index.html")
    stories = [body for kind, body in _sections(html) if kind == "story"]
    assert stories
    with_photo = [b for b in stories if "class=\"sphoto\"" in b]
    assert with_photo and all("data-src=" in b for b in with_photo)
    assert all('<ul class="sfigs">' in b for b in stories)
    assert "低产油茶林变身“摇钱树”" in html and "<strong>394</strong>" in html


def test_honors_with_a_certificate_have_their_own_slide(planned, sample_site):
    county, pages, _base = planned
    home = county.homes["huangsangping"]
    with_image = [h for h in home.honors if h.image] + [h for t in home.teams.values() for h in t.honors if h.image]
    assert with_image
    slides = pages["screen/huangsangping/index.html"].context["slides"]
    featured = [s.items[0].honor for s in slides if s.kind == "honor"]
    assert sorted(h.title for h in featured) == sorted(h.title for h in with_image)
    # the others are still on the honor wall, none twice
    listed = [e.honor for s in slides if s.kind == "honors" and s.orient in ("", "land") for e in s.items]
    assert len(listed) + len(featured) == len(home.honors) + sum(len(t.honors) for t in home.teams.values())
    html = _html(sample_site, "screen/huangsangping/index.html")
    for kind, body in _sections(html):
        if kind == "honor":
            assert re.search(r'<figure class="cert"><img data-src="[^"]+\.(jpg|png|webp)"', body), body[:300]


def test_target_slides_keep_a_team_together_and_say_not_reported(planned, sample_site):
    county, pages, _base = planned
    for hid, home in county.homes.items():
        slides = pages[f"screen/{hid}/index.html"].context["slides"]
        for shape in screen.SHAPES:
            mine = [s for s in slides if s.kind == "targets" and s.orient in ("", shape.name)]
            teams = [s.team.record.id for s in mine]
            # sample plans have at most six targets: each team on exactly one slide
            assert len(teams) == len(set(teams)) == sum(1 for t in home.teams.values()
                                                        if t.plans.get(county.year) and t.plans[county.year].plan.targets)
            assert not any(s.cont for s in mine)
    html = _html(sample_site, "screen/huangsangping/index.html")
    targets = [b for kind, b in _sections(html) if kind == "targets"]
    unreported = [li for b in targets for li in re.findall(r'<li class="target status-not_reported">.*?</li>', b, re.S)]
    assert unreported
    for li in unreported:
        assert "实际 <b>未填报</b>" in li
    assert "实际 <b>—" not in html
    for b in targets:
        for li in re.findall(r'<li class="target status-(?:met|not_met)">.*?</li>', b, re.S):
            assert re.search(r'<b class="pct">\d+%</b>', li) and 'class="mark"' in li


def test_measures_are_numbered_in_a_grid(sample_site):
    html = _html(sample_site, "screen/huangsangping/index.html")
    measures = [b for kind, b in _sections(html) if kind == "measures"]
    assert measures
    for b in measures:
        nos = [int(x) for x in re.findall(r'<span class="mno">(\d+)</span>', b)]
        assert nos == list(range(nos[0], nos[0] + len(nos))) and '<ol class="mgrid">' in b


# ---------------------------------------------------------------- the county loop

def test_county_loop_returns_to_its_overview_within_20_minutes(planned):
    county, pages, _base = planned
    page = pages["screen/index.html"]
    slides, data = page.context["slides"], page.context["screen"]
    assert county.site.screen.slide_seconds == 15                   # the default
    groups = data["groups"]
    assert groups > 1
    for shape in screen.SHAPES:
        fixed = [s for s in slides if s.group < 0 and s.orient in ("", shape.name)]
        assert [s.kind for s in fixed][:2] == ["county", "totals"] and "homes" in [s.kind for s in fixed]
        for g in range(groups):
            n = len(fixed) + sum(1 for s in slides if s.group == g and s.orient in ("", shape.name))
            assert n * data["seconds"] <= 20 * 60, (shape.name, g, n)
            assert n * data["seconds"] <= data["cycle_minutes"] * 60
    # every home's every slide is in exactly one cycle, and every cycle comes round each day
    for hid in county.homes:
        own = pages[f"screen/{hid}/index.html"].context["slides"]
        in_loop = [s for s in slides if s.group >= 0 and s.home and s.home.record.id == hid]
        assert [(s.kind, s.sub, s.part, s.orient) for s in in_loop] == [(s.kind, s.sub, s.part, s.orient) for s in own]
        assert len({s.group for s in in_loop}) == 1                 # a home stays in one cycle
    assert groups * data["cycle_minutes"] <= 24 * 60


def test_homes_are_compared_on_targets_activities_and_rating(planned):
    county, pages, base = planned
    slides = pages["screen/index.html"].context["slides"]
    rows = [r for s in slides if s.kind == "homes" and s.orient in ("", "land") for r in s.items]
    assert len(rows) == len(county.homes)
    since = dt.date(2023, 1, 1)
    home = county.homes["huangsangping"]
    row = next(r for _rank, r in rows if r.name == home.home.township)
    targets = [t for team in home.teams.values() if county.year in team.plans
               for t in team.plans[county.year].plan.targets]
    met = sum(1 for t in targets if t.actual is not None and
              (t.actual >= t.target if t.direction == "up" else t.actual <= t.target))
    assert (row.met, row.total) == (met, len(targets))
    assert row.activities == sum(1 for a in home.activities if a.date >= since)
    latest = max((r for r in county.supervision.ratings if r.home == "huangsangping"), key=lambda r: r.year)
    assert (row.grade, row.grade_year) == (latest.grade, latest.year)
    shares = [r.share for _rank, r in rows]
    assert shares == sorted(shares, reverse=True)
    assert [rank for rank, _r in rows][0] == 1


def test_rotation_cuts_long_homes_and_keeps_short_ones_whole():
    fixed = [screen.Slide("county", "", "")]
    homes = [[screen.Slide("title", "", str(k))] + [screen.Slide("style", "", str(k)) for _ in range(n)]
             for k, n in enumerate([10, 10, 200, 3])]
    out, groups, minutes = screen.rotation(fixed, homes, 15)
    room = screen.LOOP_SECONDS // 15 - 1
    per = [sum(1 for s in out if s.group == g) for g in range(groups)]
    assert max(per) <= room and sum(per) == 11 + 11 + 201 + 4
    assert {s.group for s in out if s.where == "0"} == {s.group for s in out if s.where == "1"}  # whole, together
    assert len({s.group for s in out if s.where == "2"}) == 3          # 201 slides over three cycles
    assert minutes <= 20
