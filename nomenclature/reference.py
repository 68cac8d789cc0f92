"""Reference nomenclatures kept in nomenclature/data/."""

from pathlib import Path

from atlas.reference_data import SyncResult, read_csv, sync_rows
from atlas.text import normalize_name

from .models import (
    FunderKind,
    PartnershipType,
    SustainableDevelopmentGoal,
    Theme,
    VolunteerScheme,
)

DATA = Path(__file__).resolve().parent / "data"


def _load(model, filename: str, label: str) -> SyncResult:
    rows = [
        {**row, "position": int(row["position"]), "needs_review": False}
        for row in read_csv(DATA / filename)
    ]
    return sync_rows(model, "code", rows, label)


def load_partnership_types() -> SyncResult:
    return _load(PartnershipType, "partnership_types.csv", "partnership types")


def load_volunteer_schemes() -> SyncResult:
    return _load(VolunteerScheme, "volunteer_schemes.csv", "volunteer schemes")


def load_funder_kinds() -> SyncResult:
    rows = [
        {**row, "position": int(row["position"])} for row in read_csv(DATA / "funder_kinds.csv")
    ]
    return sync_rows(FunderKind, "code", rows, "funder kinds")


def load_sdg_goals() -> SyncResult:
    rows = [{**row, "code": int(row["code"])} for row in read_csv(DATA / "sdg_goals.csv")]
    return sync_rows(SustainableDevelopmentGoal, "code", rows, "sustainable development goals")


def load_themes() -> SyncResult:
    """The three-level thematic tree. An entry an import created from the same label, at
    the same place in the tree, is adopted (given its code and translation) rather than
    duplicated."""
    result = SyncResult("themes")
    themes = {theme.code: theme for theme in Theme.objects.exclude(code="")}
    for row in read_csv(DATA / "themes.csv"):  # parents come before their children
        parent = themes[row["parent"]] if row["parent"] else None
        values = {
            "parent": parent,
            "name_fr": row["name_fr"],
            "name_en": row["name_en"],
            "dac_code": row["dac_code"],
            "sdg_goals": [int(goal) for goal in row["sdg_goals"].split(";") if goal],
            "needs_review": False,
        }
        theme = themes.get(row["code"]) or next(
            (
                t
                for t in Theme.objects.filter(parent=parent, code="")
                if normalize_name(t.name_fr) == normalize_name(row["name_fr"])
            ),
            None,
        )
        if theme is None:
            theme = Theme(code=row["code"], **values)
            result.created += 1
        elif theme.code == row["code"] and all(
            getattr(theme, field) == value for field, value in values.items()
        ):
            result.unchanged += 1
            continue
        else:
            theme.code = row["code"]
            for field, value in values.items():
                setattr(theme, field, value)
            result.updated += 1
        theme.save()
        themes[row["code"]] = theme
    return result
