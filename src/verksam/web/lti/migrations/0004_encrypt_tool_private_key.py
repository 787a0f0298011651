"""The tool's private key is kept encrypted (verksam.web.secretbox) instead of as plain PEM."""

from typing import Any

from django.db import migrations, models


def encrypt_keys(apps: Any, schema_editor: Any) -> None:
    from verksam.web.secretbox import encrypt

    platform = apps.get_model("lti", "Platform")
    for row in platform.objects.all():
        row.tool_private_key_encrypted = encrypt(row.tool_private_key, "lti tool private key")
        row.save(update_fields=["tool_private_key_encrypted"])


class Migration(migrations.Migration):
    dependencies = [
        ("lti", "0003_advantage_endpoints"),
    ]

    operations = [
        migrations.AddField(
            model_name="platform",
            name="tool_private_key_encrypted",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(encrypt_keys, migrations.RunPython.noop),
        migrations.RemoveField(model_name="platform", name="tool_private_key"),
    ]
