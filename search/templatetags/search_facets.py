"""Facet checkboxes, written in Python: a search page shows hundreds of them, and one
template include (or even one ``format_html``) per checkbox would cost more than the
search itself."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

register = template.Library()


@register.simple_tag
def facet_options(facet_name: str, options) -> str:
    name = escape(facet_name)
    parts = []
    for o in options:
        ident = escape(f"{facet_name}-{slugify(o.value) or 'x'}")
        checked = " checked" if o.selected else ""
        parts.append(
            f'<div class="fr-fieldset__element atlas-facet__option '
            f'atlas-facet__option--level-{int(o.level)}">'
            f'<div class="fr-checkbox-group fr-checkbox-group--sm">'
            f'<input type="checkbox" id="{ident}" name="{name}" value="{escape(o.value)}"{checked}>'
            f'<label class="fr-label" for="{ident}">{escape(o.label)} '
            f'<span class="atlas-count">({int(o.count)})</span></label></div></div>'
        )
    # Every interpolated value above is escaped or an integer.
    return mark_safe("".join(parts))
