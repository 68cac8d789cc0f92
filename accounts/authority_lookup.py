"""Finding a French authority by what a person types: its name or its INSEE code.

Used by the sign-up's second step (a search box that lists matches as radio buttons)
and by its type-ahead (a JSON endpoint), so that both offer the same authorities in the
same order. The official list has some 36,000 rows: names are matched on the stored
``normalized_name`` (no function applied to the column) and every query has a limit.
"""

import re

from django.db.models import Case, F, Value, When
from django.utils.translation import gettext as _

from territories.matching import authority_match_key
from territories.models import FrenchAuthority

MAX_RESULTS = 20
MIN_LENGTH = 2
# Longer than any authority's name: what is beyond cannot match and only costs time.
MAX_QUERY_LENGTH = 100
# INSEE codes are five characters, digits except Corsica's 2A and 2B.
_INSEE_CODE = re.compile(r"^(?:[0-9]{2}|2[ab])[0-9]{0,3}$")


def _upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``:
    normalized names are made of [0-9a-z ], so bumping the last character is enough."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def find_authorities(text: str, limit: int = MAX_RESULTS) -> list[FrenchAuthority]:
    """Authorities matching ``text``, the likeliest first: an INSEE code (or its start),
    then names starting with the text, then names containing it; the most populated
    first within each group. Fewer than two characters find nothing."""
    key, kinds = authority_match_key(text[:MAX_QUERY_LENGTH])
    if len(key) < MIN_LENGTH:
        return []
    authorities = FrenchAuthority.objects.select_related("departement")
    if kinds:  # "Ville de Poitiers", "CA du ...": the legal form says which kind
        authorities = authorities.filter(kind__in=kinds)
    found: list[FrenchAuthority] = []

    def add(queryset, *first) -> None:
        seen = [a.pk for a in found]
        rows = queryset.exclude(pk__in=seen).order_by(
            *first, F("population").desc(nulls_last=True), "name"
        )
        found.extend(rows[: limit - len(found)])

    compact = key.replace(" ", "")
    if _INSEE_CODE.match(compact):
        add(authorities.filter(insee_code__startswith=compact.upper()))
    if len(found) < limit:
        # The range lets a B-tree index on normalized_name serve the prefix (a LIKE with
        # an ESCAPE clause or a linguistic collation would not); startswith keeps it exact.
        add(
            authorities.filter(
                normalized_name__gte=key,
                normalized_name__lt=_upper_bound(key),
                normalized_name__startswith=key,
            ),
            # "Vienne" itself before the bigger "Vienne-en-..." places
            Case(When(normalized_name=key, then=Value(0)), default=Value(1)),
        )
    if len(found) < limit:
        # A scan, but only when the prefix did not fill the list, and bounded by the limit.
        add(authorities.filter(normalized_name__contains=key))
    return found


def authority_label(authority: FrenchAuthority) -> str:
    """ "Poitiers (commune, Vienne)": the kind and the département tell apart the many
    authorities of the same name (Vienne the commune, Vienne the département)."""
    kind = authority.get_kind_display()
    kind = kind[:1].lower() + kind[1:]
    departement = authority.departement
    if departement is not None and departement.pk != authority.pk:
        return _("%(name)s (%(kind)s, %(departement)s)") % {
            "name": authority.name,
            "kind": kind,
            "departement": departement.name,
        }
    return _("%(name)s (%(kind)s)") % {"name": authority.name, "kind": kind}
