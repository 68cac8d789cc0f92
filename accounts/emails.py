"""The e-mails of accounts: a request to the administrators, the decision to the person,
the link that confirms a new address.

Each one is a task (Django's tasks: immediately by default, by a worker where settings say
so), queued once the transaction that decided it has committed, so that nobody is told of
a change that was rolled back. A task receives ids and reads the database itself: tokens
and links are made when the e-mail leaves, never stored in a queue. Like the sheets'
e-mails, each says it in French, then in English, with links in each language.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from .models import AccessRequest, Role
from .tokens import make_email_change_token

LANGUAGES = ("fr", "en")


def after_commit(email_task, *args) -> None:
    """Queue ``email_task`` once the current transaction has committed."""
    transaction.on_commit(lambda: email_task.enqueue(*args))


def site_link(url_name: str, **kwargs) -> str:
    """An absolute link in the active language, on the site's public address (never on the
    Host header of whoever made the request)."""
    return settings.ATLAS_SITE_URL + reverse(url_name, kwargs=kwargs)


def password_link(user) -> str:
    """Where ``user`` chooses a password: Django's reset link, valid for
    PASSWORD_RESET_TIMEOUT and spent once the password is set."""
    return site_link(
        "accounts:password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )


def send(to: list[str], subject, template: str, context: dict, links: dict | None = None):
    """Send ``template`` (under accounts/emails/) in French then in English. ``links`` maps
    a context name to a function of no argument that gives the link in the active
    language."""
    bodies = []
    for language in LANGUAGES:
        with translation.override(language):
            names = {name: make() for name, make in (links or {}).items()}
            bodies.append(render_to_string(f"accounts/emails/{template}", {**context, **names}))
    with translation.override("fr"):
        subject = str(subject)
    send_mail(subject, "\n\n---\n\n".join(bodies), settings.DEFAULT_FROM_EMAIL, to)


def administrators_emails() -> list[str]:
    """Who decides on requests: people with an administrator role, and superusers."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    found = users.filter(Q(is_superuser=True) | Q(memberships__role=Role.ADMINISTRATOR))
    return sorted(set(found.values_list("email", flat=True)))


@task
def request_received(request_id: int) -> int:
    """Tell the administrators that a request waits for them; the number told."""
    access_request = AccessRequest.objects.filter(pk=request_id).first()
    to = administrators_emails()
    if access_request is None or not to:
        return 0
    send(
        to,
        _("Nouvelle demande de compte sur l'Atlas"),
        "request_received.txt",
        {"access_request": access_request},
        {"link": lambda: site_link("accounts:request", pk=request_id)},
    )
    return len(to)


@task
def welcome(request_id: int, user_id: int) -> int:
    """Tell a person their request was accepted (or that they were invited), with the link
    to choose their password, or to sign in if they already have one."""
    access_request = AccessRequest.objects.filter(pk=request_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if access_request is None or user is None:
        return 0
    if user.has_usable_password():
        links = {"sign_in_link": lambda: site_link("accounts:sign_in")}
    else:
        links = {"password_link": lambda: password_link(user)}
    send(
        [user.email],
        _("Votre accès à l'Atlas de la coopération décentralisée"),
        "welcome.txt",
        {"access_request": access_request, "user": user},
        {**links, "reset_link": lambda: site_link("accounts:password_reset")},
    )
    return 1


@task
def refusal(request_id: int) -> int:
    """Tell a person why their request was refused."""
    access_request = AccessRequest.objects.filter(pk=request_id).first()
    if access_request is None:
        return 0
    send(
        [access_request.email],
        _("Votre demande de compte sur l'Atlas"),
        "refusal.txt",
        {"access_request": access_request},
    )
    return 1


@task
def email_change_link(user_id: int, new_email: str) -> int:
    """Send to the NEW address the link that confirms it (proof that the person reads it)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0
    token = make_email_change_token(user, new_email)
    send(
        [new_email],
        _("Confirmez votre nouvelle adresse électronique"),
        "email_change.txt",
        {"new_email": new_email},
        {"link": lambda: site_link("accounts:email_confirm", token=token)},
    )
    return 1


@task
def email_changed(old_email: str, new_email: str) -> int:
    """Tell the OLD address that the account now answers to another one: if the person did
    not ask for it, they know at once."""
    send(
        [old_email],
        _("L'adresse électronique de votre compte a changé"),
        "email_changed.txt",
        {"old_email": old_email, "new_email": new_email},
        {"reset_link": lambda: site_link("accounts:password_reset")},
    )
    return 1
