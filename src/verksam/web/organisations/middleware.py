"""Resolves the organisation named in the URL once per request and checks the view's permission.

Views declare what they need with `@organisation_view(permission)`; this middleware then sets
`request.organisation` and `request.permissions` before the view runs. An anonymous visitor is sent
to sign in; a signed-in user who is not a member gets the same 404 as for an organisation that does
not exist, so the URL space reveals nothing. A member without the declared permission gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import NONE
from verksam.web.organisations.principals import UserPrincipal
from verksam.web.requests import OrganisationRequest

ATTRIBUTE = "organisation_permission"


def organisation_view(
    permission: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Declares that a view lives under `<org>` in the URL and needs `permission` there."""

    def mark(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        setattr(view, ATTRIBUTE, permission)
        return view

    return mark


class OrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # every request has the attributes (templates test them); only the views under <org> get
        # them set, and those are declared with OrganisationRequest, where they are not optional
        request.organisation = None  # type: ignore[attr-defined]
        request.permissions = NONE  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponseBase],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if "org" not in kwargs:
            return None
        permission = getattr(view, ATTRIBUTE, None)
        if permission is None:
            raise ImproperlyConfigured(
                f"{view.__module__}.{view.__name__} takes <org> but declares no permission: "
                "decorate it with @organisation_view(...)"
            )
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        organisation = Organisation.objects.filter(slug=kwargs["org"]).first()
        permissions = (
            UserPrincipal(request.user).permissions(organisation) if organisation else NONE
        )
        if organisation is None or not permissions:
            raise Http404("No such organisation")
        if permission not in permissions:
            raise PermissionDenied
        resolved = cast(OrganisationRequest, request)  # what the view is declared to receive
        resolved.organisation = organisation
        resolved.permissions = permissions
        return None
