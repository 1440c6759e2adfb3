"""Known data a re-import would replace: refused, counted with ``replace``, or kept.

A stored value, boundary or crosswalk is never replaced silently
(:meth:`kloof.store.Store.ingest_many`); the checks here run inside the import's
transaction, before anything of the batch is written:

* :func:`values_replaced`: values a batch would change or blank (estimates kloof made
  itself, source kind ``reexpress``, give way without ``replace``), counted in
  :attr:`kloof.store.ingest.IngestReport.changed` and ``blanked``;
* :func:`geometries_replaced`: a boundary file of a year the store already holds
  replaces the stored shapes of the regions it contains; without ``replace`` the import
  is refused with how many shapes would change and which; with it the report counts them
  (:attr:`kloof.store.ingest.IngestReport.geometries_changed`). Shapes are compared as
  stored (well-known binary in RD New), so re-importing the same shapes from another
  copy of a file changes nothing;
* :func:`crosswalk_taken`: a crosswalk of a level and years that another file already
  stored is refused, or cleared whole with ``replace``;
* :func:`supplemented`: a supplement batch never replaces; its values for known keys
  are left out and counted (:attr:`kloof.store.ingest.IngestReport.kept`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kloof.errors import StoreError

__all__ = ["crosswalk_taken", "geometries_replaced", "supplemented", "values_replaced"]

#: Codes named in a refusal at most.
SHOWN = 5


def geometries_replaced(
    con: Any, location: str, geoms: pd.DataFrame | None, *, replace: bool
) -> int:
    """How many stored boundaries ``geoms`` would change (refused unless ``replace``).

    Parameters
    ----------
    con
        The store's DuckDB connection (inside the import's transaction).
    location
        The file, for the message.
    geoms
        Rows ``code, year, geom, crs`` the batch would write.
    replace
        Allow stored boundaries to be replaced.

    Returns
    -------
    int
        Stored boundaries that the batch replaces by a different shape.

    Raises
    ------
    StoreError
        Without ``replace``, when any stored boundary would change; nothing is written.
    """
    if geoms is None or not len(geoms):
        return 0
    con.register("_in_geoms_cmp", geoms[["code", "year", "geom"]])
    try:
        changed_sql = """FROM geometries g JOIN _in_geoms_cmp i USING (code, year)
                         WHERE g.geom <> i.geom"""
        ((changed,),) = con.execute(f"SELECT COUNT(*) {changed_sql}").fetchall()
        if changed and not replace:
            rows = con.execute(
                f"SELECT g.code, g.year {changed_sql} ORDER BY g.year, g.code LIMIT {SHOWN}"
            ).fetchall()
            years = [
                int(y) for (y,) in con.execute(f"SELECT DISTINCT g.year {changed_sql}").fetchall()
            ]
            years.sort()
            shown = ", ".join(str(c) for c, _ in rows)
            more = f" and {changed - SHOWN} more" if changed > SHOWN else ""
            raise StoreError(
                "{location}: would replace {n} stored boundaries of {years} by different "
                "shapes (e.g. {codes}); nothing imported. Pass --replace (replace=True) to "
                "replace them",
                location=location,
                n=changed,
                years=", ".join(map(str, years)),
                codes=shown + more,
            )
    finally:
        con.unregister("_in_geoms_cmp")
    return int(changed)


def values_replaced(
    con: Any, location: str, obs: pd.DataFrame, *, replace: bool
) -> tuple[int, int]:
    """Known values that ``obs`` would change: refuse, or count them.

    Parameters
    ----------
    con
        The store's DuckDB connection (inside the import's transaction).
    location
        The file, for the message.
    obs
        Rows ``code, year, indicator, value`` the batch would write.
    replace
        Allow known values to be replaced by different or missing ones.

    Returns
    -------
    tuple of int
        Known values the batch changes, and how many of them it blanks (to missing).
        Estimates kloof made itself (source ``reexpress:…``) are not counted.

    Raises
    ------
    StoreError
        Without ``replace``, when any known value would change; nothing is written.
    """
    if not len(obs):
        return 0, 0
    con.register("_in_obs", obs)
    changed_sql = """FROM observations o JOIN _in_obs i USING (code, year, indicator)
        WHERE o.value IS NOT NULL AND o.source_id NOT LIKE 'reexpress:%'
          AND (i.value IS NULL OR isnan(i.value)
          OR abs(o.value - i.value) > 1e-9 * greatest(1.0, abs(o.value)))"""
    blank = "i.value IS NULL OR isnan(i.value)"
    ((changed, blanked),) = con.execute(
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {blank}) {changed_sql}"
    ).fetchall()
    if changed and not replace:
        examples = con.execute(
            f"""SELECT o.code, o.year, o.indicator, o.value, i.value {changed_sql}
                ORDER BY o.indicator, o.code LIMIT 5"""
        ).fetchall()
        shown = "; ".join(
            f"{c} {ind} ({y}) {old:.6g} → {_shown(new)}" for c, y, ind, old, new in examples
        )
        con.unregister("_in_obs")
        raise StoreError(
            f"{location}: would change {changed} stored value(s), {blanked} of them to "
            f"missing, e.g. {shown}; nothing imported. Pass --replace (replace=True) "
            "to replace them"
        )
    con.unregister("_in_obs")
    return changed, blanked


def crosswalk_taken(
    con: Any,
    location: str,
    xwalk: pd.DataFrame | None,
    *,
    replace: bool,
    claimed: dict[tuple[str, int, int], str],
) -> None:
    """Refuse (or, with ``replace``, clear) a crosswalk another file already stored.

    Rows of two matrices for the same level and years would mix into weights that no
    longer sum to 1 per source region.

    Parameters
    ----------
    con
        The store's DuckDB connection (inside the import's transaction).
    location
        The file, for the message.
    xwalk
        Crosswalk rows the batch would write (``level, from_year, to_year, ...``).
    replace
        Clear the stored crosswalk of the same level and years instead of refusing.
    claimed
        ``(level, from_year, to_year)`` → file, of the batches of this import so far;
        updated here.

    Raises
    ------
    StoreError
        When another file of the same import holds the same crosswalk, or (without
        ``replace``) the store holds it already; nothing is written.
    """
    if xwalk is None or not len(xwalk):
        return
    keys = xwalk[["level", "from_year", "to_year"]].drop_duplicates()
    for level, first, last in keys.itertuples(index=False):
        key = (str(level), int(first), int(last))
        other = claimed.setdefault(key, location)
        if other != location:
            raise StoreError(
                f"{location}: {other} in the same import holds the {level} "
                f"crosswalk {first} → {last} too; import one of them"
            )
        params = list(key)
        where = "WHERE level = ? AND from_year = ? AND to_year = ?"
        found = con.execute(
            f"SELECT source_id, COUNT(*) FROM crosswalks {where} GROUP BY 1 LIMIT 1", params
        ).fetchall()
        if not found:
            continue
        if not replace:
            raise StoreError(
                f"{location}: the store already holds the {level} crosswalk "
                f"{first} → {last} ({found[0][1]} rows from {found[0][0]}); nothing "
                "imported. Pass --replace (replace=True) to replace it"
            )
        con.execute(f"DELETE FROM crosswalks {where}", params)


def supplemented(con: Any, obs: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The rows of a supplement batch without a known value yet, and how many not.

    Parameters
    ----------
    con
        The store's DuckDB connection (inside the import's transaction).
    obs
        Rows ``code, year, indicator, value`` of the supplement batch.

    Returns
    -------
    tuple
        The rows to write, and how many were left out because the store holds a value
        for their key (estimates kloof made itself do not count as known).
    """
    if not len(obs):
        return obs, 0
    con.register("_in_obs", obs[["code", "year", "indicator"]])
    known = con.execute(
        """SELECT i.code, i.year, i.indicator FROM _in_obs i JOIN observations o
           USING (code, year, indicator)
           WHERE o.value IS NOT NULL AND o.source_id NOT LIKE 'reexpress:%'"""
    ).fetchdf()
    con.unregister("_in_obs")
    if not len(known):
        return obs, 0
    keys = pd.MultiIndex.from_frame(obs[["code", "year", "indicator"]])
    drop = keys.isin(pd.MultiIndex.from_frame(known))
    return obs.loc[~drop], int(drop.sum())


def _shown(value: float | None) -> str:
    return "missing" if value is None or value != value else f"{value:.6g}"
