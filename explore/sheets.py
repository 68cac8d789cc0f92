"""The project sheet as the public page shows it: the partnership read by the catalogue
(``catalogue.reader``), with the labels and the "nothing said" messages its fields
declare, in the page's language. Shared table helpers for the browse pages too."""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.facet_kinds import in_language
from catalogue.field_kinds import ImplementationField
from catalogue.fields import FIELDS
from catalogue.lists import CONTACTS, FUNDING, VOLUNTEERS
from catalogue.reader import Sheet, SheetReader
from partnerships.models import OnePercentMechanism, Project
from territories.models import DiplomaticPost, FrenchAuthority

from . import breadcrumbs
from .breadcrumbs import breadcrumb
from .embassies import PostContacts, post_contacts
from .templatetags.atlas_format import email_link

TEXTS = ("context", "history", "objectives", "description")
FOLLOW_UP = ("communication_france", "communication_partner_countries", "evaluation")


def _page(view: str, pk: int, slug: str) -> str:
    return reverse(view, kwargs={"pk": pk, "slug": slug})


def _link(instance, text: str = "") -> str:
    return format_html('<a href="{}">{}</a>', instance.get_absolute_url(), text or instance.name)


def _anchor(url: str, text: str) -> str:
    return format_html('<a href="{}">{}</a>', url, text)


def _table(caption, header: list, rows: list[list], empty) -> dict:
    """A table for django-dsfr's ``dsfr_table`` tag, or what to say when it has no row.
    Cells are escaped unless built with ``format_html``."""
    return {
        "caption": caption,
        "header": header,
        "content": rows,
        "extra_classes": "fr-table--no-caption",
        "empty": empty,
    }


@dataclass
class SheetPage:
    """What the sheet's template reads."""

    pk: int
    slug: str
    title: str
    status: str
    status_label: str
    type_label: str | None
    first_signature_year: int | None
    start_year: int | None
    end_date: date | None
    triennial: bool
    updated_at: datetime
    labels: dict[str, str]
    empties: dict[str, str]  # what to say of a field when there is nothing
    theme_levels: list[dict]
    texts: list[dict]
    roles: list[dict]
    french: list[dict]
    tables: dict[str, dict]
    funding_labels: dict[str, str]
    funding_rows: list[dict]
    funding_mechanisms: list[OnePercentMechanism]
    funding_total: object
    funding_share_totals: list  # of each "1 %" column shown (None: no amount in it)
    follow_up: list[dict]
    post: DiplomaticPost | None
    post_contacts: PostContacts | None
    breadcrumb_data: dict

    def get_absolute_url(self) -> str:
        return _page("explore:project", self.pk, self.slug)


def read_sheet(pk: int) -> tuple[SheetReader, Sheet | None]:
    """A published partnership as the catalogue reads it (None if there is none)."""
    reader = SheetReader(published=True, extra=["partnership_type_label_en"])
    return reader, reader.read([pk]).get(pk)


def sheet_page(sheet: Sheet, reader: SheetReader) -> SheetPage:
    fields = sheet.fields
    themes = reader.themes
    theme = themes.get(fields["main_theme_id"])
    post_pk = fields["diplomatic_post_id"]
    post = DiplomaticPost.objects.select_related("country").filter(pk=post_pk).first()
    foreign = sheet.lists["foreign"]
    countries = {
        (p["country"], in_language(p["country_name"], p["country_name_en"])) for p in foreign
    }
    funding = sheet.lists["funding"]
    # A 1% column appears only if some line of this sheet has a value in it (0 included).
    mechanisms = [
        mechanism
        for mechanism in OnePercentMechanism
        if any(line[mechanism.field_name] is not None for line in funding)
    ]
    return SheetPage(
        pk=sheet.pk,
        slug=fields["slug"],
        title=fields["title"],
        status=fields["status"],
        status_label=str(Project.Status(fields["status"]).label) if fields["status"] else "",
        type_label=in_language(
            fields["partnership_type_label"], fields["partnership_type_label_en"]
        )
        if fields["partnership_type_label"]
        else None,
        first_signature_year=fields["first_signature_year"],
        start_year=fields["start_year"],
        end_date=fields["end_date"],
        triennial=fields["triennial"],
        updated_at=sheet.updated_at,
        labels={name: field.label for name, field in FIELDS.items()},
        empties={name: field.empty for name, field in FIELDS.items() if field.empty},
        theme_levels=[
            {
                "name": in_language(level.name_fr, level.name_en),
                "url": reverse("explore:theme", kwargs={"code": level.code})
                if level.code
                else None,
            }
            for level in (theme.levels if theme else ())
        ],
        texts=[
            {"label": FIELDS[name].label, "value": fields[name], "empty": FIELDS[name].empty}
            for name in TEXTS
        ],
        roles=[
            {
                "label": heading,
                "empty": empty,
                "actors": [a["name"] for a in sheet.lists["actors"] if a["role"] == role],
            }
            for role, heading, empty in ImplementationField.sheet_roles
        ],
        french=[
            {
                "name": partner["name"],
                "url": _page("explore:french_authority", partner["authority_id"], partner["slug"]),
                "kind": FrenchAuthority.Kind(partner["kind"]).label
                if partner["kind"] != FrenchAuthority.Kind.OTHER
                else None,
                "official": partner["official_name"]
                if partner["name"] != partner["official_name"]
                else None,
                # Where it lies, each with its page (none above a région, nor for itself).
                "places": [
                    {
                        "name": partner[f"{level}_name"],
                        "url": _page(
                            "explore:french_authority",
                            partner[f"{level}_id"],
                            partner[f"{level}_slug"],
                        ),
                    }
                    for level in ("departement", "region")
                    if partner[f"{level}_id"] and partner[f"{level}_id"] != partner["authority_id"]
                ],
            }
            for partner in sheet.lists["french"]
        ],
        tables=_tables(sheet, reader),
        funding_labels={
            name: FUNDING.item(name).label for name in ("funder", "amount_eur", "year")
        },
        funding_rows=[
            {"line": line, "shares": [line[m.field_name] for m in mechanisms]} for line in funding
        ],
        funding_mechanisms=mechanisms,
        funding_total=FIELDS["funding_total_eur"].value(sheet, reader),
        funding_share_totals=[
            sum(shares)
            if (
                shares := [line[m.field_name] for line in funding if line[m.field_name] is not None]
            )
            else None
            for m in mechanisms
        ],
        follow_up=[
            {"label": FIELDS[name].label, "value": fields[name], "empty": FIELDS[name].empty}
            for name in FOLLOW_UP
        ],
        post=post,
        post_contacts=post_contacts(post, cited=sheet.lists["post_contacts"]) if post else None,
        # A partnership in a single country sits under that country's page.
        breadcrumb_data=breadcrumb(
            fields["title"],
            breadcrumbs.countries(),
            *(
                (reverse("explore:country", kwargs={"code": code}), name)
                for code, name in countries
                if len(countries) == 1
            ),
        ),
    )


def _tables(sheet: Sheet, reader: SheetReader) -> dict[str, dict]:
    """The sheet's simple tables, by section, in the shape ``dsfr_table`` expects; their
    headers are the labels of the lists' items."""

    def levels(theme_pk: int) -> list[str]:
        names = [
            _anchor(reverse("explore:theme", kwargs={"code": level.code}), name)
            if level.code
            else name
            for level in themes[theme_pk].levels
            if (name := in_language(level.name_fr, level.name_en))
        ]
        return names + [""] * (3 - len(names))

    def headers(sheet_list, names) -> list:
        return [sheet_list.item(name).label for name in names]

    themes = reader.themes
    contact_items = ("authority", "last_name", "first_name", "function", "email")
    volunteer_items = ("last_name", "first_name", "mission", "field_of_action", "host_entity")
    return {
        "other_themes": _table(
            FIELDS["other_themes"].label,
            [_("Thématique"), _("Sous-thématique"), _("Sous-sous-thématique"), _("Priorité")],
            [
                [*levels(link["theme"]), "" if link["priority"] is None else str(link["priority"])]
                for link in sheet.lists["theme_links"]
            ],
            FIELDS["other_themes"].empty,
        ),
        "foreign_partners": _table(
            FIELDS["foreign_authorities"].label,
            [_("Collectivité étrangère"), pgettext_lazy("un pays", "Pays")],
            [
                [
                    _anchor(
                        _page("explore:foreign_authority", p["authority_id"], p["slug"]), p["name"]
                    ),
                    _anchor(
                        reverse("explore:country", kwargs={"code": p["country"]}),
                        in_language(p["country_name"], p["country_name_en"]),
                    ),
                ]
                for p in sheet.lists["foreign"]
            ],
            FIELDS["foreign_authorities"].empty,
        ),
        "foreign_contacts": _table(
            FIELDS["foreign_contacts"].label,
            headers(CONTACTS, contact_items),
            [
                [
                    contact["authority"] or "",
                    *(contact[name] for name in contact_items[1:4]),
                    email_link(contact["email"]),
                ]
                for contact in sheet.lists["contacts"]
            ],
            FIELDS["foreign_contacts"].empty,
        ),
        "volunteers": _table(
            FIELDS["volunteers"].label,
            headers(VOLUNTEERS, (*volunteer_items, "scheme")),
            [
                [volunteer[name] for name in volunteer_items]
                + [in_language(volunteer["scheme"] or "", volunteer["scheme_en"] or "")]
                for volunteer in sheet.lists["volunteers"]
            ],
            FIELDS["volunteers"].empty,
        ),
    }
