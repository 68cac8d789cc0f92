"""What the parser needs to know from the database to cut space-joined table cells."""

from dataclasses import dataclass, field

from atlas.text import normalize_name
from territories.matching import CountryNames


@dataclass
class Vocabulary:
    countries: CountryNames
    # Theme labels by the normalized path of their parent: {(): {"economie durable": "Economie
    # durable"}, ("economie durable",): {...}}.
    theme_children: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)
    post_countries: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_database(cls) -> "Vocabulary":
        from nomenclature.models import Theme
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
                self.theme_children.setdefault(parent, {})[normalize_name(label)] = label
                parent = (*parent, normalize_name(label))

    def split_theme_path(self, text: str) -> tuple[list[str], bool]:
        """Cut "Economie durable Attractivité des territoires Pôles ..." into the labels of
        a known path. Returns the path and whether every word was recognised; what is left
        unrecognised is kept as one last label."""
        words, parent, path = text.split(), (), []
        while words:
            known = self.theme_children.get(parent, {})
            for size in range(len(words), 0, -1):
                candidate = normalize_name(" ".join(words[:size]))
                if candidate in known:
                    path.append(known[candidate])
                    parent = (*parent, candidate)
                    words = words[size:]
                    break
            else:
                path.append(" ".join(words))
                return path, False
        return path, bool(path)

    def post_country(self, post_name: str) -> str | None:
        return self.post_countries.get(normalize_name(post_name)) or (
            self.countries.find_in_post_name(post_name)
        )
