"""Workbench URLs, below /o/<org>/cases/<case>/ (resolved by OrganisationMiddleware)."""

from django.urls import path

from verksam.web.workbench import views

app_name = "workbench"

urlpatterns = [
    path("analysis/", views.analysis, name="analysis"),
    path("simulation/", views.simulation, name="simulation"),
    path("simulation/<uuid:job>/", views.simulation_result, name="simulation_result"),
    path("mining/", views.mining, name="mining"),
    path("mining/<uuid:job>/", views.mining_result, name="mining_result"),
    path("mining/<uuid:job>/map.svg", views.mining_map, name="mining_map"),
    path("mining/<uuid:job>/map.png", views.mining_map, {"fmt": "png"}, name="mining_map_png"),
    path("benefits-report/", views.benefits, name="benefits"),
    path("benefits-report/workbook.xlsx", views.benefits_workbook, name="benefits_workbook"),
]
