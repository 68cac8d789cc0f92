"""The full-text index, which each database builds its own way.

SQLite: an FTS5 table reading ``search_searchdocument`` (external content), with
triggers keeping it in step with every insert, update and delete.
PostgreSQL: a text search configuration ``atlas_french`` (French stemming on unaccented
words), stored generated columns ``vector`` (title and body) and ``title_vector``, each
with a GIN index.
Both: ``search_state``, stamped by triggers whenever the documents change.
"""

from django.db import migrations

# What PostgreSQL stored in the documents' generated columns (until 0005).
POSTGRES_VECTOR = "to_tsvector('atlas_french'::regconfig, title || ' ' || body)"
POSTGRES_TITLE_VECTOR = "to_tsvector('atlas_french'::regconfig, title)"

# The time of the last change to the documents, in microseconds: a process whose facet
# index was built at another time rebuilds it. A time rather than a counter, because a
# rolled-back transaction would bring a counter back to a value already seen.
SQLITE_NOW = "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)"
SQLITE_STAMP = f"UPDATE search_state SET changed_at = {SQLITE_NOW};"

SQLITE_FORWARD = [
    "CREATE TABLE search_state (id INTEGER PRIMARY KEY, changed_at BIGINT NOT NULL)",
    f"INSERT INTO search_state VALUES (1, {SQLITE_NOW})",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body,
        content='search_searchdocument', content_rowid='project_id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.project_id, new.title, new.body);
        {SQLITE_STAMP}
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.project_id, old.title, old.body);
        {SQLITE_STAMP}
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.project_id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.project_id, new.title, new.body);
        {SQLITE_STAMP}
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_state",
]

POSTGRES_NOW = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'atlas_french') THEN
            CREATE TEXT SEARCH CONFIGURATION atlas_french (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION atlas_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    # Stored, so that no query parses a text again; the title apart, for ranking.
    f"""ALTER TABLE search_searchdocument
        ADD COLUMN vector tsvector GENERATED ALWAYS AS ({POSTGRES_VECTOR}) STORED,
        ADD COLUMN title_vector tsvector GENERATED ALWAYS AS ({POSTGRES_TITLE_VECTOR}) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_document_title ON search_searchdocument USING gin (title_vector)",
    "CREATE TABLE search_state (id integer PRIMARY KEY, changed_at bigint NOT NULL)",
    f"INSERT INTO search_state VALUES (1, {POSTGRES_NOW})",
    f"""CREATE FUNCTION search_state_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_state SET changed_at = {POSTGRES_NOW};
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_state_stamp
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_searchdocument
        FOR EACH STATEMENT EXECUTE FUNCTION search_state_stamp()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_state_stamp ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_state_stamp()",
    "DROP TABLE IF EXISTS search_state",
    "DROP INDEX IF EXISTS search_document_title",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
