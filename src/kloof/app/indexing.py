"""The composite index for every face: inputs, results and intervals, built once.

:func:`index_inputs` assembles what :func:`kloof.index.build` needs (the frame, NL as the
reference, gemeente and NL rows as parents for imputation and small-area estimation);
:func:`index_result` builds and caches the index of one level and year;
:func:`index_interval` adds the Monte Carlo uncertainty interval (fixed runs and seed,
so the interval is reproducible); :func:`area_result` scores a named area as a region of
its own on the wijk model. Results are cached in a :class:`~kloof.app.cache.FrameCache`
under (what, level, year, preset), so a command or a page builds each index once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from kloof.errors import KloofError

if TYPE_CHECKING:
    from kloof.app.cache import FrameCache
    from kloof.app.targets import Target
    from kloof.index import IndexResult, UncertaintyResult

__all__ = [
    "INDEX_LEVELS",
    "PRESET",
    "UNCERTAINTY_RUNS",
    "UNCERTAINTY_SEED",
    "area_result",
    "available",
    "default_year",
    "index_inputs",
    "index_interval",
    "index_ok",
    "index_result",
]

#: Preset shown by default.
PRESET = "kloof"
#: Levels with an index (buurten have too many suppressed values for a national index).
INDEX_LEVELS = ("gemeente", "wijk")
#: Monte Carlo runs and seed of the interval shown in profiles.
UNCERTAINTY_RUNS = 200
UNCERTAINTY_SEED = 20_240_101


def available() -> bool:
    """Whether the index engine (:mod:`kloof.index`) is installed."""
    try:
        import kloof.index  # noqa: F401
    except ImportError:
        return False
    return True


def index_inputs(store: Any, level: str, year: int) -> tuple[pd.DataFrame, Any, dict[str, Any]]:
    """What :func:`kloof.index.build` needs for ``level`` in ``year``: the frame, the NL
    row as reference (``None`` without one) and the parent frames (NL, the gemeente and,
    for buurten, the wijk level) that imputation and small-area estimation use.

    ``store`` is a :class:`~kloof.store.Store` or a
    :class:`~kloof.app.cache.FrameCache`; the one place where the CLI, the reports
    and the dashboard assemble index inputs.
    """
    frame = store.frame(year, level)
    nl = store.frame(year, "land")
    parents: dict[str, pd.DataFrame] = {"land": nl}
    if level in ("wijk", "buurt"):
        parents["gemeente"] = store.frame(year, "gemeente")
    if level == "buurt":
        parents["wijk"] = store.frame(year, "wijk")
    reference = nl.iloc[0] if len(nl) else None
    return frame, reference, parents


def index_ok(cache: FrameCache, level: str, year: int, preset: str = PRESET) -> bool:
    """Whether the index can be built at ``level`` in ``year`` (its indicators exist)."""
    if not available() or level not in INDEX_LEVELS:
        return False
    try:
        index_result(cache, level, year, preset)
    except KloofError:
        return False
    return True


def default_year(cache: FrameCache, level: str, preset: str = PRESET) -> int:
    """The year shown by default (:func:`kloof.app.years.default_year` for ``preset``)."""
    from kloof.app.years import default_year as _default

    return _default(cache, level, spec=preset)


def index_result(cache: FrameCache, level: str, year: int, preset: str = PRESET) -> IndexResult:
    """The index of every region of ``level`` in ``year`` (cached)."""

    def compute() -> IndexResult:
        from kloof import index

        frame, reference, parents = index_inputs(cache, level, year)
        # warnings (optional indicators the KWB lacks) are not silenced here: they reach
        # the face (CLI notes, server log) and stay in the result's log
        return index.build(frame, preset, reference=reference, parents=parents, year=year)

    return cache.cached(("index", level, year, preset), compute)


def index_interval(
    cache: FrameCache, level: str, year: int, preset: str = PRESET
) -> UncertaintyResult:
    """Monte Carlo uncertainty of :func:`index_result` (fixed runs and seed, cached)."""

    def compute() -> UncertaintyResult:
        from kloof import index

        frame, reference, parents = index_inputs(cache, level, year)
        return index.uncertainty(
            frame,
            preset,
            runs=UNCERTAINTY_RUNS,
            seed=UNCERTAINTY_SEED,
            reference=reference,
            parents=parents,
        )

    return cache.cached(("uncertainty", level, year, preset), compute)


def area_result(cache: FrameCache, target: Target, year: int, preset: str = PRESET) -> IndexResult:
    """The index of a named area (``target``), scored on the wijk model of ``year``.

    The area's member values are combined (:func:`kloof.app.areas.combine`: sums of
    counts, rates from summed numerators and denominators) and scored as one region of
    the wijk level under the area's own key (e.g. ``nplv:rotterdam-zuid``) in its
    gemeente, on the same scale as every wijk (cached).
    """
    from kloof.app.areas import combine, member_frame

    def compute() -> IndexResult:
        result = index_result(cache, "wijk", year, preset)
        frame = member_frame(cache, year, target.codes)
        row = combine(frame, list(frame.index))
        key = target.key
        one = pd.DataFrame([row.to_numpy()], index=pd.Index([key], name="code"), columns=row.index)
        one = one.reindex(columns=cache.frame(year, "wijk").columns)
        _, reference, parents = index_inputs(cache, "wijk", year)
        return result.model.apply(
            one,
            reference=reference,
            parents=parents,
            year=year,
            areas={key: target.gemeente or "GM0000"},
        )

    return cache.cached(("area-index", target.key, year, preset), compute)
