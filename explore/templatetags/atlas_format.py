"""Formatting for public pages: amounts, e-mail addresses."""

from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency
from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

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
def email_link(address: str) -> str:
    """A professional contact address as a mailto link, written as it is: the atlas
    publishes contacts so that people can reach them, and gives the same addresses in its
    data files (docs/personal-data.md says why and how to have one corrected)."""
    if not address:
        return ""
    return format_html('<a class="fr-link" href="mailto:{}">{}</a>', address, address)
