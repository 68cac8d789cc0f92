"""Factories (factory_boy) for the tests: partnerships as the writer takes them (their JSON
representation), and as rows written straight to the database with their partners,
themes and funding lines."""

import factory
from factory.django import DjangoModelFactory

from catalogue import events
from partnerships.models import (
    FundingLine,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
)
from territories.models import ForeignAuthority, FrenchAuthority

PUBLISHED = Project.PublicationState.PUBLISHED


class SheetData(factory.DictFactory):
    """A partnership in its JSON representation, for ``ProjectWriter.save``. ``french``
    takes names; ``foreign`` (name, country code) pairs; ``theme_path`` labels."""

    class Params:
        french = ()
        foreign = ()
        theme_path = ()

    title = factory.Faker("sentence", nb_words=6, locale="fr_FR")
    partnership_type = "Projet de coopération décentralisée"
    start_year = 2015
    status = "ongoing"
    triennial = False
    french_authorities = factory.LazyAttribute(lambda o: [{"name": name} for name in o.french])
    foreign_authorities = factory.LazyAttribute(
        lambda o: [{"name": name, "country": country} for name, country in o.foreign]
    )
    theme = factory.LazyAttribute(lambda o: {"path": list(o.theme_path)} if o.theme_path else None)
    funding = factory.LazyFunction(list)


class FrenchAuthorityFactory(DjangoModelFactory):
    class Meta:
        model = FrenchAuthority

    name = factory.Sequence(lambda n: f"Commune {n}")
    kind = FrenchAuthority.Kind.COMMUNE


class ForeignAuthorityFactory(DjangoModelFactory):
    class Meta:
        model = ForeignAuthority

    name = factory.Sequence(lambda n: f"Ville {n}")
    country_id = "SN"


class ProjectFactory(DjangoModelFactory):
    """A partnership written to the database directly, with its ``french`` and ``foreign``
    partners, ``other_themes`` and ``funding`` ((amount, year) pairs); published ones are
    published as every publication is, by an event."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Faker("sentence", nb_words=6, locale="fr_FR")
    publication_state = PUBLISHED

    @factory.post_generation
    def french(self, create, authorities, **kwargs):
        for position, authority in enumerate(authorities or ()):
            ProjectFrenchAuthority.objects.create(
                project=self, authority=authority, position=position
            )

    @factory.post_generation
    def foreign(self, create, authorities, **kwargs):
        for position, authority in enumerate(authorities or ()):
            ProjectForeignAuthority.objects.create(
                project=self, authority=authority, position=position
            )

    @factory.post_generation
    def other_themes(self, create, themes, **kwargs):
        for theme in themes or ():
            ProjectTheme.objects.create(project=self, theme=theme)

    @factory.post_generation
    def funding(self, create, lines, **kwargs):
        for position, (amount, year) in enumerate(lines or ()):
            FundingLine.objects.create(
                project=self, funder="Financeur", amount_eur=amount, year=year, position=position
            )

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        """Last, once the partnership has all its parts."""
        if self.publication_state == PUBLISHED:
            events.emit(events.Event.Kind.PUBLISHED, [self.pk])


class UserFactory(DjangoModelFactory):
    """A person who signs in with an e-mail (also the user name) and ``password``."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@example.fr")
    username = factory.LazyAttribute(lambda o: o.email)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("mot-de-passe-de-test")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = "accounts.Membership"

    user = factory.SubFactory(UserFactory)


def person(role: str, scope=None, **kwargs):
    """A person with one role, over ``scope`` (a French authority or a country code)."""
    from accounts.models import Role

    scope_kwargs = {}
    if role == Role.EDITOR:
        scope_kwargs["french_authority"] = scope
    elif role == Role.CORRESPONDENT:
        scope_kwargs["country_id"] = scope
    return MembershipFactory(role=role, **scope_kwargs, **kwargs).user


def account_records(french_authority, post) -> dict:
    """What the accounts' pages that take an id show: an access request to edit for
    ``french_authority``, its person in charge (the mayor), a contact of embassy ``post``."""
    from accounts.models import AccessRequest, PersonInCharge, Role
    from territories.models import DiplomaticContact

    return {
        "request": AccessRequest.objects.create(
            email="camille@poitiers.fr",
            role=Role.EDITOR,
            french_authority=french_authority,
            first_name="Camille",
            last_name="Martin",
            function="Chargée de mission",
        ),
        "mayor": PersonInCharge.objects.create(
            french_authority=french_authority,
            kind="elected",
            first_name="L",
            last_name="M",
            function="Maire",
        ),
        "contact": DiplomaticContact.objects.create(post=post, role="counsellor", name="J"),
    }
