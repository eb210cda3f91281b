"""Every sheet filled (issue 11.2), measured from the rendered PDF."""
from __future__ import annotations

from collections import Counter

INK_DELTA = 28        # a pixel this far (any channel) from the sheet's background is ink
INK_SHARE = 0.015     # a row (column) with less ink than this share of its pixels is blank


def blank_runs(im) -> tuple[float, float]:
    """Longest run of blank rows (share of the height) and of blank columns (share of the
    width). The background is the sheet's most common colour, so a tinted sheet or an empty
    framed box is as blank as white paper: only text, photos, bars and bands count."""
    im = im.convert("RGB")
    w, h = im.size
    px = im.load()
    bg = Counter(im.getdata()).most_common(1)[0][0]
    ink = [[max(abs(a - b) for a, b in zip(px[x, y], bg)) > INK_DELTA for x in range(w)]
           for y in range(h)]
    row_blank = [sum(r) < INK_SHARE * w for r in ink]
    col_blank = [sum(ink[y][x] for y in range(h)) < INK_SHARE * h for x in range(w)]

    def longest(flags):
        best = run = 0
        for f in flags:
            run = run + 1 if f else 0
            best = max(best, run)
        return best
    return longest(row_blank) / h, longest(col_blank) / w
