"""Charts drawn at build time as inline SVG, each paired with a text equivalent.

No JavaScript chart library and nothing fetched: every chart is a few SVG rectangles and
text written into the page, so it shows from `file://`, prints, and stays byte-identical
between builds. A chart never carries information alone — the page shows the same
numbers as text (a table row, a list, or the sentence from `sentence()`), and charts whose
numbers already sit next to them are `aria-hidden`.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from .facts import Progress
from .i18n import LABELS

# Colours of the design (docs/design.md); kept here so the SVG prints without CSS.
RED = "#9b1c1c"
GOLD = "#c9972b"
GREEN = "#1d6b3a"
AMBER = "#9a5b00"
TRACK = "#efe6d3"
INK = "#1f1a17"


def _f(x: float) -> str:
    """Short, deterministic number text for SVG coordinates."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def progress_bar(p: Progress, width: int = 160, height: int = 14) -> Markup:
    """A bar from baseline (left) to target (the marker at 100 %) with the actual filled in.

    Over 100 % the fill reaches the marker and a gold tail shows the excess (capped at
    150 %); below 0 % (moved away from the target) a red notch sits left of the start.
    Decorative: the row it sits in states the same numbers in words.
    """
    inner = width - 12                      # room for the over-target tail
    full = inner * 100 / 120                # 100 % sits at 5/6 of the inner width
    y, h = 2, height - 4
    parts = [f'<rect x="0" y="{y}" width="{_f(full)}" height="{h}" rx="2" fill="{TRACK}"/>']
    colour = {"met": GREEN, "not_met": AMBER}.get(p.status, TRACK)
    if p.percent is not None:
        shown = max(0.0, min(p.percent, 100.0))
        if shown > 0:
            parts.append(f'<rect x="0" y="{y}" width="{_f(full * shown / 100)}" height="{h}" '
                         f'rx="2" fill="{colour}"/>')
        if p.percent > 100:
            extra = min(p.percent, 150.0) - 100
            parts.append(f'<rect x="{_f(full)}" y="{y}" width="{_f((inner - full + 12) * extra / 50)}" '
                         f'height="{h}" rx="2" fill="{GOLD}"/>')
        if p.percent < 0:
            parts.append(f'<path d="M0 0 L6 {_f(height / 2)} L0 {height} Z" fill="{RED}"/>')
    parts.append(f'<rect x="{_f(full - 1)}" y="0" width="2" height="{height}" fill="{INK}"/>')
    return Markup(f'<svg class="bar" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'aria-hidden="true" focusable="false">{"".join(parts)}</svg>')


def bars(items: list[tuple[str, float, str]], label: str, *, width: int = 420,
         colour: str = RED, max_value: float | None = None, percent: bool = False) -> Markup:
    """Horizontal bar chart: one row per (label, value, unit), label and value written above
    each bar (so it stays legible when a phone shrinks it).

    `label` names the chart for assistive technology (`role="img"` + `<title>`); put the
    text equivalent (table or `sentence()`) next to it on the page.
    """
    if not items:
        return Markup("")
    row = 46
    top = max([v for _, v, _ in items] + [0])
    scale_max = max_value if max_value is not None else (top or 1)
    height = row * len(items)
    parts = [f'<title>{escape(label)}</title>']
    for i, (name, value, unit) in enumerate(items):
        y = i * row
        w = width * max(0.0, min(value, scale_max)) / scale_max if scale_max else 0
        text = name if len(name) <= 22 else name[:21] + "…"
        shown = f"{_num(value)}%" if percent else f"{_num(value)} {unit}".strip()
        parts.append(
            f'<text x="0" y="{y + 17}" font-size="15" fill="{INK}">{escape(text)}</text>'
            f'<text x="{width}" y="{y + 17}" text-anchor="end" font-size="15" font-weight="bold" fill="{INK}">{escape(shown)}</text>'
            f'<rect x="0" y="{y + 24}" width="{width}" height="14" rx="3" fill="{TRACK}"/>'
            + (f'<rect x="0" y="{y + 24}" width="{_f(w)}" height="14" rx="3" fill="{colour}"/>' if w > 0 else ""))
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
                  f'preserveAspectRatio="xMinYMin meet">{"".join(parts)}</svg>')


def meter(fraction: float, width: int = 120, height: int = 12) -> Markup:
    """A small decorative bar for a share (0–1) written next to it as a number."""
    w = width * max(0.0, min(fraction, 1.0))
    fill = f'<rect width="{_f(w)}" height="{height}" rx="2" fill="{RED}"/>' if w > 0 else ""
    return Markup(f'<svg class="meter" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'aria-hidden="true" focusable="false"><rect width="{width}" height="{height}" rx="2" '
                  f'fill="{TRACK}"/>{fill}</svg>')


def _num(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def sentence(items: list[tuple[str, float, str]], sep: str = LABELS["zh"]["sentence_sep"]) -> str:
    """Text equivalent in the report's style: "主题座谈会 115 次，学习培训 53 次"."""
    return sep.join(f"{name} {_num(value)} {unit}".strip() for name, value, unit in items)


def totals_items(totals, labels: dict | None = None) -> list[tuple[str, float, str]]:
    """facts.Total list → chart items; with `labels`, the words come from kind_*/unit_* labels
    (site.yaml overrides, --lang) instead of the zh defaults in `Total`."""
    if labels is None:
        return [(t.words, t.count, t.unit) for t in totals]
    return [(labels.get(f"kind_{t.kind}", t.words), t.count, labels.get(f"unit_{t.kind}", t.unit))
            for t in totals]


def ranking_items(ranked, name: str = LABELS["zh"]["team_name"]) -> list[tuple[str, float, str]]:
    """facts.ranking() → (team, share in percent, '') items; `name` is the team_name label."""
    return [(name.replace("{village}", s.team.team.village), round(s.share * 100, 1), "")
            for _, s in ranked]


def honor_items(groups, level_words: dict, unit: str = LABELS["zh"]["unit_honors"]) -> list[tuple[str, float, str]]:
    return [(level_words[level], len(items), unit) for level, items in groups]
