"""Changes to the reference entries a partnership shows (countries, authorities, embassies,
themes, nomenclatures): each rename or merge is one publication event naming exactly the
published partnerships that show the entry, so that their search documents, the facet
labels of every process and the written files follow.

Renames are seen wherever they come from (the admin, ``load_reference``): the fields that
matter are compared before and after each save. Merges go through ``merge``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q

from atlas.text import normalize_name
from nomenclature.models import FunderKind, PartnershipType, SustainableDevelopmentGoal, Theme
from partnerships.models import (
    ForeignContact,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
)
from territories.models import (
    Country,
    CountryAlias,
    DiplomaticPost,
    ForeignAuthority,
    FrenchAuthority,
    Zone,
)

from . import events


def _published(condition: Q) -> list[int]:
    return list(
        Project.objects.published().filter(condition).distinct().values_list("pk", flat=True)
    )


def _theme_subtree(pks: Iterable[int]) -> set[int]:
    """The themes and every theme below them (a partnership on a sub-theme shows the path
    of its ancestors)."""
    found, level = set(pks), set(pks)
    while level:
        level = set(Theme.objects.filter(parent__in=level).values_list("pk", flat=True)) - found
        found |= level
    return found


@dataclass(frozen=True)
class Watched:
    """What of an entry the public sees (``fields``) and which partnerships show it."""

    fields: tuple[str, ...]
    shown_by: Callable[[list], list[int]]  # entry keys -> published partnership ids


WATCHED: dict[type[models.Model], Watched] = {
    Zone: Watched(("name_fr", "name_en", "code"), lambda pks: []),  # facet labels only
    Country: Watched(
        ("name_fr", "name_en", "zone_id"),
        lambda pks: _published(
            Q(foreign_authorities__country__in=pks) | Q(diplomatic_post__country__in=pks)
        ),
    ),
    FrenchAuthority: Watched(
        ("name", "kind", "insee_code", "siren", "departement_id", "region_id"),
        lambda pks: _published(
            Q(french_authorities__in=pks)
            | Q(french_authorities__departement__in=pks)
            | Q(french_authorities__region__in=pks)
        ),
    ),
    ForeignAuthority: Watched(
        ("name", "country_id", "kind", "latitude", "longitude", "geonames_id"),
        lambda pks: _published(
            Q(foreign_authorities__in=pks) | Q(foreign_contacts__authority__in=pks)
        ),
    ),
    DiplomaticPost: Watched(
        ("name", "country_id"), lambda pks: _published(Q(diplomatic_post__in=pks))
    ),
    Theme: Watched(
        ("name_fr", "name_en", "code", "parent_id", "dac_code", "sdg_goals"),
        lambda pks: _published(
            Q(main_theme__in=_theme_subtree(pks)) | Q(theme_links__theme__in=_theme_subtree(pks))
        ),
    ),
    PartnershipType: Watched(
        ("name_fr", "name_en", "code"), lambda pks: _published(Q(partnership_type__in=pks))
    ),
    FunderKind: Watched(
        ("name_fr", "name_en", "code"),
        lambda pks: _published(Q(funding_lines__funder_kind__in=pks)),
    ),
    SustainableDevelopmentGoal: Watched(("name_fr", "name_en"), lambda pks: []),
}


def _subject(model, keys) -> str:
    return f"{model._meta.model_name}:{','.join(map(str, keys))}"[:255]


def changed(model: type[models.Model], entries: list[models.Model]) -> events.Event | None:
    """Emit the event for entries of ``model`` whose watched fields changed."""
    if not entries:
        return None
    keys = [entry.pk for entry in entries]
    return events.emit(
        events.Event.Kind.REFERENCE, WATCHED[model].shown_by(keys), _subject(model, keys)
    )


def watch() -> None:
    """Connect the comparison of watched fields to every save of a watched entry."""
    from django.db.models.signals import post_save, pre_save

    from atlas.reference_data import rows_updated

    def remember(sender, instance, **kwargs):
        if instance.pk is not None and not kwargs.get("raw"):
            fields = WATCHED[sender].fields
            instance._watched_before = (
                sender.objects.filter(pk=instance.pk).values_list(*fields).first()
            )

    def compare(sender, instance, created, **kwargs):
        before = getattr(instance, "_watched_before", None)
        if created or before is None:
            return
        del instance._watched_before
        now = tuple(getattr(instance, name) for name in WATCHED[sender].fields)
        if now != before:
            changed(sender, [instance])

    def bulk(sender, instances, fields, **kwargs):
        """Rows updated in bulk (``load_reference``): no save signal, one event."""
        watched = {
            name.removesuffix("_id") for name in WATCHED.get(sender, Watched((), list)).fields
        }
        if watched & {name.removesuffix("_id") for name in fields}:
            changed(sender, list(instances))

    for model in WATCHED:
        uid = f"catalogue.references.{model._meta.label}"
        pre_save.connect(remember, sender=model, weak=False, dispatch_uid=uid)
        post_save.connect(compare, sender=model, weak=False, dispatch_uid=uid)
    rows_updated.connect(bulk, weak=False, dispatch_uid="catalogue.references")


# -- merges ---------------------------------------------------------------------------------


def _move_links(link_model, keep, duplicate) -> None:
    """Links to ``duplicate`` go to ``keep``, still saying the name their sheet wrote;
    where a partnership links both, the duplicate's link goes (a partner is listed once)."""
    both = link_model.objects.filter(authority=keep).values("project")
    link_model.objects.filter(authority=duplicate, project__in=both).delete()
    if duplicate.name != keep.name:
        link_model.objects.filter(authority=duplicate, label="").update(label=duplicate.name)
    link_model.objects.filter(authority=duplicate).update(authority=keep)


def _merge_french(keep: FrenchAuthority, duplicate: FrenchAuthority) -> None:
    _move_links(ProjectFrenchAuthority, keep, duplicate)
    FrenchAuthority.objects.filter(departement=duplicate).update(departement=keep)
    FrenchAuthority.objects.filter(region=duplicate).update(region=keep)


def _merge_foreign(keep: ForeignAuthority, duplicate: ForeignAuthority) -> None:
    _move_links(ProjectForeignAuthority, keep, duplicate)
    ForeignContact.objects.filter(authority=duplicate).update(authority=keep)


def _merge_posts(keep: DiplomaticPost, duplicate: DiplomaticPost) -> None:
    Project.objects.filter(diplomatic_post=duplicate).update(diplomatic_post=keep)
    if not keep.contacts.exists():  # the duplicate's list was the one kept up to date
        duplicate.contacts.update(post=keep)


def _merge_themes(keep: Theme, duplicate: Theme) -> None:
    if _theme_subtree([duplicate.pk]) & {keep.pk}:
        raise ValueError("Un thème ne peut être fusionné dans un thème placé sous lui.")
    Project.objects.filter(main_theme=duplicate).update(main_theme=keep)
    both = ProjectTheme.objects.filter(theme=keep).values("project")
    ProjectTheme.objects.filter(theme=duplicate, project__in=both).delete()
    ProjectTheme.objects.filter(theme=duplicate).update(theme=keep)
    for child in duplicate.children.all():
        child.parent = keep
        child.save()  # its level follows its parent's


def _merge_countries(keep: Country, duplicate: Country) -> None:
    for authority in ForeignAuthority.objects.filter(country=duplicate):
        same = ForeignAuthority.objects.filter(
            country=keep, normalized_name=authority.normalized_name
        ).first()
        if same:
            _merge_foreign(same, authority)
            authority.delete()
        else:
            authority.country = keep
            authority.save()
    DiplomaticPost.objects.filter(country=duplicate).update(country=keep)
    duplicate.aliases.update(country=keep)
    for name in {duplicate.name_fr, duplicate.name_en} - {keep.name_fr, keep.name_en, ""}:
        if not CountryAlias.objects.filter(normalized=normalize_name(name)).exists():
            CountryAlias.objects.create(country=keep, alias=name)


MERGES = {
    FrenchAuthority: _merge_french,
    ForeignAuthority: _merge_foreign,
    DiplomaticPost: _merge_posts,
    Theme: _merge_themes,
    Country: _merge_countries,
}


def merge(keep: models.Model, duplicate: models.Model) -> events.Event | None:
    """Merge ``duplicate`` into ``keep`` (same model): every partnership, partner, contact
    or sub-entry that pointed at it points at ``keep``, then it is deleted; one event names
    the published partnerships that showed either."""
    model = type(keep)
    if type(duplicate) is not model or model not in MERGES:
        raise ValueError(f"Cannot merge a {type(duplicate).__name__} into a {model.__name__}.")
    if keep.pk == duplicate.pk:
        raise ValueError("An entry cannot be merged into itself.")
    with transaction.atomic():
        shown = set(WATCHED[model].shown_by([keep.pk, duplicate.pk]))
        MERGES[model](keep, duplicate)
        subject = f"{model._meta.model_name}:{duplicate.pk} → {keep.pk}"
        duplicate.delete()
        return events.emit(events.Event.Kind.MERGED, shown, subject)
