"""The fixed words on a sheet (legends, headings, blueprint lines) in English, Swedish and Bokmål.

The case's language setting picks the language; element names come from the case as written.
"""

from __future__ import annotations

from verksam.model import Case

_WORDS: dict[str, tuple[str, str]] = {
    # English: (Swedish, Norwegian Bokmål)
    "Legend": ("Teckenförklaring", "Tegnforklaring"),
    # fte: årsarbetare / årsverk, full-time equivalent
    "FTE": ("årsarbetare", "årsverk"),
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
    # stereotypes («...») of the Eriksson–Penker views and task kinds
    "achieve": ("uppnår", "oppnår"),
    "supply": ("försörjer", "forsyner"),
    "control": ("styr", "styrer"),
    "people": ("personer", "personer"),
    "physical": ("fysisk", "fysisk"),
    "abstract": ("abstrakt", "abstrakt"),
    "system": ("system", "system"),
    "resource": ("resurs", "ressurs"),
    "user": ("användare", "bruker"),
    "manual": ("manuell", "manuell"),
    "service": ("tjänst", "tjeneste"),
    "send": ("skicka", "send"),
    "receive": ("ta emot", "motta"),
    "script": ("skript", "skript"),
    "business-rule": ("affärsregel", "forretningsregel"),
    "call": ("anrop", "kall"),
    "as-is": ("nuläge", "nåsituasjon"),
    "to-be": ("börläge", "ønsket situasjon"),
    "alternative": ("alternativ", "alternativ"),
    "frequencies": ("frekvenser", "frekvenser"),
    "mean times": ("medeltider", "gjennomsnittstider"),
    "Discovered process map": ("Upptäckt processkarta", "Oppdaget prosesskart"),
    "activity (count)": ("aktivitet (antal)", "aktivitet (antall)"),
    "activity (mean duration)": ("aktivitet (medeltid)", "aktivitet (gjennomsnittstid)"),
    "rare path": ("sällsynt väg", "sjelden vei"),
    "most frequent path ({n})": ("vanligaste vägen ({n})", "vanligste vei ({n})"),
    "slowest quarter of paths": (
        "långsammaste fjärdedelen av vägarna",
        "tregeste firedel av veiene",
    ),
    "Start": ("Start", "Start"),
    "End": ("Slut", "Slutt"),
    "event [guard] / action": ("händelse [villkor] / åtgärd", "hendelse [vilkår] / handling"),
    "timer": ("tidsstyrd", "tidsstyrt"),
    "signal": ("signal", "signal"),
    "conditional": ("villkorad", "betinget"),
    "error": ("fel", "feil"),
    "escalation": ("eskalering", "eskalering"),
    "compensation": ("kompensation", "kompensasjon"),
    "terminate": ("avsluta allt", "avslutt alt"),
    "link": ("länk", "lenke"),
    "cancel": ("avbryt", "avbryt"),
    "multiple": ("flera", "flere"),
}

# Whole sentences (text alternatives of the diagrams), as str.format templates.
_SENTENCES: dict[str, tuple[str, str, str]] = {
    "swimlane": (
        "{kind} of the process {process}, variant {variant} ({variant_kind}): {activities} "
        "activities in {lanes} lanes, {flows} flows, read left to right.",
        "{kind} för processen {process}, variant {variant} ({variant_kind}): {activities} "
        "aktiviteter i {lanes} banor, {flows} flöden, läses från vänster till höger.",
        "{kind} for prosessen {process}, variant {variant} ({variant_kind}): {activities} "
        "aktiviteter i {lanes} baner, {flows} flyter, leses fra venstre mot høyre.",
    ),
    "Swimlane activity diagram": (
        "Swimlane activity diagram",
        "Simbanediagram",
        "Svømmebanediagram",
    ),
    "ep-process": (
        "Eriksson–Penker process diagram of {process}: {goals} goals achieved, trigger "
        "“{trigger}”, {inputs} inputs, {outputs} outputs, {supplies} supplying and {controls} "
        "controlling resources.",
        "Eriksson–Penker-processdiagram för {process}: {goals} mål som uppnås, utlösande "
        "händelse ”{trigger}”, {inputs} indata, {outputs} utdata, {supplies} försörjande och "
        "{controls} styrande resurser.",
        "Eriksson–Penker-prosessdiagram for {process}: {goals} mål som oppnås, utløsende "
        "hendelse «{trigger}», {inputs} inndata, {outputs} utdata, {supplies} forsynende og "
        "{controls} styrende ressurser.",
    ),
    "none": ("none", "ingen", "ingen"),
    "assembly-processes": (
        "Assembly line diagram: {columns} processes across the top and {lanes} information "
        "objects and systems as lanes, with read/write references.",
        "Löpandebandsdiagram: {columns} processer överst och {lanes} informationsobjekt och "
        "system som banor, med läs- och skrivreferenser.",
        "Samlebåndsdiagram: {columns} prosesser øverst og {lanes} informasjonsobjekter og "
        "systemer som baner, med lese- og skrivereferanser.",
    ),
    "assembly-activities": (
        "Assembly line diagram: {columns} activities across the top and {lanes} information "
        "objects and systems as lanes, with read/write references.",
        "Löpandebandsdiagram: {columns} aktiviteter överst och {lanes} informationsobjekt och "
        "system som banor, med läs- och skrivreferenser.",
        "Samlebåndsdiagram: {columns} aktiviteter øverst og {lanes} informasjonsobjekter og "
        "systemer som baner, med lese- og skrivereferanser.",
    ),
    "effects": (
        "Effect map: {goals} effect goals, {groups} target groups, {needs} needs and "
        "{deliverables} deliverables, read left to right.",
        "Effektkarta: {goals} effektmål, {groups} målgrupper, {needs} behov och {deliverables} "
        "leveranser, läses från vänster till höger.",
        "Effektkart: {goals} effektmål, {groups} målgrupper, {needs} behov og {deliverables} "
        "leveranser, leses fra venstre mot høyre.",
    ),
    "benefits": (
        "Benefit map with {changes} changes, {effects} effects and {benefits} benefits leading "
        "to goals, left to right.",
        "Nyttokarta med {changes} förändringar, {effects} effekter och {benefits} nyttor som "
        "leder till mål, från vänster till höger.",
        "Gevinstkart med {changes} endringer, {effects} effekter og {benefits} gevinster som "
        "fører til mål, fra venstre mot høyre.",
    ),
    "structure": (
        "Organisation chart with {units} units and {roles} roles.",
        "Organisationsschema med {units} enheter och {roles} roller.",
        "Organisasjonskart med {units} enheter og {roles} roller.",
    ),
    "stakeholders": (
        "Power and interest grid with {people} stakeholders; the sign and shape show the "
        "attitude now and the desired attitude.",
        "Inflytande- och intressediagram med {people} intressenter; tecken och form visar "
        "attityden nu och den önskade attityden.",
        "Makt- og interessediagram med {people} interessenter; tegn og form viser holdningen "
        "nå og den ønskede holdningen.",
    ),
    "goals": (
        "Goal tree with {goals} goals and {problems} problems.",
        "Målträd med {goals} mål och {problems} problem.",
        "Måltre med {goals} mål og {problems} problemer.",
    ),
    "goals-vision": (
        "Goal tree with {goals} goals and {problems} problems under the vision: {vision}",
        "Målträd med {goals} mål och {problems} problem under visionen: {vision}",
        "Måltre med {goals} mål og {problems} problemer under visjonen: {vision}",
    ),
    "sequence": (
        "Sequence diagram {name}: {participants} participants and {messages} numbered "
        "messages, top to bottom.",
        "Sekvensdiagram {name}: {participants} deltagare och {messages} numrerade meddelanden, "
        "uppifrån och ned.",
        "Sekvensdiagram {name}: {participants} deltakere og {messages} nummererte meldinger, "
        "ovenfra og ned.",
    ),
    "states": (
        "State machine {name}: {states} states and {transitions} transitions.",
        "Tillståndsdiagram {name}: {states} tillstånd och {transitions} övergångar.",
        "Tilstandsdiagram {name}: {states} tilstander og {transitions} overganger.",
    ),
    "process-map": (
        "Discovered process map with {activities} activities and {paths} paths, showing "
        "{what}; thicker arrows were taken more often, dashed arrows loop back.",
        "Upptäckt processkarta med {activities} aktiviteter och {paths} vägar som visar "
        "{what}; tjockare pilar togs oftare, streckade pilar går tillbaka.",
        "Oppdaget prosesskart med {activities} aktiviteter og {paths} veier som viser {what}; "
        "tykkere piler ble brukt oftere, stiplede piler går tilbake.",
    ),
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


def decimal(lang: str, text: str) -> str:
    """A number written with a decimal point, with the language's decimal comma (sv, nb)."""
    return text.replace(".", ",") if lang in ("sv", "nb") else text


def hours_unit(lang: str) -> str:
    """The short unit for hours: "t" (timer) in Norwegian, "h" otherwise."""
    return "t" if lang == "nb" else "h"


def stereotype(lang: str, kind: str) -> str:
    """A stereotype label such as «goal» in `lang` («mål»)."""
    return f"«{word(lang, kind)}»"


def sentence(lang: str, key: str, **params: object) -> str:
    """A whole sentence of `_SENTENCES` in `lang`, filled in with `params`."""
    en, sv, nb = _SENTENCES[key]
    return {"sv": sv, "nb": nb}.get(lang, en).format(**params)
