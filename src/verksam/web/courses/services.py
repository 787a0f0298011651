"""Course logic: creating courses, joining and attaching a case, progress, comparison, the calendar
and its iCalendar feed, and the evaluation summary. Views stay thin and call these."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verksam.analysis import TOTAL, AnalysisError, ProcessComparison, analyze, compare_processes
from verksam.analysis.metrics import VariantMetrics
from verksam.model import Case as CaseModel
from verksam.model import validate
from verksam.web.cases.access import cases_of
from verksam.web.cases.models import Case
from verksam.web.cases.pages import PAGE_BY_SLUG
from verksam.web.courses.access import active_participants, readable_case
from verksam.web.courses.models import (
    FACILITATOR,
    PARTICIPANT,
    READERS_COURSE,
    READERS_FACILITATORS,
    Course,
    CourseMember,
    EvaluationAnswer,
    EvaluationQuestion,
    EvaluationResponse,
    Module,
    Session,
)
from verksam.web.organisations.models import Organisation
from verksam.web.organisations.permissions import EDIT
from verksam.web.organisations.principals import UserPrincipal
from verksam.web.words.analysis import analysis_error_words

PER = 1000.0  # cases, for the normalised workload


class JoinError(ValueError):
    """Joining or attaching was refused; the message is for the user."""


# --- creating and joining ------------------------------------------------------------------------
def default_questions() -> list[tuple[str, str]]:
    """The standard evaluation questions in the current language."""
    return [
        (EvaluationQuestion.LIKERT, _("The course helped me improve how my organisation works.")),
        (EvaluationQuestion.LIKERT, _("The method steps were clear and useful for my own case.")),
        (
            EvaluationQuestion.LIKERT,
            _("Comparing cases with other organisations gave me new ideas."),
        ),
        (EvaluationQuestion.LIKERT, _("The mix of physical and virtual sessions worked well.")),
        (EvaluationQuestion.TEXT, _("What was most valuable for you?")),
        (EvaluationQuestion.TEXT, _("What should be changed for the next course?")),
    ]


@transaction.atomic
def create_course(user: User, **fields: Any) -> Course:
    """A new course with the user as its facilitator and the standard evaluation questions, in
    the course's first language."""
    course = Course.objects.create(created_by=user, **fields)
    CourseMember.objects.create(course=course, user=user, role=FACILITATOR)
    language = (course.languages or [translation.get_language() or "en"])[0]
    with translation.override(language):
        for position, (kind, text) in enumerate(default_questions(), 1):
            EvaluationQuestion.objects.create(
                course=course, position=position, kind=kind, text=text
            )
    return course


def course_by_code(code: str) -> Course | None:
    cleaned = "".join(code.split()).upper()
    return Course.objects.filter(code=cleaned).first() if cleaned else None


def join(course: Course, user: User) -> CourseMember:
    """Enrol the user as a participant (or re-enrol after leaving). Raises JoinError when closed."""
    existing = CourseMember.objects.filter(course=course, user=user).first()
    if existing is not None:
        if existing.left_at is not None:
            existing.left_at = None
            existing.save(update_fields=["left_at"])
        return existing
    if not course.joining_open:
        raise JoinError(_("This course is closed for joining."))
    try:
        with transaction.atomic():
            return CourseMember.objects.create(course=course, user=user, role=PARTICIPANT)
    except IntegrityError:  # joined twice at once
        return CourseMember.objects.get(course=course, user=user)


def attachable_cases(user: User) -> list[tuple[Organisation, list[Case]]]:
    """The cases the user may share with a course: those of organisations where they may edit."""
    out = []
    principal = UserPrincipal(user)
    for membership in user.memberships.select_related("organisation"):
        organisation = membership.organisation
        if principal.has_permission(organisation, EDIT):
            out.append((organisation, list(cases_of(organisation).order_by("name"))))
    return out


def attach_case(member: CourseMember, user: User, case_id: int) -> Case:
    """Attach one case of the participant's own organisation (replacing any earlier one).

    Raises JoinError unless the case is one the user may edit in one of their organisations.
    """
    if member.role != PARTICIPANT or member.user_id != user.pk:
        raise JoinError(_("Only participants attach their own case."))
    for organisation, cases in attachable_cases(user):
        for case in cases:
            if case.pk == case_id:
                member.organisation = organisation
                member.case = case
                member.save(update_fields=["organisation", "case"])
                return case
    raise JoinError(_("Choose a case of an organisation where you may edit cases."))


def leave(member: CourseMember) -> None:
    """End a participant's enrolment; the course loses read access to their case at once."""
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])


# --- progress ------------------------------------------------------------------------------------
@dataclass
class Cell:
    """A participant's state for one module."""

    module: Module
    present: bool = False
    errors: int = 0
    warnings: int = 0
    changed_at: dt.datetime | None = None
    overdue: bool = False

    @property
    def done(self) -> bool:
        return self.present and self.errors == 0

    @property
    def state(self) -> str:
        if self.done:
            return "done"
        if self.present:
            return "problems"
        return "overdue" if self.overdue else "missing"


@dataclass
class ProgressRow:
    member: CourseMember
    case: Case | None
    cells: list[Cell] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.cells)


def _view_changed_at(
    revisions: list[tuple[list[str], dt.datetime]], prefixes: tuple[str, ...]
) -> dt.datetime | None:
    """When the view was last changed: the newest revision touching it (or replacing it all).

    `revisions` are (touched paths, time) newest first.
    """
    for touched, created_at in revisions:
        for path in touched or [""]:
            text = str(path).replace("/", ".")
            if text == "" or any(text == p or text.startswith(f"{p}.") for p in prefixes):
                return created_at
            if any(p.startswith(f"{text}.") for p in prefixes):
                return created_at
    return None


@dataclass
class _Checked:
    """A case read once for all modules: its model, validation problems and revision paths."""

    case: Case | None
    model: CaseModel | None
    problems: list[Any] = field(default_factory=list)
    revisions: list[tuple[list[str], dt.datetime]] = field(default_factory=list)


def _check(case: Case | None) -> _Checked:
    model = _model(case)
    if case is None or model is None:
        return _Checked(case, None)
    revisions = list(case.revisions.order_by("-number").values_list("touched", "created_at"))
    return _Checked(case, model, validate(model), revisions)


def module_cell(
    module: Module, model: CaseModel | None, case: Case | None, checked: _Checked | None = None
) -> Cell:
    cell = Cell(module)
    today = timezone.localdate()
    page = PAGE_BY_SLUG.get(module.view)
    if checked is None:
        checked = _check(case) if model is not None else _Checked(case, None)
    if checked.model is not None and page is not None:
        cell.present = page.present(checked.model)
        if cell.present:
            problems = [
                p for p in checked.problems if str(p.path).startswith(page.problem_prefixes)
            ]
            cell.errors = sum(p.severity == "error" for p in problems)
            cell.warnings = len(problems) - cell.errors
            cell.changed_at = _view_changed_at(checked.revisions, page.problem_prefixes)
    cell.overdue = bool(module.due_on and module.due_on < today and not cell.done)
    return cell


def progress(course: Course, user: User) -> list[ProgressRow]:
    """For every enrolled participant and module: does the view exist, does it validate, when was
    it last changed. Cases are read through the cases access layer as `user`, each once."""
    modules = list(course.modules.all())
    rows = []
    for member in active_participants(course):
        case = readable_case(user, member)
        checked = _check(case)
        row = ProgressRow(member, case)
        row.cells = [module_cell(m, checked.model, case, checked) for m in modules]
        rows.append(row)
    return rows


def _model(case: Case | None) -> CaseModel | None:
    if case is None:
        return None
    try:
        return CaseModel.model_validate(case.document)
    except ValueError:
        return None


# --- comparison ----------------------------------------------------------------------------------
VARIANT_KIND = {"as-is": "as-is", "analysis": "as-is", "to-be": "to-be"}


@dataclass
class ComparisonRow:
    member: CourseMember
    case: Case
    process_id: str = ""
    process_name: str = ""
    category: str = ""
    variant_id: str = ""
    variant_name: str = ""
    metrics: VariantMetrics | None = None
    problem: str = ""

    @property
    def fte_per_1000(self) -> float | None:
        m = self.metrics
        if m is None or not m.volume_per_year:
            return None
        return m.fte.get(TOTAL, 0.0) * PER / m.volume_per_year

    @property
    def flow_percent(self) -> float | None:
        return None if self.metrics is None else 100 * self.metrics.flow_efficiency

    @property
    def cost_per_1000(self) -> float | None:
        m = self.metrics
        if m is None or not m.volume_per_year:
            return None
        return m.cost.get(TOTAL, 0.0) * PER / m.volume_per_year


def visible_in_comparison(course: Course, viewer: CourseMember) -> list[CourseMember]:
    """Facilitators see the participants who let facilitators read their case; a participant sees
    those who let the whole course read it (and only when they do so too, so nobody looks
    without being seen)."""
    members = [m for m in active_participants(course) if m.case_id is not None]
    if viewer.role == FACILITATOR:
        return [m for m in members if m.case_readers in (READERS_COURSE, READERS_FACILITATORS)]
    if viewer.case_readers != READERS_COURSE:
        return []
    return [m for m in members if m.case_readers == READERS_COURSE]


def _choose_process(model: CaseModel, wanted_category: str) -> tuple[Any, str] | None:
    with_variants = [p for p in model.processes if p.variants]
    if not with_variants:
        return None
    for process in with_variants:
        if wanted_category and process.category == wanted_category:
            return process, process.category
    return with_variants[0], with_variants[0].category


def _choose_variant(process: Any, kind: str) -> Any:
    for variant in process.variants:
        if variant.kind == kind:
            return variant
    return process.variant()


def comparison(module: Module, members: list[CourseMember], user: User) -> list[ComparisonRow]:
    """One row per participant: the process of the most common type, in the variant the module's
    step is about (as-is or to-be), with lead time, handoffs and FTE per 1,000 cases."""
    loaded = []
    for member in members:
        case = readable_case(user, member)
        model = _model(case)
        if case is not None and model is not None:
            loaded.append((member, case, model))
    categories = Counter(
        p.category for _m, _c, model in loaded for p in model.processes if p.category
    )
    wanted = categories.most_common(1)[0][0] if categories else ""
    kind = VARIANT_KIND.get(module.step, "as-is")
    rows = []
    for member, case, model in loaded:
        row = ComparisonRow(member, case)
        chosen = _choose_process(model, wanted)
        if chosen is None:
            row.problem = _("The case has no process with a flow yet.")
            rows.append(row)
            continue
        process, category = chosen
        variant = _choose_variant(process, kind)
        row.process_id, row.process_name, row.category = process.id, process.label, category
        row.variant_id, row.variant_name = variant.id, variant.label
        try:
            row.metrics = analyze(model, process.id, variant.id)
        except AnalysisError as exc:
            row.problem = analysis_error_words(exc, case.document)
        rows.append(row)
    return rows


def pair(a: ComparisonRow, b: ComparisonRow) -> ProcessComparison:
    """The two rows' processes compared in detail (per case, per 1,000 cases, per activity).

    Raises AnalysisError as verksam.analysis.compare_processes does.
    """
    model_a, model_b = _model(a.case), _model(b.case)
    if model_a is None or model_b is None:
        raise AnalysisError("a case cannot be read", code="unreadable")
    return compare_processes(
        model_a, a.process_id, model_b, b.process_id, a.variant_id, b.variant_id
    )


# --- calendar ------------------------------------------------------------------------------------
@dataclass
class Entry:
    """Something on a day of the course calendar: a session (or a day of an open one) or a due
    module."""

    day: dt.date
    title: str
    kind: str  # "session", "open", "due"
    session: Session | None = None
    module: Module | None = None
    time: dt.datetime | None = None


def entries(course: Course) -> list[Entry]:
    out: list[Entry] = []
    for session in course.sessions.all():
        if session.is_async and session.opens_on and session.closes_on:
            day = session.opens_on
            while day <= session.closes_on:
                out.append(Entry(day, session.title, "open", session=session))
                day += dt.timedelta(days=1)
        elif session.starts_at:
            start = timezone.localtime(session.starts_at)
            out.append(Entry(start.date(), session.title, "session", session=session, time=start))
    for module in course.modules.all():
        if module.due_on:
            out.append(Entry(module.due_on, module.title, "due", module=module))
    out.sort(key=lambda e: (e.day, e.time or dt.datetime.min.replace(tzinfo=dt.UTC), e.title))
    return out


def month_grid(
    course: Course, year: int, month: int
) -> list[list[tuple[dt.date, bool, list[Entry]]]]:
    """Weeks (Monday first) of the month, each day with whether it is in the month and its entries."""
    import calendar

    by_day: dict[dt.date, list[Entry]] = {}
    for entry in entries(course):
        by_day.setdefault(entry.day, []).append(entry)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]


# --- evaluation ----------------------------------------------------------------------------------
@transaction.atomic
def save_evaluation(course: Course, user: User, answers: dict[int, Any]) -> None:
    """Store (or replace) the user's answers: a score 1–5 or a text per question id."""
    response, _created = EvaluationResponse.objects.get_or_create(course=course, user=user)
    response.save()  # bumps submitted_at
    for question in course.questions.all():
        value = answers.get(question.pk)
        score = int(value) if question.kind == EvaluationQuestion.LIKERT and value else None
        text = str(value or "").strip() if question.kind == EvaluationQuestion.TEXT else ""
        EvaluationAnswer.objects.update_or_create(
            response=response, question=question, defaults={"score": score, "text": text}
        )


@dataclass
class QuestionSummary:
    question: EvaluationQuestion
    answered: int = 0
    mean: float | None = None
    distribution: list[tuple[int, int, float]] = field(default_factory=list)  # score, count, share
    texts: list[str] = field(default_factory=list)


def evaluation_summary(course: Course) -> tuple[int, list[QuestionSummary]]:
    """How many answered, and per question the mean and spread (scale) or the texts (free text).

    The summary never says who answered what.
    """
    responses = course.responses.count()
    out = []
    for question in course.questions.all():
        summary = QuestionSummary(question)
        if question.kind == EvaluationQuestion.LIKERT:
            scores = [
                s
                for s in question.answers.values_list("score", flat=True)
                if s is not None and 1 <= s <= 5
            ]
            summary.answered = len(scores)
            counts = Counter(scores)
            if scores:
                summary.mean = sum(scores) / len(scores)
            summary.distribution = [
                (s, counts[s], counts[s] / len(scores) if scores else 0.0) for s in range(1, 6)
            ]
        else:
            summary.texts = sorted(
                t for t in question.answers.values_list("text", flat=True) if t.strip()
            )
            summary.answered = len(summary.texts)
        out.append(summary)
    return responses, out
