"""Reading project pages of the former Atlas, as saved in text form.

The page is a sequence of labelled fields in a fixed order, then tables whose
cells the text form joins with single spaces. ``parse_legacy_page`` turns one
page into the project's JSON representation (see docs/json-representation.md)
plus warnings and errors that carry the line they come from.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from atlas.text import normalize_name
from catalogue.field_kinds import funding_total
from partnerships.models import ImplementingActor, PostContactAsImported, Project
from partnerships.models.project import completed_before_its_end

from . import checks
from .tables import TABLE_HEADERS, YEAR, TableReader, deobfuscate_email
from .vocabulary import Vocabulary

PAGE_MARKER = "Atlas français de la coopération décentralisée"

# Field labels in page order. A line is read as a label only if it comes at or
# after the previous label in this order, so free text quoting a label is safe.
LABELS = [
    ("embassy", None),  # `Contacts dans le poste diplomatique "..."`, matched apart
    ("title", "Titre"),
    ("first_signature_year", "Année de première signature de la convention"),
    ("theme_1", "Thématique d'intervention"),
    ("theme_2", "Sous-thématique d'intervention"),
    ("theme_3", "Sous-sous-thématique d'intervention"),
    ("other_themes", "Autres thématiques mises en œuvre pour le partenariat"),
    ("start_year", "Année de début du partenariat"),
    ("status", "Le partenariat est"),
    ("end_date", "Date de fin du partenariat"),
    ("context", "Contexte"),
    ("history", "Historique"),
    ("objectives", "Objectif du partenariat"),
    ("description", "Description détaillée du partenariat"),
    ("partnership_type", "Votre partenariat prend la forme d'un(e)"),
    ("implementation", "Mise en œuvre du partenariat"),
    ("project_managers", "Maître(s) d'œuvre"),
    ("project_owners", "Maître(s) d'ouvrage"),
    ("beneficiaries", "Bénéficiaire(s)"),
    ("foreign_authorities", "Partenaires étrangers du partenariat"),
    ("foreign_contacts", "Contacts dans les partenaires étrangers du partenariat"),
    ("french_authorities", "Collectivités territoriales partenaires du partenariat"),
    ("triennial", None),  # a sentence: "Le partenariat (n'est pas|est) triennal"
    ("funding", "Financement du partenariat"),
    ("follow_up", "Évaluations, communication et perspectives"),
    (
        "volunteers",
        "Volontaires impliqués dans le partenariat (VSI, service civique, etc.) "
        "d'Échange et de Solidarité",
    ),
    ("footer", "PIED DE PAGE"),
]
ORDER = {key: position for position, (key, _label) in enumerate(LABELS)}
LABEL_KEYS = {normalize_name(label): key for key, label in LABELS if label}
LABEL_TEXTS = {key: label for key, label in LABELS if label}

EMBASSY_SECTION = "Contacts dans le poste diplomatique"
EMBASSY_LINE = re.compile(r'^Contacts dans le poste diplomatique\s*"(?P<name>[^"]*)"\s*$')
TRIENNIAL_LINE = re.compile(r"^Le partenariat (?P<neg>n'est pas|n’est pas|est) triennal\b", re.I)
I18N_KEY = re.compile(r"\?\?\?[\w.]+\?\?\?|(?<!\S)(?:commun|pagination|menu)\.[\w.]+(?!\S)")
PAGINATION = re.compile(r"^[<>\s\d]*$")
EMAIL_LINE = re.compile(r"^Courriel\s*:\s*(?P<email>\S*)\s*$", re.I)
PRIORITY = re.compile(r"^[0-9]+$")
MAX_PRIORITY = 999

STATUSES = {"termine": "completed", "en cours": "ongoing"}

# "Aucune ... n'a été engagée ..." sentences, and the headings of the positive case.
FOLLOW_UP = {
    "communication_france": (
        "Aucune communication n'a été engagée en France",
        re.compile(r"^communication .*en france\b", re.I),
    ),
    "communication_partner_countries": (
        "Aucune communication n'a été engagée dans les pays partenaires",
        re.compile(r"^communication .*pays partenaires?\b", re.I),
    ),
    "evaluation": (
        "Aucune politique d'évaluation n'a été engagée",
        re.compile(r"^(?:politique d'|une politique d')?[ée]valuation\b", re.I),
    ),
}


class NotAnAtlasPage(ValueError):
    """The file is not a project page of the Atlas."""


@dataclass(frozen=True)
class Finding:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}" if self.line else self.message


@dataclass
class Line:
    number: int
    text: str


@dataclass
class ParsedPage:
    data: dict
    warnings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)


def clean_lines(text: str) -> list[Line]:
    """Lines without non-breaking spaces, i18n keys, icon alt texts or trailing blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.replace("\u00a0", " ").replace("\u202f", " ")
        line = I18N_KEY.sub("", line)
        # rstrip, not a regular expression: "[ \t]+$" is quadratic on long runs of spaces.
        lines.append(Line(number, line.rstrip(" \t")))
    return lines


class PageReader(TableReader):
    """Splits the page into labelled sections, then reads each one."""

    def __init__(self, lines: list[Line], vocabulary: Vocabulary):
        self.lines = lines
        self.vocabulary = vocabulary
        self.warnings: list[Finding] = []
        self.errors: list[Finding] = []
        self.sections: dict[str, list[Line]] = {}
        self.label_lines: dict[str, int] = {}
        self.embassy_name: str | None = None
        self.triennial: bool | None = None

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(Finding(line, message))

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(Finding(line, message))

    def fits(self, line: int | None, value: str, model, field_name: str, what: str) -> str:
        """``value``, with an error on its line if it overflows its column in the database
        (the sheet's title, a funder's name ...)."""
        limit = model._meta.get_field(field_name).max_length
        problem = checks.too_long(value, limit, what)
        if problem:
            self.error(line, problem)
        return value

    def label(self, line: int | None, value: str, what: str) -> str:
        """``value``, with an error on its line if it cannot name a reference entry (a
        theme, a partnership type, an authority, an embassy), which the import would
        create when the database does not know it."""
        problem = checks.label_problem(value, what)
        if problem:
            self.error(line, problem)
        return value

    def capped(self, key: str, lines: list[Line]) -> list[Line]:
        """The first rows of a table or list, with an error past the limit."""
        if len(lines) <= checks.MAX_TABLE_ROWS:
            return lines
        self.error(lines[checks.MAX_TABLE_ROWS].number, checks.too_many_rows(LABEL_TEXTS[key]))
        return lines[: checks.MAX_TABLE_ROWS]

    def check_characters(self) -> None:
        for line in self.lines:
            problem = checks.control_character(line.text)
            if problem:
                self.error(line.number, problem)

    # -- splitting ---------------------------------------------------------------

    def split(self) -> None:
        current, position = None, -1
        for line in self.lines:
            key = self._label_key(line.text, position)
            if key == "embassy":
                self.embassy_name = EMBASSY_LINE.match(line.text.strip())["name"].strip()
            elif key == "triennial":
                self.triennial = TRIENNIAL_LINE.match(line.text.strip())["neg"] == "est"
            if key is not None:
                if key != current:
                    self.sections.setdefault(key, [])
                    self.label_lines.setdefault(key, line.number)
                current, position = key, ORDER[key]
                continue
            if current is not None and current != "footer":
                self.sections[current].append(line)

    def _label_key(self, text: str, position: int) -> str | None:
        stripped = text.strip()
        if EMBASSY_LINE.match(stripped):
            key = "embassy"
        elif TRIENNIAL_LINE.match(stripped):
            key = "triennial"
        else:
            key = LABEL_KEYS.get(normalize_name(stripped))
        if key is None or ORDER[key] < position:
            return None
        return key

    # -- helpers over sections ------------------------------------------------------

    def value_lines(self, key: str) -> list[Line]:
        return [line for line in self.sections.get(key, []) if line.text.strip()]

    def text(self, key: str) -> str:
        lines = [line.text.strip() for line in self.sections.get(key, [])]
        return "\n".join(lines).strip("\n")

    def single(self, key: str) -> Line | None:
        values = self.value_lines(key)
        if len(values) > 1:
            label = LABEL_TEXTS.get(key, key)
            self.warn(values[1].number, f"valeur en trop sous « {label} », ignorée")
        return values[0] if values else None

    def year(self, key: str) -> int | None:
        line = self.single(key)
        if line is None:
            return None
        value = line.text.strip()
        if not YEAR.match(value):
            self.error(line.number, f"année invalide « {value} »")
            return None
        return int(value)

    def rows(self, key: str) -> list[Line]:
        """Table rows: what follows the header row, minus pagination residue."""
        header = TABLE_HEADERS.get(key)
        rows = []
        for line in self.value_lines(key):
            text = line.text.strip()
            if header and text.startswith(header):
                continue
            if PAGINATION.match(text):
                continue
            rows.append(line)
        return self.capped(key, rows)

    # -- fields -----------------------------------------------------------------------

    def read(self) -> dict:
        self.check_characters()
        self.split()
        title_line = self.single("title")
        if title_line is None:
            self.error(None, "la page n'a pas de titre (rubrique « Titre » absente ou vide)")
        funding = self.funding()
        foreign_authorities = self.foreign_authorities()
        start_year = self.year("start_year")
        status, end_date = self.status_and_end(start_year)
        return {
            "title": self.fits(
                title_line.number, title_line.text.strip(), Project, "title", _("titre")
            )
            if title_line
            else "",
            "partnership_type": self.partnership_type(),
            "first_signature_year": self.year("first_signature_year"),
            "start_year": start_year,
            "status": status,
            "end_date": end_date.isoformat() if end_date else None,
            "triennial": bool(self.triennial),
            "theme": self.main_theme(),
            "other_themes": self.other_themes(),
            "context": self.text("context"),
            "history": self.text("history"),
            "objectives": self.text("objectives"),
            "description": self.text("description"),
            "implementation": {
                role: self.implementing_actors(role)
                for role in ("project_owners", "project_managers", "beneficiaries")
            },
            "french_authorities": [
                {"name": self.label(row.number, row.text.strip(), _("collectivité française"))}
                for row in self.rows("french_authorities")
            ],
            "foreign_authorities": foreign_authorities,
            "foreign_contacts": self.foreign_contacts(foreign_authorities),
            "funding": funding,
            "funding_total_eur": funding_total(line["amount_eur"] for line in funding),
            **self.follow_up(),
            "volunteers": self.volunteers(),
            "diplomatic_post": self.diplomatic_post(foreign_authorities),
        }

    def partnership_type(self) -> str | None:
        line = self.single("partnership_type")
        if line is None:
            return None
        return self.label(line.number, line.text.strip(), _("type de partenariat"))

    def implementing_actors(self, role: str) -> list[dict]:
        return [
            {"name": self.fits(line.number, line.text.strip(), ImplementingActor, "name", _("nom"))}
            for line in self.capped(role, self.value_lines(role))
        ]

    def status(self) -> str | None:
        line = self.single("status")
        if line is None:
            return None
        status = STATUSES.get(normalize_name(line.text))
        if status is None:
            self.warn(line.number, f"état du partenariat inconnu « {line.text.strip()} », ignoré")
        return status

    def status_and_end(self, start_year: int | None) -> tuple[str | None, date | None]:
        """The status and the end date. A page saying "Terminé" of a partnership whose end
        date is still to come imports as ongoing, with that date as its planned end: the
        sheet must not claim what has not happened, and nothing of the page is lost."""
        status, end = self.status(), self.end_date(start_year)
        if end and completed_before_its_end(status, end):
            status = Project.Status.ONGOING.value
            self.warn(
                self.value_lines("status")[0].number,
                _(
                    "partenariat dit « Terminé » mais sa date de fin (%(date)s) est à venir : "
                    "importé comme en cours, avec cette date de fin prévue"
                )
                % {"date": end.strftime("%d/%m/%Y")},
            )
        return status, end

    def end_date(self, start_year: int | None) -> date | None:
        line = self.single("end_date")
        if line is None:
            return None
        match = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", line.text.strip())
        try:
            if not match:
                raise ValueError
            day, month, year = (int(part) for part in match.groups())
            end = date(year, month, day)
        except ValueError:
            self.error(line.number, f"date de fin invalide « {line.text.strip()} » (JJ/MM/AAAA)")
            return None
        if start_year and end.year < start_year:
            # The database refuses it too (Project's constraint), but without the line.
            self.error(line.number, _("La date de fin du partenariat précède son année de début."))
        return end

    def main_theme(self) -> dict | None:
        path = []
        for key in ("theme_1", "theme_2", "theme_3"):
            line = self.single(key)
            if line is None:
                break
            path.append(self.label(line.number, line.text.strip(), _("thématique")))
        return {"path": path} if path else None

    def other_themes(self) -> list[dict]:
        themes = []
        for row in self.rows("other_themes"):
            words = row.text.split()
            priority = None
            if words and PRIORITY.match(words[-1]):
                priority = self.priority(row, words.pop())
            path, recognised = self.vocabulary.split_theme_path(" ".join(words))
            if not recognised:
                self.warn(
                    row.number,
                    "thématiques de la ligne non reconnues dans la nomenclature ; "
                    "le libellé est gardé tel quel, à vérifier",
                )
                self.label(row.number, path[-1], _("thématique"))
            themes.append({"path": path, "priority": priority})
        return themes

    def priority(self, row: Line, digits: str) -> int | None:
        # Checked on its length first: int() refuses numbers of more than 4,300 digits.
        if len(digits) > len(str(MAX_PRIORITY)) or int(digits) > MAX_PRIORITY:
            self.error(
                row.number,
                _("priorité « %(value)s » invalide (un nombre de 0 à %(max)s)")
                % {"value": digits[:20], "max": MAX_PRIORITY},
            )
            return None
        return int(digits)

    def foreign_authorities(self) -> list[dict]:
        authorities = []
        for row in self.rows("foreign_authorities"):
            found = self.vocabulary.countries.split_trailing(row.text.strip())
            if not found or not found[0]:
                self.error(
                    row.number,
                    f"pays non reconnu à la fin de « {row.text.strip()} » "
                    "(ajoutez la graphie aux alias de pays)",
                )
                continue
            name = self.label(row.number, found[0], _("collectivité étrangère"))
            authorities.append({"name": name, "country": found[1]})
        return authorities

    # -- follow-up and embassy ----------------------------------------------------------

    def follow_up(self) -> dict:
        values = dict.fromkeys(FOLLOW_UP)
        current = None
        collected: dict[str, list[str]] = {}
        for line in self.sections.get("follow_up", []):
            text = line.text.strip()
            matched = False
            for key, (negative, heading) in FOLLOW_UP.items():
                if normalize_name(text) == normalize_name(negative):
                    current, matched = None, True
                    break
                if heading.match(text):
                    current, matched = key, True
                    rest = heading.sub("", text).lstrip(" :")
                    collected[key] = [rest] if rest else []
                    break
            if not matched and current is not None:
                collected[current].append(line.text.strip())
            elif not matched and text:
                self.warn(line.number, f"texte hors rubrique ignoré : « {text[:60]} »")
        for key, lines in collected.items():
            values[key] = "\n".join(lines).strip("\n") or None
        return values

    def diplomatic_post(self, foreign_authorities: list[dict]) -> dict | None:
        if not self.embassy_name:
            return None
        contacts: list[dict] = []
        current: dict | None = None
        for line in self.sections.get("embassy", []):
            text = line.text.strip()
            if not text:
                current = None
                continue
            email = EMAIL_LINE.match(text)
            if email:
                if current is None:
                    self.warn(line.number, "courriel sans contact dans le bloc de l'ambassade")
                    continue
                current["email"] = self.fits(
                    line.number,
                    deobfuscate_email(email["email"]),
                    PostContactAsImported,
                    "email",
                    _("courriel"),
                )
            elif current is None or current["name"]:
                role = self.fits(line.number, text, PostContactAsImported, "role", _("fonction"))
                current = {"role": role, "name": "", "email": ""}
                contacts.append(current)
                if len(contacts) == checks.MAX_TABLE_ROWS + 1:
                    self.error(line.number, checks.too_many_rows(EMBASSY_SECTION))
            else:
                current["name"] = self.fits(
                    line.number, text, PostContactAsImported, "name", _("nom")
                )
        return {
            "name": self.label(
                self.label_lines.get("embassy"), self.embassy_name, _("poste diplomatique")
            ),
            "country": self.post_country(foreign_authorities),
            "contacts": contacts[: checks.MAX_TABLE_ROWS],
        }

    def post_country(self, foreign_authorities: list[dict]) -> str | None:
        code = self.vocabulary.post_country(self.embassy_name)
        if code:
            return code
        countries = {authority["country"] for authority in foreign_authorities}
        if len(countries) == 1:
            return countries.pop()
        self.warn(
            self.label_lines.get("embassy"), f"pays du poste « {self.embassy_name} » non déterminé"
        )
        return None


def parse_legacy_page(text: str, vocabulary: Vocabulary) -> ParsedPage:
    """Read one page of the former Atlas. Raises NotAnAtlasPage for any other text."""
    lines = clean_lines(text)
    if not any(PAGE_MARKER in line.text for line in lines[:20]):
        raise NotAnAtlasPage(
            f"ce fichier n'est pas une fiche projet de l'Atlas (la mention « {PAGE_MARKER} » "
            "manque en tête de page)"
        )
    reader = PageReader(lines, vocabulary)
    data = reader.read()
    return ParsedPage(data, reader.warnings, reader.errors)
