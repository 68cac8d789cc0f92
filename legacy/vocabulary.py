"""What the parser needs to know from the database to cut space-joined table cells."""

from dataclasses import dataclass, field

from atlas.text import PhraseIndex, normalize_name
from nomenclature.models import Theme
from territories.matching import CountryNames


@dataclass
class Vocabulary:
    countries: CountryNames
    # Theme labels by the normalized path of their parent: {(): {"economie durable": "Economie
    # durable"}, ("economie durable",): {...}}.
    theme_children: dict[tuple[str, ...], PhraseIndex] = field(default_factory=dict)
    post_countries: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_database(cls) -> "Vocabulary":
        from territories.models import DiplomaticPost

        vocabulary = cls(CountryNames.from_database())
        vocabulary.add_themes(
            theme.path() for theme in Theme.objects.select_related("parent__parent")
        )
        vocabulary.post_countries = {
            normalize_name(name): code
            for name, code in DiplomaticPost.objects.filter(country__isnull=False).values_list(
                "name", "country_id"
            )
        }
        return vocabulary

    def add_themes(self, paths) -> None:
        for path in paths:
            parent: tuple[str, ...] = ()
            for label in path:
                children = self.theme_children.setdefault(parent, PhraseIndex())
                parent = (*parent, children.add(label, label))

    def split_theme_path(self, text: str) -> tuple[list[str], bool]:
        """Cut "Economie durable Attractivité des territoires Pôles ..." into the labels of
        a known path. Returns the path and whether every word was recognised; what is left
        unrecognised is kept as one last label, at most the tree's last level (which then
        holds the words of a known label and those after it: none is dropped).

        Each word is normalized once, and each level tries only as many words as its
        longest label has: the time is linear in the row's length."""
        words = text.split()
        folded = [normalize_name(word) for word in words]
        start, parent, path = 0, (), []
        while start < len(words):
            known = self.theme_children.get(parent)
            found = known.longest_start(folded, start) if known else None
            last_level = len(path) == Theme.MAX_LEVEL - 1
            if found is None or (last_level and start + found.size < len(words)):
                path.append(" ".join(words[start:]))
                return path, False
            path.append(found.value)
            parent = (*parent, found.phrase)
            start += found.size
        return path, bool(path)

    def post_country(self, post_name: str) -> str | None:
        return self.post_countries.get(normalize_name(post_name)) or (
            self.countries.find_in_post_name(post_name)
        )
