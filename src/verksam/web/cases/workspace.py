"""The editing workspace of a view page: its diagrams beside editable tables, refreshed as a whole
(htmx morph, so the field being typed in keeps focus) after every edit operation.

`POST .../views/<view>/editor/` takes an `action` (field, add, remove, flow-add, flow-change,
flow-remove, copy-variant) and applies it as small edit operations with the page's base revision,
so a stale edit of the same element is refused as a conflict like any other edit.
"""

from __future__ import annotations

import logging
import re
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from verksam.model import Case as CaseModel
from verksam.web import helper
from verksam.web.cases import operations, services
from verksam.web.cases.access import access_case
from verksam.web.cases.cells import (
    get_field,
    item_key,
    shown,
)
from verksam.web.cases.diagrams import Drawn, draw
from verksam.web.cases.edit_actions import Refused, operations_for
from verksam.web.cases.editors import Cell, Grid, Row, build_grid, dom_id, problems_by_path
from verksam.web.cases.grid_html import rows_html
from verksam.web.cases.pages import PAGE_BY_SLUG, PAGES, ViewPage
from verksam.web.cases.tables import (
    ACTIVITIES,
    ASSUMPTIONS,
    BENEFITS,
    CHANGES,
    COSTS,
    DELIVERABLES,
    EFFECT_GOALS,
    EFFECTS,
    GOALS,
    INFORMATION,
    LANES,
    MACHINES,
    MESSAGES,
    NEEDS,
    PARTICIPANTS,
    PREREQUISITES,
    PROBLEMS,
    PROCESSES,
    RECORDS,
    RESOURCES,
    RISKS,
    ROLES,
    SEQUENCES,
    SERVICES,
    STAKEHOLDERS,
    STATES,
    SYSTEMS,
    TARGET_GROUPS,
    TRANSITIONS,
    UNITS,
    Column,
    Table,
)
from verksam.web.cases.wording import describe
from verksam.web.jobs.limits import oversized
from verksam.web.live.broadcast import held
from verksam.web.organisations.middleware import organisation_view
from verksam.web.organisations.permissions import EDIT
from verksam.web.requests import OrganisationRequest
from verksam.web.words.places import names_of, readable

log = logging.getLogger(__name__)

TEMPLATE = "cases/editor_page.html"


@dataclass
class Record:
    key: str
    title: str
    path: str
    row: Row


@dataclass
class Section:
    """A heading with records and tables under it (one sequence diagram, one variant, ...)."""

    title: str
    records: list[Record] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    adds: list[Table] = field(default_factory=list)  # name-only containers to add (processes, ...)


@dataclass
class Selection:
    process: str = ""
    variant: str = ""


def _record(
    case: CaseModel, document: dict[str, Any], key: str, title: str, path: str,
    scope: dict[str, Any], problems: dict[str, list[services.ShownProblem]],
) -> Record:  # fmt: skip
    item = operations.value_at(document, path) if path else document
    item = item if isinstance(item, dict) else {}
    cells = []
    for column in RECORDS[key]:
        cell_path = f"{path}/{column.key}".strip("/")
        value = get_field(item, column.key)
        cells.append(
            Cell(
                column, cell_path, column.kind, value, shown(column, value),
                dom_id(cell_path), str(column.label),
                column.choices(case, scope) if column.choices else [], problems.get(cell_path, []),
            )
        )  # fmt: skip
    return Record(key, title, path, Row(path, key, title, cells, problems.get(path, [])))


def _flows(
    variant_doc: dict[str, Any], grid: Grid, variant_path: str, names: dict[str, str]
) -> None:
    """Attach each activity's outgoing flows (next steps with their probabilities) to its row."""
    leaving: dict[Any, list[tuple[int, dict[str, Any]]]] = {}
    for index, flow in enumerate(variant_doc.get("flows") or []):
        leaving.setdefault(flow.get("source"), []).append((index, flow))
    for row in grid.rows:
        for index, flow in leaving.get(row.key, []):
            key = item_key(flow, index)
            path = f"{variant_path}/flows/{key}"
            probability = flow.get("probability")
            row.flows.append({
                "path": path, "target": flow.get("target"),
                "target_name": names.get(flow.get("target", ""), flow.get("target")),
                "probability": "" if probability is None else shown(Column("p", "", "number"), probability),
                "dom": dom_id(path),
            })  # fmt: skip
    grid.targets = list(names.items())


def selection_of(model: CaseModel, data: Any) -> Selection:
    process = next((p for p in model.processes if p.id == data.get("process")), None)
    process = process or (model.processes[0] if model.processes else None)
    if process is None:
        return Selection()
    variant = next((v for v in process.variants if v.id == data.get("variant")), None)
    variant = variant or (process.variants[0] if process.variants else None)
    return Selection(process.id, variant.id if variant else "")


def sections_of(
    page: ViewPage, model: CaseModel, document: dict[str, Any], selection: Selection,
    problems: dict[str, list[services.ShownProblem]],
) -> list[Section]:  # fmt: skip
    """What the editor of a page shows, in order."""

    def grid(table: Table, prefix: str = "", scope: dict[str, Any] | None = None) -> Grid:
        return build_grid(model, document, table, prefix, scope or {}, problems)

    slug = page.slug
    if slug == "vision":
        return [
            Section(
                _("Vision"),
                [_record(model, document, "vision", _("Vision"), "vision", {}, problems)],
                [grid(GOALS), grid(PROBLEMS)],
            )
        ]
    if slug == "effect-map":
        tables: tuple[Table, ...] = (EFFECT_GOALS, TARGET_GROUPS, NEEDS, DELIVERABLES)
        return [Section(_("Effect map"), grids=[grid(t) for t in tables])]
    if slug == "structure":
        tables = (UNITS, ROLES, RESOURCES, SYSTEMS)
        return [Section(_("Structure"), grids=[grid(t) for t in (*tables, INFORMATION)])]
    if slug == "processes":
        out = []
        process = next((p for p in model.processes if p.id == selection.process), None)
        variant = (
            next((v for v in process.variants if v.id == selection.variant), None)
            if process
            else None
        )
        if process is not None:
            ppath = f"processes/{process.id}"
            records = [_record(model, document, "process", _("Process"), ppath, {}, problems)]
            grids = []
            # An oversized variant gets no tables: its diagram's place says why (cases.diagrams).
            if variant is not None and oversized(model, process.id, variant.id) is None:
                vpath = f"{ppath}/variants/{variant.id}"
                scope = {"variant": variant, "process": process}
                records.append(
                    _record(model, document, "variant", _("Variant"), vpath, scope, problems)
                )
                grids.append(grid(LANES, vpath, scope))
                activities = grid(ACTIVITIES, vpath, scope)
                names = {n.id: n.label for n in variant.nodes}
                _flows(operations.value_at(document, vpath) or {}, activities, vpath, names)
                grids.append(activities)
            out.append(
                Section(f"{process.label} – {variant.label if variant else ''}", records, grids)
            )
        out.append(Section(_("Processes"), adds=[PROCESSES]))
        return out
    if slug == "behaviour":
        out = []
        behaviour = model.behaviour
        for seq in behaviour.sequences if behaviour else []:
            path = f"behaviour/sequences/{seq.id}"
            scope = {"sequence": seq}
            out.append(
                Section(seq.label, grids=[grid(PARTICIPANTS, path, scope), grid(MESSAGES, path, scope)])
            )  # fmt: skip
        for machine in behaviour.state_machines if behaviour else []:
            path = f"behaviour/state_machines/{machine.id}"
            scope = {"machine": machine}
            out.append(
                Section(machine.label, grids=[grid(STATES, path, scope), grid(TRANSITIONS, path, scope)])
            )  # fmt: skip
        out.append(Section(_("Add to the behaviour view"), adds=[SEQUENCES, MACHINES]))
        return out
    if slug == "benefits":
        records = []
        if model.benefits is not None:
            records.append(
                _record(model, document, "initiative", _("Initiative"), "benefits", {}, problems)
            )
        tables = (
            BENEFITS, CHANGES, EFFECTS, COSTS, ASSUMPTIONS,
            STAKEHOLDERS, PREREQUISITES, RISKS,
        )  # fmt: skip
        return [Section(_("Benefits realisation"), records, [grid(t) for t in tables])]
    if slug == "services":
        return [Section(_("Service declarations"), grids=[grid(SERVICES)])]
    return []


_CACHE: OrderedDict[str, Any] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_MAKING: dict[str, threading.Lock] = {}  # keys being computed now, each with its lock
CACHE_ENTRIES = 48  # diagrams and table rows of the most recent revisions (a few MB at most)


def revision_cached(key: str, make: Any) -> Any:
    """`make()` once per `key` in this process, for other pages' per-revision answers (the key
    must name the case, its revision and last change, the language and whatever else the answer
    depends on)."""
    return _cached(key, make)


def _cached(key: str, make: Any) -> Any:
    """A value computed once per case revision and language (a revision never changes), shared by
    every user who looks at that revision in this process; the least recently used go first.

    Computed once even when many ask at the same moment (every open page of a live workshop asks
    for the new revision at once): the others wait for the first instead of computing it too.
    """
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        making = _MAKING.setdefault(key, threading.Lock())
    with making:
        with _CACHE_LOCK:
            if key in _CACHE:
                return _CACHE[key]
        try:
            value = make()
            with _CACHE_LOCK:
                _CACHE[key] = value
                while len(_CACHE) > CACHE_ENTRIES:
                    _CACHE.popitem(last=False)
        finally:
            with _CACHE_LOCK:
                _MAKING.pop(key, None)
    return value


def _diagrams(page: ViewPage, model: CaseModel, selection: Selection) -> list[Any]:
    diagrams = page.diagrams(model)
    if page.slug == "processes" and selection.process:
        chosen = [
            d for d in diagrams
            if d.id == selection.process and d.variant in (None, selection.variant)
        ]  # fmt: skip
        # The swimlane first: it is the one the activity table edits.
        diagrams = sorted(chosen, key=lambda d: d.view != "swimlane")
    return diagrams


def _drawings(
    page: ViewPage,
    model: CaseModel,
    selection: Selection,
    row: Any,
    diagrams: list[Any] | None = None,
) -> list[Any]:
    diagrams = _diagrams(page, model, selection) if diagrams is None else diagrams
    out = []
    for d in diagrams:
        key = f"{row.pk}:{row.revision}:{row.updated_at.isoformat()}:{get_language()}:svg:{d.view}:{d.id}:{d.variant}"
        svg, error = _cached(key, lambda d=d: _svg_of(draw(model, d)))
        out.append(Drawn(d, mark_safe(svg) if svg else None, error))  # our own renderer's SVG
    return out


def _svg_of(drawn: Drawn) -> tuple[str, str]:
    return (str(drawn.svg) if drawn.svg is not None else "", drawn.error)


def workspace_context(
    request: HttpRequest, row: Any, model: CaseModel, page: ViewPage, data: Any,
    notice: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Everything the workspace template needs, computed from the stored case."""
    can_edit = "edit" in getattr(request, "permissions", ())
    return _context(row, model, page, data, can_edit, notice)


def _context(
    row: Any, model: CaseModel, page: ViewPage, data: Any, can_edit: bool,
    notice: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    selection = selection_of(model, data)
    shown_problems = [
        p for p in services.problems_of(model) if p.path.startswith(page.problem_prefixes)
    ]
    by_path = problems_by_path(row.document, shown_problems)
    process = next((p for p in model.processes if p.id == selection.process), None)
    if page.slug == "processes" and selection.process:
        # Only the swimlane is drawn into the page; the other diagrams of the variant come as
        # images loaded when scrolled to, so an edit does not wait for them.
        diagrams = _diagrams(page, model, selection)
        drawings = _drawings(page, model, selection, row, diagrams[:1])
        lazy = diagrams[1:]
    else:
        drawings, lazy = _drawings(page, model, selection, row), []
    editor_url = reverse(
        "cases:editor", kwargs={"org": row.organisation.slug, "case": row.slug, "view": page.slug}
    )
    sections = sections_of(page, model, row.document, selection, by_path)
    for section in sections:
        for grid in section.grids:
            key = f"{row.pk}:{row.revision}:{row.updated_at.isoformat()}:{get_language()}:rows:{can_edit}:{grid.path}"
            grid.rows_html = mark_safe(
                _cached(key, lambda g=grid: str(rows_html(g, editor_url, can_edit)))
            )
    # A swimlane is wide: it gets the full width, pinned above the activity table it shows.
    pinned = drawings[:1] if page.slug == "processes" and drawings else []
    return {
        "case": row,
        "model": model,
        "page": page,
        "pages": PAGES,
        "outline": page.outline(model),
        "pinned": pinned,
        "drawings": drawings[len(pinned) :],
        "lazy_diagrams": lazy,
        "problems": shown_problems,
        "sections": sections,
        "selection": selection,
        "selected_process": process,
        "can_edit": can_edit,
        "notice": notice,
        "editor_url": editor_url,
        **page.extra(model),
    }


def view_page(request: HttpRequest, row: Any, page: ViewPage) -> HttpResponse:
    """The full view page with its workspace (used by cases.views.case_view)."""
    if request.headers.get("X-Verksam-Live"):
        return live_workspace(request, row, page)
    # The workspace is the one made for this revision (by an edit's answer or another reader),
    # so a page opened during a workshop does not build the tables and the diagram again.
    selected = (request.GET.get("process", ""), request.GET.get("variant", ""))
    html = workspace_html(request, row, page, selected).replace(CSRF_SLOT, str(get_token(request)))
    # put in after the page is made, as the rows are (with_rows): not copied through base.html
    mark = "<!--verksam-workspace-->"
    context = {"case": row, "page": page, "pages": PAGES, "workspace": mark_safe(mark)}
    before, _mark, after = render_to_string(TEMPLATE, context, request).partition(mark)
    return HttpResponse("".join((before, html, after)))


CSRF_SLOT = "csrf-slot-of-the-cached-workspace"
_NOTICE = '<div id="editor-notice" role="status" aria-live="polite">'


def live_workspace(request: HttpRequest, row: Any, page: ViewPage) -> HttpResponse:
    """The workspace alone, for a live page re-fetching it after someone's edit (verksam.web.live).

    Every open page of the case asks for the same revision at once, so the HTML is made once per
    revision, language, permission and chosen variant in this process; only the CSRF token of the
    forms differs between users and is put in per answer.
    """
    selected = (request.GET.get("process", ""), request.GET.get("variant", ""))
    html = workspace_html(request, row, page, selected)
    return HttpResponse(html.replace(CSRF_SLOT, str(get_token(request))))


def workspace_key(
    case: int, revision: int, stamp: str, language: str, can_edit: bool, page: str,
    selected: tuple[str, str],
) -> str:  # fmt: skip
    """What a workspace's HTML depends on: the case's revision and last change (`stamp`, its
    updated_at), the language, the permission, the page and the chosen variant."""
    return f"{case}:{revision}:{stamp}:{language}:workspace:{can_edit}:{page}:{selected}"


def workspace_html(
    request: HttpRequest, row: Any, page: ViewPage, selected: tuple[str, str]
) -> str:
    """The workspace of `row` as it is now, without a notice and with CSRF_SLOT where the forms'
    CSRF token goes: made once per revision, language, permission and chosen variant, and shared
    by the editor's answer, the live pages' re-fetches and their sockets, in this process and
    (with Redis) the others."""
    can_edit = "edit" in getattr(request, "permissions", ())
    key = workspace_key(
        row.pk, row.revision, row.updated_at.isoformat(), get_language(), can_edit, page.slug,
        selected,
    )  # fmt: skip

    def make() -> str:
        shared = _shared(key)
        if shared is not None:
            return shared
        # the organisation goes along with the row: the helper makes the workspace without the
        # database (under tests it could not even reach the test database)
        row.organisation  # noqa: B018
        html = helper.run(render_workspace, row, page.slug, selected, get_language(), can_edit)
        store = _store()
        if store is not None:
            try:
                # compressed: a 40-step workspace is ~270 KB of HTML, ~25 KB so
                store.set(_stored_key(key), zlib.compress(html.encode(), 1), ex=SHARED_SECONDS)
            except Exception:  # Redis is away: each process renders its own
                log.warning("workspace not shared", exc_info=True)
        return html

    return str(_cached(key, make))


def render_workspace(
    row: Any, page_slug: str, selected: tuple[str, str], language: str, can_edit: bool
) -> str:
    """The workspace's HTML as `workspace_html` describes it, made from the case row and its
    organisation alone, without the database (in the helper process when the server has one,
    verksam.web.helper)."""
    with translation.override(language):
        page = PAGE_BY_SLUG[page_slug]
        model = services.model_of(row)
        data = {"process": selected[0], "variant": selected[1]}
        context = _context(row, model, page, data, can_edit)
        # Without the request: its context processors (the user's notifications, reminders)
        # put nothing into the workspace, which is shared by every user anyway.
        return with_rows(
            context["sections"],
            lambda: render_to_string(
                "cases/_workspace.html",
                {**context, "csrf_token": CSRF_SLOT, "organisation": row.organisation},
            ),
        )


def with_rows(sections: list[Section], make_html: Any) -> str:
    """`make_html()` with the tables' rows put in afterwards, in one join.

    The rows of a large table are half a megabyte of HTML; passed through the template they were
    copied at every level of it (each loop and include joins its output and marks it safe), which
    took longer than the rest of the template. The template gets a short mark in their place.
    """
    rows: dict[str, str] = {}
    for section in sections:
        for grid in section.grids:
            mark = f"<!--verksam-rows-{len(rows)}-->"  # escaped text never holds "<!--"
            rows[mark] = grid.rows_html
            grid.rows_html = mark_safe(mark)
    html = str(make_html())
    if not rows:
        return html
    parts = _ROWS_MARK.split(html)
    return "".join(rows.get(part, part) for part in parts)


_ROWS_MARK = re.compile(r"(<!--verksam-rows-\d+-->)")

SHARED_SECONDS = 30  # how long other processes can take a workspace made for a revision
_stores: dict[str, Any] = {}


def _store() -> Any:
    """The Redis client of the shared workspaces (the channel layer's Redis), or None."""
    url = settings.REDIS_URL
    if not url:
        return None  # one server process: nothing to share
    if url not in _stores:
        import redis

        _stores[url] = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return _stores[url]


def _stored_key(key: str) -> str:
    # the channel layer's prefix: test runs and benchmarks sharing a Redis each have their own
    config: Any = settings.CHANNEL_LAYERS["default"].get("CONFIG", {})
    return f"{config.get('prefix', 'verksam')}:workspace:{key}"


def _shared(key: str) -> str | None:
    store = _store()
    if store is None:
        return None
    try:
        found = store.get(_stored_key(key))
    except Exception:
        return None
    try:
        return zlib.decompress(found).decode() if isinstance(found, bytes) else None
    except zlib.error:
        return None


def stored_workspace(key: str) -> str | None:
    """The workspace `workspace_key` names if this process or another one made it, else None."""
    with _CACHE_LOCK:
        if key in _CACHE:
            return str(_CACHE[key])
    return _shared(key)


@organisation_view(EDIT)
@require_POST
def editor(request: OrganisationRequest, org: str, case: str, view: str) -> HttpResponse:
    """Apply one editor request and answer with the refreshed workspace (or go back to the page)."""
    page = PAGE_BY_SLUG.get(view)
    if page is None:
        raise Http404("No such view")
    row = access_case(request.organisation, case)
    # the others hear of the revision once this answer's workspace is made: they get that one
    with held():
        return _edit(request, org, page, row)


def _edit(request: OrganisationRequest, org: str, page: ViewPage, row: Any) -> HttpResponse:
    """The editor's work: the operations as one transaction, then its answer."""
    data = request.POST
    notice: dict[str, Any] | None = None
    status = 200
    try:
        base = int(data.get("base", ""))
    except ValueError:
        base = row.revision
    selection = dict(process=data.get("process", ""), variant=data.get("variant", ""))
    saved = None  # the case row as the last operation left it
    try:
        ops = operations_for(row, data)
        with transaction.atomic():  # several operations of one request land together or not at all
            for operation in ops:
                revision = services.apply_operation(
                    row, request.user, operation, base, services.browser_session(request)
                )
                base = revision.number
                saved = revision.case
        if data.get("action") == "copy-variant" and ops:
            selection["variant"] = ops[0]["value"]["id"]
        if ops:
            notice = {
                "kind": "success",
                "text": _("Saved as revision %(n)s.") % {"n": row.revision},
            }
    except services.EditConflict as conflict:
        status = 409
        notice = {
            "kind": "conflict",
            "text": _("Someone else changed this since you opened the page; your change was not saved."),
            "changes": [
                {"revision": r, "what": describe(r.document, str(r.operation.get("path", ""))),
                 "old": readable(r.operation.get("old"), names_of(r.document)),
                 "new": readable(r.operation.get("value"), names_of(r.document))}
                for r in conflict.revisions
            ],
        }  # fmt: skip
    except (operations.OperationError, Refused) as exc:
        status = 400
        notice = {
            "kind": "error",
            "text": _("The change was not saved: %(error)s") % {"error": exc},
        }
    if saved is not None and status == 200:
        row = saved
    else:
        row.refresh_from_db()
    if not request.headers.get("HX-Request"):
        query = urlencode({k: v for k, v in selection.items() if v})
        url = reverse("cases:view", kwargs={"org": org, "case": row.slug, "view": page.slug})
        return redirect(f"{url}?{query}" if query else url)
    # The same HTML the live pages of this revision get (made once), with this answer's notice.
    html = workspace_html(request, row, page, (selection["process"], selection["variant"]))
    if notice:
        shown = render_to_string("cases/editor/_notice.html", {"notice": notice})
        html = html.replace(f"{_NOTICE}</div>", f"{_NOTICE}{shown}</div>", 1)
    html = html.replace(CSRF_SLOT, str(get_token(request)))
    # htmx swaps 4xx answers too; the status still tells API-minded clients and tests what happened.
    return HttpResponse(html, status=status)
