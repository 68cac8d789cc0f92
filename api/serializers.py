"""What the API says of reference entries (countries, authorities, themes, embassies)."""

from rest_framework import serializers

from nomenclature.models import Theme
from territories.models import (
    Country,
    DiplomaticContact,
    DiplomaticPost,
    ForeignAuthority,
    FrenchAuthority,
    Zone,
)


class PageUrlMixin(serializers.Serializer):
    """The entry's public page, as an absolute URL."""

    page_url = serializers.SerializerMethodField()

    def get_page_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class ZoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Zone
        fields = ["code", "name_fr", "name_en"]


class CountrySerializer(PageUrlMixin, serializers.ModelSerializer):
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Country
        fields = ["code", "iso3", "numeric", "name_fr", "name_en", "zone", "capital", "page_url"]


class ThemeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Theme
        fields = ["code", "parent", "level", "name_fr", "name_en", "dac_code", "sdg_goals"]


class FrenchAuthoritySerializer(PageUrlMixin, serializers.ModelSerializer):
    departement = serializers.SlugRelatedField(
        slug_field="insee_code", read_only=True, allow_null=True
    )
    region = serializers.SlugRelatedField(slug_field="insee_code", read_only=True, allow_null=True)

    class Meta:
        model = FrenchAuthority
        fields = [
            "id",
            "name",
            "kind",
            "insee_code",
            "siren",
            "departement",
            "region",
            "population",
            "latitude",
            "longitude",
            "page_url",
        ]


class ForeignAuthoritySerializer(PageUrlMixin, serializers.ModelSerializer):
    class Meta:
        model = ForeignAuthority
        fields = ["id", "name", "country", "kind", "latitude", "longitude", "page_url"]


class ContactSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role_label")

    class Meta:
        model = DiplomaticContact
        fields = ["role", "name", "email"]


class EmbassySerializer(serializers.ModelSerializer):
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = DiplomaticPost
        fields = ["id", "name", "country", "contacts"]
