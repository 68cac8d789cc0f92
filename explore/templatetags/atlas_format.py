"""Formatting for public pages in their language: amounts, dates, file sizes, e-mail
addresses, the colon after a label."""

from datetime import datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

BABEL_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def _locale() -> str:
    """Babel's locale of the page's language."""
    return BABEL_LOCALES.get((get_language() or "fr")[:2], "fr_FR")


@register.filter
def euros(value) -> str:
    """10515 -> "10 515 €" in French, "€10,515" in English; cents only when there are some."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    locale = _locale()
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


@register.simple_tag
def colon() -> str:
    """The colon after a label, as the page's language writes it: "Pays : …" with a
    no-break space in French, "Country: …" in English."""
    return "\u00a0: " if _locale().startswith("fr") else ": "


@register.filter
def long_date(value) -> str:
    """ "1er décembre 2026", "2 décembre 2026"; "1 December 2026" in English."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)  # the day it is in France
    text = format_date(value, format="d MMMM y", locale=_locale())
    if _locale().startswith("fr") and value.day == 1:
        return "1er" + text[1:]
    return text


@register.filter
def file_size(value) -> str:
    """A file's size as readers of the page's language write it: "1,2 Mo", "1.2 MB"
    (multiples of 1,000, as the French "Mo" and the English "MB" mean)."""
    if value is None or value == "":
        return ""
    size = float(value)
    french = _locale().startswith("fr")
    units = ("octets", "Ko", "Mo", "Go") if french else ("bytes", "kB", "MB", "GB")
    for unit in units:
        if size < 1000 or unit == units[-1]:
            break
        size /= 1000
    digits = "0" if unit == units[0] else "0.#"
    return f"{format_decimal(size, format=digits, locale=_locale())}\u00a0{unit}"
