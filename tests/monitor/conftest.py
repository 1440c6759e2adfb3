"""The monitor tests use the session store with everything `make demo` imports."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def monitor_store_path(full_store_path: Path) -> Path:
    """The gemeente panel 2012-2024, KWB 2023 and 2024, boundaries and crosswalks."""
    return full_store_path
