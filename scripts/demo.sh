#!/usr/bin/env bash
# The README's main job: set up on first use, then run the demo of the county's 13 catalogues
# and the federator over them (http://127.0.0.1:8000). Extra arguments go to `federator demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/federator demo "$@"
