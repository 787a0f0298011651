"""Every import the command line knows can be uploaded in the web, with the report in the user's
language: BPMN (repairs named by element name), ArchiMate, Visio and step lists; bad files are
refused naming the place and nothing is saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from verksam.formats.visio import REASONS
from verksam.web.cases.access import cases_of
from verksam.web.interchange.report import KINDS, VISIO

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def _import(client: Any, home: Any, name: str, data: bytes, language: str = "sv") -> Any:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    url = reverse("cases:import", kwargs={"org": home.organisation.slug})
    return client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE=language, follow=True)


def _imported(home: Any) -> Any:
    return cases_of(home.organisation).exclude(pk=home.case.pk).get()


@pytest.mark.django_db
def test_an_archimate_exchange_file_is_accepted(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    export = reverse("cases:export", kwargs={"org": home.organisation.slug, "case": home.case.slug})
    archimate = client.get(export + "?format=archimate").content
    response = _import(client, home, "model.xml", archimate)
    assert response.redirect_chain, response.content.decode()[:2000]
    names = {p["name"] for p in _imported(home).document["processes"]}
    assert {p["name"] for p in home.case.document["processes"]} <= names
    assert "Filens vyer importerades inte" in response.content.decode()


@pytest.mark.django_db
def test_bpmn_repairs_are_reported_in_words_with_element_names(home: Any, client_for: Any) -> None:
    bpmn = (f'<definitions xmlns="{B}" id="d" targetNamespace="x"><process id="p">'
            '<startEvent id="s" name="Ansökan kommer in"/><endEvent id="e"/>'
            '<sequenceFlow id="f1" sourceRef="s" targetRef="e"/>'
            '<sequenceFlow id="f2" name="Till arkivet" sourceRef="s" targetRef="ghost"/>'
            '<task id="t" name="Granska"><standardLoopCharacteristics/></task>'
            "</process></definitions>").encode()  # fmt: skip
    page = _import(client_for(home.editor), home, "modell.bpmn", bpmn).content.decode()
    assert "Utelämnat eftersom det hänvisar till något som filen inte innehåller: " in page
    assert "sekvensflöde ”Till arkivet”" in page or "sekvensflöde “Till arkivet”" in page
    assert "Sparat som det var, till nästa BPMN-export" in page and "loopmarkering" in page
    assert "f2" not in page.split("Utelämnat")[1][:200]  # named, not by id


@pytest.mark.django_db
def test_a_visio_drawing_is_imported_with_what_was_left_out(
    home: Any, client_for: Any, shared_data: Path
) -> None:
    data = (shared_data / "visio" / "bpmn-miwg_itp-commerce_C.1.0.vsdx").read_bytes()
    page = _import(client_for(home.editor), home, "faktura.vsdx", data, "nb").content.decode()
    processes = _imported(home).document["processes"]
    assert [p["name"] for p in processes] == ["Team-Assistant", "BPMN MIWG Test Case C.1.0"]
    lanes = {lane["name"] for p in processes for lane in p["variants"][0]["lanes"]}
    assert lanes == {"Team-Assistant", "Team Assistant", "Approver", "Accountant"}
    # What was read by a guess, in words: the shape's text and its page, no ids.
    assert ("så de ble importert som vanlige hendelser – kontroller dem: starthendelse «Invoice received» "
            "på siden «Collaboration C.1.0»") in page  # fmt: skip
    assert "Disse portene ble importert som hendelsesbaserte" in page
    assert "shape 7" not in page and "event-guessed" not in page


@pytest.mark.django_db
def test_a_step_list_is_imported_and_a_bad_one_names_its_line(home: Any, client_for: Any) -> None:
    client = client_for(home.editor)
    good = "Steg;Roll;Minuter\nTa emot ansökan;Registrator;5\nBesluta;Enhetschef;10\n"
    _import(client, home, "färdtjänst.csv", good.encode())
    nodes = _imported(home).document["processes"][0]["variants"][0]["nodes"]
    tasks = [n["name"] for n in nodes if n.get("type", "task") == "task"]
    assert tasks == ["Ta emot ansökan", "Besluta"]
    events = {n["type"]: n["name"] for n in nodes if n.get("type") in ("start", "end")}
    assert events == {"start": "Ärendet kommer in", "end": "Klart"}  # as the step table names them
    bad = "Steg;Roll;Minuter\nTa emot;Registrator;fem\n"
    response = _import(client, home, "fel.csv", bad.encode())
    assert response.status_code == 400
    assert "rad 2, kolumn 3" in response.content.decode()
    assert cases_of(home.organisation).count() == 2  # the bad list saved nothing


# Words that are the same in English and the language.
SAME = {"sv": {"association", "import", "category"}, "nb": {"import", "category"}}


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_every_element_kind_of_the_report_is_translated(language: str) -> None:
    with translation.override("en"):
        english = {kind: str(word) for kind, word in KINDS.items()}
    with translation.override(language):
        same = {kind for kind, word in KINDS.items() if str(word) == english[kind]}
    assert same <= SAME[language] | {"dataObject", "dataObjectReference", "dataStore",
                                     "dataStoreReference", "resource", "signal"}  # fmt: skip


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_every_sentence_of_the_visio_report_is_translated(language: str) -> None:
    assert set(VISIO) == set(REASONS)  # every kind of Visio note has its sentence
    with translation.override("en"):
        english = {code: str(sentence) for code, sentence in VISIO.items()}
    with translation.override(language):
        assert all(str(s) != english[c] and "%(items)s" in str(s) for c, s in VISIO.items())
