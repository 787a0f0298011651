"""Course and community pages in Swedish, Norwegian Bokmål and English (compiled catalogues)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (language, words that must appear on the course page, the dashboard and the library)
EXPECTED = {
    "sv": ("Moduler", "Förlopp per deltagare", "Ärendebibliotek"),
    "nb": ("Moduler", "Fremdrift per deltaker", "Saksbibliotek"),
    "en": ("Modules", "Progress per participant", "Case library"),
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_course_pages_speak_the_chosen_language(setup, client_for, settings, language) -> None:
    client = client_for(setup.facilitator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    course, dashboard, library = EXPECTED[language]
    page = client.get(reverse("courses:detail", kwargs={"course": setup.course.pk}))
    assert f'<html lang="{language}">' in page.content.decode()
    assert course in page.content.decode()
    text = client.get(reverse("courses:dashboard", kwargs={"course": setup.course.pk})).content
    assert dashboard in text.decode()
    assert library in client.get(reverse("community:library")).content.decode()


def test_session_kinds_and_course_roles_are_translated(setup, client_for, settings) -> None:
    client = client_for(setup.facilitator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    text = client.get(reverse("courses:list")).content.decode()
    assert "Kursleder" in text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = client.get(
        reverse("courses:session", kwargs={"course": setup.course.pk, "session": setup.session.pk})
    )
    assert "Workshop" in page.content.decode() and "Virtuellt möte" in page.content.decode()


@pytest.mark.parametrize(("language", "word"), [("sv", "Träffar"), ("nb", "Samlinger")])
def test_course_meetings_are_not_confused_with_login_sessions(
    setup, client_for, settings, language, word
) -> None:
    """Django's sessions app translates "Sessions" as login sessions; courses use a context."""
    client = client_for(setup.facilitator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = client.get(reverse("courses:detail", kwargs={"course": setup.course.pk})).content
    assert f">{word}</h2>" in text.decode()
