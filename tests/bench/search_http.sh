#!/bin/sh
# search_http.sh: HTTP search throughput of vigie-api (queries/s, p50/p95/p99 latency) on an
# index of the shared notices, against the same queries run in-process through the Xapian
# shim (vg_xap_bench_search, one thread), same run. A measuring tool, not a test.
#
# Usage: tests/bench/search_http.sh [BUILD_BIN_DIR] [SECONDS=10] [CLIENTS="1 4 8"] [CORPORA]
#   BUILD_BIN_DIR  where vigie-api, vg_xap_bench_corpus (and vg_xap_bench_search) are
#                  (default build/bin of the checkout)
#   SECONDS        timed seconds per run (after one untimed pass over every query)
#   CLIENTS        concurrent keep-alive clients, one run each
#   CORPORA        default $VIGIE_CORPORA or ../shared/corpora beside the checkout
# Environment: VIGIE_API_THREADS (server threads, default 4), CC (default cc).
#
# The index is built like services/xapian/bench/search_bench.sh does (vg_xap_bench_corpus -k 1
# over eforms-sdk/examples and ted-xml-data-converter: real notices, deterministic labels, a
# flag on every third notice). The client is search_http_client.c (C, closed loop: each
# client sends its next request when the previous answer is complete), compiled here.
# The query mix (one request each in turn): notice words fr/en, phrases, prefix filters,
# facets, clause kind, flag kind (GET /api/v1/flags with filters), limit 10 as the UI asks.
# /healthz alone gives the HTTP layer's ceiling.
# Not for: pass/fail testing: it is never run by ctest.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/bin} secs=${2:-10} clients=${3:-"1 4 8"}
corpora=${4:-${VIGIE_CORPORA:-$(cd "$top/.." && pwd)/shared/corpora}}
threads=${VIGIE_API_THREADS:-4}
work=$(mktemp -d /tmp/vgsearchhttp-XXXXXX)
api_pid=
cleanup() {
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

${CC:-cc} -O2 -std=c11 -pthread -o "$work/client" "$top/tests/bench/search_http_client.c"
"$bin/vg_xap_bench_corpus" -d "$work" -k 1 "$corpora/eforms-sdk/examples" \
  "$corpora/ted-xml-data-converter" 2>/dev/null >"$work/index.txt"
db=$(sed -n 's/^database kept: //p' "$work/index.txt")
[ -n "$db" ] || { echo "search_http.sh: no index built" >&2; cat "$work/index.txt" >&2; exit 1; }
head -n 2 "$work/index.txt"

# the query mix, URL-encoded
/usr/bin/python3 - "$work/paths.txt" <<'PY'
import sys, urllib.parse
S = "/api/v1/search?"
mix = [
    ("q", "pénalités retard"), ("q", "sous-traitance"), ("q", "garantie"), ("q", "délai paiement"),
    ("q", "critères attribution"), ("q", "accord-cadre"), ("q", "travaux"), ("q", "marché public"),
    ("q", "penalty"), ("q", "subcontracting"), ("q", "award criteria"), ("q", "framework agreement"),
    ("q", "software"), ("q", "services"), ("q", '"prix le plus bas"'), ("q", '"framework agreement"'),
    ("q", "country:fr"), ("q", "cpv:45"), ("q", "cpv:72 software"), ("q", "procedure:open"),
    ("q", "label:penalties"), ("q", "published:2019-01-01..2020-12-31"), ("q", "value:100000.."),
]
lines = [S + urllib.parse.urlencode({k: v, "limit": 10}) for k, v in mix]
lines += [S + urllib.parse.urlencode({"q": w, "limit": 10, "facets": 1}) for w in ("travaux", "services", "prix")]
lines += [S + urllib.parse.urlencode({"q": w, "kind": "clauses", "limit": 10})
          for w in ("pénalités", "garantie", "payment", "insurance liability")]
lines += ["/api/v1/flags?" + urllib.parse.urlencode(p) for p in
          ({"limit": 10}, {"severity": "high", "limit": 10}, {"country": "FR", "limit": 10},
           {"q": "délai", "status": "open", "limit": 10}, {"sort": "published", "limit": 10})]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
echo "/healthz" >"$work/health.txt"
echo "query mix: $(wc -l <"$work/paths.txt") requests in turn; server threads: $threads; $(nproc) CPUs"

"$bin/vigie-api" --db "$db" --port 0 --threads "$threads" >"$work/api.out" 2>"$work/api.err" &
api_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/^vigie-api listening on http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$work/api.out")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "search_http.sh: vigie-api did not start" >&2; cat "$work/api.err" >&2; exit 1; }

for c in $clients; do
  printf 'http mix     '; "$work/client" "$port" "$c" "$secs" "$work/paths.txt"
done
printf 'http healthz '; "$work/client" "$port" 4 "$secs" "$work/health.txt"
kill "$api_pid"; wait "$api_pid" 2>/dev/null || true
api_pid=

if [ -x "$bin/vg_xap_bench_search" ]; then
  echo "in-process (vg_xap_bench_search, one thread, same index):"
  "$bin/vg_xap_bench_search" -n 5 "$db"
fi
