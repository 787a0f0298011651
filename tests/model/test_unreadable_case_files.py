"""`verksam validate` on files Python cannot read as they are: a number of more than 4,300 digits
(JSON and YAML) and text in another encoding than UTF-8 give one line naming the place, exit 1,
and no traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from verksam.cli import app

runner = CliRunner()
LONG = "9" * 5000


def test_a_5000_digit_number_is_a_problem_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "long.json").write_text('{"id": "x",\n "name": ' + LONG + "}", encoding="utf-8")
    (tmp_path / "long.yaml").write_text(f"id: x\nname: X\nversion: {LONG}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["validate", str(tmp_path / "long.json"), str(tmp_path / "long.yaml")]
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert f"{tmp_path / 'long.json'}:2:10: a number has 5,000 digits" in result.output
    assert f"{tmp_path / 'long.yaml'}:3:10: a number has 5,000 digits" in result.output


def test_a_latin_1_file_is_named_with_the_line_of_the_first_foreign_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("id: x\nname: Åsa\n".encode("latin-1"))
    for command in ("validate", "info"):
        result = runner.invoke(app, [command, str(path)])
        assert result.exit_code == 1
        assert f"{path}:2:7: the file is not UTF-8 text (byte 0xc5)" in result.output
