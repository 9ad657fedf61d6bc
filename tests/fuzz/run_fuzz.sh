#!/usr/bin/env bash
# tests/fuzz/run_fuzz.sh: builds every libFuzzer target with clang (+ ASan + UBSan) in its own
# build dir, replays the saved regressions, then fuzzes each target for N seconds, one after
# the other, from its seed corpus. Fails when any target crashes, leaks, times out or runs
# out of memory, printing the reproducer path and how to replay / minimise / keep it.
#   usage: tests/fuzz/run_fuzz.sh [SECONDS_PER_TARGET (default 20)] [TARGET...]
#   env:   VIGIE_FUZZ_BUILD  build dir (default <repo>/build-fuzz)
#          VIGIE_CORPORA     shared corpora, read in place as extra seeds when present
#          VIGIE_FUZZ_KEEP   keep each grown corpus in $VIGIE_FUZZ_KEEP/<target> (and reuse it)
#          VIGIE_FUZZ_JOBS   build jobs (default nproc)
# Reproducers go to <build>/fuzz-artifacts/. New corpus inputs go to a temp dir (removed)
# unless VIGIE_FUZZ_KEEP is set: seeds and shared corpora are never written to.
# Not for: the ctest replay (fuzz.regressions). See docs/fuzzing.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-20}
[[ $secs =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]"; exit 2; }
shift || true
build=${VIGIE_FUZZ_BUILD:-$top/build-fuzz}
corpora=${VIGIE_CORPORA:-$(cd "$top/.." && pwd)/shared/corpora}
fz=$top/tests/fuzz
fixtures=$top/tests/fixtures/dossiers
all=(fuzz_notice fuzz_ocds fuzz_segment fuzz_docx fuzz_pdf fuzz_html_text)
[[ -f $top/services/analyse/fuzz/fuzz_structure.c ]] && all+=(fuzz_structure)
targets=("$@")
(( ${#targets[@]} )) || targets=("${all[@]}")

if [[ -f $build/CMakeCache.txt ]] && ! grep -q '^CMAKE_C_COMPILER_ID:.*Clang\|^CMAKE_C_COMPILER:.*clang' "$build/CMakeCache.txt"; then
  echo "run_fuzz: $build was configured without clang; remove it or set VIGIE_FUZZ_BUILD"; exit 2
fi
echo "== fuzz: build ${targets[*]} (clang, libFuzzer + ASan + UBSan) in $build"
CC=clang CXX=clang++ cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DVIGIE_FUZZ=ON \
  -DVIGIE_CORPORA="$corpora" >/dev/null
cmake --build "$build" --target "${targets[@]}" -j"${VIGIE_FUZZ_JOBS:-$(nproc)}" >/dev/null

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
[[ -f $fz/lsan.supp ]] && export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$fz/lsan.supp:print_suppressions=0}

echo "== fuzz: replay tests/fuzz/regressions"
failed=()
bash "$fz/replay.sh" "$build" "${targets[@]}" || failed+=(regressions)   # keep fuzzing: report everything

# per-target settings: max input length, per-input timeout (s), dictionary, seed dirs
settings() {
  local t=$1
  maxlen=65536 timeout=10 extra=()
  case $t in
    fuzz_notice)    dict=xml;  seeds=("$fz/seeds/$t" "$corpora/eforms-sdk/examples" "$corpora/ted-xml-data-converter") ;;
    fuzz_ocds)      dict=ocds; seeds=("$fz/seeds/$t" "$corpora/ocds-sample-data" "$corpora/decp") ;;
    fuzz_segment)   dict=text; maxlen=16384; seeds=("$fz/seeds/$t") ;;
    fuzz_structure) dict=text; maxlen=16384; seeds=("$fz/seeds/$t" "$fz/seeds/fuzz_segment") ;;
    fuzz_docx)      dict=xml;  seeds=("$fz/seeds/$t" "$fixtures") ;;
    fuzz_html_text) dict=text; seeds=("$fz/seeds/$t" "$fixtures") ;;
    # poppler is slow on garbage and prints a line per syntax error: longer timeout, its
    # stderr closed (sanitizer and libFuzzer reports still go to the log)
    fuzz_pdf)       dict=pdf;  timeout=25; extra=(-close_fd_mask=2); seeds=("$fz/seeds/$t" "$fixtures") ;;
    *) echo "run_fuzz: unknown target $t"; exit 2 ;;
  esac
  local s kept=()
  for s in "${seeds[@]}"; do [[ -d $s ]] && kept+=("$s"); done
  seeds=("${kept[@]}")
}

artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
for t in "${targets[@]}"; do
  settings "$t"
  work=$(mktemp -d)
  corpus=$work/corpus
  if [[ -n ${VIGIE_FUZZ_KEEP:-} ]]; then corpus=$VIGIE_FUZZ_KEEP/$t; fi
  mkdir -p "$corpus"
  log=$artifacts/$t.log
  echo "== fuzz: $t for ${secs} s (max_len $maxlen, timeout ${timeout} s, rss 2048 MB)"
  rc=0
  (cd "$work" && "$build/bin/$t" -max_total_time="$secs" -max_len="$maxlen" -timeout="$timeout" \
     -rss_limit_mb=2048 -malloc_limit_mb=2048 -dict="$fz/dict/$dict.dict" \
     -artifact_prefix="$artifacts/$t-" -print_final_stats=1 "${extra[@]}" \
     "$corpus" "${seeds[@]}" >"$log" 2>&1) || rc=$?
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | tail -n 3 || true
  if (( rc )); then
    repro=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|fuzz oracle|^    #[0-9]' "$log" | head -n 30 || true
    echo "FAIL: $t (exit $rc); log $log"
    echo "  reproducer: ${repro:-none written}"
    echo "  replay:     $build/bin/$t ${repro:-FILE}"
    echo "  minimise:   $build/bin/$t -minimize_crash=1 -runs=20000 -exact_artifact_path=min ${repro:-FILE}"
    echo "  keep it:    cp min tests/fuzz/regressions/$t/<cause>-<sha1 prefix>"
    failed+=("$t")
  fi
  rm -rf "$work"
done
if (( ${#failed[@]} )); then echo "== fuzz: FAILED: ${failed[*]}"; exit 1; fi
echo "== fuzz: ${#targets[@]} target(s), ${secs} s each: no finding"
