"""Entries created by legacy imports, listed for administrators to review, and counted on
the admin's index."""

from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_site import IndexNotice

from .models import ENTRY_FIELDS, ImportedEntry


@admin.register(ImportedEntry)
class ImportedEntryAdmin(admin.ModelAdmin):
    list_display = ["entry", "kind", "source_file", "project", "created_at", "reviewed"]
    list_filter = ["reviewed", "kind"]
    search_fields = [
        "source_file",
        "theme__name_fr",
        "partnership_type__name_fr",
        "volunteer_scheme__name_fr",
        "french_authority__name",
        "foreign_authority__name",
        "diplomatic_post__name",
    ]
    list_select_related = [*ENTRY_FIELDS.values(), "theme__parent__parent", "project"]
    readonly_fields = [
        "entry",
        "kind",
        "source_file",
        "project",
        "created_at",
        "reviewed",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = readonly_fields
    actions = ["mark_reviewed"]

    def has_add_permission(self, request) -> bool:
        return False  # records of what imports did, made by them only

    @admin.display(description=_("entrée"))
    def entry(self, obj: ImportedEntry):
        target = obj.target
        meta = target._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[target.pk])
        except NoReverseMatch:
            return obj.label
        return format_html('<a href="{}">{}</a>', url, obj.label)

    @admin.action(description=_("Marquer comme vérifiées"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.mark_reviewed(request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)s entrée marquée comme vérifiée.",
                "%(count)s entrées marquées comme vérifiées.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


def entries_to_review(request) -> IndexNotice | None:
    """The index's line on entries created by imports that nobody has checked yet."""
    if not request.user.has_perm("legacy.view_importedentry"):
        return None
    count = ImportedEntry.objects.to_review().count()
    if not count:
        return None
    text = ngettext(
        "%(count)s entrée créée par un import à vérifier",
        "%(count)s entrées créées par un import à vérifier",
        count,
    ) % {"count": count}
    url = reverse("admin:legacy_importedentry_changelist") + "?reviewed__exact=0"
    return IndexNotice(text, url)


admin.site.add_index_notice(entries_to_review)
