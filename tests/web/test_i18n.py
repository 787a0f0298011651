"""Key pages render in Swedish, Norwegian Bokmål and English; validation problems are translated;
numbers are formatted for the language; the catalogues are compiled and complete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from verksam.model.validation import MESSAGES
from verksam.web.cases import services

LOCALE = Path(__file__).resolve().parents[2] / "src" / "verksam" / "web" / "locale"
EXPECTED = {"sv": ("ärenden", "Logga in"), "nb": ("saker", "Logg inn"), "en": ("cases", "Sign in")}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "nb", "en"])
def test_key_pages_render_in_each_language(home: Any, client_for: Any, language: str) -> None:
    cases_word, sign_in = EXPECTED[language]
    client = client_for(home.viewer)
    org = home.organisation.slug
    pages = [
        reverse("dashboard"),
        reverse("organisations:detail", kwargs={"org": org}),
        reverse("cases:list", kwargs={"org": org}),
        reverse("cases:detail", kwargs={"org": org, "case": home.case.slug}),
        reverse("cases:history", kwargs={"org": org, "case": home.case.slug}),
        reverse("cases:view", kwargs={"org": org, "case": home.case.slug, "view": "processes"}),
    ]
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in page, url
        assert cases_word in page.lower(), url
    assert (
        sign_in
        in Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    )


@pytest.mark.django_db
def test_the_language_switcher_keeps_the_choice(home: Any, client_for: Any) -> None:
    client = client_for(home.viewer)
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert '<html lang="nb">' in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_validation_problems_are_shown_in_the_users_language(home: Any, client_for: Any) -> None:
    services.apply_operation(
        home.case,
        home.owner,
        {"op": "change", "path": "structure/roles/officer/unit", "value": "ghost"},
        1,
    )
    url = reverse("cases:detail", kwargs={"org": home.organisation.slug, "case": home.case.slug})
    swedish = client_for(home.viewer).get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    norwegian = client_for(home.viewer).get(url, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    # the kind of element is a word of the language, and the place is named, not a path
    assert (
        "enhet ”ghost” finns inte i ärendet" in swedish and "roll “Case officer” › enhet" in swedish
    )
    assert (
        "enhet «ghost» finnes ikke i saken" in norwegian
        and "rolle “Case officer” › enhet" in norwegian
    )
    assert "structure.roles" not in swedish + norwegian


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_every_validation_message_has_a_translation_with_the_same_placeholders(
    language: str,
) -> None:
    import re

    with translation.override(language):
        for code, template in MESSAGES.items():
            translated = translation.gettext(template)
            assert translated != template, f"{language}: {code} is not translated"
            assert sorted(re.findall(r"{\w+", translated)) == sorted(
                re.findall(r"{\w+", template)
            ), code


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_catalogues_are_compiled_and_complete(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime - 1
    text = po.read_text(encoding="utf-8")
    assert 'msgstr ""\n\n' not in text.split("\n\n", 1)[1] + "\n\n", "an untranslated message"
    assert "#, fuzzy" not in text


def test_numbers_are_formatted_for_the_language() -> None:
    from verksam.web.cases.pages import _num

    with translation.override("sv"):
        assert _num(1234.5) == "1\xa0234,50"
    with translation.override("en"):
        assert _num(1234.5) == "1,234.50"
        # the formatted figures are kept per value and language: 5 and 5.0 stay apart
        assert (_num(5), _num(5.0), _num(5)) == ("5", "5.0", "5")
    with translation.override("nb"):
        assert _num(5.0) == "5,0"
