"""Boundaries a re-import would replace: refused, or counted with ``replace``.

A boundary file of a year the store already holds replaces the stored shapes of the
regions it contains. Like values (:meth:`kloof.store.Store.ingest_many`), stored
boundaries are never replaced silently: without ``replace`` the import is refused with
how many shapes would change and which; with it the report counts them
(:attr:`kloof.store.ingest.IngestReport.geometries_changed`). Shapes are compared as
stored (well-known binary in RD New), so re-importing the same shapes from another copy
of a file changes nothing.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kloof.errors import StoreError

__all__ = ["geometries_replaced"]

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
