"""Backups: every model of every app is either in them or left out with a reason; a site backup
restores table by table identical (the demo site with comments, notes, tokens, jobs, files...);
an organisation's backup, more than 2,000 cases included, restores into a site without it; the
move from SQLite to PostgreSQL is a backup and a restore (on PostgreSQL only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import serializers
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from verksam.web.api.models import ApiToken
from verksam.web.backup.archive import BackupError, restore_backup, write_backup
from verksam.web.backup.registry import (
    RULES,
    Excluded,
    Scoped,
    SiteOnly,
    all_models,
    in_backup,
    label,
    ordered,
)
from verksam.web.cases.access import all_cases_of
from verksam.web.cases.models import Case, Revision
from verksam.web.community.models import ExperienceNote
from verksam.web.community.services import post_comment, publish
from verksam.web.jobs.models import Job
from verksam.web.organisations.models import Organisation

REPO = Path(__file__).resolve().parents[2]


def test_every_model_of_every_app_is_in_backups_or_left_out_with_a_reason() -> None:
    models = {label(m) for m in all_models()}
    missing = sorted(models - set(RULES))
    assert not missing, f"register these models in verksam/web/backup/registry.py: {missing}"
    assert not sorted(set(RULES) - models), "rules for models that no longer exist"
    for name, rule in RULES.items():
        if isinstance(rule, SiteOnly | Excluded):
            assert len(rule.reason) > 20, name


@pytest.mark.django_db
def test_every_organisation_rule_reaches_the_organisation(home: Any) -> None:
    for model in all_models():
        rule = RULES[label(model)]
        if isinstance(rule, Scoped):  # a wrong path raises FieldError here
            list(model._default_manager.filter(**rule.lookup(home.organisation))[:1])


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table a site backup holds, in Django's serialised form."""
    tables = {}
    for model in all_models():
        if in_backup(model, site=True):
            rows = serializers.serialize("python", model._default_manager.order_by("pk"))
            for row in rows:
                row["fields"].pop("groups", None)
                row["fields"].pop("user_permissions", None)
            tables[label(model)] = json.loads(json.dumps(rows, default=str))
    return tables


def add_everything(tmp_media: Path) -> None:
    """Rows in the apps the demo leaves empty: comments, notes, library, tokens, jobs with a
    stored result file, course material, an invitation."""
    from verksam.web.accounts.models import Invitation
    from verksam.web.courses.models import Course, ReadingFile

    org = Organisation.objects.get(slug="storuman")
    owner = User.objects.get(username="storuman-owner")
    case = all_cases_of(org).first()
    assert case is not None
    first = post_comment(owner, "Första @storuman-editor", case=case)
    post_comment(User.objects.get(username="storuman-editor"), "Svar", parent=first)
    ExperienceNote.objects.create(
        organisation=org, case=case, author=owner, title="Lärdom", what_changed="a",
        what_it_gave="b", published=True,
    )  # fmt: skip
    publish(case, owner, title="Skolskjuts", remove=["organisation"])
    ApiToken.issue(owner, org, "integration")
    Invitation.objects.create(organisation=org, role="editor", created_by=owner)
    (tmp_media / "results").mkdir(parents=True, exist_ok=True)
    (tmp_media / "results" / "sim.json").write_text('{"cycle": 3}', encoding="utf-8")
    Job.objects.create(
        organisation=org, case=case, kind="simulate", status=Job.DONE, result={"cycle": 3.0},
        result_file="results/sim.json", created_by=owner,
    )  # fmt: skip
    module = Course.objects.first().modules.first()  # type: ignore[union-attr]
    material = ReadingFile(module=module, title="Bilder", size=5)
    material.file.save("bilder.txt", ContentFile(b"slide"), save=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.mark.django_db
def test_a_site_backup_restores_every_table_identically(
    media: Path, tmp_path: Path, settings: Any
) -> None:
    from verksam.web.demo import load_demo

    load_demo()
    add_everything(media)
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 50
    files_before = {p.relative_to(media): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    archive = tmp_path / "site.zip"
    summary = write_backup(archive)
    assert summary.files == len(files_before) == 2
    with pytest.raises(BackupError, match="empty database"):
        restore_backup(archive)
    empty_the_database()
    settings.MEDIA_ROOT = str(tmp_path / "restored")
    restore_backup(archive)
    after = snapshot()
    for table, rows in before.items():
        assert after[table] == rows, table
    restored = tmp_path / "restored"
    assert {
        p.relative_to(restored): p.read_bytes() for p in restored.rglob("*") if p.is_file()
    } == files_before
    # new rows after a restore get keys after the restored ones
    org = Organisation.objects.create(slug="new", name="New")
    assert org.pk > max(r["pk"] for r in before["organisations.organisation"])


def empty_the_database() -> None:
    """Delete every row but the content types and permissions the migrations made (flush
    cannot run inside the test's transaction on PostgreSQL)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    for model in reversed(ordered(all_models())):
        if model not in (ContentType, Permission):
            model._base_manager.all().delete()


def natural(organisation: Organisation) -> dict[str, Any]:
    """What an organisation holds, without database keys."""
    cases = all_cases_of(organisation)
    return {
        "cases": sorted((c.slug, c.name, json.dumps(c.document, sort_keys=True)) for c in cases),
        "revisions": sorted(
            (r.case.slug, r.number, r.author.username if r.author else None)
            for r in Revision.objects.filter(case__organisation=organisation).select_related(
                "author", "case"
            )
        ),
        "members": sorted(
            (m.user.username, m.role) for m in organisation.memberships.select_related("user")
        ),
        "tokens": sorted(
            ApiToken.objects.filter(organisation=organisation).values_list("key_hash", "name")
        ),
        "comments": sorted(
            (c.body, c.parent.body if c.parent else None)
            for c in __import__(
                "verksam.web.community.models", fromlist=["Comment"]
            ).Comment.objects.filter(case__organisation=organisation)
        ),
        "jobs": sorted(Job.objects.filter(organisation=organisation).values_list("id", "result")),
        "notes": sorted(
            ExperienceNote.objects.filter(organisation=organisation).values_list("title", flat=True)
        ),
    }


@pytest.mark.django_db
def test_an_organisations_backup_restores_into_a_site_without_it(
    media: Path, tmp_path: Path
) -> None:
    from verksam.web.demo import load_demo

    load_demo()
    add_everything(media)
    org = Organisation.objects.get(slug="storuman")
    expected = natural(org)
    assert all(expected.values()), expected
    archive = tmp_path / "storuman.zip"
    write_backup(archive, org)
    with pytest.raises(BackupError, match="already has the organisation"):
        restore_backup(archive)
    org.delete()
    restore_backup(archive)
    assert natural(Organisation.objects.get(slug="storuman")) == expected
    # the users it refers to are the same people, not copies
    assert User.objects.filter(username="storuman-owner").count() == 1


@pytest.mark.django_db
def test_an_organisation_with_more_than_two_thousand_cases_restores_its_own_backup(
    home: Any, tmp_path: Path, media: Path
) -> None:
    document = dict(home.case.document)
    cases = Case.objects.bulk_create(
        Case(
            organisation=home.organisation,
            slug=f"c-{i}",
            name=f"Case {i}",
            document=document,
            revision=1,
        )
        for i in range(2_100)
    )
    Revision.objects.bulk_create(
        Revision(case=c, number=1, document=document, operation={"op": "create"}, touched=[""])
        for c in cases
    )
    archive = tmp_path / "home.zip"
    write_backup(archive, home.organisation)
    home.organisation.delete()
    summary = restore_backup(archive)
    assert summary.rows["cases.case"] == 2_101 and summary.rows["cases.revision"] == 2_101
    assert all_cases_of(Organisation.objects.get(slug="home")).count() == 2_101


@pytest.mark.django_db
def test_an_owner_downloads_the_backup_and_others_cannot(
    home: Any, client_for: Any, tmp_path: Path
) -> None:
    url = reverse("backup:download", kwargs={"org": "home"})
    assert client_for(home.editor).get(url).status_code == 403
    response = client_for(home.owner).get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    path = tmp_path / "download.zip"
    path.write_bytes(b"".join(response.streaming_content))
    from verksam.web.backup.archive import read_header

    assert read_header(path)["organisation"] == "home"
    page = client_for(home.owner).get(
        reverse("organisations:detail", kwargs={"org": "home"}), HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert "Ladda ner en säkerhetskopia" in page.content.decode()


DUMP_FROM_SQLITE = """
import json, os, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from verksam.web.demo import load_demo
load_demo()
from verksam.web.backup.archive import write_backup
write_backup(sys.argv[1])
sys.path.insert(0, sys.argv[3])
from test_backup import snapshot
with open(sys.argv[2], "w") as out:
    json.dump(snapshot(), out)
"""


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the move ends on PostgreSQL")
def test_a_site_moves_from_sqlite_to_postgresql_unchanged(
    tmp_path: Path, media: Path, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "VERKSAM_HOME": str(tmp_path / "sqlite-home"),
        "DJANGO_SETTINGS_MODULE": "verksam.web.settings",
    }
    archive, tables = tmp_path / "site.zip", tmp_path / "tables.json"
    subprocess.run(
        [sys.executable, "-c", DUMP_FROM_SQLITE, str(archive), str(tables), str(Path(__file__).parent)],
        check=True, env=env, cwd=REPO, timeout=300,
    )  # fmt: skip
    empty_the_database()
    restore_backup(archive)
    before = json.loads(tables.read_text(encoding="utf-8"))
    after = snapshot()
    for table, rows in before.items():
        assert after[table] == rows, table
    assert (
        Client()
        .post(reverse("accounts:login"), {"username": "bodo-editor", "password": "verksam-demo"})
        .status_code
        == 302
    )
