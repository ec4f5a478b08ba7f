#!/usr/bin/env bash
# Live sports stream (issue 9): time from a score update to delivery at 1 (baseline) and 1,000
# connected SSE clients, and the server's RSS per connected client, against the release marqueed
# on SQLite. The load client is server/examples/sse_load.rs.
#
#   bash bench/sse.sh
#   CLIENTS="1 1000 2000" ROUNDS=50 bash bench/sse.sh
set -euo pipefail
cd "$(dirname "$0")/.."

T=${CARGO_TARGET_DIR:-target}/release
PORT=18095
URL=http://127.0.0.1:$PORT
CLIENTS=${CLIENTS:-"1 1000"}
ROUNDS=${ROUNDS:-30}
WORK=$(mktemp -d /tmp/marquee-sse.XXXXXX)
export MARQUEE_JWT_SECRET=bench-secret-bench-secret-bench-secret-0123

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked -p marquee-server --features bench-tools \
  --bin marqueed --example sse_load >&2

# A thousand sockets on each side: lift the per-process descriptor limit for both processes.
ulimit -n "$(ulimit -Hn)"
# One address opens every connection here: raise the abuse limits.
LIMITS="--login-rate-per-addr 100000 --api-rate-per-addr 1000000000 --api-rate-per-token 1000000000"
"$T/marqueed" --data-dir "$WORK" --bind 127.0.0.1:$PORT --bcrypt-cost 4 $LIMITS --log-filter warn \
  2>"$WORK/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf $URL/healthz >/dev/null && break; sleep 0.1; done
for clients in $CLIENTS; do
  echo "### $clients clients"
  "$T/examples/sse_load" --url $URL --database-url "sqlite://$WORK/marquee.db" --server-pid $PID \
    --clients "$clients" --rounds "$ROUNDS"
done
