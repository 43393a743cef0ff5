#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine of this kind, once: a Python venv in
# .venv with moto's server (the AWS APIs on loopback) and schemathesis, scikit-learn for the
# reference fixtures, and Debian's chromium for the dashboard's browser tests.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
stamp="$venv/.aiops-deps-$(sha256sum scripts/requirements-test.txt | cut -c1-12)"
if [ ! -f "$stamp" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
    touch "$stamp"
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
[ -x /usr/sbin/sshd ] || need_apt+=(openssh-server)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        echo "warning: please install with apt: ${need_apt[*]}" >&2
    fi
fi
