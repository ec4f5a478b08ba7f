#!/usr/bin/env bash
# Catalogue reads over HTTP against the release marqueed, beside a bare warp JSON endpoint
# (bench/src/bare_json.rs) measured in the same run, on SQLite and on PostgreSQL (issue 5).
#
#   bash bench/catalogue.sh                 # both backends
#   BACKENDS=sqlite bash bench/catalogue.sh # one
#
# Needs wrk (apt-get install -y wrk), curl, psql for the PostgreSQL run, and the shared data
# (MARQUEE_DATA, default ../shared/data). Prints one markdown table row per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${MARQUEE_DATA:-../shared/data}
BACKENDS=${BACKENDS:-"sqlite postgres"}
PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/marquee_bench}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15s}
PORT=18080
BARE_PORT=18090
URL=http://127.0.0.1:$PORT
T=${CARGO_TARGET_DIR:-target}/release
WORK=$(mktemp -d /tmp/marquee-bench.XXXXXX)
export MARQUEE_JWT_SECRET=bench-secret-bench-secret-bench-secret-0123

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked -p marquee-server -p marquee-cli -p marquee-bench >&2

# One address sends everything: lift the abuse limits. Short trending interval so the rankings
# include the activity generated below.
cat >"$WORK/marqueed.toml" <<'TOML'
trending_interval_secs = 2
TOML
# Then restarted with the production interval (300 s default; 600 here) so the snapshot, and
# the For You keys that include it, stay put while measuring.
cat >"$WORK/steady.toml" <<'TOML'
trending_interval_secs = 600
TOML
LIMITS="--login-rate-per-addr 100000000 --api-rate-per-addr 1000000000 --api-rate-per-token 1000000000"

"$T/bare-json" 127.0.0.1:$BARE_PORT &
BARE_PID=$!
SERVER_PID=
cleanup() {
  kill $BARE_PID ${SERVER_PID:-} 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_up() {
  for _ in $(seq 1 300); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done
  echo "not up: $1" >&2
  return 1
}

# wrk → "req/s | p50 | p95 | p99 | non-2xx"; the percentiles come from wrk's own histogram
# through a done() hook appended to the request script (wrk --latency prints no p95).
cat >"$WORK/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("PCT %.2f %.2f %.2f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
LUA
measure() { # label, url, [request script]
  local label=$1 url=$2 script="$WORK/run.lua"
  cat ${3:-} "$WORK/percentiles.lua" >"$script"
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$script" "$url")
  local rps pct errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  pct=$(awk '$1 == "PCT" {printf "%s ms | %s ms | %s ms", $2, $3, $4}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  echo "| $BACKEND | $label | $rps | $pct | ${errors:-0} |"
}

# Recent activity so /trending has something to rank: 20 accounts rate 40 movies each.
activity() {
  local ids=("$@")
  for u in $(seq 1 20); do
    curl -sf -X POST $URL/api/v1/auth/register -H 'content-type: application/json' \
      -d "{\"email\":\"bench$u@example.com\",\"password\":\"correct horse battery staple\",\"name\":\"Bench $u\"}" >/dev/null
    local token pid
    token=$(curl -sf -X POST $URL/api/v1/auth/login -H 'content-type: application/json' \
      -d "{\"email\":\"bench$u@example.com\",\"password\":\"correct horse battery staple\"}" |
      sed 's/.*"access_token":"\([^"]*\)".*/\1/')
    pid=$(curl -sf $URL/api/v1/profiles -H "authorization: Bearer $token" | sed 's/^\[{"id":\([0-9]*\).*/\1/')
    echo "$pid $token" >>"$WORK/users.txt"
    for i in $(seq 0 39); do
      local m=${ids[$(((u * 7 + i * 13) % ${#ids[@]}))]}
      curl -sf -X PUT "$URL/api/v1/profiles/$pid/ratings/$m" -H "authorization: Bearer $token" \
        -H 'content-type: application/json' -d "{\"rating\": $((i % 5 + 1))}" >/dev/null
    done
  done
}

echo "| backend | request | req/s | p50 | p95 | p99 | non-2xx |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for BACKEND in $BACKENDS; do
  if [ "$BACKEND" = postgres ]; then
    psql -q "$PG_ADMIN" -c 'DROP DATABASE IF EXISTS marquee_bench' -c 'CREATE DATABASE marquee_bench' >&2
    DB=(--database-url "$PG_URL")
  else
    DB=(--database-url "sqlite://$WORK/sqlite/marquee.db")
    mkdir -p "$WORK/sqlite"
  fi
  # Exit code 3 means some records were rejected (ml-latest-small has one duplicate tmdbId in
  # links.csv); the rest is imported.
  "$T/marqueectl" "${DB[@]}" --output json import movielens --rejects "$WORK/ml.rejects.csv" \
    "$DATA/ml-latest-small" >/dev/null || [ $? -eq 3 ]
  "$T/marqueectl" "${DB[@]}" --output json import imdb-top --rejects "$WORK/imdb.rejects.csv" \
    "$DATA/imdb-top-1000/imdb_top_1000.csv" >/dev/null || [ $? -eq 3 ]
  start_server() { # config file
    "$T/marqueed" "${DB[@]}" --data-dir "$WORK/data-$BACKEND" --bind 127.0.0.1:$PORT \
      --config "$1" --bcrypt-cost 4 $LIMITS --log-filter warn 2>>"$WORK/$BACKEND.log" &
    SERVER_PID=$!
    wait_up $URL/healthz
  }
  start_server "$WORK/marqueed.toml"
  wait_up http://127.0.0.1:$BARE_PORT/hello

  # The 500 most popular movie ids, for the detail rotation and the activity.
  IDS=()
  for page in 1 2 3 4 5; do
    IDS+=($(curl -sf "$URL/api/v1/movies?per_page=100&page=$page&fields=id" | grep -o '"id":[0-9]*' | cut -d: -f2))
  done
  activity "${IDS[@]}"
  sleep 3 # one trending run over the new activity
  kill $SERVER_PID
  wait $SERVER_PID 2>/dev/null || true
  start_server "$WORK/steady.toml" # computes trending once at start
  # Training the recommender at start (EASE over ~9,700 movies) takes both cores for a few
  # seconds: let it finish before measuring.
  sleep 25
  {
    echo "local ids = {$(IFS=,; echo "${IDS[*]}")}"
    echo 'local n = 0'
    echo 'request = function() n = n + 1; return wrk.format("GET", "/api/v1/movies/" .. ids[(n % #ids) + 1]) end'
  } >"$WORK/detail.lua"
  cat >"$WORK/list.lua" <<'LUA'
local paths = {
  "/api/v1/movies?genre=drama&sort=-rating&per_page=20",
  "/api/v1/movies?genre=comedy&year_from=1990&per_page=20",
  "/api/v1/movies?genre=action,thriller&sort=popularity&per_page=20",
  "/api/v1/movies?genre=drama&page=2&per_page=20",
}
local n = 0
request = function() n = n + 1; return wrk.format("GET", paths[(n % #paths) + 1]) end
LUA
  # Warm the caches (and the JIT-less but page-cache-bound database) once.
  wrk -t1 -c4 -d3s -s "$WORK/detail.lua" $URL >/dev/null
  wrk -t1 -c4 -d2s -s "$WORK/list.lua" $URL >/dev/null

  measure 'bare warp `GET /hello` (before)' http://127.0.0.1:$BARE_PORT/hello
  measure '`GET /healthz`' $URL/healthz
  measure '`GET /api/v1/movies` (filtered, page of 20)' $URL "$WORK/list.lua"
  # Entries live for the catalogue TTL (60 s): warm the 500 details again right before.
  wrk -t1 -c4 -d3s -s "$WORK/detail.lua" $URL >/dev/null
  measure '`GET /api/v1/movies/{id}` (500 ids)' $URL "$WORK/detail.lua"
  measure '`GET /api/v1/trending`' "$URL/api/v1/trending?per_page=20"
  # For You from the precomputed/cached store, 20 profiles with their own tokens.
  {
    echo 'local users = {'
    while read -r pid token; do echo "  {\"/api/v1/profiles/$pid/for-you\", \"Bearer $token\"},"; done <"$WORK/users.txt"
    echo '}'
    echo 'local n = 0'
    echo 'request = function() n = n + 1; local u = users[(n % #users) + 1]; return wrk.format("GET", u[1], {["Authorization"] = u[2], ["Accept-Encoding"] = ENCODING}) end'
  } >"$WORK/foryou.body.lua"
  # As the TUI asks (reqwest with gzip), then without compression for comparison.
  { echo 'ENCODING = "gzip"'; cat "$WORK/foryou.body.lua"; } >"$WORK/foryou.lua"
  { echo 'ENCODING = "identity"'; cat "$WORK/foryou.body.lua"; } >"$WORK/foryou-plain.lua"
  wrk -t1 -c4 -d2s -s "$WORK/foryou.lua" $URL >/dev/null
  measure '`GET /profiles/{pid}/for-you` (20 profiles, cached, gzip)' $URL "$WORK/foryou.lua"
  measure '`GET /profiles/{pid}/for-you` (20 profiles, cached, uncompressed)' $URL "$WORK/foryou-plain.lua"
  # A cache miss: a rating write changes the profile's activity, so the next For You recomputes.
  MISSES=()
  while read -r pid token; do
    curl -sf -X PUT "$URL/api/v1/profiles/$pid/ratings/${IDS[$((RANDOM % 500))]}" -H "authorization: Bearer $token" \
      -H 'content-type: application/json' -d '{"rating": 4}' >/dev/null
    MISSES+=($(curl -sf -o /dev/null -w '%{time_total}' "$URL/api/v1/profiles/$pid/for-you" -H "authorization: Bearer $token"))
  done <"$WORK/users.txt"
  SORTED=($(printf '%s\n' "${MISSES[@]}" | sort -n))
  echo "| $BACKEND | For You after a rating write (cache miss, 20 sequential requests) | | ${SORTED[9]} s | ${SORTED[18]} s | max ${SORTED[19]} s | |"
  measure 'bare warp `GET /hello` (after)' http://127.0.0.1:$BARE_PORT/hello
  echo "| $BACKEND | server RSS after the runs | $(awk '/VmRSS/ {print $2 " kB"}' /proc/$SERVER_PID/status) | | | | |"
  kill $SERVER_PID
  wait $SERVER_PID 2>/dev/null || true
  SERVER_PID=
  rm -f "$WORK/users.txt"
done
