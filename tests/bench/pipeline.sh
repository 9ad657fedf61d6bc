#!/usr/bin/env bash
# tests/bench/pipeline.sh: end-to-end ingestion benchmark, vigie against the peer baseline.
#
# For: printing figures (documents/s, MB/s, peak RSS) for the same notices ingested by the whole
# vigie stack (vigie up + vigie ingest: parse, segment, classify, rules, Xapian index and commit)
# and by the peer baseline ../shared/bench/peer_pipeline.py (one Python process doing the same job
# with lxml, fastText and Xapian), in the same run, and the ratio vigie/peer.
# Not for: pass/fail testing. It is never run by ctest and asserts nothing about speed.
#
#   tests/bench/pipeline.sh [--repeat N] [--bin DIR] [--model FILE] [--workers N] [--keep] [PATH...]
#
#   PATH       files or folders of XML notices (default: $VIGIE_CORPORA/eforms-sdk/examples and
#              $VIGIE_CORPORA/ted-xml-data-converter, as the peer's documentation suggests)
#   --repeat N ingest the input N times. The peer does it itself (distinct ids); vigie deduplicates
#              by content hash, so it gets N copies made distinct by an XML comment appended to
#              each file (copy number; a few dozen bytes more per file, counted in its MB).
#   --bin DIR  where the vigie binaries are (default: build/bin of the checkout)
#   --model F  peer fastText model; trained once from the CUAD train split when F does not exist
#              (default: $VIGIE_BENCH_CACHE/peer-cuad-model.bin, VIGIE_BENCH_CACHE defaulting to
#              ~/.cache/vigie-bench). Training is never part of the timing.
#   --workers  vigie-analyse workers (default 2, the machine the figures were taken on has 2 cores)
#   --keep     keep the temporary folder (data directories, logs) and print its path
#
# Environment: VIGIE_CORPORA (default ../shared/corpora beside the checkout), PYTHON (default
# /usr/bin/python3, Debian's, which has python3-lxml/fasttext/xapian), PEER (peer script path).
#
# vigie is measured three times with two distinct batches of the same input:
#   cold: wall clock from launching `vigie up` until `vigie ingest` returns (start-up included);
#   republished: the second batch on the same stack: each document a new version of one already
#         indexed (the index re-marks the earlier version), time as printed by `vigie ingest`;
#   warm: the second batch again, on a fresh stack after a one-notice warm-up (first send to last
#         document indexed, as printed by `vigie ingest`; status is polled every 200 ms).
# The peer is measured by its own in-process clock (after interpreter start, model load and
# database creation) and by the wall clock of the whole command.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
corpora=${VIGIE_CORPORA:-$(cd "$top/.." && pwd)/shared/corpora}
python=${PYTHON:-/usr/bin/python3}
peer=${PEER:-$(cd "$top/.." && pwd)/shared/bench/peer_pipeline.py}
cache=${VIGIE_BENCH_CACHE:-$HOME/.cache/vigie-bench}
repeat=1 bin=$top/build/bin model=$cache/peer-cuad-model.bin workers=2 keep=0
paths=()

usage() { sed -n '9,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while (($#)); do
  case $1 in
    --repeat) repeat=${2:?}; shift 2 ;;
    --bin) bin=${2:?}; shift 2 ;;
    --model) model=${2:?}; shift 2 ;;
    --workers) workers=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    -*) echo "pipeline.sh: unknown option '$1'" >&2; usage ;;
    *) paths+=("$1"); shift ;;
  esac
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "pipeline.sh: --repeat wants a positive integer" >&2; exit 2; }
((${#paths[@]})) || paths=("$corpora/eforms-sdk/examples" "$corpora/ted-xml-data-converter")
for p in "${paths[@]}"; do [[ -e $p ]] || { echo "pipeline.sh: '$p' not found (set VIGIE_CORPORA?)" >&2; exit 2; }; done
[[ -f $peer ]] || { echo "pipeline.sh: peer script '$peer' not found (set PEER)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigie-bench.XXXXXX")
up_pid=
sampler_pid=
cleanup() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  if [[ -n $up_pid ]] && kill -0 "$up_pid" 2>/dev/null; then
    kill -TERM "$up_pid" 2>/dev/null || true
    wait "$up_pid" 2>/dev/null || true
  fi
  if ((keep)); then echo "kept: $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

now() { date +%s.%N; }
calc() { "$python" -c "import sys; print(eval(sys.argv[1]))" "$1"; }
rate() { "$python" -c "import sys; n,t=float(sys.argv[1]),float(sys.argv[2]); print('%.1f' % (n/t) if t > 0 else 'n/a')" "$1" "$2"; }

# The input, as both sides see it: every *.xml under PATH (the peer matches '.xml' exactly).
mapfile -t files < <(for p in "${paths[@]}"; do
  if [[ -d $p ]]; then find "$p" -type f -name '*.xml'; else echo "$p"; fi; done | LC_ALL=C sort)
((${#files[@]})) || { echo "pipeline.sh: no *.xml under ${paths[*]}" >&2; exit 2; }
pass_bytes=$(cat "${files[@]}" | wc -c)
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  host: $(uname -n)  cores: $(nproc)  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "input: ${#files[@]} files, $(calc "round($pass_bytes/1e6, 2)") MB per pass, repeat $repeat: ${paths[*]}"

# Peak resident memory of a process tree, summed over its processes, sampled every 100 ms.
sample_rss() { # root-pid out-file
  local root=$1 out=$2 peak=0 sum pids
  while kill -0 "$root" 2>/dev/null; do
    pids=$root
    for _ in 1 2 3; do pids="$pids $(for q in $pids; do cat /proc/"$q"/task/*/children 2>/dev/null; done)"; done
    sum=$(for q in $(tr ' ' '\n' <<<"$pids" | sort -u); do awk '/^VmRSS:/{print $2}' /proc/"$q"/status 2>/dev/null; done | awk '{s+=$1} END{print s+0}')
    ((sum > peak)) && { peak=$sum; echo "$peak" >"$out"; }
    sleep 0.1
  done
}
have_time=0
[[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1 && have_time=1

# ---- peer -----------------------------------------------------------------------------
if [[ ! -f $model ]]; then
  mkdir -p "$(dirname "$model")"
  echo "peer model: training $model from the CUAD train split (once; not timed)..."
  VIGIE_CORPORA=$corpora "$python" "$peer" --db "$tmp/peer-train.db" --model "$model" "${files[0]}" >/dev/null
  rm -rf "$tmp/peer-train.db"
fi
echo "peer model: $model (sha256 $(sha256sum "$model" | cut -c1-16)...)"
peer_out=$tmp/peer.out
t0=$(now)
if ((have_time)); then
  VIGIE_CORPORA=$corpora /usr/bin/time -f %M -o "$tmp/peer.rss" "$python" "$peer" --db "$tmp/peer.db" \
    --model "$model" --repeat "$repeat" "${paths[@]}" >"$peer_out"
else
  VIGIE_CORPORA=$corpora "$python" "$peer" --db "$tmp/peer.db" --model "$model" --repeat "$repeat" "${paths[@]}" >"$peer_out" &
  ppid_=$!; sample_rss "$ppid_" "$tmp/peer.rss" & sampler_pid=$!
  wait "$ppid_"; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
fi
peer_wall=$(calc "$(now) - $t0")
# "peer: D docs, C clauses, F flags, X failed, M MB in T s = R docs/s, B MB/s"
read -r peer_docs peer_failed peer_mb peer_t < <(sed -nE \
  's/^peer: ([0-9]+) docs, [0-9]+ clauses, [0-9]+ flags, ([0-9]+) failed, ([0-9.]+) MB in ([0-9.]+) s.*/\1 \2 \3 \4/p' "$peer_out")
[[ -n ${peer_t:-} ]] || { echo "pipeline.sh: unexpected peer output:" >&2; cat "$peer_out" >&2; exit 1; }
peer_rss=$(cat "$tmp/peer.rss" 2>/dev/null || echo 0)
echo "peer output: $(cat "$peer_out")"
echo "peer wall clock (interpreter start, model load included): $(printf %.2f "$peer_wall") s; peak RSS $((peer_rss / 1024)) MB"

# ---- vigie ----------------------------------------------------------------------------
vigie=$bin/vigie
[[ -x $vigie ]] || { echo "pipeline.sh: '$vigie' not found or not executable (build first, or --bin DIR)" >&2; exit 1; }

# Copies made distinct per batch and copy number (vigie's document id is the content hash).
make_batch() { # tag dir
  local tag=$1 dir=$2 r i
  for ((r = 1; r <= repeat; r++)); do
    mkdir -p "$dir/$r"
    i=0
    for f in "${files[@]}"; do
      i=$((i + 1))
      { cat "$f"; printf '\n<!-- vigie-bench %s copy %d -->\n' "$tag" "$r"; } >"$dir/$r/$(printf %05d $i)-$(basename "$f")"
    done
  done
}
make_batch cold "$tmp/in-cold"
make_batch warm "$tmp/in-warm"

data=$tmp/data
mkdir -p "$data"
t0=$(now)
"$vigie" up --data "$data" --port 0 --workers "$workers" >"$tmp/up.log" 2>&1 &
up_pid=$!
sample_rss "$up_pid" "$tmp/vigie.rss" & sampler_pid=$!
# the ingest client needs the broker's socket; everything else may still be starting
for _ in $(seq 1 500); do [[ -S $data/run/clients.sock ]] && break; kill -0 "$up_pid" 2>/dev/null || break; sleep 0.01; done
[[ -S $data/run/clients.sock ]] || { echo "pipeline.sh: the stack did not start; log:" >&2; cat "$tmp/up.log" >&2; exit 1; }

ingest() { # dir out -> "indexed failed mb seconds"
  local rc=0
  "$vigie" ingest --data "$data" "$1" >"$2" 2>&1 || rc=$?
  ((rc == 0 || rc == 3)) || { echo "pipeline.sh: vigie ingest exited with $rc:" >&2; cat "$2" >&2; exit 1; }
  sed -nE 's/^documents: ([0-9]+) indexed, ([0-9]+) failed, [0-9]+ skipped \([0-9]+ sent,[^)]* ([0-9.]+) MB in ([0-9.]+) s\)/\1 \2 \3 \4/p' "$2"
}
read -r cold_docs cold_failed cold_mb cold_t < <(ingest "$tmp/in-cold" "$tmp/ingest-cold.out")
cold_wall=$(calc "$(now) - $t0")
# republication: the warm copies differ from the cold ones by a comment only, so each is a new
# version of a notice already indexed (same notice id): the index re-marks the earlier version
# (its notice, clauses and flags) as superseded. A real platform republishes a notice only when
# it changes it (change notice, corrigendum); this figure is the cost of that path.
read -r rep_docs rep_failed rep_mb rep_t < <(ingest "$tmp/in-warm" "$tmp/ingest-rep.out")
[[ -n ${rep_t:-} && -n ${cold_t:-} ]] || { echo "pipeline.sh: unexpected vigie ingest output:" >&2; cat "$tmp"/ingest-*.out >&2; exit 1; }
kill -TERM "$up_pid"
wait "$up_pid" || true
up_pid=
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=
vigie_rss=$(cat "$tmp/vigie.rss" 2>/dev/null || echo 0)

# warm: a second stack on a fresh data directory, started and warmed up (one sample notice that
# is not in the input, so that the workers have loaded the model) before the timed batch.
data=$tmp/data2
mkdir -p "$data"
"$vigie" up --data "$data" --port 0 --workers "$workers" >"$tmp/up2.log" 2>&1 &
up_pid=$!
sample_rss "$up_pid" "$tmp/vigie2.rss" & sampler_pid=$!
for _ in $(seq 1 500); do [[ -S $data/run/clients.sock ]] && break; kill -0 "$up_pid" 2>/dev/null || break; sleep 0.01; done
ingest "$top/corpora/samples/de-cn-reinigung.xml" "$tmp/ingest-warmup.out" >/dev/null
read -r warm_docs warm_failed warm_mb warm_t < <(ingest "$tmp/in-warm" "$tmp/ingest-warm.out")
[[ -n ${warm_t:-} ]] || { echo "pipeline.sh: unexpected vigie ingest output:" >&2; cat "$tmp"/ingest-warm.out >&2; exit 1; }
kill -TERM "$up_pid"
wait "$up_pid" || true
up_pid=
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=
rss2=$(cat "$tmp/vigie2.rss" 2>/dev/null || echo 0)
((rss2 > vigie_rss)) && vigie_rss=$rss2
grep -E '^(clauses|flags|failed):' "$tmp/ingest-warm.out" | sed 's/^/vigie warm batch: /' | head -20

# ---- figures --------------------------------------------------------------------------
mbps() { "$python" -c "import sys; m,t=float(sys.argv[1]),float(sys.argv[2]); print('%.2f' % (m/t) if t > 0 else 'n/a')" "$1" "$2"; }
# ratio of two rates: (n1/t1) / (n2/t2)
rr() { "$python" -c "import sys; n1,t1,n2,t2=map(float,sys.argv[1:]); print('%.2f' % ((n1/t1)/(n2/t2)) if t1 > 0 and t2 > 0 and n2 > 0 else 'n/a')" "$@"; }
peer_rate=$(rate "$peer_docs" "$peer_t"); peer_rate_wall=$(rate "$peer_docs" "$peer_wall")
warm_rate=$(rate "$warm_docs" "$warm_t"); cold_rate=$(rate "$cold_docs" "$cold_wall")
echo
printf '%-34s %6s %7s %8s %9s %8s %9s\n' "" docs failed MB seconds docs/s MB/s
printf '%-34s %6s %7s %8s %9.2f %8s %9s\n' "peer (in-process clock)" "$peer_docs" "$peer_failed" "$peer_mb" "$peer_t" "$peer_rate" "$(mbps "$peer_mb" "$peer_t")"
printf '%-34s %6s %7s %8s %9.2f %8s %9s\n' "peer (wall, with start-up)" "$peer_docs" "$peer_failed" "$peer_mb" "$peer_wall" "$peer_rate_wall" "$(mbps "$peer_mb" "$peer_wall")"
printf '%-34s %6s %7s %8s %9.2f %8s %9s\n' "vigie warm (excluding start-up)" "$warm_docs" "$warm_failed" "$warm_mb" "$warm_t" "$warm_rate" "$(mbps "$warm_mb" "$warm_t")"
printf '%-34s %6s %7s %8s %9.2f %8s %9s\n' "vigie cold (wall, with start-up)" "$cold_docs" "$cold_failed" "$cold_mb" "$cold_wall" "$cold_rate" "$(mbps "$cold_mb" "$cold_wall")"
printf '%-34s %6s %7s %8s %9.2f %8s %9s\n' "vigie republished (new versions)" "$rep_docs" "$rep_failed" "$rep_mb" "$rep_t" "$(rate "$rep_docs" "$rep_t")" "$(mbps "$rep_mb" "$rep_t")"
echo
echo "ratio vigie/peer (docs/s): warm vs peer in-process $(rr "$warm_docs" "$warm_t" "$peer_docs" "$peer_t"), cold vs peer wall $(rr "$cold_docs" "$cold_wall" "$peer_docs" "$peer_wall")"
echo "ratio vigie/peer (MB/s):   warm vs peer in-process $(rr "$warm_mb" "$warm_t" "$peer_mb" "$peer_t"), cold vs peer wall $(rr "$cold_mb" "$cold_wall" "$peer_mb" "$peer_wall")"
echo "peak RSS: peer $((peer_rss / 1024)) MB ($( ((have_time)) && echo "/usr/bin/time" || echo "sampled")); vigie $((vigie_rss / 1024)) MB (sum over the vigie up process tree, sampled every 100 ms, cold and warm batches, $workers workers)"
