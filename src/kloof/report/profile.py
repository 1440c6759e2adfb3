"""Area profiles: the numbers of one region or named area against NL, gemeente and peers.

:func:`build_profile` returns a frozen :class:`Profile`; :mod:`kloof.report.render` turns
it into HTML, PDF and XLSX, and the web app shows and serves the same object, so every
output carries the same numbers.

Per indicator (non-sensitive rates and means of the catalogue):

* **value** of the target. A named area combines its member wijken/buurten: counts are
  summed, derived rates are recomputed from the summed numerator and denominator
  (:meth:`kloof.catalogue.Catalogue.derive`), other rates and means are weighted means
  :math:`\\bar x = \\sum_i w_i x_i / \\sum_i w_i` with the catalogue weight (inhabitants
  when that weight is not in the store);
* **nl** and **gemeente** values of the same year (CBS publishes them);
* **peers**: the median of comparable regions — same level and same CBS urbanity class
  (*mate van stedelijkheid*) for a region, the other areas of its set for an area;
* **percentile**: the mid-rank share of regions of the comparison level with a lower
  value, :math:`100\\,(\\#\\{x_j < x\\} + \\tfrac12\\#\\{x_j = x\\}) / n`; areas are ranked
  among wijken;
* **vulnerability**: the percentile turned so that higher = more vulnerable (``100 - p``
  for *higher is better*); **flag** when it is at least 90 (among the 10 % most
  vulnerable).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.app.areas import combine, member_frame, set_values
from kloof.app.cache import StoreLike
from kloof.app.targets import Target
from kloof.catalogue import Catalogue
from kloof.index.classes import FLAG_THRESHOLD, vulnerability_percentile
from kloof.report.i18n import unit_text

if TYPE_CHECKING:
    from kloof.report.frames import FrameCache

__all__ = [
    "FLAG_PERCENTILE",
    "Profile",
    "ProfileRow",
    "StoreLike",
    "build_profile",
    "data_year",
    "make_profile",
    "percentile",
    "profile_indicators",
]

#: Vulnerability percentile from which an indicator is flagged (the index's rule).
FLAG_PERCENTILE = 100.0 * FLAG_THRESHOLD


@dataclass(frozen=True)
class ProfileRow:
    """One indicator of a profile."""

    indicator: str
    label: str
    unit: str
    domain: str
    direction: str
    value: float
    nl: float
    gemeente: float
    peers: float
    percentile: float
    vulnerability: float
    flag: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (NaN → ``None``)."""
        out: dict[str, Any] = {}
        for k, v in self.__dict__.items():
            out[k] = None if isinstance(v, float) and not np.isfinite(v) else v
        return out


@dataclass(frozen=True)
class Profile:
    """The numbers of one target in one year (see the module docstring)."""

    target: Target
    year: int
    language: str
    rows: tuple[ProfileRow, ...]
    population: float
    members: pd.DataFrame = field(repr=False)
    peers_label: str = ""
    gemeente_name: str = ""
    notes: tuple[str, ...] = ()
    trend: pd.DataFrame | None = field(default=None, repr=False)
    index: dict[str, Any] | None = None

    @property
    def flags(self) -> tuple[ProfileRow, ...]:
        """Rows among the 10 % most vulnerable."""
        return tuple(r for r in self.rows if r.flag)

    def to_frame(self) -> pd.DataFrame:
        """One row per indicator: the table behind every chart, CSV and XLSX."""
        return pd.DataFrame([r.to_dict() for r in self.rows])

    def to_dict(self) -> dict[str, Any]:
        """JSON form: target, year, population, rows, members, notes, index."""
        t = self.target
        members = self.members.replace({np.nan: None}).to_dict(orient="records")
        return {
            "target": {
                "key": t.key,
                "name": t.name,
                "level": t.level,
                "gemeente": t.gemeente,
                "gemeente_name": self.gemeente_name,
                "codes": list(t.codes),
                "set": t.set_name or None,
            },
            "year": self.year,
            "population": None if not np.isfinite(self.population) else self.population,
            "peers": self.peers_label,
            "rows": [r.to_dict() for r in self.rows],
            "members": members,
            "notes": list(self.notes),
            "index": self.index,
        }


def data_year(store: StoreLike, level: str) -> int:
    """The latest year with values at ``level`` (:func:`kloof.app.years.default_year`)."""
    from kloof.app.years import default_year

    return default_year(store, level)


def profile_indicators(cat: Catalogue, columns: Sequence[str]) -> list[str]:
    """Indicators a profile shows: non-sensitive rates and means present in ``columns``,
    those with a direction first, in catalogue order."""
    present = set(columns)
    chosen = [i for i in cat if i.id in present and not i.sensitive and i.kind in ("rate", "mean")]
    chosen.sort(key=lambda i: i.direction == "neutral")
    return [i.id for i in chosen]


def percentile(values: pd.Series, x: float) -> float:
    """Percentile of ``x`` among ``values`` from low to high, 0-100 (missing ignored).

    :func:`kloof.index.classes.vulnerability_percentile` of the rising direction: the
    share of values below ``x`` (``PERCENTRANK.INC``, ties at the lowest).
    """
    return vulnerability_percentile(values.to_numpy(dtype="float64"), x, "higher_is_worse")


def build_profile(
    store: StoreLike,
    target: Target,
    *,
    year: int | None = None,
    language: str = "nl",
    area_values: dict[str, pd.Series] | None = None,
) -> Profile:
    """The profile of ``target`` in ``year`` (default: latest year with data).

    Parameters
    ----------
    store
        A :class:`kloof.store.Store` (or anything with its ``frame``, ``regions`` and
        ``status`` methods).
    target
        From :func:`kloof.report.targets.resolve_target`.
    area_values
        For an area: the combined values of the other areas of its set (peers), by id.
    """
    cat = _catalogue.load()
    member_level = target.member_level if target.is_area else target.level
    year = year if year is not None else data_year(store, member_level)
    notes: list[str] = []
    if target.is_area:
        frame = member_frame(store, year, target.codes)
        names = store.regions()
        names = names.sort_values("year").drop_duplicates("code", keep="last").set_index("code")
        if area_values is None and target.area is not None:
            area_values = set_values(store, target.set_name, year)
        present = [c for c in target.codes if c in frame.index]
        missing = [c for c in target.codes if c not in frame.index]
        if missing:
            division = target.area.year if target.area else "?"
            notes.append(
                _t(
                    language,
                    f"{len(missing)} van {len(target.codes)} deelgebieden hebben geen gegevens "
                    f"over {year} (codes van {division}): {', '.join(missing)}",
                    f"{len(missing)} of {len(target.codes)} member codes have no {year} data "
                    f"(codes of {division}): {', '.join(missing)}",
                )
            )
        if not target.codes:
            notes.append(
                _t(
                    language,
                    "de samenstelling van dit gebied is onbekend (geen codes)",
                    "the composition of this area is unknown (no member codes)",
                )
            )
        values = combine(frame, present, cat)
        distribution = store.frame(year, "wijk")
        peer_frame = pd.DataFrame(area_values or {}).T
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            peers = (
                peer_frame.drop(index=[target.area.id], errors="ignore").median(numeric_only=True)
                if target.area and len(peer_frame)
                else pd.Series(dtype="float64")
            )
        n_peers = max(len(peer_frame) - 1, 0)
        peers_label = _t(
            language,
            f"mediaan van {n_peers} andere gebieden ({target.set_name})",
            f"median of {n_peers} other areas ({target.set_name})",
        )
        members = pd.DataFrame(
            {
                "code": list(target.codes),
                "name": [names["name"].get(c) for c in target.codes],
                "inhabitants": [
                    frame["inhabitants"].get(c, np.nan) if "inhabitants" in frame else np.nan
                    for c in target.codes
                ],
            }
        )
    else:
        frame = store.frame(year, member_level)
        code = target.codes[0]
        if code not in frame.index:
            notes.append(
                _t(
                    language,
                    f"{code} heeft geen gegevens over {year}",
                    f"{code} has no data in {year}",
                )
            )
        values = frame.loc[code] if code in frame.index else pd.Series(np.nan, frame.columns)
        distribution = frame
        urb = values.get("urbanity_class", np.nan)
        if "urbanity_class" in frame and np.isfinite(urb):
            peer_rows = frame[(frame["urbanity_class"] == urb) & (frame.index != code)]
            peers_label = _t(
                language,
                f"mediaan van {len(peer_rows)} gebieden ({member_level}) "
                f"met stedelijkheid {int(urb)}",
                f"median of {len(peer_rows)} {member_level} regions of urbanity class {int(urb)}",
            )
        else:
            peer_rows = frame.drop(index=[code], errors="ignore")
            peers_label = _t(
                language,
                f"mediaan van {len(peer_rows)} andere gebieden ({member_level})",
                f"median of {len(peer_rows)} other {member_level} regions",
            )
        with warnings.catch_warnings():  # all-missing columns have no median: NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            peers = peer_rows.median(numeric_only=True)
        members = pd.DataFrame(
            {
                "code": [code],
                "name": [target.name],
                "inhabitants": [values.get("inhabitants", np.nan)],
            }
        )
    nl_frame = store.frame(year, "land")
    nl = nl_frame.iloc[0] if len(nl_frame) else pd.Series(dtype="float64")
    gm_values = pd.Series(dtype="float64")
    gm_name = ""
    if target.gemeente:
        gm_frame = store.frame(year, "gemeente")
        if target.gemeente in gm_frame.index:
            gm_values = gm_frame.loc[target.gemeente]
        gm_names = store.regions(level="gemeente").dropna(subset=["name"])
        hit = gm_names[gm_names["code"] == target.gemeente]
        gm_name = str(hit["name"].iloc[-1]) if len(hit) else target.gemeente
    rows = []
    for ind in profile_indicators(cat, frame.columns):
        entry = cat[ind]
        v = float(values.get(ind, np.nan))
        dist = distribution[ind].to_numpy(dtype="float64") if ind in distribution else None
        p = percentile(distribution[ind], v) if dist is not None else np.nan
        vul = vulnerability_percentile(dist, v, entry.direction) if dist is not None else np.nan
        rows.append(
            ProfileRow(
                indicator=ind,
                label=entry.text(language),
                unit=unit_text(entry.unit, language),
                domain=entry.domain,
                direction=entry.direction,
                value=v,
                nl=float(nl.get(ind, np.nan)),
                gemeente=float(gm_values.get(ind, np.nan)),
                peers=float(peers.get(ind, np.nan)),
                percentile=p,
                vulnerability=vul,
                flag=bool(np.isfinite(vul) and vul >= FLAG_PERCENTILE),
            )
        )
    return Profile(
        target=target,
        year=year,
        language=language,
        rows=tuple(rows),
        population=float(values.get("inhabitants", np.nan)),
        members=members,
        peers_label=peers_label,
        gemeente_name=gm_name,
        notes=tuple(notes),
        trend=_trend(store, target, member_level, cat),
    )


def _trend(store: StoreLike, target: Target, level: str, cat: Catalogue) -> pd.DataFrame | None:
    """Key indicators over every year with data at ``level`` (``None`` for one year)."""
    status = store.status()
    years = sorted(
        int(y) for y in status.loc[(status["level"] == level) & (status["values"] > 0), "year"]
    )
    if len(years) < 2:
        return None
    rows = {}
    for y in years:
        frame = store.frame(y, level)
        rows[y] = (
            combine(frame, target.codes, cat)
            if target.is_area
            else (frame.loc[target.codes[0]] if target.codes[0] in frame.index else None)
        )
    table = pd.DataFrame({y: r for y, r in rows.items() if r is not None}).T
    keep = [c for c in profile_indicators(cat, table.columns) if cat[c].direction != "neutral"]
    table = table[keep]
    table = table.loc[:, table.notna().sum() >= 2]  # an indicator with at least two years
    return table if table.shape[1] else None


def _t(language: str, nl: str, en: str) -> str:
    return en if language == "en" else nl


def make_profile(
    cache: FrameCache, text: str, *, year: int | None = None, language: str = "nl"
) -> Profile:
    """Resolve ``text`` (:func:`~kloof.report.targets.resolve_target`) and build its
    profile with the index section (:func:`~kloof.report.indexing.index_section`);
    profiles are cached in ``cache`` (one per target, year and language)."""
    from dataclasses import replace

    from kloof.app.indexing import default_year
    from kloof.report.indexing import index_section
    from kloof.report.targets import resolve_target

    target = resolve_target(text, cache.regions())
    if year is None:
        level = target.member_level if target.is_area else target.level
        year = default_year(cache, level)

    def compute() -> Profile:
        profile = build_profile(cache, target, year=year, language=language)
        section = index_section(cache, target, profile.year, language=language)
        return replace(profile, index=section)

    return cache.cached(("profile", target.key, year, language), compute)
