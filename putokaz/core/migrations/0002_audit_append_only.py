"""On PostgreSQL the database itself refuses UPDATE and DELETE on audit events.

The application refuses them on every database; the trigger also stops a
person with SQL access who bypasses the application. (TRUNCATE needs the table
owner's rights, which the application's database role should not have in
production; see the README.)
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION putokaz_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on core_auditevent', TG_OP;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS putokaz_audit_append_only ON core_auditevent;
CREATE TRIGGER putokaz_audit_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION putokaz_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS putokaz_audit_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS putokaz_audit_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
