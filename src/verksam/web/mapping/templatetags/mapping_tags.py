"""`{% map_start organisation %}`: the "Map a process" form, for the home and organisation pages."""

from __future__ import annotations

from typing import Any

from django import template

from verksam.web.mapping.start import start_form

register = template.Library()


@register.inclusion_tag("mapping/_start_form.html")
def map_start(organisation: Any) -> dict[str, Any]:
    return {"organisation": organisation, "start_form": start_form(organisation)}


@register.inclusion_tag("mapping/_case_overview.html", takes_context=True)
def case_mapping(context: template.Context) -> dict[str, Any]:
    """The case overview's processes (each opening its step table) and the case settings form."""
    from verksam.web.mapping.settings import SettingsForm

    model = context["model"]
    perms = context.get("perms_here") or ()
    return {
        "case": context["case"],
        "organisation": context["organisation"],
        "model": model,
        "can_edit": "edit" in perms,
        "settings_form": SettingsForm(model),
        "settings": model.settings,
        # languages by their own names, as the language switcher shows them
        "language_name": {"sv": "svenska", "nb": "norsk bokmål", "en": "English"}[
            model.settings.effective_language
        ],
    }
