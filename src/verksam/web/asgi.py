"""ASGI entry point (`verksam.web.asgi:application`): the Django pages over HTTP and the live
WebSockets of verksam.web.live, with the session's user and the allowed hosts checked on each."""

import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verksam.web.settings")
django_application = get_asgi_application()  # sets Django up before the consumers are imported

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from verksam.web.bodylimit import BodyLimit  # noqa: E402
from verksam.web.live.routing import websocket_urlpatterns  # noqa: E402


def build(http: Any) -> ProtocolTypeRouter:
    return ProtocolTypeRouter(
        {
            "http": BodyLimit(http),  # MAX_REQUEST_BYTES, counted as the body arrives
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        }
    )


application = build(django_application)


def application_with_static_files() -> ProtocolTypeRouter:
    """The application with static files served by Django (`verksam serve`, the browser tests)."""
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    return build(ASGIStaticFilesHandler(django_application))
