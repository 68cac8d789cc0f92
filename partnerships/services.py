"""Writing partnerships from their JSON representation, and keeping their history."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from atlas.text import normalize_name
from nomenclature.models import FunderKind, PartnershipType, Theme, VolunteerScheme
from territories.matching import authority_match_key
from territories.models import (
    DiplomaticContact,
    DiplomaticPost,
    ForeignAuthority,
    FrenchAuthority,
)

from .funders import funder_kind_code
from .models import (
    ForeignContact,
    FundingLine,
    ImplementingActor,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectRevision,
    ProjectTheme,
    Volunteer,
)
from .representation import (
    IMPLEMENTATION_ROLES,
    ONE_PERCENT_FIELDS,
    representation,
    to_plain,
)
from .sheet_reader import SheetReader
from .signals import projects_changed

SCALAR_FIELDS = ["title", "first_signature_year", "start_year", "end_date"]
# Text fields: empty in the database, null in the representation when nothing is said.
TEXT_FIELDS = [
    "context",
    "history",
    "objectives",
    "description",
    "communication_france",
    "communication_partner_countries",
    "evaluation",
]


@dataclass
class SaveOutcome:
    project: Project
    created: bool
    changes: dict
    notes: list[str] = field(default_factory=list)  # entries created for review, and the like


def load_representation(project_id: int) -> dict:
    reader = SheetReader()
    return representation(reader.read([project_id])[project_id], reader)


def diff_representations(before: dict, after: dict) -> dict:
    """Top-level keys whose value changed, with both values in JSON-compatible form."""
    before, after = to_plain(before), to_plain(after)
    return {
        key: {"old": before.get(key), "new": value}
        for key, value in after.items()
        if before.get(key) != value
    }


def record_revision(
    project: Project, before: dict, *, origin: str, user=None, source: str = ""
) -> ProjectRevision:
    """Note who changed which fields of a sheet; ``before`` is its representation before
    the change (empty for a new sheet). Every sheet write ends here."""
    changes = diff_representations(before, load_representation(project.pk))
    revision = ProjectRevision.objects.create(
        project=project, user=user, origin=origin, source=source, changes=changes
    )
    projects_changed.send(sender=Project, ids=[project.pk])
    return revision


class ProjectWriter:
    """Applies a representation to the database, creating referenced entries as needed.

    Nomenclature labels and authorities that the database does not know are created
    and flagged for review rather than dropped: nothing the page says is lost.
    """

    def __init__(self):
        self.notes: list[str] = []

    @transaction.atomic
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
        if before is None:
            before = {} if created else load_representation(project.pk)
        project = project or Project(legacy_key=legacy_key)
        for name in SCALAR_FIELDS:
            setattr(project, name, data.get(name))
        for name in TEXT_FIELDS:
            setattr(project, name, data.get(name) or "")
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
        self.replace_children(project, data)

        revision = record_revision(project, before, origin=origin, user=user, source=source)
        return SaveOutcome(project, created, revision.changes, self.notes)

    # -- children ---------------------------------------------------------------------

    def replace_children(self, project: Project, data: dict) -> None:
        for relation in (
            "theme_links",
            "implementing_actors",
            "french_links",
            "foreign_links",
            "foreign_contacts",
            "funding_lines",
            "volunteers",
        ):
            getattr(project, relation).all().delete()

        ProjectTheme.objects.bulk_create(
            [
                ProjectTheme(
                    project=project, theme=self.theme(item["path"]), priority=item.get("priority")
                )
                for item in self._unique_by(
                    data.get("other_themes", []), lambda i: tuple(i["path"])
                )
            ]
        )
        implementation = data.get("implementation") or {}
        ImplementingActor.objects.bulk_create(
            [
                ImplementingActor(project=project, role=role, name=actor["name"], position=position)
                for key, role in IMPLEMENTATION_ROLES.items()
                for position, actor in enumerate(implementation.get(key, []))
            ]
        )
        french = {}  # authority pk -> (authority, name as the sheet writes it)
        for item in data.get("french_authorities", []):
            authority = self.french_authority(item["name"])
            french.setdefault(authority.pk, (authority, item["name"]))
        ProjectFrenchAuthority.objects.bulk_create(
            [
                ProjectFrenchAuthority(
                    project=project,
                    authority=authority,
                    position=position,
                    label=_label(written, authority.name),
                )
                for position, (authority, written) in enumerate(french.values())
            ]
        )
        foreign = {}  # normalized name -> (authority, name as the sheet writes it)
        for item in data.get("foreign_authorities", []):
            key = normalize_name(item["name"])
            if key not in foreign:
                foreign[key] = (self.foreign_authority(item["name"], item["country"]), item["name"])
        ProjectForeignAuthority.objects.bulk_create(
            [
                ProjectForeignAuthority(
                    project=project,
                    authority=authority,
                    position=position,
                    label=_label(written, authority.name),
                )
                for position, (authority, written) in enumerate(foreign.values())
            ]
        )
        foreign_by_name = {key: authority for key, (authority, _written) in foreign.items()}
        ForeignContact.objects.bulk_create(
            [
                ForeignContact(
                    project=project,
                    authority=foreign_by_name.get(normalize_name(contact.get("authority") or "")),
                    last_name=contact.get("last_name", ""),
                    first_name=contact.get("first_name", ""),
                    function=contact.get("function", ""),
                    email=contact.get("email", ""),
                    position=position,
                )
                for position, contact in enumerate(data.get("foreign_contacts", []))
            ]
        )
        kinds = {kind.code: kind for kind in FunderKind.objects.all()}
        french_names = [item["name"] for item in data.get("french_authorities", [])]
        foreign_names = [item["name"] for item in data.get("foreign_authorities", [])]
        lines = [
            FundingLine(
                project=project,
                funder=line["funder"],
                funder_kind=kinds.get(
                    funder_kind_code(line["funder"], french_names, foreign_names)
                ),
                amount_eur=line.get("amount_eur"),
                year=line.get("year"),
                position=position,
                **{name: line.get(name) for name in ONE_PERCENT_FIELDS},
            )
            for position, line in enumerate(data.get("funding", []))
        ]
        # Field checks only: the database enforces the amount rules itself, and the legacy
        # parser has already reported them with line numbers. Validating the ten
        # constraints in Python as well cost one query each per line.
        for line in lines:
            line.clean_fields(exclude=["project"])
        FundingLine.objects.bulk_create(lines)
        Volunteer.objects.bulk_create(
            [
                Volunteer(
                    project=project,
                    last_name=volunteer.get("last_name", ""),
                    first_name=volunteer.get("first_name", ""),
                    mission=volunteer.get("mission", ""),
                    field_of_action=volunteer.get("field_of_action", ""),
                    host_entity=volunteer.get("host_entity", ""),
                    scheme=self.volunteer_scheme(volunteer.get("scheme")),
                    position=position,
                )
                for position, volunteer in enumerate(data.get("volunteers", []))
            ]
        )

    @staticmethod
    def _unique_by(items, key):
        seen, unique = set(), []
        for item in items:
            if key(item) not in seen:
                seen.add(key(item))
                unique.append(item)
        return unique

    # -- references ---------------------------------------------------------------------

    def _flagged(self, kind: str, label: str) -> None:
        self.notes.append(f"nouvelle entrée à vérifier, {kind} : « {label} »")

    def _entry(self, model, label: str | None, kind: str):
        """The nomenclature entry with this French label, created for review if unknown."""
        if not label:
            return None
        for candidate in model.objects.all():
            if normalize_name(candidate.name_fr) == normalize_name(label):
                return candidate
        self._flagged(kind, label)
        return model.objects.create(
            code=self._free_code(model, label),
            name_fr=label,
            needs_review=True,
            position=model.objects.count() + 1,
        )

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
            siblings = Theme.objects.filter(parent=node)
            match = next(
                (t for t in siblings if normalize_name(t.name_fr) == normalize_name(label)), None
            )
            if match is None:
                self._flagged("thématique", " > ".join(path[:depth]))
                match = Theme.objects.create(parent=node, name_fr=label, needs_review=True)
            node = match
        return node

    def french_authority(self, name: str) -> FrenchAuthority:
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
        self._flagged("collectivité française", name)
        return FrenchAuthority.objects.create(name=name, needs_review=True)

    @staticmethod
    def foreign_authority(name: str, country: str) -> ForeignAuthority:
        authority = ForeignAuthority.objects.filter(
            country_id=country, normalized_name=normalize_name(name)
        ).first()
        return authority or ForeignAuthority.objects.create(name=name, country_id=country)

    @staticmethod
    def diplomatic_post(data: dict | None) -> DiplomaticPost | None:
        if not data or not data.get("name"):
            return None
        post, _ = DiplomaticPost.objects.get_or_create(name=data["name"])
        if data.get("country") and post.country_id != data["country"]:
            post.country_id = data["country"]
            post.save(update_fields=["country"])
        contacts = data.get("contacts") or []
        if contacts:
            # The page shows the post's current contacts: they replace the ones we had.
            post.contacts.all().delete()
            DiplomaticContact.objects.bulk_create(
                [
                    DiplomaticContact(
                        post=post,
                        position=position,
                        name=contact["name"],
                        email=contact.get("email", ""),
                        **_contact_role(contact["role"]),
                    )
                    for position, contact in enumerate(contacts)
                ]
            )
        return post


def _label(written: str, official: str) -> str:
    """The name as written, kept only where it differs from the official one."""
    return "" if written == official else written


def _contact_role(label: str) -> dict:
    with translation.override("fr"):
        for role in DiplomaticContact.Role:
            if role != DiplomaticContact.Role.OTHER and normalize_name(str(role.label)) == (
                normalize_name(label)
            ):
                return {"role": role.value, "role_title": ""}
    return {"role": DiplomaticContact.Role.OTHER, "role_title": label}
