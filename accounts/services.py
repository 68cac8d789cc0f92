"""The rules of accounts: who may ask for one, what accepting, refusing or inviting does,
and how an e-mail address changes.

Views and forms call these functions and never write accounts themselves, so that the
rules hold whichever screen (or the shell) acts. Every e-mail leaves after commit.
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import emails
from .models import SCOPED_BY, AccessRequest, Membership, Role
from .permissions import forget_grants
from .tokens import read_email_change_token

# Roles a person may ask for; the others are given by invitation only.
REQUESTABLE_ROLES = (Role.EDITOR, Role.CORRESPONDENT)


class AlreadyDecided(Exception):
    """The request was accepted or refused meanwhile (by another administrator)."""


class EmailChangeFailed(Exception):
    """A confirmation link that cannot change the address; the message says why."""


def normalize_email(email: str) -> str:
    """Addresses, hence user names, are compared and stored lower-cased."""
    return email.strip().lower()


def find_user(email: str):
    """The account that answers to ``email`` (as its user name or its address), if any."""
    email = normalize_email(email)
    users = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
    return users.order_by("pk").first()


def check_email_is_free(email: str, for_user=None) -> None:
    """Raise ValidationError when ``email`` belongs to another account."""
    found = find_user(email)
    if found is not None and found != for_user:
        raise ValidationError(
            _("Cette adresse est déjà celle d'un compte de l'Atlas."), code="email_taken"
        )


def check_can_request(email: str) -> None:
    """Raise ValidationError when ``email`` has an account or a request waiting already."""
    if find_user(email) is not None:
        raise ValidationError(
            _(
                "Un compte existe déjà pour cette adresse : connectez-vous, ou choisissez "
                "« Mot de passe oublié » si vous ne vous en souvenez plus."
            ),
            code="has_account",
        )
    if AccessRequest.objects.filter(
        email=normalize_email(email), state=AccessRequest.State.PENDING
    ).exists():
        raise ValidationError(
            _(
                "Une demande pour cette adresse attend déjà la décision d'un administrateur ; "
                "vous recevrez sa réponse par courriel."
            ),
            code="request_pending",
        )


def _scope_kwargs(role: str, french_authority=None, country=None) -> dict:
    """The scope a role takes, the other one emptied (the database refuses the rest)."""
    scoped_by = SCOPED_BY[Role(role)]
    return {
        "french_authority": french_authority if scoped_by == "french_authority" else None,
        "country": country if scoped_by == "country" else None,
    }


def submit_request(
    *, email, role, first_name, last_name, function, french_authority=None, country=None
) -> AccessRequest:
    """Record a sign-up request and tell the administrators."""
    if role not in REQUESTABLE_ROLES:
        raise ValidationError(_("Ce rôle est attribué sur invitation seulement."), code="role")
    try:
        with transaction.atomic():
            check_can_request(email)
            access_request = AccessRequest.objects.create(
                email=normalize_email(email),
                role=role,
                first_name=first_name,
                last_name=last_name,
                function=function,
                **_scope_kwargs(role, french_authority, country),
            )
            emails.after_commit(emails.request_received, access_request.pk)
    except IntegrityError:  # the same request, sent twice at the same moment
        check_can_request(email)
        raise
    return access_request


def _grant(access_request: AccessRequest):
    """The account (created without a password if there is none) and the membership that
    an accepted request gives."""
    user = find_user(access_request.email)
    if user is None:
        user = get_user_model()(
            username=access_request.email,
            email=access_request.email,
            first_name=access_request.first_name,
            last_name=access_request.last_name,
        )
        user.set_unusable_password()  # chosen through the e-mailed link
        user.save()
    Membership.objects.get_or_create(
        user=user,
        role=access_request.role,
        french_authority=access_request.french_authority,
        country=access_request.country,
        defaults={"function": access_request.function},
    )
    forget_grants(user)
    return user


def _decide(access_request: AccessRequest, state: str, by, message: str) -> AccessRequest:
    """Lock the request and mark it decided; AlreadyDecided if it was meanwhile."""
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if locked.state != AccessRequest.State.PENDING:
        raise AlreadyDecided(locked.get_state_display())
    locked.state = state
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.message = message
    locked.save(update_fields=["state", "decided_by", "decided_at", "message"])
    return locked


@transaction.atomic
def accept(access_request: AccessRequest, *, by, message: str = ""):
    """Accept a pending request: the account and its role, then an e-mail with the link to
    choose a password. Returns the account."""
    decided = _decide(access_request, AccessRequest.State.ACCEPTED, by, message)
    user = _grant(decided)
    emails.after_commit(emails.welcome, decided.pk, user.pk)
    return user


@transaction.atomic
def refuse(access_request: AccessRequest, *, by, message: str) -> AccessRequest:
    """Refuse a pending request and e-mail the administrator's reason (required)."""
    if not message.strip():
        raise ValidationError(_("Dites pourquoi la demande est refusée."), code="required")
    decided = _decide(access_request, AccessRequest.State.REFUSED, by, message)
    emails.after_commit(emails.refusal, decided.pk)
    return decided


@transaction.atomic
def invite(
    *,
    by,
    email,
    role,
    first_name,
    last_name,
    function,
    french_authority=None,
    country=None,
    message="",
) -> AccessRequest:
    """An administrator gives a role to a person: recorded as an accepted request made by
    the administrator, with the same e-mail as an accepted one. A person who already has
    an account gets the role added."""
    if AccessRequest.objects.filter(
        email=normalize_email(email), state=AccessRequest.State.PENDING
    ).exists():
        raise ValidationError(
            _("Une demande de cette personne attend déjà : acceptez-la plutôt."),
            code="request_pending",
        )
    now = timezone.now()
    access_request = AccessRequest.objects.create(
        email=normalize_email(email),
        role=role,
        first_name=first_name,
        last_name=last_name,
        function=function,
        state=AccessRequest.State.ACCEPTED,
        message=message,
        invited_by=by,
        decided_by=by,
        decided_at=now,
        **_scope_kwargs(role, french_authority, country),
    )
    user = _grant(access_request)
    emails.after_commit(emails.welcome, access_request.pk, user.pk)
    return access_request


def ask_email_change(user, new_email: str) -> None:
    """Send the confirmation link to the new address; nothing changes until it is used."""
    check_email_is_free(new_email, for_user=user)
    emails.after_commit(emails.email_change_link, user.pk, normalize_email(new_email))


def _email_change(token: str, lock: bool = False):
    """The account and the new address a confirmation link names; EmailChangeFailed with a
    message a person can act on when it cannot serve."""
    try:
        data = read_email_change_token(token)
    except signing.SignatureExpired:
        raise EmailChangeFailed(
            _("Ce lien a expiré (il vaut un jour) : demandez à nouveau le changement.")
        ) from None
    except signing.BadSignature:
        raise EmailChangeFailed(
            _("Ce lien n'est pas valide : copiez-le en entier depuis le courriel reçu.")
        ) from None
    users = get_user_model().objects
    user = (users.select_for_update() if lock else users).filter(pk=data["user"]).first()
    if user is None or user.email != data["old"]:
        raise EmailChangeFailed(_("Ce lien a déjà servi, ou l'adresse du compte a changé depuis."))
    try:
        check_email_is_free(data["new"], for_user=user)
    except ValidationError as error:
        raise EmailChangeFailed(error.messages[0]) from None
    return user, normalize_email(data["new"])


def email_change_target(token: str) -> str:
    """The address a link would give, before the person confirms (EmailChangeFailed)."""
    return _email_change(token)[1]


@transaction.atomic
def confirm_email_change(token: str):
    """Give the account the address the link confirms, and tell the old address.
    Returns the account; EmailChangeFailed when the link cannot serve."""
    user, new_email = _email_change(token, lock=True)
    old_email = user.email
    user.email = user.username = new_email
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "username"])
    except IntegrityError:  # another account took the address a moment ago
        raise EmailChangeFailed(_("Cette adresse est déjà celle d'un compte de l'Atlas.")) from None
    if old_email:
        emails.after_commit(emails.email_changed, old_email, user.email)
    return user
