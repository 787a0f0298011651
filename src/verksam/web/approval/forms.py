"""Forms of process approval: owner and review date, a decision, a suggestion, an answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from verksam.web.organisations.models import Organisation


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Process owner"),
        empty_label=_("(nobody yet)"),
    )  # fmt: skip
    review_date = forms.DateField(
        label=_("Next review"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        # only members of the organisation can own its processes
        field.queryset = User.objects.filter(memberships__organisation=organisation).order_by(
            "username"
        )


class DecisionForm(forms.Form):
    ACTIONS = ["submit", "approve", "return", "publish", "confirm"]

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    review_date = forms.DateField(
        label=_("Next review"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class SuggestionForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"))
    text = forms.CharField(
        label=_("Your suggestion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, steps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["step"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = steps


class ResolveForm(forms.Form):
    response = forms.CharField(
        label=_("Answer to the suggestion"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
