"""Reading the e-mails the tests receive, as a person would: the links they hold."""

import re
from urllib.parse import urlsplit

from django.core import mail

_LINK = re.compile(r"https?://\S+")


def links_in(message) -> list[str]:
    """The paths of the links in an e-mail, French ones first (the French part comes first)."""
    return [urlsplit(link).path for link in _LINK.findall(message.body)]


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]
