"""The declaration form: the partnership's own fields, then one formset per list, all
made from the catalogue, turned into the JSON representation the writer takes.

``SheetForms`` holds them together: built from a version's data (``initial``) or from a
POST, it validates every part, checks what needs the parts together (the 1 % shares
within their line, a contact's authority among the partners, the person's own scope)
and gives back the data. The data keeps every key the form does not edit (the embassy's
contacts as imported, for one).
"""

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from accounts.authority_lookup import authority_label
from accounts.permissions import Action, covers_partners
from atlas.forms import IntegerParameter, integer_in_range
from catalogue import lists
from catalogue.field_kinds import IMPLEMENTATION_ROLES
from catalogue.fields import FIELDS
from partnerships.models.project import END_STILL_TO_COME, completed_before_its_end
from territories.models import Country, DiplomaticPost, FrenchAuthority

from .fields import (
    item_field,
    own_field,
    partnership_type_field,
    theme_choices,
    theme_paths,
)
from .partners import FrenchAuthorityField, foreign_partner

OWN = {name: made for name, field in FIELDS.items() if field.json and (made := own_field(field))}
IMPLEMENTATION_LABELS = {
    "project_owners": _("Maîtres d'ouvrage"),
    "project_managers": _("Maîtres d'œuvre"),
    "beneficiaries": _("Bénéficiaires"),
}


class MainForm(DsfrBaseForm):
    """The partnership's own fields, its themes, implementing actors and embassy."""

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, made in OWN.items():
            self.fields[name] = made.field
        self.fields["partnership_type"] = partnership_type_field()
        self.fields["theme"] = forms.ChoiceField(
            label=FIELDS["theme"].label, choices=themes, required=False
        )
        for key in IMPLEMENTATION_ROLES:
            self.fields[key] = forms.CharField(
                label=IMPLEMENTATION_LABELS[key],
                help_text=_("Un nom par ligne."),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        posts = DiplomaticPost.objects.order_by("name").values_list("pk", "name")
        self.fields["diplomatic_post"] = forms.ChoiceField(
            label=FIELDS["diplomatic_post"].label,
            choices=[("", "—"), *((str(pk), name) for pk, name in posts)],
            required=False,
        )
        self.order_fields(FIELDS)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_date")
        if start and end and end.year < start:
            self.add_error(
                "end_date", _("La date de fin du partenariat précède son année de début.")
            )
        if completed_before_its_end(cleaned.get("status"), end):
            self.add_error("end_date", END_STILL_TO_COME)
        return cleaned


def _list_form(sheet_list: lists.SheetList, names: tuple[str, ...]) -> type[DsfrBaseForm]:
    fields = {name: item_field(sheet_list, sheet_list.item(name)) for name in names}
    return type(f"{sheet_list.name.title()}Form", (DsfrBaseForm,), fields)


def _entry_names(sheet_list: lists.SheetList) -> tuple[str, ...]:
    return tuple(item.name for item in sheet_list.items if item.json)


class FrenchPartnerForm(DsfrBaseForm):
    authority = FrenchAuthorityField(
        label=_("Collectivité française"),
        help_text=_("Son nom, et son code INSEE entre parenthèses s'il y a des homonymes."),
        required=False,
    )


class ForeignPartnerForm(DsfrBaseForm):
    country = forms.ChoiceField(label=_("Pays"), required=False)
    name = forms.CharField(label=_("Collectivité étrangère"), max_length=255, required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = countries
        self.fields["name"].widget.attrs.update(
            {"autocomplete": "off", "data-suggest": "foreign-town"}
        )
        self.fields["name"].help_text = _(
            "Une ville que GeoNames connaît est placée sur la carte à ses coordonnées."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not cleaned.get("country"):
            self.add_error("country", _("Indiquez le pays de ce partenaire."))
        return cleaned


class OtherThemeForm(DsfrBaseForm):
    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"] = forms.ChoiceField(
            label=_("Thématique"), choices=themes, required=False
        )
        self.fields["priority"] = IntegerParameter(
            label=_("Priorité"), min_value=1, max_value=99, required=False
        )


MAX_ROWS = 100  # per list; more rows posted are refused, not rendered


def _formset(form, **kwargs):
    return formset_factory(
        form, extra=1, can_delete=True, max_num=MAX_ROWS, absolute_max=MAX_ROWS, **kwargs
    )


CONTACT_NAMES = _entry_names(lists.CONTACTS)
FUNDING_NAMES = _entry_names(lists.FUNDING)
VOLUNTEER_NAMES = _entry_names(lists.VOLUNTEERS)
FORMSETS = {
    "french_authorities": _formset(FrenchPartnerForm),
    "foreign_authorities": _formset(ForeignPartnerForm),
    "other_themes": _formset(OtherThemeForm),
    "foreign_contacts": _formset(_list_form(lists.CONTACTS, CONTACT_NAMES)),
    "funding": _formset(_list_form(lists.FUNDING, FUNDING_NAMES)),
    "volunteers": _formset(_list_form(lists.VOLUNTEERS, VOLUNTEER_NAMES)),
}
SECTIONS = (
    ("french_authorities", _("Collectivités françaises partenaires")),
    ("foreign_authorities", _("Partenaires étrangers")),
    ("other_themes", FIELDS["other_themes"].label),
    ("foreign_contacts", lists.CONTACTS.label),
    ("funding", lists.FUNDING.label),
    ("volunteers", lists.VOLUNTEERS.label),
)


def _filled(form) -> bool:
    """A row that says something and is not marked for deletion (unchanged rows of the
    sheet count: ``has_changed`` would drop them)."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    return not cleaned.get("DELETE") and any(
        value not in (None, "", [], False) for key, value in cleaned.items() if key != "DELETE"
    )


class SheetForms:
    """The main form and the lists' formsets of one sheet."""

    def __init__(self, user, initial: dict, post=None, add_row_to: str | None = None):
        """``add_row_to``: the list whose "add a line" button was pressed."""
        self.user, self.initial = user, initial
        themes = theme_choices()  # once for the whole page: it is read by many fields
        countries = [("", "—"), *Country.objects.order_by("name_fr").values_list("pk", "name_fr")]
        if post is not None and add_row_to in FORMSETS:
            post = post.copy()
            key = f"{add_row_to}-TOTAL_FORMS"
            count = integer_in_range(post.get(key), 0, MAX_ROWS - 1)
            if count is not None:
                post[key] = str(count + 1)
        self.main = MainForm(post, initial=self._main_initial(initial), themes=themes)
        kwargs = {
            "foreign_authorities": {"countries": countries},
            "other_themes": {"themes": themes},
        }
        self.formsets = {
            name: formset_class(
                post,
                initial=self._rows_initial(name, initial),
                prefix=name,
                form_kwargs=kwargs.get(name, {}),
            )
            for name, formset_class in FORMSETS.items()
        }
        self.data: dict | None = None

    # -- from the data to the form ---------------------------------------------------------

    @staticmethod
    def _main_initial(data: dict) -> dict:
        initial = {name: made.to_form(data.get(name)) for name, made in OWN.items()}
        initial["partnership_type"] = data.get("partnership_type") or ""
        path = (data.get("theme") or {}).get("path")
        ids = {tuple(p): pk for pk, p in theme_paths().items()}
        initial["theme"] = ids.get(tuple(path), "") if path else ""
        for key in IMPLEMENTATION_ROLES:
            names = (data.get("implementation") or {}).get(key, [])
            initial[key] = "\n".join(actor["name"] for actor in names)
        post = data.get("diplomatic_post") or {}
        found = DiplomaticPost.objects.filter(name=post.get("name")).first() if post else None
        initial["diplomatic_post"] = str(found.pk) if found else ""
        return initial

    @staticmethod
    def _rows_initial(name: str, data: dict) -> list[dict]:
        rows = data.get(name) or []
        if name == "french_authorities":
            by_id = FrenchAuthority.objects.select_related("departement").in_bulk(
                [r["id"] for r in rows if r.get("id")]
            )
            return [
                {
                    "authority": authority_label(by_id[r["id"]])
                    if r.get("id") in by_id
                    else r["name"]
                }
                for r in rows
            ]
        if name == "other_themes":
            ids = {tuple(p): pk for pk, p in theme_paths().items()}
            return [
                {"theme": ids.get(tuple(r["path"]), ""), "priority": r.get("priority")}
                for r in rows
            ]
        return [dict(row) for row in rows]

    # -- from the form to the data ---------------------------------------------------------

    def is_valid(self) -> bool:
        valid = self.main.is_valid()
        for formset in self.formsets.values():  # every one, so that every error shows
            valid = formset.is_valid() and valid
        if valid:
            self.data = self._data()
            valid = self._check_together()
        return valid

    @property
    def errors(self) -> list[tuple[str, str, str]]:
        """Every error as (anchor id, label, message), for the summary at the top."""
        found = []
        for name, field_errors in self.main.errors.items():
            label = self.main.fields[name].label if name in self.main.fields else ""
            anchor = f"id_{name}" if name in self.main.fields else "sheet-form"
            found += [(anchor, label, message) for message in field_errors]
        for prefix, formset in self.formsets.items():
            for message in formset.non_form_errors():
                found.append((f"section-{prefix}", dict(SECTIONS)[prefix], message))
            for index, form in enumerate(formset.forms):
                for name, field_errors in form.errors.items():
                    anchor = f"id_{prefix}-{index}-{name}"
                    if name == "__all__" or name not in form.fields:
                        anchor = f"section-{prefix}"
                        label = dict(SECTIONS)[prefix]
                    else:
                        label = f"{dict(SECTIONS)[prefix]}, {index + 1} : {form.fields[name].label}"
                    found += [(anchor, label, message) for message in field_errors]
        return found

    def _rows(self, name: str) -> list:
        return [form.cleaned_data for form in self.formsets[name].forms if _filled(form)]

    def _data(self) -> dict:
        main = self.main.cleaned_data
        data = dict(self.initial)
        data.update({name: made.to_data(main.get(name)) for name, made in OWN.items()})
        data["partnership_type"] = main["partnership_type"] or None
        paths = theme_paths()
        data["theme"] = {"path": paths[main["theme"]]} if main["theme"] else None
        data["implementation"] = {
            key: [{"name": line.strip()} for line in main[key].splitlines() if line.strip()]
            for key in IMPLEMENTATION_ROLES
        }
        data["other_themes"] = [
            {"path": paths[row["theme"]], "priority": row["priority"]}
            for row in self._rows("other_themes")
            if row["theme"]
        ]
        data["french_authorities"] = [
            {"name": row["authority"].name, "id": row["authority"].pk}
            for row in self._rows("french_authorities")
            if row["authority"]
        ]
        data["foreign_authorities"] = [
            foreign_partner(row["country"], row["name"], self.initial)
            for row in self._rows("foreign_authorities")
            if row["name"]
        ]
        for name, names in (
            ("foreign_contacts", CONTACT_NAMES),
            ("funding", FUNDING_NAMES),
            ("volunteers", VOLUNTEER_NAMES),
        ):
            data[name] = [
                {key: _plain(row.get(key), key) for key in names} for row in self._rows(name)
            ]
        data["diplomatic_post"] = self._post(main["diplomatic_post"])
        return data

    def _post(self, chosen: str) -> dict | None:
        if not chosen:
            return None
        post = DiplomaticPost.objects.filter(pk=chosen).first()
        if post is None:
            return None
        before = self.initial.get("diplomatic_post") or {}
        contacts = before.get("contacts", []) if before.get("name") == post.name else []
        return {"name": post.name, "country": post.country_id, "contacts": contacts}

    def _check_together(self) -> bool:
        """What no single field can check: shares within their line, contacts' authorities
        among the partners, and a sheet that stays within the person's reach."""
        ok = True
        funding = self.formsets["funding"]
        for form in funding.forms:
            if not _filled(form):
                continue
            amount = form.cleaned_data.get("amount_eur")
            for share in lists.SHARES:
                value = form.cleaned_data.get(share)
                if value is not None and amount is not None and value > amount:
                    form.add_error(
                        share, _("Une part « 1 % » ne peut pas dépasser le montant de sa ligne.")
                    )
                    ok = False
        partners = {item["name"].casefold() for item in self.data["foreign_authorities"]}
        for form in self.formsets["foreign_contacts"].forms:
            authority = (form.cleaned_data.get("authority") or "").strip() if _filled(form) else ""
            if authority and authority.casefold() not in partners:
                form.add_error(
                    "authority",
                    _("« %(name)s » n'est pas un des partenaires étrangers de la fiche.")
                    % {"name": authority[:100]},
                )
                ok = False
        french = [item["id"] for item in self.data["french_authorities"]]
        countries = [item["country"] for item in self.data["foreign_authorities"]]
        if not covers_partners(self.user, Action.EDIT, french, countries):
            self.formsets["french_authorities"]._non_form_errors = forms.utils.ErrorList(
                [
                    _(
                        "La fiche doit garder pour partenaire une de vos collectivités (ou un "
                        "partenaire dans un de vos pays) : sans cela vous ne pourriez plus la "
                        "modifier."
                    )
                ]
            )
            ok = False
        return ok


def _plain(value, key: str):
    """A cleaned value as the JSON representation writes it."""
    if value == "" and key in {"funder_kind", "scheme", "authority"}:
        return None
    if hasattr(value, "as_tuple"):  # Decimal
        return int(value) if value == value.to_integral_value() else float(value)
    return value
