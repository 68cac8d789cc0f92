"""What a partnership's own fields must say together that the database cannot check: a
partnership whose end is still to come is not completed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalogue.writer import ProjectWriter
from partnerships.models import Project
from partnerships.models.project import completed_before_its_end
from tests.factories import SheetData

COMPLETED, ONGOING = Project.Status.COMPLETED, Project.Status.ONGOING
DAY = datetime.timedelta(days=1)


def test_only_a_completed_partnership_ending_after_today_breaks_the_rule():
    today = datetime.date(2030, 6, 15)
    assert completed_before_its_end(COMPLETED, today + DAY, today)
    assert not completed_before_its_end(COMPLETED, today, today)  # it ended today
    assert not completed_before_its_end(COMPLETED, today - DAY, today)
    assert not completed_before_its_end(ONGOING, today + DAY, today)  # a planned end
    assert not completed_before_its_end(COMPLETED, None, today)


def test_a_completed_partnership_whose_end_is_still_to_come_is_refused():
    project = Project(title="Jumelage", status=COMPLETED)
    project.end_date = timezone.localdate() + DAY
    with pytest.raises(ValidationError) as refused:
        project.clean()
    assert refused.value.message_dict == {
        "end_date": [
            "Un partenariat dont la date de fin est encore à venir est en cours, pas terminé."
        ]
    }


@pytest.mark.parametrize(
    ("status", "days_from_today"), [(COMPLETED, -1), (COMPLETED, 0), (ONGOING, 1), (ONGOING, 400)]
)
def test_a_past_end_when_completed_or_a_planned_end_when_ongoing_is_accepted(
    status, days_from_today
):
    end = timezone.localdate() + days_from_today * DAY
    Project(title="Jumelage", status=status, end_date=end).clean()


@pytest.mark.django_db
def test_no_writer_of_sheets_can_store_a_completed_partnership_ending_later(reference_data):
    # The importer, the API and the form all save through the writer, which validates.
    later = (timezone.localdate() + DAY).isoformat()
    with pytest.raises(ValidationError, match="encore à venir"):
        ProjectWriter().save(SheetData(status="completed", end_date=later), origin="api")
    assert not Project.objects.exists()
    ProjectWriter().save(SheetData(status="ongoing", end_date=later), origin="api")
    assert Project.objects.get().end_date == timezone.localdate() + DAY
