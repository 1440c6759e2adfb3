"""Reading the store: wide analysis frames, geoframes, regions, status and provenance.

:class:`Queries` holds every read-only query of :class:`kloof.store.Store` (which
inherits it): the regions and years stored, the wide frame of one year and level
(:meth:`Queries.frame`, derived indicators added by the catalogue), the same with
boundaries (:meth:`Queries.geoframe`), one region's observations with provenance, the
store's status and sources, and crosswalk weights. Writing lives in
:mod:`kloof.store.store`.

The status and the sources also come as plain rows (:meth:`Queries.status_rows`,
:meth:`Queries.sources_rows`): ``kloof data status`` reads them without pandas, which
this module imports only in the methods that return frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["Queries"]

#: Rows of a query: column names and one tuple per row.
PlainRows = tuple[tuple[str, ...], list[tuple[Any, ...]]]

#: Per year and level: regions, indicators, values, missing values and boundaries. One
#: query that reads the observations once: joined to their regions (for the level) and
#: counted per indicator, then per level (cheaper than a COUNT(DISTINCT) over the join).
_STATUS = """WITH oi AS (
    SELECT r.year, r.level, o.indicator, COUNT(o.value) AS v, COUNT(*) AS n
    FROM observations o JOIN regions r USING (code, year) GROUP BY 1, 2, 3),
  o AS (SELECT year, level, COUNT(*) AS indicators, CAST(SUM(v) AS BIGINT) AS "values",
               CAST(SUM(n - v) AS BIGINT) AS missing
        FROM oi GROUP BY 1, 2),
  g AS (SELECT r.year, r.level, COUNT(*) AS geometries
        FROM geometries g JOIN regions r USING (code, year) GROUP BY 1, 2),
  rg AS (SELECT year, level, COUNT(*) AS regions FROM regions GROUP BY 1, 2)
  SELECT rg.year, rg.level, rg.regions,
         COALESCE(o.indicators, 0) AS indicators,
         COALESCE(o."values", 0) AS "values", COALESCE(o.missing, 0) AS missing,
         COALESCE(g.geometries, 0) AS geometries
  FROM rg LEFT JOIN o USING (year, level) LEFT JOIN g USING (year, level)
  ORDER BY rg.year,
    CASE rg.level WHEN 'land' THEN 0 WHEN 'gemeente' THEN 1 WHEN 'wijk' THEN 2 ELSE 3 END"""

#: Provenance of every import, oldest first.
_SOURCES = "SELECT * FROM sources ORDER BY imported_at, source_id"


class Queries:
    """The read-only queries of a kloof store (a mixin of :class:`kloof.store.Store`).

    The class using it sets ``_con``, the open DuckDB connection.
    """

    _con: duckdb.DuckDBPyConnection

    def _df(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self._con.execute(sql, list(params)).df()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> PlainRows:
        cursor = self._con.execute(sql, list(params))
        columns = tuple(str(d[0]) for d in cursor.description or ())
        return columns, cursor.fetchall()

    def years(self, level: str | None = None) -> list[int]:
        """Years with regions in the store (optionally of one level)."""
        sql = "SELECT DISTINCT year FROM regions"
        params: list[Any] = []
        if level:
            sql += " WHERE level = ?"
            params.append(level)
        return sorted(
            int(r[0]) for r in self._con.execute(sql + " ORDER BY year", params).fetchall()
        )

    def regions(self, year: int | None = None, level: str | None = None) -> pd.DataFrame:
        """Regions as a table; a missing name is filled from the nearest year's name.

        Returns
        -------
        pandas.DataFrame
            Columns ``code, year, level, name, parent_gm, parent_wk, name_year``.
        """
        where, params = _where(year=year, level=level, alias="r")
        return self._df(
            f"""SELECT r.code, r.year, r.level,
                       COALESCE(r.name, n.name) AS name, r.parent_gm, r.parent_wk,
                       CASE WHEN r.name IS NULL THEN n.year ELSE r.year END AS name_year
                FROM regions r
                LEFT JOIN (
                    SELECT code, year, name,
                           ROW_NUMBER() OVER (PARTITION BY code ORDER BY year DESC) AS k
                    FROM regions WHERE name IS NOT NULL
                ) n ON n.code = r.code AND n.k = 1
                {where} ORDER BY r.year, r.code""",
            params,
        )

    def indicators(self, year: int | None = None, level: str | None = None) -> list[str]:
        """Indicator ids with at least one value for ``year`` and ``level``."""
        where, params = _where(year=year, level=level, alias="r")
        rows = self._con.execute(
            f"""SELECT DISTINCT o.indicator FROM observations o
                JOIN regions r USING (code, year) {where} ORDER BY 1""",
            params,
        ).fetchall()
        return [r[0] for r in rows]

    def frame(
        self,
        year: int,
        level: str,
        indicators: Sequence[str] | None = None,
        *,
        derive: bool = True,
        codes: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """A wide analysis frame: one row per region, one column per indicator.

        Parameters
        ----------
        year, level
            Which regions (``land``, ``gemeente``, ``wijk``, ``buurt``).
        indicators
            Catalogue ids to return (default: all present). Derived ids (rates) are
            computed from their inputs when ``derive`` is true.
        derive
            Add derived indicators (:meth:`kloof.catalogue.Catalogue.derive`).
        codes
            Restrict to these region codes.

        Returns
        -------
        pandas.DataFrame
            Index ``code`` (sorted), float columns; missing values are NaN.
        """
        import pandas as pd

        from kloof import catalogue as _catalogue

        cat = _catalogue.load()
        wanted: set[str] | None = None
        if indicators is not None:
            wanted = set()
            for ind in indicators:
                wanted.add(ind)
                wanted.update(cat.inputs(ind))
        where, params = _where(year=year, level=level, alias="r")
        if wanted is not None:
            where += f" AND o.indicator IN ({', '.join('?' * len(wanted))})"
            params += sorted(wanted)
        if codes is not None:
            where += f" AND r.code IN ({', '.join('?' * len(codes))})"
            params += list(codes)
        long = self._df(
            f"""SELECT o.code, o.indicator, o.value FROM observations o
                JOIN regions r USING (code, year) {where}""",
            params,
        )
        region_codes = self._df(
            f"SELECT r.code FROM regions r {_where(year=year, level=level, alias='r')[0]}"
            + ("" if codes is None else f" AND r.code IN ({', '.join('?' * len(codes))})"),
            [year, level, *(codes or [])],
        )["code"]
        wide = long.pivot(index="code", columns="indicator", values="value")
        wide = wide.reindex(pd.Index(sorted(region_codes), name="code")).astype("float64")
        wide.columns.name = None
        if derive:
            wide = cat.derive(wide)
        if indicators is not None:
            wide = wide.reindex(columns=list(indicators))
        else:
            wide = wide.reindex(columns=sorted(wide.columns))
        return wide

    def geoframe(
        self, year: int, level: str, indicators: Sequence[str] | None = None
    ) -> gpd.GeoDataFrame:
        """Regions of ``year`` and ``level`` with geometry (EPSG:28992) and indicators.

        Regions without stored geometry are left out; :meth:`geometry_years` tells
        which years have boundaries.
        """
        import geopandas as gpd
        import shapely

        from kloof.store.ingest import RD_NEW

        geo = self._df(
            """SELECT g.code, g.geom FROM geometries g JOIN regions r USING (code, year)
               WHERE g.year = ? AND r.level = ? ORDER BY g.code""",
            [year, level],
        )
        shapes = shapely.from_wkb(geo["geom"].map(bytes).to_numpy())
        names = self.regions(year, level).set_index("code")["name"]
        gdf = gpd.GeoDataFrame(
            {"code": geo["code"], "name": geo["code"].map(names)}, geometry=shapes, crs=RD_NEW
        )
        if indicators is None or len(indicators):
            values = self.frame(year, level, indicators)
            gdf = gdf.join(values, on="code")
        return gdf

    def geometry_years(self) -> pd.DataFrame:
        """Years and levels with boundaries: columns ``year, level, regions``."""
        return self._df(
            """SELECT g.year, r.level, COUNT(*) AS regions FROM geometries g
               JOIN regions r USING (code, year) GROUP BY 1, 2 ORDER BY 1, 2"""
        )

    def observations(self, code: str, year: int | None = None) -> pd.DataFrame:
        """All observations of one region (long), with provenance."""
        from kloof import regions as _regions

        code = _regions.parse(code).code
        where = "WHERE o.code = ?"
        params: list[Any] = [code]
        if year is not None:
            where += " AND o.year = ?"
            params.append(year)
        return self._df(
            f"""SELECT o.year, o.indicator, o.value, o.source_id, s.location
                FROM observations o LEFT JOIN sources s USING (source_id)
                {where} ORDER BY o.year, o.indicator""",
            params,
        )

    def status(self) -> pd.DataFrame:
        """What is in the store: per year and level, regions, indicators and values.

        Returns
        -------
        pandas.DataFrame
            Columns ``year, level, regions, indicators, values, missing, geometries``.
        """
        return self._df(_STATUS)

    def status_rows(self) -> PlainRows:
        """:meth:`status` as plain rows, without pandas (for ``kloof data status``).

        Returns
        -------
        tuple
            The column names (as in :meth:`status`) and one tuple of Python values per
            row, in the same order.
        """
        return self._rows(_STATUS)

    def sources(self) -> pd.DataFrame:
        """Provenance of every import, oldest first."""
        return self._df(_SOURCES)

    def sources_rows(self) -> PlainRows:
        """:meth:`sources` as plain rows (column names, tuples), without pandas."""
        return self._rows(_SOURCES)

    def crosswalk(self, level: str, from_year: int, to_year: int) -> pd.DataFrame:
        """Transfer weights from ``from_year`` to ``to_year`` regions of ``level``.

        Only regions touched by a boundary change appear; others map one-to-one.
        """
        return self._df(
            """SELECT from_code, to_code, weight FROM crosswalks
               WHERE level = ? AND from_year = ? AND to_year = ? ORDER BY 1, 2""",
            [level, from_year, to_year],
        )

    def counts(self) -> dict[str, int]:
        """Row counts per table (for tests and status)."""
        tables = ("regions", "observations", "geometries", "crosswalks", "sources")
        return {
            t: int(self._con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in tables
        }


def _where(*, year: int | None, level: str | None, alias: str) -> tuple[str, list[Any]]:
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if year is not None:
        clauses.append(f"{alias}.year = ?")
        params.append(int(year))
    if level is not None:
        clauses.append(f"{alias}.level = ?")
        params.append(level)
    return "WHERE " + " AND ".join(clauses), params
