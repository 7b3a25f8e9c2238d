"""Property-based test of the API against its own OpenAPI schema: no input gives a 5xx.

Schemathesis generates requests (valid and invalid) for every operation; the number of
examples is kept small so the file stays fast. The analysis operations (index, drift,
rank; present only when those modules are installed) compute a bootstrap per dyad, so
they get fewer examples and the ``slow`` mark.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from allydrift.web import create_app, features

pytestmark = pytest.mark.data

# Schemathesis calls an ASGI app with ``Host: testserver``: allow it, or every case is a 400.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(hosts=["testserver"]))
SETTINGS = {"deadline": None, "derandomize": True, "suppress_health_check": list(HealthCheck)}
TIMEOUT_S = 300  # a cold dyad takes tens of seconds on a loaded 2-core machine


@schema.exclude(tag="analysis").parametrize()
@settings(max_examples=12, **SETTINGS)
def test_no_request_gives_a_server_error(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=[not_a_server_error], timeout=TIMEOUT_S)


if features()["index"]:  # the operations exist only with allydrift.index installed

    @pytest.mark.slow
    @schema.include(tag="analysis").parametrize()
    @settings(max_examples=4, **SETTINGS)
    def test_no_analysis_request_gives_a_server_error(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=[not_a_server_error], timeout=TIMEOUT_S)
