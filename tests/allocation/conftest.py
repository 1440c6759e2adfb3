"""Toy recipients for the allocation tests (numbers you can check on paper)."""

from __future__ import annotations

import pandas as pd
import pytest


def frame(rows: dict[str, tuple[float, float, float]], **extra: dict[str, float]) -> pd.DataFrame:
    """Recipients ``id -> (population, households, need)`` plus extra columns."""
    out = pd.DataFrame(
        [(rid.upper(), *vals) for rid, vals in rows.items()],
        columns=["name", "population", "households", "need"],
        index=pd.Index(list(rows), name="recipient"),
    )
    for col, values in extra.items():
        out[col] = [values[r] for r in rows]
    return out


@pytest.fixture
def toy() -> pd.DataFrame:
    """Four areas: populations 1000-4000, needs 4, 1, 2, 1."""
    return frame(
        {
            "a": (1000.0, 500.0, 4.0),
            "b": (2000.0, 900.0, 1.0),
            "c": (3000.0, 1200.0, 2.0),
            "d": (4000.0, 2000.0, 1.0),
        }
    )
