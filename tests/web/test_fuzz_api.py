"""Schema-driven fuzzing of the JSON API (schemathesis): no answer is a server error.

Each operation of ``/api/v1/openapi.json`` gets cases generated from its schema
(paths, query parameters, enums and patterns, valid and invalid); every answer must be
below 500, and every error must be JSON with a message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.realdata

EXAMPLES = 30


@pytest.fixture(scope="module")
def fuzz_app(settings: Any) -> Iterator[Any]:
    """An app of its own: the simulations the fuzzer starts (POST /simulations) run in its
    job registry, which is shut down afterwards, so they never fill the queue of the app
    other tests share nor keep the CPU busy."""
    from kloof.web import create_app

    app = create_app(settings)
    yield app
    app.state.kloof_jobs.shutdown()


@pytest.fixture(scope="module")
def operations(fuzz_app: Any) -> dict[str, Any]:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", fuzz_app)
    ops = [result.ok() for result in schema.get_all_operations()]
    return {f"{op.method.upper()} {op.path}": op for op in ops}


def test_schema_lists_the_api(operations: dict[str, Any]) -> None:
    assert len(operations) >= 10
    assert all(" /api/v1/" in key for key in operations)


def _check(case: Any) -> None:
    response = case.call(headers={"Accept-Encoding": "identity"})
    where = f"{case.method} {case.formatted_path} {case.query}"
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400:
        body = response.json()
        assert body["error"]["message"], where


def test_no_server_errors(operations: dict[str, Any]) -> None:
    failures: list[str] = []
    for key, operation in sorted(operations.items()):
        failures += _fuzz(key, operation)
    assert not failures, "\n".join(failures)


def _fuzz(key: str, operation: Any) -> list[str]:
    strategy = operation.as_strategy()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        _check(case)

    try:
        run()
    except AssertionError as exc:
        return [f"{key}: {exc}"]
    return []
