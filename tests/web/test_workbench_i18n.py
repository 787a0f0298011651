"""The editors' and workbench pages' own catalogues (src/verksam/web/workbench/locale) are complete
and compiled, and the pages speak Swedish and Norwegian Bokmål."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "src" / "verksam" / "web" / "workbench" / "locale"


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_the_workbench_catalogues_are_complete_and_compiled(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime - 1
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [e for e in entries if e.strip() and e.rstrip().endswith('msgstr ""')]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Aktiviteter", "Lägg till aktivitet", "Nästa steg (sannolikhet)", "Värdeskapande"]),
        (
            "nb",
            ["Aktiviteter", "Legg til aktivitet", "Neste steg (sannsynlighet)", "Verdiskapende"],
        ),
        ("en", ["Activities", "Add activity", "Next steps (probability)", "Value-adding"]),
    ],
)
def test_the_activity_table_speaks_the_users_language(
    home: Any, client_for: Any, language: str, words: list[str]
) -> None:
    client = client_for(home.editor)
    client.cookies["django_language"] = language
    kwargs = {"org": home.organisation.slug, "case": home.case.slug, "view": "processes"}
    html = client.get(reverse("cases:view", kwargs=kwargs)).content.decode()
    for word in words:
        assert word in html, f"{language}: {word}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "nb"])
def test_a_bad_number_is_explained_in_the_users_language(
    home: Any, client_for: Any, language: str
) -> None:
    client = client_for(home.editor)
    client.cookies["django_language"] = language
    kwargs = {"org": home.organisation.slug, "case": home.case.slug, "view": "structure"}
    response = client.post(
        reverse("cases:editor", kwargs=kwargs),
        {"base": home.case.revision, "action": "field", "table": "roles", "column": "fte",
         "item": "structure/roles/officer", "value": "många"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    expected = {"sv": "Skriv ett tal", "nb": "Skriv et tall"}[language]
    assert response.status_code == 400 and expected in response.content.decode()


@pytest.mark.django_db
def test_the_next_step_field_speaks_norwegian(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    client.cookies["django_language"] = "nb"
    kwargs = {"org": home.organisation.slug, "case": home.case.slug, "view": "processes"}
    html = client.get(reverse("cases:view", kwargs=kwargs)).content.decode()
    assert 'placeholder="+ neste steg …"' in html and "Legg til et neste steg etter" in html
