"""Charts drawn on the server as inline SVG: a few hundred bytes each, no JavaScript, readable on
any phone and printable. Here only the geometry; templates/dashboard/charts.html draws it."""
from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22  # px per bar of a horizontal chart
TREND_WIDTH, TREND_HEIGHT = 320, 140  # the trend's viewBox; it scales to the page's width


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    percent: float  # of the largest value, 0-100


def bars(items: list[tuple[str, int]], limit: int = 15) -> list[Bar]:
    """Horizontal bars for the largest `limit` items (places with nothing are left out)."""
    items = sorted((i for i in items if i[1] > 0), key=lambda i: -i[1])[:limit]
    top = max((v for _, v in items), default=0) or 1
    return [Bar(label, value, round(100 * value / top, 1)) for label, value in items]


@dataclass(frozen=True)
class Column:
    label: str  # the week's first day, e.g. 24/11
    x: float
    width: float
    listings: int
    demand: int
    listings_y: float
    demand_y: float


@dataclass(frozen=True)
class Trend:
    columns: list[Column]
    top: int  # the largest weekly count, the y axis's top
    width: int = TREND_WIDTH
    height: int = TREND_HEIGHT
    base: float = TREND_HEIGHT - 18  # y of the axis, room for labels below


def trend(weeks: list[tuple[str, int, int]]) -> Trend:
    """Pairs of columns per week: listings and demand, on one scale."""
    top = max([max(n, d) for _, n, d in weeks] + [1])
    step = TREND_WIDTH / max(len(weeks), 1)
    bar = step * 0.38
    base = TREND_HEIGHT - 18
    usable = base - 12
    columns = []
    for i, (first, n, d) in enumerate(weeks):
        x = i * step + step * 0.1
        columns.append(Column(label=f"{first[8:10]}/{first[5:7]}", x=round(x, 1), width=round(bar, 1), listings=n,
                              demand=d, listings_y=round(base - usable * n / top, 1),
                              demand_y=round(base - usable * d / top, 1)))
    return Trend(columns=columns, top=top)
