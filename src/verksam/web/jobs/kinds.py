"""Built-in job kinds. The workspace export writes every case of the organisation (trash included)
as case files in one zip archive; the workspace import reads such an archive back, all or nothing.
"""

from __future__ import annotations

import uuid
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verksam.formats import CaseFileError, FileProblem, dump_case, loads_case
from verksam.formats.casefile import Format
from verksam.limits import LimitError, read_capped, too_large
from verksam.model import Case
from verksam.web.cases.access import all_cases_of
from verksam.web.cases.services import create_case, model_of
from verksam.web.jobs.limits import current_limits, limit_message
from verksam.web.jobs.models import Job
from verksam.web.jobs.registry import Report, job_kind


@job_kind("export-workspace", _("Workspace export"))
def export_workspace(job: Job, report: Report) -> dict[str, Any]:
    cases = list(all_cases_of(job.organisation).order_by("slug"))
    relative = Path("jobs") / str(job.pk) / f"{job.organisation.slug}-cases.zip"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, case in enumerate(cases, 1):
            folder = "trash/" if case.deleted_at else ""
            archive.writestr(f"{folder}{case.slug}.yaml", dump_case(model_of(case), "yaml"))
            report(number / max(len(cases), 1), case.name)
    Job.objects.filter(pk=job.pk).update(result_file=relative.as_posix())
    return {"cases": len(cases), "file": relative.name}


MAX_FILES = 2000


@job_kind("import-workspace", _("Workspace import"))
def import_workspace(job: Job, report: Report) -> dict[str, Any]:
    """Every case file of an uploaded zip as new cases (those under trash/ go to the trash).

    Every file is read and checked before anything is saved; one broken file fails the job with
    the problems of all files, and no case is created. The archive unpacks only up to the
    MAX_UNCOMPRESSED_BYTES setting, counted as it is unpacked (a zip's own sizes can lie).
    """
    archive_path = Path(settings.MEDIA_ROOT) / str(job.params["upload"])
    filename = str(job.params.get("filename") or archive_path.name)
    try:
        parsed = _read_archive(archive_path, filename, report)
    except LimitError as exc:
        raise ValueError(limit_message(exc, filename)) from None
    with transaction.atomic():
        for name, case in parsed:
            row = create_case(job.organisation, job.created_by, case, how="import")
            if name.startswith("trash/"):
                row.deleted_at = timezone.now()
                row.deleted_by = job.created_by
                row.save(update_fields=["deleted_at", "deleted_by"])
    archive_path.unlink(missing_ok=True)
    report(1.0, "")
    return {"cases": len(parsed)}


def _read_archive(archive_path: Path, filename: str, report: Report) -> list[tuple[str, Case]]:
    """Every case file of the zip, parsed; CaseFileError with the problems of all broken files."""
    budget = current_limits().uncompressed_bytes
    parsed: list[tuple[str, Case]] = []
    problems: list[FileProblem] = []
    with zipfile.ZipFile(archive_path) as archive:
        names = [
            n for n in archive.namelist()
            if n.lower().endswith((".yaml", ".yml", ".json")) and not n.endswith("/")
        ]  # fmt: skip
        if len(names) > MAX_FILES:
            raise ValueError(
                f"the archive holds {len(names)} case files; at most {MAX_FILES} at once"
            )
        if sum(archive.getinfo(name).file_size for name in names) > budget:
            raise too_large(filename, budget)  # refused before unpacking anything
        for number, name in enumerate(names, 1):
            fmt: Format = "json" if name.lower().endswith(".json") else "yaml"
            try:
                with archive.open(name) as member:
                    data = read_capped(member, budget, filename)
                budget -= len(data)
                text = data.decode("utf-8")
                parsed.append((name, loads_case(text, fmt, name=name, check=False)))
            except UnicodeDecodeError:
                problems.append(FileProblem(name, "the file is not UTF-8 text"))
            except CaseFileError as exc:
                problems.extend(exc.problems)
            report(0.8 * number / max(len(names), 1), name)
    if problems:
        raise CaseFileError(problems)
    return parsed


def start_case_import(organisation: Any, user: Any, upload: Any) -> Job:
    """Keep an uploaded case file (or model, or step list) and start a job that imports it."""
    from verksam.web.jobs.services import start_job

    suffix = "".join(Path(upload.name).suffixes[-1:]).lower()
    relative = Path("uploads") / f"{uuid.uuid4()}{suffix}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    params = {"upload": relative.as_posix(), "filename": upload.name}
    return start_job(organisation, user, "import-case", params)


@job_kind("import-case", _("Case import"))
def import_case_file(job: Job, report: Report) -> dict[str, Any]:
    """Import one uploaded file as a new case (as the import page does for small files)."""
    from django.utils.translation import gettext

    from verksam.formats.steplist import StepListError
    from verksam.web.cases.services import InterchangeError, import_file
    from verksam.web.interchange.report import error_text, step_problem_text

    path = Path(settings.MEDIA_ROOT) / str(job.params["upload"])
    filename = str(job.params["filename"])
    report(0.1, filename)
    try:
        case, notes = import_file(job.organisation, job.created_by, path.read_bytes(), filename)
    except UnicodeDecodeError:
        raise ValueError(gettext("The file is not UTF-8 text.")) from None
    except CaseFileError as exc:
        raise ValueError("\n".join(str(problem) for problem in exc.problems)) from None
    except InterchangeError as exc:
        raise ValueError(error_text(exc)) from None
    except StepListError as exc:
        raise ValueError("\n".join(step_problem_text(p) for p in exc.problems)) from None
    finally:
        path.unlink(missing_ok=True)
    return {"case": case.slug, "name": case.name, "notes": notes}
