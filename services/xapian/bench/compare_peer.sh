#!/bin/sh
# compare_peer.sh: runs vg_xap_bench_corpus (vigie's indexer on the real notices) and the
# Python peer (/work/shared/bench/peer_pipeline.py: parse + classify + rules + index) back to
# back, ROUNDS times, so that both see the same machine load. A measuring tool, not a test.
# Usage: compare_peer.sh BENCH_BIN PEER_MODEL [ROUNDS=3] [CORPORA=/work/shared/corpora]
# PEER_MODEL: a fastText model path; trained by the peer on first use (training not timed).
set -eu
bench=$1 model=$2 rounds=${3:-3} corpora=${4:-/work/shared/corpora}
paths="$corpora/eforms-sdk/examples $corpora/ted-xml-data-converter"
i=1
while [ "$i" -le "$rounds" ]; do
  "$bench" $paths | tail -n 1 | sed 's/^/vigie /'
  db=$(mktemp -d /tmp/peerdb-XXXXXX)
  /usr/bin/python3 /work/shared/bench/peer_pipeline.py --db "$db/db" --model "$model" $paths 2>/dev/null
  rm -rf "$db"
  i=$((i + 1))
done
