"""Demo data: the pilot organisations with one user per role, and the example cases loaded into them.

Users are `<organisation>-<role>` in lower-case ASCII (sorsele-owner, bodo-editor, ...) with the
password DEMO_PASSWORD. Example files live at examples/<folder>/case.yaml; each folder belongs to the
organisation whose slug it starts with (examples/storuman-... goes to Storuman).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from verksam.formats import CaseFileError, load_case
from verksam.web.cases.services import create_case
from verksam.web.organisations.models import Membership, Organisation
from verksam.web.organisations.permissions import EDITOR, OWNER, VIEWER

DEMO_PASSWORD = "verksam-demo"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    country: str


DEMO_ORGANISATIONS = [
    DemoOrganisation("sorsele", "Sorsele kommun", Organisation.MUNICIPALITY, "SE"),
    DemoOrganisation("bodo", "Bodø kommune", Organisation.MUNICIPALITY, "NO"),
    DemoOrganisation("storuman", "Storumans kommun", Organisation.MUNICIPALITY, "SE"),
    DemoOrganisation("si", "Statens innkrevingssentral", Organisation.AGENCY, "NO"),
]
DEMO_ROLES = (OWNER, EDITOR, VIEWER)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    organisation: str
    role: str


def demo_logins() -> list[DemoLogin]:
    """The demo users that exist in the database, for the sign-in page."""
    memberships = Membership.objects.filter(
        organisation__slug__in=[o.slug for o in DEMO_ORGANISATIONS],
        user__username__in=[f"{o.slug}-{r}" for o in DEMO_ORGANISATIONS for r in DEMO_ROLES],
    ).select_related("organisation", "user")
    logins = [
        DemoLogin(m.user.username, m.organisation.name, str(m.get_role_display()))
        for m in sorted(memberships, key=lambda m: m.user.username)
    ]
    from verksam.web.courses.demo import demo_facilitator_login

    facilitator = demo_facilitator_login()
    return logins + ([DemoLogin(*facilitator)] if facilitator else [])


def example_files(root: Path | None = None) -> list[Path]:
    folder = root or Path(settings.REPO_ROOT) / "examples"
    return sorted(folder.glob("*/case.yaml"))


def organisation_for(folder: str) -> DemoOrganisation | None:
    for demo in sorted(DEMO_ORGANISATIONS, key=lambda o: -len(o.slug)):
        if folder == demo.slug or folder.startswith(f"{demo.slug}-"):
            return demo
    return None


@dataclass
class DemoReport:
    logins: list[DemoLogin]
    loaded: list[tuple[str, str]]  # (file, organisation)
    skipped: list[tuple[str, str]]  # (file, reason)


def load_demo(examples: Path | None = None) -> DemoReport:
    """Create the demo organisations, users and cases. Call only on an empty database."""
    loaded: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    with transaction.atomic():
        organisations = {}
        # One hash for the one public demo password: hashing it per user would take seconds.
        password_hash = make_password(DEMO_PASSWORD)
        for demo in DEMO_ORGANISATIONS:
            org, _created = Organisation.objects.get_or_create(
                slug=demo.slug,
                defaults={"name": demo.name, "kind": demo.kind, "country": demo.country},
            )
            organisations[demo.slug] = org
            for role in DEMO_ROLES:
                user, created = User.objects.get_or_create(username=f"{demo.slug}-{role}")
                if created:
                    user.password = password_hash
                    user.email = f"{demo.slug}-{role}@example.org"
                    user.save()
                Membership.objects.get_or_create(
                    organisation=org, user=user, defaults={"role": role}
                )
        for path in example_files(examples):
            demo_org = organisation_for(path.parent.name)
            if demo_org is None:
                skipped.append((str(path), "no demo organisation matches the folder name"))
                continue
            try:
                case = load_case(path, check=False)
            except CaseFileError as exc:
                skipped.append((str(path), str(exc)))
                continue
            owner = User.objects.get(username=f"{demo_org.slug}-{OWNER}")
            create_case(organisations[demo_org.slug], owner, case, how="import")
            loaded.append((str(path), demo_org.name))
        from verksam.web.courses.demo import load_course_demo

        load_course_demo(password_hash)  # a running course with the pilots enrolled
    return DemoReport(demo_logins(), loaded, skipped)
