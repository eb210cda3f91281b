"""Sheets and the pure arithmetic of fitting a board onto them, apart from posters.py.

Everything here is a plain function of numbers and strings: sheet sizes and orientation,
the type unit and the fixed frame of a sheet, grid columns, the scale CSS of a fitted
sheet, grids turned into tables, the balanced partition of measured block heights over
sheets, the fewest sheets at the floor, and the search that raises each sheet's scale
between a scale known to fit and one known not to (`refine`, given the layout as a
function). posters.py keeps what needs WeasyPrint (laying out, measuring boxes, moving
them, writing the PDF) and calls these.

Why apart: this is the logic whose small slips put a board on the wrong number of sheets,
below the legibility floor or a column short, and it can be tested in milliseconds by
tables of cases; behind WeasyPrint each case costs seconds (a mutation run of all of
posters.py with its rendering tests takes many hours). See docs/posters.md for the rules.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import model as m

# ISO 216 trim sizes in mm, portrait (width, height).
SHEETS = {"A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297)}
BODY_DIVISOR = 19.1        # the unit: short side in mm / 19.1 pt (A4 11 pt … A1 31 pt, A0 44 pt)
PT_MM = 25.4 / 72
PX_MM = 25.4 / 96          # WeasyPrint's boxes are in CSS px

# The legibility floor: body text never below 2/3 of the unit (A1 21 pt, a 7.4 mm character,
# read at 2 m by the rule "character height ≥ reading distance / 300"); see docs/posters.md.
T_MIN = 0.68
# Largest body text per board (× unit). Past it, t grows the cards and photos instead
# (style, honors, results) — up to T_MAX — so a small home fills its sheet with big
# portraits rather than with giant type; rules have no cards and grow the type.
K_MAX = {"style": 1.2, "results": 1.1, "honors": 1.3, "rules": 5.0}
T_MAX = {"style": 4.0, "results": 3.0, "honors": 6.0, "rules": 5.0}
# Narrowest cell of each grid, in body-text widths; columns = body width // cell.
GRIDS = {"member": 5.8, "story": 14.0, "honor": 10.0, "tile": 6.0}
FIT_TOLERANCE = 1.006      # a block's bottom padding may touch the gap above the footer
FILL_OK = 0.75             # a sheet whose blocks take this share of its body is done


@dataclass(frozen=True)
class Sheet:
    size: str = "A1"
    orientation: str = "portrait"
    bleed_mm: float = 0
    crop_marks: bool = False
    pdf_variant: str | None = None

    @property
    def width_mm(self) -> float:
        w, h = SHEETS[self.size]
        return h if self.orientation == "landscape" else w

    @property
    def height_mm(self) -> float:
        w, h = SHEETS[self.size]
        return w if self.orientation == "landscape" else h

    @property
    def short_mm(self) -> float:
        return min(SHEETS[self.size])

    @property
    def body_pt(self) -> float:
        """The unit of the type scale (short side ÷ 19.1): header, footer and the fitted
        body text are multiples of it, so every size of a board has the same proportions."""
        return self.short_mm / BODY_DIVISOR

    @property
    def rem_mm(self) -> float:
        return self.body_pt * PT_MM

    @property
    def floor_pt(self) -> float:
        return round(self.body_pt * T_MIN, 1)

    # Fixed frame of every sheet (mm inside the trim): header band, footer, side margins.
    @property
    def header_mm(self) -> float:
        return self.short_mm * 0.118

    @property
    def footer_mm(self) -> float:
        return self.short_mm * 0.088

    @property
    def side_mm(self) -> float:
        return self.short_mm * 0.032

    @property
    def gap_mm(self) -> float:
        return self.short_mm * 0.02

    @property
    def qr_mm(self) -> float:
        return self.footer_mm - 2 * self.short_mm * 0.012

    @property
    def body_w_mm(self) -> float:
        return self.width_mm - 2 * self.side_mm

    @property
    def body_h_mm(self) -> float:
        return self.height_mm - self.header_mm - self.footer_mm - 2 * self.gap_mm

    # Kept for templates and tests written against the flowed posters.
    @property
    def margin_side_mm(self) -> float:
        return self.side_mm

    @property
    def margin_top_mm(self) -> float:
        return self.header_mm

    @property
    def margin_bottom_mm(self) -> float:
        return self.footer_mm

    def cols(self, grid: str, t: float, board: str, items: int = 0) -> int:
        """Columns of a grid on a sheet fitted at `t` (cards widen once the type is at its
        largest, so a small home gets big portraits). Growing cards never push a grid's
        cards onto a second row (`items`: the most cards of one grid on the sheet) — the
        photos grow taller instead — unless they did not fit one row at the largest type."""
        k = min(t, K_MAX[board])
        cell_mm = GRIDS[grid] * k * self.rem_mm * max(1.0, t / K_MAX[board])
        cols = max(1, int(self.body_w_mm // cell_mm))
        at_kmax = max(1, int(self.body_w_mm // (GRIDS[grid] * K_MAX[board] * self.rem_mm)))
        if grid != "member":     # honors and stories may wrap: rows of a wall, not a team
            return cols
        return max(cols, min(items, at_kmax))


def sheet_for(county: m.County, size: str | None = None, orientation: str | None = None) -> Sheet:
    p = county.site.poster
    return Sheet(size or p.size, orientation or p.orientation, float(p.bleed_mm), bool(p.crop_marks),
                 getattr(p, "pdf_variant", None))


# ------------------------------------------------------------------ fitting

_GRID = re.compile(r"<!--sg:grid (\w+)-->(.*?)<!--sg:/grid-->", re.S)


def grid_items(job, blocks: list[int]) -> dict[str, int]:
    """The most cards in one grid of each kind among these blocks."""
    most: dict[str, int] = {}
    for b in blocks:
        for m_ in _GRID.finditer(job.blocks[b]):
            n = m_[2].count("<!--sg:item-->") - m_[2].count("<!--sg:wide-->")
            most[m_[1]] = max(most.get(m_[1], 0), n)
    return most


def scale_css(job, i: int, t: float, items: dict[str, int] | None = None) -> str:
    """CSS of sheet `i` fitted at `t`: body text size, grid columns, photo heights."""
    items = items or {}
    s, board = job.sheet, job.board
    k = min(t, K_MAX[board])
    pt = s.body_pt * k
    em_mm = pt * PT_MM
    out = [f".k{i} {{ font-size: {pt:.2f}pt; }}"]
    for grid, aspect in (("member", 4 / 3), ("story", 0.62), ("honor", 0.7), ("tile", 0.75)):
        cols = s.cols(grid, t, board, items.get(grid, 0))
        # the photo fills its cell's width (cell padding and spacing about 1.1em); its
        # height follows the cell width `t` asks for, not the whole columns it gets, so a
        # sheet's height grows smoothly with t (the fitting needs no jumps)
        inner = max(1.0, (s.body_w_mm / em_mm - 0.4) / cols - 1.1)
        asked = GRIDS[grid] * max(1.0, t / K_MAX[board]) - 1.1
        # … and may grow up to 1.5 times (a taller crop) when t asks for wider cells than
        # the columns give: the last lever of a sparse board
        height = max(1.0, min(asked, inner * 1.5)) * aspect
        out.append(f".k{i} .g-{grid} .ph {{ width: {inner:.3f}em; height: {height:.3f}em; }}")
        # the drawn initial of a member without photo is in a bigger font: same box in its em
        out.append(f".k{i} .g-{grid} .no-photo {{ width: {inner / 3.2:.3f}em; height: {height / 3.2:.3f}em; }}")
    return "\n".join(out)


def tables(html: str, cols_of) -> str:
    """Grids → tables of `cols` columns: rows of equal height across the full width
    (WeasyPrint lays tables out fast, where nested flex boxes cost seconds). A `wide` item
    (the measures beside a small team's cards) takes the rest of the last row when three or
    more cells are left, else a row of its own."""
    def one(m_):
        grid = m_[1]
        cols = cols_of(grid)
        items, wide = [], None
        for part in m_[2].split("<!--sg:item-->"):
            part = part.strip()
            if part.startswith("<!--sg:wide-->"):
                wide = part[len("<!--sg:wide-->"):]
            elif part:
                items.append(part)
        rows = [items[i:i + cols] for i in range(0, len(items), cols)] or [[]]
        cells = []
        for r, row in enumerate(rows):
            tds = [f"<td>{x}</td>" for x in row]
            last = r == len(rows) - 1
            if last and wide is not None and cols - len(row) >= 3:
                span = cols - len(row)
                tds.append(f'<td class="wide{" w2" if span >= 6 else ""}" colspan="{span}">{wide}</td>')
                wide = None
            elif last and len(row) < cols and row:
                tds += ['<td class="empty"></td>'] * (cols - len(row))
            if tds:
                cells.append("<tr>" + "".join(tds) + "</tr>")
        if wide is not None:
            cells.append(f'<tr><td class="wide{" w2" if cols >= 6 else ""}" colspan="{cols}">{wide}</td></tr>')
        colgroup = "<col>" * cols
        return (f'<table class="g g-{grid}"><colgroup>{colgroup}</colgroup>'
                f'{"".join(cells)}</table>')
    return _GRID.sub(one, html)


def partition(heights: list[float], n: int) -> list[list[int]]:
    """Contiguous groups of blocks on `n` sheets, the fullest sheet as little full as can be."""
    count = len(heights)
    n = max(1, min(n, count))
    pre = [0.0]
    for h in heights:
        pre.append(pre[-1] + h)
    inf = float("inf")
    best = [[inf] * (count + 1) for _ in range(n + 1)]
    cut = [[0] * (count + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for g in range(1, n + 1):
        for j in range(1, count + 1):
            for i in range(g - 1, j):
                v = max(best[g - 1][i], pre[j] - pre[i])
                if v < best[g][j] - 1e-9:
                    best[g][j], cut[g][j] = v, i
    groups, j = [], count
    for g in range(n, 0, -1):
        i = cut[g][j]
        groups.append(list(range(i, j)))
        j = i
    return groups[::-1]


ALPHA = 1.6     # content height grows about as t^1.6 (bigger type, fewer characters a line)


def sheet_count(heights: list[float], avail: float) -> list[list[int]]:
    """The fewest sheets on which the blocks (heights at the floor) fit, balanced."""
    for n in range(1, len(heights) + 1):
        groups = partition(heights, n)
        if max(sum(heights[b] for b in g) for g in groups) <= avail * 0.985:
            return groups
    return [[b] for b in range(len(heights))]


def quantize(sheets):
    """Scales on a grid of 1/50: the same board at A4 and at A0 gets the same scale
    (rounding in the sheet's millimetres must not move a line break)."""
    return [(list(g), max(0.3, math.floor(t * 50 + 1e-6) / 50)) for g, t in sheets]


def refine(run, done, groups, good, bad, ts, fills_of, hi, force=False):
    """Raise each sheet's scale toward a full body, between the largest scale known to fit
    (`good`: (t, fill), fill None when only assumed) and the smallest known not to (`bad`).
    Returns (layout, sheets), or None when an assumed scale did not fit (and not `force`)."""
    for _attempt in range(3):
        todo = [i for i, (t0, f0) in enumerate(good) if not (f0 is not None and done(t0, f0))]
        if not todo:
            break
        sheets = [(g, ts[i] if i in todo else good[i][0]) for i, g in enumerate(groups)]
        doc, heights, fills = run(sheets)
        sheets = quantize(sheets)
        for i, (g, t) in enumerate(sheets):
            f = fills[i]
            fills_of[(i, t)] = f
            if f <= FIT_TOLERANCE:
                if good[i][1] is None or t >= good[i][0]:
                    good[i] = (t, f)
            else:
                bad[i] = t if bad[i] is None else min(bad[i], t)
        if all(done(t, f) for (_g, t), f in zip(sheets, fills)):
            return doc, sheets
        for i in todo:
            t_good, f_good = good[i]
            if bad[i] is None:       # fitted but loose: grow
                f = f_good or 0.5
                ts[i] = min(hi, t_good * (0.95 / f) ** (1 / ALPHA))
            else:                    # between the two: secant in log-log, kept inside
                f_bad = fills_of.get((i, bad[i]))
                t_new = t_good + (bad[i] - t_good) * 0.45
                if f_good and f_bad and bad[i] > t_good and f_bad > f_good:
                    alpha = math.log(f_bad / f_good) / math.log(bad[i] / t_good)
                    t_new = t_good * (0.96 / f_good) ** (1 / max(alpha, 0.3))
                lo_t, hi_t = t_good + 0.02, bad[i] - 0.02
                ts[i] = min(max(t_new, lo_t), hi_t) if lo_t <= hi_t else t_good
    sheets = quantize([(g, good[i][0]) for i, g in enumerate(groups)])
    doc, heights, fills = run(sheets)
    if not force and any(f > FIT_TOLERANCE for f in fills):
        return None
    return doc, sheets
