"""The home's rhythm as the browser computes it (templates/static/rota.js), day by day.

rota.js is the one definition of the monthly forum (4th week, days 22–28), the quarterly
review (the 4th week of March, June, September, December) and the duty rota; home pages
and lobby screens both run it, for weeks, without a rebuild. So it is tested here in
Chromium itself, for every day of a leap year and of a common year, against an oracle
written from the rule's plain words, and the rota across a year of forums and when a team
joins or leaves.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitegen import facts
from sitegen import model as m

pytestmark = pytest.mark.browser

ROTA_JS = Path(__file__).resolve().parent.parent / "templates" / "static" / "rota.js"


@pytest.fixture(scope="module")
def rota_page(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>rota</title>")
    page.add_script_tag(content=ROTA_JS.read_text(encoding="utf-8"))
    assert page.evaluate("typeof window.sitegenRota.nextEvent") == "function"
    yield page
    page.close()


def expected_next(day: dt.date, quarterly: bool) -> tuple[int, int]:
    """The rule in words: the first month, from this one on, whose 4th week (22–28) has not
    ended by today — for the review, among March, June, September and December only."""
    y, mo = day.year, day.month
    if day.day > 28:
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    while quarterly and mo % 3:
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return y, mo


def browser_next(page, year: int) -> list[tuple[str, list[int], list[int]]]:
    """rota.nextEvent for every day of `year`, as [iso day, forum (y, m), review (y, m)]."""
    return page.evaluate("""(year) => {
        const out = [];
        for (let d = new Date(year, 0, 1); d.getFullYear() === year; d.setDate(d.getDate() + 1)) {
            const iso = d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
                        String(d.getDate()).padStart(2, "0");
            const f = window.sitegenRota.nextEvent(new Date(d), false);
            const q = window.sitegenRota.nextEvent(new Date(d), true);
            out.push([iso, [f.year, f.month], [q.year, q.month]]);
        }
        return out;
    }""", year)


@pytest.mark.parametrize("year, days", [(2024, 366), (2023, 365)])
def test_next_forum_and_review_on_every_day_of_the_year(rota_page, year, days):
    rows = browser_next(rota_page, year)
    assert len(rows) == days
    wrong = []
    for iso, forum, review in rows:
        day = dt.date.fromisoformat(iso)
        want = (list(expected_next(day, False)), list(expected_next(day, True)))
        if (forum, review) != want:
            wrong.append((iso, forum, review, want))
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("iso, forum, review", [
    ("2024-01-21", (2024, 1), (2024, 3)),
    ("2024-01-22", (2024, 1), (2024, 3)),   # first day of the 4th week
    ("2024-01-28", (2024, 1), (2024, 3)),   # its last day: still this month's forum
    ("2024-01-29", (2024, 2), (2024, 3)),
    ("2024-02-28", (2024, 2), (2024, 3)),
    ("2024-02-29", (2024, 3), (2024, 3)),   # leap day: February's week is over
    ("2023-02-28", (2023, 2), (2023, 3)),   # common year: the last day of February
    ("2024-03-28", (2024, 3), (2024, 3)),   # the quarter's review week, last day
    ("2024-03-29", (2024, 4), (2024, 6)),
    ("2024-04-30", (2024, 5), (2024, 6)),   # a 30-day month
    ("2024-12-28", (2024, 12), (2024, 12)),
    ("2024-12-29", (2025, 1), (2025, 3)),   # the year changes
    ("2024-12-31", (2025, 1), (2025, 3)),
])
def test_edge_days(rota_page, iso, forum, review):
    y, mo, d = (int(x) for x in iso.split("-"))
    got = rota_page.evaluate("""([y, m, d]) => {
        const f = window.sitegenRota.nextEvent(new Date(y, m - 1, d), false);
        const q = window.sitegenRota.nextEvent(new Date(y, m - 1, d), true);
        return [[f.year, f.month], [q.year, q.month]];
    }""", [y, mo, d])
    assert got == [list(forum), list(review)]


def js_duty(page, data: dict, months: list[tuple[int, int]]) -> list[str | None]:
    return page.evaluate("""([data, months]) => months.map(([y, m]) => {
        const t = window.sitegenRota.duty(data, y, m); return t ? t.id : null; })""",
                         [data, [list(x) for x in months]])


def home_with(rota: list[str], forums: list[tuple[str, str]]) -> m.HomeRecord:
    """A home whose duty rota is `rota` and whose recorded forums are (date, host) pairs."""
    teams = {}
    for tid in {*rota, *(h for _, h in forums)}:
        team = m.Team(village=tid, unit="县直单位", since="2023", members=[{"name": "张三", "role": "队员"}])
        teams[tid] = m.TeamRecord(tid, "h", f"homes/h/teams/{tid}/team.yaml", team, {}, [], [], None)
    acts = [m.Activity(date=d, kind="monthly_forum", host_team=h) for d, h in forums]
    home = m.Home(name="之家", township="乡", duty_rota=rota)
    return m.HomeRecord("h", "homes/h/home.yaml", home, teams, acts, [], None)


def months_from(year: int, month: int, n: int) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def test_rota_continues_a_year_of_forums(rota_page):
    """b hosted in November 2024: December is c, January a, … and 12 forums on (3 teams,
    12 ≡ 0) it is b again; going backwards, October was a."""
    data = facts.schedule_data(home_with(["a", "b", "c"], [("2024-10-24", "a"), ("2024-11-26", "b")]))
    assert data["anchor"] == {"year": 2024, "month": 11, "index": 1}
    months = [(2024, 10)] + months_from(2024, 11, 14)
    assert js_duty(rota_page, data, months) == ["a"] + ["b", "c", "a"] * 4 + ["b", "c"]


def test_rota_when_a_team_joins(rota_page):
    """A fourth team added at the end of the rota takes its turn after the third."""
    data = facts.schedule_data(home_with(["a", "b", "c", "d"], [("2024-11-26", "b")]))
    assert js_duty(rota_page, data, months_from(2024, 11, 6)) == ["b", "c", "d", "a", "b", "c"]


def test_rota_when_a_team_leaves(rota_page):
    """b leaves the rota (and the home) after hosting: the anchor falls back to the last
    forum hosted by a team still on the rota, and the rota closes up without b."""
    data = facts.schedule_data(home_with(["a", "c"], [("2024-10-24", "a"), ("2024-11-26", "b")]))
    assert data["anchor"] == {"year": 2024, "month": 10, "index": 0}
    assert [t["id"] for t in data["rota"]] == ["a", "c"]
    assert js_duty(rota_page, data, months_from(2024, 10, 5)) == ["a", "c", "a", "c", "a"]


def test_rota_without_any_recorded_forum_and_without_teams(rota_page):
    data = facts.schedule_data(home_with(["a", "b"], []))
    assert data["anchor"] is None
    # no forum yet: the rota runs from January of year 0, so every month has a team in turn
    got = js_duty(rota_page, data, months_from(2025, 1, 4))
    assert got == ["a", "b", "a", "b"]
    assert js_duty(rota_page, {"rota": [], "anchor": None}, [(2025, 1)]) == [None]
