from django.contrib import admin

from .models import (
    FunderKind,
    PartnershipType,
    SustainableDevelopmentGoal,
    Theme,
    VolunteerScheme,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "level", "parent", "dac_code", "needs_review"]
    list_filter = ["level", "needs_review"]
    search_fields = ["name_fr", "name_en", "dac_code"]
    readonly_fields = ["level"]
    autocomplete_fields = ["parent"]


@admin.register(PartnershipType, VolunteerScheme)
class NomenclatureEntryAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "code", "position", "needs_review"]
    list_filter = ["needs_review"]


@admin.register(FunderKind)
class FunderKindAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "code", "position"]


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en"]
