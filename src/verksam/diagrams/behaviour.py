"""Business behaviour view: sequence diagrams between units and state machines of business objects."""

from __future__ import annotations

from typing import TypeVar

from verksam.diagrams.build import EdgeSpec, NodeSpec, Part, box, graph, symbol_with_label
from verksam.diagrams.geometry import (
    Decoration,
    Diagram,
    EdgeGeom,
    LegendItem,
    Marker,
    NodeGeom,
)
from verksam.diagrams.layered import Settings
from verksam.diagrams.sheet import finish, text_block
from verksam.diagrams.swimlane import subtitle
from verksam.diagrams.text import block_size, line_height, wrap
from verksam.diagrams.words import language, sentence, word
from verksam.model import Case, Participant, Sequence, StateMachine

T = TypeVar("T")
LABEL_SIZE = 10.5
ROW_GAP = 16.0
SELF_W = 34.0


def _pick(items: list[T], item_id: str | None, what: str) -> T:
    if not items:
        raise KeyError(f"the case has no {what}")
    if item_id is None:
        return items[0]
    for item in items:
        if getattr(item, "id", None) == item_id:
            return item
    raise KeyError(item_id)


def participant_label(case: Case, p: Participant) -> str:
    if p.name:
        return p.name
    if p.ref:
        if unit := case.unit(p.ref):
            return unit.label
        if role := case.role(p.ref):
            return role.label
    return p.ref or p.id


def sequence_diagram(case: Case, sequence_id: str | None = None) -> Diagram:
    """A sequence diagram: lifelines per participant, numbered messages top to bottom, with what
    is handed over. Raises KeyError for an unknown sequence."""
    lang = language(case)
    seq: Sequence = _pick(
        case.behaviour.sequences if case.behaviour else [], sequence_id, "sequences"
    )
    heads: list[NodeSpec] = []
    index: dict[str, int] = {}
    for i, p in enumerate(seq.participants):
        index[p.id] = i
        unit = case.unit(p.ref) if p.ref else None
        fill = (
            "unit"
            if unit is None
            else {"external": "unit-external", "citizen": "unit-citizen"}.get(unit.kind, "unit")
        )
        heads.append(
            box(
                p.id,
                "participant",
                [Part(participant_label(case, p), 12, bold=True)],
                symbol="lifeline",
                fill=fill,
                wrap_width=140,
                min_w=110,
                min_h=40,
            )
        )
    messages = [m for m in seq.messages if m.source in index and m.target in index]
    # what is handed over: the text, else the name of the information object passed
    info = {i.id: i.label for i in (case.structure.information if case.structure else [])}
    handed = [
        m.handover or (info.get(m.information, m.information) if m.information else "")
        for m in messages
    ]
    labels: list[tuple[list[str], list[str]]] = []
    for n, m in enumerate(messages, start=1):
        main = wrap(f"{n}. {m.label or m.id}", 200, LABEL_SIZE, bold=False)
        extra = wrap(f"[{handed[n - 1]}]", 200, LABEL_SIZE - 0.5) if handed[n - 1] else []
        labels.append((main, extra))

    def label_w(k: int) -> float:
        main, extra = labels[k]
        return max(block_size(main, LABEL_SIZE)[0], block_size(extra, LABEL_SIZE - 0.5)[0])

    def label_h(k: int) -> float:
        main, extra = labels[k]
        return len(main) * line_height(LABEL_SIZE) + len(extra) * line_height(LABEL_SIZE - 0.5)

    # centres: heads side by side, then widened until every message label fits its span
    gaps = [(heads[i].w + heads[i + 1].w) / 2 + 30 for i in range(len(heads) - 1)]
    needs: list[tuple[int, int, float]] = []
    for k, m in enumerate(messages):
        a, b = index[m.source], index[m.target]
        if a == b:
            if a < len(gaps):
                needs.append((a, a + 1, SELF_W + label_w(k) + 24))
        else:
            lo, hi = min(a, b), max(a, b)
            needs.append((lo, hi, label_w(k) + 28))
    for lo, hi, need in sorted(needs, key=lambda t: (t[1] - t[0], t[0])):
        have = sum(gaps[lo:hi])
        if have < need:
            add = (need - have) / (hi - lo)
            for g in range(lo, hi):
                gaps[g] += add
    xs = [heads[0].w / 2 if heads else 0.0]
    for gap in gaps:
        xs.append(xs[-1] + gap)
    # Labels of long messages may use the room their span got.
    for k, m in enumerate(messages):
        a, b = index[m.source], index[m.target]
        if a != b:
            room = max(200.0, abs(xs[b] - xs[a]) - 28)
            main = wrap(f"{k + 1}. {m.label or m.id}", room, LABEL_SIZE)
            extra = wrap(f"[{handed[k]}]", room, LABEL_SIZE - 0.5) if handed[k] else []
            labels[k] = (main, extra)
    head_h = max((h.h for h in heads), default=0.0)
    nodes: list[NodeGeom] = [h.at(x - h.w / 2, 0) for h, x in zip(heads, xs, strict=True)]
    edges: list[EdgeGeom] = []
    y = head_h + 24
    last_self_w = 0.0
    for k, m in enumerate(messages):
        a, b = index[m.source], index[m.target]
        main, extra = labels[k]
        lh = label_h(k)
        top = y
        line_y = top + lh + 4
        dashed = m.kind == "reply"
        end: Marker = "arrow" if m.kind == "sync" else "open"
        if a == b:
            x = xs[a]
            pts = [(x, line_y), (x + SELF_W, line_y), (x + SELF_W, line_y + 18), (x, line_y + 18)]
            tx = x + SELF_W + 6
            label = text_block(main, tx, line_y - 2, LABEL_SIZE, anchor="start")
            if extra:
                label_extra = [
                    text_block(
                        extra,
                        tx,
                        label.rect.bottom,
                        LABEL_SIZE - 0.5,
                        anchor="start",
                        italic=True,
                        tone="muted",
                    )
                ]
            else:
                label_extra = []
            y = max(line_y + 18, label.rect.bottom + sum(t.rect.h for t in label_extra)) + ROW_GAP
            last_self_w = (
                max(last_self_w, SELF_W + label_w(k) + 30) if a == len(xs) - 1 else last_self_w
            )
        else:
            x1, x2 = xs[a], xs[b]
            mid = (x1 + x2) / 2
            pts = [(x1, line_y), (x2, line_y)]
            label = text_block(main, mid, top, LABEL_SIZE)
            label_extra = (
                [
                    text_block(
                        extra, mid, label.rect.bottom, LABEL_SIZE - 0.5, italic=True, tone="muted"
                    )
                ]
                if extra
                else []
            )
            y = line_y + ROW_GAP
        edges.append(
            EdgeGeom(
                m.source,
                m.target,
                pts,
                m.kind,
                label,
                1.4,
                dashed,
                "message" if m.kind != "reply" else "edge",
                "none",
                end,
                label_extra,
            )
        )
    bottom = y + 10
    decorations = [
        Decoration("line", points=[(x, head_h), (x, bottom)], stroke="rule", dashed=True, width=1.2)
        for x in xs
    ]
    width = (xs[-1] + heads[-1].w / 2 if heads else 0.0) + last_self_w
    diagram = Diagram(
        "sequence",
        f"{word(lang, 'Sequence diagram')}: {seq.label}",
        subtitle(case),
        sentence(lang, "sequence", name=seq.label, participants=len(heads), messages=len(messages)),
        nodes=nodes,
        edges=edges,
        decorations=decorations,
    )
    diagram.legend = [
        LegendItem("lifeline", "unit", word(lang, "unit")),
        LegendItem("edge", "plain", word(lang, "message"), tone="message"),
        LegendItem("edge", "plain", word(lang, "reply"), dashed=True),
    ]
    return finish(diagram, width, bottom, legend_title=word(lang, "Legend"))


def transition_label(event: str, guard: str, action: str) -> str:
    text = event
    if guard:
        text += f" [{guard}]"
    if action:
        text += f" / {action}"
    return text.strip()


def states_diagram(case: Case, machine_id: str | None = None) -> Diagram:
    """A state machine of a business object, laid out left to right.

    Raises KeyError for an unknown state machine.
    """
    lang = language(case)
    sm: StateMachine = _pick(
        case.behaviour.state_machines if case.behaviour else [], machine_id, "state machines"
    )
    specs: list[NodeSpec] = []
    for s in sm.states:
        if s.kind == "initial":
            specs.append(symbol_with_label(s.id, "initial", "dot", "terminal", 20, s.name))
        elif s.kind == "final":
            specs.append(symbol_with_label(s.id, "final", "bullseye", "terminal", 24, s.name))
        else:
            parts = [Part(s.name or s.id, 12, bold=True)]
            if s.description:
                parts.append(Part(s.description, 10, tone="muted"))
            specs.append(
                box(
                    s.id,
                    "state",
                    parts,
                    symbol="state",
                    fill="state",
                    wrap_width=150,
                    min_w=100,
                    min_h=40,
                )
            )
    ids = {s.id for s in specs}
    edges = [
        EdgeSpec(
            t.source,
            t.target,
            transition_label(t.event, t.guard, t.action),
            kind="transition",
            back_tone="edge",
            back_dashed=False,
        )
        for t in sm.transitions
        if t.source in ids and t.target in ids
    ]
    nodes, egeoms, res = graph(
        specs, edges, direction="LR", settings=Settings(node_gap=30), label_width=150
    )
    obj = ""
    if sm.object:
        info = {i.id: i.label for i in (case.structure.information if case.structure else [])}
        concepts = {c.id: c.label for c in (case.vision.concepts if case.vision else [])}
        obj = info.get(sm.object) or concepts.get(sm.object) or sm.object
    diagram = Diagram(
        "states",
        f"{word(lang, 'State machine')}: {sm.label}" + (f" ({obj})" if obj else ""),
        subtitle(case),
        sentence(
            lang, "states", name=sm.label, states=len(sm.states), transitions=len(sm.transitions)
        ),
        nodes=nodes,
        edges=egeoms,
    )
    diagram.legend = [
        LegendItem("state", "state", word(lang, "state")),
        LegendItem("dot", "terminal", word(lang, "initial state")),
        LegendItem("bullseye", "terminal", word(lang, "final state")),
        LegendItem(
            "edge", "plain", word(lang, "transition") + ": " + word(lang, "event [guard] / action")
        ),
    ]
    return finish(diagram, res.rank_extent, res.order_extent, legend_title=word(lang, "Legend"))
