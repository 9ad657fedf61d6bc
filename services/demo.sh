#!/usr/bin/env bash
# The main job on the bundled default, from a clean clone on Debian 12: installs what is
# missing, builds, trains the models from the named corpora, starts the stack on the default
# data directory, ingests the samples shipped in corpora/samples (notices and a zip dossier), and serves the API
# and UI on http://127.0.0.1:${VIGIE_PORT:-8080}/ until Ctrl-C.
#   VIGIE_CORPORA  shared corpora for training (default: ../shared/corpora beside the checkout)
#   VIGIE_DATA     data directory (default: ~/.local/share/vigie)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash .ci/deps
corpora=${VIGIE_CORPORA:-$(cd "$top/.." && pwd)/shared/corpora}
port=${VIGIE_PORT:-8080}
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIE_CORPORA="$corpora" >/dev/null
cmake --build build -j"$(nproc)"
[[ -f build/models/clause.ftz ]] || cmake --build build --target models

build/bin/vigie up --port "$port" &
up=$!
trap 'kill -TERM $up 2>/dev/null; wait $up' INT TERM
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
build/bin/vigie ingest corpora/samples || true
echo
echo "vigie is serving http://127.0.0.1:$port/  (API: http://127.0.0.1:$port/api/v1/search?q=...)"
echo "To confirm or dismiss flags in the UI, create a reviewer token (printed once):"
echo "  build/bin/vigie token create --role reviewer --name \"\$USER\""
echo "Ctrl-C stops it."
wait $up
