"""Hypothesis strategies for case files: structurally valid cases (as raw data) touching every view.

References between elements are drawn from a small pool of ids, so some resolve and some do not;
the round trip must hold either way.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

IDS = st.sampled_from(["a", "b", "c", "start", "slut", "as-is", "to-be", "x.1", "_y", "e-tjanst"])
NEW_IDS = st.from_regex(r"[a-z_][a-z0-9_.\-]{0,12}", fullmatch=True)
TEXT = st.text(max_size=30)
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
NONNEG = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
SHARE = st.floats(min_value=0, max_value=1)
DATES = st.dates()
SMALL_INT = st.integers(min_value=0, max_value=100)


def lists(strategy: st.SearchStrategy[Any], max_size: int = 3) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, max_size=max_size)


def element(**optional: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """An Element: an id, maybe a name and description, and the given optional fields."""
    return st.fixed_dictionaries(
        {"id": NEW_IDS}, optional={"name": TEXT, "description": TEXT, **optional}
    )


MEASUREMENT = st.fixed_dictionaries({"date": DATES, "value": FLOAT}, optional={"note": TEXT})

GOAL = element(
    parent=IDS,
    level=st.sampled_from(["overarching", "operational", "sub"]),
    kind=st.sampled_from(["qualitative", "quantitative"]),
    indicator=TEXT,
    unit=TEXT,
    baseline=FLOAT,
    baseline_date=DATES,
    target=FLOAT,
    deadline=DATES,
    owner=IDS,
    measurements=lists(MEASUREMENT),
    relations=lists(
        st.fixed_dictionaries(
            {"kind": st.sampled_from(["complementary", "contradictory", "dependent"]), "goal": IDS}
        )
    ),
)

VISION = st.fixed_dictionaries(
    {},
    optional={
        "statement": TEXT,
        "adopted": DATES,
        "adopted_by": TEXT,
        "goals": lists(GOAL),
        "problems": lists(element(blocks=lists(IDS), causes=lists(IDS))),
        "concepts": lists(element(attributes=lists(TEXT))),
        "associations": lists(
            element(
                kind=st.sampled_from(
                    ["association", "aggregation", "composition", "generalization"]
                ),
                source_multiplicity=TEXT,
            ).map(lambda d: {**d, "source": "a", "target": "b"})
        ),
    },
)

EFFECT_MAP = st.fixed_dictionaries(
    {},
    optional={
        "effect_goals": lists(
            element(indicator=TEXT, baseline=FLOAT, target=FLOAT, deadline=DATES, goal=IDS)
        ),
        "target_groups": lists(element(effect_goals=lists(IDS))),
        "needs": lists(element(measure=TEXT).map(lambda d: {**d, "target_group": "a"})),
        "deliverables": lists(element(needs=lists(IDS), rank=st.integers())),
    },
)

STRUCTURE = st.fixed_dictionaries(
    {},
    optional={
        "units": lists(
            element(parent=IDS, kind=st.sampled_from(["internal", "external", "citizen"]))
        ),
        "roles": lists(
            element(
                unit=IDS,
                fte=NONNEG,
                cost_per_hour=NONNEG,
                capacity=SMALL_INT,
                calendar=IDS,
                external=st.booleans(),
            )
        ),
        "resources": lists(
            element(kind=st.sampled_from(["people", "physical", "information", "abstract"]))
        ),
        "systems": lists(element(owner=IDS, vendor=TEXT)),
        "information": lists(
            element(
                system=IDS,
                kind=st.sampled_from(["document", "record", "data-store", "message"]),
                personal_data=st.booleans(),
            )
        ),
    },
)

DISTRIBUTION = st.fixed_dictionaries(
    {"kind": st.sampled_from(["fixed", "exponential", "uniform", "triangular", "empirical"])},
    optional={"mean": NONNEG, "sd": NONNEG, "min": NONNEG, "max": NONNEG, "values": lists(NONNEG)},
)

NODE = element(
    type=st.sampled_from(["start", "end", "task", "subprocess", "xor", "and", "or", "event"]),
    task_kind=st.sampled_from(["task", "user", "service", "send"]),
    event=st.sampled_from(["none", "message", "timer"]),
    lane=IDS,
    touch_minutes=NONNEG,
    waiting_hours=NONNEG,
    value_adding=st.booleans(),
    duration=DISTRIBUTION,
    reads=lists(IDS),
    writes=lists(IDS),
    systems=lists(IDS),
    documentation=TEXT,
)

FLOW = st.fixed_dictionaries(
    {"source": IDS, "target": IDS},
    optional={"id": NEW_IDS, "probability": SHARE, "condition": TEXT, "name": TEXT},
)

VARIANT = element(
    kind=st.sampled_from(["as-is", "to-be", "alternative"]),
    based_on=IDS,
    volume_per_year=NONNEG,
    lanes=lists(
        element(
            role=IDS,
            unit=IDS,
            stage=st.sampled_from(["citizen", "front-stage", "back-stage", "support"]),
        )
    ),
    nodes=lists(NODE, 5),
    flows=lists(FLOW, 5),
    annotations=lists(
        st.fixed_dictionaries({"id": NEW_IDS, "text": TEXT}, optional={"attached_to": IDS})
    ),
    arrivals=st.fixed_dictionaries(
        {},
        optional={
            "interval": DISTRIBUTION,
            "weekly": st.fixed_dictionaries({"weights": st.lists(NONNEG, min_size=7, max_size=7)}),
        },
    ),
)

PROCESS = element(
    goals=lists(IDS),
    goal_text=TEXT,
    trigger=TEXT,
    inputs=lists(IDS),
    outputs=lists(IDS),
    supplies=lists(IDS),
    controls=lists(IDS),
    owner=IDS,
    category=TEXT,
    variants=lists(VARIANT, 2),
)

CALENDAR = element(
    hours=lists(
        st.fixed_dictionaries(
            {"weekday": st.integers(0, 6), "start": st.times(), "end": st.times()}
        )
    ),
    holidays=st.sampled_from(["SE", "NO"]),
    closed=lists(DATES),
)

BEHAVIOUR = st.fixed_dictionaries(
    {},
    optional={
        "sequences": lists(
            element(
                process=IDS,
                participants=lists(
                    st.fixed_dictionaries({"id": NEW_IDS}, optional={"ref": IDS, "name": TEXT})
                ),
                messages=lists(
                    st.fixed_dictionaries(
                        {"id": NEW_IDS, "source": IDS, "target": IDS},
                        optional={
                            "label": TEXT,
                            "handover": TEXT,
                            "information": IDS,
                            "kind": st.sampled_from(["sync", "async", "reply"]),
                        },
                    )
                ),
            )
        ),
        "state_machines": lists(
            element(
                object=IDS,
                states=lists(
                    st.fixed_dictionaries(
                        {"id": NEW_IDS},
                        optional={"kind": st.sampled_from(["initial", "normal", "final"])},
                    )
                ),
                transitions=lists(
                    st.fixed_dictionaries(
                        {"source": IDS, "target": IDS}, optional={"event": TEXT, "guard": TEXT}
                    )
                ),
            )
        ),
    },
)

LEVEL = st.sampled_from(["low", "medium", "high"])
BENEFITS = st.fixed_dictionaries(
    {},
    optional={
        "initiative": TEXT,
        "assumptions": lists(element(unit=TEXT, source=TEXT).map(lambda d: {**d, "value": 1.5})),
        "benefits": lists(
            element(
                category=st.sampled_from(
                    ["cash-releasing", "reallocation", "other-public", "non-monetised"]
                ),
                dis_benefit=st.booleans(),
                ramp_up=lists(SHARE),
                start_year=SMALL_INT,
                amount_per_year=FLOAT,
                fte=FLOAT,
                formula=TEXT,
                target_date=DATES,
                derived_from=st.fixed_dictionaries(
                    {"process": IDS},
                    optional={
                        "measure": st.sampled_from(["fte", "hours", "cost"]),
                        "roles": lists(IDS),
                    },
                ),
                measurements=lists(MEASUREMENT),
            )
        ),
        "costs": lists(
            element(
                kind=st.sampled_from(["investment", "running"]),
                year=SMALL_INT,
                end_year=SMALL_INT,
            ).map(lambda d: {**d, "amount": 100.0})
        ),
        "stakeholders": lists(
            element(
                power=LEVEL,
                interest=LEVEL,
                attitude=st.sampled_from(["negative", "neutral", "positive"]),
            )
        ),
        "prerequisites": lists(element(due=DATES, benefits=lists(IDS))),
        "risks": lists(element(probability=LEVEL, impact=LEVEL, mitigation=TEXT)),
        "changes": lists(element()),
        "effects": lists(element(changes=lists(IDS))),
        "alternatives": lists(element(process=IDS, variant=IDS, risk=LEVEL)),
        "co_financing_share": SHARE,
    },
)

SERVICE = element(
    promise_text=TEXT,
    process=IDS,
    promise=st.fixed_dictionaries(
        {"limit": st.floats(min_value=0.001, max_value=1e6)},
        optional={
            "start": IDS,
            "end": IDS,
            "unit": st.sampled_from(["working-days", "calendar-days", "hours"]),
            "target_share": SHARE,
        },
    ),
    compensation=TEXT,
    adopted=DATES,
)

SETTINGS = st.fixed_dictionaries(
    {},
    optional={
        "country": st.sampled_from(["SE", "NO"]),
        "currency": st.sampled_from(["SEK", "NOK", "EUR"]),
        "language": st.sampled_from(["sv", "nb", "en"]),
        "hours_per_fte": st.floats(min_value=1, max_value=3000),
        "discount_rate": st.floats(min_value=0, max_value=0.99),
        "analysis_years": st.integers(1, 75),
        "start_year": st.integers(1900, 2200),
    },
)

CASE_DATA: st.SearchStrategy[dict[str, Any]] = st.fixed_dictionaries(
    {"id": NEW_IDS, "name": TEXT},
    optional={
        "organisation": TEXT,
        "description": TEXT,
        "tags": lists(TEXT),
        "illustrative": TEXT,
        "settings": SETTINGS,
        "vision": VISION,
        "effect_map": EFFECT_MAP,
        "structure": STRUCTURE,
        "processes": lists(PROCESS, 2),
        "message_flows": lists(
            st.fixed_dictionaries(
                {"id": NEW_IDS, "source_process": IDS, "target_process": IDS},
                optional={"source": IDS, "target": IDS, "name": TEXT},
            )
        ),
        "calendars": lists(CALENDAR, 2),
        "behaviour": BEHAVIOUR,
        "benefits": BENEFITS,
        "services": lists(SERVICE, 2),
    },
)
