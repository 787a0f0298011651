#!/usr/bin/env bash
# Installs Debian's LibreOffice Calc (headless), which the benefits tests use to recompute the
# XLSX workbook's formulas. Idempotent; without root it only says the XLSX recompute test will skip.
set -euo pipefail
if ! command -v soffice >/dev/null && ! command -v libreoffice >/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "Installing Debian's libreoffice-calc (headless) ..."
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null
    else
        echo "LibreOffice is missing and cannot be installed here (not root): the XLSX recompute test will be skipped." >&2
    fi
fi
