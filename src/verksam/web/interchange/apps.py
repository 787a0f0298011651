"""Django app of the interchange upload helpers (it holds their translations)."""

from __future__ import annotations

from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "verksam.web.interchange"
    label = "interchange"
    verbose_name = "Interchange"
