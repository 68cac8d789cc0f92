"""The funding table each process keeps follows the index's whole version: another atlas at
the same version number (a restored backup) is read again, not taken for the same one."""

import copy

import pytest

from catalogue.events import Version
from partnerships.models import FundingLine
from search import funding
from search.index_updates import current_index

pytestmark = pytest.mark.django_db


def test_a_version_with_another_stamp_is_read_again(atlas):
    funding.forget()
    index = current_index()
    before = funding.funding_table(index)
    assert funding.funding_table(index) is before  # same version: kept
    FundingLine.objects.create(project=atlas["water"], funder="Ville de Poitiers", amount_eur=5000)
    restored = copy.copy(index)
    restored.version = Version(index.version.number, index.version.stamp + 1)
    after = funding.funding_table(restored)
    assert after is not before
    assert len(after.project) == len(before.project) + 1
    funding.forget()
