"""Courses in the admin, for operators (facilitators use the course pages)."""

from __future__ import annotations

from django.contrib import admin

from verksam.web.courses.models import Course, CourseMember, Module, Session


class MemberInline(admin.TabularInline[CourseMember, Course]):
    model = CourseMember
    extra = 0
    raw_id_fields = ["user", "organisation", "case"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ["title", "starts_on", "ends_on", "joining_open"]
    search_fields = ["title"]
    inlines = [MemberInline]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin[Module]):
    list_display = ["title", "course", "step", "due_on"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin[Session]):
    list_display = ["title", "course", "kind", "format", "timing", "starts_at", "opens_on"]
