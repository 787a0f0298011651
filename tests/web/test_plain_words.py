"""Words, not paths: every page a case reaches (its views, the workbench, courses and community)
speaks Swedish or Norwegian Bokmål to a Swedish or Norwegian user: no English UI words and no
internal paths or ids, for every pilot case and for new cases. What users typed (names,
descriptions) is data and is left out of the check."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from tests.web.conftest import Tenant, make_tenant
from tests.web.test_isolation_matrix import PAGES, PERSONAL, Objects, objects_for, walk
from verksam.formats import load_case
from verksam.web.cases.access import access_case
from verksam.web.cases.pages import PAGES as VIEW_PAGES
from verksam.web.cases.services import create_case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
APPS = (
    "cases:", "workbench:", "courses:", "community:", "mapping:", "evaluation:", "indicators:",
    "approval:", "report:", "interchange:", "organisations:", "jobs:",
)  # fmt: skip

# English words a sv/nb page has no business showing; none of them is also a Swedish or
# Norwegian word (so "show", "must", "back", "medium", "zoom", "split" are not here).
ENGLISH = [
    "the",
    "this",
    "that",
    "there",
    "these",
    "with",
    "which",
    "what",
    "when",
    "where",
    "who",
    "your",
    "you",
    "yet",
    "nothing",
    "unassigned",
    "unknown",
    "cannot",
    "should",
    "would",
    "have",
    "has",
    "been",
    "were",
    "will",
    "each",
    "every",
    "into",
    "about",
    "only",
    "here",
    "add",
    "delete",
    "remove",
    "save",
    "download",
    "edit",
    "hide",
    "error",
    "warning",
    "event",
    "events",
    "flow",
    "flows",
    "lane",
    "lanes",
    "outgoing",
    "incoming",
    "high",
    "low",
    "hours",
    "minutes",
    "step",
    "steps",
    "role",
    "roles",
    "goal",
    "goals",
    "benefit",
    "benefits",
    "cost",
    "costs",
    "change",
    "changes",
    "settings",
    "missing",
    "closely",
    "satisfied",
    "informed",
]
WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
# Internal addresses: validation and operation paths, positional ids.
PATH = re.compile(
    r"\b(processes|structure|vision|effect_map|benefits|behaviour|services|variants)[./][\w-]+[./\[]"
    r"|\b(nodes|flows|lanes|goals|roles)\[\d+\]|/@\d+\b"
)
# Numbers as sv and nb write them: a decimal comma, and "t" (timer) for hours in Norwegian.
DECIMAL_POINT = re.compile(r"(?<![\w.:/-])\d+\.\d+(?![\w.:/-])")
HOURS_AS_H = re.compile(r"\b\d+(?:,\d+)? h\b")
TEXT_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "aria-description"}


class _Text(HTMLParser):
    """What a user reads or hears: text outside scripts and styles, and labelling attributes;
    the text of diagrams (SVG) and of parts marked with the case's language (`lang` below
    <html>) apart from the page's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.diagram_parts: list[str] = []
        self.skip = 0
        self.depth: dict[str, int] = {}
        self.marked: list[tuple[str, int]] = []  # open diagram or case-language elements

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        self.depth[tag] = self.depth.get(tag, 0) + 1
        if tag == "svg" or (tag != "html" and "lang" in dict(attrs)):
            self.marked.append((tag, self.depth[tag]))
        out = self.diagram_parts if self.marked else self.parts
        out.extend(v for k, v in attrs if k in TEXT_ATTRIBUTES and v)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            out.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        if self.marked and self.marked[-1] == (tag, self.depth.get(tag, 0)):
            self.marked.pop()
        self.depth[tag] = max(0, self.depth.get(tag, 0) - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            (self.diagram_parts if self.marked else self.parts).append(data)


def page_and_diagram_text(html: str) -> tuple[str, str]:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts), "\n".join(parser.diagram_parts)


def visible_text(html: str) -> str:
    return "\n".join(page_and_diagram_text(html))


def typed_texts(value: Any) -> set[str]:
    """Texts users typed into a case document (names, descriptions), not ids or codes."""
    if isinstance(value, dict):
        return set().union(*(typed_texts(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(typed_texts(v) for v in value)) if value else set()
    if isinstance(value, str) and not re.fullmatch(r"[a-z0-9_.:/@-]*", value):
        return {value}
    return set()


def without(text: str, data: set[str]) -> str:
    data = data | {"BPMN 2.0"}  # a standard's name
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    return text


def findings(text: str, language: str = "sv") -> list[str]:
    def where(m: re.Match[str]) -> str:
        return " ".join(text[max(0, m.start() - 40) : m.end() + 40].split())

    found = [f"English word “{m.group(0)}” in “{where(m)}”" for m in WORD.finditer(text)]
    found += [f"internal path “{m.group(0)}” in “{where(m)}”" for m in PATH.finditer(text)]
    found += [f"decimal point “{m.group(0)}” in “{where(m)}”" for m in DECIMAL_POINT.finditer(text)]
    if language == "nb":
        found += [
            f"hours as “h”: “{m.group(0)}” in “{where(m)}”" for m in HOURS_AS_H.finditer(text)
        ]
    return found


def case_urls(objects: Objects) -> list[str]:
    """Every GET page of the case's apps, with the isolation matrix's objects."""
    names = [n for n in walk(get_resolver().url_patterns) if n.startswith(APPS)]
    urls = []
    for name in sorted(names):
        base = {"org": objects.tenant.organisation.slug, "case": objects.tenant.case.slug}
        if name == "cases:view":
            urls += [reverse(name, kwargs={**base, "view": p.slug}) for p in VIEW_PAGES]
        elif name == "mapping:steps":  # the step table of every process of the case
            processes = objects.tenant.case.document.get("processes", [])
            urls += [reverse(name, kwargs={**base, "process": p["id"]}) for p in processes]
        elif name in PAGES:
            try:
                urls.append(
                    reverse(name, kwargs=PAGES[name][0](objects.tenant.organisation.slug, objects))
                )
            except NoReverseMatch:
                continue
        elif name in PERSONAL:
            urls.append(reverse(name))
    return urls


def check_pages(tenant: Tenant, client_for: Any, language: str, typed: set[str]) -> list[str]:
    settings = tenant.case.document.get("settings", {})
    case_language = settings.get("language") or {"NO": "nb"}.get(settings.get("country"), "sv")
    objects = objects_for(tenant)
    urls = case_urls(objects)
    # the test's own course, module, comment and note titles are data as well
    typed = typed | {tenant.organisation.name, "Home course", "As-is", "Workshop", "Read",
                     "Slides", "Lessons", "Home intake", "Old intake", "See @"}  # fmt: skip
    problems, seen = [], 0
    for user in (tenant.editor, tenant.owner):
        client = client_for(user)
        client.cookies["django_language"] = language
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            seen += 1
            text, diagrams = page_and_diagram_text(response.content.decode())
            problems += [f"{url}: {f}" for f in findings(without(text, typed), language)]
            problems += [
                f"{url} (diagram): {f}" for f in findings(without(diagrams, typed), case_language)
            ]
        urls = [u for u in urls if "courses/" in u]  # the facilitator's own course pages
    assert seen >= len(VIEW_PAGES) + 10, f"only {seen} pages were checked"
    return sorted(set(problems))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "nb"])
@pytest.mark.parametrize("example", ["bodo", "si", "sorsele", "storuman"])
def test_every_page_of_a_pilot_case_speaks_the_users_language(
    client_for: Any, example: str, language: str
) -> None:
    tenant = make_tenant("home", "Home kommun", "NO" if language == "nb" else "SE")
    model = load_case(EXAMPLES / example / "case.yaml")
    tenant.case = create_case(tenant.organisation, tenant.owner, model, how="import")
    problems = check_pages(tenant, client_for, language, typed_texts(tenant.case.document))
    assert not problems, "\n".join(problems[:300]) + f"\n… {len(problems)} in all"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "nb"])
@pytest.mark.parametrize("template", ["blank", "starter"])
def test_every_page_of_a_new_case_speaks_the_users_language(
    client_for: Any, template: str, language: str
) -> None:
    tenant = make_tenant("home", "Home kommun", "NO" if language == "nb" else "SE")
    client = client_for(tenant.editor)
    client.cookies["django_language"] = language
    name = "Ansökan om färdtjänst" if language == "sv" else "Søknad om TT-kort"
    url = reverse("cases:create", kwargs={"org": "home"})
    response = client.post(url, {"name": name, "template": template})
    assert response.status_code == 302
    slug = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    tenant.case = access_case(tenant.organisation, slug)
    # only the name is the user's: the starter content is ours and must be in the case's language
    problems = check_pages(tenant, client_for, language, {name})
    assert not problems, "\n".join(problems[:300]) + f"\n… {len(problems)} in all"


def test_the_checks_catch_english_words_and_paths() -> None:
    html = (
        '<p>Nothing here yet.</p><button aria-label="Add step">+</button>'
        "<li>processes.p.variants.as-is.nodes[3].lane</li><span>flows/@11/probability</span>"
        "<script>var the = 1;</script><p>Inget här ännu. Lägg till ett steg.</p>"
    )
    found = findings(visible_text(html))
    assert any("“Nothing”" in f for f in found) and any("“Add”" in f for f in found)
    assert any("nodes[3]" in f for f in found) and any("/@11" in f for f in found)
    assert not findings(visible_text("<p>Inget här ännu. Legg til et steg. Vis 30 %.</p>"))
    assert findings("Arbeidstid 67.4 t", "nb") and findings("Ventetid 2,5 h", "nb")
    assert not findings("Arbeidstid 67,4 t, 2026-08-01, kl. 10:30", "nb")


@pytest.mark.django_db
def test_work_in_no_role_and_an_unanalysable_variant_are_said_in_words(
    home: Any, client_for: Any
) -> None:
    from verksam.web.cases.services import apply_operation

    variant = "processes/process/variants/as-is"
    apply_operation(home.case, home.owner, {"op": "change", "path": f"{variant}/lanes/officer/role", "value": None}, 1)  # fmt: skip
    client = client_for(home.editor)
    client.cookies["django_language"] = "sv"
    kwargs = {"org": home.organisation.slug, "case": home.case.slug}
    html = client.get(reverse("workbench:analysis", kwargs=kwargs)).content.decode()
    assert "(ingen roll angiven)" in html and "(unassigned)" not in html

    start = {"op": "change", "path": f"{variant}/nodes/start/type", "value": "task"}
    apply_operation(home.case, home.owner, start, 2)
    html = client.get(
        reverse("cases:view", kwargs={**kwargs, "view": "processes"})
    ).content.decode()
    # the variant is named by its name (the starter's "As-is"), the message says what to do
    assert "Varianten ”As-is” har ingen starthändelse. Lägg till ett steg" in html
    assert "has no start event" not in html
