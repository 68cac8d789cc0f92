"""The signed link that confirms a new e-mail address.

Signed with the secret key (django.core.signing) rather than stored: nothing to clean up,
and it names the account, its address when the change was asked for, and the new address,
so that a link cannot serve another account nor undo a later change.
"""

from django.core import signing

SALT = "accounts.email_change"
MAX_AGE = 60 * 60 * 24  # a day, in seconds


def make_email_change_token(user, new_email: str) -> str:
    return signing.dumps({"user": user.pk, "old": user.email, "new": new_email}, salt=SALT)


def read_email_change_token(token: str) -> dict:
    """The token's content; raises signing.SignatureExpired after a day and
    signing.BadSignature when the token was not made here (or was altered)."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not isinstance(data, dict) or not {"user", "old", "new"} <= data.keys():
        raise signing.BadSignature("incomplete token")
    return data
