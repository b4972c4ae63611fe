"""Create the database cache tables of CACHES (in production the rate-limit counts), so that
`migrate` alone readies a database; `createcachetable` leaves existing tables alone and does
nothing for caches kept in memory."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
