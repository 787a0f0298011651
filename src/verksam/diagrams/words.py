"""The fixed words on a sheet (legends, headings, blueprint lines) in English, Swedish and Bokmål.

The case's language setting picks the language; element names come from the case as written.
"""

from __future__ import annotations

from verksam.model import Case

_WORDS: dict[str, tuple[str, str]] = {
    # English: (Swedish, Norwegian Bokmål)
    "Legend": ("Teckenförklaring", "Tegnforklaring"),
    "activity": ("aktivitet", "aktivitet"),
    "sub-process": ("delprocess", "delprosess"),
    "exclusive choice (XOR)": ("exklusivt val (XOR)", "eksklusivt valg (XOR)"),
    "parallel (AND)": ("parallellt (AND)", "parallelt (AND)"),
    "inclusive choice (OR)": ("inkluderande val (OR)", "inkluderende valg (OR)"),
    "event-based choice": ("händelsestyrt val", "hendelsesbasert valg"),
    "start": ("start", "start"),
    "end": ("slut", "slutt"),
    "event": ("händelse", "hendelse"),
    "boundary event on its activity": (
        "gränshändelse på sin aktivitet",
        "grensehendelse på sin aktivitet",
    ),
    "flow": ("flöde", "flyt"),
    "wait": ("väntan", "venting"),
    "cash-releasing": ("budgetpåverkande", "budsjetteffekt"),
    "reallocation": ("omfördelningsnytta", "alternativ bruk"),
    "other public sector": ("annan offentlig sektor", "annen offentlig sektor"),
    "non-monetised": ("ej värderad i pengar", "ikke-prissatt"),
    "loop back (rework)": ("återkoppling (omarbete)", "tilbakeløp (omarbeid)"),
    "note": ("kommentar", "merknad"),
    "share of cases": ("andel ärenden", "andel saker"),
    "line of interaction": ("interaktionslinje", "interaksjonslinje"),
    "line of visibility": ("synlighetslinje", "synlighetslinje"),
    "line of internal interaction": ("intern interaktionslinje", "intern interaksjonslinje"),
    "Citizen": ("Medborgare", "Innbygger"),
    "Front stage": ("Front stage", "Front stage"),
    "Back stage": ("Back stage", "Back stage"),
    "Support": ("Stöd", "Støtte"),
    "(no lane)": ("(ingen bana)", "(ingen bane)"),
    "Swimlane diagram": ("Simbanediagram", "Svømmebanediagram"),
    "Service blueprint": (
        "Tjänsteritning (service blueprint)",
        "Tjenestetegning (service blueprint)",
    ),
    "Goal tree": ("Målträd", "Måltre"),
    "Process diagram": ("Processdiagram", "Prosessdiagram"),
    "Assembly line diagram": (
        "Löpandebandsdiagram (assembly line)",
        "Samlebåndsdiagram (assembly line)",
    ),
    "Conceptual model": ("Begreppsmodell", "Begrepsmodell"),
    "Sequence diagram": ("Sekvensdiagram", "Sekvensdiagram"),
    "State machine": ("Tillståndsdiagram", "Tilstandsdiagram"),
    "Effect map": ("Effektkarta", "Effektkart"),
    "Benefit map": ("Nyttokarta", "Gevinstkart"),
    "Stakeholder grid": ("Intressentanalys", "Interessentanalyse"),
    "Organisation chart": ("Organisationsschema", "Organisasjonskart"),
    "variant": ("variant", "variant"),
    "Why": ("Varför", "Hvorfor"),
    "Who": ("Vilka", "Hvem"),
    "What": ("Vad", "Hva"),
    "How": ("Hur", "Hvordan"),
    "Changes": ("Förändringar", "Endringer"),
    "Effects": ("Effekter", "Effekter"),
    "Benefits": ("Nyttor", "Gevinster"),
    "Goals": ("Mål", "Mål"),
    "Power": ("Inflytande", "Makt"),
    "Interest": ("Intresse", "Interesse"),
    "Manage closely": ("Hantera nära", "Følg tett"),
    "Keep satisfied": ("Håll nöjda", "Hold tilfreds"),
    "Keep informed": ("Håll informerade", "Hold informert"),
    "Monitor": ("Bevaka", "Overvåk"),
    "low": ("låg", "lav"),
    "medium": ("medel", "middels"),
    "high": ("hög", "høy"),
    "positive": ("positiv", "positiv"),
    "neutral": ("neutral", "nøytral"),
    "negative": ("negativ", "negativ"),
    "desired": ("önskad", "ønsket"),
    "goal": ("mål", "mål"),
    "quantitative goal": ("kvantitativt mål", "kvantitativt mål"),
    "problem": ("problem", "problem"),
    "blocks": ("hindrar", "hindrer"),
    "causes": ("orsakar", "forårsaker"),
    "sub-goal": ("delmål", "delmål"),
    "complementary": ("kompletterar", "utfyller"),
    "contradictory": ("motverkar", "motvirker"),
    "dependent": ("beror på", "avhenger av"),
    "vision": ("vision", "visjon"),
    "reads": ("läser", "leser"),
    "writes": ("skriver", "skriver"),
    "uses": ("använder", "bruker"),
    "information": ("information", "informasjon"),
    "IT system": ("IT-system", "IT-system"),
    "process": ("process", "prosess"),
    "message": ("meddelande", "melding"),
    "reply": ("svar", "svar"),
    "state": ("tillstånd", "tilstand"),
    "initial state": ("starttillstånd", "starttilstand"),
    "final state": ("sluttillstånd", "slutttilstand"),
    "transition": ("övergång", "overgang"),
    "prerequisite": ("förutsättning", "forutsetning"),
    "dis-benefit": ("negativ nytta", "negativ gevinst"),
    "unit": ("enhet", "enhet"),
    "external unit": ("extern part", "ekstern part"),
    "role": ("roll", "rolle"),
    "target group": ("målgrupp", "målgruppe"),
    "need / behaviour change": ("behov / beteendeförändring", "behov / atferdsendring"),
    "deliverable": ("leverans", "leveranse"),
    "effect goal": ("effektmål", "effektmål"),
    "change": ("förändring", "endring"),
    "effect": ("effekt", "effekt"),
    "benefit": ("nytta", "gevinst"),
    "attitude now → desired": ("attityd nu → önskad", "holdning nå → ønsket"),
}


def language(case: Case | None) -> str:
    if case is None:
        return "en"
    lang = case.settings.effective_language
    return lang if lang in ("sv", "nb") else "en"


def word(lang: str, text: str) -> str:
    """`text` in `lang` (sv, nb or en); unknown words stay English."""
    pair = _WORDS.get(text)
    if pair is None or lang == "en":
        return text
    return pair[0] if lang == "sv" else pair[1]
