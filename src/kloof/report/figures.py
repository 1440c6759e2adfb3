"""Charts as static SVG laid out by matplotlib: axes, labels and values never clipped.

Every chart is a :class:`matplotlib.figure.Figure` (no pyplot, no global state) saved
as SVG with its text kept as text (``svg.fonttype = "none"``: searchable, crisp, the
same in the dashboard, the HTML report and the PDF Chromium prints from it). Layout is
matplotlib's *constrained* layout, which measures every label before it places the
axes, so long indicator names wrap and stay inside the figure instead of being cut off
on the left. Values are printed at the end of each bar, so a chart can be read on a
phone without hovering, and every chart in kloof sits next to a table of the same
numbers formatted by the same function (:func:`kloof.report.charts.format_number`).

The SVG gets ``role="img"``, an ``aria-label`` and a ``<title>``; its element ids carry
a per-chart prefix so several charts on one page never share an id.

Examples
--------
>>> svg = bar_chart_svg(["A", "B"], [90.0, 110.0], title="t", reference=100)
>>> svg.startswith("<svg") and 'role="img"' in svg and ">110<" in svg
True
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from kloof.report.charts import format_number

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ACCENT", "bar_chart_svg", "figure_svg", "line_chart_svg", "responsive_bar_chart"]

#: Bar colour of the area itself (and of flagged bars).
ACCENT = "#01689b"
#: Bar colour of the others.
GREY = "#6b6b6b"
#: Reference line colour (≥ 3:1 on white).
REFERENCE = "#b3001b"
#: Fonts of the SVG text, first the one matplotlib measures with.
FONTS = ["DejaVu Sans", "Liberation Sans", "Arial", "sans-serif"]
#: Width of a chart in inches (at 96 px per inch in the browser).
WIDTH_IN = 7.0
#: Characters per line of a wrapped label.
WRAP = 34
#: Width (inches) and characters per label line of the phone layout.
COMPACT_IN = 4.0
WRAP_COMPACT = 40

_RC: dict[Any, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "kloof",
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 10,
    "axes.edgecolor": "#4d4d4d",
    "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a",
    "ytick.color": "#1a1a1a",
    "text.color": "#1a1a1a",
}


#: White box behind value labels and labels, so the reference line does not cross text.
_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85}


def _wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or " "


def figure_svg(fig: Figure, title: str) -> str:
    """``fig`` as an inline, accessible SVG string (``role="img"``, ``<title>``)."""
    from matplotlib import rc_context

    buf = io.StringIO()
    with rc_context(_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    prefix = "k" + hashlib.sha1((title + text).encode()).hexdigest()[:8] + "-"
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
    width = re.search(r'width="([0-9.]+)pt"', text)
    px = round(float(width.group(1)) * 4 / 3) if width else 672
    head = (
        f'<svg role="img" aria-label="{escape(title)}" class="kloof-chart" '
        f'style="max-width: {px}px"'
    )
    text = re.sub(r"<svg\b[^>]*?(?=\s(?:xmlns|width|height|viewBox))", head, text, count=1)
    text = re.sub(r'(<svg[^>]*?)\swidth="[^"]*pt"\sheight="[^"]*pt"', r"\1", text, count=1)
    label = f"<title>{escape(title)}</title>"
    text = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + label, text, count=1)
    return text


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    highlight: int | Sequence[bool] | None = 0,
    language: str = "nl",
    reference: float | None = None,
    reference_label: str | None = None,
    limits: tuple[float, float] | None = None,
    origin: float | None = None,
    formatter: Callable[[float], str] | None = None,
    xlabel: str = "",
    compact: bool = False,
) -> str:
    """A horizontal bar chart (first label on top) with its values printed at the bars.

    Parameters
    ----------
    labels, values
        One bar per label; a missing value draws no bar and prints ``–``.
    title
        Accessible name of the chart (``aria-label`` and ``<title>``).
    highlight
        Index of the bar in the accent colour, a flag per bar, or ``None``.
    reference
        Draw a vertical reference line here (e.g. Nederland = 100), labelled with
        ``reference_label``; bars then start at the axis minimum, not at the line.
    limits
        Fixed x-axis range (e.g. ``(0, 100)`` for percentiles).
    origin
        Where bars start (default: the reference line, else 0).
    formatter
        Text of a value (default :func:`~kloof.report.charts.format_number`); the
        table beside the chart should use the same function.
    compact
        The phone layout: a narrow figure with each label above its bar (full width for
        the label and the bar), instead of labels left of the bars.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    fmt = formatter or (lambda v: format_number(v, language))
    vals = [_finite(v) for v in values]
    if isinstance(highlight, int):
        marked = [i == highlight for i in range(len(vals))]
    elif highlight is None:
        marked = [False] * len(vals)
    else:
        marked = [bool(h) for h in highlight]
    wrapped = [_wrap(lab, WRAP_COMPACT if compact else WRAP) for lab in labels]
    lines = sum(w.count("\n") + 1 for w in wrapped)
    height = 0.9 + 0.22 * lines + (0.3 if compact else 0.12) * len(vals)
    with rc_context(_RC):
        fig = Figure(figsize=(COMPACT_IN if compact else WIDTH_IN, height), layout="constrained")
        ax = fig.add_subplot()
        y = [float(i) for i in range(len(vals))][::-1]
        finite = [v for v in vals if math.isfinite(v)]
        lo, hi = _range(finite, reference, limits)
        base = origin if origin is not None else reference if reference is not None else 0.0
        widths = [v - base if math.isfinite(v) else 0.0 for v in vals]
        colours = [ACCENT if m else GREY for m in marked]
        if compact:  # label above the bar, both in the slot of one bar
            ax.barh([yi - 0.2 for yi in y], widths, left=base, color=colours, height=0.4)
            for yi, text in zip(y, wrapped, strict=True):
                ax.text(lo, yi + 0.02, text, va="bottom", ha="left", linespacing=1.1, bbox=_BOX)
            ax.set_yticks([])
            ax.spines["left"].set_visible(False)
            ax.set_ylim(-0.55, len(vals) - 0.05 + 0.25 * (max(lines / len(vals), 1) - 1))
            y = [yi - 0.2 for yi in y]
        else:
            ax.barh(y, widths, left=base, color=colours, height=0.7)
            ax.set_ylim(-0.6, len(vals) - 0.4)
            ax.set_yticks(y, wrapped)
            ax.tick_params(axis="y", length=0)
        ax.set_xlim(lo, hi)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _tick(x, language)))
        span = hi - lo
        for yi, v in zip(y, vals, strict=True):
            left = math.isfinite(v) and v < base
            x = v if math.isfinite(v) else base
            ax.text(
                x + (-1 if left else 1) * span * 0.01,
                yi,
                fmt(v) if math.isfinite(v) else "–",
                va="center",
                ha="right" if left else "left",
                fontsize=9,
                bbox=_BOX,
            )
        if reference is not None:
            ax.axvline(reference, color=REFERENCE, lw=1.5, ls="--")
            if reference_label:
                ax.text(
                    reference,
                    1.0,
                    " " + reference_label,
                    transform=ax.get_xaxis_transform(),
                    color=REFERENCE,
                    fontsize=9,
                    va="bottom",
                    ha="center",
                )
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="x", alpha=0.3)
        ax.set_axisbelow(True)
        if xlabel:
            ax.set_xlabel(xlabel)
    return figure_svg(fig, title)


def responsive_bar_chart(
    labels: Sequence[str], values: Sequence[float | None], **options: Any
) -> str:
    """:func:`bar_chart_svg` twice: the wide layout and the phone layout (``compact``).

    The stylesheet shows one of them by the screen width (``kloof-chart--wide`` /
    ``kloof-chart--narrow``; print always the wide one); the hidden one is
    ``display: none`` and so out of the accessibility tree.
    """
    wide = bar_chart_svg(labels, values, **options)
    narrow = bar_chart_svg(labels, values, compact=True, **options)
    return wide.replace('class="kloof-chart"', 'class="kloof-chart kloof-chart--wide"', 1) + (
        narrow.replace('class="kloof-chart"', 'class="kloof-chart kloof-chart--narrow"', 1)
    )


def line_chart_svg(
    x: Sequence[float],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    bands: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None,
    ylabel: str = "",
    xlabel: str = "",
    language: str = "nl",
    formatter: Callable[[float], str] | None = None,
) -> str:
    """Lines over ``x`` (one per series, with an optional shaded band), values at the ends.

    The y axis is scaled to the data (not forced to 0), so changes of a few hundredths
    are visible; the last value of each line is printed beside it.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fmt = formatter or (lambda v: format_number(v, language))
    with rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, 3.4), layout="constrained")
        ax = fig.add_subplot()
        xs = [float(v) for v in x]
        styles = ("-", "--", ":", "-.")
        for i, (name, ys) in enumerate(series.items()):
            colour = f"C{i % 10}"
            vals = [_finite(v) for v in ys]
            ax.plot(xs, vals, color=colour, lw=2, ls=styles[i % 4], label=name, marker="o", ms=3)
            if bands and name in bands:
                low, high = bands[name]
                ax.fill_between(
                    xs,
                    [_finite(v) for v in low],
                    [_finite(v) for v in high],
                    color=colour,
                    alpha=0.15,
                    lw=0,
                )
            last = next((v for v in reversed(vals) if math.isfinite(v)), math.nan)
            if math.isfinite(last):
                ax.annotate(
                    fmt(last),
                    (xs[-1], last),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9,
                    color=colour,
                )
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tick(v, language)))
        ax.margins(x=0.08)
        ax.grid(alpha=0.3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if ylabel:
            ax.set_ylabel(ylabel)
        if xlabel:
            ax.set_xlabel(xlabel)
        if len(series) > 1:
            ax.legend(fontsize=9, frameon=False, loc="best")
    return figure_svg(fig, title)


def _finite(value: Any) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return math.nan
    return x if math.isfinite(x) else math.nan


def _tick(x: float, language: str) -> str:
    """An axis tick: whole numbers without decimals, others as :func:`format_number`."""
    if abs(x - round(x)) < 1e-9 and abs(x) >= 1:
        return format_number(round(x), language, digits=1)
    return format_number(x, language)


def _range(
    finite: Sequence[float], reference: float | None, limits: tuple[float, float] | None
) -> tuple[float, float]:
    """Axis range: ``limits``; else around the data and the reference line (bars grow
    from the reference line), or from 0 without one, with room for the value labels."""
    if limits is not None:
        return limits
    points = [*finite, *([reference] if reference is not None else [])] or [0.0, 1.0]
    lo, hi = min(points), max(points)
    if reference is None:
        lo, hi = min(0.0, lo), max(0.0, hi)
    span = (hi - lo) or 1.0
    pad = span * 0.15
    lo = lo - pad if lo < (reference if reference is not None else 0.0) else lo
    return lo, hi + pad
