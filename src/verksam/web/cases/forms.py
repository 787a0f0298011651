"""Forms for creating, importing and renaming cases, and for one edit operation."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from verksam.web.cases.templates_catalogue import template_choices
from verksam.web.interchange.uploads import ACCEPTED


class CreateCaseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    template = forms.ChoiceField(label=_("Start from"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["template"]).choices = template_choices()


class ImportCaseForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A Verksam case file (.yaml, .yml, .json); a process model from a modelling tool: "
            "BPMN 2.0 (.bpmn, .xml), ArchiMate exchange file (.xml) or Visio drawing (.vsdx); "
            "or a step list from Excel (.xlsx, .csv)."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (limit %(limit)s MB).")
                % {"limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if not upload.name.lower().endswith(ACCEPTED):
            raise forms.ValidationError(
                _(
                    "Choose a case file (.yaml, .json), a process model (.bpmn, .xml, .vsdx) or a "
                    "step list (.xlsx, .csv)."
                )
            )
        return upload


class RenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=300)
    base = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class OperationForm(forms.Form):
    """One edit as sent by the editors: the value is JSON (a string value is JSON too: "text")."""

    op = forms.ChoiceField(choices=[("add", "add"), ("change", "change"), ("remove", "remove")])
    path = forms.CharField(max_length=1000)
    value = forms.CharField(required=False, widget=forms.Textarea)
    base = forms.IntegerField(min_value=1)
    next = forms.CharField(required=False, max_length=1000)

    def clean_value(self) -> Any:
        text = self.cleaned_data.get("value", "")
        if text == "":
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _("The value is not valid JSON: %(error)s") % {"error": exc.msg}
            ) from None
        except (ValueError, RecursionError):  # a number of over 4,300 digits; nesting too deep
            raise forms.ValidationError(
                _(
                    "The value is too large to be read: a number has too many digits, or lists "
                    "are nested too deeply."
                )
            ) from None

    def operation(self) -> dict[str, Any]:
        data = self.cleaned_data
        operation = {"op": data["op"], "path": data["path"]}
        if data["op"] != "remove":
            operation["value"] = data["value"]
        return operation
