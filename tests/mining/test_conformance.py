"""Token-based replay against modelled variants: fitness, deviations, model-only and log-only parts."""

from __future__ import annotations

import warnings
from pathlib import Path

import polars as pl
import pytest
from mining_logs import make_log

from verksam.mining.conformance import build_net, conformance, model_relations, replay
from verksam.mining.log import canonical
from verksam.model import Flow, Node, Variant


def variant(nodes: list[tuple[str, str, str]], flows: str) -> Variant:
    """Nodes as (id, type, name); flows as 'a>b b>c'."""
    return Variant(
        id="v",
        name="V",
        nodes=[Node(id=i, type=t, name=n) for i, t, n in nodes],  # type: ignore[arg-type]
        flows=[Flow(source=f.split(">")[0], target=f.split(">")[1]) for f in flows.split()],
    )


# register → (approve | reject) → (notify ‖ archive)
PERMIT = variant(
    [
        ("s", "start", ""),
        ("reg", "task", "Register"),
        ("x1", "xor", ""),
        ("a", "task", "Approve"),
        ("b", "task", "Reject"),
        ("x2", "xor", ""),
        ("p1", "and", ""),
        ("c", "task", "Notify"),
        ("d", "task", "Archive"),
        ("p2", "and", ""),
        ("e", "end", ""),
    ],
    "s>reg reg>x1 x1>a x1>b a>x2 b>x2 x2>p1 p1>c p1>d c>p2 d>p2 p2>e",
)
NAMES = {"Register": "reg", "Approve": "a", "Reject": "b", "Notify": "c", "Archive": "d"}


@pytest.mark.parametrize(
    "trace",
    [
        ["Register", "Approve", "Notify", "Archive"],
        ["Register", "Reject", "Archive", "Notify"],  # parallel branches in either order
    ],
)
def test_traces_the_model_allows_fit_perfectly(trace):
    result = replay(build_net(PERMIT), trace, NAMES)
    assert (result.missing, result.remaining, result.fitness) == (0, 0, 1.0)


def test_skipping_steps_costs_missing_and_remaining_tokens():
    # start (1 in, 1 out), Register (1, 1), Notify forced: 1 missing; the end is not reached:
    # 1 missing for the final token, which is consumed (c = 4). Left: the token before the
    # XOR choice and the one waiting at the AND join: r = 2 of p = 4 produced (incl. initial).
    result = replay(build_net(PERMIT), ["Register", "Notify"], NAMES)
    assert (result.missing, result.consumed, result.remaining, result.produced) == (2, 4, 2, 4)
    assert result.fitness == pytest.approx(0.5)
    kinds = {kind for kind, _ in result.deviations}
    assert kinds == {
        "done when the model does not allow it",
        "ended before the model's end",
        "left undone",
    }


def test_or_gateway_allows_any_non_empty_choice_and_loops_replay():
    model = variant(
        [
            ("s", "start", ""),
            ("a", "task", "A"),
            ("o1", "or", ""),
            ("b", "task", "B"),
            ("c", "task", "C"),
            ("o2", "or", ""),
            ("x", "xor", ""),
            ("d", "task", "D"),
            ("e", "end", ""),
        ],
        "s>a a>o1 o1>b o1>c b>o2 c>o2 o2>x x>d x>a d>e",
    )
    net = build_net(model)
    names = {n: n.lower() for n in "ABCD"}
    for trace in (
        ["A", "B", "D"],
        ["A", "C", "D"],
        ["A", "C", "B", "D"],
        ["A", "B", "A", "C", "D"],
    ):
        assert replay(net, trace, names).fitness == 1.0, trace
    assert replay(net, ["A", "D"], names).fitness < 1.0


def test_report_lists_log_only_model_only_and_common_deviations(as_frame):
    rows = []
    for i in range(3):
        rows += [
            (f"ok{i}", "Register", 0),
            (f"ok{i}", "Approve", 1),
            (f"ok{i}", "Notify", 2),
            (f"ok{i}", "Archive", 3),
        ]
    rows += [("odd", "Register", 0), ("odd", "Phone call", 1), ("odd", "Notify", 2)]
    report, per_case = conformance(as_frame(make_log(rows)), PERMIT)
    assert report["cases"] == 4 and report["fitting_cases"] == 3
    assert report["log_only_activities"] == [{"activity": "Phone call", "events": 1}]
    assert report["model_only_activities"] == [{"id": "b", "name": "Reject"}]
    assert {"source": "Register", "target": "Notify", "count": 1} not in report["log_only_paths"]
    assert {"source": "Register", "target": "Reject"} in report["model_only_paths"]
    kinds = {d["kind"] for d in report["deviations"]}
    assert "not in the model" in kinds
    fitness = dict(per_case.select(pl.col("case").cast(pl.String), "fitness").collect().rows())
    assert fitness["ok0"] == 1.0 and fitness["odd"] < 1.0
    assert 0 < report["fitness"] < 1


def test_model_relations_cover_parallel_interleavings():
    starts, ends, follows = model_relations(build_net(PERMIT))
    assert starts == {"reg"} and ends == {"c", "d"}
    assert {("c", "d"), ("d", "c"), ("a", "c"), ("b", "d"), ("reg", "a")} <= follows
    assert ("reg", "c") not in follows


def test_mapping_to_an_unknown_node_is_an_error():
    with pytest.raises(ValueError, match="'nowhere', which variant 'v' does not have"):
        conformance(make_log([("c", "x", 0)]), PERMIT, {"x": "nowhere"})


def test_fitting_cases_agree_with_pm4py_on_the_running_example(shared_data: Path):
    pm4py = pytest.importorskip("pm4py")
    from verksam.formats.bpmn_read import read_bpmn

    warnings.filterwarnings("ignore")
    folder = shared_data / "pm4py"
    model = read_bpmn(folder / "running-example.bpmn").case.processes[0].variants[0]
    df = pm4py.read_xes(str(folder / "running-example.xes"))
    name, case = df["concept:name"], df["case:concept:name"]
    df = df[
        ~((name == "check ticket") & case.isin(["1", "2"])) & ~((name == "decide") & (case == "3"))
    ]
    frame = pl.from_pandas(df[["case:concept:name", "concept:name", "time:timestamp"]])
    report, per_case = conformance(canonical(frame.lazy()), model)
    ours = {str(c) for c, f in per_case.collect().rows() if f == 1.0}
    net, im, fm = pm4py.convert_to_petri_net(pm4py.read_bpmn(str(folder / "running-example.bpmn")))
    diagnostics = pm4py.conformance_diagnostics_token_based_replay(df, net, im, fm)
    order = df.groupby("case:concept:name", sort=False).size().index.tolist()
    theirs = {str(c) for c, d in zip(order, diagnostics, strict=True) if d["trace_is_fit"]}
    assert ours == theirs == {"4", "5", "6"}
    assert report["fitting_cases"] == 3


def test_receipt_log_fits_its_model_as_pm4py_finds(shared_data: Path):
    pm4py = pytest.importorskip("pm4py")
    from verksam.formats.bpmn_read import read_bpmn
    from verksam.mining.log import scan_log

    warnings.filterwarnings("ignore")
    folder = shared_data / "pm4py"
    model = read_bpmn(folder / "receipt.bpmn").case.processes[0].variants[0]
    report, _ = conformance(scan_log(folder / "receipt.xes.gz"), model)
    net, im, fm = pm4py.convert_to_petri_net(pm4py.read_bpmn(str(folder / "receipt.bpmn")))
    theirs = pm4py.fitness_token_based_replay(
        pm4py.read_xes(str(folder / "receipt.xes.gz")), net, im, fm
    )
    assert report["fitting_share"] * 100 == pytest.approx(theirs["percentage_of_fitting_traces"])
    assert report["fitness"] == pytest.approx(theirs["log_fitness"])
    assert report["log_only_activities"] == [] and report["log_only_paths"] == []


def test_start_and_end_events_in_the_log_replay_as_the_models_start_and_end():
    model = variant(
        [
            ("s", "start", "Application received"),
            ("reg", "task", "Register"),
            ("dec", "task", "Decide"),
            ("e", "end", "Decision sent"),
        ],
        "s>reg reg>dec dec>e",
    )
    by_name = ["Application received", "Register", "Decide", "Decision sent"]
    by_id = ["s", "Register", "Decide", "e"]
    rows = [
        (f"c{i}", activity, 10 * i + k)
        for i, trace in enumerate([by_name] * 3 + [by_id] * 3)
        for k, activity in enumerate(trace)
    ]
    report, _ = conformance(make_log(rows), model)
    assert report["fitting_cases"] == 6
    assert report["fitness"] == 1.0
    assert report["log_only_activities"] == []
    assert report["mapping"]["Application received"] == "s"
    assert report["mapping"]["e"] == "e"


def test_a_case_that_skips_the_logged_start_event_is_not_fitting():
    model = variant(
        [("s", "start", "Received"), ("reg", "task", "Register"), ("e", "end", "Done")],
        "s>reg reg>e",
    )
    rows = [("a", "Received", 1), ("a", "Register", 2), ("a", "Done", 3)]
    rows += [("b", "Register", 1), ("b", "Done", 2)]
    report, _ = conformance(make_log(rows), model)
    assert report["fitting_cases"] == 1
