"""The store's schema: tables, their columns and the schema version.

Tables (see DESIGN.md §3):

* ``meta(key, value)``: ``app = kloof`` and ``schema_version``;
* ``regions(code, year, level, name, parent_gm, parent_wk)``;
* ``observations(code, year, indicator, value, source_id)``, long;
* ``geometries(code, year, geom WKB, crs)``, EPSG:28992;
* ``crosswalks(level, from_year, to_year, from_code, to_code, weight, source_id)``;
* ``sources(source_id, location, sha256, kind, table_id, imported_at, rows)``.
"""

from __future__ import annotations

__all__ = ["APP", "DDL", "SCHEMA_VERSION"]

APP = "kloof"
#: Bump when the tables change; :class:`~kloof.store.Store` refuses other versions.
SCHEMA_VERSION = 1

DDL: tuple[str, ...] = (
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
    """CREATE TABLE regions (
        code VARCHAR NOT NULL, year INTEGER NOT NULL, level VARCHAR NOT NULL,
        name VARCHAR, parent_gm VARCHAR, parent_wk VARCHAR,
        PRIMARY KEY (code, year))""",
    """CREATE TABLE observations (
        code VARCHAR NOT NULL, year INTEGER NOT NULL, indicator VARCHAR NOT NULL,
        value DOUBLE, source_id VARCHAR NOT NULL,
        PRIMARY KEY (code, year, indicator))""",
    """CREATE TABLE geometries (
        code VARCHAR NOT NULL, year INTEGER NOT NULL, geom BLOB NOT NULL,
        crs VARCHAR NOT NULL, source_id VARCHAR NOT NULL,
        PRIMARY KEY (code, year))""",
    """CREATE TABLE crosswalks (
        level VARCHAR NOT NULL, from_year INTEGER NOT NULL, to_year INTEGER NOT NULL,
        from_code VARCHAR NOT NULL, to_code VARCHAR NOT NULL, weight DOUBLE NOT NULL,
        source_id VARCHAR NOT NULL,
        PRIMARY KEY (level, from_year, to_year, from_code, to_code))""",
    """CREATE TABLE sources (
        source_id VARCHAR PRIMARY KEY, location VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        kind VARCHAR NOT NULL, table_id VARCHAR, imported_at TIMESTAMP NOT NULL,
        rows BIGINT NOT NULL, years VARCHAR)""",
)
