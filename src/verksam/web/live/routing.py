"""WebSocket routes (the ASGI counterpart of urls.py); tests/web/test_isolation_matrix.py covers
every route here."""

from django.urls import path

from verksam.web.live.consumers import CaseConsumer, CourseCaseConsumer

websocket_urlpatterns = [
    path("ws/o/<slug:org>/cases/<slug:case>/", CaseConsumer.as_asgi(), name="case_socket"),
    path(
        "ws/courses/<int:course>/participants/<int:member>/",
        CourseCaseConsumer.as_asgi(),
        name="course_case_socket",
    ),
]
