"""Fill the French catalogue's plural entries from the source strings themselves.

The code is written in French, so French needs no translation, except for plurals:
without a catalogue, gettext applies the English rule (singular for 1 only) and writes
"0 collectivités". With each plural entry's two forms copied from the source and French's
rule in the header (singular for 0 and 1), "0 collectivité" reads right. Run by
`make messages`, after makemessages has refreshed locale/fr/LC_MESSAGES/django.po.
"""

import sys
from pathlib import Path

import polib

FRENCH_RULE = "nplurals=2; plural=(n > 1);"


def main(path: str) -> None:
    catalogue = polib.pofile(path)
    catalogue.metadata["Plural-Forms"] = FRENCH_RULE
    catalogue.metadata["Language"] = "fr"
    filled = 0
    for entry in catalogue:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = entry.previous_msgid_plural = None
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            filled += 1
        else:
            entry.msgstr = ""  # the source is the French text
    catalogue.save(path)
    print(f"{filled} plural entries in {Path(path).name}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
