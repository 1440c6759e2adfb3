"""Against the real CBS services: skipped unless ``KLOOF_TEST_NETWORK=1`` (never in CI).

They check what the offline mocks assume about the live tables (issue 15): the CPI table
83131NED (its all-expenditure category, annual averages, 2015 = 100) and the metadata of
the police table 47018NED (offence, region and period dimensions, the count topic, years).
"""

from __future__ import annotations

import os

import pytest

pytestmark = [
    pytest.mark.network,
    pytest.mark.skipif(
        os.environ.get("KLOOF_TEST_NETWORK") != "1",
        reason="reaches the CBS API; set KLOOF_TEST_NETWORK=1 to run",
    ),
]


def test_live_cpi() -> None:
    from kloof.sources.cpi import fetch_cpi

    index = fetch_cpi()
    assert index.base == "2015 = 100"
    assert index.values[2015] == pytest.approx(100.0, abs=0.01)  # the base year's average
    assert min(index.values.index) <= 2000 and max(index.values.index) >= 2024
    assert (index.values.diff().dropna() > -5).all()


def test_live_police_metadata() -> None:
    from kloof.sources._odata import PAGE_SIZE, open_session
    from kloof.sources.police import CRIME_TABLE, POLICE_BASE_URL, POLICE_HTTP, _keys, crime_years

    with open_session(CRIME_TABLE, base_url=POLICE_BASE_URL, http=POLICE_HTTP) as session:
        properties = session.get_all("DataProperties", PAGE_SIZE)
        offence, region, period, topic = _keys(properties)
        assert (offence, region, period) == ("SoortMisdrijf", "WijkenEnBuurten", "Perioden")
        assert topic.startswith("GeregistreerdeMisdrijven")
        years = crime_years(session.get_all(period, PAGE_SIZE))
        assert {2018, 2023} <= set(years)
