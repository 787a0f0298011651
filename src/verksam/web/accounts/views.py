"""Sign in (listing the demo users in demo mode) and invitations; the rest are Django's own views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from verksam.web.accounts.forms import SignUpForm
from verksam.web.accounts.models import Invitation
from verksam.web.accounts.services import InvitationClosed, accept
from verksam.web.sso.forms import PasswordSignInForm


class SignInView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = PasswordSignInForm  # refuses passwords where only single sign-on is on

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.VERKSAM_DEMO:
            from verksam.web.demo import demo_logins

            context["demo_logins"] = demo_logins()
        return context


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Join an organisation: accept when signed in, or make an account first."""
    found = Invitation.objects.select_related("organisation").filter(token=token).first()
    if found is None:
        raise Http404("No such invitation")
    if not found.is_open:
        # Used or expired: say so and what to do, whether this is a late visitor or one who lost
        # a race to a simultaneous sign-up (that answer must not depend on the timing).
        if request.method == "POST":
            return _closed(request, found)
        return render(request, "accounts/invitation.html", {"invitation": found}, status=410)
    form = SignUpForm()
    login_url = f"{reverse('accounts:login')}?next={request.path}"
    if request.method == "POST":
        signing_up = not request.user.is_authenticated
        if signing_up:
            form = SignUpForm(request.POST)
            if not form.is_valid():
                return render(
                    request, "accounts/invitation.html", {"invitation": found, "form": form}
                )
        try:
            # The new account and the acceptance stand or fall together: an invitation someone
            # else took a moment ago leaves no account behind.
            with transaction.atomic():
                user = form.save() if signing_up else request.user
                assert isinstance(user, User)  # signed in, or just signed up
                _membership, created = accept(found, user)
        except InvitationClosed:
            return _closed(request, found)
        if signing_up:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if created:
            messages.success(
                request, _("Welcome to %(organisation)s.") % {"organisation": found.organisation}
            )
        else:
            messages.info(
                request,
                _("You were already a member of %(organisation)s; your role is unchanged.")
                % {"organisation": found.organisation},
            )
        return redirect("organisations:detail", org=found.organisation.slug)
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": found, "form": form, "login_url": login_url},
    )


def _closed(request: HttpRequest, found: Invitation) -> HttpResponse:
    messages.error(
        request,
        _(
            "This invitation to %(organisation)s has just been used by someone else. "
            "Ask the organisation for a new invitation."
        )
        % {"organisation": found.organisation},
    )
    return redirect("accounts:login")
