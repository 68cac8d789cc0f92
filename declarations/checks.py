"""What a sheet needs before review: critical gaps block its submission and publication,
warnings are shown and do not (as users of IATI publishing tools ask: block only what
must be blocked). Each check names the form's section or field it concerns."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from partnerships.models.project import END_STILL_TO_COME, completed_before_its_end


@dataclass(frozen=True)
class Finding:
    anchor: str  # the id of the field or section in the form
    message: str
    critical: bool


def _has(data: dict, key: str) -> bool:
    return bool(data.get(key))


def _ends_when_it_says(data: dict) -> bool:
    """A version saved before the form refused it may still say "completed" with an end
    still to come (or the end may be read from an older sheet): publication waits."""
    try:
        end = datetime.date.fromisoformat(data.get("end_date") or "")
    except (TypeError, ValueError):
        return True  # no end date, or one the form will ask again
    return not completed_before_its_end(data.get("status"), end)


CHECKS = (
    (
        lambda d: _has(d, "french_authorities"),
        "section-french_authorities",
        _("Au moins une collectivité française partenaire est nécessaire."),
        True,
    ),
    (
        lambda d: _has(d, "foreign_authorities"),
        "section-foreign_authorities",
        _("Au moins un partenaire étranger est nécessaire."),
        True,
    ),
    (
        lambda d: _has(d, "partnership_type"),
        "id_partnership_type",
        _("Le type de partenariat est nécessaire."),
        True,
    ),
    (lambda d: _has(d, "start_year"), "id_start_year", _("L'année de début est nécessaire."), True),
    (
        lambda d: _has(d, "status"),
        "id_status",
        _("L'état du partenariat (en cours ou terminé) est nécessaire."),
        True,
    ),
    (_ends_when_it_says, "id_end_date", END_STILL_TO_COME, True),
    (
        lambda d: _has(d, "theme"),
        "id_theme",
        _("Aucune thématique principale : la fiche sera plus difficile à trouver."),
        False,
    ),
    (
        lambda d: _has(d, "description") or _has(d, "objectives"),
        "id_objectives",
        _("Ni objectifs ni description : le public ne saura pas ce que fait ce partenariat."),
        False,
    ),
    (
        lambda d: _has(d, "funding"),
        "section-funding",
        _("Aucune ligne de financement."),
        False,
    ),
)


def findings(data: dict) -> list[Finding]:
    return [
        Finding(anchor, str(message), critical)
        for test, anchor, message, critical in CHECKS
        if not test(data)
    ]


def blocking(data: dict) -> list[Finding]:
    return [finding for finding in findings(data) if finding.critical]
