"""Writing partnerships from their JSON representation, and recording each change.

``ProjectWriter.save`` is the one write path of a sheet (imports, the demo aside, the
back office to come); the admin's forms go through the same ``recorded_change``. Each
list is written by difference, so that its entries keep their ids across saves (review
comments and diffs point at them). Every change ends in ``recorded_change``: the
publication event when the public data moved (``events``), and the revision, recorded
once the transaction has committed.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.text import slugify

from atlas.text import normalize_name
from nomenclature.models import FunderKind, PartnershipType, Theme, VolunteerScheme
from partnerships.funders import FunderKinds
from partnerships.models import (
    ForeignContact,
    FundingLine,
    ImplementingActor,
    PostContactAsImported,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectRevision,
    ProjectTheme,
    Volunteer,
)
from territories.matching import authority_match_key
from territories.models import DiplomaticPost, ForeignAuthority, FrenchAuthority

from . import events
from .field_kinds import IMPLEMENTATION_ROLES, ColumnField
from .fields import FIELDS
from .lists import SHARES
from .representation import load_representation, to_plain

# The partnership's own columns the representation gives as they are; texts among them
# are empty in the database when the representation says null ("none").
OWN_COLUMNS = {
    name: catalogue_field.type == "string"
    for name, catalogue_field in FIELDS.items()
    if isinstance(catalogue_field, ColumnField) and name != "triennial"
}
PUBLISHED = Project.PublicationState.PUBLISHED
# The key under which a revision records a change of publication state, which the
# representation does not hold.
PUBLICATION_STATE = "publication_state"


@dataclass
class SaveOutcome:
    project: Project
    created: bool
    changes: dict
    notes: list[str] = field(default_factory=list)  # entries created for review, and the like
    # Reference entries the save created (themes, types, authorities, embassies), which the
    # legacy import lists for administrators to review.
    created_entries: list[models.Model] = field(default_factory=list)


def diff_representations(before: dict, after: dict) -> dict:
    """Top-level keys whose value changed, with both values in JSON-compatible form."""
    before, after = to_plain(before), to_plain(after)
    return {
        key: {"old": before.get(key), "new": value}
        for key, value in after.items()
        if before.get(key) != value
    }


def _stored_state(pk: int | None) -> str | None:
    """The partnership's publication state as stored (None for one not saved yet)."""
    if not pk:
        return None
    return Project.objects.filter(pk=pk).values_list("publication_state", flat=True).first()


@dataclass
class Change:
    """What ``recorded_change`` found: the changed keys, once the block has run."""

    changes: dict = field(default_factory=dict)


@contextmanager
def recorded_change(
    project: Project,
    *,
    origin: str,
    user=None,
    source: str = "",
    before: dict | None = None,
    created: bool = False,
) -> Iterator[Change]:
    """Run a write of ``project`` (a ``created`` one may be saved already, or inside the
    block), then: emit the publication event if the public data moved, and record the
    revision once committed. ``before`` is the representation before the write, when the
    caller already has it."""
    change = Change()
    created = created or project.pk is None
    with transaction.atomic():
        old_state = None if created else _stored_state(project.pk)
        was_published = old_state == PUBLISHED
        if created:
            before = {}
        elif before is None:
            before = load_representation(project.pk)
        yield change
        after = load_representation(project.pk)
        change.changes = diff_representations(before, after)
        if old_state is not None and old_state != project.publication_state:
            change.changes[PUBLICATION_STATE] = {"old": old_state, "new": project.publication_state}
        now_published = project.publication_state == PUBLISHED
        if now_published and not was_published:
            events.emit(events.Event.Kind.PUBLISHED, [project.pk])
        elif was_published and not now_published:
            events.emit(events.Event.Kind.UNPUBLISHED, [project.pk])
        elif now_published and change.changes:
            events.emit(events.Event.Kind.CHANGED, [project.pk])
        if change.changes:
            transaction.on_commit(
                lambda: ProjectRevision.objects.create(
                    project_id=project.pk,
                    user=user,
                    origin=origin,
                    source=source,
                    changes=change.changes,
                )
            )


def synchronise(
    model: type[models.Model],
    existing: list[models.Model],
    wanted: list[models.Model],
    key: Callable[[models.Model], Hashable],
) -> None:
    """Make a partnership's list hold ``wanted`` (unsaved rows, in order) by difference:
    a wanted row takes the id of an existing row with the same ``key`` (the same partner,
    the same funder and year ...), else of an existing row left over, in order (an entry
    edited in place); rows are updated only where a value differs, the others deleted."""
    pool: dict[Hashable, list] = defaultdict(list)
    for row in existing:
        pool[key(row)].append(row)
    pairs = [(item, pool[key(item)].pop(0) if pool[key(item)] else None) for item in wanted]
    taken = {id(row) for _item, row in pairs if row is not None}
    left = iter([row for row in existing if id(row) not in taken])
    pairs = [(item, row if row is not None else next(left, None)) for item, row in pairs]
    kept = {id(row) for _item, row in pairs if row is not None}
    stale = [row.pk for row in existing if id(row) not in kept]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    columns = [
        f.attname for f in model._meta.concrete_fields if not f.primary_key and f.name != "project"
    ]
    changed, fresh = [], []
    for item, row in pairs:
        if row is None:
            fresh.append(item)
        elif any(getattr(row, c) != getattr(item, c) for c in columns):
            for c in columns:
                setattr(row, c, getattr(item, c))
            changed.append(row)
    if changed:
        model.objects.bulk_update(changed, columns)
    model.objects.bulk_create(fresh)


class ProjectWriter:
    """Applies a representation to the database, creating referenced entries as needed.

    Nomenclature labels and authorities that the database does not know are created
    and flagged for review rather than dropped: nothing the page says is lost.
    """

    def __init__(self):
        self.notes: list[str] = []
        self.created_entries: list[models.Model] = []
        # Themes by parent id, then by normalized label, read once per parent and save:
        # a query and a scan of the siblings per row was quadratic in a page's new themes.
        self._themes: dict[int | None, dict[str, Theme]] = {}

    def save(
        self,
        data: dict,
        *,
        project: Project | None = None,
        origin: str,
        source: str = "",
        user=None,
        legacy_key: str | None = None,
        source_sha256: str = "",
        publication_state: str | None = None,
        before: dict | None = None,
    ) -> SaveOutcome:
        """Write ``data`` into ``project`` (a new one if None). ``before`` is the project's
        current representation when the caller already has it."""
        created = project is None
        project = project or Project(legacy_key=legacy_key)
        self._themes = {}  # what another save read may have been rolled back since
        self.created_entries = []  # this save's, when the writer is used again
        with recorded_change(
            project, origin=origin, user=user, source=source, before=before
        ) as change:
            for name, is_text in OWN_COLUMNS.items():
                value = data.get(name)
                setattr(project, name, "" if value is None and is_text else value)
            project.triennial = bool(data.get("triennial"))
            project.status = data.get("status") or ""
            project.partnership_type = self.partnership_type(data.get("partnership_type"))
            project.main_theme = self.theme((data.get("theme") or {}).get("path") or [])
            project.diplomatic_post = self.diplomatic_post(data.get("diplomatic_post"))
            if publication_state:
                project.publication_state = publication_state
            if source:
                project.source_file = source
            if source_sha256:
                project.source_sha256 = source_sha256
            if created:
                project.created_by = user
            project.updated_by = user
            project.full_clean(exclude=["legacy_key", "slug"], validate_unique=False)
            project.save()
            self.write_lists(project, data)
        return SaveOutcome(project, created, change.changes, self.notes, self.created_entries)

    # -- lists ----------------------------------------------------------------------------

    def write_lists(self, project: Project, data: dict) -> None:
        def existing(relation):
            return list(getattr(project, relation).all())

        synchronise(
            ProjectTheme,
            existing("theme_links"),
            [
                ProjectTheme(project=project, theme=self.theme(item["path"]), priority=priority)
                for item, priority in self._unique_themes(data.get("other_themes", []))
            ],
            key=lambda row: row.theme_id,
        )
        implementation = data.get("implementation") or {}
        synchronise(
            ImplementingActor,
            existing("implementing_actors"),
            [
                ImplementingActor(project=project, role=role, name=actor["name"], position=i)
                for key, role in IMPLEMENTATION_ROLES.items()
                for i, actor in enumerate(implementation.get(key, []))
            ],
            key=lambda row: (row.role, row.name),
        )
        french = {}  # authority pk -> (authority, name as the sheet writes it)
        for item in data.get("french_authorities", []):
            authority = self.french_authority(item["name"], item.get("id"))
            french.setdefault(authority.pk, (authority, item["name"]))
        self.write_partners(project, ProjectFrenchAuthority, "french_links", french.values())
        foreign = {}  # normalized name -> (authority, name as the sheet writes it)
        for item in data.get("foreign_authorities", []):
            name_key = normalize_name(item["name"])
            if name_key not in foreign:
                foreign[name_key] = (
                    self.foreign_authority(
                        item["name"],
                        item["country"],
                        item.get("id"),
                        position=(item.get("latitude"), item.get("longitude")),
                        geonames_id=item.get("geonames_id"),
                    ),
                    item["name"],
                )
        self.write_partners(project, ProjectForeignAuthority, "foreign_links", foreign.values())
        by_name = {name_key: authority for name_key, (authority, _w) in foreign.items()}
        synchronise(
            ForeignContact,
            existing("foreign_contacts"),
            [
                ForeignContact(
                    project=project,
                    authority=by_name.get(normalize_name(contact.get("authority") or "")),
                    last_name=contact.get("last_name", ""),
                    first_name=contact.get("first_name", ""),
                    function=contact.get("function", ""),
                    email=contact.get("email", ""),
                    position=i,
                )
                for i, contact in enumerate(data.get("foreign_contacts", []))
            ],
            key=lambda row: (row.authority_id, row.last_name, row.first_name, row.email),
        )
        synchronise(
            FundingLine,
            existing("funding_lines"),
            self.funding_lines(project, data),
            key=lambda row: (row.funder, row.year),
        )
        synchronise(
            Volunteer,
            existing("volunteers"),
            [
                Volunteer(
                    project=project,
                    last_name=volunteer.get("last_name", ""),
                    first_name=volunteer.get("first_name", ""),
                    mission=volunteer.get("mission", ""),
                    field_of_action=volunteer.get("field_of_action", ""),
                    host_entity=volunteer.get("host_entity", ""),
                    scheme=self.volunteer_scheme(volunteer.get("scheme")),
                    position=i,
                )
                for i, volunteer in enumerate(data.get("volunteers", []))
            ],
            key=lambda row: (row.last_name, row.first_name),
        )
        post = data.get("diplomatic_post") or {}
        synchronise(
            PostContactAsImported,
            existing("post_contacts"),
            [
                PostContactAsImported(
                    project=project,
                    role=contact["role"],
                    name=contact["name"],
                    email=contact.get("email", ""),
                    position=i,
                )
                for i, contact in enumerate(post.get("contacts") or [])
            ],
            key=lambda row: (row.role, row.name),
        )

    @staticmethod
    def write_partners(project: Project, model, relation: str, partners) -> None:
        """A partnership's partners of one side, in order: (authority, name as written)."""
        synchronise(
            model,
            list(getattr(project, relation).all()),
            [
                model(
                    project=project,
                    authority=authority,
                    position=i,
                    label=_label(written, authority.name),
                )
                for i, (authority, written) in enumerate(partners)
            ],
            key=lambda row: row.authority_id,
        )

    def funding_lines(self, project: Project, data: dict) -> list[FundingLine]:
        kinds = {kind.code: kind for kind in FunderKind.objects.all()}
        funder_kinds = FunderKinds(
            [item["name"] for item in data.get("french_authorities", [])],
            [item["name"] for item in data.get("foreign_authorities", [])],
        )
        lines = [
            FundingLine(
                project=project,
                funder=line["funder"],
                funder_kind=kinds.get(line.get("funder_kind") or funder_kinds.code(line["funder"])),
                amount_eur=line.get("amount_eur"),
                year=line.get("year"),
                position=i,
                **{name: line.get(name) for name in SHARES},
            )
            for i, line in enumerate(data.get("funding", []))
        ]
        # Field checks only: the database enforces the amount rules itself, and the legacy
        # parser has already reported them with line numbers. Validating the ten
        # constraints in Python as well cost one query each per line.
        # (The check also turns amounts into Decimals, which compare with the stored ones.)
        for line in lines:
            line.clean_fields(exclude=["project"])
        return lines

    @staticmethod
    def _unique_themes(items: list[dict]) -> Iterator[tuple[dict, int | None]]:
        seen = set()
        for item in items:
            if tuple(item["path"]) not in seen:
                seen.add(tuple(item["path"]))
                yield item, item.get("priority")

    # -- references -----------------------------------------------------------------------

    def _flagged(self, kind: str, label: str, entry: models.Model) -> None:
        self.notes.append(f"nouvelle entrée à vérifier, {kind} : « {label} »")
        self.created_entries.append(entry)

    def _entry(self, model, label: str | None, kind: str):
        """The nomenclature entry with this French label, created for review if unknown."""
        if not label:
            return None
        for candidate in model.objects.all():
            if normalize_name(candidate.name_fr) == normalize_name(label):
                return candidate
        entry = model.objects.create(
            code=self._free_code(model, label),
            name_fr=label,
            needs_review=True,
            position=model.objects.count() + 1,
        )
        self._flagged(kind, label, entry)
        return entry

    def partnership_type(self, label: str | None) -> PartnershipType | None:
        return self._entry(PartnershipType, label, "type de partenariat")

    def volunteer_scheme(self, label: str | None) -> VolunteerScheme | None:
        return self._entry(VolunteerScheme, label, "dispositif de volontariat")

    @staticmethod
    def _free_code(model, label: str) -> str:
        base = slugify(label)[:50] or "inconnu"
        code, suffix = base, 2
        while model.objects.filter(code=code).exists():
            code, suffix = f"{base}-{suffix}", suffix + 1
        return code

    def theme(self, path: list[str]) -> Theme | None:
        node = None
        for depth, label in enumerate(path[: Theme.MAX_LEVEL], start=1):
            parent_id = node.pk if node else None
            siblings = self._themes.get(parent_id)
            if siblings is None:
                siblings = self._themes[parent_id] = {}
                for theme in Theme.objects.filter(parent=node):
                    siblings.setdefault(normalize_name(theme.name_fr), theme)
            match = siblings.get(normalize_name(label))
            if match is None:
                match = Theme.objects.create(parent=node, name_fr=label, needs_review=True)
                siblings[normalize_name(label)] = match
                self._flagged("thématique", " > ".join(path[:depth]), match)
            node = match
        return node

    def french_authority(self, name: str, pk: int | None = None) -> FrenchAuthority:
        """The authority chosen in a form (``pk``), or else the one the name designates."""
        if pk is not None:
            chosen = FrenchAuthority.objects.filter(pk=pk).first()
            if chosen is not None:
                return chosen
        key, kinds = authority_match_key(name)
        candidates = list(FrenchAuthority.objects.filter(normalized_name=key))
        if kinds and any(c.kind in kinds for c in candidates):
            candidates = [c for c in candidates if c.kind in kinds]
        if candidates:
            # "Lyon" is both a commune and a metropolis, "Montreuil" several communes: the
            # official code wins over entries awaiting review, then the exact spelling,
            # then the most populous.
            return max(
                candidates,
                key=lambda c: (not c.needs_review, c.name == name, c.population or 0),
            )
        authority = FrenchAuthority.objects.create(name=name, needs_review=True)
        self._flagged("collectivité française", name, authority)
        return authority

    def foreign_authority(
        self,
        name: str,
        country: str,
        pk: int | None = None,
        position=(None, None),
        geonames_id: int | None = None,
    ) -> ForeignAuthority:
        """The partner chosen in a form (``pk``), or the one of that name in that country,
        or a new one, placed at ``position`` (latitude, longitude) when a real source
        gave it (a form's GeoNames town, whose id comes with it as ``geonames_id``)."""
        if pk is not None:
            chosen = ForeignAuthority.objects.filter(pk=pk, country_id=country).first()
            if chosen is not None:
                return chosen
        authority = ForeignAuthority.objects.filter(
            country_id=country, normalized_name=normalize_name(name)
        ).first()
        if authority is None:
            latitude, longitude = position
            authority = ForeignAuthority.objects.create(
                name=name,
                country_id=country,
                latitude=latitude,
                longitude=longitude,
                geonames_id=geonames_id,
            )
            self._flagged("collectivité étrangère", name, authority)
        return authority

    def diplomatic_post(self, data: dict | None) -> DiplomaticPost | None:
        """The embassy the sheet names. Its contacts on the page stay with the sheet
        (``post_contacts``): the embassy's own list is the embassy's to keep."""
        if not data or not data.get("name"):
            return None
        post, created = DiplomaticPost.objects.get_or_create(name=data["name"])
        if created:
            self._flagged("poste diplomatique", data["name"], post)
        if data.get("country") and post.country_id != data["country"]:
            post.country_id = data["country"]
            post.save(update_fields=["country"])
        return post


def _label(written: str, official: str) -> str:
    """The name as written, kept only where it differs from the official one."""
    return "" if written == official else written
