"""The parts of the documentation written from the catalogue: the search's parameters
(docs/search.md) and the keys of the JSON representation (docs/json-representation.md).
``manage.py write_catalogue_docs`` rewrites them between their markers; a test fails when
they are out of date, so that a field or a facet cannot be added undocumented."""

import re
from pathlib import Path

from django.conf import settings

from .facets import OFFERED
from .representation import REPRESENTED

BEGIN, END = (
    "<!-- {} generated from the catalogue: manage.py write_catalogue_docs -->",
    "<!-- end -->",
)


def search_parameters() -> str:
    rows = [
        (
            "q",
            "words searched in titles, texts (context, history, objectives, description), "
            "partner names and places; accents and case are ignored; every word must match",
            "cooperation decentralisee",
        )
    ]
    for facet in OFFERED:
        rows += facet.documented()
    rows += [
        (
            "sort",
            "`relevance` (default with `q`), `-updated` (default otherwise), `updated`, "
            "`-start_year`, `start_year`, `title`, `-title`",
            "-start_year",
        ),
        ("page", "page number, from 1 (25 results per page); a page beyond the last is a 404", "2"),
    ]
    lines = ["| parameter | accepts | example |", "|---|---|---|"]
    lines += [f"| `{name}` | {accepts} | `{name}={example}` |" for name, accepts, example in rows]
    return "\n".join(lines)


def _type(schema: dict) -> str:
    kind = schema.get("type")
    if kind == "array":
        text = f"list of {_type(schema['items'])}"
    elif kind == "object" and "properties" in schema:
        text = "{" + ", ".join(f'"{name}"' for name in schema["properties"]) + "}"
    elif schema.get("enum"):
        text = " or ".join(f'`"{value}"`' for value in schema["enum"])
    else:
        text = schema.get("format") or kind
    return text + (" or null" if schema.get("nullable") else "")


def representation_keys() -> str:
    lines = ["| key | type | label on the sheet |", "|---|---|---|"]
    lines += [f"| `{f.name}` | {_type(f.schema())} | {f.label} |" for f in REPRESENTED]
    return "\n".join(lines)


SECTIONS = {
    "search.md": ("parameters", search_parameters),
    "json-representation.md": ("keys", representation_keys),
}


def refreshed(text: str, name: str, content: str) -> str:
    """The text with the section ``name`` between its markers replaced by ``content``."""
    begin = BEGIN.format(name)
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"no section {name!r} marked in the document")
    return pattern.sub(lambda _m: f"{begin}\n{content}\n{END}", text)


def documents() -> dict[Path, tuple[str, str]]:
    """Each document: (its text now, its text with the generated sections refreshed)."""
    found = {}
    for filename, (section, write) in SECTIONS.items():
        path = Path(settings.BASE_DIR) / "docs" / filename
        text = path.read_text("utf-8")
        found[path] = (text, refreshed(text, section, write()))
    return found
