"""Admin for operators: jobs and their state."""

from django.contrib import admin

from verksam.web.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["kind", "organisation", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [
        "id", "task_id", "started_at", "finished_at", "worker_host", "worker_pid", "heartbeat_at",
        "traceback",
    ]  # fmt: skip
