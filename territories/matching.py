"""Recognising countries in free text, as the legacy pages and imports write them."""

from dataclasses import dataclass, field

from atlas.text import normalize_name


@dataclass
class CountryNames:
    """Every known spelling of every country (names, ISO forms, aliases) and capitals.

    Built from the database with :meth:`from_database`; tests may build one by hand.
    """

    spellings: dict[str, str] = field(default_factory=dict)  # normalized spelling -> ISO alpha-2
    capitals: dict[str, str] = field(default_factory=dict)  # normalized capital -> ISO alpha-2

    @classmethod
    def from_database(cls) -> "CountryNames":
        from .models import Country, CountryAlias

        names = cls()
        for code, name_fr, name_en, capital in Country.objects.values_list(
            "code", "name_fr", "name_en", "capital"
        ):
            names.add(code, name_fr, name_en)
            if capital:
                names.capitals[normalize_name(capital)] = code
        for code, alias in CountryAlias.objects.values_list("country_id", "alias"):
            names.add(code, alias)
        return names

    def add(self, code: str, *spellings: str) -> None:
        for spelling in spellings:
            if spelling:
                self.spellings.setdefault(normalize_name(spelling), code)

    def __bool__(self) -> bool:
        return bool(self.spellings)

    def code_for(self, name: str) -> str | None:
        """The ISO code of a country name in any known spelling, or None."""
        return self.spellings.get(normalize_name(name))

    def split_trailing(self, text: str, index: dict[str, str] | None = None):
        """Split "Santa Fe Argentine" into ("Santa Fe", "AR"): the longest country name
        ending the text, on word boundaries. Returns None when no country ends it."""
        index = self.spellings if index is None else index
        words = text.split()
        for size in range(len(words), 0, -1):
            code = index.get(normalize_name(" ".join(words[-size:])))
            if code:
                return " ".join(words[:-size]), code
        return None

    def find_in_post_name(self, post_name: str) -> str | None:
        """The country an embassy covers, read from its name: "Ambassade de France au Mali"
        names the country, "Ambassade de France à Buenos Aires" its capital."""
        for index in (self.spellings, self.capitals):
            found = self.split_trailing(post_name, index)
            if found:
                return found[1]
        return None
