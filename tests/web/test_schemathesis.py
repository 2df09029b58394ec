"""Property-based requests from the OpenAPI schema: no 500 from any input, on both stores,
and every documented response matches its schema."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import Engine

from tests.conftest import API_KEY, make_services, make_settings
from web.app import create_app

EXAMPLES = 20  # per operation and store: enough to find the 500s the issue listed, quick to run


def _run(operation: Any, started: dict[str, Any]) -> None:
    @given(case=operation.as_strategy())
    # derandomize: CI runs the same cases that passed here; explore more with a higher
    # EXAMPLES (or derandomize=False) when hunting, and keep each 500 found as its own test.
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        headers = {"X-API-Key": API_KEY}
        if case.path_parameters and "conversation_id" in case.path_parameters:
            case.path_parameters["conversation_id"] = started["conversation_id"]
            headers = {"Authorization": f"Bearer {started['token']}"}
        case.call_and_validate(headers=headers,
                               checks=[not_a_server_error, response_schema_conformance])

    check()


def test_no_input_gets_a_server_error(db_engine: Engine) -> None:
    app = create_app(make_settings(rate_limits="off"), make_services(db_engine))
    with TestClient(app) as client:
        started = client.post("/api/v1/conversations", json={"lang": "de"}).json()
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        _run(operation, started)
