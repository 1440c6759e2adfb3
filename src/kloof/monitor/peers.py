"""Peer comparison: the regions most similar to an area by context, and its standing.

In the style of the Rotterdam Wijkprofiel's *vergelijkbare wijken*: an area is compared
with the :math:`k` regions most like it in **context** (size, urbanity, housing stock,
age and household structure), not in the outcomes being monitored, so that "how do we
do compared with areas like us" is a fair question.

Context variables :math:`v` are transformed (``log10`` for sizes and densities) and
standardised over the candidate regions, :math:`z_{iv} = (x_{iv} - \\bar x_v) / s_v`; the
distance of candidate :math:`i` to the area :math:`a` is the weighted Euclidean distance

.. math:: d_{ai} = \\sqrt{\\frac{\\sum_v \\omega_v (z_{av} - z_{iv})^2}{\\sum_v \\omega_v}} .

Candidates missing a context value are left out (and counted). The area's **standing**
on an outcome is its rank among itself and its peers and the share of peers below it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kloof import catalogue as _catalogue
from kloof.errors import SpecError
from kloof.monitor.aggregate import Group, Rule, aggregate, plan
from kloof.monitor.areas import Area

__all__ = ["CONTEXT", "LOG", "Peers", "area_peers", "default_context", "peers", "standing"]

#: Preferred context variables by theme, in order; :func:`default_context` keeps those
#: present in the data.
CONTEXT: dict[str, tuple[str, ...]] = {
    "size": ("inhabitants",),
    "urbanity": ("address_density", "population_density"),
    "housing": ("social_rent_pct", "owner_occupied_pct", "single_family_pct", "woz_mean"),
    "age": ("age_0_14_pct", "age_65_plus_pct"),
    "households": ("household_size_mean", "one_person_households_pct"),
}
#: Variables compared on a log10 scale (sizes and densities).
LOG: frozenset[str] = frozenset(
    {"inhabitants", "households", "dwellings", "address_density", "population_density"}
)


def default_context(columns: Sequence[str]) -> tuple[str, ...]:
    """The :data:`CONTEXT` variables present in ``columns`` (at most two per theme)."""
    have = set(columns)
    out: list[str] = []
    for names in CONTEXT.values():
        out += [n for n in names if n in have][:2]
    if len(out) < 2:
        raise SpecError(f"too few context variables in the data (found {out})")
    return tuple(out)


@dataclass(frozen=True)
class Peers:
    """The nearest regions by context.

    Attributes
    ----------
    target
        Name of the area (or code).
    context
        Context variables used.
    table
        The :math:`k` peers: index = code, ``distance`` then the raw context values.
    profile
        The area's raw context values.
    candidates, dropped
        Number of candidates compared, and left out for missing context.
    """

    target: str
    context: tuple[str, ...]
    table: pd.DataFrame
    profile: pd.Series
    candidates: int
    dropped: int

    @property
    def codes(self) -> list[str]:
        """Peer codes, nearest first."""
        return [str(c) for c in self.table.index]


def _transform(frame: pd.DataFrame, context: Sequence[str]) -> pd.DataFrame:
    out = frame.loc[:, list(context)].astype("float64").copy()
    for v in context:
        if v in LOG:
            out[v] = np.log10(out[v].where(out[v] > 0))
    return out


def peers(
    frame: pd.DataFrame,
    target: str | pd.Series,
    *,
    k: int = 10,
    context: Sequence[str] | None = None,
    weights: Mapping[str, float] | None = None,
    candidates: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    name: str | None = None,
) -> Peers:
    """The ``k`` candidates nearest to ``target`` in standardised context.

    Parameters
    ----------
    frame
        Candidates' values (index = codes), one level (e.g. all wijken).
    target
        A code of ``frame`` or an area profile (e.g. a row of
        :attr:`kloof.monitor.aggregate.Aggregation.values`).
    k
        Number of peers.
    context
        Context variables (default: :func:`default_context`).
    weights
        Weight :math:`\\omega_v` per variable (default 1).
    candidates
        Restrict candidates to these codes (default: all of ``frame``).
    exclude
        Codes never peers (the area's own regions, other programme areas).
    """
    ctx = tuple(context) if context is not None else default_context(list(frame.columns))
    missing = [v for v in ctx if v not in frame.columns]
    if missing:
        raise SpecError(f"context variables not in the data: {missing}")
    if isinstance(target, str):
        if target not in frame.index:
            raise SpecError(f"{target!r} is not in the data")
        profile = frame.loc[target, list(ctx)].astype("float64")
        label = name or target
        exclude = (*exclude, target)
    else:
        profile = target.reindex(list(ctx)).astype("float64")
        label = name or str(target.name or "area")
    if profile.isna().any() and context is None:
        # the default context uses what the area has (e.g. age shares suppressed in a
        # PC4 part); a context the user chose is never changed silently
        ctx = tuple(v for v in ctx if pd.notna(profile[v]))
        if len(ctx) < 2:
            raise SpecError(f"too few context values for the area (found {list(ctx)})")
        profile = profile[list(ctx)]
    if profile.isna().any():
        raise SpecError(f"the area lacks context values: {list(profile[profile.isna()].index)}")
    pool = frame if candidates is None else frame.loc[frame.index.intersection(candidates)]
    pool = pool.loc[~pool.index.isin(list(exclude))]
    z_all = _transform(pool, ctx)
    complete = z_all.notna().all(axis=1)
    z_all = z_all[complete]
    if len(z_all) < k:
        raise SpecError(f"only {len(z_all)} candidates with complete context for k = {k}")
    mu, sd = z_all.mean(), z_all.std(ddof=1).replace(0.0, 1.0)
    z = (z_all - mu) / sd
    zt = (_transform(profile.to_frame().T, ctx).iloc[0] - mu) / sd
    w = pd.Series({v: float((weights or {}).get(v, 1.0)) for v in ctx})
    if (w < 0).any() or w.sum() <= 0:
        raise SpecError("context weights must be non-negative and not all zero")
    dist = np.sqrt((((z - zt) ** 2) * w).sum(axis=1) / w.sum())
    nearest = dist.sort_values(kind="stable").head(k)
    table = pool.loc[nearest.index, list(ctx)].copy()
    table.insert(0, "distance", nearest)
    return Peers(label, ctx, table, profile, int(complete.sum()), int((~complete).sum()))


def area_peers(
    frame: pd.DataFrame,
    area: Area,
    *,
    k: int = 10,
    context: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    rules: Mapping[str, Rule] | None = None,
    catalogue: _catalogue.Catalogue | None = None,
) -> Peers:
    """Peers of an area: its context aggregated over its regions (weighted as the
    catalogue says), compared with the other regions of ``frame``.

    Without ``context`` the :data:`CONTEXT` variables are used that are in ``frame``
    *and* can be aggregated (a rate whose weight count is absent is left out).
    ``frame`` should hold the candidate level only (e.g. wijken); the area's own codes
    and ``exclude`` are never peers.
    """
    if not area.known:
        raise SpecError(f"the composition of area {area.id!r} is unknown (no codes)")
    chosen = context
    if context is None:
        usable = []
        for col in frame.columns:
            try:
                plan([col], rules=rules, catalogue=catalogue, available=frame.columns)
            except SpecError:
                continue
            usable.append(str(col))
        context = default_context(usable)
    agg = aggregate(
        frame,
        [Group(area.id, area.codes)],
        columns=list(context),
        rules=rules,
        catalogue=catalogue,
    )
    profile = agg.values.loc[area.id].rename(area.id)
    if chosen is None:  # the default context: what the area has a value for
        context = [c for c in context if pd.notna(profile.get(c))]
        if len(context) < 2:
            raise SpecError(f"too few context values for area {area.id!r} (found {context})")
    return peers(
        frame, profile, k=k, context=context, exclude=(*area.codes, *exclude), name=area.name
    )


def standing(
    value: float, peer_values: pd.Series, *, higher_is_better: bool = True
) -> dict[str, float]:
    """Where ``value`` stands among its peers' values.

    Returns
    -------
    dict
        ``value``, ``peer_median``, ``peer_min``, ``peer_max``, ``rank`` (1 = best among
        area and peers), ``n`` (area + peers with a value), ``share_below`` (% of peers
        with a lower value).
    """
    vals = peer_values.dropna().astype("float64")
    if vals.empty or not np.isfinite(value):
        raise SpecError("no values to compare")
    better = (vals > value).sum() if higher_is_better else (vals < value).sum()
    return {
        "value": float(value),
        "peer_median": float(vals.median()),
        "peer_min": float(vals.min()),
        "peer_max": float(vals.max()),
        "rank": float(better + 1),
        "n": float(len(vals) + 1),
        "share_below": float(100.0 * (vals < value).mean()),
    }
