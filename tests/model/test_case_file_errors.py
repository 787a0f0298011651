"""Structural and syntax errors in case files name the file, line, column and path; YAML is read as
people write it ('NO' is Norway, 15:30 is a time) and hostile files are refused cleanly."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from verksam.formats import casefile
from verksam.formats.casefile import (
    MAX_NODES,
    CaseFileError,
    dump_case,
    load_case,
    loads_case,
    parse_case,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

SMALL = textwrap.dedent(
    """\
    id: elevtransport
    name: Elevtransport
    processes:
      - id: elevtransport
        variants:
          - id: as-is
            nodes:
              - {id: start, type: start}
              - id: bestalla
                touch_minutes: 10
                waiting_hours: 2
              - {id: slut, type: end}
            flows:
              - {source: start, target: bestalla}
              - {source: bestalla, target: slut, probability: 1}
    """
)
VARIANT = "processes.elevtransport.variants.as-is"


def at(text: str, needle: str) -> str:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(needle) + 1}"
    raise AssertionError(f"{needle!r} is not in the text")


def messages(text: str, fmt: str = "yaml") -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        loads_case(text, fmt, name="case.yaml")  # type: ignore[arg-type]
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


def test_small_case_loads():
    assert loads_case(SMALL).process("elevtransport").variant().node("bestalla").touch_minutes == 10


def test_negative_touch_time_is_refused_at_its_line():
    text = SMALL.replace("touch_minutes: 10", "touch_minutes: -10")
    assert messages(text) == [
        f"case.yaml:{at(text, 'touch_minutes')}: {VARIANT}.nodes[1].touch_minutes: "
        "Input should be greater than or equal to 0"
    ]


def test_negative_waiting_time_is_refused_at_its_line():
    text = SMALL.replace("waiting_hours: 2", "waiting_hours: -0.5")
    assert messages(text) == [
        f"case.yaml:{at(text, 'waiting_hours')}: {VARIANT}.nodes[1].waiting_hours: "
        "Input should be greater than or equal to 0"
    ]


def test_probability_above_one_is_refused():
    text = SMALL.replace("probability: 1}", "probability: 1.5}")
    assert messages(text) == [
        f"case.yaml:{at(text, 'probability')}: {VARIANT}.flows[1].probability: "
        "Input should be less than or equal to 1"
    ]


def test_unknown_field_is_named_with_its_line():
    text = SMALL.replace("touch_minutes: 10", "touch_minute: 10")
    assert messages(text) == [
        f"case.yaml:{at(text, 'touch_minute')}: {VARIANT}.nodes[1].touch_minute: unknown field"
    ]


def test_missing_required_field_points_at_the_item_that_lacks_it():
    text = SMALL.replace("{source: start, target: bestalla}", "{target: bestalla}")
    assert messages(text) == [
        f"case.yaml:{at(text, '{target: bestalla}')}: {VARIANT}.flows[0].source: "
        "required field is missing"
    ]


def test_missing_case_name_points_at_the_top():
    text = SMALL.replace("name: Elevtransport\n", "")
    assert messages(text) == ["case.yaml:1:1: name: required field is missing"]


def test_wrong_kind_of_value():
    text = SMALL.replace("touch_minutes: 10", "touch_minutes: tio")
    assert messages(text) == [
        f"case.yaml:{at(text, 'touch_minutes')}: {VARIANT}.nodes[1].touch_minutes: "
        "Input should be a valid number, unable to parse string as a number"
    ]


def test_all_structural_errors_are_reported_together():
    text = SMALL.replace("touch_minutes: 10", "touch_minutes: -10").replace(
        "waiting_hours: 2", "waiting_hour: 2"
    )
    assert [m.split(": ")[1] for m in messages(text)] == [
        f"{VARIANT}.nodes[1].touch_minutes",
        f"{VARIANT}.nodes[1].waiting_hour",
    ]


def test_bad_id_is_refused():
    text = SMALL.replace("id: bestalla", "id: 'beställa om'")
    (message,) = messages(text)
    assert message.startswith(f"case.yaml:{at(text, 'id: ')}".rsplit(":", 2)[0])
    assert f"{VARIANT}.nodes[1].id: String should match pattern" in message


def test_json_structure_errors_name_the_path_without_a_line():
    data = loads_case(SMALL).model_dump(mode="json", exclude_defaults=True)
    data["processes"][0]["variants"][0]["nodes"][1]["touch_minutes"] = -1
    assert messages(json.dumps(data), "json") == [
        f"case.yaml: {VARIANT}.nodes[1].touch_minutes: Input should be greater than or equal to 0"
    ]


# --- syntax ------------------------------------------------------------------------------------


def test_yaml_tab_indentation_reports_line_and_column():
    assert SMALL.count("    variants:") == 1
    text = SMALL.replace("    variants:", "\tvariants:")
    assert messages(text) == [
        f"case.yaml:{at(text, chr(9))}: YAML syntax error: "
        "found character '\\t' that cannot start any token"
    ]


def test_a_tab_inside_a_value_is_text():
    # YAML allows it; PyYAML's own parser refuses it, libyaml's (which reads files first) does not.
    text = SMALL.replace("name: Elevtransport", "name: Elev\ttransport")
    assert loads_case(text).name == "Elev\ttransport"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*/*.yaml")), ids=lambda p: p.parent.name)
def test_both_yaml_parsers_read_the_same_values_at_the_same_places(path):
    # Files are read by libyaml and, when it refuses one, again by the pure parser for the message;
    # line numbers in messages come from either, so both must place every value alike.
    text = path.read_text(encoding="utf-8")
    assert casefile._FastLoader is not None, "PyYAML without libyaml: the pure parser reads all"
    by_pure: dict[str, tuple[int, int]] = {}
    by_libyaml: dict[str, tuple[int, int]] = {}
    pure = casefile._compose(casefile._Loader, text, by_pure)
    fast = casefile._compose(casefile._FastLoader, text, by_libyaml)
    assert fast == pure
    assert by_libyaml == by_pure
    assert len(by_pure) > 300


def test_yaml_unclosed_flow_mapping_reports_where_it_gave_up():
    text = SMALL.replace("{id: slut, type: end}", "{id: slut, type: end")
    # the open mapping swallows the next line as text and fails at the colon after 'flows'
    line, column = at(text, "flows:").split(":")
    assert messages(text) == [
        f"case.yaml:{line}:{int(column) + len('flows')}: YAML syntax error: "
        "expected ',' or '}', but got ':'"
    ]


def test_yaml_value_where_none_is_allowed():
    text = "id: a\nname: b\n  c: d\n"
    assert messages(text) == [
        "case.yaml:3:4: YAML syntax error: mapping values are not allowed here"
    ]


def test_control_character_is_reported_at_its_place():
    text = "id: a\nname: b\x07c\n"
    assert messages(text) == [
        "case.yaml:2:8: YAML syntax error: character #x0007 is not allowed "
        "(special characters are not allowed)"
    ]


def test_json_syntax_error_reports_line_and_column():
    text = '{"id": "a",\n  "name": }'
    assert messages(text, "json") == ["case.yaml:2:11: JSON syntax error: Expecting value"]


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n", "42\n"])
def test_top_level_must_be_a_mapping(text):
    assert messages(text) == ["case.yaml: a case file must hold a mapping (key: value) at the top"]


def test_duplicate_key_is_refused_with_its_line():
    text = SMALL.replace("touch_minutes: 10", "touch_minutes: 10\n            touch_minutes: 20")
    assert messages(text) == [
        f"case.yaml:{at(text, 'touch_minutes: 20')}: duplicate key 'touch_minutes'"
    ]


def test_alias_bomb_is_refused_before_it_expands():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    text = "\n".join([*lines, "id: a", "name: b", "tags: *a8", ""])
    assert messages(text) == [
        f"case.yaml: the file expands to more than {MAX_NODES:,} values (through YAML aliases?)"
    ]


def test_deep_nesting_is_refused():
    text = "id: a\nname: b\ntags: " + "[" * 5000 + "]" * 5000 + "\n"
    (message,) = messages(text)
    assert message.startswith("case.yaml:")


def test_a_file_not_in_utf8_is_named_with_its_first_foreign_byte(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_bytes(b"id: a\nname: \xff\xfe\n")
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 2, 7)
    assert problem.message.startswith("the file is not UTF-8 text (byte 0xff)")


def test_missing_file(tmp_path):
    with pytest.raises(CaseFileError) as caught:
        load_case(tmp_path / "nowhere.yaml")
    assert str(caught.value).startswith(f"{tmp_path / 'nowhere.yaml'}: cannot read the file:")


# --- YAML as people write it -------------------------------------------------------------------


def test_country_no_is_norway_not_false():
    case = loads_case("id: a\nname: b\nsettings: {country: NO}\n")
    assert case.settings.country == "NO"
    assert case.settings.effective_currency == "NOK"


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "NO", "y", "n"])
def test_yes_no_on_off_stay_words(word):
    assert loads_case(f"id: a\nname: {word}\n").name == word


def test_true_and_false_are_still_booleans():
    case = loads_case(
        "id: a\nname: b\nstructure:\n  roles:\n    - {id: r, external: true}\n"
        "    - {id: s, external: false}\n"
    )
    assert [r.external for r in case.structure.roles] == [True, False]  # type: ignore[union-attr]


def test_clock_times_are_times_not_base_60_numbers():
    case = loads_case(
        "id: a\nname: b\ncalendars:\n  - id: c\n    hours:\n"
        "      - {weekday: 0, start: 08:00, end: 16:30}\n"
    )
    hours = case.calendars[0].hours[0]
    assert (hours.start.hour, hours.start.minute, hours.end.hour, hours.end.minute) == (
        8,
        0,
        16,
        30,
    )


def test_opening_hours_with_a_time_zone_are_refused():
    text = (
        "id: a\nname: b\ncalendars:\n  - id: c\n    hours:\n"
        "      - {weekday: 0, start: '08:00+01:00', end: '16:30'}\n"
    )
    (message,) = messages(text)
    where = at(text, "start:")
    assert message.startswith(f"case.yaml:{where}: calendars[0].hours[0].start: Value error, ")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_not_a_number_and_infinity_are_refused(value):
    text = SMALL.replace("touch_minutes: 10", f"touch_minutes: {value}")
    (message,) = messages(text)
    assert message.startswith(
        f"case.yaml:{at(text, 'touch_minutes')}: {VARIANT}.nodes[1].touch_minutes: "
    )


def test_strings_that_look_like_other_things_survive_a_save():
    case = loads_case(
        "id: a\nname: b\ntags: ['NO', '15:30', '1e5', 'yes', '010', '0x1F', 'true']\n"
    )
    again = loads_case(dump_case(case))
    assert again.tags == ["NO", "15:30", "1e5", "yes", "010", "0x1F", "true"]


def test_parse_case_returns_problems_instead_of_raising():
    case, problems = parse_case("id: a\nname: [b\n", name="x.yaml")
    assert case is None
    assert [p.code for p in problems] == ["syntax"]


def test_file_from_a_newer_format_version_is_refused():
    assert messages("verksam: 2\nid: a\nname: b\n") == [
        "case.yaml:1:1: verksam: Value error, the file is in case-file format 2; this Verksam "
        "reads format 1 and older — update Verksam to open it"
    ]


def test_format_version_must_be_positive():
    assert messages("verksam: 0\nid: a\nname: b\n") == [
        "case.yaml:1:1: verksam: Input should be greater than or equal to 1"
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [("case.yaml", "id: a\nname: Bodø\n"), ("case.json", '{"id": "a", "name": "Bodø"}')],
)
def test_byte_order_mark_from_windows_editors_is_ignored(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_case(path).name == "Bodø"
