"""Demo data for courses: a running Swedish–Norwegian course with the four pilot organisations
enrolled, its modules and sessions, comments between participants, and one published case.

Called by verksam.web.demo.load_demo after the pilot organisations and cases exist. The course's
facilitator signs in as FACILITATOR_USERNAME with the demo password.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _

from verksam.web.cases.access import cases_of
from verksam.web.community.models import ExperienceNote
from verksam.web.community.notifications import element_choices
from verksam.web.community.services import COSTS, PEOPLE, post_comment, publish
from verksam.web.courses.models import (
    PARTICIPANT,
    READERS_COURSE,
    Course,
    CourseMember,
    Module,
    Session,
)
from verksam.web.courses.services import create_course
from verksam.web.organisations.models import Organisation

FACILITATOR_USERNAME = "course-facilitator"
COURSE_TITLE = "Processkartläggning och processanalys / Prosesskartlegging og prosessanalyse"
PARTICIPANTS = ["sorsele", "bodo", "storuman", "si"]  # their editors take part

MODULES = [
    ("goals", "Vision och mål / Visjon og mål", -20,
     "Beskriv visionen och målhierarkin för er verksamhet.\n\n"
     "* Minst tre nivåer: vision, övergripande mål, mål per verksamhet\n"
     "* Knyt **ett kvantitativt mål** (indikator, målvärde, datum) till ett av målen"),
    ("as-is", "Nulägesprocess / Nåsituasjonsprosess", 7,
     "Kartlägg hur ärendet hanteras i dag, med roller i simbanor, tider och volymer.\n\n"
     "Ta med *väntetider*: de syns inte i arbetstiden men i ledtiden."),
    ("to-be", "Framtida process / Framtidig prosess", 35,
     "Rita den förbättrade processen som en ny variant och jämför med nuläget."),
    ("benefits", "Nyttorealisering / Gevinstrealisering", 60,
     "Beskriv nyttorna, intressenterna och förutsättningarna. Låt nyttan i årsverk räknas fram "
     "från processvarianterna."),
]  # fmt: skip


def demo_facilitator_login() -> tuple[str, str, str] | None:
    """(user name, course, role) of the demo course's facilitator, once the demo course exists."""
    course = Course.objects.filter(title=COURSE_TITLE).first()
    if course is None or not User.objects.filter(username=FACILITATOR_USERNAME).exists():
        return None
    return FACILITATOR_USERNAME, course.title, str(_("course facilitator"))


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load_course_demo(password_hash: str) -> Course | None:
    """Create the demo course once; returns it (None when the pilot organisations are missing)."""
    if Course.objects.filter(title=COURSE_TITLE).exists():
        return None
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=PARTICIPANTS)}
    if len(organisations) < len(PARTICIPANTS):
        return None
    cases = {slug: cases_of(organisations[slug]).order_by("pk").first() for slug in PARTICIPANTS}
    if any(case is None for case in cases.values()):
        return None  # an example did not load: no course rather than a half-made one
    facilitator, created = User.objects.get_or_create(
        username=FACILITATOR_USERNAME,
        defaults={"first_name": "Kari", "last_name": "Lärare", "email": "kursledare@example.org"},
    )
    if created:
        facilitator.password = password_hash
        facilitator.save()
    today = timezone.localdate()
    course = create_course(
        facilitator,
        title=COURSE_TITLE,
        description=(
            "Samma kursplan i Sverige och Norge: varje deltagare arbetar med ett eget, verkligt "
            "ärende från sin organisation och lär av de andra över gränsen.\n\n"
            "Samme kursplan i Sverige og Norge: hver deltaker arbeider med en egen, virkelig sak."
        ),
        languages=["sv", "nb"],
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90),
    )
    modules = {}
    for position, (step, title, due, text) in enumerate(MODULES, 1):
        modules[step] = Module.objects.create(
            course=course, position=position, title=title, step=step, instructions=text,
            due_on=today + dt.timedelta(days=due),
        )  # fmt: skip
    modules["as-is"].links.create(
        title="Eriksson–Penker: Business Modeling with UML",
        url="https://en.wikipedia.org/wiki/Eriksson-Penker_Business_Extensions",
    )
    Session.objects.create(
        course=course, module=modules["goals"], title="Uppstart / Oppstart", kind=Session.MEETING,
        format=Session.PHYSICAL, place="Umeå universitet, Samhällsvetarhuset",
        starts_at=_aware(today - dt.timedelta(days=28), 10),
        ends_at=_aware(today - dt.timedelta(days=28), 16),
        description="Presentation av deltagarna och deras ärenden.",
    )  # fmt: skip
    workshop = Session.objects.create(
        course=course, module=modules["as-is"], title="Nuläget i praktiken (asynkron workshop)",
        kind=Session.WORKSHOP, format=Session.VIRTUAL, timing=Session.ASYNC,
        video_url="https://meet.example.org/verksam-workshop",
        opens_on=today - dt.timedelta(days=3), closes_on=today + dt.timedelta(days=7),
        description="Lägg upp er nulägesprocess och kommentera minst två andras.",
    )  # fmt: skip
    Session.objects.create(
        course=course, module=modules["to-be"], title="Seminar: fra nå til framtid",
        kind=Session.SEMINAR, format=Session.VIRTUAL,
        video_url="https://meet.example.org/verksam-seminar",
        starts_at=_aware(today + dt.timedelta(days=14), 13),
        ends_at=_aware(today + dt.timedelta(days=14), 15),
    )  # fmt: skip
    members = {}
    for slug in PARTICIPANTS:
        organisation = organisations[slug]
        user = User.objects.get(username=f"{slug}-editor")
        case = cases[slug]
        members[slug] = CourseMember.objects.create(
            course=course, user=user, role=PARTICIPANT, organisation=organisation, case=case,
            case_readers=READERS_COURSE,
        )  # fmt: skip
    _conversation(course, facilitator, members, workshop)
    _library(organisations, members)
    return course


def _first_activity(member: CourseMember) -> str:
    from verksam.model import Case as CaseModel

    model = CaseModel.model_validate(member.case.document) if member.case else None
    if model is None:
        return ""
    for element_id, label in element_choices(model):
        if "/" in label:  # activities are labelled "name (process / variant)"
            return element_id
    return ""


def _conversation(
    course: Course, facilitator: User, members: dict[str, CourseMember], workshop: Session
) -> None:
    storuman, bodo = members["storuman"], members["bodo"]
    post_comment(
        facilitator,
        "Tydlig nulägesbild! Var uppstår den längsta väntetiden, och vem äger den?",
        case=storuman.case, view="processes", element=_first_activity(storuman), course=course,
    )  # fmt: skip
    question = post_comment(
        bodo.user,
        "Hos oss i Bodø går søknadene også via flere avdelinger. @storuman-editor, "
        "hvordan fikk dere oversikt over overleveringene?",
        case=storuman.case, view="processes", course=course,
    )  # fmt: skip
    post_comment(
        storuman.user,
        "Vi ritade simbanor per enhet och räknade överlämningarna – nio per ärende i nuläget!",
        parent=question,
    )
    post_comment(
        members["si"].user,
        "Vår henvendelsesprosess er lagt ut i saken vår; vi ser fram til kommentarer.",
        session=workshop,
    )
    post_comment(
        members["sorsele"].user,
        "Vi har lagt till ett kvantitativt mål under skolans mål. Synpunkter välkomnas!",
        case=members["sorsele"].case, view="vision", course=course,
    )  # fmt: skip


def _library(organisations: dict[str, Organisation], members: dict[str, CourseMember]) -> None:
    storuman = members["storuman"]
    if storuman.case is None:
        return
    owner = User.objects.get(username="storuman-owner")
    publish(
        storuman.case, owner,
        title="Elevtransport: upphandling och beställning (Storuman)",
        summary="Nuläge och förbättrat läge för beställning av skolskjuts, med tider och volymer.",
        tags=["skola", "skolskjuts", "upphandling"], remove=[PEOPLE, COSTS],
    )  # fmt: skip
    sorsele = members["sorsele"]
    if sorsele.case is not None:
        ExperienceNote.objects.create(
            organisation=organisations["sorsele"], case=sorsele.case, course=sorsele.course,
            author=sorsele.user, title="Målhierarkin blev vårt gemensamma språk",
            what_changed="Varje verksamhet formulerade sina mål under kommunstyrelsens mål.",
            what_it_gave="Färre motstridiga prioriteringar i budgetarbetet.",
            advice="Börja med visionen och låt verksamheterna själva skriva sina mål.",
            published=True,
        )  # fmt: skip
