#!/bin/sh
# search_bench.sh: search throughput of vigie's Xapian shim against the peers, same notices,
# same run. Builds an index of the shared notices with vg_xap_bench_corpus (kept), runs
# vg_xap_bench_search on it (queries/s per class, one thread), then the peer
# (/work/shared/bench/peer_search.py: SQLite FTS5 and bare Xapian over the clauses of the same
# notices, its 20 default queries, top 10) on Debian's /usr/bin/python3, and prints the ratios
# of vigie's clause classes to each peer. A measuring tool, not a test.
# Usage: search_bench.sh BUILD_BIN_DIR [ROUNDS=20] [CORPORA=/work/shared/corpora]
set -eu
bin=$1 rounds=${2:-20} corpora=${3:-/work/shared/corpora}
paths="$corpora/eforms-sdk/examples $corpora/ted-xml-data-converter"
work=$(mktemp -d /tmp/vgsearch-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin/vg_xap_bench_corpus" -d "$work" -k 1 $paths 2>/dev/null >"$work/index.txt"
db=$(sed -n 's/^database kept: //p' "$work/index.txt")
head -n 2 "$work/index.txt"
"$bin/vg_xap_bench_search" -n "$rounds" "$db" | tee "$work/vigie.txt"
/usr/bin/python3 /work/shared/bench/peer_search.py --work "$work/peer" --rounds "$rounds" $paths \
  2>/dev/null | tee "$work/peer.txt"
awk '
  FNR == NR && $1 == "vigie" { qps[$2] = $3; next }
  $1 == "sqlite-fts5" || $1 == "xapian" {
    for (i = 1; i <= NF; i++) if ($(i + 1) == "queries/s") peer[$1] = $i
  }
  END {
    for (p in peer) for (c in qps) if (c ~ /^clauses/)
      printf "ratio vigie %s / %s: %.2f\n", c, p, qps[c] / peer[p]
  }' "$work/vigie.txt" "$work/peer.txt" | sort
