"""Bad input gets a clear error naming the element before any simulation starts."""

import pytest

from tests.simulation.simulation_models import permit_case, tandem_case
from verksam.model.process import Distribution
from verksam.simulation import SimulationError, simulate


def problems_of(case, process="permit") -> str:
    with pytest.raises(SimulationError) as info:
        simulate(case, process, cases=10)
    return " | ".join(info.value.problems)


def test_probabilities_that_do_not_sum_to_one_name_the_gateway():
    case = permit_case()
    flows = case.processes[0].variants[0].flows
    next(f for f in flows if f.target == "ask").probability = 0.5
    message = problems_of(case)
    assert "complete" in message and "sum to 1.2" in message


def test_a_loop_with_probability_one_never_ends_and_is_refused():
    case = permit_case()
    flows = case.processes[0].variants[0].flows
    next(f for f in flows if f.target == "ask").probability = 1.0
    next(f for f in flows if f.target == "fork").probability = 0.0
    message = problems_of(case)
    assert "no path from" in message and "end event" in message


@pytest.mark.parametrize(
    ("field", "value"), [("capacity", 0), ("fte", 0.0)], ids=["capacity-0", "fte-0"]
)
def test_a_role_with_no_capacity_is_refused(field, value):
    case = permit_case()
    role = case.structure.roles[1]
    role.capacity = None
    setattr(role, field, value)
    message = problems_of(case)
    assert "role 'officer'" in message and "no capacity" in message


def test_a_distribution_without_its_parameters_names_the_node():
    case = permit_case()
    node = case.processes[0].variants[0].node("review")
    node.duration = Distribution(kind="triangular", min=1, max=5)
    message = problems_of(case)
    assert "nodes.review.duration" in message and "mode" in message


def test_an_inclusive_split_joined_by_an_and_gateway_is_refused():
    case = permit_case()
    variant = case.processes[0].variants[0]
    variant.node("fork").type = "or"
    for flow in variant.outgoing("fork"):
        flow.probability = 0.8
    message = problems_of(case)
    assert "inclusive split 'fork'" in message and "'join'" in message


def test_an_or_split_that_could_take_no_branch_is_refused():
    case = permit_case()
    variant = case.processes[0].variants[0]
    variant.node("fork").type = "or"
    for flow in variant.outgoing("fork"):
        flow.probability = 0.4
    assert "sum to 0.8, not 1 or more" in problems_of(case)


def test_no_arrivals_at_all_is_refused():
    case = permit_case()
    case.processes[0].variants[0].volume_per_year = None
    assert "no case would arrive" in problems_of(case)


def test_unknown_process_and_variant_are_named():
    assert "no process 'nope'" in problems_of(permit_case(), "nope")
    with pytest.raises(SimulationError, match="no variant 'to-be'"):
        simulate(permit_case(), "permit", "to-be", cases=10)


def test_every_problem_is_reported_at_once():
    case = tandem_case(1.0, [(1.0, 0), (1.0, 1)])
    case.processes[0].variants[0].node("t1").duration = Distribution(kind="normal", mean=3)
    with pytest.raises(SimulationError) as info:
        simulate(case, "p", cases=10)
    assert len(info.value.problems) == 2


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="at least 1"):
        simulate(permit_case(), "permit", cases=0)
    with pytest.raises(ValueError, match="warmup"):
        simulate(permit_case(), "permit", cases=10, warmup=10)
