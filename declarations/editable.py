"""The data a form edits: the sheet's JSON representation, with the ids of its partner
authorities, so that a homonym ("Montreuil", three communes) stays the one chosen.
``ProjectWriter`` takes an ``id`` where an entry gives one, and the name otherwise."""

from catalogue.representation import load_representation, to_plain
from partnerships.models import Project


def editable_data(project: Project) -> dict:
    data = to_plain(load_representation(project.pk))
    for key, links in (
        ("french_authorities", project.french_links.order_by("position", "pk")),
        ("foreign_authorities", project.foreign_links.order_by("position", "pk")),
    ):
        ids = list(links.values_list("authority_id", flat=True))
        for item, authority_id in zip(data.get(key, []), ids, strict=False):
            item["id"] = authority_id
    return data
