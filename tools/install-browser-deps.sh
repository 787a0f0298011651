#!/usr/bin/env bash
# Installs what the browser tests need: Debian's Chromium + ChromeDriver and the npm packages
# (bpmn-js, axe-core, htmx) from package-lock.json. Never downloads a browser build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-libreoffice.sh  # LibreOffice Calc recomputes the benefits workbook in a test
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "Installing Debian's chromium and chromium-driver ..."
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "Chromium is missing and cannot be installed here (not root): browser tests will be skipped." >&2
    fi
fi
# Pango (with HarfBuzz and fontconfig) lays out the text of the PDF case reports (WeasyPrint).
if ! ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || ! ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so"; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "Installing Pango for WeasyPrint (PDF reports) ..."
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null
    else
        echo "Pango is missing and cannot be installed here (not root): PDF reports will fail." >&2
    fi
fi
# GNU gettext (msgfmt) compiles the translation catalogues (django-admin compilemessages) after
# texts change; the compiled .mo files are in the repository, so only translators need it.
if ! command -v msgfmt >/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "Installing GNU gettext (for compilemessages) ..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null || true
    fi
fi
if [ -f package.json ]; then
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
        npm ci --no-audit --no-fund --loglevel=error
        touch node_modules
    fi
fi
