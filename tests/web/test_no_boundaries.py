"""The dashboard on a store without boundaries (issue 17, point 6): tables, no map."""

from __future__ import annotations

from pathlib import Path

import pytest

from kloof.settings import Settings
from kloof.store import Store


@pytest.mark.realdata
def test_home_page_without_boundaries(kwb2023_store: Store, tmp_path: Path) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from kloof.web import create_app

    # a copy of the shared session store (KWB 2023 only), which stays open for others
    kwb2023_store._con.execute("CHECKPOINT")
    copy = tmp_path / "kwb2023.duckdb"
    shutil.copy(kwb2023_store.path, copy)
    settings = Settings(store=copy, language="nl", plans_db=f"sqlite:///{tmp_path / 'p.db'}")
    with TestClient(create_app(settings)) as client:
        home = client.get("/")
        assert home.status_code == 200, home.text[:500]
        assert 'id="no-boundaries"' in home.text and "grenzenbestand" in home.text
        assert 'id="map"' not in home.text
        drill = client.get("/?gemeente=GM0363")
        assert drill.status_code == 200 and "WK0363" in drill.text
        english = client.get("/?lang=en")
        assert english.status_code == 200
        wijken = client.get("/?level=wijk")
        assert wijken.status_code == 200 and "WK" in wijken.text
        assert client.get("/gebied/GM0363").status_code == 200
        assert client.get("/zoeken?q=Amsterdam").status_code == 200
