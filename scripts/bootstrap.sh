#!/usr/bin/env bash
# Installs what federator needs on a fresh Debian machine: Zebra and YAZ (real SRU servers for
# the tests and the local try-out), redis-server (the shared-state tests start their own; the
# Debian package's service is not used), nginx (the tested reverse-proxy example), a virtualenv in .venv and the package with its test extra.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v zebrasrv >/dev/null || need_apt+=(idzebra-2.0)
command -v yaz-ztest >/dev/null || need_apt+=(yaz)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v npm >/dev/null || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "bootstrap: please install the Debian packages: ${need_apt[*]} (sudo apt-get install)" >&2
        exit 1
    fi
    echo "bootstrap: installing ${need_apt[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv with $($PYTHON --version) ..."
    "$PYTHON" -m venv .venv
fi
if ! .venv/bin/python -c "import federator, pytest, hypothesis" 2>/dev/null \
    || [ pyproject.toml -nt .venv/.federator-installed ]; then
    echo "bootstrap: installing federator and its test tools into .venv ..."
    .venv/bin/python -m pip install -q --upgrade pip 2>/dev/null || true
    .venv/bin/python -m pip install -q -e '.[test]'
    touch .venv/.federator-installed
fi
# axe-core (accessibility rules) for the browser tests, from the npm registry.
if [ ! -f .venv/npm/node_modules/axe-core/axe.min.js ]; then
    echo "bootstrap: installing axe-core for the browser tests ..."
    npm install --silent --no-save --no-audit --no-fund --prefix .venv/npm axe-core@4.14.1
fi
