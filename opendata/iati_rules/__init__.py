"""The IATI Validator's checks of an activity file, in Python, so that the site can check
its IATI file without sending it away.

The Validator (IATI's js-validator-api) reads a file in four passes, reproduced here in
its order: the XML itself (``validate()`` below), the official XSD (``schema``), the
codelists (``codelist_rules.json``, from IATI-Validator-Codelists: ``codelists``) and the
ruleset (``standard.json``, from IATI-Rulesets: ``ruleset``), both kept unchanged in
``opendata/data/iati/rules/`` (its README says where from). Each rule is read as the
Validator's own code reads it (``services/rulesValidator.js`` and
``services/codelistValidator.js``), quirks included, so that a file found clean here is
clean there; ``javascript`` reads values as the Validator's JavaScript does. Where this
engine cannot do the same, a comment says so.

Its last pass, advisories (identifiers of other activities looked up in IATI's
datastore), needs that datastore and is not reproduced.
"""

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from .codelists import codelist_findings
from .data_dirs import RULES_DIR, SCHEMA_DIR
from .javascript import epoch_ms, js_date
from .report import Finding, Report, rule_finding
from .ruleset import PUBLISHER_ORG_IDS, failures, org_id_prefixes, ruleset_contexts, xpath
from .schema import activity_schema, schema_findings

__all__ = [
    "PUBLISHER_ORG_IDS",
    "RULES_DIR",
    "SCHEMA_DIR",
    "Finding",
    "Report",
    "activity_schema",
    "js_date",
    "org_id_prefixes",
    "validate",
]


def validate(
    document: bytes | str | Path, *, now: datetime | None = None, schema: bool = True
) -> Report:
    """Checks an IATI 2.03 activity file (its bytes, its text, or its path) as the IATI
    Validator does. ``now`` is the time dates must not be later than (default: the
    current time; a naive time is UTC); ``schema=False`` skips the XSD."""
    now = now or datetime.now(UTC)
    now_ms = epoch_ms(now if now.tzinfo else now.replace(tzinfo=UTC))
    try:
        root = _parse(document)
    except etree.XMLSyntaxError as error:
        return Report([Finding("0.1.1", "critical", "iati", str(error), "file", _at(error.lineno))])
    if root.tag != "iati-activities":
        message = "The file is not an IATI activity file."
        return Report([Finding("0.2.1", "critical", "iati", message, "file", _at(root.sourceline))])
    activities = root.findall("iati-activity")
    identifiers, duplicates = _identifiers(activities)
    findings = schema_findings(root, activities, identifiers) if schema else []
    findings += codelist_findings(root, dict(zip(activities, identifiers, strict=True)))
    contexts = ruleset_contexts()
    for activity, identifier in zip(activities, identifiers, strict=True):
        for select, rules in contexts:
            for element in select(activity):
                for rule, case in rules:
                    for info, context in failures(rule, case, element, now_ms):
                        findings.append(rule_finding(info, identifier, context))
    if duplicates:
        # The Validator gives one file-level error, however many identifiers repeat.
        shown = ", ".join(f"'{value}'" for value in list(duplicates)[:5])
        more = f" and {len(duplicates) - 5} more" if len(duplicates) > 5 else ""
        findings.append(
            Finding(
                "1.1.2",
                "error",
                "identifiers",
                "The activity identifier must be unique for each activity.",
                "file",
                f"Duplicate found for iati-identifier = {shown}{more}",
            )
        )
    return Report(findings, len(activities))


def _parse(document: bytes | str | Path) -> etree._Element:
    """A text is read as UTF-8: its XML declaration, if any, must say so."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    if isinstance(document, Path):
        return etree.parse(str(document), parser).getroot()
    if isinstance(document, str):
        document = document.encode("utf-8")
    return etree.fromstring(document, parser)


def _at(line: int | None) -> str:
    return f"at line {line}" if line else ""


def _identifiers(activities: list) -> tuple[list[str], dict[str, None]]:
    """Each activity's identifier as the Validator names it in its report (the second
    "A" is "A(2)"), and the identifiers found more than once."""
    seen: Counter[str] = Counter()
    names, duplicates = [], {}
    for activity in activities:
        identifier = xpath("string(iati-identifier)")(activity) or "noIdentifier"
        seen[identifier] += 1
        if seen[identifier] > 1:
            duplicates[identifier] = None
            identifier = f"{identifier}({seen[identifier]})"
        names.append(identifier)
    return names, duplicates
