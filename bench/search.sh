#!/usr/bin/env bash
# Search over HTTP: suggest and search latency and throughput at 64 connections against the
# release marqueed on SQLite with ml-latest-small + IMDb top 1000 imported, with GET /healthz of
# the same server measured in the same run as the baseline. Run from the workspace root after
#   cargo build --release -p marquee-server --bin marqueed -p marquee-cli --bin marqueectl
set -euo pipefail
BIN=${BIN:-target/release}
DATA_SHARED=${DATA_SHARED:-/work/shared/data}
DIR=${DIR:-/tmp/bench-search}
PORT=${PORT:-18090}
URL=http://127.0.0.1:$PORT
DURATION=${DURATION:-20s}
WRK="wrk -t2 -c64 -d$DURATION --latency"
export MARQUEE_JWT_SECRET=bench-secret-bench-secret-bench-secret-0123

rm -rf "$DIR"; mkdir -p "$DIR"
# Exit code 3: some records rejected (ml-latest-small has one duplicate tmdbId); the rest imported.
$BIN/marqueectl --data-dir "$DIR" --quiet import movielens --rejects "$DIR/ml.rejects.csv" "$DATA_SHARED/ml-latest-small" || [ $? -eq 3 ]
$BIN/marqueectl --data-dir "$DIR" --quiet import imdb-top --rejects "$DIR/imdb.rejects.csv" "$DATA_SHARED/imdb-top-1000/imdb_top_1000.csv" || [ $? -eq 3 ]
$BIN/marqueectl --data-dir "$DIR" search reindex

# One address sends everything here: raise the per-address API budget.
$BIN/marqueed --data-dir "$DIR" --bind 127.0.0.1:$PORT --api-rate-per-addr 1000000000 \
  --log-filter warn 2>"$DIR.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/v1/search/suggest?q=a")" = 200 ] && break
  sleep 0.2
done
sleep 10  # the server rebuilds its index once at start, in the background
echo "### documents: $(curl -sf "$URL/api/v1/search?q=the&per_page=1" | sed 's/.*"total":\([0-9]*\).*/\1/') match \"the\""

echo "### GET /healthz (baseline)"; $WRK "$URL/healthz"
echo "### GET /api/v1/search/suggest"; $WRK -s bench/search.lua "$URL" -- suggest
echo "### GET /api/v1/search"; $WRK -s bench/search.lua "$URL" -- search
echo "### GET /healthz (baseline again)"; $WRK "$URL/healthz"
