"""The overview's charts, drawn on the server by pygal (a maintained Python SVG charting library,
installed from requirements.txt): no JavaScript, no CDN, nothing fetched by the page.

Each chart is an SVG image embedded in the page as a data: URI, so it needs no second request
(which would count the overview again) and its own <style> stays inside the image, where the
page's Content-Security-Policy (style-src 'self') does not reach. pygal's tooltip script is
switched off (js=[]) and its config script removed. About 20-25 KB per chart before gzip, 6 KB after: the page stays far
under 300 KB. The numbers are also in the table under the charts, for screen readers and print."""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache

import pygal
from pygal.style import Style

LISTINGS, DEMAND = "#1f8a70", "#e0a030"
STYLE = Style(background="white", plot_background="white", foreground="#1d2a26", foreground_strong="#1d2a26",
              foreground_subtle="#9aa7a2", colors=(LISTINGS, DEMAND),
              font_family='system-ui, "Noto Sans Devanagari", "Noto Sans", sans-serif',
              label_font_size=12, major_label_font_size=12, value_font_size=11, legend_font_size=12)
COMMON = dict(style=STYLE, js=[], no_prefix=True, disable_xml_declaration=True, explicit_size=False,
              margin=6, show_y_guides=False)
WIDTH = 360  # the viewBox's width; the image scales to its box


@dataclass(frozen=True)
class Chart:
    uri: str  # data:image/svg+xml;base64,...
    alt: str  # the chart in words: "Bihta 3, Athamalgola 3"
    height: int  # the viewBox's height, so the page keeps its room before the image loads
    width: int = WIDTH
    empty: bool = False


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _embed(svg: str, alt: str, height: int, empty: bool = False) -> Chart:
    # pygal writes its config as a <script> even with js=[]; an <img> never runs it, but it is
    # a kilobyte or two per chart, so it goes
    svg = _SCRIPT.sub("", svg)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Chart(uri=f"data:image/svg+xml;base64,{data}", alt=alt, height=height, empty=empty)


def bars(items: list[tuple[str, int]], limit: int = 15) -> Chart:
    """Horizontal bars for the largest `limit` items, the largest on top (places with nothing left out)."""
    return _bars(tuple(sorted((i for i in items if i[1] > 0), key=lambda i: -i[1])[:limit]))


# pygal takes 10-20 ms a chart; the same numbers (a page reloaded, another staff member of the
# district) are drawn once per process
@lru_cache(maxsize=256)
def _bars(items: tuple[tuple[str, int], ...]) -> Chart:
    height = 40 + 24 * max(len(items), 1)
    chart = pygal.HorizontalBar(width=WIDTH, height=height, show_legend=False, print_values=True,
                                print_values_position="top", show_x_labels=False, **COMMON)
    shown = items[::-1]  # pygal draws the first label at the bottom
    chart.x_labels = [label for label, _ in shown]
    chart.add("", [value for _, value in shown])
    return _embed(chart.render(is_unicode=True), ", ".join(f"{label} {value}" for label, value in items), height,
                  empty=not items)


def trend(weeks: list[tuple[str, int, int]], listings_label: str, demand_label: str) -> Chart:
    """Listings and demand per week, side by side on one scale; weeks labelled by their first day."""
    return _trend(tuple(weeks), listings_label, demand_label)


@lru_cache(maxsize=256)
def _trend(weeks: tuple[tuple[str, int, int], ...], listings_label: str, demand_label: str) -> Chart:
    height = 220
    chart = pygal.Bar(width=WIDTH, height=height, legend_at_bottom=True, legend_at_bottom_columns=2,
                      x_label_rotation=0, show_minor_x_labels=False, **COMMON)
    labels = [f"{first[8:10]}/{first[5:7]}" for first, _, _ in weeks]
    chart.x_labels = labels
    step = len(labels) // 6 + 1  # at most about six dates under the columns
    chart.x_labels_major = labels[::step]
    chart.add(listings_label, [n for _, n, _ in weeks])
    chart.add(demand_label, [d for _, _, d in weeks])
    alt = "; ".join(f"{label}: {listings_label} {n}, {demand_label} {d}" for label, (_, n, d) in zip(labels, weeks))
    return _embed(chart.render(is_unicode=True), alt, height, empty=not any(n or d for _, n, d in weeks))
