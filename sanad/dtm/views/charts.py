"""A small line chart as inline SVG, drawn on the server (no chart library)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 600, 220, 40


@dataclass
class ChartPoint:
    x: float
    y: float
    label: str
    value: int


def trend_chart(series: list[tuple[int, int]]) -> dict | None:
    """Points (round number, value) scaled into the SVG box; None when there is nothing to draw."""
    if not series:
        return None
    top = max(v for _n, v in series) or 1
    step = (WIDTH - 2 * PAD) / max(1, len(series) - 1)
    points = []
    for i, (number, value) in enumerate(series):
        x = PAD + (i * step if len(series) > 1 else (WIDTH - 2 * PAD) / 2)
        y = HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD)
        points.append(ChartPoint(round(x, 1), round(y, 1), str(number), value))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": HEIGHT - PAD,
        "left": PAD,
        "right": WIDTH - PAD,
        "top_value": top,
        "top_y": PAD,
        "points": points,
        "polyline": " ".join(f"{p.x},{p.y}" for p in points),
    }
