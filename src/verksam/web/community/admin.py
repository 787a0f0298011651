"""Library entries, comments and experience notes in the admin, for operators (moderation)."""

from __future__ import annotations

from django.contrib import admin

from verksam.web.community.models import Comment, ExperienceNote, PublishedCase


@admin.register(PublishedCase)
class PublishedCaseAdmin(admin.ModelAdmin[PublishedCase]):
    list_display = ["title", "organisation", "country", "published_at", "withdrawn_at"]
    search_fields = ["title", "search_text"]
    exclude = ["document"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = ["author", "case", "session", "created_at", "deleted_at"]
    raw_id_fields = ["author", "parent", "case", "session", "course", "mentions"]


@admin.register(ExperienceNote)
class ExperienceNoteAdmin(admin.ModelAdmin[ExperienceNote]):
    list_display = ["title", "organisation", "published", "updated_at"]
