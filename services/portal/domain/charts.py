"""Bar charts as geometry for an inline SVG the server renders (no chart library, no script).

Pure: categories and series in, rectangles, ticks and labels out; the template draws them
with presentation attributes only (the pages' Content-Security-Policy forbids inline
styles). Every chart is also given as a table on the same page, for screen readers and
for exact figures: the bars only show proportions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

# NL Design System / Rijkshuisstijl colours with at least 3:1 contrast against white (WCAG 1.4.11).
PALETTE = ("#01689b", "#39870c", "#e17000", "#a90061", "#42145f")
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 110, 10, 10, 40
TICKS = 4

Number = int | Decimal


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Number]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Category:
    x: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    left: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[Category]
    legend: list[LegendEntry]


def bar_chart(title: str, description: str, categories: Sequence[str], series: Sequence[Series],
              fmt: Callable[[Number], str]) -> BarChart:
    """Grouped vertical bars, one group per category, one colour per series."""
    top = _nice_top(max([v for s in series for v in s.values] + [0]))
    plot_height = HEIGHT - TOP - BOTTOM
    group = (WIDTH - LEFT - RIGHT) / max(1, len(categories))
    thickness = group * 0.8 / max(1, len(series))
    baseline = HEIGHT - BOTTOM
    bars = []
    for n, one in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        for i, value in enumerate(one.values):
            height = plot_height * float(max(value, 0)) / float(top)
            x = LEFT + group * i + group * 0.1 + thickness * n
            bars.append(Bar(round(x, 1), round(baseline - height, 1), round(thickness, 1), round(height, 1), colour,
                            f"{one.label}, {categories[i]}: {fmt(value)}"))
    ticks = [Tick(round(baseline - plot_height * k / TICKS, 1), fmt(_tick_value(top, k))) for k in range(TICKS + 1)]
    labels = [Category(round(LEFT + group * (i + 0.5), 1), c) for i, c in enumerate(categories)]
    legend = [LegendEntry(s.label, PALETTE[n % len(PALETTE)]) for n, s in enumerate(series)]
    return BarChart(title, description, WIDTH, HEIGHT, LEFT, baseline, bars, ticks, labels, legend)


def _tick_value(top: Number, k: int) -> Number:
    if isinstance(top, int):
        return top * k // TICKS
    return Decimal(top) * k / TICKS


def _nice_top(peak: Number) -> Number:
    """The axis' top: 1, 2, 2.5 or 5 times a power of ten, at or above the highest value."""
    if peak <= 0:
        return 1 if isinstance(peak, int) else Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(peak))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        candidate = magnitude * step
        if candidate >= peak:
            return int(candidate) if isinstance(peak, int) else candidate
    return peak
