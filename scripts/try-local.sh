#!/usr/bin/env bash
# The README's main job (until the built-in demo lands): set up, start local SRU catalogues,
# and run `federator targets check` and a search against them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python scripts/try_local.py "$@"
