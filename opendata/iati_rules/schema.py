"""The Validator's second pass, after the XML itself: the official XSD."""

from bisect import bisect_right
from functools import cache

from lxml import etree

from .data_dirs import SCHEMA_DIR
from .report import Finding


@cache
def activity_schema() -> etree.XMLSchema:
    """The official XSD, read once per process."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def schema_findings(root, activities: list, identifiers: list[str]) -> list[Finding]:
    """Errors against the XSD, one per message and activity with its lines, as the
    Validator groups them. It validates each activity wrapped in the file's root, so an
    error of the root itself comes once per activity there, once here (as "file")."""
    schema = activity_schema()
    if schema.validate(root.getroottree()):
        return []
    starts = [activity.sourceline for activity in activities]
    lines: dict[tuple[str, str], list[int]] = {}
    for error in schema.error_log:
        index = bisect_right(starts, error.line) - 1
        identifier = identifiers[index] if index >= 0 else "file"
        lines.setdefault((identifier, error.message), []).append(error.line)
    return [
        Finding("0.3.1", "critical", "schema", message, identifier, _lines(found))
        for (identifier, message), found in lines.items()
    ]


def _lines(lines: list[int]) -> str:
    shown = ", ".join(str(line) for line in lines[:10])
    more = f" and {len(lines) - 10} more" if len(lines) > 10 else ""
    return f"at line{'s' if len(lines) > 1 else ''} {shown}{more}"
