"""Which rows of every model belong to an organisation's backup, which only to the site's, and
which to none (and why). Every model of every installed app must be listed here: a test fails on
a model that is not, so a new model cannot be left out of backups by accident."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

USER = "auth.user"


@dataclass(frozen=True)
class Scoped:
    """Rows reached from the organisation through `path` (a query lookup ending at an
    Organisation, e.g. ``case__organisation``; ``pk`` for the organisation itself)."""

    path: str

    def lookup(self, organisation: Any) -> dict[str, Any]:
        """The filter() arguments that select the organisation's rows."""
        return {self.path: organisation.pk if self.path == "pk" else organisation}


@dataclass(frozen=True)
class SiteOnly:
    """Rows that belong to the site, not to one organisation: only in site backups."""

    reason: str


@dataclass(frozen=True)
class Excluded:
    """Rows in no backup, with the reason."""

    reason: str


Rule = Scoped | SiteOnly | Excluded

RULES: dict[str, Rule] = {
    # the organisation and who works in it
    "organisations.organisation": Scoped("pk"),
    "organisations.membership": Scoped("organisation"),
    # users: the organisation's members and every user its rows refer to (see archive.py)
    USER: Scoped("memberships__organisation"),
    "accounts.invitation": Scoped("organisation"),
    "api.apitoken": Scoped("organisation"),  # only the hash of a token is stored
    "sso.identityprovider": Scoped("organisation"),
    "sso.ssoidentity": Scoped("provider__organisation"),
    "signins.signinevent": Scoped("organisation"),
    "siteadmin.auditentry": Scoped("organisation"),
    # cases with their full history, jobs and their stored results
    "cases.case": Scoped("organisation"),
    "cases.revision": Scoped("case__organisation"),
    "jobs.job": Scoped("organisation"),
    "live.workshop": Scoped("case__organisation"),
    "live.parkedquestion": Scoped("case__organisation"),
    # process ownership and approval of a case's processes
    "approval.processrecord": Scoped("case__organisation"),
    "approval.approvalevent": Scoped("record__case__organisation"),
    "approval.suggestion": Scoped("record__case__organisation"),
    # courses the organisation takes part in (their shared content comes along)
    "courses.course": Scoped("members__organisation"),
    "courses.coursemember": Scoped("organisation"),
    "courses.module": Scoped("course__members__organisation"),
    "courses.readinglink": Scoped("module__course__members__organisation"),
    "courses.readingfile": Scoped("module__course__members__organisation"),
    "courses.session": Scoped("course__members__organisation"),
    "courses.evaluationquestion": Scoped("course__members__organisation"),
    "courses.evaluationresponse": Scoped("user__memberships__organisation"),
    "courses.evaluationanswer": Scoped("response__user__memberships__organisation"),
    # community
    "community.comment": Scoped("case__organisation"),
    "community.notification": Scoped("recipient__memberships__organisation"),
    "community.preference": Scoped("user__memberships__organisation"),
    "community.publishedcase": Scoped("organisation"),
    "community.templateuse": Scoped("case__organisation"),
    "community.experiencenote": Scoped("organisation"),
    # learning platforms are registered for the whole site
    "lti.platform": SiteOnly("a learning platform is registered for the whole site"),
    "lti.ltiuser": SiteOnly("links a platform's user to a Verksam user, for the whole site"),
    "lti.lticontext": SiteOnly("links a platform's course to a Verksam course"),
    "lti.linkrequest": SiteOnly("a platform's pending request, handled by site staff"),
    # not data of anyone
    "lti.launchvalue": Excluded("one-time values of LTI launches in progress"),
    "auth.group": Excluded("Verksam gives rights through organisation roles, not groups"),
    "auth.permission": Excluded("made by the migrations of the installed apps"),
    "contenttypes.contenttype": Excluded("made by the migrations of the installed apps"),
    "admin.logentry": Excluded(
        "Django admin's change log; it names content types by number, which differ per database"
    ),
    "sessions.session": Excluded("sign-ins in progress; a restored site signs everyone in again"),
    "django_tasks_database.dbtaskresult": Excluded(
        "the queue of background tasks; a job's result is stored on the job"
    ),
    "axes.accessattempt": Excluded("counts of failed sign-ins, kept for minutes"),
    "axes.accessattemptexpiration": Excluded("counts of failed sign-ins, kept for minutes"),
    "axes.accessfailurelog": Excluded("log of failed sign-ins, not kept by Verksam"),
    "axes.accesslog": Excluded("log of sign-ins, not kept by Verksam"),
}


def _job_files(row: Any) -> Iterable[str]:
    params = row.params if isinstance(row.params, dict) else {}
    return [str(p) for p in (row.result_file, params.get("file"), params.get("upload")) if p]


# Files below MEDIA_ROOT that rows name in fields that are not FileFields.
EXTRA_FILES: dict[str, Callable[[Any], Iterable[str]]] = {"jobs.job": _job_files}


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def all_models() -> list[type[models.Model]]:
    """Every model of every installed app (many-to-many tables go with their model)."""
    return list(apps.get_models())


def rule(model: type[models.Model]) -> Rule:
    """The rule of `model`. Raises KeyError for a model nobody registered."""
    return RULES[label(model)]


def in_backup(model: type[models.Model], site: bool) -> bool:
    found = rule(model)
    return isinstance(found, Scoped) or (site and isinstance(found, SiteOnly))


def ordered(models_: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """Models with every model after those it refers to (self references and cycles aside),
    so a restore can insert them in this order."""
    todo = {label(m): m for m in models_}
    done: list[type[models.Model]] = []
    seen: set[str] = set()

    def visit(model: type[models.Model], path: tuple[str, ...]) -> None:
        key = label(model)
        if key in seen or key in path:
            return
        for field in model._meta.concrete_fields:
            target = field.related_model
            if isinstance(target, type) and label(target) in todo and target is not model:
                visit(target, (*path, key))
        seen.add(key)
        done.append(model)

    for model in sorted(todo.values(), key=label):
        visit(model, ())
    return done
