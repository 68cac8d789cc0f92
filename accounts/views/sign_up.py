"""Asking for an account in the former Atlas's three steps: the role, then the authority
(or the embassy's country), then who one is. The steps' answers wait in the session, so
that every step works without JavaScript and the back links keep what was chosen."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from territories.models import Country, FrenchAuthority

from .. import services
from ..authority_lookup import authority_label
from ..forms.requests import AuthorityStepForm, CountryStepForm, PersonStepForm, RoleStepForm
from ..models import Role

SESSION_KEY = "accounts_sign_up"
SENT_KEY = "accounts_sign_up_sent"
TOTAL_STEPS = 3
STEP_TITLES = {
    1: _("Votre rôle"),
    2: _("Votre collectivité ou votre ambassade"),
    3: _("Vos coordonnées"),
}
GET_OR_POST = ["GET", "HEAD", "POST"]


def _answers(request) -> dict:
    answers = request.session.get(SESSION_KEY)
    return answers if isinstance(answers, dict) else {}


def _remember(request, answers: dict) -> None:
    request.session[SESSION_KEY] = answers


def _scope(answers: dict):
    """The authority or the country chosen at step 2 (None when not chosen, or when the
    role asks for the other kind)."""
    if answers.get("role") == Role.EDITOR and answers.get("french_authority"):
        return (
            FrenchAuthority.objects.select_related("departement")
            .filter(pk=answers["french_authority"])
            .first()
        )
    if answers.get("role") == Role.CORRESPONDENT and answers.get("country"):
        return Country.objects.filter(pk=answers["country"]).first()
    return None


def _render(request, step: int, form, **context):
    context = {
        "form": form,
        "step": step,
        "stepper": {
            "current_step_id": step,
            "total_steps": TOTAL_STEPS,
            "current_step_title": STEP_TITLES[step],
            "next_step_title": STEP_TITLES.get(step + 1, ""),
        },
        "back_url": {
            2: reverse("accounts:sign_up"),
            3: reverse("accounts:sign_up_step", kwargs={"step": 2}),
        }.get(step),
        **context,
    }
    return render(request, "accounts/sign_up.html", context)


@require_http_methods(GET_OR_POST)
def sign_up(request):
    """Step 1: the role. Administrators and analysts are invited, never asked for."""
    answers = _answers(request)
    form = RoleStepForm(request.POST or None, initial={"role": answers.get("role")})
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        if role != answers.get("role"):
            answers = {"role": role}  # the scope of another role no longer applies
        _remember(request, answers)
        return redirect("accounts:sign_up_step", step=2)
    return _render(request, 1, form)


@require_http_methods(GET_OR_POST)
def sign_up_step(request, step: int):
    answers = _answers(request)
    if step not in (2, 3):
        raise Http404
    if answers.get("role") not in services.REQUESTABLE_ROLES:
        return redirect("accounts:sign_up")
    if step == 2:
        return _scope_step(request, answers)
    scope = _scope(answers)
    if scope is None:
        return redirect("accounts:sign_up_step", step=2)
    return _person_step(request, answers, scope)


def _scope_step(request, answers: dict):
    """Step 2: an authority, found by its name (the type-ahead, or the search button
    without JavaScript), or a country."""
    if answers["role"] == Role.CORRESPONDENT:
        form = CountryStepForm(request.POST or None, initial={"country": answers.get("country")})
        key = "country"
    elif request.method == "POST" and "search" in request.POST:
        # A search, not a choice yet: the matches are shown, nothing is checked.
        form = AuthorityStepForm(
            initial={"authority_search": request.POST.get("authority_search", "")}
        )
        return _render(request, 2, form, picker=True)
    else:
        form = AuthorityStepForm(
            request.POST or None, initial={"french_authority": answers.get("french_authority")}
        )
        key = "french_authority"
    if request.method == "POST" and form.is_valid():
        answers[key] = form.cleaned_data[key].pk
        _remember(request, answers)
        return redirect("accounts:sign_up_step", step=3)
    return _render(request, 2, form, picker=key == "french_authority")


def _person_step(request, answers: dict, scope):
    """Step 3: who one is; sending it makes the request."""
    form = PersonStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_request(
                role=answers["role"],
                french_authority=scope if isinstance(scope, FrenchAuthority) else None,
                country=scope if isinstance(scope, Country) else None,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            del request.session[SESSION_KEY]
            request.session[SENT_KEY] = form.cleaned_data["email"]
            return redirect("accounts:sign_up_sent")
    scope_label = authority_label(scope) if isinstance(scope, FrenchAuthority) else scope.name
    return _render(
        request, 3, form, role_label=Role(answers["role"]).label, scope_label=scope_label
    )


@require_safe
def sign_up_sent(request):
    return render(request, "accounts/sign_up_sent.html", {"email": request.session.get(SENT_KEY)})
