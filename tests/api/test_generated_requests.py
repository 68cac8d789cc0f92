"""Hundreds of requests generated from the OpenAPI schema (schemathesis): no server error,
and every answer conforms to the schema it is documented with."""

from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

pytestmark = pytest.mark.django_db
EXAMPLES_PER_OPERATION = 150
# A country or theme code the schema allows may still be unknown to the atlas (a 400
# naming it, by design); and 404 for an absent id is not "use after free".
NOT_REQUIRED = [checks.positive_data_acceptance, checks.use_after_free]
ENOUGH = 500


@pytest.fixture
def api_schema(atlas, seed_project, demo_ready):
    # Every part of the representation: the seed sheet (contacts, embassy, funding) and a
    # demo portfolio (volunteers, implementing actors, several partners and themes).
    seed_project.publication_state = "published"
    seed_project.save()
    call_command("generate_demo", "--projects", "40", "--seed", "2", stdout=StringIO())
    call_command("rebuild_search_index", stdout=StringIO())
    # Django closes the connection at the end of each request, which would end the test's
    # transaction (and lose its data) on PostgreSQL.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_generated_requests_get_no_server_error_and_conform_to_the_schema(api_schema):
    sent = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            nonlocal sent
            case.call_and_validate(excluded_checks=NOT_REQUIRED)
            sent += 1

        check()
    assert sent >= ENOUGH
