#!/usr/bin/env bash
# The whole test suite, from a clean clone on Debian 12: installs missing packages, builds,
# trains the models, runs every test (unit, integration, real processes), then builds again
# with AddressSanitizer + UndefinedBehaviorSanitizer and runs the tests once more, builds the
# Release configuration, fuzzes every parser briefly, and checks docker-compose.yml. Exits non-zero on the first failure.
#   VIGIE_CORPORA  shared corpora (default: ../shared/corpora beside the checkout)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash .ci/deps
corpora=${VIGIE_CORPORA:-$(cd "$top/.." && pwd)/shared/corpora}
[[ -d $corpora ]] || { echo "shared corpora not found at $corpora (set VIGIE_CORPORA)"; exit 1; }
jobs=$(nproc)

echo "== npm packages for the OpenAPI check (pinned by tests/openapi/package-lock.json)"
(cd tests/openapi && npm ci --no-audit --no-fund --silent)

echo "== build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIE_CORPORA="$corpora" >/dev/null
cmake --build build -j"$jobs"
echo "== models"
cmake --build build --target models
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== tests under ASan + UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVIGIE_SANITIZE=ON -DVIGIE_CORPORA="$corpora" \
      -DVIGIE_MODELS_DIR="$top/build/models" >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

echo "== Release build (-O3: the optimiser finds warnings -O2 does not; the Dockerfile builds this)"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DVIGIE_CORPORA="$corpora" \
      -DVIGIE_MODELS_DIR="$top/build/models" >/dev/null
cmake --build build-release -j"$jobs" >/dev/null

echo "== fuzzing every parser (libFuzzer + ASan + UBSan, ${VIGIE_FUZZ_SECONDS:-20} s per target)"
# builds build-fuzz with clang, replays tests/fuzz/regressions, then runs each of the 7 targets
# for VIGIE_FUZZ_SECONDS (about 2.5 min in all); prints the reproducer path on a finding
VIGIE_CORPORA="$corpora" bash tests/fuzz/run_fuzz.sh "${VIGIE_FUZZ_SECONDS:-20}"

echo "== docker-compose.yml"
docker-compose -f docker-compose.yml config -q && echo "docker-compose config ok"
