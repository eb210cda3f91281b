"""Every sheet filled, few sheets (issue 11.2–11.3), measured from the rendered PDFs.

Each page of every poster is rendered small (pdftoppm, 12 dpi) and the longest run of
blank rows and of blank columns is measured: no blank band across a sheet for more than
15 % of its height, none down it for more than 20 % of its width. The sample county is
measured at A1 portrait (every poster); the edge county and a small home (one team, one
honor, one rule) at A1, A3 and A0. A3 and A0 are the A1 layout scaled (the fitting works
in units of the sheet's short side), which a test checks on the sample county's plans.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from sitegen import posters
from sitegen.validate import load_county

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from edge_county import make_edge_content  # noqa: E402

MINIMAL = ROOT / "tests" / "cases" / "good" / "minimal" / "content"
INK_DELTA = 28        # a pixel this far (any channel) from the sheet's background is ink
INK_SHARE = 0.015     # a row (column) with less ink than this share of its pixels is blank
MAX_BLANK_ROWS = 0.15
MAX_BLANK_COLS = 0.20

pytestmark = pytest.mark.xdist_group("posters")


def blank_runs(im) -> tuple[float, float]:
    """Longest run of blank rows (share of the height) and of blank columns (share of the
    width). The background is the sheet's most common colour, so a tinted sheet or an empty
    framed box is as blank as white paper: only text, photos, bars and bands count."""
    from PIL import Image, ImageChops
    im = im.convert("RGB")
    w, h = im.size
    bg = Counter(im.getdata()).most_common(1)[0][0]
    diff = ImageChops.difference(im, Image.new("RGB", im.size, bg))
    r, g, b = diff.split()
    ink = ImageChops.lighter(ImageChops.lighter(r, g), b).point(
        lambda v: 255 if v > INK_DELTA else 0).convert("F")
    rows = list(ink.resize((1, h), Image.Resampling.BOX).getdata())     # mean ink per row
    cols = list(ink.resize((w, 1), Image.Resampling.BOX).getdata())

    def longest(means):
        best = run = 0
        for v in means:
            run = run + 1 if v < INK_SHARE * 255 else 0
            best = max(best, run)
        return best
    return longest(rows) / h, longest(cols) / w


def sheet_fills(pdf: Path, tmp: Path, dpi: int = 12) -> list[tuple[float, float]]:
    """(blank rows, blank columns) of every page of a PDF."""
    from PIL import Image
    prefix = tmp / f"fill-{pdf.parent.parent.name}-{pdf.stem}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    out = []
    for png in sorted(tmp.glob(f"{prefix.name}-*.png")):
        with Image.open(png) as im:
            out.append(blank_runs(im))
    return out


def _measure_all(out: Path, tmp: Path, size: str) -> dict[str, list[tuple[float, float]]]:
    return {pdf.relative_to(out).as_posix(): sheet_fills(pdf, tmp)
            for pdf in sorted(out.glob(f"homes/*/posters/*-{size}.pdf"))}


def _bad(fills: dict) -> list:
    return [(rel, n, round(r, 3), round(c, 3)) for rel, pages in fills.items()
            for n, (r, c) in enumerate(pages, 1) if r > MAX_BLANK_ROWS or c > MAX_BLANK_COLS]


def small_home(dst: Path) -> Path:
    """The minimal county cut down to one team (two members), one honor and one rule."""
    shutil.copytree(MINIMAL, dst, ignore=shutil.ignore_patterns(".sitegen-cache"))
    home = dst / "homes" / "demo"
    shutil.rmtree(home / "teams" / "team-b")
    (home / "honors.yaml").unlink()
    honors = yaml.safe_load((home / "teams" / "team-a" / "honors.yaml").read_text(encoding="utf-8"))
    (home / "teams" / "team-a" / "honors.yaml").write_text(
        yaml.safe_dump(honors[:1], allow_unicode=True), encoding="utf-8")
    data = yaml.safe_load((home / "home.yaml").read_text(encoding="utf-8"))
    data["rules"] = [{"title": "周例会制度", "body": (
        "每周一上午召开工作队例会，通报上周工作，安排本周任务；各工作队轮流主讲驻村讲堂，"
        "交流帮扶经验。例会由乡驻村办主任主持，队员无特殊情况不得缺席，会议情况记入台账。")}]
    data["duty_rota"] = ["team-a"]
    acts = home / "activities.yaml"
    acts.write_text(acts.read_text(encoding="utf-8").replace("team-b", "team-a"), encoding="utf-8")
    (home / "home.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                    encoding="utf-8")
    return dst


# ---------------------------------------------------------------- the sample county, A1

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fill-sample")
    county, _problems = load_county(ROOT / "content")
    out = tmp / "out"
    made = posters.make_all(county, out, cache=tmp / "cache", jobs=2, size="A1")
    return {"county": county, "out": out, "made": made, "tmp": tmp,
            "fills": _measure_all(out, tmp, "A1")}


@pytest.mark.slow
def test_every_sheet_of_the_sample_county_is_filled(sample):
    assert len(sample["fills"]) == 64
    assert _bad(sample["fills"]) == []


@pytest.mark.slow
def test_the_sample_county_takes_at_most_80_a1_sheets(sample):
    sheets = {rel: len(pages) for rel, pages in sample["fills"].items()}
    assert sum(sheets.values()) <= 80, sum(sheets.values())
    # a home of up to 15 members: at most 2 sheets for any board
    for hid, home in sample["county"].homes.items():
        if sum(len(t.team.members) for t in home.teams.values()) <= 15:
            for board in posters.boards_of(home):
                assert sheets[f"homes/{hid}/posters/{board}-A1.pdf"] <= 2, (hid, board)


@pytest.mark.slow
def test_no_sheet_below_the_legibility_floor_and_a_few_layouts_each(sample):
    layouts = []
    for rel, plan in sample["made"].plans.items():
        assert all(t >= posters.T_MIN for _g, t in plan["sheets"]), (rel, plan)
        assert plan["layouts"] <= 5, (rel, plan)
        layouts.append(plan["layouts"])
    assert sum(layouts) / len(layouts) <= 2.5, sorted(layouts)


@pytest.mark.slow
def test_sheets_of_one_board_are_balanced(sample):
    """No board of several sheets has one full and one nearly empty: the fitted scales of
    its sheets are close (each sheet is filled by its own scale)."""
    for rel, plan in sample["made"].plans.items():
        ts = [t for _g, t in plan["sheets"]]
        if len(ts) > 1:
            assert max(ts) / min(ts) < 1.6, (rel, plan)


@pytest.mark.slow
def test_a3_and_a0_are_the_a1_layout_scaled(sample, tmp_path):
    """The fitting is in units of the short side: the same homes get the same sheets and
    scales at A3 and A0 as at A1 (so the A1 fill measurements hold for them), and filled."""
    county = sample["county"]
    for size in ("A3", "A0"):
        out = tmp_path / size
        made = posters.make_all(county, out, cache=tmp_path / f"cache-{size}", jobs=2, size=size,
                                homes=["wawutang", "jinwutang"])
        for rel, plan in made.plans.items():
            a1 = sample["made"].plans[rel.replace(size, "A1")]["sheets"]
            # the same sheets with the same blocks; scales equal but for the ISO sizes'
            # millimetre rounding (A1 is 0.1 % taller in proportion than A3)
            assert [g for g, _t in plan["sheets"]] == [g for g, _t in a1], rel
            for (_g, t), (_g1, t1) in zip(plan["sheets"], a1):
                assert abs(t - t1) / t1 < 0.06, (rel, t, t1)
        assert _bad(_measure_all(out, tmp_path, size)) == []


# ---------------------------------------------------------------- edge county, small home

@pytest.mark.slow
@pytest.mark.parametrize("size", ["A1", "A3", "A0"])
def test_edge_county_and_a_small_home_are_filled_at_every_size(size, tmp_path):
    edge = make_edge_content(tmp_path / "edge" / "content")
    small = small_home(tmp_path / "small" / "content")
    for name, content in (("edge", edge), ("small", small)):
        county, _problems = load_county(content)
        out = tmp_path / f"out-{name}"
        made = posters.make_all(county, out, cache=tmp_path / f"cache-{name}", jobs=2, size=size)
        fills = _measure_all(out, tmp_path, size)
        assert len(fills) == int(made) >= 4 - (name == "small" and 0), name
        assert _bad(fills) == [], (name, size)
        for rel, pages in fills.items():
            assert len(pages) <= 2, (rel, len(pages))


def test_blank_band_measure_sees_an_empty_sheet_and_a_full_one():
    """The measure itself: a sheet with one line at the top is blank below it; a sheet
    with a frame but nothing inside is blank (a border alone does not fill a sheet)."""
    from PIL import Image, ImageDraw
    im = Image.new("RGB", (100, 141), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rectangle((5, 5, 95, 12), fill=(150, 20, 20))
    rows, cols = blank_runs(im)
    assert rows > 0.8 and cols < 0.1
    framed = Image.new("RGB", (281, 397), (250, 246, 238))      # A1 at 12 dpi
    ImageDraw.Draw(framed).rectangle((6, 6, 274, 390), outline=(120, 90, 40))
    rows, cols = blank_runs(framed)
    assert rows > 0.9 and cols > 0.9
