"""Choropleth maps (PNG/SVG, Dutch legend) and QGIS layers."""

from __future__ import annotations

import numpy as np
import pyogrio
import pytest

from kloof.errors import SpecError
from kloof.report.choropleth import (
    CATEGORY_STYLES,
    SCHEMES,
    choropleth,
    class_breaks,
    export_layers,
    save,
)


def _legend(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_numeric_map_with_dutch_legend(grid, tmp_path):
    g = grid(4, 4)
    g["value"] = np.arange(16) * 1.25
    g.loc[3, "value"] = np.nan
    fig = choropleth(
        g, "value", title="toets", k=3, outlines=g.dissolve(), outline_label="gemeente"
    )
    labels = _legend(fig)
    assert labels[0] == "0 – 7,08 (5)"  # decimal comma, mapclassify quantile classes
    assert "geen gegevens (1)" in labels and labels[-1] == "gemeente"
    counts = [int(lab.rsplit("(", 1)[1].rstrip(")")) for lab in labels[:3]]
    assert sum(counts) == 15
    png, svg = save(fig, tmp_path / "m.png"), save(fig, tmp_path / "m.svg")
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in svg.read_bytes()[:500]
    with pytest.raises(SpecError):
        save(fig, tmp_path / "m.pdf")


def test_categorical_map_uses_dutch_quadrant_names(grid):
    g = grid(3, 3)
    g["label"] = ["HH", "HH", "ns", "LL", "ns", "", "HL", "LH", "ns"]
    labels = _legend(choropleth(g, "label"))
    assert labels[0] == f"{CATEGORY_STYLES['HH'][1]} (2)"
    assert "niet significant (3)" in labels and "geen gegevens (1)" in labels


def test_every_scheme_gives_increasing_breaks():
    import pandas as pd

    values = pd.Series(np.random.default_rng(1).lognormal(size=200))
    for scheme in SCHEMES:
        breaks = class_breaks(values, scheme, 4)
        assert breaks and list(breaks) == sorted(breaks)
        assert breaks[-1] == pytest.approx(values.max())
    with pytest.raises(SpecError):
        class_breaks(values, "jenks-ish")


def test_export_layers_for_qgis(grid, tmp_path):
    g = grid(2, 2)
    g["members"] = [("WK000101", "WK000102")] * 4
    gpkg = export_layers({"a": g, "b": g.iloc[:2]}, tmp_path / "out.gpkg")
    layers = dict(pyogrio.list_layers(gpkg))
    assert set(layers) == {"a", "b"}
    back = pyogrio.read_dataframe(gpkg, layer="a")
    assert back.crs.to_epsg() == 28992 and back.loc[0, "members"] == "WK000101;WK000102"
    geojson = export_layers({"a": g}, tmp_path / "out.geojson")
    assert pyogrio.read_dataframe(geojson).crs.to_epsg() == 4326
    with pytest.raises(SpecError):
        export_layers({"a": g, "b": g}, tmp_path / "two.geojson")
