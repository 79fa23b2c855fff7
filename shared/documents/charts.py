"""Charts as inline SVG (matplotlib), for a document's web page and its PDF alike.

Text stays text in the SVG (selectable, read by screen readers and by PDF text
extraction); every chart has a title and a description for assistive technology,
and the figures it shows are also in a table of the same document.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from shared.documents import dutch

# Colours of the NL Design System's Rijkshuisstijl palette (lintblauw, hemelblauw, groen, oranje).
PALETTE = ("#01689b", "#8fcae7", "#39870c", "#e17000", "#a90061")
FONT = "DejaVu Sans"


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int]


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], *, horizontal: bool = False,
              value_label: str = "", width_cm: float = 16.0, height_cm: float | None = None) -> str:
    """Grouped bars, one group per category; returns an ``<svg>`` element."""
    from matplotlib.figure import Figure  # the object API: no global pyplot state, safe in threads

    rows = max(1, len(categories))
    height = height_cm or (max(5.0, 0.75 * rows + 2.0) if horizontal else 7.0)
    figure = Figure(figsize=(width_cm / 2.54, height / 2.54))
    axes = figure.add_subplot()
    _bars(axes, categories, series, horizontal)
    _style(axes, categories, value_label, horizontal, len(series) > 1)
    figure.tight_layout()
    return _svg(figure, title)


def _bars(axes, categories: Sequence[str], series: Sequence[Series], horizontal: bool) -> None:
    count = max(1, len(series))
    thickness = 0.8 / count
    for n, one in enumerate(series):
        positions = [i - 0.4 + thickness * (n + 0.5) for i in range(len(categories))]
        colour = PALETTE[n % len(PALETTE)]
        if horizontal:
            axes.barh(positions, one.values, height=thickness, label=one.label, color=colour)
        else:
            axes.bar(positions, one.values, width=thickness, label=one.label, color=colour)


def _style(axes, categories: Sequence[str], value_label: str, horizontal: bool, legend: bool) -> None:
    ticks = list(range(len(categories)))
    if horizontal:
        axes.set_yticks(ticks, labels=list(categories), fontsize=7)
        axes.invert_yaxis()
        axes.set_xlabel(value_label, fontsize=7)
        axes.grid(axis="x", color="#dddddd", linewidth=0.5)
    else:
        axes.set_xticks(ticks, labels=list(categories), fontsize=7)
        axes.set_ylabel(value_label, fontsize=7)
        axes.grid(axis="y", color="#dddddd", linewidth=0.5)
    _dutch_ticks(axes.xaxis if horizontal else axes.yaxis)
    axes.set_axisbelow(True)
    axes.tick_params(labelsize=7)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if legend:
        axes.legend(fontsize=7, frameon=False, loc="best")


def _dutch_ticks(axis) -> None:
    """Whole numbers on the value axis, written the Dutch way (1.000; 2,5)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _: dutch.number(int(round(value)))))


def _svg(figure, title: str) -> str:
    _configure()
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Title": title, "Date": None, "Creator": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and doctype: the SVG goes inline
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(title)}" ', 1)


def _configure() -> None:
    """Labels as <text> (not glyph outlines), one font, ids stable between runs. The
    same values every time, so setting them from several threads is harmless."""
    from matplotlib import rcParams

    rcParams.update({"svg.fonttype": "none", "font.family": FONT, "svg.hashsalt": "weerbaar"})


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
