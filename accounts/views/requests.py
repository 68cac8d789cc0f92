"""Administrators' pages: the requests for an account, one request and its decision, and
invitations. Every decision goes through accounts.services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from .. import services
from ..forms.requests import DecisionForm, InviteForm
from ..models import AccessRequest
from ..permissions import Action, allowed


class ManageAccountsMixin(LoginRequiredMixin):
    """Anonymous people are sent to sign in; signed-in people without the right get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not allowed(request.user, Action.MANAGE_ACCOUNTS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


_RELATED = ("french_authority__departement", "country", "invited_by", "decided_by")


class RequestListView(ManageAccountsMixin, ListView):
    """Waiting requests, all of them, oldest first (the next to decide); then the decided
    ones, the latest first, by pages."""

    template_name = "accounts/requests.html"
    paginate_by = 50
    context_object_name = "decided"

    def get_queryset(self):
        return (
            AccessRequest.objects.exclude(state=AccessRequest.State.PENDING)
            .select_related(*_RELATED)
            .order_by("-decided_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        pending = AccessRequest.objects.filter(state=AccessRequest.State.PENDING)
        return super().get_context_data(
            pending=pending.select_related(*_RELATED).order_by("created_at", "pk"), **kwargs
        )


class RequestView(ManageAccountsMixin, FormView):
    """One request; if it waits, the buttons that accept or refuse it."""

    template_name = "accounts/request.html"
    form_class = DecisionForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.access_request = None

    def get_object(self) -> AccessRequest:
        if self.access_request is None:
            self.access_request = get_object_or_404(
                AccessRequest.objects.select_related(*_RELATED), pk=self.kwargs["pk"]
            )
        return self.access_request

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "decision": self.request.POST.get("decision")}

    def get_context_data(self, **kwargs):
        access_request = self.get_object()
        return super().get_context_data(
            access_request=access_request,
            pending=access_request.state == AccessRequest.State.PENDING,
            existing_user=services.find_user(access_request.email),
            **kwargs,
        )

    def form_valid(self, form):
        access_request = self.get_object()
        message = form.cleaned_data["message"]
        try:
            if form.decision == DecisionForm.ACCEPT:
                services.accept(access_request, by=self.request.user, message=message)
                done = _(
                    "Demande acceptée : %(email)s reçoit le lien pour choisir son mot de passe."
                )
            else:
                services.refuse(access_request, by=self.request.user, message=message)
                done = _("Demande refusée : %(email)s reçoit votre message.")
        except services.AlreadyDecided as state:
            messages.warning(
                self.request,
                _("Cette demande a déjà été traitée (%(state)s).") % {"state": state},
            )
            return redirect("accounts:request", pk=access_request.pk)
        messages.success(self.request, done % {"email": access_request.email})
        return redirect("accounts:requests")


class InviteView(ManageAccountsMixin, FormView):
    """Give a role to a person by e-mail; the "Chercher" button only lists authorities."""

    template_name = "accounts/invite.html"
    form_class = InviteForm

    def get_initial(self):
        # A link from an authority's page may name the authority and the role.
        return {key: self.request.GET.get(key) for key in ("french_authority", "role")}

    def post(self, request, *args, **kwargs):
        if "search" in request.POST:
            # Not an invitation yet: the same answers, and the authorities found.
            form = InviteForm(initial=request.POST.dict())
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "authority_search"}
        try:
            services.invite(by=self.request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:invite")
