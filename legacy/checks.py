"""What a legacy page may not bring into the database, checked before anything is written.

The former Atlas's pages are a few kilobytes of text (the seed page weighs 10 kB). A file
far beyond that, a table of thousands of rows, or a reference label that is a paragraph
or carries template or HTML syntax is a broken or hostile page, not a sheet: the import
refuses it with a message naming the file or the line, rather than creating junk entries
(a partnership type named after a paragraph, "Ambassade de France à Buenos
Aire{{7*7}}s" beside the real embassy) that administrators would then have to find.
"""

import re

from django.utils.translation import gettext as _

# 100 times the seed page. Reading is linear in the page's size (bench/bench_import.py
# --large-page), so the limit bounds the time and memory one file may take.
MAX_PAGE_BYTES = 1_000_000
# Real pages list a handful of partners, funders or themes per table; the database keeps
# positions in small integers (at most 32,767).
MAX_TABLE_ROWS = 1_000
# Labels of themes, partnership types, authorities and embassies: the longest known ones
# are about 60 characters ("Promotion économique et internationalisation des
# entreprises"); a paragraph is longer than this.
MAX_LABEL_LENGTH = 150

# C0 and C1 control characters but the tab (line breaks have split the lines already):
# PostgreSQL refuses NUL in text, XML (the IATI files) refuses the others.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Template and markup syntax, which no name of a place or of a nomenclature entry holds;
# and the Unicode controls that reorder how a label reads.
MARKUP = re.compile(r"\{[{%#]|[}%#]\}|\$\{|<\s*/?\s*[A-Za-z!?]")
REORDERING = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def format_bytes(size: int) -> str:
    """A size in bytes as French readers write it: "1 000 000 octets"."""
    return _("%(size)s octets") % {"size": f"{size:,}".replace(",", "\u202f")}


def page_too_large(name: str, size: int) -> str | None:
    if size <= MAX_PAGE_BYTES:
        return None
    return _(
        "le fichier « %(name)s » pèse %(size)s, au-delà de la limite de %(limit)s par page : "
        "il n'est pas lu et rien n'en est importé"
    ) % {"name": name, "size": format_bytes(size), "limit": format_bytes(MAX_PAGE_BYTES)}


def control_character(text: str) -> str | None:
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    return _("caractère de contrôle U+%(code)04X interdit dans le texte d'une fiche") % {
        "code": ord(found.group())
    }


def label_problem(label: str, what: str) -> str | None:
    """Why ``label`` cannot name a new reference entry (``what``: "thématique" ...), or
    None when it can."""
    if len(label) > MAX_LABEL_LENGTH:
        return _(
            "%(what)s de %(length)s caractères (« %(start)s… ») : un libellé de référence "
            "en compte au plus %(limit)s"
        ) % {"what": what, "length": len(label), "start": label[:40], "limit": MAX_LABEL_LENGTH}
    if MARKUP.search(label) or REORDERING.search(label):
        return _(
            "%(what)s « %(label)s » refusé : un libellé de référence ne contient ni syntaxe "
            "de gabarit ({{, {%%), ni balise HTML, ni caractère de contrôle d'écriture"
        ) % {"what": what, "label": label}
    return None


def too_long(value: str, limit: int, what: str) -> str | None:
    if len(value) <= limit:
        return None
    return _("%(what)s de %(length)s caractères (« %(start)s… ») : au plus %(limit)s") % {
        "what": what,
        "length": len(value),
        "start": value[:40],
        "limit": limit,
    }


def too_many_rows(what: str) -> str:
    return _("plus de %(limit)s lignes sous « %(what)s » : une fiche n'en compte pas tant") % {
        "limit": MAX_TABLE_ROWS,
        "what": what,
    }
