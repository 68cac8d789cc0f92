"""Authorities and embassies in the back office: one's own (or, for those who read the
whole atlas, any one), and the people each keeps current. An authority's editors and the
administrators change its people in charge; a country's correspondents and the
administrators change its embassy's contacts; analysts read; anybody else gets 403.

Both pages are one pattern, written once: a list with a form to add a person, and a page
per person to change or remove them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.forms import Form
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DeleteView, FormView, UpdateView

from territories.models import DiplomaticContact, DiplomaticPost, FrenchAuthority

from ..authority_lookup import MAX_QUERY_LENGTH, MAX_RESULTS, authority_label, find_authorities
from ..forms.people import DiplomaticContactForm, PersonInChargeForm
from ..models import Membership, PersonInCharge, Role
from ..permissions import Action, allowed, grants


class ContactsMixin(LoginRequiredMixin):
    """What the authority and embassy pages share: the place (``parent``) and who may
    read it (the back office's reading right, VIEW_DRAFTS, over the same scope) or
    change its people (``write_action``)."""

    parent_model: type
    parent_field: str  # the contact's foreign key to the place
    contact_model: type
    contact_form: type
    write_action: Action
    page_url_name: str

    def get_parent(self):
        return get_object_or_404(self.parent_model, pk=self.kwargs["pk"])

    def check(self, parent, write: bool) -> None:
        user = self.request.user
        may_write = allowed(user, self.write_action, parent)
        if not may_write and (write or not allowed(user, Action.VIEW_DRAFTS, parent)):
            raise PermissionDenied
        self.may_write = may_write

    def page_url(self, parent) -> str:
        return reverse(self.page_url_name, kwargs={"pk": parent.pk})

    def get_form_class(self):
        return self.contact_form


class ContactsPage(ContactsMixin, FormView):
    """The place's people, and a form to add one (for those who may)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.parent = self.get_parent()
        self.check(self.parent, write=request.method not in ("GET", "HEAD"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        contacts = self.contact_model.objects.filter(**{self.parent_field: self.parent})
        if not self.may_write:
            kwargs["form"] = None
        return super().get_context_data(
            parent=self.parent, contacts=contacts, may_write=self.may_write, **kwargs
        )

    def form_valid(self, form):
        contact = form.save(commit=False)
        setattr(contact, self.parent_field, self.parent)
        last = self.contact_model.objects.filter(**{self.parent_field: self.parent}).aggregate(
            last=Max("position")
        )["last"]
        contact.position = 0 if last is None else last + 1
        contact.save()
        messages.success(self.request, _("Personne ajoutée : %(person)s.") % {"person": contact})
        return redirect(self.page_url(self.parent))


class ContactMixin(ContactsMixin):
    """One person of a place: 404 if unknown, 403 unless one may change the place's people."""

    def get_queryset(self):
        return self.contact_model.objects.select_related(self.parent_field)

    def get_object(self, queryset=None):
        contact = super().get_object(queryset)
        self.parent = getattr(contact, self.parent_field)
        self.check(self.parent, write=True)
        return contact

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)

    def get_success_url(self):
        return self.page_url(self.parent)


class ContactEdit(ContactMixin, UpdateView):
    template_name = "accounts/contact_edit.html"

    def form_valid(self, form):
        messages.success(
            self.request, _("Personne modifiée : %(person)s.") % {"person": form.instance}
        )
        return super().form_valid(form)


class ContactDelete(ContactMixin, DeleteView):
    template_name = "accounts/contact_delete.html"

    def get_form_class(self):
        return Form  # DeleteView's empty form: a confirmation

    def form_valid(self, form):
        messages.success(
            self.request, _("Personne retirée : %(person)s.") % {"person": self.object}
        )
        return super().form_valid(form)


class _AuthorityPeople:
    parent_model = FrenchAuthority
    parent_field = "french_authority"
    contact_model = model = PersonInCharge
    contact_form = PersonInChargeForm
    write_action = Action.MANAGE_PEOPLE
    page_url_name = "accounts:authority"


class _EmbassyContacts:
    parent_model = DiplomaticPost
    parent_field = "post"
    contact_model = model = DiplomaticContact
    contact_form = DiplomaticContactForm
    write_action = Action.MANAGE_EMBASSY
    page_url_name = "accounts:embassy"


class AuthorityPage(_AuthorityPeople, ContactsPage):
    template_name = "accounts/authority.html"

    def get_context_data(self, **kwargs):
        editors = Membership.objects.filter(
            role=Role.EDITOR, french_authority=self.parent
        ).select_related("user")
        return super().get_context_data(
            editors=editors,
            label=authority_label(self.parent),
            may_invite=allowed(self.request.user, Action.MANAGE_ACCOUNTS),
            **kwargs,
        )


class EmbassyPage(_EmbassyContacts, ContactsPage):
    template_name = "accounts/embassy.html"

    def get_parent(self):
        return get_object_or_404(
            DiplomaticPost.objects.select_related("country"), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        correspondents = Membership.objects.filter(
            role=Role.CORRESPONDENT, country_id=self.parent.country_id
        ).select_related("user")
        return super().get_context_data(correspondents=correspondents, **kwargs)


class PersonEdit(_AuthorityPeople, ContactEdit):
    pass


class PersonDelete(_AuthorityPeople, ContactDelete):
    pass


class EmbassyContactEdit(_EmbassyContacts, ContactEdit):
    pass


class EmbassyContactDelete(_EmbassyContacts, ContactDelete):
    pass


@require_safe
@login_required
def scopes(request):
    """My authorities and embassies; for those who read the whole atlas, a search over
    every authority and embassy."""
    memberships = request.user.memberships.select_related(
        "french_authority__departement", "country"
    )
    authorities = [m.french_authority for m in memberships if m.french_authority]
    countries = {m.country_id for m in memberships if m.country_id}
    embassies = DiplomaticPost.objects.filter(country_id__in=countries).select_related("country")
    reads_all = grants(request.user)[Action.VIEW_DRAFTS].everything
    # (PostgreSQL refuses NUL characters in a query's strings.)
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH].replace("\x00", "").strip()
    found_authorities, found_embassies = [], []
    if query and reads_all:
        found_authorities = find_authorities(query)
        found_embassies = DiplomaticPost.objects.filter(
            Q(name__icontains=query) | Q(country__name_fr__icontains=query)
        ).select_related("country")[:MAX_RESULTS]
    context = {
        "authorities": [(a, authority_label(a)) for a in authorities],
        "embassies": embassies,
        "reads_all": reads_all,
        "query": query,
        "found_authorities": [(a, authority_label(a)) for a in found_authorities],
        "found_embassies": found_embassies,
    }
    return render(request, "accounts/scopes.html", context)


@require_safe
def authority_suggestions(request):
    """The sign-up's type-ahead: up to 20 authorities for ``q`` (two characters at
    least), the same as the list shown without JavaScript."""
    found = find_authorities(request.GET.get("q", ""))
    return JsonResponse(
        {"results": [{"id": a.pk, "label": authority_label(a)} for a in found]},
        json_dumps_params={"ensure_ascii": False},
    )
