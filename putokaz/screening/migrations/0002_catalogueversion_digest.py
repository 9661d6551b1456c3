import hashlib

from django.db import migrations, models


def fill_digests(apps, schema_editor):
    CatalogueVersion = apps.get_model("screening", "CatalogueVersion")
    for row in CatalogueVersion.objects.all():
        row.digest = hashlib.sha256(row.text.encode("utf-8")).hexdigest()
        row.save(update_fields=["digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogueversion",
            name="digest",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
    ]
