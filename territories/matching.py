"""Recognising countries in free text, as the legacy pages and imports write them."""

from dataclasses import dataclass, field

from atlas.text import PhraseIndex, normalize_name


@dataclass
class CountryNames:
    """Every known spelling of every country (names, ISO forms, aliases) and capitals.

    Built from the database with :meth:`from_database`; tests may build one by hand.
    """

    spellings: PhraseIndex = field(default_factory=PhraseIndex)  # spelling -> ISO alpha-2
    capitals: PhraseIndex = field(default_factory=PhraseIndex)  # capital -> ISO alpha-2

    @classmethod
    def from_database(cls) -> "CountryNames":
        from .models import Country, CountryAlias

        names = cls()
        for code, name_fr, name_en, capital in Country.objects.values_list(
            "code", "name_fr", "name_en", "capital"
        ):
            names.add(code, name_fr, name_en)
            if capital:
                names.capitals.add(capital, code)
        for code, alias in CountryAlias.objects.values_list("country_id", "alias"):
            names.add(code, alias)
        return names

    def add(self, code: str, *spellings: str) -> None:
        for spelling in spellings:
            if spelling:
                self.spellings.add(spelling, code, keep_first=True)

    def __bool__(self) -> bool:
        return bool(self.spellings)

    def code_for(self, name: str) -> str | None:
        """The ISO code of a country name in any known spelling, or None."""
        return self.spellings.get(name)

    def split_trailing(self, text: str, index: PhraseIndex | None = None):
        """Split "Santa Fe Argentine" into ("Santa Fe", "AR"): the longest country name
        ending the text, on word boundaries. Returns None when no country ends it."""
        index = self.spellings if index is None else index
        words = text.split()
        found = index.longest_end([normalize_name(word) for word in words])
        if found is None:
            return None
        return " ".join(words[: len(words) - found.size]), found.value

    def find_in_post_name(self, post_name: str) -> str | None:
        """The country an embassy covers, read from its name: "Ambassade de France au Mali"
        names the country, "Ambassade de France à Buenos Aires" its capital."""
        for index in (self.spellings, self.capitals):
            found = self.split_trailing(post_name, index)
            if found:
                return found[1]
        return None


# Legal forms that open the names of French authorities, as normalized words, with the
# kinds they designate. "CU du Grand Poitiers", "Ville de Montreuil" and "Département de
# la Seine-Saint-Denis" are matched on "grand poitiers", "montreuil", "seine saint denis".
LEGAL_FORMS = [
    ("communaute d agglomeration", {"ca"}),
    ("communaute de communes", {"cc"}),
    ("communaute urbaine", {"cu"}),
    ("metropole", {"metropole"}),
    ("conseil departemental", {"departement"}),
    ("conseil general", {"departement"}),
    ("departement", {"departement"}),
    ("conseil regional", {"region"}),
    ("region", {"region"}),
    ("collectivite territoriale", {"region", "com"}),
    ("collectivite", {"region", "com"}),
    ("ville", {"commune"}),
    ("commune", {"commune"}),
    ("mairie", {"commune"}),
    ("cc", {"cc"}),
    ("ca", {"ca"}),
    ("cu", {"cu"}),
]
ARTICLES = ["de la", "de l", "du", "des", "de", "d"]


def authority_match_key(name: str) -> tuple[str, set[str]]:
    """The part of a French authority's name that identifies it, and the kinds its legal
    form designates (empty when the name has none)."""
    key, kinds = normalize_name(name), set()
    for form, form_kinds in LEGAL_FORMS:
        if key.startswith(form + " "):
            key, kinds = key[len(form) + 1 :], form_kinds
            for article in ARTICLES:
                if key.startswith(article + " "):
                    key = key[len(article) + 1 :]
                    break
            break
    return key, kinds
