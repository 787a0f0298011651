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


def _package(root, files):
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return lint.import_circles(lint.import_graph(root / "pkg"))


def test_a_function_level_import_closes_a_circle_and_the_circle_is_named(tmp_path):
    circles = _package(
        tmp_path,
        {
            "__init__.py": "",
            "services.py": "def post():\n    from pkg.tasks import mail\n    mail()\n",
            "tasks.py": "from pkg.services import post\n\ndef mail():\n    pass\n",
        },
    )
    assert circles == [["pkg.services", "pkg.tasks", "pkg.services"]]


def test_a_longer_circle_through_relative_and_package_imports_is_found(tmp_path):
    circles = _package(
        tmp_path,
        {
            "__init__.py": "",
            "app/__init__.py": "from .models import Job\n",
            "app/models.py": "from . import registry\nclass Job: ...\n",
            "app/registry.py": "import pkg.app.views\n",
            "app/views.py": "from pkg.app import Job\n",
        },
    )
    assert circles == [
        ["pkg.app", "pkg.app.models", "pkg.app.registry", "pkg.app.views", "pkg.app"]
    ]


def test_type_checking_imports_and_one_way_layers_make_no_circle(tmp_path):
    circles = _package(
        tmp_path,
        {
            "__init__.py": "",
            "models.py": "from pkg.registry import KINDS\n",
            "registry.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from pkg.models import Job\n"
                "KINDS = {}\n"
            ),
            "services.py": "from pkg.models import *\nfrom pkg.registry import KINDS\n",
        },
    )
    assert circles == []
