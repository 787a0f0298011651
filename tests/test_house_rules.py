"""The house rules in tools/lint.py catch their bad examples, spare their good ones, and hold on the tree."""

import importlib.util
import sys
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location(
    "house_lint", Path(__file__).resolve().parent.parent / "tools" / "lint.py"
)
assert spec and spec.loader
lint = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = lint
spec.loader.exec_module(lint)


@pytest.mark.parametrize("rule", lint.RULES, ids=lambda r: r.name)
def test_rule_flags_bad_lines_and_spares_good_lines(rule):
    assert rule.bad_lines, "every rule needs bad examples"
    for line in rule.bad_lines:
        assert rule.matches(line), line
    for line in rule.good_lines:
        assert not rule.matches(line), line
    assert not rule.matches(rule.bad_lines[0] + "  # nolint")


def test_tree_keeps_the_house_rules():
    assert lint.check() == []
