#!/usr/bin/env bash
# The terminal client's footprint (issue 8): time from start to first frame, and resident memory
# after browsing 1,000 movies. Drives the release `marquee` in tmux against a release `marqueed`
# on a synthetic catalogue (SQLite in a temp dir) plus the demo account.
#
#   bash bench/tui.sh            # RUNS=10 starts for the first-frame figure
#
# Needs tmux. Prints one markdown table row per figure, and the load average at the time.
# First frame: the time from spawning marquee (through `tmux new-session`, ~the same for any
# client) to the first capture of its "Connecting to" frame, polled every 2 ms; the median of
# RUNS starts (the first, with cold caches, is printed apart).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
MOVIES=${MOVIES:-2000}
BROWSE=${BROWSE:-1000}
PORT=18180
URL=http://127.0.0.1:$PORT
T=${CARGO_TARGET_DIR:-target}/release
# marqueed and marqueectl: the release ones by default; SERVER_BINS=target/debug uses the test
# build (the figures are the client's; a debug server only answers more slowly).
S=${SERVER_BINS:-$T}
WORK=$(mktemp -d /tmp/marquee-tui-bench.XXXXXX)
SOCK=$WORK/tmux.sock
export MARQUEE_JWT_SECRET=bench-secret-bench-secret-bench-secret-0123

command -v tmux >/dev/null || { echo "bench/tui.sh needs tmux (apt-get install -y tmux)" >&2; exit 1; }
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked -p marquee-tui -p marquee-server -p marquee-cli >&2

SERVER_PID=
cleanup() {
  tmux -S "$SOCK" kill-server 2>/dev/null || true
  kill ${SERVER_PID:-} 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

DB="sqlite://$WORK/bench.db"
"$S/marqueectl" --database-url "$DB" db migrate >/dev/null
"$S/marqueectl" --database-url "$DB" seed --synthetic --movies "$MOVIES" --users 20 --ratings 2000 >/dev/null
MARQUEE_BCRYPT_COST=4 "$S/marqueectl" --database-url "$DB" seed --demo >/dev/null
# One address sends everything: lift the abuse limits.
"$S/marqueed" --bind 127.0.0.1:$PORT --data-dir "$WORK" --database-url "$DB" \
  --login-rate-per-addr 100000000 --api-rate-per-addr 1000000000 --api-rate-per-token 1000000000 \
  2>"$WORK/marqueed.log" &
SERVER_PID=$!
for _ in $(seq 1 300); do curl -sf "$URL/readyz" >/dev/null && break; sleep 0.1; done

now_ms() { date +%s%3N; }
screen() { tmux -S "$SOCK" capture-pane -p -t bench 2>/dev/null || true; }
# Polls the screen until it matches the extended regex $1; fails after $2 seconds.
wait_for() {
  local deadline=$(( $(now_ms) + ${2:-30} * 1000 ))
  until screen | grep -qE -- "$1"; do
    if [ "$(now_ms)" -gt "$deadline" ]; then
      echo "timed out waiting for: $1" >&2; screen >&2; exit 1
    fi
    sleep 0.002
  done
}
start_client() {
  tmux -S "$SOCK" -f /dev/null new-session -d -s bench -x 120 -y 40 \
    env -u MARQUEE_TOKEN MARQUEE_KEYRING=off HOME="$WORK" XDG_CONFIG_HOME="$WORK/config" \
    "$T/marquee" --server "$URL"
}
# The same-run baseline: a shell printing the same words, measured the same way (tmux's spawn
# and the polling's own cost).
start_baseline() {
  tmux -S "$SOCK" -f /dev/null new-session -d -s bench -x 120 -y 40 \
    sh -c 'echo Connecting to; sleep 30'
}
stop_client() {
  tmux -S "$SOCK" kill-session -t bench 2>/dev/null || true
  while tmux -S "$SOCK" has-session -t bench 2>/dev/null; do sleep 0.01; done
}

# 1. Start to first frame, and the baseline.
median_of() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
times=()
base=()
for _ in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  start_client
  # The first frame says "Connecting to …" until the stored-credentials check answers.
  wait_for "Connecting to|Sign in to Marquee" 10
  times+=($(( $(now_ms) - t0 )))
  stop_client
  t0=$(now_ms)
  start_baseline
  wait_for "Connecting to" 10
  base+=($(( $(now_ms) - t0 )))
  stop_client
done
first=${times[0]}
median=$(median_of "${times[@]:1}")
baseline=$(median_of "${base[@]:1}")

# 2. Sign in, then browse until BROWSE movies are loaded; resident memory of marquee then.
start_client
wait_for "Sign in to Marquee"
tmux -S "$SOCK" send-keys -t bench -l demo@marquee.local
tmux -S "$SOCK" send-keys -t bench Enter
tmux -S "$SOCK" send-keys -t bench -l marquee-demo
tmux -S "$SOCK" send-keys -t bench Enter
wait_for "Most popular"
pid=$(tmux -S "$SOCK" list-panes -t bench -F '#{pane_pid}')
loaded=0
while [ "$loaded" -lt "$BROWSE" ]; do
  tmux -S "$SOCK" send-keys -t bench G
  sleep 0.05
  loaded=$(screen | grep -oE '· [0-9]+ of [0-9]+' | head -n1 | awk '{print $2}')
  loaded=${loaded:-0}
done
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
hwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
stop_client

echo "| measure | value | target |"
echo "| --- | --- | --- |"
echo "| start → first frame, median of $((RUNS - 1)) warm starts | ${median} ms | < 150 ms |"
echo "| start → first frame, first (cold) start | ${first} ms | |"
echo "| baseline: \`sh -c 'echo Connecting to'\` measured the same way | ${baseline} ms | |"
echo "| resident memory after browsing $loaded movies (VmRSS) | $((rss_kb / 1024)) MiB | < 40 MB |"
echo "| peak resident memory (VmHWM) | $((hwm_kb / 1024)) MiB | |"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
