"""The Validator's third pass: codes not on their codelist, by the rules of
``codelist_rules.json``, read as ``services/codelistValidator.js`` reads them."""

import json
from functools import cache
from typing import NamedTuple

from .data_dirs import RULES_DIR
from .report import Finding, rule_finding


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


def codelist_findings(root, identifiers: dict) -> list[Finding]:
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
        found.append(rule_finding(codes.info, identifier, context))


def _xml2js_text(element) -> str:
    """An element's value as xml2js gives it to the Validator: its text, or an object
    (which never matches a code) when it has attributes or child elements."""
    if element.attrib or any(isinstance(child.tag, str) for child in element):
        return "[object Object]"
    return "".join(element.itertext())
