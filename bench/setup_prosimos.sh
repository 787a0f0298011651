#!/usr/bin/env bash
# Creates bench/.venv-prosimos with Prosimos, kept apart from the project's venv because Prosimos pins
# pandas below 3 (and other old versions). Used only by bench/bench_simulation.py; idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv-prosimos"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
# Keep the venv out of git without touching the shared .gitignore.
echo "*" > "$venv/.gitignore"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "prosimos==2.1.0"
"$venv/bin/python" -c "import prosimos, sys; print('prosimos ready in', sys.prefix)"
