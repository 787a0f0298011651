"""House rules that ruff cannot express (see docs/development.md): each a regex with a message.

Rules are tested by tests/test_house_rules.py through their good and bad examples.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    message: str
    applies_to: str  # glob below ROOT
    exclude: tuple[str, ...] = ()
    good_lines: tuple[str, ...] = ()
    bad_lines: tuple[str, ...] = ()

    def matches(self, line: str) -> bool:
        return "# nolint" not in line and re.search(self.pattern, line) is not None


RULES = [
    Rule(
        name="no-django-in-core",
        pattern=r"^\s*(from|import)\s+django",
        message="the core must not import Django; only src/verksam/web/ may",
        applies_to="src/verksam/**/*.py",
        exclude=("src/verksam/web/",),
        good_lines=("from verksam.model import Case",),
        bad_lines=("from django.db import models", "import django"),
    ),
    Rule(
        name="no-naive-now",
        pattern=r"datetime\.now\(\s*\)|datetime\.utcnow\(",
        message="use an aware time: datetime.now(tz=...) or django.utils.timezone.now()",
        applies_to="src/verksam/**/*.py",
        good_lines=("datetime.now(tz=UTC)",),
        bad_lines=("stamp = datetime.now()", "datetime.utcnow()"),
    ),
    Rule(
        name="no-unscoped-case-get",
        pattern=r"\bCase\.objects\.(get|filter|all)\(",
        message="reach cases through verksam.web.cases.access (scoped to the organisation)",
        applies_to="src/verksam/web/**/*.py",
        exclude=("src/verksam/web/cases/access.py", "/migrations/"),
        good_lines=("case = access_case(request, case_id)",),
        bad_lines=("Case.objects.get(pk=1)",),
    ),
]


def check(paths: list[Path] | None = None) -> list[str]:
    problems: list[str] = []
    for rule in RULES:
        for path in sorted(ROOT.glob(rule.applies_to)):
            rel = path.relative_to(ROOT).as_posix()
            if any(part in rel for part in rule.exclude):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if rule.matches(line):
                    problems.append(f"{rel}:{number}: {rule.name}: {rule.message}")
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
