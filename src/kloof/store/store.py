"""The DuckDB store: opening a file safely, and atomic, idempotent imports.

:class:`Store` opens (or creates) one DuckDB file, refusing other kinds of files, busy
stores and other schema versions, and writes import batches in one transaction
(:meth:`Store.ingest_many`): checked first (:mod:`kloof.store.ingest`), never replacing
known data silently (:mod:`kloof.store.replacing`). Its read-only queries (wide
frames, geoframes, status, sources, crosswalks) are inherited from
:class:`kloof.store.queries.Queries`.

Opening a store and reading its status loads neither pandas nor the import checks:
they are imported by the methods that write (``kloof data status`` stays fast).

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
from typing import TYPE_CHECKING

import duckdb

from kloof.errors import StoreError
from kloof.store.queries import Queries
from kloof.store.schema import APP, DDL, SCHEMA_VERSION

if TYPE_CHECKING:  # imported where a batch is written: reading needs no pandas
    import pandas as pd

    from kloof.batch import ImportBatch
    from kloof.store.ingest import IngestReport, Tables

__all__ = ["Store", "open_store"]


class Store(Queries):
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
        from kloof.store.ingest import IngestReport, prepare
        from kloof.store.replacing import (
            crosswalk_taken,
            geometries_replaced,
            supplemented,
            values_replaced,
        )

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
                else values_replaced(self._con, batch.source.location, tables[1], replace=replace)
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
                    crosswalk_taken(
                        self._con,
                        batch.source.location,
                        tables[3],
                        replace=replace,
                        claimed=claimed,
                    )
            for (batch, tables), (changed, blanked), shapes in zip(
                prepared, replaced, reshaped, strict=True
            ):
                if tables is None:
                    reports.append(IngestReport(batch.source.source_id, True, years=batch.years))
                    continue
                kept = 0
                if batch.supplement:
                    obs, kept = supplemented(self._con, tables[1])
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

    def _write(
        self,
        batch: ImportBatch,
        regions: pd.DataFrame,
        obs: pd.DataFrame,
        geoms: pd.DataFrame | None,
        xwalk: pd.DataFrame | None,
    ) -> IngestReport:
        from kloof.store.ingest import IngestReport

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


def _lock_holder(message: str) -> str | None:
    """``process 123 (python3.11)`` from DuckDB's lock error, or ``None``."""
    if "lock" not in message.lower():
        return None
    found = _LOCK.search(message)
    if found is None:
        return "another process"
    return f"process {found['pid']} ({Path(found['program']).name})"
