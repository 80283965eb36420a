"""Horizontal bar charts as inline SVG, drawn at build time: no JavaScript, nothing fetched.

Each chart carries its own text alternative (SVG title and desc, and a caption that says the
numbers), prints in black and white (numbers are written on the bars) and scales with the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import escaping

WIDTH = 640
LABEL = 190
ROW = 26
GAP = 10
FONT = 12


@dataclass(frozen=True)
class Series:
    name: str
    color: str


def bar_chart(chart_id: str, title: str, series: list[Series], rows: list[tuple[str, list[int]]], stacked: bool, caption: str) -> str:
    """One horizontal bar per row (stacked) or one per series in each row (grouped)."""
    per_row = 1 if stacked else len(series)
    band = per_row * ROW + GAP
    legend_y = 8
    top = legend_y + 26
    height = top + band * len(rows) + 6
    totals = [sum(v) if stacked else max(v, default=0) for _, v in rows]
    scale = (WIDTH - LABEL - 50) / max(max(totals, default=0), 1)
    esc = escaping.html
    parts = [
        f'<svg class="ar-chart-svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">',
        f'<title id="{chart_id}-title">{esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{esc(caption)}</desc>',
    ]
    x: float = LABEL
    for s in series:
        parts.append(f'<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{s.color}"/>'
                     f'<text x="{x + 16}" y="{legend_y + 11}">{esc(s.name)}</text>')
        x += 16 + FONT * (len(s.name) + 2)
    for n, (label, values) in enumerate(rows):
        y0 = top + n * band
        parts.append(f'<text x="{LABEL - 8}" y="{y0 + per_row * ROW / 2 + 4:.0f}" text-anchor="end">{esc(label)}</text>')
        offset = 0.0
        for k, (s, value) in enumerate(zip(series, values)):
            y = y0 if stacked else y0 + k * ROW
            width = value * scale
            x = LABEL + (offset if stacked else 0)
            if value:
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{ROW - 6}" fill="{s.color}"><title>{esc(f"{label} {s.name}：{value}")}</title></rect>')
                if width >= 18 or not stacked:
                    inside = width >= 18
                    tx = x + width / 2 if inside else x + width + 4
                    anchor = "middle" if inside else "start"
                    fill = ' fill="#fff"' if inside and stacked else ""
                    parts.append(f'<text x="{tx:.1f}" y="{y + ROW / 2 + 4:.0f}" text-anchor="{anchor}"{fill}>{value}</text>')
            offset += width if stacked else 0
        if stacked:
            parts.append(f'<text x="{LABEL + offset + 6:.1f}" y="{y0 + ROW / 2 + 4:.0f}">共 {sum(values)}</text>')
    parts.append("</svg>")
    return (f'<figure class="ar-chart" id="{chart_id}">' + "".join(parts)
            + f'<figcaption>{esc(title)}：{esc(caption)}</figcaption></figure>')
