"""Reading the rows of a legacy page's tables: foreign contacts, volunteers, funding.

A table's cells come joined by single spaces; these readers cut them back, from what
the cells look like (names in capitals, numbers, a year) and what the page lists
elsewhere (its foreign partners, the table's header).
"""

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from atlas.text import PhraseIndex, normalize_name
from partnerships.models import ForeignContact, FundingLine, OnePercentMechanism, Volunteer

if TYPE_CHECKING:
    from .parser import Line

# Table header rows, recognised by their first cell.
TABLE_HEADERS = {
    "other_themes": "Thématique éligible",
    "foreign_authorities": "Nom de la collectivité étrangère",
    "foreign_contacts": "Nom de la collectivité étrangère",
    "french_authorities": "Nom de la collectivité territoriale",
    "funding": "Nom du financeur",
    "volunteers": "Nom Prénom",
}
YEAR = re.compile(r"^(?:19|20)\d\d$")
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
# Amounts are stored with 14 digits, 2 of them after the decimal point.
MAX_AMOUNT_DIGITS = FundingLine._meta.get_field("amount_eur").max_digits - 2
UPPER_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*$")
ONE_PERCENT_LABEL = re.compile(r"Montant 1\s?% (?P<word>[^\s(]+)[^)]*\)?", re.I)
ONE_PERCENT_WORDS = {
    "eau": "water",
    "energie": "energy",
    "dechets": "waste",
    "mobilite": "mobility",
}
MECHANISM_LABELS = {"water": "eau", "energy": "énergie", "waste": "déchets", "mobility": "mobilité"}


def deobfuscate_email(value: str) -> str:
    value = value.strip()
    value = re.sub(r"\s*[\[(]\s*(?:at|arobase)\s*[\])]\s*", "@", value, flags=re.I)
    return re.sub(r"\s*[\[(]\s*(?:dot|point)\s*[\])]\s*", ".", value, flags=re.I)


class TableReader:
    """The table readers of PageReader (legacy.parser), which gives them its sections
    (``rows``, ``value_lines``) and its findings (``warn``, ``error``, ``fits``)."""

    def foreign_contacts(self, authorities: list[dict]) -> list[dict]:
        # The longest partner's name opening the row, on word boundaries: one pass over
        # the row's words, however many partners the page lists.
        names = PhraseIndex()
        for authority in authorities:
            names.add(authority["name"], authority["name"], keep_first=True)
        contacts = []
        for row in self.rows("foreign_contacts"):
            words = row.text.split()
            email = ""
            if words and ("@" in words[-1] or "[at]" in words[-1].lower()):
                email = deobfuscate_email(words.pop())
            found = names.longest_start([normalize_name(word) for word in words])
            if found is None:
                self.error(
                    row.number,
                    "contact rattaché à une collectivité étrangère absente "
                    "de la liste des partenaires étrangers",
                )
                continue
            last_name, first_name, rest = self._split_person(words[found.size :], row)
            contact = {
                "authority": found.value,
                "last_name": last_name,
                "first_name": first_name,
                "function": " ".join(rest),
                "email": email,
            }
            self.fit_person(row.number, contact, ForeignContact)
            contacts.append(contact)
        return contacts

    def fit_person(self, line: int, person: dict, model) -> None:
        """Errors on ``line`` for the values of ``person`` too long for their columns."""
        labels = {
            "last_name": _("nom"),
            "first_name": _("prénom"),
            "function": _("fonction"),
            "mission": _("mission"),
            "email": _("courriel"),
        }
        for key, what in labels.items():
            if key in person:
                self.fits(line, person[key], model, key, what)

    def _split_person(self, words: list[str], row: "Line") -> tuple[str, str, list[str]]:
        """Last names are written in capitals on the Atlas; the first name follows."""
        count = 0
        while count < len(words) and UPPER_WORD.match(words[count]):
            count += 1
        if count == 0:
            count = 1
            self.warn(row.number, "nom de famille sans majuscules : colonnes devinées")
        last_name = " ".join(words[:count])
        first_name = words[count] if count < len(words) else ""
        return last_name, first_name, words[count + 1 :]

    def volunteers(self) -> list[dict]:
        volunteers = []
        for row in self.rows("volunteers"):
            last_name, first_name, rest = self._split_person(row.text.split(), row)
            if rest:
                self.warn(
                    row.number,
                    "mission, champ d'action et entité d'affectation "
                    "non séparables dans le texte : tout est rangé dans « mission »",
                )
            volunteer = {
                "last_name": last_name,
                "first_name": first_name,
                "mission": " ".join(rest),
                "field_of_action": "",
                "host_entity": "",
                "scheme": None,
            }
            self.fit_person(row.number, volunteer, Volunteer)
            volunteers.append(volunteer)
        return volunteers

    # -- funding --------------------------------------------------------------------------

    def funding_columns(self) -> list[str]:
        """The 1% columns of the funding table, in header order, as mechanism keys."""
        header = next(
            (
                line
                for line in self.value_lines("funding")
                if line.text.strip().startswith(TABLE_HEADERS["funding"])
            ),
            None,
        )
        if header is None:
            return list(OnePercentMechanism.values)
        words = [normalize_name(m["word"]) for m in ONE_PERCENT_LABEL.finditer(header.text)]
        mechanisms = [ONE_PERCENT_WORDS.get(word) for word in words]
        if None in mechanisms or len(set(mechanisms)) != len(mechanisms):
            self.warn(
                header.number,
                "les colonnes « 1 % » de l'en-tête portent des libellés répétés ou inconnus ; "
                "elles sont lues dans l'ordre eau, énergie, déchets, mobilité",
            )
            mechanisms = list(OnePercentMechanism.values)[: max(len(mechanisms), 1)]
        return mechanisms

    def funding(self) -> list[dict]:
        columns = self.funding_columns()
        lines = []
        for row in self.rows("funding"):
            line = self.funding_line(row, columns)
            if line:
                lines.append(line)
        return lines

    def funding_line(self, row: "Line", columns: list[str]) -> dict | None:
        words = row.text.split()
        year = int(words.pop()) if words and YEAR.match(words[-1]) else None
        numbers = []
        while words and NUMBER.match(words[-1]):
            numbers.append(words.pop())
        numbers.reverse()  # not insert(0, ...), quadratic on a row of many numbers
        funder = self.fits(row.number, " ".join(words), FundingLine, "funder", _("financeur"))
        if not funder:
            self.error(row.number, "ligne de financement sans nom de financeur")
            return None
        try:
            amounts = [Decimal(number.replace(",", ".")) for number in numbers]
        except InvalidOperation:  # pragma: no cover - NUMBER only lets decimals through
            self.error(row.number, "montant illisible")
            return None
        line = {"funder": funder, "amount_eur": amounts[0] if amounts else None}
        line.update(
            dict.fromkeys(f"{mechanism}_1pct_eur" for mechanism in OnePercentMechanism.values)
        )
        shares = amounts[1:]
        if len(shares) > len(columns):
            self.error(row.number, f"{len(shares)} montants « 1 % » pour {len(columns)} colonnes")
            return None
        if shares and len(shares) < len(columns):
            labels = ", ".join(MECHANISM_LABELS[column] for column in columns[: len(shares)])
            self.warn(
                row.number,
                f"{len(shares)} montant(s) « 1 % » pour {len(columns)} colonnes : "
                f"attribué(s) de gauche à droite ({labels})",
            )
        for column, share in zip(columns, shares, strict=False):
            line[f"{column}_1pct_eur"] = share
            if line["amount_eur"] is not None and share > line["amount_eur"]:
                self.error(
                    row.number,
                    f"la part « 1 % » {share} dépasse le montant "
                    f"{line['amount_eur']} du financeur « {funder} »",
                )
        for amount in amounts:
            if amount < 0:
                self.error(row.number, f"montant négatif {amount}")
            elif amount.adjusted() >= MAX_AMOUNT_DIGITS:
                self.error(
                    row.number,
                    _(
                        "montant « %(start)s… » de %(digits)s chiffres : "
                        "au plus %(max)s avant la virgule"
                    )
                    % {
                        "start": str(amount)[:20],
                        "digits": amount.adjusted() + 1,
                        "max": MAX_AMOUNT_DIGITS,
                    },
                )
        line["year"] = year
        return line
