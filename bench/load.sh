#!/usr/bin/env bash
# Mixed load against the release marqueed (issue 10): browse, detail, search, For You and rating
# writes from 200 signed-in profiles, at 64 and 512 connections, on
#   sqlite      one server on the embedded SQLite default
#   pg1         one server on PostgreSQL + Redis
#   pg1-nginx   the same server behind nginx (the proxy hop alone, for the two-server run)
#   pg2         two servers on one PostgreSQL + one Redis, wrk's two threads (256 connections
#               each at 512) pinned one to each server, as clients spread by DNS round-robin or a
#               load balancer on its own machine would be
#   pg2-nginx   the two servers behind nginx (least_conn) on the same cores
# with a bare warp JSON endpoint (bench/src/bare_json.rs) measured in the same run as the
# machine's floor. Prints one markdown table row per measurement.
#
#   bash bench/load.sh                        # everything (~20 min with the imports)
#   RUNS="sqlite pg2-nginx" DURATION=30s bash bench/load.sh
#   SKIP_BUILD=1 bash bench/load.sh           # reuse target/release
#
# Needs wrk and nginx (installed with apt-get when missing), curl, psql, redis-cli, and the
# shared data (MARQUEE_DATA, default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${MARQUEE_DATA:-../shared/data}
RUNS=${RUNS:-"sqlite pg1 pg1-nginx pg2 pg2-nginx"}
CONNS=${CONNS:-"64 512"}
DURATION=${DURATION:-60s}
FLOOR_DURATION=${FLOOR_DURATION:-20s}
USERS=${USERS:-200}
PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/marquee_load}
REDIS=${REDIS:-redis://127.0.0.1:6379/0}
PORTS=(18081 18082)
METRICS_PORTS=(19081 19082)
LB_PORT=18088
BARE_PORT=18090
T=${CARGO_TARGET_DIR:-target}/release
WORK=$(mktemp -d /tmp/marquee-load.XXXXXX)
export MARQUEE_JWT_SECRET=bench-secret-bench-secret-bench-secret-0123

for tool in wrk nginx; do
  command -v $tool >/dev/null || apt-get install -y wrk nginx-light >&2
done
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked -p marquee-server -p marquee-cli -p marquee-bench >&2

# One load generator sends everything from one address: lift the abuse limits (the budgets are
# measured in their own tests). Trending every 600 s keeps For You keys steady while measuring.
cat >"$WORK/marqueed.toml" <<'TOML'
trending_interval_secs = 600
TOML
LIMITS="--login-rate-per-addr 100000000 --api-rate-per-addr 1000000000 --api-rate-per-token 1000000000"
# More marqueed flags for an A/B of a setting (e.g. SERVER_ARGS="--db-pool-size 48"); nginx's
# worker count for the proxied runs: NGINX_WORKERS (default 1; "auto": one per core), and its
# idle upstream connections kept per worker: NGINX_KEEPALIVE (default 1024: at least one per client
# connection, or nginx opens and closes upstream connections all the time).
SERVER_ARGS=${SERVER_ARGS:-}

PIDS=()
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_up() {
  for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done
  echo "not up: $1" >&2
  return 1
}

"$T/bare-json" 127.0.0.1:$BARE_PORT &
PIDS+=($!)

# The percentiles come from wrk's own histogram (wrk --latency prints no p95).
cat >"$WORK/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("PCT %.2f %.2f %.2f %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
LUA

# User + system CPU ticks of the running servers (PIDS[0] is the bare floor server).
server_cpu_ticks() {
  local total=0 pid
  for pid in "${PIDS[@]:1}"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo $total
}

# Sum of a counter over the servers' /metrics listeners.
scrape() { # metric name, metrics ports...
  local name=$1 total=0 v
  shift
  for port in "$@"; do
    v=$(curl -sf "http://127.0.0.1:$port/metrics" | awk -v n="$name" '$1 == n {s += $2} END {print s + 0}')
    total=$((total + ${v%.*}))
  done
  echo $total
}

measure() { # run label, connections, url, script, server metrics ports...
  local run=$1 conns=$2 url=$3 script=$4 duration=$DURATION
  [ $# -gt 4 ] || duration=$FLOOR_DURATION
  shift 4
  local h0 m0 out rps pct c0 c1 cpu=""
  h0=$(scrape marquee_response_cache_hits_total "$@")
  c0=$(server_cpu_ticks)
  m0=$(scrape marquee_response_cache_misses_total "$@")
  cat "$script" "$WORK/percentiles.lua" >"$WORK/run.lua"
  out=$(wrk -t2 -c"$conns" -d"$duration" --timeout 10s -s "$WORK/run.lua" "$url")
  c1=$(server_cpu_ticks)
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  pct=$(awk '$1 == "PCT" {printf "%s ms | %s ms | %s ms | %s", $2, $3, $4, $5}' <<<"$out")
  local hits=0 misses=0 rate=""
  if [ $# -gt 0 ]; then
    hits=$(($(scrape marquee_response_cache_hits_total "$@") - h0))
    misses=$(($(scrape marquee_response_cache_misses_total "$@") - m0))
    rate=$(awk -v h=$hits -v m=$misses 'BEGIN { if (h + m > 0) printf "%.1f %%", 100 * h / (h + m) }')
    # The servers' CPU time per request: steadier than req/s on a machine whose share of the
    # host varies from run to run.
    cpu=$(awk -v t=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" \
      'BEGIN { if (n > 0) printf "%.0f µs", 1e6 * t / hz / n }')
  fi
  echo "| $run | $conns | $rps | $pct | $rate | $cpu |"
  # Where the servers' time went, by route (cumulative since start; to stderr).
  for port in "$@"; do
    curl -sf "http://127.0.0.1:$port/metrics" | awk '
      /^marquee_http_request_duration_seconds_sum/ { match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8); m = $0; sub(/.*method="/, "", m); sub(/".*/, "", m); sum[m " " r] += $2 }
      /^marquee_http_request_duration_seconds_count/ { match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8); m = $0; sub(/.*method="/, "", m); sub(/".*/, "", m); cnt[m " " r] += $2 }
      END { for (k in sum) if (cnt[k] > 0) printf "  :%s %-45s %8d requests, mean %.2f ms, %.1f s in all\n", "'$port'", k, cnt[k], 1000 * sum[k] / cnt[k], sum[k] }' | sort -t, -k3 -rn | head -n 8 >&2
  done
}

import() { # database url
  # Exit code 3: some records were rejected (ml-latest-small has one duplicate tmdbId).
  "$T/marqueectl" --database-url "$1" --output json import movielens \
    --rejects "$WORK/ml.rejects.csv" "$DATA/ml-latest-small" >/dev/null || [ $? -eq 3 ]
  "$T/marqueectl" --database-url "$1" --output json import imdb-top \
    --rejects "$WORK/imdb.rejects.csv" "$DATA/imdb-top-1000/imdb_top_1000.csv" >/dev/null || [ $? -eq 3 ]
}

start_servers() { # database url, count, [redis namespace]
  local db=$1 count=$2 ns=${3:-} i
  for i in $(seq 0 $((count - 1))); do
    local env=()
    [ -n "$ns" ] && env=(env REDIS_URL="$REDIS")
    "${env[@]}" "$T/marqueed" --database-url "$db" --data-dir "$WORK/data-$i" \
      --bind 127.0.0.1:${PORTS[$i]} --metrics-bind 127.0.0.1:${METRICS_PORTS[$i]} --config "$WORK/marqueed.toml" --bcrypt-cost 4 $LIMITS $SERVER_ARGS \
      ${ns:+--redis-namespace "$ns"} --log-filter warn 2>>"$WORK/server-$i.log" &
    PIDS+=($!)
  done
  for i in $(seq 0 $((count - 1))); do wait_up "http://127.0.0.1:${PORTS[$i]}/readyz"; done
}

stop_servers() {
  kill "${PIDS[@]:1}" 2>/dev/null || true
  wait "${PIDS[@]:1}" 2>/dev/null || true
  PIDS=("${PIDS[0]}")
  if [ -f "$WORK/nginx.pid" ]; then
    kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    sleep 0.5
    rm -f "$WORK/nginx.pid"
  fi
}

start_nginx() { # server count
  local upstream="" i
  for i in $(seq 0 $(($1 - 1))); do upstream+="server 127.0.0.1:${PORTS[$i]};"; done
  cat >"$WORK/nginx.conf" <<NGINX
worker_processes ${NGINX_WORKERS:-1};
pid $WORK/nginx.pid;
error_log $WORK/nginx.error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream marquee { least_conn; $upstream keepalive ${NGINX_KEEPALIVE:-1024}; keepalive_requests 1000000; }
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$LB_PORT;
    location / {
      proxy_pass http://marquee;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
NGINX
  nginx -c "$WORK/nginx.conf" -p "$WORK"
  wait_up "http://127.0.0.1:$LB_PORT/healthz"
}

# 200 accounts, each with a profile that rated 20 movies, and their tokens (one line each).
make_users() { # url, movie ids...
  local url=$1
  shift
  local ids=("$@")
  local batch=()
  for u in $(seq 1 "$USERS"); do
    make_user "$url" "$u" "${ids[@]}" &
    batch+=($!)
    if [ ${#batch[@]} -ge 8 ]; then wait "${batch[@]}"; batch=(); fi
  done
  [ ${#batch[@]} -eq 0 ] || wait "${batch[@]}"
}

make_user() { # url, n, movie ids...
  local url=$1 u=$2 token pid
  shift 2
  local ids=("$@")
  curl -sf -X POST "$url/api/v1/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"load$u@example.com\",\"password\":\"correct horse battery staple\",\"name\":\"Load $u\"}" >/dev/null
  token=$(curl -sf -X POST "$url/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"load$u@example.com\",\"password\":\"correct horse battery staple\"}" |
    sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  pid=$(curl -sf "$url/api/v1/profiles" -H "authorization: Bearer $token" | sed 's/^\[{"id":\([0-9]*\).*/\1/')
  for i in $(seq 0 19); do
    curl -sf -X PUT "$url/api/v1/profiles/$pid/ratings/${ids[$(((u * 7 + i * 13) % ${#ids[@]}))]}" \
      -H "authorization: Bearer $token" -H 'content-type: application/json' \
      -d "{\"rating\": $((i % 5 + 1))}" >/dev/null
  done
  echo "$pid $token" >>"$WORK/users.txt"
}

# The mix, per 20 requests: 6 browse pages, 6 movie details, 3 searches, 3 For You, 2 rating
# writes; every request signed in as one of the profiles, as the TUI sends them.
mix_script() { # split ports ("" for one target), movie ids...
  local split=$1
  shift
  {
    echo "local split = {${split// /,}}"
    echo "local ids = {$(IFS=,; echo "$*")}"
    echo 'local users = {'
    while read -r pid token; do echo "  {$pid, \"Bearer $token\"},"; done <"$WORK/users.txt"
    echo '}'
    cat <<'LUA'
local lists = {
  "/api/v1/movies?genre=drama&sort=-rating&per_page=20",
  "/api/v1/movies?genre=comedy&year_from=1990&per_page=20",
  "/api/v1/movies?genre=action,thriller&sort=popularity&per_page=20",
  "/api/v1/movies?genre=drama&page=2&per_page=20",
  "/api/v1/movies?sort=-release_date&per_page=20",
  "/api/v1/trending?per_page=20",
}
local queries = {
  "toy%20story", "the%20matirx", "forest%20gump", "christopher%20nolen", "pulp", "star%20wars",
  "jurasic%20park", "inception", "tom%20hanks", "the%20godfahter", "amelie", "heat",
}
local n = 0
local thread_offset = 0
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  -- Two servers without a proxy: each thread (and its connections) talks to one of them.
  if #split > 0 then thread.addr = wrk.lookup("127.0.0.1", tostring(split[(threads % #split) + 1]))[1] end
  threads = threads + 1
end
init = function(args) thread_offset = (tid or 0) * 7919 end
request = function()
  n = n + 1
  local k = n + thread_offset
  local u = users[(k % #users) + 1]
  local auth = {["Authorization"] = u[2], ["Accept-Encoding"] = "gzip"}
  local slot = k % 20
  if slot < 6 then
    return wrk.format("GET", lists[(k % #lists) + 1], auth)
  elseif slot < 12 then
    return wrk.format("GET", "/api/v1/movies/" .. ids[(k % #ids) + 1], auth)
  elseif slot < 15 then
    return wrk.format("GET", "/api/v1/search?q=" .. queries[(k % #queries) + 1], auth)
  elseif slot < 18 then
    return wrk.format("GET", "/api/v1/profiles/" .. u[1] .. "/for-you", auth)
  else
    local h = {["Authorization"] = u[2], ["Content-Type"] = "application/json"}
    local body = string.format('{"rating": %.1f}', (k % 10 + 1) / 2)
    return wrk.format("PUT", "/api/v1/profiles/" .. u[1] .. "/ratings/" .. ids[(k * 7 % #ids) + 1], h, body)
  end
end
LUA
  } >"$WORK/mix.lua"
}

echo '| setup | connections | req/s | p50 | p95 | p99 | errors | response cache hit rate | server CPU per request |'
echo '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'
echo 'request = function() return wrk.format("GET", "/hello") end' >"$WORK/bare.lua"
wait_up http://127.0.0.1:$BARE_PORT/hello
for c in $CONNS; do measure 'bare warp `GET /hello` (floor)' "$c" http://127.0.0.1:$BARE_PORT "$WORK/bare.lua"; done

PG_READY=
for run in $RUNS; do
  case $run in
    sqlite)
      DB="sqlite://$WORK/sqlite/marquee.db"
      mkdir -p "$WORK/sqlite"
      import "$DB"
      start_servers "$DB" 1
      ;;
    pg1 | pg1-nginx | pg2 | pg2-nginx)
      DB=$PG_URL
      if [ -z "$PG_READY" ]; then
        psql -q "$PG_ADMIN" -c 'DROP DATABASE IF EXISTS marquee_load' -c 'CREATE DATABASE marquee_load' >&2
        import "$DB"
        PG_READY=1
      fi
      count=1
      case $run in pg2*) count=2 ;; esac
      start_servers "$DB" $count "load-$run-$$"
      ;;
    *) echo "unknown run $run" >&2; exit 2 ;;
  esac
  URL=http://127.0.0.1:${PORTS[0]}
  SERVER_PORTS=(${METRICS_PORTS[0]})
  case $run in pg2*) SERVER_PORTS=(${METRICS_PORTS[0]} ${METRICS_PORTS[1]}) ;; esac
  IDS=()
  for page in 1 2 3 4 5; do
    IDS+=($(curl -sf "$URL/api/v1/movies?per_page=100&page=$page&fields=id" | grep -o '"id":[0-9]*' | cut -d: -f2))
  done
  # Accounts once per database (the PostgreSQL runs share theirs).
  if [ $run = sqlite ] || [ ! -s "$WORK/users.pg.txt" ]; then
    rm -f "$WORK/users.txt"
    make_users "$URL" "${IDS[@]}"
    [ $run = sqlite ] || cp "$WORK/users.txt" "$WORK/users.pg.txt"
  else
    cp "$WORK/users.pg.txt" "$WORK/users.txt"
  fi
  split=""
  [ $run = pg2 ] && split="${PORTS[*]}"
  mix_script "$split" "${IDS[@]}"
  TARGET=$URL
  case $run in *nginx) start_nginx ${#SERVER_PORTS[@]}; TARGET=http://127.0.0.1:$LB_PORT ;; esac
  # Let start-up training finish and warm the caches once.
  sleep 20
  wrk -t2 -c16 -d5s -s "$WORK/mix.lua" "$TARGET" >/dev/null
  for c in $CONNS; do measure "$run" "$c" "$TARGET" "$WORK/mix.lua" "${SERVER_PORTS[@]}"; done
  for pid in "${PIDS[@]:1}"; do
    echo "| $run | server RSS after the runs | $(awk '/VmRSS/ {print $2 " kB"}' /proc/$pid/status) | | | | | | |"
  done
  stop_servers
done
for c in $CONNS; do measure 'bare warp `GET /hello` (floor, after)' "$c" http://127.0.0.1:$BARE_PORT "$WORK/bare.lua"; done
grep -h -i 'error\|panic' "$WORK"/server-*.log | sort | uniq -c | sort -rn | head -n 10 >&2 || true
