"""A case row holds the current case document (JSON of verksam.model.Case) and its revision number;
every change appends a Revision with the whole document, the operation, who and when.

Reach cases only through verksam.web.cases.access, which scopes every query to an organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verksam.web.organisations.models import Organisation


class Case(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cases")
    slug = models.SlugField(max_length=100)
    name = models.CharField(_("name"), max_length=300)  # mirrors document["name"] for lists
    document = models.JSONField()
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="case_slug_per_organisation"
            )
        ]
        ordering = ["name"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """One change of a case, never altered afterwards: the document after it and what was done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    operation = models.JSONField()  # the operation as applied, with the value it replaced
    touched = models.JSONField(default=list)  # element paths it changed (for conflict checks)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A hash of the browser session the change came from: a user's own later edits made on an
    # older revision in the same session are merged, never refused as a conflict with herself.
    session = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="revision_number_per_case")
        ]
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.case} r{self.number}"

    @property
    def kind(self) -> str:
        return str(self.operation.get("op", ""))
