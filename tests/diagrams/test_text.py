"""Text measurement uses DejaVu Sans's real advance widths; wrapping never loses or cuts text."""

from __future__ import annotations

from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st

from verksam.diagrams.text import font_dir, font_files, line_height, text_width, wrap


def _advance(text: str, size: float, bold: bool = False) -> float:
    font = TTFont(str(font_dir() / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")))
    cmap, hmtx, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    return sum(hmtx[cmap[ord(ch)]][0] for ch in text) / units * size


def test_widths_are_the_fonts_advance_widths_including_nordic_letters() -> None:
    for text in ("Bygglovshandläggare", "Søknad om æresord", "Överklagande é", "iiii", "WWWW"):
        assert abs(text_width(text, 12) - _advance(text, 12)) < 1e-9
    assert abs(text_width("Bold Å", 11, bold=True) - _advance("Bold Å", 11, bold=True)) < 1e-9


def test_width_scales_with_size_and_bold_is_wider() -> None:
    assert text_width("Beslut", 24) == 2 * text_width("Beslut", 12)
    assert text_width("Beslut", 12, bold=True) > text_width("Beslut", 12)
    assert text_width("WWW", 12) > text_width("iii", 12)


def test_font_files_exist() -> None:
    assert all(path.endswith(".ttf") for path in font_files())
    assert line_height(12) > 12


WORD = st.text(alphabet="abcdefåäöæøéÅÄÖÆØÉ", min_size=1, max_size=30)


@given(st.lists(WORD, min_size=1, max_size=25), st.floats(min_value=20, max_value=300))
def test_wrapped_lines_fit_and_keep_every_character(words: list[str], width: float) -> None:
    text = " ".join(words)
    lines = wrap(text, width, 12)
    for line in lines:
        # a line is over the width only when it is a single character that is wider by itself
        assert text_width(line, 12) <= width + 1e-6 or len(line) == 1
    # the only hyphens are the ones wrapping inserted into a split word
    joined = "".join(line.removesuffix("-") for line in lines)
    assert joined.replace(" ", "") == text.replace(" ", "")


def test_long_word_is_split_with_a_hyphen_not_cut() -> None:
    lines = wrap("Överklagandehänvisningsmallen", 60, 12)
    assert len(lines) > 1
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.rstrip("-") for line in lines) == "Överklagandehänvisningsmallen"


def test_explicit_newlines_start_new_lines() -> None:
    assert wrap("Kommunchef · 1 FTE\nHandläggare · 6 FTE", 500, 11) == [
        "Kommunchef · 1 FTE",
        "Handläggare · 6 FTE",
    ]
