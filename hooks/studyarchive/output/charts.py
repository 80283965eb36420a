"""Horizontal bar charts as inline SVG, drawn at build time: no JavaScript, nothing fetched.

Each chart carries its own text alternative (SVG title and desc, and a caption that says the
numbers), prints in black and white (numbers are written on the bars) and scales with the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.escaping import EMPTY, Html

WIDTH = 640
LABEL = 190
ROW = 26
GAP = 10
FONT = 12


@dataclass(frozen=True)
class Series:
    name: str
    color: str


def bar_chart(chart_id: str, title: str, series: list[Series], rows: list[tuple[str, list[int]]], stacked: bool, caption: str) -> Html:
    """One horizontal bar per row (stacked) or one per series in each row (grouped)."""
    per_row = 1 if stacked else len(series)
    band = per_row * ROW + GAP
    legend_y = 8
    top = legend_y + 26
    height = top + band * len(rows) + 6
    totals = [sum(v) if stacked else max(v, default=0) for _, v in rows]
    scale = (WIDTH - LABEL - 50) / max(max(totals, default=0), 1)
    parts = [
        Html('<svg class="ar-chart-svg" viewBox="0 0 %d %d" width="100%%" role="img" '
             'aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg" font-size="%d">')
        % (WIDTH, height, chart_id, chart_id, FONT),
        Html('<title id="%s-title">%s</title>') % (chart_id, title),
        Html('<desc id="%s-desc">%s</desc>') % (chart_id, caption),
    ]
    x: float = LABEL
    for s in series:
        parts.append(Html('<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text x="%d" y="%d">%s</text>')
                     % (x, legend_y, s.color, x + 16, legend_y + 11, s.name))
        x += 16 + FONT * (len(s.name) + 2)
    for n, (label, values) in enumerate(rows):
        y0 = top + n * band
        parts.append(Html('<text x="%d" y="%.0f" text-anchor="end">%s</text>') % (LABEL - 8, y0 + per_row * ROW / 2 + 4, label))
        offset = 0.0
        for k, (s, value) in enumerate(zip(series, values)):
            y = y0 if stacked else y0 + k * ROW
            width = value * scale
            x = LABEL + (offset if stacked else 0)
            if value:
                parts.append(Html('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s</title></rect>')
                             % (x, y + 3, width, ROW - 6, s.color, f"{label} {s.name}：{value}"))
                if width >= 18 or not stacked:
                    inside = width >= 18
                    tx = x + width / 2 if inside else x + width + 4
                    anchor = "middle" if inside else "start"
                    fill = Html(' fill="#fff"') if inside and stacked else EMPTY
                    parts.append(Html('<text x="%.1f" y="%.0f" text-anchor="%s"%s>%d</text>') % (tx, y + ROW / 2 + 4, anchor, fill, value))
            offset += width if stacked else 0
        if stacked:
            parts.append(Html('<text x="%.1f" y="%.0f">共 %d</text>') % (LABEL + offset + 6, y0 + ROW / 2 + 4, sum(values)))
    parts.append(Html("</svg>"))
    return (Html('<figure class="ar-chart" id="%s">%s<figcaption>%s：%s</figcaption></figure>')
            % (chart_id, EMPTY.join(parts), title, caption))
