"""What the checks find: a ``Finding`` for each failure, as the Validator reports it, and
the ``Report`` of a file."""

from collections import Counter
from dataclasses import dataclass

BLOCKING = ("critical", "error")


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


def rule_finding(info: dict, identifier: str, context: str) -> Finding:
    """A failure of a rule, with what its ``ruleInfo`` says of it."""
    return Finding(
        info["id"], info["severity"], info["category"], info["message"], identifier, context
    )
