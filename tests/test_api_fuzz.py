"""E3: Schemathesis generates requests for every operation of the OpenAPI document (the JSON API,
/sparql, the Graph Store, exports) against a real ``kg serve``: no 5xx other than 503 with
Retry-After, JSON bodies that conform to their documented schema, errors in the one JSON shape.

Not checked: Schemathesis' documentation-completeness checks (every status code and media type
listed per operation); the SPARQL and Graph Store protocols answer in media types chosen by content
negotiation, which the OpenAPI document does not enumerate."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = [pytest.mark.threat("E3"), pytest.mark.slow]

EXAMPLES_PER_OPERATION = 15


def _check(case: schemathesis.Case) -> None:
    response = case.call(timeout=60)
    where = f"{case.method} {case.formatted_path} {case.query}"
    assert response.status_code < 500 or response.status_code == 503, (where, response.status_code, response.text[:300])
    if response.status_code == 503:
        assert int(response.headers["retry-after"][0]) > 0
    if response.status_code >= 400 and case.method != "HEAD":
        assert "application/json" in response.headers["content-type"][0], where
        assert {"error", "message", "request_id"} <= set(response.json()), (where, response.text[:300])
    case.validate_response(response, checks=[schemathesis.checks.response_schema_conformance])


def test_every_operation_answers_within_its_contract(server: str) -> None:
    schema = schemathesis.openapi.from_url(server + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        fuzz = settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(given(case=operation.as_strategy())(_check))
        fuzz()
