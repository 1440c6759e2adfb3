"""The provenance a face gives a result it computes from the store (issue 14)."""

from __future__ import annotations

import pytest

from kloof.app import FrameCache
from kloof.app.provenance import SOURCE, store_provenance
from kloof.store import Store, open_store


def test_store_provenance_of_an_empty_store() -> None:
    store = open_store(":memory:")
    prov = store_provenance(store, level="wijk", years=[2024, 2023, 2024], index="kloof")
    assert prov["store"] == ":memory:"
    assert prov["level"] == "wijk" and prov["years"] == "2023, 2024"
    assert prov["index"] == "kloof" and prov["source"] == SOURCE
    assert prov["imports"] == FrameCache(store).version()
    assert "years" not in store_provenance(store)


@pytest.mark.realdata
def test_index_face_gives_build_and_audit_the_store_provenance(kwb2023_store: Store) -> None:
    from kloof import index
    from kloof.cli.index import _inputs, _run_build

    year, kwargs, _ = _inputs(kwb2023_store, 2023, "gemeente")
    prov = kwargs["provenance"]
    assert prov["store"] == kwb2023_store.path and prov["years"] == "2023"
    assert prov["level"] == "gemeente" and len(prov["imports"]) == 16
    # the fingerprint names what was imported: the same store, the same fingerprint
    assert store_provenance(FrameCache(kwb2023_store))["imports"] == prov["imports"]
    result = _run_build("kloof", year, kwargs)
    assert result.provenance == prov
    report = index.audit(result, kwargs["frame"])
    assert report.provenance == prov and report.spec is result.spec


@pytest.mark.realdata
def test_monitor_face_provenance_names_levels_years_and_prices(kwb2023_store: Store) -> None:
    from kloof.cli.monitor import _provenance

    frames = {2023: kwb2023_store.frame(2023, "gemeente")}
    prov = _provenance(kwb2023_store, {"wijk", "gemeente"}, frames, None)
    assert prov["level"] == "gemeente, wijk" and prov["years"] == "2023"
    assert prov["prices"] == "nominal" and prov["store"] == kwb2023_store.path
    assert _provenance(kwb2023_store, {"wijk"}, frames, 2024)["prices"] == "2024"
