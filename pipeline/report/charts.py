"""Static charts for the report: matplotlib -> SVG -> a ``data:`` URI an ``<img>`` shows offline.

    >>> uri = bar_chart(["Thái Nguyên · 2022"], [1_300_000], "Money by province and year", "USD")
    >>> uri.startswith("data:image/svg+xml;base64,")
    True
"""
from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import EngFormatter  # noqa: E402

#: bars shown in one chart; the caption says how many groups were left out
MAX_BARS = 25
#: inches: figure width, height per bar, height of title and axis
WIDTH, BAR_HEIGHT, FRAME_HEIGHT = 9.0, 0.32, 1.2
BAR_COLOR = "#d9a400"
#: fixed SVG ids and no date, so the same tables give the same file
SVG_SETTINGS = {"svg.hashsalt": "tintrich-report", "svg.fonttype": "path"}


def bar_chart(labels: list[str], values: list[float], title: str, unit: str) -> str:
    """Horizontal bars, largest on top, as a base64 SVG data URI."""
    figure = Figure(figsize=(WIDTH, FRAME_HEIGHT + BAR_HEIGHT * max(len(labels), 1)))
    axes = figure.add_subplot()
    positions = range(len(labels))
    axes.barh(list(positions), values, color=BAR_COLOR)
    axes.set_yticks(list(positions), labels=labels, fontsize=9)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(EngFormatter(unit=f" {unit}", places=1))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_title(title, fontsize=11, loc="left")
    axes.grid(axis="x", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    for position, value in zip(positions, values):
        axes.annotate(EngFormatter(places=2)(value), (value, position), xytext=(3, 0),
                      textcoords="offset points", va="center", fontsize=8)
    figure.tight_layout()
    buffer = io.BytesIO()
    with matplotlib.rc_context(SVG_SETTINGS):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
