"""The search documents become the public index: only published partnerships have one, and
publication events (``catalogue.events``) say what changed, instead of the ``search_state``
stamp that every write of a document (drafts included) moved."""

from django.db import migrations

SQLITE_TRIGGERS = [
    # Removing a column rebuilds the table on SQLite, and the table's triggers go with it.
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.project_id, new.title, new.body);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.project_id, old.title, old.body);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.project_id, old.title, old.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.project_id, new.title, new.body);
    END""",
    "DROP TABLE IF EXISTS search_state",
]
POSTGRES_STAMP = [
    "DROP TRIGGER IF EXISTS search_state_stamp ON search_searchdocument",
    "DROP FUNCTION IF EXISTS search_state_stamp()",
    "DROP TABLE IF EXISTS search_state",
]


def drop_drafts(apps, schema_editor):
    apps.get_model("search", "SearchDocument").objects.filter(published=False).delete()


def without_stamp(apps, schema_editor):
    statements = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_STAMP}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_full_text_index"),
    ]

    operations = [
        migrations.RunPython(drop_drafts, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="searchdocument",
            name="published",
        ),
        # Going back would need the stamp again: rebuild the database from an older
        # version instead.
        migrations.RunPython(without_stamp),
    ]
