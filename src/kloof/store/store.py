"""The DuckDB store: atomic, idempotent imports and wide-frame queries.

Examples
--------
>>> from kloof.store import open_store
>>> store = open_store(":memory:")
>>> store.status().empty
True
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace as replace_fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from kloof import catalogue as _catalogue
from kloof import regions as _regions
from kloof.batch import ImportBatch
from kloof.errors import StoreError
from kloof.store.ingest import RD_NEW, IngestReport, Tables, prepare
from kloof.store.replacing import geometries_replaced
from kloof.store.schema import APP, DDL, SCHEMA_VERSION

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["IngestReport", "Store", "open_store"]


class Store:
    """A kloof store in one DuckDB file.

    Parameters
    ----------
    path
        File path, or ``":memory:"`` for a throw-away store.
    create
        Create the file (and schema) if it does not exist; otherwise raise.
    read_only
        Open without write access (several readers may share a file).

    Raises
    ------
    StoreError
        If the file is not a DuckDB database, not a kloof store, or of another schema
        version.
    """

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False) -> None:
        self.path = str(path)
        exists = self.path == ":memory:" or Path(self.path).exists()
        if not exists and not create:
            raise StoreError(f"{self.path}: no store here; run `kloof data import` first")
        if not exists and read_only:
            raise StoreError(f"{self.path}: no store here to open read-only")
        if exists and self.path != ":memory:":
            _refuse_foreign_file(Path(self.path))
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            busy = _lock_holder(str(exc))
            if busy is not None:
                raise StoreError(
                    f"{self.path}: the store is busy: {busy} holds it open for writing "
                    "(another `kloof data import`, or `kloof serve`); wait until it is "
                    "done or stop it, then try again"
                ) from None
            raise StoreError(
                f"{self.path}: not a kloof store (DuckDB cannot open it: {exc}); "
                "point --store / KLOOF_STORE at a kloof store or at a new file"
            ) from None
        self._check_or_create(fresh=self.path == ":memory:" or not exists)

    # -- lifecycle -----------------------------------------------------------------
    def _check_or_create(self, fresh: bool) -> None:
        tables = {
            r[0] for r in self._con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if not tables and fresh:
            with self._transaction():
                for ddl in DDL:
                    self._con.execute(ddl)
                self._con.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("app", APP), ("schema_version", str(SCHEMA_VERSION))],
                )
            return
        if "meta" not in tables:
            self._con.close()
            raise StoreError(
                f"{self.path}: this DuckDB file is not a kloof store (no meta table); "
                "use another --store path"
            )
        meta = dict(self._con.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("app") != APP:
            self._con.close()
            raise StoreError(f"{self.path}: not a kloof store (app={meta.get('app')!r})")
        version = int(meta.get("schema_version", "0"))
        if version != SCHEMA_VERSION:
            self._con.close()
            newer = "newer" if version > SCHEMA_VERSION else "older"
            raise StoreError(
                f"{self.path}: store schema version {version} is {newer} than this kloof "
                f"(version {SCHEMA_VERSION}); "
                + (
                    "upgrade kloof"
                    if version > SCHEMA_VERSION
                    else "re-import the data into a new store"
                )
            )

    def close(self) -> None:
        """Close the connection."""
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        else:
            self._con.execute("COMMIT")

    def _df(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self._con.execute(sql, list(params)).df()

    # -- writing ---------------------------------------------------------------------
    def has_source(self, source_id: str) -> bool:
        """Whether content with this provenance id was imported before."""
        row = self._con.execute("SELECT 1 FROM sources WHERE source_id = ?", [source_id]).fetchone()
        return row is not None

    def ingest(
        self, batch: ImportBatch, *, partial: bool = False, replace: bool = False
    ) -> IngestReport:
        """Store one batch atomically and idempotently; see :meth:`ingest_many`."""
        return self.ingest_many([batch], partial=partial, replace=replace)[0]

    def ingest_many(
        self, batches: Sequence[ImportBatch], *, partial: bool = False, replace: bool = False
    ) -> list[IngestReport]:
        """Store batches in one transaction, atomically and idempotently.

        All batches are checked first (contract, plausibility, completeness:
        :func:`kloof.store.ingest.prepare`) and written in one transaction: on any
        error the store is left exactly as before. Content imported before (same
        ``source_id``) is skipped. Region names are only filled, never blanked.

        A stored value is never silently replaced: when a batch holds a different
        value, or a missing one, for a ``(code, year, indicator)`` that has a known
        value, the import is refused unless ``replace`` is true; the report then says
        how many values changed (:attr:`IngestReport.changed`). Estimates kloof made
        itself (re-expressed PC4 values, source kind ``reexpress``) give way to an
        imported value without ``replace``. Stored boundaries are likewise only replaced
        by different shapes with ``replace`` (:mod:`kloof.store.replacing`, counted in
        :attr:`IngestReport.geometries_changed`). Likewise a crosswalk of a level and years
        that another file already stored is refused, or replaced whole with ``replace``.
        A supplement batch (:attr:`kloof.batch.ImportBatch.supplement`, a compilation
        that repeats fuller publications) never replaces: its values for keys that are
        already known (stored, or written by an earlier batch of this import) are left
        out and counted (:attr:`IngestReport.kept`).

        Parameters
        ----------
        batches
            What the readers produced.
        partial
            Accept files whose own totals say that regions are missing.
        replace
            Allow known values to be replaced by different or missing ones.

        Raises
        ------
        StoreError, DataFormatError
            If a batch breaks the data contract (invalid codes, unknown indicators,
            duplicate rows), holds implausible values, looks cut off, or would replace
            known values without ``replace``; nothing is written then.
        """
        prepared: list[tuple[ImportBatch, Tables | None]] = []
        seen: set[str] = set()
        for batch in batches:
            src = batch.source
            if self.has_source(src.source_id) or src.source_id in seen:
                prepared.append((batch, None))
                continue
            seen.add(src.source_id)
            prepared.append((batch, prepare(batch, partial=partial)))
        reports: list[IngestReport] = []
        with self._transaction():
            # compared with the store as it was before this import, all batches first
            replaced = [
                (0, 0)
                if tables is None or batch.supplement
                else self._replaced(batch, tables[1], replace)
                for batch, tables in prepared
            ]
            reshaped = [
                0
                if tables is None
                else geometries_replaced(
                    self._con, batch.source.location, tables[2], replace=replace
                )
                for batch, tables in prepared
            ]
            claimed: dict[tuple[str, int, int], str] = {}
            for batch, tables in prepared:
                if tables is not None:
                    self._crosswalk_taken(batch, tables[3], replace, claimed)
            for (batch, tables), (changed, blanked), shapes in zip(
                prepared, replaced, reshaped, strict=True
            ):
                if tables is None:
                    reports.append(IngestReport(batch.source.source_id, True, years=batch.years))
                    continue
                kept = 0
                if batch.supplement:
                    obs, kept = self._supplemented(tables[1])
                    tables = (tables[0], obs, tables[2], tables[3])
                report = self._write(batch, *tables)
                reports.append(
                    replace_fields(
                        report,
                        changed=changed,
                        blanked=blanked,
                        kept=kept,
                        geometries_changed=shapes,
                    )
                )
        return reports

    def _crosswalk_taken(
        self,
        batch: ImportBatch,
        xwalk: pd.DataFrame | None,
        replace: bool,
        claimed: dict[tuple[str, int, int], str],
    ) -> None:
        """Refuse (or, with ``replace``, clear) a crosswalk another file already stored.

        Rows of two matrices for the same level and years would mix into weights that no
        longer sum to 1 per source region.
        """
        if xwalk is None or not len(xwalk):
            return
        keys = xwalk[["level", "from_year", "to_year"]].drop_duplicates()
        for level, first, last in keys.itertuples(index=False):
            key = (str(level), int(first), int(last))
            other = claimed.setdefault(key, batch.source.location)
            if other != batch.source.location:
                raise StoreError(
                    f"{batch.source.location}: {other} in the same import holds the {level} "
                    f"crosswalk {first} → {last} too; import one of them"
                )
            params = list(key)
            where = "WHERE level = ? AND from_year = ? AND to_year = ?"
            found = self._con.execute(
                f"SELECT source_id, COUNT(*) FROM crosswalks {where} GROUP BY 1 LIMIT 1", params
            ).fetchall()
            if not found:
                continue
            if not replace:
                raise StoreError(
                    f"{batch.source.location}: the store already holds the {level} crosswalk "
                    f"{first} → {last} ({found[0][1]} rows from {found[0][0]}); nothing "
                    "imported. Pass --replace (replace=True) to replace it"
                )
            self._con.execute(f"DELETE FROM crosswalks {where}", params)

    def _supplemented(self, obs: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        """The rows of a supplement batch without a known value yet, and how many not."""
        if not len(obs):
            return obs, 0
        self._con.register("_in_obs", obs[["code", "year", "indicator"]])
        known = self._con.execute(
            """SELECT i.code, i.year, i.indicator FROM _in_obs i JOIN observations o
               USING (code, year, indicator)
               WHERE o.value IS NOT NULL AND o.source_id NOT LIKE 'reexpress:%'"""
        ).fetchdf()
        self._con.unregister("_in_obs")
        if not len(known):
            return obs, 0
        keys = pd.MultiIndex.from_frame(obs[["code", "year", "indicator"]])
        drop = keys.isin(pd.MultiIndex.from_frame(known))
        return obs.loc[~drop], int(drop.sum())

    def _replaced(self, batch: ImportBatch, obs: pd.DataFrame, replace: bool) -> tuple[int, int]:
        """Known values that ``obs`` would change: refuse, or count them."""
        if not len(obs):
            return 0, 0
        location = batch.source.location
        self._con.register("_in_obs", obs)
        changed_sql = """FROM observations o JOIN _in_obs i USING (code, year, indicator)
            WHERE o.value IS NOT NULL AND o.source_id NOT LIKE 'reexpress:%'
              AND (i.value IS NULL OR isnan(i.value)
              OR abs(o.value - i.value) > 1e-9 * greatest(1.0, abs(o.value)))"""
        blank = "i.value IS NULL OR isnan(i.value)"
        ((changed, blanked),) = self._con.execute(
            f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {blank}) {changed_sql}"
        ).fetchall()
        if changed and not replace:
            examples = self._con.execute(
                f"""SELECT o.code, o.year, o.indicator, o.value, i.value {changed_sql}
                    ORDER BY o.indicator, o.code LIMIT 5"""
            ).fetchall()
            shown = "; ".join(
                f"{c} {ind} ({y}) {old:.6g} → {_shown(new)}" for c, y, ind, old, new in examples
            )
            self._con.unregister("_in_obs")
            raise StoreError(
                f"{location}: would change {changed} stored value(s), {blanked} of them to "
                f"missing, e.g. {shown}; nothing imported. Pass --replace (replace=True) "
                "to replace them"
            )
        self._con.unregister("_in_obs")
        return changed, blanked

    def _write(
        self,
        batch: ImportBatch,
        regions: pd.DataFrame,
        obs: pd.DataFrame,
        geoms: pd.DataFrame | None,
        xwalk: pd.DataFrame | None,
    ) -> IngestReport:
        src = batch.source
        con = self._con
        if len(regions):
            con.register("_in_regions", regions)
            con.execute(
                """INSERT INTO regions SELECT code, year, level, name, parent_gm, parent_wk
                   FROM _in_regions
                   ON CONFLICT (code, year) DO UPDATE SET
                     name = COALESCE(EXCLUDED.name, regions.name)"""
            )
            con.unregister("_in_regions")
        if len(obs):
            con.register("_in_obs", obs.assign(source_id=src.source_id))
            con.execute(
                """INSERT OR REPLACE INTO observations
                   SELECT code, year, indicator,
                          CASE WHEN isnan(value) THEN NULL ELSE value END, source_id
                   FROM _in_obs"""
            )
            con.unregister("_in_obs")
        if geoms is not None and len(geoms):
            con.register("_in_geoms", geoms.assign(source_id=src.source_id))
            con.execute(
                "INSERT OR REPLACE INTO geometries SELECT code, year, geom, crs, source_id "
                "FROM _in_geoms"
            )
            con.unregister("_in_geoms")
        if xwalk is not None and len(xwalk):
            con.register("_in_xwalk", xwalk.assign(source_id=src.source_id))
            con.execute("INSERT OR REPLACE INTO crosswalks SELECT * FROM _in_xwalk")
            con.unregister("_in_xwalk")
        con.execute(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                src.source_id,
                src.location,
                src.sha256,
                src.kind,
                src.table_id,
                datetime.now(UTC).replace(tzinfo=None),
                batch.rows,
                json.dumps(list(batch.years)),
            ],
        )
        return IngestReport(
            src.source_id,
            skipped=False,
            regions=len(regions),
            observations=len(obs),
            geometries=0 if geoms is None else len(geoms),
            crosswalk=0 if xwalk is None else len(xwalk),
            years=batch.years,
        )

    # -- reading ---------------------------------------------------------------------
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
        return self._df(
            """WITH o AS (
                 SELECT r.year, r.level, COUNT(DISTINCT o.indicator) AS indicators,
                        COUNT(o.value) AS "values", COUNT(*) - COUNT(o.value) AS missing
                 FROM observations o JOIN regions r USING (code, year) GROUP BY 1, 2),
               g AS (SELECT r.year, r.level, COUNT(*) AS geometries
                     FROM geometries g JOIN regions r USING (code, year) GROUP BY 1, 2),
               rg AS (SELECT year, level, COUNT(*) AS regions FROM regions GROUP BY 1, 2)
               SELECT rg.year, rg.level, rg.regions,
                      COALESCE(o.indicators, 0) AS indicators,
                      COALESCE(o."values", 0) AS "values", COALESCE(o.missing, 0) AS missing,
                      COALESCE(g.geometries, 0) AS geometries
               FROM rg LEFT JOIN o USING (year, level) LEFT JOIN g USING (year, level)
               ORDER BY rg.year,
                 CASE rg.level WHEN 'land' THEN 0 WHEN 'gemeente' THEN 1
                               WHEN 'wijk' THEN 2 ELSE 3 END"""
        )

    def sources(self) -> pd.DataFrame:
        """Provenance of every import, oldest first."""
        return self._df("SELECT * FROM sources ORDER BY imported_at, source_id")

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


def open_store(path: str | Path, *, create: bool = True, read_only: bool = False) -> Store:
    """Open (or create) a kloof store; see :class:`Store`."""
    return Store(path, create=create, read_only=read_only)


# -- helpers -----------------------------------------------------------------------------
_LOCK = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


#: First bytes of files that are no DuckDB store (DuckDB would try to load an extension
#: for a SQLite file, which needs the network).
_FOREIGN = {
    b"SQLite format 3\x00": "a SQLite database (is it the plans database, KLOOF_PLANS_DB?)",
    b"PK\x03\x04": "a ZIP file (an XLSX workbook?)",
    b"PAR1": "a Parquet file",
}


def _refuse_foreign_file(path: Path) -> None:
    """Raise :class:`StoreError` for a file whose header says it is no DuckDB store."""
    if not path.is_file():
        return
    with path.open("rb") as fh:
        head = fh.read(16)
    for magic, what in _FOREIGN.items():
        if head.startswith(magic):
            raise StoreError(
                f"{path}: this is {what}, not a kloof store; point --store / KLOOF_STORE at "
                "a kloof store (a DuckDB file made by `kloof data import`) or at a new file"
            )


def _shown(value: float | None) -> str:
    return "missing" if value is None or value != value else f"{value:.6g}"


def _lock_holder(message: str) -> str | None:
    """``process 123 (python3.11)`` from DuckDB's lock error, or ``None``."""
    if "lock" not in message.lower():
        return None
    found = _LOCK.search(message)
    if found is None:
        return "another process"
    return f"process {found['pid']} ({Path(found['program']).name})"


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
