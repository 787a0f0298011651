"""An owner downloads the organisation's backup (the same file `verksam backup --org` writes)."""

from __future__ import annotations

import tempfile

from django.http import FileResponse
from django.utils import timezone

from verksam.web.backup.archive import write_backup
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import MANAGE
from verksam.web.requests import OrganisationRequest


@organisation_view(MANAGE)
def download(request: OrganisationRequest, org: str) -> FileResponse:
    # A temporary file, not memory: a large organisation's backup is streamed from disk.
    spool = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115  # FileResponse closes it
    write_backup(spool, request.organisation)
    spool.seek(0)
    name = f"{org}-backup-{timezone.localdate().isoformat()}.zip"
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")
