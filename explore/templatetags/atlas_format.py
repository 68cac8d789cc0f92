"""Formatting for public pages: amounts, e-mail addresses."""

import base64
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency
from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

BABEL_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


@register.filter
def euros(value) -> str:
    """10515 -> "10 515 €" in French, "€10,515" in English; cents only when there are some."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    locale = BABEL_LOCALES.get((get_language() or "fr")[:2], "fr_FR")
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace(".00", "")
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=False)


@register.simple_tag
def protected_email(address: str) -> str:
    """An address that scrapers reading HTML do not see and people can still use.

    Without JavaScript it reads "name [at] example.org"; the page's script turns it into
    a mailto link.
    """
    if not address:
        return ""
    encoded = base64.b64encode(address[::-1].encode()).decode()
    local, _sep, domain = address.partition("@")
    return format_html(
        '<span class="atlas-email__placeholder" data-atlas-email="{}">{} [{}] {}</span>',
        encoded,
        local,
        _("arobase"),
        domain,
    )
