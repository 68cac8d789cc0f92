"""French embassies, one per sovereign country, named as the ministry names them."""

from atlas.reference_data import SyncResult, sync_rows

from .models import Country, DiplomaticPost

# ISO 3166-1 entries that are not sovereign states (or are France itself): no embassy.
NOT_SOVEREIGN = {
    "AI",
    "AQ",
    "AS",
    "AW",
    "AX",
    "BL",
    "BM",
    "BQ",
    "BV",
    "CC",
    "CK",
    "CW",
    "CX",
    "EH",
    "FK",
    "FO",
    "FR",
    "GF",
    "GG",
    "GI",
    "GL",
    "GP",
    "GS",
    "GU",
    "HK",
    "HM",
    "IM",
    "IO",
    "JE",
    "KY",
    "MF",
    "MO",
    "MP",
    "MQ",
    "MS",
    "NC",
    "NF",
    "NU",
    "PF",
    "PM",
    "PN",
    "PR",
    "RE",
    "SH",
    "SJ",
    "SX",
    "TC",
    "TF",
    "TK",
    "UM",
    "VG",
    "VI",
    "WF",
    "YT",
}
# Names taken without article: islands and city states ("à Cuba", "à Singapour").
WITHOUT_ARTICLE = {
    "AG",
    "BH",
    "CU",
    "CY",
    "DJ",
    "HT",
    "KN",
    "LC",
    "MC",
    "MG",
    "MT",
    "MU",
    "NR",
    "OM",
    "SG",
    "SM",
    "ST",
    "TO",
    "TT",
    "VC",
    "WS",
    "KI",
    "PW",
    "TV",
    "VU",
}
# Plural names ("aux Comores").
PLURAL = {"AE", "BS", "FJ", "KM", "MH", "MV", "NL", "PH", "SB", "SC", "US"}
# Masculine names ending in -e ("au Mexique").
MASCULINE_IN_E = {"MX", "KH", "MZ", "ZW", "BZ", "SR", "VA"}
# Prepositions the rules above cannot guess.
PREPOSITIONS = {
    "BB": "à la",
    "DM": "à la",
    "GD": "à la",
    "JM": "en",
    "GW": "en",
    "KR": "en",
    "MK": "en",
    "YE": "au",
}
# Where the ministry's usage differs from the rules above.
NAME_OVERRIDES = {
    "IL": "Ambassade de France en Israël",
    "VA": "Ambassade de France près le Saint-Siège",
    "PS": "Consulat général de France à Jérusalem",
    "TW": "Bureau français de Taipei",
    "KP": "Bureau de coopération française à Pyongyang",
}


def embassy_name(code: str, name_fr: str) -> str:
    """ "Ambassade de France au Mali", "... en Argentine", "... aux Comores", "... à Cuba"."""
    if code in NAME_OVERRIDES:
        return NAME_OVERRIDES[code]
    if code in PREPOSITIONS:
        preposition = PREPOSITIONS[code]
    elif code in WITHOUT_ARTICLE:
        preposition = "à"
    elif code in PLURAL:
        preposition = "aux"
    else:
        # Names starting with a vowel, and feminine ones, take "en".
        starts_with_vowel = name_fr[0].lower() in "aeiouéèêëîïôöûüâà" or name_fr[:3] == "Haï"
        feminine = (name_fr.endswith("e") and code not in MASCULINE_IN_E) or (
            name_fr.startswith("République")
        )
        preposition = "en" if starts_with_vowel or feminine else "au"
    return f"Ambassade de France {preposition} {name_fr}"


def load_embassies() -> SyncResult:
    """One post per sovereign country, keyed by its name; posts met in legacy pages under
    another name ("Ambassade de France à Buenos Aires") are kept as they are."""
    rows = [
        {"name": embassy_name(code, name_fr), "country_id": code}
        for code, name_fr in Country.objects.exclude(code__in=NOT_SOVEREIGN).values_list(
            "code", "name_fr"
        )
    ]
    return sync_rows(DiplomaticPost, "name", rows, "embassies")
