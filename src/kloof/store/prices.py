"""Price indices in the store: the CBS CPI that deflates amounts in euro.

A price index is no observation of a region: it lives in its own table,
``price_index(series, year, value, base, source_id)``, created when the first index is
stored (a store without it simply has no CPI; the schema version is unchanged, older
stores gain the table on their first CPI import). Storing follows the rules of
:meth:`kloof.store.Store.ingest_many`: the same content twice is skipped (its
``source_id`` is known), and a stored value is never silently replaced: a different value
for a stored year, or another base, is refused unless ``replace`` is true (then the whole
series is replaced and the report says how many values changed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from kloof.batch import PriceIndex, SourceInfo
from kloof.errors import StoreError
from kloof.store.store import Store

__all__ = ["PriceReport", "price_index", "store_price_index"]

_DDL = """CREATE TABLE IF NOT EXISTS price_index (
    series VARCHAR NOT NULL, year INTEGER NOT NULL, value DOUBLE NOT NULL,
    base VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
    PRIMARY KEY (series, year))"""


@dataclass(frozen=True)
class PriceReport:
    """What :func:`store_price_index` did."""

    source_id: str
    skipped: bool
    years: tuple[int, ...] = ()
    changed: int = 0


def _has_table(store: Store) -> bool:
    rows = store._con.execute(
        "SELECT 1 FROM duckdb_tables() WHERE table_name = 'price_index'"
    ).fetchall()
    return bool(rows)


def price_index(store: Store, series: str = "cpi") -> PriceIndex | None:
    """The stored index ``series``, or ``None`` when the store has none.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kloof.store import open_store
    >>> with open_store(pathlib.Path(tempfile.mkdtemp()) / "s.duckdb") as s:
    ...     print(price_index(s))
    None
    """
    if not _has_table(store):
        return None
    rows = store._df(
        """SELECT p.year, p.value, p.base, p.source_id, s.location, s.sha256, s.table_id
           FROM price_index p LEFT JOIN sources s USING (source_id)
           WHERE p.series = ? ORDER BY p.year""",
        [series],
    )
    if rows.empty:
        return None
    last = rows.iloc[-1]
    values = pd.Series(
        rows["value"].to_numpy(dtype="float64"), index=rows["year"].astype(int).to_numpy()
    )
    values.index.name = "year"
    table = last["table_id"] if isinstance(last["table_id"], str) else None
    source = SourceInfo(
        str(last["source_id"]), str(last["location"]), str(last["sha256"]), "cpi", table
    )
    return PriceIndex(source=source, values=values, base=str(last["base"]), series=series)


def store_price_index(store: Store, index: PriceIndex, *, replace: bool = False) -> PriceReport:
    """Store a price index in one transaction.

    Raises
    ------
    StoreError
        The index is empty or not positive, or it differs from the stored one (another
        base, or another value for a stored year) and ``replace`` is false.
    """
    values = index.values.dropna()
    if values.empty or not bool((values > 0).all()):
        raise StoreError(f"price index {index.series!r}: no values, or a value that is not > 0")
    if store.has_source(index.source.source_id):
        return PriceReport(index.source.source_id, skipped=True, years=index.years)
    stored = price_index(store, index.series)
    changed = 0
    if stored is not None:
        common = stored.values.index.intersection(values.index)
        differ = ~np.isclose(stored.values[common], values[common], rtol=0, atol=1e-9)
        changed = int(differ.sum()) if stored.base == index.base else len(stored.values)
        if changed and not replace:
            what = (
                f"base {index.base} instead of {stored.base}"
                if stored.base != index.base
                else f"{changed} different value(s), e.g. {int(common[differ][0])}"
            )
            raise StoreError(
                f"price index {index.series!r}: {what} than the stored one "
                f"({stored.source.location}); use replace to replace it"
            )
    con = store._con
    with store._transaction():
        con.execute(_DDL)
        if stored is not None and (changed or stored.base != index.base):
            con.execute("DELETE FROM price_index WHERE series = ?", [index.series])
        frame = pd.DataFrame(
            {
                "series": index.series,
                "year": values.index.astype(int),
                "value": values.to_numpy(dtype="float64"),
                "base": index.base,
                "source_id": index.source.source_id,
            }
        )
        con.register("_in_prices", frame)
        con.execute("INSERT OR REPLACE INTO price_index SELECT * FROM _in_prices")
        con.unregister("_in_prices")
        src = index.source
        con.execute(
            "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                src.source_id,
                src.location,
                src.sha256,
                src.kind,
                src.table_id,
                datetime.now(UTC).replace(tzinfo=None),
                len(frame),
                json.dumps(list(index.years)),
            ],
        )
    return PriceReport(src.source_id, skipped=False, years=index.years, changed=changed)
