"""How the Validator's JavaScript reads the values of a file, for the rules that read them.

The Validator runs on Node: a rule's dates go through ``new Date()``, its numbers through
``Number()``, its texts through ``String.prototype.trim()``, its patterns through
JavaScript's regular expressions and its conditions through JavaScript's truth. Python's
own readings differ at the edges: ``datetime.fromisoformat()`` refuses "2013-02-30",
which V8 reads as 2 March; ``float()`` reads "inf" and "1_000", where ``Number()`` gives
NaN; ``str.strip()`` keeps the byte-order mark; ``$`` also matches before a final line
break; an empty list is false. Each difference would pass a file the Validator fails, or
fail one it passes, so these functions read values as JavaScript does.
"""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache

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


# -- dates ----------------------------------------------------------------------------------


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


def epoch_ms(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


# -- numbers --------------------------------------------------------------------------------


def js_number(value) -> float:
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


def js_decimal(value: str) -> Decimal | None:
    """The same reading as an exact decimal (None for NaN)."""
    text = value.strip(JS_WHITESPACE)
    if text == "":
        return Decimal(0)
    if JS_DECIMAL.fullmatch(text):
        return Decimal(text)
    number = js_number(text)
    return None if number != number else Decimal(number)


# -- regular expressions and truth ----------------------------------------------------------


@cache
def js_regex(pattern: str) -> re.Pattern:
    """A JavaScript regular expression without flags, for Python's ``re``: there a final
    ``$`` also matches before a final line break, in JavaScript only at the very end."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + "\\Z"
    return re.compile(pattern)


def js_truthy(result) -> bool:
    """JavaScript's truth of what the Validator's xpath library returns: a node-set comes
    as an array, which is true even when empty (so ``"if": "@value"`` always holds and a
    ``then`` or ``condition`` that selects nodes never fails)."""
    if isinstance(result, list):
        return True
    if isinstance(result, float):
        return result == result and result != 0  # NaN is false
    return bool(result)
