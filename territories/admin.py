from django.contrib import admin

from .models import (
    Country,
    CountryAlias,
    DiplomaticContact,
    DiplomaticPost,
    ForeignAuthority,
    FrenchAuthority,
    Zone,
)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "code", "position"]
    list_editable = ["position"]


class CountryAliasInline(admin.TabularInline):
    model = CountryAlias
    extra = 1
    fields = ["alias"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en", "zone", "capital"]
    list_filter = ["zone"]
    search_fields = ["code", "iso3", "name_fr", "name_en", "aliases__alias"]
    inlines = [CountryAliasInline]


@admin.register(FrenchAuthority)
class FrenchAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "insee_code", "siren", "population", "needs_review"]
    list_filter = ["kind", "needs_review", "region"]
    search_fields = ["name", "insee_code", "siren"]
    raw_id_fields = ["departement", "region"]


@admin.register(ForeignAuthority)
class ForeignAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind"]
    list_filter = ["country__zone"]
    search_fields = ["name", "country__name_fr"]
    autocomplete_fields = ["country"]


class DiplomaticContactInline(admin.TabularInline):
    model = DiplomaticContact
    extra = 1
    fields = ["role", "role_title", "name", "email", "position"]


@admin.register(DiplomaticPost)
class DiplomaticPostAdmin(admin.ModelAdmin):
    list_display = ["name", "country"]
    search_fields = ["name", "country__name_fr"]
    autocomplete_fields = ["country"]
    inlines = [DiplomaticContactInline]
