"""The one check for site-administration pages: anonymous visitors are sent to sign in, anybody who
is not a site administrator (Django's superuser flag) gets the same 404 as for a missing page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse


def is_site_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def site_admin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_site_admin(request.user):
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return wrapper
