"""French texts of demo sheets, assembled from templates so that they read naturally."""

# By level-1 theme code: the situation, the aim, and two activities.
THEME_TEXTS = {
    "eau-assainissement": (
        "L'accès à l'eau potable reste insuffisant dans les quartiers périphériques et les "
        "villages rattachés, où les bornes-fontaines sont rares et souvent en panne.",
        "améliorer durablement l'accès à l'eau potable et à l'assainissement",
        [
            "la réhabilitation de forages et la pose de bornes-fontaines",
            "la formation des gestionnaires du service de l'eau",
            "la construction de latrines dans les écoles",
            "la mise en place d'un comité des usagers de l'eau",
        ],
    ),
    "sante": (
        "Les centres de santé manquent d'équipements et de personnel formé, et la prévention "
        "reste peu développée.",
        "renforcer l'offre de soins de proximité et la prévention",
        [
            "l'équipement d'un centre de santé communautaire",
            "des campagnes de sensibilisation à l'hygiène",
            "la formation d'agents de santé communautaire",
            "des échanges entre équipes hospitalières",
        ],
    ),
    "education-jeunesse": (
        "La jeunesse représente plus de la moitié de la population et les structures "
        "éducatives peinent à suivre.",
        "offrir aux jeunes des deux territoires des occasions d'apprendre et de se rencontrer",
        [
            "des échanges scolaires entre collèges",
            "l'équipement de bibliothèques scolaires",
            "l'accueil de volontaires en service civique",
            "des chantiers de jeunes pendant l'été",
        ],
    ),
    "culture-patrimoine": (
        "Le territoire possède un patrimoine bâti et immatériel riche mais peu valorisé.",
        "faire connaître les cultures des deux territoires et valoriser leur patrimoine",
        [
            "un festival croisé de musiques et d'arts de la rue",
            "l'inventaire du patrimoine bâti de la vieille ville",
            "des résidences d'artistes",
            "des expositions itinérantes",
        ],
    ),
    "gouvernance-locale": (
        "La décentralisation a confié de nouvelles compétences à la collectivité sans lui "
        "donner tous les moyens de les exercer.",
        "renforcer les capacités de la collectivité partenaire à exercer ses compétences",
        [
            "la formation des agents de l'état civil",
            "l'appui à la mobilisation des ressources fiscales locales",
            "des échanges entre élus sur la participation citoyenne",
            "la modernisation de l'archivage municipal",
        ],
    ),
    "agriculture-alimentation": (
        "L'agriculture familiale fait vivre la majorité des habitants mais souffre du manque "
        "d'eau et de débouchés.",
        "améliorer les revenus des producteurs et la sécurité alimentaire",
        [
            "l'aménagement de périmètres maraîchers irrigués",
            "l'appui à une coopérative de transformation",
            "la création d'une banque de céréales",
            "la formation aux techniques agroécologiques",
        ],
    ),
    "environnement-climat-energie": (
        "Le territoire subit déjà les effets du changement climatique : sécheresses, "
        "inondations et recul du couvert végétal.",
        "accompagner la transition énergétique et l'adaptation au changement climatique",
        [
            "l'installation de lampadaires solaires",
            "un programme de reboisement",
            "l'élaboration d'un plan climat local",
            "la sensibilisation des écoles à l'environnement",
        ],
    ),
    "dechets": (
        "La collecte des déchets ne couvre qu'une partie de la ville et les dépôts sauvages se "
        "multiplient.",
        "organiser un service de collecte et de valorisation des déchets",
        [
            "la création d'un service de pré-collecte",
            "l'aménagement d'un centre de tri",
            "des campagnes de propreté dans les quartiers",
            "le compostage des déchets verts",
        ],
    ),
    "urbanisme-habitat": (
        "La croissance urbaine rapide dépasse les capacités de planification de la ville.",
        "accompagner la planification urbaine et l'amélioration de l'habitat",
        [
            "l'élaboration d'un schéma directeur d'aménagement",
            "l'adressage des rues",
            "la réhabilitation d'un quartier ancien",
            "l'étude d'un réseau de transport public",
        ],
    ),
    "economie-durable": (
        "Les entreprises des deux territoires partagent des filières proches et cherchent de "
        "nouveaux marchés.",
        "développer les échanges économiques et l'emploi sur les deux territoires",
        [
            "des missions d'entreprises croisées",
            "l'accompagnement de jeunes entrepreneurs",
            "la participation à des salons professionnels",
            "la structuration d'une filière touristique",
        ],
    ),
    "enseignement-superieur-recherche": (
        "Les universités et laboratoires des deux territoires travaillent sur des sujets voisins.",
        "rapprocher les établissements d'enseignement supérieur et de recherche",
        [
            "des bourses de mobilité pour étudiants",
            "des programmes de recherche communs",
            "l'accueil de chercheurs invités",
            "des diplômes en partenariat",
        ],
    ),
    "action-humanitaire": (
        "Une catastrophe récente a durement touché la population et les équipements publics.",
        "aider la population sinistrée et reconstruire les équipements essentiels",
        [
            "l'acheminement de matériel de première nécessité",
            "la reconstruction d'une école",
            "l'appui à la préparation aux risques",
            "la réhabilitation du marché",
        ],
    ),
    "solidarite-sociale": (
        "Les services sociaux de proximité sont peu nombreux et les personnes âgées ou "
        "handicapées souvent isolées.",
        "développer l'action sociale de proximité",
        [
            "des échanges entre centres communaux d'action sociale",
            "l'ouverture d'un accueil de jour",
            "la formation d'aides à domicile",
            "l'accessibilité des bâtiments publics",
        ],
    ),
}

CONTEXT = "{foreign} ({country}) compte environ {population} habitants. {situation}"
HISTORY = (
    "Les relations entre {french} et {foreign} remontent à {year}, date de la signature "
    "d'une première convention{twinning}. Depuis, élus, agents et associations des deux "
    "territoires se rencontrent régulièrement."
)
OBJECTIVES = "Le partenariat vise à {aim}, en s'appuyant sur les compétences {of_french}."
DESCRIPTION = (
    "Phase 1 : diagnostic partagé avec les services {of_foreign} et les habitants.\n"
    "Phase 2 : {first}.\n"
    "Phase 3 : {second}.\n"
    "Phase 4 : évaluation conjointe et préparation de la suite du partenariat."
)
COMMUNICATION_FRANCE = (
    "Présentation du partenariat dans le magazine {of_french} et lors d'une soirée publique."
)
COMMUNICATION_ABROAD = "Émission sur la radio locale et réunions publiques à {foreign}."
EVALUATION = "Évaluation à mi-parcours par un comité de pilotage réunissant les deux collectivités."


def population_words(population: int) -> str:
    """ "120 000" rather than "118 734": the figures of a presentation, not a census."""
    if population >= 1_000_000:
        return f"{population / 1_000_000:.1f} millions".replace(".", ",")
    rounded = round(population, -3) or round(population, -2)
    return f"{rounded:,}".replace(",", "\u202f")


def of(name: str) -> str:
    """French "de" before a name: "de Paris", "d'Aiserey", "du Havre", "de la Rochelle"."""
    for article, contracted in (
        ("Le ", "du "),
        ("Les ", "des "),
        ("La ", "de la "),
        ("L'", "de l'"),
    ):
        if name.startswith(article):
            return contracted + name[len(article) :]
    if name[:1].lower() in "aeiouyéèêâîôûh":
        return "d'" + name
    return "de " + name
