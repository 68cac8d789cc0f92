"""The IATI Validator's checks of an activity file, in Python, so that the site can check
its IATI file without sending it away.

The Validator (IATI's js-validator-api) reads a file in four passes, reproduced here in
its order: the XML itself, the official XSD, the codelists (``codelist_rules.json``, from
IATI-Validator-Codelists) and the ruleset (``standard.json``, from IATI-Rulesets), both
kept unchanged in ``data/iati/rules/`` (its README says where from). Each rule is read
as the Validator's own code reads it (``services/rulesValidator.js`` and
``services/codelistValidator.js``), quirks included, so that a file found clean here is
clean there. Where this engine cannot do the same, a comment says so.

The Validator checks each activity alone, wrapped in its ``<iati-activities>``; here the
file is parsed once and each rule's context is read from each activity element, which
gives the same elements: no rule looks above its activity. Its last pass, advisories
(identifiers of other activities looked up in IATI's datastore), needs that datastore and
is not reproduced.
"""

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

from lxml import etree

DATA = Path(__file__).resolve().parent / "data" / "iati"
SCHEMA_DIR = DATA / "schema-2.03"
RULES_DIR = DATA / "rules"
ACTIVITY_PATH = "/iati-activities/iati-activity"

# The Validator's idSets. ORG-ID-PREFIX: the codes of the org-id register's confirmed
# lists (``org_id_prefixes()``). ORG-ID: the organisation identifiers of the publishers on
# the IATI Registry, which this site does not have: with none, every NOT_EXISTING_ORG_ID
# (and _PREFIX) condition holds and the rules it guards are always checked, where the
# Validator skips them for identifiers of registered publishers. Stricter, never more
# lenient.
PUBLISHER_ORG_IDS: frozenset[str] = frozenset()

BLOCKING = ("critical", "error")
MILLISECONDS_PER_DAY = 86_400_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# What JavaScript's String.prototype.trim() removes (Python's str.strip() differs on a few
# characters, such as the byte-order mark).
JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# The decimal literals JavaScript's Number() reads (besides "Infinity", hex, octal, binary).
JS_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
JS_RADIX = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")


@dataclass(frozen=True)
class Finding:
    id: str  # the rule's, e.g. "2.1.2"
    severity: str  # "critical", "error" or "warning", as the rule gives it
    category: str
    message: str  # the Validator's, in English
    identifier: str  # the activity's iati-identifier, or "file"
    context: str  # where in the file, and the value found


@dataclass
class Report:
    findings: list[Finding]
    activities: int = 0

    @property
    def errors(self) -> list[Finding]:
        """What makes the Validator reject the file or flag it as wrong."""
        return [finding for finding in self.findings if finding.severity in BLOCKING]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity not in BLOCKING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def __bool__(self) -> bool:
        return self.ok

    def counts(self) -> dict[tuple[str, str, str], int]:
        """How many times each rule failed, by (id, severity, message)."""
        return dict(Counter((f.id, f.severity, f.message) for f in self.findings))


def validate(
    document: bytes | str | Path, *, now: datetime | None = None, schema: bool = True
) -> Report:
    """Checks an IATI 2.03 activity file (its bytes, its text, or its path) as the IATI
    Validator does. ``now`` is the time dates must not be later than (default: the
    current time; a naive time is UTC); ``schema=False`` skips the XSD."""
    now = now or datetime.now(UTC)
    now_ms = _epoch_ms(now if now.tzinfo else now.replace(tzinfo=UTC))
    try:
        root = _parse(document)
    except etree.XMLSyntaxError as error:
        return Report([Finding("0.1.1", "critical", "iati", str(error), "file", _at(error.lineno))])
    if root.tag != "iati-activities":
        message = "The file is not an IATI activity file."
        return Report([Finding("0.2.1", "critical", "iati", message, "file", _at(root.sourceline))])
    activities = root.findall("iati-activity")
    identifiers, duplicates = _identifiers(activities)
    findings = _schema_findings(root, activities, identifiers) if schema else []
    findings += _codelist_findings(root, dict(zip(activities, identifiers, strict=True)))
    contexts = _ruleset()
    for activity, identifier in zip(activities, identifiers, strict=True):
        for select, rules in contexts:
            for element in select(activity):
                for rule, case in rules:
                    for info, context in _failures(rule, case, element, now_ms):
                        findings.append(_finding(info, identifier, context))
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


def _finding(info: dict, identifier: str, context: str) -> Finding:
    """A failure of a rule, with what its ``ruleInfo`` says of it."""
    return Finding(
        info["id"], info["severity"], info["category"], info["message"], identifier, context
    )


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
        identifier = _xpath("string(iati-identifier)")(activity) or "noIdentifier"
        seen[identifier] += 1
        if seen[identifier] > 1:
            duplicates[identifier] = None
            identifier = f"{identifier}({seen[identifier]})"
        names.append(identifier)
    return names, duplicates


# -- schema ---------------------------------------------------------------------------------


@cache
def activity_schema() -> etree.XMLSchema:
    """The official XSD, read once per process."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def _schema_findings(root, activities: list, identifiers: list[str]) -> list[Finding]:
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


# -- codelists ------------------------------------------------------------------------------


class _Codes(NamedTuple):
    allowed: frozenset[str]
    info: dict


class _CodelistCheck(NamedTuple):
    attribute: str  # or "text()", the element's own text
    codes: _Codes | None  # None when the codes depend on a linked vocabulary:
    linked: str  # the attribute naming that vocabulary,
    default_link: str | None  # the vocabulary when it is absent,
    mapping: dict[str, _Codes]  # and each vocabulary's codes (others are not checked)


class _PathNode(NamedTuple):
    """A step of the rules' paths: the checks of the elements it reaches, and the steps
    below it, by tag."""

    checks: list[_CodelistCheck]
    below: dict[str, "_PathNode"]


@cache
def _codelist_paths() -> dict[str, _PathNode]:
    """The rules of ``codelist_rules.json`` as a tree of their paths, walked once over
    the file (one XPath per rule over the whole file took three times as long)."""
    rules = json.loads((RULES_DIR / "codelist_rules.json").read_text("utf-8"))
    top: dict[str, _PathNode] = {}
    for path, attributes in rules.items():
        # The Validator walks the file with xml2js, whose paths always start with the root
        # element's name ("/iati-activities/..."): the rule for "/" (any element's
        # xml:lang, 9.95.1) never applies there, so not here either.
        if path == "/":
            continue
        steps, node = path.strip("/").split("/"), None
        for step in steps:
            below = top if node is None else node.below
            node = below.setdefault(step, _PathNode([], {}))
        for attribute, rule in attributes.items():
            conditions = rule.get("conditions")
            if conditions:
                mapping = {vocabulary: _codes(r) for vocabulary, r in conditions["mapping"].items()}
                node.checks.append(
                    _CodelistCheck(
                        attribute,
                        None,
                        conditions["linkedAttribute"],
                        conditions.get("defaultLink"),
                        mapping,
                    )
                )
            else:
                node.checks.append(_CodelistCheck(attribute, _codes(rule), "", None, {}))
    return top


def _codes(rule: dict) -> _Codes:
    return _Codes(frozenset(rule["allowedCodes"]), rule)


def _codelist_findings(root, identifiers: dict) -> list[Finding]:
    """Codes not on their codelist, in the order of the file."""
    found: list[Finding] = []
    top = _codelist_paths().get(root.tag)
    if top is not None:
        _check_codes(root, top, "file", found)
        for activity in root:
            node = top.below.get(activity.tag)
            if node is not None:
                _check_codes(activity, node, identifiers[activity], found)
                _walk_codes(activity, node.below, identifiers[activity], found)
    return found


def _walk_codes(parent, below: dict, identifier: str, found: list) -> None:
    for element in parent:
        node = below.get(element.tag)  # comments have no string tag: never found
        if node is not None:
            _check_codes(element, node, identifier, found)
            if node.below:
                _walk_codes(element, node.below, identifier, found)


def _check_codes(element, node: _PathNode, identifier: str, found: list) -> None:
    for check in node.checks:
        if check.attribute == "text()":
            value = _xml2js_text(element)
        else:
            value = element.get(check.attribute)
            if value is None:
                continue
        codes, linked = check.codes, ""
        if codes is None:
            # An empty linked attribute counts as absent (JavaScript's ||).
            vocabulary = element.get(check.linked) or check.default_link
            codes = check.mapping.get(vocabulary)
            if codes is None:
                continue
            linked = f" and linked @{check.linked} = {vocabulary}"
        if value in codes.allowed:
            continue
        where = "element" if check.attribute == "text()" else f"attribute @{check.attribute}"
        context = (
            f'"{value}" is not a valid value for {where}, in element <{element.tag}>'
            f"{linked}, at line {element.sourceline}"
        )
        found.append(_finding(codes.info, identifier, context))


def _xml2js_text(element) -> str:
    """An element's value as xml2js gives it to the Validator: its text, or an object
    (which never matches a code) when it has attributes or child elements."""
    if element.attrib or any(isinstance(child.tag, str) for child in element):
        return "[object Object]"
    return "".join(element.itertext())


# -- ruleset --------------------------------------------------------------------------------


@cache
def _ruleset() -> list[tuple[etree.XPath, list[tuple[str, dict]]]]:
    """Each context of ``standard.json`` as a path from an activity, with its cases in
    the file's order; the contexts of organisation files are left out."""
    rules = json.loads((RULES_DIR / "standard.json").read_text("utf-8"))
    contexts = []
    for context, named in rules.items():
        relative = _from_activity(context)
        if relative is None:
            continue
        cases = []
        for rule, body in named.items():
            for case in body["cases"]:
                for name in (rule, *case.get("do", {})):
                    if name not in CHECKS and name != "loop":
                        raise ValueError(f"Rule {name!r} of {context!r} is unknown.")
                cases.append((rule, case))
        contexts.append((_xpath(relative), cases))
    return contexts


def _from_activity(context: str) -> str | None:
    """A context path of the ruleset, read from an activity element rather than from the
    single-activity document the Validator builds (None: not an activity's)."""
    parts = []
    for part in context.split(" | "):
        if part == ACTIVITY_PATH:
            parts.append("self::node()")
        elif part.startswith(ACTIVITY_PATH + "/"):
            parts.append(part.removeprefix(ACTIVITY_PATH + "/"))
        elif part.startswith("//"):  # anywhere in that document: inside the activity
            parts.append("descendant::" + part.removeprefix("//"))
        elif not part.startswith("/iati-organisations/"):
            raise ValueError(f"Context {context!r} cannot be read from an activity.")
    return " | ".join(parts) or None


@cache
def _xpath(expression: str) -> etree.XPath:
    """Compiled once per process. libxml2 knows the ``xml:`` prefix (``@xml:lang``)."""
    return etree.XPath(expression)


def _select(expression: str, node):
    return _xpath(expression)(node)


def _truthy(result) -> bool:
    """JavaScript's truth of what the Validator's xpath library returns: a node-set comes
    as an array, which is true even when empty (so ``"if": "@value"`` always holds and a
    ``then`` or ``condition`` that selects nodes never fails)."""
    if isinstance(result, list):
        return True
    if isinstance(result, float):
        return result == result and result != 0  # NaN is false
    return bool(result)


def _failures(rule: str, case: dict, element, now_ms: int) -> Iterator[tuple[dict, str]]:
    """The (ruleInfo, context) of each way a case fails on one context element."""
    if rule == "loop":
        # Each distinct value (an element's nodeValue is null in JavaScript).
        groups = dict.fromkeys(
            "null" if isinstance(value, etree._Element) else str(value)
            for value in _select(case["foreach"], element)
        )
        for sub_rule, body in case["do"].items():
            for sub_case in body["cases"]:
                for value in groups:
                    substituted = _substituted(sub_case, case["subs"], value)
                    try:
                        yield from _failures(sub_rule, substituted, element, now_ms)
                    except etree.XPathError:
                        # A value with a quote breaks the substituted path; the Validator
                        # fails on the whole file then, and the codelist reports the value.
                        continue
        return
    if "condition" in case and not _truthy(_select(case["condition"], element)):
        return
    if not _id_condition(case, element):
        return
    context = CHECKS[rule](case, element, now_ms)
    if context is not None:
        yield case["ruleInfo"], context


def _substituted(case: dict, keys: list[str], value: str) -> dict:
    """The case with ``$1`` replaced by the looped value in the keys ``subs`` names."""
    case = dict(case)
    for key in keys:
        if isinstance(case.get(key), str):
            case[key] = case[key].replace("$1", value)
        elif isinstance(case.get(key), list):
            case[key] = [item.replace("$1", value) for item in case[key]]
    return case


def _id_condition(case: dict, element) -> bool:
    condition = case.get("idCondition")
    if not PUBLISHER_ORG_IDS:  # no identifier of a publisher: the condition always holds
        return True
    texts = [_text(node) for node in _matches(case, element)] if condition else []
    if condition == "NOT_EXISTING_ORG_ID":
        return all(text not in PUBLISHER_ORG_IDS for text in texts)
    if condition == "NOT_EXISTING_ORG_ID_PREFIX":
        return not any(text.startswith(f"{org}-") for text in texts for org in PUBLISHER_ORG_IDS)
    return True


def _matches(case: dict, element) -> list:
    """Every node the case's ``paths`` select, path after path."""
    found = []
    for path in case.get("paths", ()):
        result = _select(path, element)
        found += result if isinstance(result, list) else [result]
    return found


def _text(node) -> str:
    """A node's text as the Validator reads it: an element's text content (comments left
    out), an attribute's or text node's value."""
    if isinstance(node, etree._Element):
        return "".join(node.itertext())
    return str(node)


def _for(element) -> str:
    return f"For <{element.tag}> at line {element.sourceline}"


def _describe(node) -> str:
    if isinstance(node, etree._Element):
        code = next((f' {k}="{node.get(k)}"' for k in ("code", "ref") if node.get(k)), "")
        return f"<{node.tag}{code}> at line {node.sourceline}"
    parent = getattr(node, "getparent", lambda: None)()
    line = f" at line {parent.sourceline}" if parent is not None else ""
    value = str(node) if len(str(node)) <= 80 else str(node)[:79] + "…"
    if getattr(node, "is_attribute", False):
        return f"@{node.attrname} = '{value}'{line}"
    return f"'{value}'{line}"


def _listing(nodes: list) -> str:
    shown = "; ".join(_describe(node) for node in nodes[:5])
    return shown + (f"; and {len(nodes) - 5} more" if len(nodes) > 5 else "")


# Each rule takes the case, the context element and the current time, and returns what
# failed (a context) or None.


def _no_more_than_one(case, element, now_ms):
    matches = _matches(case, element)
    return _listing(matches) if len(matches) > 1 else None


def _atleast_one(case, element, now_ms):
    return None if _matches(case, element) else _for(element)


def _only_one_of(case, element, now_ms):
    matches = _matches(case, element)
    for excluded in case["excluded"]:
        if _select(excluded, element):
            if matches:
                return _listing(matches)
        elif len(matches) != 1:
            return _listing(matches) or _for(element)
    return None


def _one_or_all(case, element, now_ms):
    one = _select(case["one"], element)
    if isinstance(one, list | str) and len(one) > 0:  # a boolean has no length in JavaScript
        return None
    match case["all"]:
        case "lang":
            missing = _select("descendant::narrative[not(@xml:lang)]", element)
        case "sector":
            missing = [t for t in _select("transaction", element) if not _select("sector", t)]
        case "recipient-country|recipient-region":
            # The Validator stops at the first transaction without either.
            where = "recipient-country|recipient-region"
            missing = [t for t in _select("transaction", element) if not _select(where, t)][:1]
        case "currency":
            missing = [
                node
                for path in ("value", "forecast", "loan-status")
                for node in _select(f"descendant::{path}", element)
                if node.get("currency") is None
            ]
        case _:
            missing = []
    return _listing(missing) if missing else None


def _unique(case, element, now_ms):
    matches = _matches(case, element)
    texts = [_text(node) for node in matches]
    return _listing(matches) if len(set(texts)) < len(texts) else None


def _strict_sum(case, element, now_ms):
    matches = _matches(case, element)
    values = [_js_decimal(_text(node)) for node in matches]
    total = sum(values, Decimal(0)) if None not in values else None
    # Number(sum.toFixed(4)), in decimal arithmetic rather than the Validator's floats
    # (toFixed writes 10^21 and more with an exponent: never the expected sum).
    if total is not None and total.is_finite() and abs(total) < 10**21:
        total = total.quantize(Decimal("0.0001"), ROUND_HALF_UP)
        if total == Decimal(str(case["sum"])):
            return None
    owners = [node.getparent() for node in matches if getattr(node, "getparent", None)]
    elements = ", ".join(dict.fromkeys(owner.tag for owner in owners))
    vocabularies = ", ".join(
        dict.fromkeys(_select("string(@vocabulary | ../@vocabulary)", o) for o in owners)
    )
    shown = "NaN" if total is None or not total.is_finite() else f"{total.normalize():f}"
    return f"The sum is {shown} for {elements} in vocabulary {vocabularies}"


def _sum(case, element, now_ms):
    return _strict_sum(case, element, now_ms) if _matches(case, element) else None


def _regex(case, element, must_match: bool):
    """An empty text passes, as in the Validator's first version."""
    pattern = _js_regex(case["regex"])
    failing = [
        node
        for node in _matches(case, element)
        if (text := _text(node)) != "" and bool(pattern.search(text)) != must_match
    ]
    return _listing(failing) if failing else None


def _regex_matches(case, element, now_ms):
    return _regex(case, element, True)


def _regex_no_matches(case, element, now_ms):
    return _regex(case, element, False)


@cache
def _js_regex(pattern: str) -> re.Pattern:
    """A JavaScript regular expression without flags, for Python's ``re``: there a final
    ``$`` also matches before a final line break, in JavaScript only at the very end."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + "\\Z"
    return re.compile(pattern)


def _startswith(case, element, now_ms):
    matches = _matches(case, element)
    if case["prefix"] in ("ORG-ID-PREFIX", ["ORG-ID-PREFIX"]):
        failing = [node for node in matches if _org_id_prefix(_text(node)) not in org_id_prefixes()]
    else:
        separator = case.get("separator", "")
        starts = [
            _text(node) + separator for path in case["prefix"] for node in _select(path, element)
        ]
        failing = [n for n in matches if not any(_text(n).startswith(s) for s in starts)]
    return _listing(failing) if failing else None


def _org_id_prefix(identifier: str) -> str:
    """What comes before the second hyphen; as in JavaScript, an identifier without a
    hyphen gives "<identifier>-undefined", never a known prefix."""
    parts = identifier.split("-")
    return f"{parts[0]}-{parts[1] if len(parts) > 1 else 'undefined'}"


@cache
def org_id_prefixes() -> frozenset[str]:
    """The codes of the org-id register's confirmed lists (the Validator's ORG-ID-PREFIX)."""
    return frozenset((RULES_DIR / "org-id-prefixes.txt").read_text("utf-8").split())


def _if_then(case, element, now_ms):
    if not _truthy(_select(case["if"], element)):
        return None
    # The Validator fails only a false boolean: a node-set, a number or a string passes.
    if _select(case["then"], element) is False:
        return _listing(_matches(case, element)) or _for(element)
    return None


def _range(case, element, now_ms):
    failing = []
    for node in _matches(case, element):
        value = _js_number(_text(node))
        low = _js_number(case["min"]) if "min" in case else value
        high = _js_number(case["max"]) if "max" in case else value
        if not low <= value <= high:  # false for NaN, as in JavaScript
            failing.append(node)
    return _listing(failing) if failing else None


def _no_spaces(case, element, now_ms):
    failing = [n for n in _matches(case, element) if _text(n) != _text(n).strip(JS_WHITESPACE)]
    return _listing(failing) if failing else None


# -- dates ----------------------------------------------------------------------------------


class _Date(NamedTuple):
    ms: int  # since 1970-01-01 UTC, as a JavaScript Date holds it
    text: str  # how the file (or "NOW") gives it
    line: int | None


def _date(expression: str, element, now_ms: int) -> _Date | None:
    """The first date a path selects, or the current time for "NOW"; None when there is
    none or JavaScript's Date cannot read it (the rule is then skipped)."""
    if expression == "NOW":
        now = EPOCH + timedelta(milliseconds=now_ms)
        return _Date(now_ms, now.isoformat(timespec="seconds"), None)
    found = _select(expression, element)
    if not found or not getattr(found[0], "is_attribute", False):
        return None  # the Validator reads an attribute's value only
    ms = js_date(str(found[0]))
    return None if ms is None else _Date(ms, str(found[0]), found[0].getparent().sourceline)


def _when(expression: str, date: _Date) -> str:
    if expression == "NOW":
        return f"now ({date.text})"
    return f"{expression} = '{date.text}' (line {date.line})"


def _date_order(case, element, now_ms):
    less, more = _date(case["less"], element, now_ms), _date(case["more"], element, now_ms)
    if less is None or more is None or less.ms <= more.ms:
        return None
    return f"{_when(case['less'], less)} is later than {_when(case['more'], more)}"


def _date_now(case, element, now_ms):
    date = _date(case["date"], element, now_ms)
    if date is None or date.ms <= now_ms:
        return None
    return f"{_when(case['date'], date)} is in the future"


def _time_limit(case, element, now_ms):
    start, end = _date(case["start"], element, now_ms), _date(case["end"], element, now_ms)
    if start is None or end is None:
        return None
    # date-fns's differenceInDays on a server in UTC counts whole days: more than 365 of
    # them is 366 days or more.
    if end.ms - start.ms < 366 * MILLISECONDS_PER_DAY:
        return None
    return f"{_when(case['end'], end)} is more than a year later than {_when(case['start'], start)}"


def _between_dates(case, element, now_ms):
    date = _date(case["date"], element, now_ms)
    start, end = _date(case["start"], element, now_ms), _date(case["end"], element, now_ms)
    # The Validator stops with an exception when the start or the end is missing.
    if date is None or start is None or end is None or start.ms <= date.ms <= end.ms:
        return None
    return f"{_when(case['date'], date)} is not between {start.text} and {end.text}"


CHECKS = {
    "no_more_than_one": _no_more_than_one,
    "atleast_one": _atleast_one,
    "only_one_of": _only_one_of,
    "one_or_all": _one_or_all,
    "unique": _unique,
    "sum": _sum,
    "strict_sum": _strict_sum,
    "date_order": _date_order,
    "date_now": _date_now,
    "time_limit": _time_limit,
    "between_dates": _between_dates,
    "regex_matches": _regex_matches,
    "regex_no_matches": _regex_no_matches,
    "startswith": _startswith,
    "if_then": _if_then,
    "range": _range,
    "no_spaces": _no_spaces,
}

# The forms of ISO 8601 that V8's Date reads (checked against Node 20): a date alone is
# UTC midnight, with "Z" at most (an offset makes it invalid); a date-time takes "Z" or an
# offset. Without either, V8 reads a date-time as local time: the Validator runs in UTC,
# so UTC here. Days up to 31 run over into the next month ("2013-02-30" is 2 March), as
# in V8; other forms its lenient fallback parser accepts are not read here.
JS_ISO_DATE = re.compile(
    r"(?P<year>\d{4}|[+-]\d{6})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?"
    r"(?:(?P<utc>[zZ])|[tT](?P<hour>\d\d):(?P<minute>\d\d)"
    r"(?::(?P<second>\d\d)(?:\.(?P<fraction>\d+))?)?"
    r"(?P<zone>[zZ]|(?P<sign>[+-])(?P<zone_hour>\d\d):?(?P<zone_minute>\d\d))?)?",
    re.ASCII,
)


def js_date(text: str) -> int | None:
    """Milliseconds since 1970 UTC of what ``new Date(text)`` gives in the Validator, or
    None for an Invalid Date."""
    match = JS_ISO_DATE.fullmatch(text.strip(JS_WHITESPACE))
    if match is None or match["year"] == "-000000":
        return None
    part = match.groupdict()
    year, month, day = int(part["year"]), int(part["month"] or 1), int(part["day"] or 1)
    hour, minute, second = (int(part[key] or 0) for key in ("hour", "minute", "second"))
    millisecond = int((part["fraction"] or "0")[:3].ljust(3, "0"))
    if not (1 <= month <= 12 and 1 <= day <= 31 and minute <= 59 and second <= 59):
        return None
    if hour > 24 or (hour == 24 and (minute or second or millisecond)):
        return None
    offset = 0
    if part["sign"]:
        offset = int(part["zone_hour"]) * 60 + int(part["zone_minute"])
        offset *= -1 if part["sign"] == "-" else 1
    days = _days_from_civil(year, month) + day - 1
    ms = days * MILLISECONDS_PER_DAY + ((hour * 60 + minute - offset) * 60 + second) * 1000
    ms += millisecond
    return ms if abs(ms) <= 8.64e15 else None  # a Date's range


def _days_from_civil(year: int, month: int) -> int:
    """Days from 1970-01-01 to the first of a month of the proleptic Gregorian calendar,
    for any year (JavaScript reads year 0, Python's datetime does not)."""
    year -= month <= 2
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _epoch_ms(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


# -- numbers --------------------------------------------------------------------------------


def _js_number(value) -> float:
    """JavaScript's Number() of a text: blank is 0, anything else unreadable is NaN."""
    if not isinstance(value, str):
        return float(value)
    text = value.strip(JS_WHITESPACE)
    if text == "":
        return 0.0
    if JS_DECIMAL.fullmatch(text):
        return float(text)
    if JS_RADIX.fullmatch(text):
        return float(int(text, 0))
    if text.lstrip("+-") == "Infinity":
        return float("-inf") if text.startswith("-") else float("inf")
    return float("nan")


def _js_decimal(value: str) -> Decimal | None:
    """The same reading as an exact decimal (None for NaN)."""
    text = value.strip(JS_WHITESPACE)
    if text == "":
        return Decimal(0)
    if JS_DECIMAL.fullmatch(text):
        return Decimal(text)
    number = _js_number(text)
    return None if number != number else Decimal(number)
