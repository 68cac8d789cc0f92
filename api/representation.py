"""The JSON representation of a partnership (docs/json-representation.md) described for
the OpenAPI schema. The API answers with ``partnerships.representation`` itself; these
serializers only say its shape, and the generated-requests test checks every answer
against them."""

from rest_framework import serializers as s

from partnerships.models.funding import ONE_PERCENT_FIELDS


def _text(**kwargs) -> s.CharField:
    return s.CharField(allow_blank=True, **kwargs)


def _named() -> s.ListSerializer:
    return Named(many=True)


class Named(s.Serializer):
    name = s.CharField()


class ThemePath(s.Serializer):
    path = s.ListField(child=s.CharField(), help_text="Du niveau 1 au plus précis.")


class OtherTheme(ThemePath):
    priority = s.IntegerField(allow_null=True)


class Implementation(s.Serializer):
    project_owners = _named()
    project_managers = _named()
    beneficiaries = _named()


class ForeignPartner(s.Serializer):
    name = s.CharField()
    country = s.CharField(help_text="ISO 3166 alpha-2")


class ForeignContact(s.Serializer):
    authority = s.CharField(allow_null=True)
    last_name = _text()
    first_name = _text()
    function = _text()
    email = _text()


class FundingLine(s.Serializer):
    funder = s.CharField()
    amount_eur = s.FloatField(allow_null=True)
    year = s.IntegerField(allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        for name in ONE_PERCENT_FIELDS:
            fields[name] = s.FloatField(allow_null=True)
        return fields


class Volunteer(s.Serializer):
    last_name = _text()
    first_name = _text()
    mission = _text()
    field_of_action = _text()
    host_entity = _text()
    scheme = s.CharField(allow_null=True)


class PostContact(s.Serializer):
    role = s.CharField()
    name = s.CharField()
    email = _text()


class DiplomaticPost(s.Serializer):
    name = s.CharField()
    country = s.CharField(allow_null=True)
    contacts = PostContact(many=True)


class Project(s.Serializer):
    id = s.IntegerField()
    url = s.URLField(help_text="Sa fiche sur le site.")
    title = s.CharField()
    partnership_type = s.CharField(allow_null=True)
    first_signature_year = s.IntegerField(allow_null=True)
    start_year = s.IntegerField(allow_null=True)
    status = s.ChoiceField(["ongoing", "completed"], allow_null=True)
    end_date = s.DateField(allow_null=True)
    triennial = s.BooleanField()
    theme = ThemePath(allow_null=True)
    other_themes = OtherTheme(many=True)
    context = _text()
    history = _text()
    objectives = _text()
    description = _text()
    implementation = Implementation()
    french_authorities = _named()
    foreign_authorities = ForeignPartner(many=True)
    foreign_contacts = ForeignContact(many=True)
    funding = FundingLine(many=True)
    funding_total_eur = s.FloatField(allow_null=True)
    communication_france = s.CharField(allow_null=True)
    communication_partner_countries = s.CharField(allow_null=True)
    evaluation = s.CharField(allow_null=True)
    volunteers = Volunteer(many=True)
    diplomatic_post = DiplomaticPost(allow_null=True)


class ProjectPage(s.Serializer):
    count = s.IntegerField()
    page = s.IntegerField()
    pages = s.IntegerField()
    next = s.URLField(allow_null=True)
    previous = s.URLField(allow_null=True)
    results = Project(many=True)


def _counts(what: str) -> s.DictField:
    return s.DictField(child=s.IntegerField(), help_text=f"Partenariats publiés par {what}.")


class Distributions(s.Serializer):
    zone = _counts("zone (code)")
    country = _counts("pays (ISO 3166 alpha-2)")
    theme = _counts("thématique (code)")
    type = _counts("type de partenariat (code)")
    status = _counts("état")
    authority_kind = _counts("type de collectivité française")
    funding_mechanism = _counts("mécanisme « 1 % »")


class Stats(s.Serializer):
    projects = s.IntegerField(help_text="Partenariats publiés.")
    french_authorities = s.IntegerField()
    foreign_authorities = s.IntegerField()
    countries = s.IntegerField()
    by = Distributions()
    by_start_year = _counts("année de début")
