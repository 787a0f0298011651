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

from verksam.formats.bpmn import InterchangeError, read_bpmn_bytes
from verksam.formats.visio import REASONS
from verksam.web.cases.access import cases_of
from verksam.web.interchange.report import ERRORS, KINDS, VISIO, error_text

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


A = "http://www.opengroup.org/xsd/archimate/3.0/"


# One refused upload per kind of error the web can meet (the importers are lenient there, so
# the references a strict import refuses are repaired and reported instead).
def _vsdx(parts: dict[str, str]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


V = "http://schemas.microsoft.com/office/visio/2012/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
RELS = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Target="page1.xml" '
        'Type="http://schemas.microsoft.com/visio/2010/relationships/page"/></Relationships>')  # fmt: skip
ONE_BOX = (f'<PageContents xmlns="{V}"><Shapes><Shape ID="1" Type="Shape"><Cell N="PinX" V="1"/>'
           '<Cell N="PinY" V="1"/><Cell N="Width" V="1"/><Cell N="Height" V="1"/>'
           "<Text>Ensam ruta</Text></Shape></Shapes></PageContents>")  # fmt: skip
VISIO_REFUSED: dict[str, tuple[str, bytes]] = {
    "not-vsdx": ("ritning.vsdx", b"this is no zip package"),
    "damaged": ("ritning.vsdx", _vsdx({"visio/document.xml": f'<VisioDocument xmlns="{V}"/>'})),
    "no-flow": (
        "ritning.vsdx",
        _vsdx(
            {
                "visio/pages/pages.xml": f'<Pages xmlns="{V}" xmlns:r="{REL}"><Page ID="0" '
                'NameU="Sida-1" Name="Sida-1"><Rel r:id="rId1"/></Page></Pages>',
                "visio/pages/_rels/pages.xml.rels": RELS,
                "visio/pages/page1.xml": ONE_BOX,
            }
        ),
    ),
}
REFUSED = {
    "entities": ("m.bpmn", f'<!DOCTYPE d [<!ENTITY e "x">]><definitions xmlns="{B}"/>'),
    "malformed": ("m.bpmn", f'<definitions xmlns="{B}">\n<process id="p">\n</definitions>'),
    "not-bpmn": ("m.bpmn", '<model xmlns="urn:other"/>'),
    "not-archimate": ("m.xml", f'<definitions xmlns="{A}"/>'),
    "unknown-format": ("m.xml", '<model xmlns="urn:other"/>'),
    "duplicate-id": (
        "m.bpmn",
        f'<definitions xmlns="{B}"><process id="p"><task id="t" name="Granska"/>\n'
        '<task id="t" name="Besluta"/></process></definitions>',
    ),
    "no-process": ("m.bpmn", f'<definitions xmlns="{B}"><message id="m"/></definitions>'),
    "missing-reference": (
        "m.xml",
        f'<model xmlns="{A}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'identifier="m"><elements><element identifier="a" xsi:type="BusinessProcess">'
        "<name>Ansökan</name></element></elements><relationships>\n<relationship "
        'identifier="r" source="a" target="ghost" xsi:type="Triggering"><name>Sedan</name>'
        "</relationship></relationships></model>",
    ),
}


def _problems(page: str) -> str:
    return page.split('<ul class="problems">')[1].split("</ul>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(REFUSED) + sorted(VISIO_REFUSED))
def test_a_refused_file_is_explained_in_the_users_language(
    code: str, home: Any, client_for: Any
) -> None:
    name, text = REFUSED[code] if code in REFUSED else VISIO_REFUSED[code]
    data = text.encode() if isinstance(text, str) else text
    client = client_for(home.editor)
    sv = _import(client, home, name, data, "sv")
    en = _import(client, home, name, data, "en")
    assert sv.status_code == en.status_code == 400
    assert cases_of(home.organisation).count() == 1  # nothing saved
    with translation.override("sv"):
        sentence = str(ERRORS[code]).split("%(element)s")[-1]
    with translation.override("en"):
        english = str(ERRORS[code]).split("%(element)s")[-1]
    said, said_en = _problems(sv.content.decode()), _problems(en.content.decode())
    assert sentence in said and english in said_en
    assert english not in said and "line" not in said  # no English under the Swedish heading
    assert "Problem i filen" in sv.content.decode()


def test_every_error_of_the_importers_has_its_sentence() -> None:
    from verksam.formats.bpmn_xml import ERRORS as CODES

    assert set(ERRORS) == set(CODES)
    for language in ("sv", "nb"):
        with translation.override("en"):
            english = {code: str(sentence) for code, sentence in ERRORS.items()}
        with translation.override(language):
            assert all(str(s) != english[c] for c, s in ERRORS.items())


@pytest.mark.parametrize("language", ["sv", "nb"])
def test_errors_only_a_strict_import_meets_are_worded_too(language: str) -> None:
    """Errors of a strict import, and of a file too large: words and line, no English, no id."""
    bpmn = (f'<definitions xmlns="{B}"><process id="p"><startEvent id="s"/>\n'
            '<sequenceFlow id="f9" name="Till arkivet" sourceRef="s" targetRef="ghost"/>'
            "</process></definitions>").encode()  # fmt: skip
    with pytest.raises(InterchangeError) as refused:
        read_bpmn_bytes(bpmn, "m.bpmn", strict=True)
    nameless = f'<definitions xmlns="{B}"><process id="p"><task name="Granska"/></process>'
    with pytest.raises(InterchangeError) as no_id:
        read_bpmn_bytes((nameless + "</definitions>").encode(), "m.bpmn", strict=True)
    large = InterchangeError("too large", code="too-large", params={"limit": "50"})
    unreadable = InterchangeError("cannot read", code="unreadable")
    errors = [refused.value, no_id.value, large, unreadable]
    assert [e.code for e in errors] == ["missing-reference", "no-id", "too-large", "unreadable"]
    with translation.override("en"):
        english = [error_text(e) for e in errors]
    with translation.override(language):
        said = [error_text(e) for e in errors]
    assert all(a != b for a, b in zip(said, english, strict=True))
    assert "Till arkivet" in said[0] and "f9" not in said[0] and "ghost" not in said[0]
    assert said[0].startswith({"sv": "rad 2: ", "nb": "linje 2: "}[language])
    assert "“Granska”" in said[1] or "«Granska»" in said[1] or "”Granska”" in said[1]


@pytest.mark.django_db
def test_a_bpmn_file_from_another_tool_is_made_at_home_in_a_norwegian_organisation(
    other: Any, client_for: Any
) -> None:
    bpmn = (f'<definitions xmlns="{B}" id="d" targetNamespace="x"><process id="p" name="Skoleskyss">'
            '<startEvent id="s" name="Søknad kommer"/><task id="t" name="Vurdere"/>'
            '<endEvent id="e" name="Ferdig"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>'
            '<sequenceFlow id="f2" sourceRef="t" targetRef="e"/>'
            "</process></definitions>").encode()  # fmt: skip
    client = client_for(other.editor)
    page = _import(client, other, "skyss.bpmn", bpmn, language="nb").content.decode()
    case = _imported(other)
    assert case.document["settings"]["country"] == "NO"  # NOK, 1,695 h, Norwegian words
    variant = case.document["processes"][0]["variants"][0]
    assert variant["id"] == "as-is" and variant["name"] == "Nåsituasjon"
    assert "Skoleskyss – Nåsituasjon" in page and "– as-is" not in page


@pytest.mark.django_db
def test_a_case_file_keeps_its_own_country_when_imported_elsewhere(
    other: Any, home: Any, client_for: Any
) -> None:
    export = reverse("cases:export", kwargs={"org": "home", "case": home.case.slug})
    swedish = client_for(home.editor).get(export + "?format=yaml").content
    _import(client_for(other.editor), other, "svensk.yaml", swedish, language="nb")
    assert _imported(other).document.get("settings", {}).get("country", "SE") == "SE"
