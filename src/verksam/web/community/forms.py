"""Forms for comments, publishing to the library, experience notes and notification preferences."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from verksam.web.community.models import ExperienceNote, Preference
from verksam.web.community.services import ANONYMISE


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mention course members with @username."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    element = forms.ChoiceField(label=_("About"), required=False, choices=[])

    def __init__(self, *args: Any, elements: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if elements:
            cast(forms.ChoiceField, self.fields["element"]).choices = elements
        else:
            del self.fields["element"]


class EditCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Title in the library"), max_length=300)
    summary = forms.CharField(
        label=pgettext_lazy("library entry", "Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Separated by commas, e.g. school, transport.")
    )
    remove = forms.MultipleChoiceField(
        label=_("Remove before publishing"),
        choices=ANONYMISE,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An anonymised copy is published; your case itself is not changed."),
    )

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]


class ExperienceNoteForm(forms.ModelForm[ExperienceNote]):
    class Meta:
        model = ExperienceNote
        fields = ["title", "what_changed", "what_it_gave", "advice", "published"]
        widgets = {
            "what_changed": forms.Textarea(attrs={"rows": 4}),
            "what_it_gave": forms.Textarea(attrs={"rows": 4}),
            "advice": forms.Textarea(attrs={"rows": 3}),
        }


class PreferenceForm(forms.ModelForm[Preference]):
    class Meta:
        model = Preference
        fields = ["language", "email"]


class LibrarySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(label=_("Process type"), required=False)
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=[("", _("All")), ("SE", _("Sweden")), ("NO", _("Norway"))],
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, *args: Any, categories: list[str], tags: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [("", _("All"))] + [
            (c, c) for c in categories
        ]
        cast(forms.ChoiceField, self.fields["tag"]).choices = [("", _("All"))] + [
            (t, t) for t in tags
        ]
