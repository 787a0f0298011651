"""The catalogues of the apps that keep their own translations (process approval, case reports,
indicators) are complete and compiled for Swedish and Norwegian Bokmål."""

from __future__ import annotations

from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "verksam" / "web"


@pytest.mark.parametrize("app", ["approval", "report", "indicators"])
@pytest.mark.parametrize("language", ["sv", "nb"])
def test_the_app_catalogue_is_complete_and_compiled(app: str, language: str) -> None:
    po = WEB / app / "locale" / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime - 1
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if e.strip() and e.rstrip().endswith('msgstr ""')]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in text
