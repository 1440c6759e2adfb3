"""A boundary re-import never replaces stored shapes silently (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kloof.cli.main import app
from kloof.errors import StoreError
from kloof.sources import read
from kloof.store import open_store


@pytest.fixture(scope="module")
def moved_copy(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real 2024 wijk boundaries with two wijken moved 100 m east."""
    data = json.loads((shared_data / "boundaries" / "wijken_2024.geojson").read_text())
    moved = []
    for feature in data["features"]:
        if feature["properties"]["wijkcode"] in ("WK0363AA", "WK059901"):
            geometry = feature["geometry"]
            polygons = geometry["coordinates"]
            if geometry["type"] == "Polygon":
                polygons = [polygons]
            for polygon in polygons:
                for ring in polygon:
                    for point in ring:
                        point[0] += 0.0015
            moved.append(feature["properties"]["wijkcode"])
    assert len(moved) == 2
    path = tmp_path_factory.mktemp("moved") / "wijken_2024.geojson"
    path.write_text(json.dumps(data))
    return path


def _shapes(store_path: Path) -> dict[str, bytes]:
    with open_store(store_path, read_only=True) as store:
        rows = store._con.execute("SELECT code, geom FROM geometries").fetchall()
    return {code: bytes(geom) for code, geom in rows}


def test_library_refuses_then_counts(shared_data: Path, moved_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    original = shared_data / "boundaries" / "wijken_2024.geojson"
    with open_store(path) as store:
        first = store.ingest(read(original))
        assert first.geometries == 3475 and first.geometries_changed == 0
    before = _shapes(path)
    same = tmp_path / "wijken_2024_copy.geojson"  # the same shapes, written anew
    same.write_text(json.dumps(json.loads(original.read_text())))
    with open_store(path) as store:
        again = store.ingest(read(same))
    assert not again.skipped and again.geometries_changed == 0
    assert _shapes(path) == before
    with open_store(path) as store:
        with pytest.raises(StoreError, match=r"would replace 2 stored boundaries of 2024") as e:
            store.ingest(read(moved_copy))
        assert "WK0363AA" in str(e.value) and "--replace" in str(e.value)
    assert _shapes(path) == before
    with open_store(path) as store:
        report = store.ingest(read(moved_copy), replace=True)
    assert report.geometries_changed == 2
    after = _shapes(path)
    assert {c for c in before if before[c] != after[c]} == {"WK0363AA", "WK059901"}


def test_cli_needs_replace_and_prints_the_count(
    shared_data: Path, moved_copy: Path, tmp_path: Path
) -> None:
    store = tmp_path / "s.duckdb"
    base = ["--store", str(store), "data", "import"]
    runner = CliRunner()
    original = shared_data / "boundaries" / "wijken_2024.geojson"
    assert runner.invoke(app, [*base, str(original)]).exit_code == 0
    before = _shapes(store)
    refused = runner.invoke(app, [*base, str(moved_copy)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "--replace" in refused.output
    assert _shapes(store) == before
    done = runner.invoke(app, ["--lang", "en", *base, str(moved_copy), "--replace"])
    assert done.exit_code == 0, done.output
    assert "2 stored boundaries replaced" in done.output
