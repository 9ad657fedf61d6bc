#!/usr/bin/env bash
# tests/fuzz/replay.sh: replays every saved reproducer tests/fuzz/regressions/<target>/* through
# the libFuzzer binary of that target (a libFuzzer binary given files runs each once and
# exits non-zero on a crash, leak or timeout). Fails when a file still fails, or when a
# regression directory names a target that was not built.
#   usage: tests/fuzz/replay.sh [BUILD_DIR [TARGET...]]   (default build-fuzz, every target
#          that has a regression directory; run_fuzz.sh builds the binaries)
# Not for: fuzzing (run_fuzz.sh) or the gcc/ASan replay inside ctest (fuzz.regressions).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-${VIGIE_FUZZ_BUILD:-$top/build-fuzz}}
shift || true
only=" $* "
regs=$top/tests/fuzz/regressions
supp=$top/tests/fuzz/lsan.supp
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
[[ -f $supp ]] && export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$supp:print_suppressions=0}
status=0 total=0
for dir in "$regs"/*/; do
  [[ -d $dir ]] || continue
  target=$(basename "$dir")
  [[ $only == "  " || $only == *" $target "* ]] || continue
  mapfile -t files < <(find "$dir" -maxdepth 1 -type f ! -name '.*' ! -name 'README*' | sort)
  (( ${#files[@]} )) || continue
  bin=$build/bin/$target
  if [[ ! -x $bin ]]; then
    echo "replay: no binary $bin for $dir"; status=1; continue
  fi
  for f in "${files[@]}"; do
    total=$(( total + 1 ))
    if ! log=$("$bin" -timeout=30 -rss_limit_mb=2048 "$f" 2>&1); then
      # the finding itself and our frames, not the whole sanitizer legend
      echo "$log" | grep -E 'ERROR: |runtime error|fuzz oracle|^(READ|WRITE) of size|^    #[0-9]+ .* in (vg|s_|LLVMFuzzerTestOneInput)' | head -n 12 || true
      echo "replay: FAIL $target still fails on: $f"
      status=1
    fi
  done
done
echo "replay: $total reproducer(s) replayed, $([[ $status == 0 ]] && echo ok || echo FAILED)"
exit $status
