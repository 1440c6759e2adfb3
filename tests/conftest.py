"""Shared fixtures: the real data in ../shared/data and stores built from it.

Real-data fixtures go through the same importers a user runs; they fail (never skip)
when the shared data is absent, so CI cannot pass without exercising them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kloof.store import Store, open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
KWB_2023 = SHARED / "cbs-kwb-2023" / "kwb-2023-transformed.xlsx"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder; a missing folder is an error, not a skip."""
    if not SHARED.is_dir():
        raise FileNotFoundError(f"real data expected at {SHARED} (../shared/data)")
    return SHARED


@pytest.fixture(scope="session")
def kwb2023_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store with the national KWB 2023 file imported through ``read_kwb``."""
    from kloof.sources.cbs_files import read_kwb

    path = tmp_path_factory.mktemp("store") / "kwb2023.duckdb"
    store = open_store(path)
    store.ingest(read_kwb(KWB_2023))
    yield store
    store.close()


#: The files `make demo` imports, relative to ../shared/data.
DEMO_FILES = (
    "cbs-kwb-2023/kwb-2023-transformed.xlsx",
    "cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_geslachten.csv",
    "cbs-kwb-2024/Kerncijfers_wijken_en_buurten_2024_11122025_141648.csv",
    "cbs-kwb-amsterdam",
    "gemeente-panel",
    "boundaries",
    "crosswalks",
    "postcode",
)


@pytest.fixture(scope="session")
def full_store_path(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a closed store holding everything `make demo` imports.

    Built once per session through :func:`kloof.sources.read_many` and
    :func:`kloof.sources.read`, exactly as ``kloof data import`` does, followed by
    ``kloof data reexpress`` (PC4 1-1-2022 onto the 2023 wijken and gemeenten). Tests
    open it read-only (several may share it).
    """
    from kloof.sources import read, read_many
    from kloof.store.reexpressed import reexpress_pc4_into

    path = tmp_path_factory.mktemp("full") / "full.duckdb"
    plan = read_many([shared_data / f for f in DEMO_FILES])
    store = open_store(path)
    try:
        store.ingest_many([read(p) for p, _ in plan])
        for level in ("wijk", "gemeente"):
            reexpress_pc4_into(store, pc4_year=2022, onto=level, boundary_year=2023)
    finally:
        store.close()
    return path
