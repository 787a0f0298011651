"""Root URLs. Everything under /o/<org>/ is resolved by OrganisationMiddleware; the JSON API lives
under /api/v1/ with token authentication."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from verksam.web.api.api import api
from verksam.web.organisations import views as organisation_views

urlpatterns = [
    path("", organisation_views.dashboard, name="dashboard"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("verksam.web.accounts.urls")),
    path("o/", include("verksam.web.organisations.urls")),
    path("o/<slug:org>/cases/", include("verksam.web.cases.urls")),
    path("o/<slug:org>/cases/<slug:case>/", include("verksam.web.workbench.urls")),
    path("o/<slug:org>/cases/<slug:case>/", include("verksam.web.report.urls")),
    path("o/<slug:org>/cases/<slug:case>/", include("verksam.web.indicators.urls")),
    path("o/<slug:org>/cases/<slug:case>/", include("verksam.web.evaluation.urls")),
    path("o/<slug:org>/cases/<slug:case>/live/", include("verksam.web.live.urls")),
    path("o/<slug:org>/jobs/", include("verksam.web.jobs.urls")),
    path("o/<slug:org>/backup/", include("verksam.web.backup.urls")),
    path("o/<slug:org>/", include("verksam.web.mapping.urls")),
    path("o/<slug:org>/", include("verksam.web.approval.urls")),
    path("o/<slug:org>/", include("verksam.web.indicators.org_urls")),
    path("o/<slug:org>/tokens/", include("verksam.web.api.urls")),
    path("courses/", include("verksam.web.courses.urls")),
    path("", include("verksam.web.community.urls")),
    path("lti/", include("verksam.web.lti.urls")),
    path("site/", include("verksam.web.siteadmin.urls")),
    path("", include("verksam.web.sso.urls")),
    path("o/<slug:org>/sign-ins/", include("verksam.web.signins.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
