"""The starter case's own words (role, steps, process) in the case's language."""

from __future__ import annotations

# English: (Swedish, Norwegian Bokmål)
_WORDS: dict[str, tuple[str, str]] = {
    "Unit": ("Enhet", "Enhet"),
    "Case officer": ("Handläggare", "Saksbehandler"),
    "Process": ("Process", "Prosess"),
    "A request arrives": ("En begäran kommer in", "En henvendelse kommer inn"),
    "As-is": ("Nuläge", "Nåsituasjon"),
    "Request received": ("Begäran mottagen", "Henvendelse mottatt"),
    "Handle the request": ("Handlägg begäran", "Behandle henvendelsen"),
    "Answer sent": ("Svar skickat", "Svar sendt"),
}


def starter_word(language: str, text: str) -> str:
    """`text` of the starter case in `language` (sv, nb; anything else keeps the English)."""
    pair = _WORDS[text]
    return {"sv": pair[0], "nb": pair[1]}.get(language, text)
