"""Facet checkboxes, written in Python: a search page shows hundreds of them, and one
template include (or even one ``format_html``) per checkbox would cost more than the
search itself."""

import re
from html import escape

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import mark_safe

register = template.Library()
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]")


@register.simple_tag
def facet_options(facet_name: str, options) -> str:
    name = escape(str(facet_name))
    # Counts written as the page's language writes numbers ("1 402", "1,402"): one call
    # to the formatter for the separator, not one per checkbox.
    separator = intcomma(1000)[1:-3]
    parts = []
    for o in options:
        ident = f"{name}-{_NOT_IN_ID.sub('-', str(o.value))}"
        value = escape(str(o.value))
        checked = " checked" if o.selected else ""
        parts.append(
            f'<div class="fr-fieldset__element atlas-facet__option '
            f'atlas-facet__option--level-{int(o.level)}">'
            f'<div class="fr-checkbox-group fr-checkbox-group--sm">'
            f'<input type="checkbox" id="{ident}" name="{name}" value="{value}"{checked}>'
            f'<label class="fr-label" for="{ident}">{escape(str(o.label))} '
            f'<span class="atlas-count">({f"{int(o.count):,}".replace(",", separator)})</span>'
            "</label></div></div>"
        )
    # Every interpolated value above is escaped (quotes included) or an integer; the
    # standard library's escape skips Django's lazy-string wrapper, 400 times per page.
    return mark_safe("".join(parts))
