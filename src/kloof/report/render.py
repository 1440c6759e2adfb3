"""Profiles as files: HTML (self-contained), PDF (headless Chromium) and XLSX.

All three are made from one :class:`~kloof.report.profile.Profile`, so they carry the
same numbers. The HTML embeds its stylesheet, charts and map (inline SVG), so it opens
offline and prints as it shows; the PDF is that HTML printed by Chromium
(``--print-to-pdf``, A4). The XLSX has the indicator table, the index and its
explanation, the member areas and the method notes on separate sheets.

Examples
--------
>>> render_profile_file(cache, "nplv:rotterdam-zuid", "zuid.pdf")   # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import KloofError
from kloof.report.charts import format_decimal, format_money, format_number
from kloof.report.figures import responsive_bar_chart
from kloof.report.i18n import install_gettext, level_label, texts
from kloof.report.maps import boundary_year, svg_map
from kloof.report.profile import FLAG_PERCENTILE
from kloof.report.reflow import wrap_tables
from kloof.report.trends import trend_section

if TYPE_CHECKING:
    from kloof.report.frames import FrameCache
    from kloof.report.profile import Profile

__all__ = [
    "CHROMIUM_FLAGS",
    "FORMATS",
    "ReportError",
    "environment",
    "find_chromium",
    "html_to_pdf",
    "profile_context",
    "render_html",
    "render_profile_file",
    "render_set",
    "stylesheet",
    "write_xlsx",
]

#: Output formats of :func:`render_profile_file`.
FORMATS: tuple[str, ...] = ("html", "pdf", "xlsx")
#: Flags for a headless, offline Chromium.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


class ReportError(KloofError):
    """A report could not be written (no Chromium for PDF, Chromium failed, ...)."""


def _templates() -> Path:
    return Path(str(resources.files("kloof.report").joinpath("templates")))


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the report templates (autoescaped, with gettext)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_templates())),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install_gettext(env)  # {{ _("...") }} in the page's language (context ``lang``)
    return env


@cache
def stylesheet() -> str:
    """The kloof theme stylesheet (shared with the dashboard)."""
    return (_templates() / "kloof.css").read_text("utf-8")


def profile_context(
    cache_: FrameCache,
    profile: Profile,
    *,
    link: Callable[[str], str] | None = None,
    plan: Mapping[str, Any] | None = None,
    trend_chart: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Everything the profile templates need: texts, charts, map, labels, sources.

    ``trend_chart`` gives the address of an indicator's trend chart (the dashboard
    loads them as images, :func:`kloof.report.trends.trend_section`); without it the
    trend section has the index chart and the table.

    ``plan`` is the public view of the area's plan (:func:`kloof.plans.public_view`),
    shown as a section of the profile when given.
    """
    lang = profile.language
    t = texts(lang)
    cat = _catalogue.load()
    target = profile.target
    name = target.name

    def label(ind: str) -> str:
        return cat[ind].text(lang) if ind in cat else ind

    index = profile.index
    domain_chart = ""
    if index and index.get("score") is not None:
        labs = [t["index"], *[d["label"] for d in index["domains"]]]
        vals = [index["score"], *[d["score"] for d in index["domains"]]]
        title = t["chart_domains"].format(name=name)
        domain_chart = _chart("domains", tuple(labs), _key(vals), (), title, lang)
    scored = [r for r in profile.rows if r.direction != "neutral"]
    percentile_chart = _chart(
        "vulnerability",
        tuple(r.label for r in scored),
        _key([r.vulnerability for r in scored]),
        tuple(r.flag for r in scored),
        t["chart_vulnerability"].format(name=name),
        lang,
    )
    domain_labels = {}
    if index:
        domain_labels = {d["id"]: d["label"] for d in index.get("domains", [])}
    sources = source_names(cache_.sources(), lang)
    return {
        "p": profile,
        "t": t,
        "lang": lang,
        "fmt": lambda v, digits=3: format_number(v, lang, digits),
        "money": lambda v: format_money(v, lang),
        "pct": lambda v: format_decimal(v, lang, 1),
        "label": label,
        "domain_label": lambda d: domain_labels.get(d, d),
        "level_name": t["area"] if target.is_area else level_label(target.level, lang),
        "domain_chart": domain_chart,
        "percentile_chart": percentile_chart,
        "map_svg": cache_.cached(
            ("member-map", target.key, profile.year, lang), lambda: _member_map(cache_, profile)
        ),
        "trend": profile.trend,
        "trends": cache_.cached(
            ("trend-section", target.key, profile.year, lang, trend_chart is not None),
            lambda: trend_section(cache_, profile, t, chart_url=trend_chart),
        ),
        "sources": sources,
        "members": _parts(cache_, profile),
        "link": link,
        "css": stylesheet(),
        "plan": plan,
    }


def _key(values: Sequence[Any]) -> tuple[float | None, ...]:
    """Values as a cache key (missing → ``None``: NaN never equals itself)."""
    out: list[float | None] = []
    for v in values:
        x = pd.to_numeric(v, errors="coerce")
        out.append(float(x) if pd.notna(x) else None)
    return tuple(out)


@lru_cache(maxsize=256)
def _chart(
    kind: str,
    labels: tuple[str, ...],
    values: tuple[float | None, ...],
    flags: tuple[bool, ...],
    title: str,
    lang: str,
) -> str:
    """The profile's domain or vulnerability chart (both layouts), kept for the last 256
    profiles: matplotlib needs about half a second per layout."""
    t = texts(lang)
    if kind == "domains":
        return responsive_bar_chart(
            labels,
            values,
            title=title,
            highlight=0,
            language=lang,
            reference=100.0,
            reference_label=f"{t['nl']} = 100",
        )
    return responsive_bar_chart(
        labels,
        values,
        title=title,
        highlight=list(flags),
        language=lang,
        limits=(0.0, 100.0),
        origin=0.0,
        reference=FLAG_PERCENTILE,
        reference_label=t["flag_line"],
        formatter=lambda v: format_decimal(v, lang, 1),
    )


#: Kind of an imported source → i18n key of its readable name.
SOURCE_KINDS: dict[str, str] = {
    "kwb": "source_kwb",
    "statline": "source_kwb",
    "mapping": "source_gemeente_boundaries",
    "boundaries": "source_wijk_boundaries",
    "crosswalk": "source_crosswalk",
    "pc4": "source_pc4",
    "pc4-crosswalk": "source_pc4_crosswalk",
    "reexpress": "source_reexpress",
}


def source_names(sources: pd.DataFrame, language: str) -> list[str]:
    """Readable names of the imported sources, one line per kind (and CBS table) with its
    years, e.g. ``CBS Kerncijfers wijken en buurten (StatLine 85984NED): 2024``."""
    t = texts(language)
    lines: dict[str, set[int]] = {}
    for row in sources.itertuples():
        kind = str(row.kind)
        name = t[SOURCE_KINDS[kind]] if kind in SOURCE_KINDS else kind
        table = getattr(row, "table_id", None)
        if kind in ("kwb", "statline") and isinstance(table, str) and table:
            name += f" (StatLine {table})"
        years = re.findall(r"\d{4}", str(row.years))  # a list, array or its text
        lines.setdefault(name, set()).update(int(y) for y in years)
    return [
        f"{name}: {', '.join(map(str, sorted(years)))}" if years else name
        for name, years in sorted(lines.items())
    ]


#: Level of the parts of a region, and the column naming their parent.
PARTS: dict[str, tuple[str, str]] = {
    "gemeente": ("wijk", "parent_gm"),
    "wijk": ("buurt", "parent_wk"),
}


def _parts(cache_: FrameCache, profile: Profile) -> pd.DataFrame:
    """The *Deelgebieden* of a profile: an area's members, a gemeente's wijken, a wijk's
    buurten (with inhabitants in the profile's year), never the region itself."""
    target = profile.target
    if target.is_area or target.level not in PARTS:
        own = profile.members["code"].astype(str).str.upper() == target.key.upper()
        return profile.members[~own]
    level, parent = PARTS[target.level]
    regions = cache_.regions(profile.year, level)
    if parent not in regions:
        return profile.members.iloc[0:0]
    parts = regions[regions[parent] == target.codes[0]].sort_values("code")
    frame = cache_.frame(profile.year, level)
    people = frame["inhabitants"] if "inhabitants" in frame else pd.Series(dtype="float64")
    return pd.DataFrame(
        {
            "code": parts["code"].to_list(),
            "name": parts["name"].to_list(),
            "inhabitants": [people.get(c) for c in parts["code"]],
        }
    )


def _member_map(cache_: FrameCache, profile: Profile) -> str:
    """SVG map of the target's wijken within its gemeente (or of the gemeente's wijken)."""
    target = profile.target
    gm = target.gemeente or (target.codes[0] if target.level == "gemeente" else None)
    if gm is None:
        return ""
    year = boundary_year(cache_, "wijk", profile.year)
    if year is None:
        return ""
    shapes = cache_.shapes("wijk", year)
    shapes = shapes[shapes["parent_gm"] == gm]
    if target.level == "gemeente":
        marked = set(shapes["code"])
    else:
        marked = {c if not c.startswith("BU") else "WK" + c[2:8] for c in target.codes}
    labels = dict(zip(shapes["code"], shapes["name"].fillna(""), strict=True))
    title = texts(profile.language)["map_members"].format(name=target.name)
    return svg_map(shapes, marked, title=title, labels=labels)


def render_html(cache_: FrameCache, profile: Profile, plan: Mapping[str, Any] | None = None) -> str:
    """A self-contained HTML page of ``profile`` (inline CSS, SVG charts and map), with the
    area's plan (its public view) when ``plan`` is given."""
    context = profile_context(cache_, profile, plan=plan)
    return wrap_tables(environment().get_template("profile.html.j2").render(**context))


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary (``KLOOF_CHROMIUM``, then the usual names)."""
    env = os.environ.get("KLOOF_CHROMIUM")
    if env:
        return env
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(
    html: str, output: str | Path, *, chromium: str | None = None, timeout: float = 120
) -> Path:
    """Print ``html`` to a PDF with headless Chromium (A4, backgrounds, no header/footer).

    Raises
    ------
    ReportError
        If no Chromium is found or it fails.
    """
    binary = chromium or find_chromium()
    if binary is None:
        raise ReportError(
            "no Chromium found for PDF output; install Debian's `chromium` or set KLOOF_CHROMIUM"
        )
    out = Path(output).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kloof-pdf-") as tmp:
        page = Path(tmp) / "profile.html"
        page.write_text(html, "utf-8")
        cmd = [
            binary,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ReportError(f"Chromium could not print {out.name}: {exc}") from None
    if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        tail = done.stderr.decode("utf-8", "replace")[-400:]
        raise ReportError(f"Chromium failed to print {out.name} (exit {done.returncode}): {tail}")
    return out


def write_xlsx(profile: Profile, output: str | Path) -> Path:
    """The profile's numbers as an Excel workbook (:mod:`kloof.report.profile_xlsx`)."""
    from kloof.report.profile_xlsx import write_profile_xlsx

    return write_profile_xlsx(profile, output)


def render_profile_file(
    cache_: FrameCache,
    text: str,
    output: str | Path,
    *,
    format: str | None = None,
    year: int | None = None,
    language: str = "nl",
    plans: Callable[[str], Mapping[str, Any] | None] | None = None,
) -> Path:
    """Write the profile of ``text`` (code, area or name) as HTML, PDF or XLSX.

    The format comes from ``format`` or the file suffix. ``plans`` maps a target key
    (``nplv:rotterdam-zuid``) to the public view of its plan, or ``None``; HTML and PDF
    then include the plan.
    """
    from kloof.report.profile import make_profile

    out = Path(output)
    fmt = (format or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    profile = make_profile(cache_, text, year=year, language=language)
    if fmt == "xlsx":
        return write_xlsx(profile, out)
    html = render_html(cache_, profile, plans(profile.target.key) if plans else None)
    if fmt == "pdf":
        return html_to_pdf(html, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, "utf-8")
    return out


def render_set(
    cache_: FrameCache,
    set_name: str,
    folder: str | Path,
    *,
    formats: Sequence[str] = ("pdf",),
    language: str = "nl",
    plans: Callable[[str], Mapping[str, Any] | None] | None = None,
) -> list[Path]:
    """Profiles of every area of a built-in set with known codes, into ``folder``.

    Files are named ``<area-id>.<format>``; areas with an unknown composition are
    skipped.
    """
    from kloof.monitor.areas import builtin

    folder = Path(folder)
    written: list[Path] = []
    for area in builtin(set_name).known():
        for fmt in formats:
            written.append(
                render_profile_file(
                    cache_,
                    f"{set_name}:{area.id}",
                    folder / f"{area.id}.{fmt}",
                    format=fmt,
                    language=language,
                    plans=plans,
                )
            )
    return written
