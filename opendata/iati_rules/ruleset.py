"""The Validator's fourth pass: the rules of ``standard.json``, each read as
``services/rulesValidator.js`` reads it.

The Validator checks each activity alone, wrapped in its ``<iati-activities>``; here the
file is parsed once and each rule's context is read from each activity element, which
gives the same elements: no rule looks above its activity.
"""

import json
from collections.abc import Iterator
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import NamedTuple

from lxml import etree

from .data_dirs import RULES_DIR
from .javascript import (
    EPOCH,
    JS_WHITESPACE,
    MILLISECONDS_PER_DAY,
    js_date,
    js_decimal,
    js_number,
    js_regex,
    js_truthy,
)

ACTIVITY_PATH = "/iati-activities/iati-activity"

# The Validator's idSets. ORG-ID-PREFIX: the codes of the org-id register's confirmed
# lists (``org_id_prefixes()``). ORG-ID: the organisation identifiers of the publishers on
# the IATI Registry, which this site does not have: with none, every NOT_EXISTING_ORG_ID
# (and _PREFIX) condition holds and the rules it guards are always checked, where the
# Validator skips them for identifiers of registered publishers. Stricter, never more
# lenient.
PUBLISHER_ORG_IDS: frozenset[str] = frozenset()


@cache
def ruleset_contexts() -> list[tuple[etree.XPath, list[tuple[str, dict]]]]:
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
        contexts.append((xpath(relative), cases))
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
def xpath(expression: str) -> etree.XPath:
    """Compiled once per process. libxml2 knows the ``xml:`` prefix (``@xml:lang``)."""
    return etree.XPath(expression)


def _select(expression: str, node):
    return xpath(expression)(node)


def failures(rule: str, case: dict, element, now_ms: int) -> Iterator[tuple[dict, str]]:
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
                        yield from failures(sub_rule, substituted, element, now_ms)
                    except etree.XPathError:
                        # A value with a quote breaks the substituted path; the Validator
                        # fails on the whole file then, and the codelist reports the value.
                        continue
        return
    if "condition" in case and not js_truthy(_select(case["condition"], element)):
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
    values = [js_decimal(_text(node)) for node in matches]
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
    pattern = js_regex(case["regex"])
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
    if not js_truthy(_select(case["if"], element)):
        return None
    # The Validator fails only a false boolean: a node-set, a number or a string passes.
    if _select(case["then"], element) is False:
        return _listing(_matches(case, element)) or _for(element)
    return None


def _range(case, element, now_ms):
    failing = []
    for node in _matches(case, element):
        value = js_number(_text(node))
        low = js_number(case["min"]) if "min" in case else value
        high = js_number(case["max"]) if "max" in case else value
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
