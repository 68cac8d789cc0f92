from django.contrib import admin

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
from .services import load_representation, record_revision


class ProjectThemeInline(admin.TabularInline):
    model = ProjectTheme
    extra = 0
    autocomplete_fields = ["theme"]


class FrenchPartnerInline(admin.TabularInline):
    model = ProjectFrenchAuthority
    extra = 0
    autocomplete_fields = ["authority"]


class ForeignPartnerInline(admin.TabularInline):
    model = ProjectForeignAuthority
    extra = 0
    autocomplete_fields = ["authority"]


class ImplementingActorInline(admin.TabularInline):
    model = ImplementingActor
    extra = 0


class ForeignContactInline(admin.TabularInline):
    model = ForeignContact
    extra = 0


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class VolunteerInline(admin.TabularInline):
    model = Volunteer
    extra = 0


class RevisionInline(admin.TabularInline):
    model = ProjectRevision
    extra = 0
    can_delete = False
    fields = ["created_at", "user", "origin", "source", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "partnership_type",
        "start_year",
        "status",
        "publication_state",
        "updated_at",
    ]
    list_filter = ["publication_state", "status", "partnership_type", "triennial"]
    search_fields = ["title", "french_authorities__name", "foreign_authorities__name"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["main_theme", "diplomatic_post"]
    readonly_fields = [
        "legacy_key",
        "source_file",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ]
    inlines = [
        ProjectThemeInline,
        ImplementingActorInline,
        FrenchPartnerInline,
        ForeignPartnerInline,
        ForeignContactInline,
        FundingLineInline,
        VolunteerInline,
        RevisionInline,
    ]

    def save_model(self, request, obj, form, change):
        # Keep the sheet as it was, to record what this save changes once inlines are saved.
        request._atlas_before = load_representation(obj.pk) if change else {}
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_revision(
            form.instance,
            request._atlas_before,
            origin=ProjectRevision.Origin.ADMIN,
            user=request.user,
        )
