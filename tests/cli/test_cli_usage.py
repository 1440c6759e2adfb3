"""Bad command lines get a clear usage error (exit 2), never a traceback (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kloof.cli.main import app

runner = CliRunner()


def _kloof(store: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--store", str(store), *args])
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    return result.exit_code, text


BAD = [
    ("index", "uncertainty", "--runs", "0"),
    ("index", "uncertainty", "--runs", "-1"),
    ("index", "uncertainty", "--runs", "1000000000"),
    ("index", "build", "--output", "/nonexistent/dir/x.csv"),
    ("index", "build", "--output", "index.doc"),
    ("index", "build", "--level", "stad"),
    ("index", "build", "--top", "0"),
    ("index", "build", "--format", "xml"),
    ("index", "validate", "--output", "v.pdf"),
    ("spatial", "gap", "-i", "bijstand_per_100", "--index", "kloof"),
    ("spatial", "hotspots", "--index", "nope"),
    ("spatial", "hotspots", "-i", "bijstand"),
    ("spatial", "focus", "-s", "index", "--index", "kloof", "--output", "/nope/x.csv"),
    ("spatial", "focus", "-s", "index", "--index", "kloof", "--map", "kaart.doc"),
    ("map", "kaart.doc", "--index", "kloof"),
    ("simulate", "zaanstad", "--runs", "1000000000"),
    ("monitor", "series", "rotterdam-zuid", "-i", "bijstand_per_100"),
]


@pytest.mark.realdata
@pytest.mark.parametrize("args", BAD, ids=[" ".join(a) for a in BAD])
def test_bad_usage_exits_2_before_any_work(full_store_path: Path, args: tuple[str, ...]) -> None:
    code, text = _kloof(full_store_path, *args)
    assert code == 2, text
    assert "Traceback" not in text


@pytest.mark.realdata
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.integers(max_value=0) | st.integers(min_value=100_001, max_value=10**12))
def test_runs_out_of_range_is_a_usage_error(full_store_path: Path, runs: int) -> None:
    code, text = _kloof(full_store_path, "index", "uncertainty", "--runs", str(runs))
    assert code == 2 and "Traceback" not in text


@pytest.mark.realdata
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "\x00" not in s))
def test_any_unknown_indicator_is_a_usage_error(full_store_path: Path, name: str) -> None:
    from kloof import catalogue

    if name in {i.id for i in catalogue.load().indicators} or name.startswith("-"):
        return
    code, text = _kloof(full_store_path, "spatial", "hotspots", "-i", name)
    assert code == 2 and "Traceback" not in text


@pytest.mark.realdata
def test_a_year_without_data_is_a_clear_error(full_store_path: Path) -> None:
    code, text = _kloof(full_store_path, "allocate", "run", "pmg2025", "--year", "1900")
    assert code == 1 and "1900" in text and "Traceback" not in text
