"""The partnerships in Django's admin: their saves and deletions go through the catalogue's
change recording (publication events, revisions), as every other write does."""

from django.contrib import admin

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

from . import events
from .writer import recorded_change


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


class PostContactInline(admin.TabularInline):
    model = PostContactAsImported
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
        PostContactInline,
        RevisionInline,
    ]

    def save_model(self, request, obj, form, change):
        """A new sheet is saved here (its lists need its id); a changed one in
        ``save_related``, with its lists, so that the change is recorded as one."""
        if not change:
            obj.created_by = obj.updated_by = request.user
            obj.save()

    def save_related(self, request, form, formsets, change):
        project = form.instance
        origin = ProjectRevision.Origin.ADMIN
        with recorded_change(project, origin=origin, user=request.user, created=not change):
            if change:
                project.updated_by = request.user
                project.save()
            super().save_related(request, form, formsets, change)

    def delete_queryset(self, request, queryset):
        with events.batched(events.Event.Kind.DELETED):
            super().delete_queryset(request, queryset)
