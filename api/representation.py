"""The JSON representation of a partnership (docs/json-representation.md) and the other
answers of the API, described for the OpenAPI schema from the catalogue: each field of
``catalogue.fields.FIELDS`` says its own schema, so that a field added there is described
here at once. The generated-requests test checks every answer against these schemas."""

from catalogue.facets import OFFERED, YEAR_RANGE
from catalogue.field_kinds import INTEGER, STRING, nullable, object_of
from catalogue.representation import REPRESENTED
from search.statistics import STATISTICS


def _integers(description: str) -> dict:
    return {
        "type": "object",
        "additionalProperties": INTEGER,
        "description": description,
    }


PROJECT = {
    **object_of(
        id=INTEGER,
        url={"type": "string", "format": "uri", "description": "Sa fiche sur le site."},
        **{field.name: field.schema() for field in REPRESENTED},
    ),
    "description": "A partnership in its JSON representation.",
}

PROJECT_PAGE = object_of(
    count=INTEGER,
    page=INTEGER,
    pages=INTEGER,
    next=nullable({"type": "string", "format": "uri"}),
    previous=nullable({"type": "string", "format": "uri"}),
    results={"type": "array", "items": PROJECT},
)

# The search page's JSON alternate: a page of results, with every facet's counts.
SEARCH_PAGE = {
    **PROJECT_PAGE,
    "properties": {
        **PROJECT_PAGE["properties"],
        "facets": object_of(
            **{
                facet.name: _integers(f"Partenariats par valeur de « {facet.name} »")
                for facet in OFFERED
                if facet is not YEAR_RANGE
            }
        ),
        "start_years": _integers("Partenariats par année de début"),
    },
}

STATS = object_of(
    projects={**INTEGER, "description": "Partenariats publiés que la recherche trouve."},
    french_authorities=INTEGER,
    foreign_authorities=INTEGER,
    countries=INTEGER,
    by=object_of(
        **{name: _integers(f"Partenariats trouvés par valeur de « {name} »") for name in STATISTICS}
    ),
    by_start_year=_integers("Partenariats trouvés par année de début"),
    by_start_year_and_zone={
        "type": "object",
        "description": "Par zone géographique (code), les partenariats trouvés par année de début",
        "additionalProperties": _integers("Partenariats par année de début"),
    },
    top_french_authorities=_integers(
        "Les 20 collectivités françaises partenaires du plus de partenariats trouvés (identifiant)"
    ),
    amount_by_country={
        "type": "object",
        "description": "Par pays (code ISO alpha-2), les montants déclarés des partenariats "
        "trouvés qui y ont un partenaire, en euros (un partenariat de deux pays compte dans "
        "chacun)",
        "additionalProperties": {"type": "number"},
    },
    funding=object_of(
        total_eur={"type": "number", "description": "Montants déclarés, en euros"},
        one_percent_eur={
            "type": "object",
            "description": "Dont, par mécanisme « 1 % » (water, energy, waste, mobility)",
            "additionalProperties": {"type": "number"},
        },
        by_year_and_funder_kind={
            "type": "object",
            "description": "Par année, les montants déclarés par type de financeur (code ; "
            "chaîne vide : type inconnu)",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "number"}},
        },
        by_year_and_one_percent={
            "type": "object",
            "description": "Par année, les parts « 1 % » déclarées par mécanisme",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "number"}},
        },
    ),
)

ERRORS = object_of(
    errors={"type": "object", "additionalProperties": {"type": "array", "items": STRING}}
)
NOT_FOUND = object_of(detail=STRING)
