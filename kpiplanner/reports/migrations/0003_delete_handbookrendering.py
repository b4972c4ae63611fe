# A rendering is no longer shared across workers through a database row: Typst renders small
# handbooks on demand and a django-tasks worker renders the large ones.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_handbook_rendering"),
    ]

    operations = [
        migrations.DeleteModel(name="HandbookRendering"),
    ]
