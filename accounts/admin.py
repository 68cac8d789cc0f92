"""Accounts in Django's admin, for the ministry's staff: roles, requests, people in charge.
Authorities are chosen by id (raw_id_fields): a select of 36,000 would not load."""

from django.contrib import admin

from .models import AccessRequest, Membership, PersonInCharge


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "french_authority", "country", "function", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name", "french_authority__name", "country__name_fr"]
    raw_id_fields = ["user", "french_authority"]
    autocomplete_fields = ["country"]
    list_select_related = ["user", "french_authority", "country"]


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    """Read and correct requests here; decide on them from the back office, whose
    accept and refuse send the e-mails."""

    list_display = ["email", "last_name", "first_name", "role", "state", "created_at"]
    list_filter = ["state", "role"]
    search_fields = ["email", "last_name", "first_name", "french_authority__name"]
    raw_id_fields = ["french_authority", "invited_by", "decided_by"]
    autocomplete_fields = ["country"]
    readonly_fields = ["created_at", "decided_at"]
    list_select_related = ["french_authority", "country"]


@admin.register(PersonInCharge)
class PersonInChargeAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "function", "kind", "french_authority"]
    list_filter = ["kind"]
    search_fields = ["last_name", "first_name", "email", "french_authority__name"]
    raw_id_fields = ["french_authority"]
    list_select_related = ["french_authority"]
