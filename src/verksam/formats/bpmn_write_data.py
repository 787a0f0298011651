"""BPMN export of what nodes read and write: data input and output associations, the properties,
data inputs and outputs they need, and the associations kept from an imported file.

The semantic writer (bpmn_write) provides ids, the kept information objects and the drawing.
"""

from __future__ import annotations

from lxml import etree

from verksam.formats.bpmn_kept import DATA_KINDS, data_information, parse_kept
from verksam.formats.bpmn_write_di import _b, _DiagramWriter, _Drawn, _sub
from verksam.formats.bpmn_xml import BPMN, local
from verksam.model import Node

# which end of a data association names the data (the other end is the node's own element)
_DATA_END = {"dataInputAssociation": "sourceRef", "dataOutputAssociation": "targetRef"}


class _DataWriter(_DiagramWriter):
    """Writes nodes' data associations; the semantic writer fills `kept_info`."""

    # Data objects, stores and references kept from an imported file: BPMN id -> information.
    kept_info: dict[str, str]

    def data_associations(
        self,
        el: etree._Element,
        node: Node,
        bid: str,
        data_ref: dict[str, str],
        drawn: _Drawn,
        kept: list[etree._Element],
    ) -> None:
        """Reads and writes as data associations, in the places the schema allows for the type.

        Activities read through a property placeholder (as bpmn.io writes it); events that catch
        write through a data output and events that throw read through a data input. A property,
        data input or data output kept from an imported file serves instead of a new one.
        """
        covered = self.kept_associations(node)
        drawn_refs = {ref_id for ref_id, _info, _store in drawn.data_refs}
        for assoc in kept:
            kind = etree.QName(assoc).localname
            if kind not in _DATA_END:
                continue
            if not self.kept_association_holds(assoc, node):
                el.remove(assoc)
                continue
            reading = kind == "dataInputAssociation"
            ends = [(r.text or "").strip() for r in assoc.iterchildren(_b(_DATA_END[kind]))]
            ref_id = next((r for r in ends if r in drawn_refs), None)
            if ref_id is not None:
                edge = (ref_id, bid) if reading else (bid, ref_id)
                drawn.data_edges.append((assoc.get("id", ""), *edge))
        activity = node.type in ("task", "subprocess")
        own = {etree.QName(k).localname: k.get("id", "") for k in reversed(kept)}
        reads = [i for i in node.reads if i not in covered["dataInputAssociation"]]
        writes = [i for i in node.writes if i not in covered["dataOutputAssociation"]]
        catching = node.type == "start" or (node.type == "event" and not node.throwing)
        throwing = node.type == "end" or (node.type == "event" and node.throwing)
        if activity and reads and own.get("property"):
            target = own["property"]
        elif activity and reads:
            target = self.unique(f"Property_{bid}")
            _sub(el, BPMN, "property", id=target, name="__targetRef_placeholder")
        elif throwing and reads and own.get("dataInput"):
            target = own["dataInput"]
        elif throwing and reads:
            target = self.unique(f"DataInput_{bid}")
            _sub(el, BPMN, "dataInput", id=target)
        for info_id in reads if activity or throwing else []:
            assoc = _sub(
                el,
                BPMN,
                "dataInputAssociation",
                id=self.unique(f"DataInputAssociation_{bid}_{info_id}"),
            )
            _sub(assoc, BPMN, "sourceRef").text = data_ref[info_id]
            _sub(assoc, BPMN, "targetRef").text = target
            drawn.data_edges.append((assoc.get("id", ""), data_ref[info_id], bid))
        if throwing and reads and "inputSet" not in own:
            inputs = _sub(el, BPMN, "inputSet", id=self.unique(f"InputSet_{bid}"))
            _sub(inputs, BPMN, "dataInputRefs").text = target
        if catching and writes and own.get("dataOutput"):
            source = own["dataOutput"]
        elif catching and writes:
            source = self.unique(f"DataOutput_{bid}")
            _sub(el, BPMN, "dataOutput", id=source)
        for info_id in writes if activity or catching else []:
            assoc = _sub(
                el,
                BPMN,
                "dataOutputAssociation",
                id=self.unique(f"DataOutputAssociation_{bid}_{info_id}"),
            )
            if catching:
                _sub(assoc, BPMN, "sourceRef").text = source
            _sub(assoc, BPMN, "targetRef").text = data_ref[info_id]
            drawn.data_edges.append((assoc.get("id", ""), bid, data_ref[info_id]))
        if catching and writes and "outputSet" not in own:
            outputs = _sub(el, BPMN, "outputSet", id=self.unique(f"OutputSet_{bid}"))
            _sub(outputs, BPMN, "dataOutputRefs").text = source

    def present(self, fragments: list[str]) -> list[str]:
        """Kept elements without the data elements of information objects no longer in the case."""
        out = []
        for xml in fragments:
            element = parse_kept(xml) if 'kept="true"' in xml else None
            if (
                element is not None
                and local(element) in DATA_KINDS
                and data_information(element) is not None
                and element.get("id", "") not in self.kept_info
            ):
                continue
            out.append(xml)
        return out

    def kept_association_data(self, assoc: etree._Element) -> list[str]:
        """The information objects a kept data association connects its node with."""
        end = _DATA_END[etree.QName(assoc).localname]
        refs = [(r.text or "").strip() for r in assoc.iterchildren(_b(end))]
        return [self.kept_info[r] for r in refs if r in self.kept_info]

    def kept_association_holds(self, assoc: etree._Element, node: Node) -> bool:
        """Whether the node still reads (writes) everything a kept association says it does."""
        field = (
            node.reads if etree.QName(assoc).localname == "dataInputAssociation" else node.writes
        )
        return all(info in field for info in self.kept_association_data(assoc))

    def kept_associations(self, node: Node) -> dict[str, set[str]]:
        """Per association kind, what the node reads or writes through associations kept."""
        covered: dict[str, set[str]] = {kind: set() for kind in _DATA_END}
        for xml in node.bpmn_kept:
            if "Association" not in xml:
                continue
            assoc = parse_kept(xml)
            kind = etree.QName(assoc).localname
            if kind in _DATA_END and self.kept_association_holds(assoc, node):
                covered[kind].update(self.kept_association_data(assoc))
        return covered
