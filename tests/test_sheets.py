"""The sheet arithmetic of the posters, table by table (sitegen/sheets.py, no WeasyPrint):
what a board's printer and reader see — the trim size and orientation of the PDF, the
frame of every sheet, type never below the floor, the number of columns, how the blocks
are shared out over sheets, and that the fitting search never leaves a sheet overfull.

The expected figures are worked out by hand from the rules in docs/posters.md (short
side ÷ 19.1 pt for the unit, header 11.8 %, footer 8.8 %, side 3.2 %, gap 2 % of the
short side; columns = body width ÷ narrowest cell)."""
from __future__ import annotations

import itertools
import math
import random
import re
from types import SimpleNamespace

import pytest

from sitegen import sheets as S
from sitegen.sheets import Sheet

MM_PT = 25.4 / 72


# ------------------------------------------------------------------ sizes and frame

@pytest.mark.parametrize("size, w, h", [("A0", 841, 1189), ("A1", 594, 841), ("A2", 420, 594),
                                        ("A3", 297, 420), ("A4", 210, 297)])
def test_trim_size_and_orientation(size, w, h):
    portrait, landscape = Sheet(size), Sheet(size, "landscape")
    assert (portrait.width_mm, portrait.height_mm) == (w, h)
    assert (landscape.width_mm, landscape.height_mm) == (h, w)
    assert portrait.short_mm == landscape.short_mm == w
    assert Sheet(size, "anything else").width_mm == w      # only "landscape" turns a sheet


def test_a_sheet_defaults_to_a1_portrait_without_bleed():
    s = Sheet()
    assert (s.size, s.orientation, s.bleed_mm, s.crop_marks, s.pdf_variant) == ("A1", "portrait", 0, False, None)
    with pytest.raises(Exception):
        s.size = "A4"                                          # frozen: a sheet is a value
    assert Sheet("A4") == Sheet("A4", "portrait") and hash(Sheet("A4")) == hash(Sheet("A4"))


@pytest.mark.parametrize("size, unit_pt, floor_pt", [
    ("A0", 841 / 19.1, 29.9), ("A1", 594 / 19.1, 21.1), ("A2", 420 / 19.1, 15.0),
    ("A3", 297 / 19.1, 10.6), ("A4", 210 / 19.1, 7.5)])
def test_type_unit_and_legibility_floor(size, unit_pt, floor_pt):
    for orientation in ("portrait", "landscape"):
        s = Sheet(size, orientation)
        assert s.body_pt == pytest.approx(unit_pt, abs=1e-9)
        assert s.rem_mm == pytest.approx(unit_pt * MM_PT, abs=1e-9)
        assert s.floor_pt == floor_pt                            # rounded to 0.1 pt, as printed


def test_frame_of_an_a4_portrait_sheet():
    s = Sheet("A4")
    assert s.header_mm == pytest.approx(24.78)
    assert s.footer_mm == pytest.approx(18.48)
    assert s.side_mm == pytest.approx(6.72)
    assert s.gap_mm == pytest.approx(4.2)
    assert s.qr_mm == pytest.approx(18.48 - 5.04)
    assert s.body_w_mm == pytest.approx(210 - 13.44)
    assert s.body_h_mm == pytest.approx(297 - 24.78 - 18.48 - 8.4)
    assert (s.margin_side_mm, s.margin_top_mm, s.margin_bottom_mm) == (s.side_mm, s.header_mm, s.footer_mm)


@pytest.mark.parametrize("size", list(S.SHEETS))
def test_frame_of_a_landscape_sheet_follows_the_short_side(size):
    p, l = Sheet(size), Sheet(size, "landscape")
    short = S.SHEETS[size][0]
    for name, share in (("header_mm", 0.118), ("footer_mm", 0.088), ("side_mm", 0.032), ("gap_mm", 0.02)):
        assert getattr(p, name) == getattr(l, name) == pytest.approx(short * share)
    assert l.body_w_mm == pytest.approx(S.SHEETS[size][1] - 2 * short * 0.032)
    assert l.body_h_mm == pytest.approx(short * (1 - 0.118 - 0.088 - 0.04))
    assert p.qr_mm == pytest.approx(short * (0.088 - 0.024)) and p.qr_mm < p.footer_mm


# ------------------------------------------------------------------ columns

@pytest.mark.parametrize("size", list(S.SHEETS))
@pytest.mark.parametrize("grid, board, t, items, cols", [
    # A4 portrait: body 196.56 mm, unit 3.8787 mm. member cell 5.8 × unit = 22.50 mm → 8
    ("member", "style", 1.0, 0, 8),
    ("story", "style", 1.0, 0, 3),          # 14 × unit = 54.3 mm → 3
    ("honor", "style", 1.0, 0, 5),          # 10 × unit → 5
    ("tile", "style", 1.0, 0, 8),           # 6 × unit = 23.3 mm → 8
    ("member", "style", S.T_MIN, 0, 12),    # at the floor: 15.3 mm → 12
    ("honor", "honors", S.T_MIN, 0, 7),
    # past K_MAX the type stops and the cell grows by t / K_MAX: 3.0 / 1.2 = 2.5 × 27.0 mm → 2
    ("member", "style", 3.0, 0, 2),
    ("tile", "style", 3.0, 0, 2),
    # … but a team's cards never wrap to a second row for it: up to the columns at K_MAX (7)
    ("member", "style", 3.0, 5, 5),
    ("member", "style", 3.0, 7, 7),
    ("member", "style", 3.0, 10, 7),
    ("member", "style", 1.0, 10, 8),        # more columns than at K_MAX already: kept
    ("honor", "style", 3.0, 10, 1),          # a wall wraps: items change nothing
    ("story", "style", 3.0, 10, 1),
    ("member", "results", 1.1, 0, 7),        # results: K_MAX 1.1 → 5.8 × 1.1 × unit = 24.7 mm → 7
    ("member", "results", 2.2, 0, 3),        # 2 × 24.7 mm → 3
    ("member", "rules", 5.0, 0, 1),          # rules grow the type up to 5 units
    ("member", "rules", 5.0, 3, 1),          # 29 units: one card a row, even at K_MAX
])
def test_columns(size, grid, board, t, items, cols):
    """Every size of a board has the same proportions, so the same columns."""
    assert Sheet(size).cols(grid, t, board, items) == cols


@pytest.mark.parametrize("grid, t, cols", [("member", 1.0, 12), ("story", 1.0, 5), ("member", 3.0, 4),
                                           ("member", S.T_MIN, 18)])
def test_columns_landscape(grid, t, cols):
    assert Sheet("A4", "landscape").cols(grid, t, "style") == cols     # body 283.56 mm


def test_columns_at_least_one():
    assert Sheet("A4").cols("story", 6.0, "honors") == 1
    assert Sheet("A4").cols("member", 6.0, "honors", 0) == 1


# ------------------------------------------------------------------ sheet of a county

def _county(**poster):
    base = {"size": "A2", "orientation": "landscape", "bleed_mm": "3", "crop_marks": 1}
    base.update(poster)
    return SimpleNamespace(site=SimpleNamespace(poster=SimpleNamespace(**base)))


def test_sheet_for_takes_the_sites_settings():
    s = S.sheet_for(_county(pdf_variant="pdf/x-4"))
    assert s == Sheet("A2", "landscape", 3.0, True, "pdf/x-4")
    assert isinstance(s.bleed_mm, float) and s.crop_marks is True


def test_sheet_for_command_line_wins():
    assert S.sheet_for(_county(), "A4") == Sheet("A4", "landscape", 3.0, True, None)
    assert S.sheet_for(_county(), None, "portrait") == Sheet("A2", "portrait", 3.0, True, None)
    assert S.sheet_for(_county(crop_marks=0, bleed_mm=0), "A0", "portrait") == Sheet("A0", "portrait", 0.0, False)


# ------------------------------------------------------------------ grids

def _grid(kind: str, n: int, wide: str | None = None) -> str:
    body = "".join(f"<!--sg:item--><p>{kind}{i}</p>" for i in range(n))
    if wide is not None:
        body += f"<!--sg:item--><!--sg:wide-->{wide}"
    return f"<!--sg:grid {kind}-->{body}<!--sg:/grid-->"


def test_grid_items_counts_the_fullest_grid_of_each_kind():
    job = SimpleNamespace(blocks=[
        "<h2>a</h2>" + _grid("member", 3) + _grid("member", 5, wide="<p>m</p>"),
        _grid("honor", 4),
        _grid("member", 9),
        "<p>no grid</p>",
    ])
    assert S.grid_items(job, [0, 1]) == {"member": 5, "honor": 4}     # the wide cell is no card
    assert S.grid_items(job, [0, 1, 2, 3]) == {"member": 9, "honor": 4}
    assert S.grid_items(job, [3]) == {}
    assert S.grid_items(job, []) == {}
    assert S.grid_items(SimpleNamespace(blocks=[_grid("tile", 0)]), [0]) == {"tile": 0}


def _cells(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [re.findall(r"<td([^>]*)>(.*?)</td>", r, re.S) for r in rows]


def test_tables_rows_of_cols_with_empty_cells_at_the_end():
    out = S.tables("<h2>x</h2>" + _grid("member", 5) + "<p>after</p>", lambda g: 2)
    assert out.startswith("<h2>x</h2><table class=\"g g-member\"><colgroup><col><col></colgroup><tr>")
    assert out.endswith("</table><p>after</p>")
    assert _cells(out) == [[("", "<p>member0</p>"), ("", "<p>member1</p>")],
                           [("", "<p>member2</p>"), ("", "<p>member3</p>")],
                           [("", "<p>member4</p>"), (' class="empty"', "")]]
    full = S.tables(_grid("tile", 4), lambda g: 2)
    assert "empty" not in full and len(_cells(full)) == 2


def test_tables_each_grid_its_own_columns():
    cols = {"member": 3, "honor": 1}
    asked = []
    out = S.tables(_grid("member", 3) + _grid("honor", 2), lambda g: (asked.append(g), cols[g])[1])
    assert asked == ["member", "honor"]
    assert out.count("<colgroup><col><col><col></colgroup>") == 1 and out.count("<colgroup><col></colgroup>") == 1
    assert [len(r) for r in _cells(out)] == [3, 1, 1]


@pytest.mark.parametrize("n, cols, rows", [
    (1, 4, [["c", "w3"]]),                 # 3 cells left in the last row: the wide item there
    (2, 4, [["c", "c", "e", "e"], ["w4"]]),    # 2 left: empty cells, and a row of its own
    (3, 4, [["c", "c", "c", "e"], ["w4"]]),
    (4, 4, [["c", "c", "c", "c"], ["w4"]]),
    (5, 4, [["c", "c", "c", "c"], ["c", "w3"]]),
    (1, 8, [["c", "w7-2"]]),               # 6 or more cells: a wide cell of two halves (w2)
    (2, 8, [["c", "c", "w6-2"]]),
    (3, 8, [["c", "c", "c", "w5"]]),
    (0, 4, [["w4"]]),                      # no cards: the wide item alone
    (0, 6, [["w6-2"]]),
    (0, 5, [["w5"]]),
    (2, 6, [["c", "c", "w4"]]),
    (6, 6, [["c"] * 6, ["w6-2"]]),
    (5, 5, [["c"] * 5, ["w5"]]),
])
def test_tables_wide_item(n, cols, rows):
    out = S.tables(_grid("member", n, wide="<b>measures</b>"), lambda g: cols)
    got = []
    for row in _cells(out):
        kinds = []
        for attrs, inner in row:
            if "wide" in attrs:
                span = int(re.search(r'colspan="(\d+)"', attrs)[1])
                assert inner == "<b>measures</b>"
                kinds.append(f"w{span}" + ("-2" if "w2" in attrs else ""))
            else:
                kinds.append("e" if "empty" in attrs else "c")
                assert (inner == "") == ("empty" in attrs)
        got.append(kinds)
    assert got == rows
    assert out.count("<b>measures</b>") == 1


def test_tables_without_items():
    assert S.tables(_grid("honor", 0), lambda g: 3) == \
        '<table class="g g-honor"><colgroup><col><col><col></colgroup></table>'
    assert S.tables("<p>plain</p>", lambda g: pytest.fail("no grid")) == "<p>plain</p>"
    spaced = "<!--sg:grid tile--> <!--sg:item-->  <p>a</p>  <!--sg:item-->   <!--sg:/grid-->"
    assert _cells(S.tables(spaced, lambda g: 1)) == [[("", "<p>a</p>")]]


# ------------------------------------------------------------------ scale CSS

class FakeSheet:
    """A sheet whose unit is 1 mm per em at k = 1, 40.4 mm wide, with the columns given."""
    body_pt = 72 / 25.4
    body_w_mm = 40.4

    def __init__(self, cols):
        self.asked, self._cols = [], cols

    def cols(self, grid, t, board, items):
        self.asked.append((grid, t, board, items))
        return self._cols[grid]


def _css(css: str) -> dict[str, dict[str, float]]:
    out = {}
    for sel, body in re.findall(r"(\.k\d+[^{]*?) \{ (.*?) \}", css):
        out[sel] = {k: float(re.match(r"[\d.]+", v)[0]) for k, v in (d.split(": ") for d in body.rstrip(";").split("; "))}
    return out


def test_scale_css_type_size_and_photo_boxes():
    sheet = FakeSheet({"member": 4, "story": 2, "honor": 1, "tile": 40})
    job = SimpleNamespace(sheet=sheet, board="style")
    css = S.scale_css(job, 3, 1.0, {"member": 6, "honor": 2})
    rules = _css(css)
    assert list(rules) == [".k3", *[f".k3 .g-{g} {c}" for g in ("member", "story", "honor", "tile")
                                    for c in (".ph", ".no-photo")]]
    assert css.splitlines()[0] == ".k3 { font-size: 2.83pt; }"          # 72 / 25.4 pt
    assert sheet.asked == [("member", 1.0, "style", 6), ("story", 1.0, "style", 0),
                           ("honor", 1.0, "style", 2), ("tile", 1.0, "style", 0)]
    # inner width (40.4 − 0.4) / cols − 1.1 em; height: the asked cell (grid − 1.1 em), at
    # most 1.5 × the inner width, times the photo's aspect
    member = rules[".k3 .g-member .ph"]
    assert member == {"width": 8.9, "height": pytest.approx(round(4.7 * 4 / 3, 3))}
    assert rules[".k3 .g-story .ph"] == {"width": 18.9, "height": pytest.approx(round(12.9 * 0.62, 3))}
    assert rules[".k3 .g-honor .ph"] == {"width": 38.9, "height": pytest.approx(round(8.9 * 0.7, 3))}
    # 40 columns: the inner width would be below 1 em, and is kept at 1
    assert rules[".k3 .g-tile .ph"] == {"width": 1.0, "height": pytest.approx(1.5 * 0.75)}
    for g in ("member", "story", "honor", "tile"):
        ph, np_ = rules[f".k3 .g-{g} .ph"], rules[f".k3 .g-{g} .no-photo"]
        assert np_["width"] == pytest.approx(ph["width"] / 3.2, abs=1e-3)
        assert np_["height"] == pytest.approx(ph["height"] / 3.2, abs=1e-3)


def test_scale_css_past_kmax_grows_cards_not_type():
    sheet = FakeSheet({"member": 2, "story": 1, "honor": 1, "tile": 2})
    css = S.scale_css(SimpleNamespace(sheet=sheet, board="style"), 0, 2.4)   # K_MAX 1.2: 2 × cells
    rules = _css(css)
    assert rules[".k0"]["font-size"] == pytest.approx(round(72 / 25.4 * 1.2, 2))
    em = 1.2                                                       # mm per em at k = 1.2
    inner = (40.4 / em - 0.4) / 2 - 1.1
    assert rules[".k0 .g-member .ph"]["width"] == pytest.approx(round(inner, 3))
    asked = 5.8 * 2 - 1.1
    assert rules[".k0 .g-member .ph"]["height"] == pytest.approx(round(min(asked, inner * 1.5) * 4 / 3, 3))
    assert rules[".k0 .g-story .ph"]["height"] == pytest.approx(round(min(14 * 2 - 1.1, 1.5 * ((40.4 / em - 0.4) - 1.1)) * 0.62, 3))
    assert S.scale_css(SimpleNamespace(sheet=FakeSheet(sheet._cols), board="style"), 0, 2.4, None) == css


def test_scale_css_on_a_real_sheet_at_the_floor():
    job = SimpleNamespace(sheet=Sheet("A1"), board="honors")
    css = S.scale_css(job, 1, S.T_MIN, {})
    assert css.splitlines()[0] == f".k1 {{ font-size: {594 / 19.1 * 0.68:.2f}pt; }}"
    assert len(css.splitlines()) == 9 and css.count(".k1 ") == 9


# ------------------------------------------------------------------ sharing blocks out

def _brute(heights, n):
    """The smallest possible fullest sheet over every split into n contiguous groups."""
    count = len(heights)
    n = max(1, min(n, count))
    best = math.inf
    for cuts in itertools.combinations(range(1, count), n - 1):
        bounds = [0, *cuts, count]
        best = min(best, max(sum(heights[a:b]) for a, b in zip(bounds, bounds[1:])))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_partition_is_contiguous_and_balanced(seed):
    rng = random.Random(seed)
    heights = [rng.choice([rng.uniform(5, 400), rng.randint(1, 9) * 50.0]) for _ in range(rng.randint(1, 8))]
    n = rng.randint(1, 9)
    groups = S.partition(heights, n)
    assert len(groups) == max(1, min(n, len(heights)))
    assert [b for g in groups for b in g] == list(range(len(heights)))     # order kept, none lost
    assert all(groups)                                                      # no empty sheet
    assert max(sum(heights[b] for b in g) for g in groups) == pytest.approx(_brute(heights, n))


@pytest.mark.parametrize("heights, n, groups", [
    ([100.0], 1, [[0]]),
    ([100.0], 3, [[0]]),
    ([1.0, 2.0], 0, [[0, 1]]),
    ([1.0, 2.0], -2, [[0, 1]]),
    ([5.0, 5.0, 5.0, 5.0], 2, [[0, 1], [2, 3]]),
    ([3.0, 1.0, 1.0, 3.0], 2, [[0, 1], [2, 3]]),
    ([1.0, 2.0, 3.0, 4.0, 5.0], 3, [[0, 1, 2], [3], [4]]),
    ([9.0, 1.0, 1.0, 1.0], 2, [[0], [1, 2, 3]]),
    # ties: the earliest cut that reaches the best of the sheets before it
    ([1.0, 1.0, 1.0, 1.0], 3, [[0], [1], [2, 3]]),
    ([2.0, 1.0, 1.0, 2.0], 3, [[0], [1, 2], [3]]),
    ([1.0, 1.0, 1.0], 2, [[0], [1, 2]]),
    ([0.0, 0.0, 4.0], 2, [[0], [1, 2]]),
    ([], 2, [[]]),
])
def test_partition_table(heights, n, groups):
    assert S.partition(heights, n) == groups


def test_partition_tie_below_a_billionth_is_no_improvement():
    assert S.partition([1.0, 1.0, 1.0 + 1e-10], 2) == [[0], [1, 2]]      # a tie: the first cut
    assert S.partition([1.0, 1.0, 1.0 + 1e-6], 2) == [[0, 1], [2]]       # a real improvement


@pytest.mark.parametrize("heights, avail, groups", [
    ([100.0, 100.0], 1000.0, [[0, 1]]),
    ([492.5, 492.5], 1000.0, [[0, 1]]),                  # 985 = 98.5 % of the body: fits
    ([492.5, 492.6], 1000.0, [[0], [1]]),                # just over: two sheets
    ([300.0, 300.0, 300.0, 300.0], 1000.0, [[0, 1], [2, 3]]),
    ([600.0, 600.0, 600.0], 1000.0, [[0], [1], [2]]),
    ([500.0, 400.0, 300.0, 200.0, 100.0], 800.0, [[0], [1], [2, 3, 4]]),   # 600 at most
    ([2000.0, 10.0], 1000.0, [[0], [1]]),               # a block taller than a sheet: alone
    ([10.0, 2000.0, 10.0], 1000.0, [[0], [1], [2]]),
    ([], 1000.0, []),
])
def test_sheet_count(heights, avail, groups):
    assert S.sheet_count(heights, avail) == groups


@pytest.mark.parametrize("t, q", [(1.0, 1.0), (0.68, 0.68), (0.679, 0.66), (0.999999999, 1.0),
                                  (0.9999, 0.98), (1.234, 1.22), (0.1, 0.3), (0.3, 0.3), (0.31, 0.3),
                                  (0.32, 0.32), (6.0, 6.0), (2.03, 2.02)])
def test_quantize(t, q):
    groups = (0, 1)
    (got_g, got_t), = S.quantize([(groups, t)])
    assert got_t == pytest.approx(q) and got_g == [0, 1] and isinstance(got_g, list)


def test_quantize_a4_and_a0_give_one_scale():
    assert S.quantize([([0], 0.7 * 1.0000001), ([1], 0.7 * 0.99999999)]) == [([0], 0.7), ([1], 0.7)]


# ------------------------------------------------------------------ the fitting search

def _done(hi):
    return lambda t, f: f <= S.FIT_TOLERANCE and (f >= S.FILL_OK or t >= hi - 1e-6)


class Board:
    """Sheets whose fill grows as (t / t1)^alpha: fill 1.0 at scale t1 for each sheet."""

    def __init__(self, t1, alpha=1.6):
        self.t1, self.alpha, self.calls = list(t1), alpha, []

    def fill(self, i, t):
        return (t / self.t1[i]) ** self.alpha

    def run(self, sheets):
        sheets = S.quantize(sheets)          # as posters' run: laid out on the grid of 1/50
        self.calls.append([t for _g, t in sheets])
        return ("doc", len(self.calls)), {}, [self.fill(i, t) for i, (_g, t) in enumerate(sheets)]


@pytest.mark.parametrize("t1", [[1.0], [2.5], [0.9, 1.7], [1.3, 1.3, 3.9], [0.75]])
def test_refine_fills_every_sheet_without_overflow(t1):
    hi = 5.0
    board = Board(t1)
    groups = [[i] for i in range(len(t1))]
    good = [(S.T_MIN, board.fill(i, S.T_MIN)) for i in range(len(t1))]
    ts = [max(S.T_MIN, min(hi, S.T_MIN * (0.95 / g[1]) ** (1 / S.ALPHA))) for g in good]
    doc, sheets = S.refine(board.run, _done(hi), groups, good, [None] * len(t1), ts, {}, hi, force=True)
    assert doc == ("doc", len(board.calls)) and len(board.calls) <= 4
    assert [g for g, _t in sheets] == groups
    for i, (_g, t) in enumerate(sheets):
        f = board.fill(i, t)
        assert f <= S.FIT_TOLERANCE, (t1, sheets)
        assert f >= S.FILL_OK or t >= hi - 1e-6, (t1, sheets)
        assert t == math.floor(t * 50 + 1e-6) / 50                 # on the grid of 1/50


def test_refine_stops_at_the_largest_scale():
    board = Board([10.0])                     # never full before hi
    hi = 3.0
    doc, sheets = S.refine(board.run, _done(hi), [[0]], [(1.0, board.fill(0, 1.0))], [None], [1.5], {}, hi)
    assert sheets == [([0], 3.0)] and board.calls[-1] == [3.0]


def test_refine_already_done_lays_out_once():
    board = Board([1.0])
    f = board.fill(0, 0.9)
    doc, sheets = S.refine(board.run, _done(5.0), [[0]], [(0.9, f)], [None], [2.0], {}, 5.0)
    assert board.calls == [[0.9]] and sheets == [([0], 0.9)]


def test_refine_bracket_between_fit_and_overflow():
    """A fill that jumps (a line break moves a block onto a new row): the secant step is
    kept inside the bracket, and the scale finally used is the largest that fitted."""
    calls = []

    def run(sheets):
        (g, t), = S.quantize(sheets)
        calls.append(t)
        f = 0.5 * t if t < 1.6 else 1.2          # fits up to 1.58, overflows from 1.6
        return "doc", {}, [f]
    doc, sheets = S.refine(run, _done(5.0), [[0]], [(1.0, 0.5)], [None], [2.0], {}, 5.0)
    assert calls[0] == 2.0
    assert all(t < 2.0 for t in calls[1:])                     # never beyond the overflow again
    (_g, t), = sheets
    assert t < 1.6 and 0.5 * t <= S.FIT_TOLERANCE
    assert t == max(c for c in calls if c < 1.6)                 # the largest that fitted


def test_refine_assumed_scale_that_overflows_gives_up_unless_forced():
    board = Board([0.5])                       # overflows even at the floor
    args = ([[0]], [(S.T_MIN, None)], [1.4], [1.0])
    assert S.refine(board.run, _done(5.0), *args, {}, 5.0) is None
    board = Board([0.5])
    doc, sheets = S.refine(board.run, _done(5.0), [[0]], [(S.T_MIN, None)], [1.4], [1.0], {}, 5.0, force=True)
    assert sheets == [([0], S.T_MIN)]


def test_refine_records_the_fills_it_saw():
    board = Board([1.0, 2.0])
    fills = {}
    S.refine(board.run, _done(5.0), [[0], [1]], [(0.7, board.fill(0, 0.7)), (0.7, board.fill(1, 0.7))],
             [None, None], [0.95, 1.9], fills, 5.0)
    assert fills[(0, 0.94)] == pytest.approx(board.fill(0, 0.94))
    assert fills[(1, 1.9)] == pytest.approx(board.fill(1, 1.9))


def test_refine_sheet_already_done_keeps_its_scale():
    board = Board([1.0, 3.0])
    good = [(0.98, board.fill(0, 0.98)), (S.T_MIN, board.fill(1, S.T_MIN))]
    doc, sheets = S.refine(board.run, _done(5.0), [[0], [1]], good, [None, None], [4.0, 2.8], {}, 5.0)
    assert all(c[0] == 0.98 for c in board.calls)               # the done sheet is not moved
    assert sheets[0] == ([0], 0.98) and board.fill(1, sheets[1][1]) >= S.FILL_OK


def test_refine_tries_the_one_scale_left_in_a_narrow_bracket():
    """0.64 fits and 0.68 does not: 0.66, the one scale of the grid between them, is tried
    (and fits) rather than the sheet being left a step smaller than it can be."""
    calls = []

    def run(sheets):
        (_g, t), = S.quantize(sheets)
        calls.append(t)
        return "doc", {}, [0.7 if t < 0.68 else 1.2]
    doc, sheets = S.refine(run, _done(5.0), [[0]], [(0.64, 0.7)], [0.68], [0.64], {}, 5.0)
    assert 0.66 in calls and sheets == [([0], 0.66)]


# The search step by step, on boards whose fill is a known function of the scale. Each
# row: the fill, the seeds (groups, largest known to fit with its fill, smallest known not
# to, the scales to try first), the scales laid out in order and the scales chosen. A
# change in any step of the search (the growth toward 95 %, the log-log secant toward
# 96 %, the bisection at 45 %, the bracket kept 1/50 inside, three rounds) changes the
# layouts a poster costs and the type size it ends with.
TOL = S.FIT_TOLERANCE
SEARCH = {
    # grows as t^1.6 (as assumed): one step to 95 %
    "grow": (lambda i, t: (t / 2.5) ** 1.6, [[0]], [(0.68, (0.68 / 2.5) ** 1.6)], [None], [1.5],
             [[1.5], [2.42]], [2.42]),
    # grows as t^3: the step overshoots, the secant (its own exponent) lands inside
    "steep": (lambda i, t: (t / 1.3) ** 3.0, [[0]], [(0.68, (0.68 / 1.3) ** 3)], [None], [1.0],
              [[1.0], [1.58], [1.28]], [1.28]),
    # a fill that jumps: never done, three rounds, the largest that fitted
    "jump": (lambda i, t: 0.5 * t if t < 1.6 else 1.2, [[0]], [(1.0, 0.5)], [None], [2.0],
             [[2.0], [1.66], [1.44], [1.44]], [1.44]),
    # exactly at the tolerance: fits
    "exact": (lambda i, t: 0.5 if t < 1.0 else (TOL if t < 1.2 else 1.3), [[0]], [(0.7, 0.5)], [None], [1.1],
              [[1.1]], [1.1]),
    # measured empty: grows as if half full
    "empty": (lambda i, t: 0.0, [[0]], [(0.68, 0.0)], [None], [1.0],
              [[1.0], [1.48], [2.2], [2.2]], [2.2]),
    # a block taller than the sheet at the floor: shrunk below it, bisected (no fill known)
    "shrunk": (lambda i, t: (t / 0.6) ** 1.6 if t < 0.6 else 1.1, [[0]], [(0.5037, 0.0)], [0.68], [0.68],
               [[0.68], [0.58]], [0.58]),
    # small scales with fills above them
    "small": (lambda i, t: t + 0.05 if t < 0.7 else 1.5, [[0]], [(0.62, 0.67)], [None], [0.66],
              [[0.66], [0.78], [0.7], [0.66]], [0.66]),
    # two sheets: the one done keeps its scale, the other searches
    "two": (lambda i, t: [TOL if t >= 0.9 else 0.5, 0.5 * t if t < 1.6 else 1.2][i], [[0], [1]],
            [(0.9, TOL), (1.0, 0.5)], [None, None], [0.9, 2.0],
            [[0.9, 2.0], [0.9, 1.66], [0.9, 1.44], [0.9, 1.44]], [0.9, 1.44]),
    # … and a sheet still searching that lands exactly at the tolerance: done, kept there
    "two-exact": (lambda i, t: [TOL if t >= 1.0 else 0.5, 0.5 * t if t < 1.6 else 1.2][i], [[0], [1]],
                  [(0.7, 0.5), (1.0, 0.5)], [None, None], [1.1, 2.0],
                  [[1.1, 2.0], [1.1, 1.66], [1.1, 1.44], [1.1, 1.44]], [1.1, 1.44]),
    # an assumed fit (fill None) that overflows even at the floor
    "assumed": (lambda i, t: (t / 0.5) ** 1.6, [[0]], [(0.68, None)], [1.4], [1.0],
                [[1.0], [0.82], [0.74], [0.68]], [0.68]),
    "narrow": (lambda i, t: 0.7 if t < 0.68 else 1.2, [[0]], [(0.64, 0.7)], [0.68], [0.64],
               [[0.64], [0.66], [0.66], [0.66]], [0.66]),
}


@pytest.mark.parametrize("name", sorted(SEARCH))
def test_refine_step_by_step(name):
    fill, groups, good, bad, ts, layouts, chosen = SEARCH[name]
    for force in (False, True):
        calls, fills = [], {}

        def run(sheets):
            q = S.quantize(sheets)            # as posters' run: laid out on the grid of 1/50
            calls.append([round(t, 4) for _g, t in q])
            return ("doc", len(calls)), {}, [fill(i, t) for i, (_g, t) in enumerate(q)]
        result = S.refine(run, _done(5.0), groups, list(good), list(bad), list(ts), fills, 5.0, force=force)
        assert calls == layouts, (name, calls)
        if name == "assumed" and not force:
            assert result is None                # an assumed fit that fails: the caller goes on
            continue
        doc, sheets = result
        assert doc == ("doc", len(calls)) and [g for g, _t in sheets] == groups
        assert [round(t, 4) for _g, t in sheets] == chosen
        if name != "assumed":              # forced: the floor, even overfull (the caller splits)
            assert all(fill(i, t) <= TOL for i, (_g, t) in enumerate(sheets))      # never overfull
        for i, (_g, t) in enumerate(sheets):
            assert (i, t) not in fills or fills[(i, t)] == fill(i, t)


def test_refine_between_fit_and_overflow_uses_the_secant():
    """Known to fit at 1.0 and not at 1.4: after 1.3 overflows too, the next scale is the
    secant through (1.0, fill) and (1.3, fill) in log-log, aimed at 96 %, kept 1/50 inside."""
    calls = []

    def run(sheets):
        (_g, t), = S.quantize(sheets)
        calls.append(t)
        return "doc", {}, [(t / 1.2) ** 1.6 if t < 1.3 else 1.3]
    fills = {(0, 1.4): 1.3}
    f_good = (1.0 / 1.2) ** 1.6
    doc, sheets = S.refine(run, _done(5.0), [[0]], [(1.0, f_good)], [1.4], [1.3], fills, 5.0)
    # first round: 1.3 overflows (bad becomes 1.3); the secant uses the fill at 1.3
    assert calls[0] == 1.3
    alpha = math.log(1.3 / f_good) / math.log(1.3 / 1.0)
    expected = min(max((0.96 / f_good) ** (1 / max(alpha, 0.3)), 1.02), 1.28)
    assert calls[1] == math.floor(expected * 50 + 1e-6) / 50
    (_g, t), = sheets
    assert t < 1.3 and (t / 1.2) ** 1.6 <= TOL


def test_tables_exact_markup():
    """The markup the print CSS is written against, byte for byte."""
    assert S.tables(_grid("member", 3, wide="W"), lambda g: 4) == (
        '<table class="g g-member"><colgroup><col><col><col><col></colgroup>'
        '<tr><td><p>member0</p></td><td><p>member1</p></td><td><p>member2</p></td>'
        '<td class="empty"></td></tr>'
        '<tr><td class="wide" colspan="4">W</td></tr></table>')
    assert S.tables(_grid("honor", 1, wide="W"), lambda g: 7) == (
        '<table class="g g-honor"><colgroup>' + "<col>" * 7 + '</colgroup>'
        '<tr><td><p>honor0</p></td><td class="wide w2" colspan="6">W</td></tr></table>')
    assert S.tables(_grid("tile", 2, wide="W"), lambda g: 5) == (
        '<table class="g g-tile"><colgroup>' + "<col>" * 5 + '</colgroup>'
        '<tr><td><p>tile0</p></td><td><p>tile1</p></td><td class="wide" colspan="3">W</td></tr></table>')
    assert S.tables(_grid("story", 6, wide="W"), lambda g: 6) == (
        '<table class="g g-story"><colgroup>' + "<col>" * 6 + '</colgroup>'
        '<tr>' + "".join(f"<td><p>story{i}</p></td>" for i in range(6)) + '</tr>'
        '<tr><td class="wide w2" colspan="6">W</td></tr></table>')


def test_grid_items_fullest_grid_whatever_its_place():
    job = SimpleNamespace(blocks=[_grid("member", 6) + _grid("member", 2), _grid("member", 4)])
    assert S.grid_items(job, [0]) == {"member": 6}
    assert S.grid_items(job, [0, 1]) == {"member": 6}
    assert S.grid_items(job, [1, 0]) == {"member": 6}


def test_partition_of_small_heights():
    """Heights below one (any unit): the fullest sheet still as little full as can be."""
    assert S.partition([0.1, 0.1, 0.5], 2) == [[0, 1], [2]]
    assert S.partition([0.001, 0.002, 0.004], 2) == [[0, 1], [2]]
    assert S.partition([1.0, 1e-9, 1.5], 2) == [[0], [1, 2]]   # better by a billionth only: a tie
