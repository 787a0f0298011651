"""Workshop URLs of a case, below /o/<org>/cases/<case>/live/ (the socket is in routing.py)."""

from django.urls import path

from verksam.web.live import views

app_name = "live"

urlpatterns = [
    path("screen/<slug:view>/", views.screen, name="screen"),
    path("panel/", views.panel, name="panel"),
    path("lead/", views.lead, name="lead"),
    path("timer/", views.timer, name="timer"),
    path("parking/", views.park, name="park"),
    path("parking/<int:question>/", views.answered, name="answered"),
]
