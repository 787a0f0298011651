"""A participant chooses who may read their case (course / facilitators only / nobody) instead of
a comparison-only checkbox: a ticked box becomes "the course", an unticked one "facilitators"."""

from typing import Any

from django.db import migrations, models


def from_checkbox(apps: Any, schema_editor: Any) -> None:
    member = apps.get_model("courses", "CourseMember")
    member.objects.filter(share_in_comparison=True).update(case_readers="course")


def to_checkbox(apps: Any, schema_editor: Any) -> None:
    member = apps.get_model("courses", "CourseMember")
    member.objects.filter(case_readers="course").update(share_in_comparison=True)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="coursemember",
            name="case_readers",
            field=models.CharField(
                choices=[
                    ("course", "The facilitators and the other participants of the course"),
                    ("facilitators", "The facilitators only"),
                    ("nobody", "Nobody outside my organisation"),
                ],
                default="facilitators",
                max_length=12,
                verbose_name="who may read my case",
            ),
        ),
        migrations.RunPython(from_checkbox, to_checkbox),
        migrations.RemoveField(
            model_name="coursemember",
            name="share_in_comparison",
        ),
    ]
