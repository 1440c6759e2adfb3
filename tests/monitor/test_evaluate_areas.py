"""Evaluation of the Amsterdam areas at wijk level on the shared store (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kloof.cli.monitor import app

pytestmark = pytest.mark.realdata


def _run(store: Path, *args: str) -> tuple[int, str]:
    env = {"KLOOF_STORE": str(store), "COLUMNS": "80"}
    res = CliRunner().invoke(app, list(args), env=env)
    return res.exit_code, res.output + (str(res.exception) if res.exception else "")


@pytest.mark.parametrize("area", ["amsterdam-nieuw-west", "amsterdam-zuidoost"])
def test_amsterdam_areas_at_wijk_level_say_the_evidence_is_insufficient(
    monitor_store_path: Path, area: str
) -> None:
    """The wijk panel 2016-2021 gives six pre years; 2023 is the only post year with
    household data, so the verdict must be "insufficient" whatever the estimate."""
    code, out = _run(
        monitor_store_path,
        "evaluate",
        area,
        "-i",
        "one_person_households_pct",
        "--placebos",
        "50",
        "--format",
        "csv",
    )
    assert code == 0, out
    flat = " ".join(out.split())  # notes wrap at 80 columns
    assert "1 behandelde eenhe(i)d(en) tegen" in flat and "6 jaar vóór de start" in flat
    assert "(2016, 2017, 2018, 2019, 2020, 2021)" in flat
    assert "Onvoldoende bewijs: 1 jaar na de start" in flat
    rows = [line for line in out.splitlines() if line.startswith(("did,", "synthetic,"))]
    assert len(rows) == 2 and all(",insufficient," in r for r in rows)
    for row in rows:
        _, _, est, low, high, *_ = row.split(",")
        assert float(low) <= float(est) <= float(high)


def test_a_count_is_not_evaluated(monitor_store_path: Path) -> None:
    code, out = _run(monitor_store_path, "evaluate", "amsterdam-nieuw-west", "-i", "inhabitants")
    assert code == 1 and "no rate or mean" in out
