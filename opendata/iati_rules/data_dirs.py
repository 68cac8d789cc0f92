"""Where the IATI schema and the Validator's rules are kept, copied unchanged
(``opendata/data/iati/README.md`` says from where)."""

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "iati"
SCHEMA_DIR = DATA / "schema-2.03"
RULES_DIR = DATA / "rules"
