"""A lobby screen's slides are made only for the screen pages that are rendered: after an
edit of one home, no other home's slides are made (they are the dear part of planning a
city), and the county screen knows how many slides each home has from counts kept by each
home screen's page key, which are checked before use."""
from __future__ import annotations

import collections
import pickle
import shutil
from pathlib import Path

import pytest

from sitegen import cache as C
from sitegen import incremental
from sitegen import screen
from sitegen.build import build

from conftest import tree_hash as tree

from conftest import CASES

MINIMAL = CASES / "good" / "minimal" / "content"


@pytest.fixture
def content(tmp_path) -> Path:
    """The minimal county's home four times over (demo, demo2, demo3, demo4)."""
    dst = tmp_path / "site" / "content"
    shutil.copytree(MINIMAL, dst)
    for n in (2, 3, 4):
        shutil.copytree(dst / "homes" / "demo", dst / "homes" / f"demo{n}")
    return dst


@pytest.fixture
def made(monkeypatch) -> collections.Counter:
    """Home id -> how many times its full set of slides was made."""
    calls: collections.Counter = collections.Counter()
    real = screen.home_slides

    def counting(county, hf, words, since=None):
        calls[hf.record.id] += 1
        return real(county, hf, words, since)

    monkeypatch.setattr(screen, "home_slides", counting)
    return calls


def _motto(content: Path, home: str, n: int) -> None:
    team = sorted((content / "homes" / home / "teams").glob("*/team.yaml"))[0]
    team.write_text(team.read_text(encoding="utf-8").replace("motto: ", f"motto: 第{n}次，", 1),
                    encoding="utf-8")


@pytest.mark.parametrize("limit", [20, 4])
@pytest.mark.parametrize("same_process", [True, False])
def test_an_edit_makes_the_slides_of_the_edited_home_only(content, tmp_path, made, monkeypatch,
                                                          limit, same_process):
    """Limit 20: four homes of two slides or more may be fewer than 20, so the county
    screen needs their counts (kept from the first build on disk, or in the dev server's
    memory); limit 4: 4 × 2 > 4, it needs none."""
    monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", limit)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    homes = sorted(p.name for p in (content / "homes").iterdir())
    assert set(made) == set(homes) and set(made.values()) == {1}   # once each, not twice
    made.clear()
    if not same_process:
        incremental.SCREENS.clear()
    _motto(content, homes[1], 1)
    report = build(content, out, posters=False, cache=cache, jobs=1)
    assert dict(made) == {homes[1]: 1}
    assert 0 < report.rendered < report.pages
    screen_html = (out / "screen" / homes[1] / "index.html").read_text(encoding="utf-8")
    assert "第1次" in screen_html
    clean = tmp_path / "clean"
    build(content, clean, posters=False, cache=tmp_path / "clean-cache", jobs=1)
    assert tree(out) == tree(clean)


@pytest.mark.parametrize("same_process", [True, False])
def test_in_full_mode_the_county_screen_still_shows_every_slide(content, tmp_path, made, same_process):
    """Few homes (the default limit): the county screen carries all their slides. The
    other homes' slides come from the pieces the last build kept under their keys
    (incremental.KeptSlides), in a new process as in the dev server's, so only the edited
    home's are made. Either way the county screen shows the edit and equals a clean build."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    homes = sorted(p.name for p in (content / "homes").iterdir())
    made.clear()
    if not same_process:
        incremental.SCREENS.clear()
    _motto(content, homes[2], 7)
    build(content, out, posters=False, cache=cache, jobs=1)
    assert set(made) == set(homes[2:3])
    assert "第7次" in (out / "screen" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(content, clean, posters=False, cache=tmp_path / "clean-cache", jobs=1)
    assert tree(out) == tree(clean)


@pytest.mark.parametrize("damage", ["garbage", "wrong-shape", "too-small", "bool", "unsealed"])
def test_kept_slide_counts_are_checked_before_use(content, tmp_path, made, monkeypatch, damage):
    """Counts read back that are damaged, of another shape or impossible are made again;
    the output is the clean build's either way."""
    monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", 20)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    path = cache / "build" / "slides.pickle"
    kept = C.load(path, None)
    assert isinstance(kept, dict) and len(kept) == 4 and all(type(n) is int and n >= 2 for n in kept.values())
    if damage == "garbage":
        path.write_bytes(b"\x00not a pickle")
    elif damage == "wrong-shape":
        C.save(path, [1, 2, 3])
    elif damage == "too-small":
        C.save(path, {k: 1 for k in kept})
    elif damage == "bool":
        C.save(path, {k: True for k in kept})
    else:                      # a plain pickle without the cache's seal
        path.write_bytes(pickle.dumps({k: 999 for k in kept}))
    homes = sorted(p.name for p in (content / "homes").iterdir())
    _motto(content, homes[0], 3)
    made.clear()
    incremental.SCREENS.clear()          # a new process: only the kept counts are at hand
    build(content, out, posters=False, cache=cache, jobs=1)
    assert set(made) == set(homes), "every count was made again"
    clean = tmp_path / "clean"
    build(content, clean, posters=False, cache=tmp_path / "clean-cache", jobs=1)
    assert tree(out) == tree(clean)


def test_the_cycle_collector_is_back_on_after_any_build(content, tmp_path):
    """The build pauses Python's cycle collector (heap.collector_paused); the dev server
    builds for weeks in one process, so it must be running again after a build, failed or not."""
    import gc

    from sitegen.problems import ContentError
    assert gc.isenabled()
    build(content, tmp_path / "out", posters=False, cache=tmp_path / "cache", jobs=1)
    assert gc.isenabled()
    (content / "site.yaml").write_text("title: [", encoding="utf-8")
    with pytest.raises(ContentError):
        build(content, tmp_path / "out", posters=False, cache=tmp_path / "cache", jobs=1)
    assert gc.isenabled()


# ------------------------------------------------------------------ records read back

@pytest.fixture
def read_back(monkeypatch) -> list:
    """Home ids whose records were read back from the cache (incremental.Deferred)."""
    loads: list = []
    real = incremental.Deferred.load

    def counting(self):
        loads.append(self.id)
        return real(self)

    monkeypatch.setattr(incremental.Deferred, "load", counting)
    return loads


def _rename(content: Path, home: str, suffix: str) -> None:
    path = content / "homes" / home / "home.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("name:"))
    path.write_text(text.replace(line, line + suffix, 1), encoding="utf-8")


@pytest.mark.parametrize("limit", [20, 4])
@pytest.mark.parametrize("edit", ["motto", "home name"])
def test_an_edit_reads_the_records_of_no_other_home(content, tmp_path, read_back, monkeypatch,
                                                   limit, edit):
    """The county page, the county screen, the search index and the year shown are made
    from every home's summary: after an edit of one home (even of a name those show),
    that home is parsed and no other home's record is read back, in a new process."""
    monkeypatch.setattr(screen, "COUNTY_FULL_LIMIT", limit)
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    incremental.MEMORY.clear()
    incremental.SCREENS.clear()
    if edit == "motto":
        _motto(content, "demo3", 1)
    else:
        _rename(content, "demo3", "（新）")
    report = build(content, out, posters=False, cache=cache, jobs=1)
    assert read_back == [] and 0 < report.rendered < report.pages
    if edit == "home name":
        assert "（新）" in (out / "index.html").read_text(encoding="utf-8")
        assert "（新）" in (out / "search-index.js").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(content, clean, posters=False, cache=tmp_path / "clean-cache", jobs=1)
    assert tree(out) == tree(clean)


def test_a_page_that_cannot_be_kept_reads_its_home_back(content, tmp_path, read_back):
    """A home page the kept folder no longer holds as recorded is made again, from its
    record read back then; the other homes stay unread."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    incremental.MEMORY.clear()
    (out / "homes" / "demo2" / "honors" / "index.html").write_text("tampered", encoding="utf-8")
    _motto(content, "demo3", 2)
    build(content, out, posters=False, cache=cache, jobs=1)
    assert read_back == ["demo2"]
    clean = tmp_path / "clean"
    build(content, clean, posters=False, cache=tmp_path / "clean-cache", jobs=1)
    assert tree(out) == tree(clean)


def test_a_template_that_reads_every_record_still_gets_them(content, tmp_path, read_back):
    """A site's own county page may read any home's records (not only what the summary
    holds): they are read back when it asks, and the page is what a clean build makes."""
    custom = content / "templates"
    custom.mkdir()
    shipped = Path(__file__).resolve().parents[1] / "templates" / "county.html"
    (custom / "county.html").write_text(shipped.read_text(encoding="utf-8").replace(
        "{% block main %}",
        "{% block main %}<ul id=\"addr\">{% for hf in homes %}<li>{{ hf.record.home.address }}"
        "</li>{% endfor %}</ul>", 1), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build(content, out, posters=False, cache=cache, jobs=1)
    incremental.MEMORY.clear()
    address = content / "homes" / "demo2" / "home.yaml"
    address.write_text(address.read_text(encoding="utf-8").replace(
        "address: 示范乡人民政府院内二楼", "address: 新址三楼"), encoding="utf-8")
    build(content, out, posters=False, cache=cache, jobs=1)
    assert sorted(read_back) == ["demo", "demo3", "demo4"]     # demo2 was parsed anew
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("示范乡人民政府院内二楼") == 3 and page.count("新址三楼") == 1
    clean = tmp_path / "clean"
    build(content, clean, posters=False, cache=tmp_path / "clean-cache", jobs=1)
    assert tree(out) == tree(clean)
