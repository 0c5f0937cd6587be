#!/usr/bin/env bash
# The test command (README, CI): set up if needed, then lint, type-check and run every test.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || exit 1

status=0
echo "== ruff format --check"; .venv/bin/ruff format --check -q federator tests bench scripts || status=1
echo "== ruff check"; .venv/bin/ruff check -q federator tests bench scripts || status=1
echo "== mypy --strict federator; check_untyped_defs tests"
.venv/bin/mypy || status=1
.venv/bin/mypy tests || status=1
echo "== pytest"
.venv/bin/pytest "$@"
code=$?
if [ "$code" -eq 5 ]; then
    echo "pytest collected no tests: that is a failure, not a pass" >&2
    code=1
fi
[ "$code" -ne 0 ] && status=$code
exit $status
