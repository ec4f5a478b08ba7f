#!/usr/bin/env bash
# Imports and seeding with the release marqueectl (issue 4), on SQLite and PostgreSQL:
#  1. `import movielens` of the full ml-latest-small folder (time, rows/s, ratings/s);
#  2. `seed --synthetic` with 10,000,000 ratings (20,000 movies, 100,000 users);
#  3. the baseline, in the same run: the seeded ratings rows written to a CSV by psql, then a
#     plain `\copy` of that CSV into a bare PostgreSQL table (no index, no constraint).
# Prints markdown table rows, the ratings/s of each and the ratio to the plain COPY.
#
#   bash bench/import.sh                  # builds marqueectl (release) first
#   SKIP_BUILD=1 bash bench/import.sh     # uses $CARGO_TARGET_DIR/release/marqueectl as is
#   RATINGS=1000000 USERS=10000 bash bench/import.sh   # a smaller seed
#
# Needs psql and the shared data (MARQUEE_DATA, default /work/shared/data; see its PROTOCOL.md).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA=${MARQUEE_DATA:-/work/shared/data}
PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}
PG_DB=${PG_DB:-marquee_import_bench}
PG_URL=${PG_ADMIN%/*}/$PG_DB
MOVIES=${MOVIES:-20000}
USERS=${USERS:-100000}
RATINGS=${RATINGS:-10000000}
CTL=${MARQUEECTL:-${CARGO_TARGET_DIR:-target}/release/marqueectl}
WORK=$(mktemp -d /tmp/marquee-import-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked -p marquee-cli --bin marqueectl >&2

echo "machine: $(nproc) cores; $(uptime)"
echo

fresh() { # backend → database URL of an empty, migrated database
  case $1 in
    sqlite)
      rm -f "$WORK/bench.db"*
      echo "sqlite://$WORK/bench.db"
      ;;
    postgres)
      psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB" >&2
      echo "$PG_URL"
      ;;
  esac
}

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ml-latest-small: every data row of its four CSV files.
ML=$DATA/ml-latest-small
ML_ROWS=0
for f in movies links tags ratings; do
  ML_ROWS=$((ML_ROWS + $(wc -l <"$ML/$f.csv") - 1))
done
ML_RATINGS=$(($(wc -l <"$ML/ratings.csv") - 1))

echo "| backend | run | seconds | rows/s | ratings/s |"
echo "| --- | --- | --- | --- | --- |"
for backend in sqlite postgres; do
  url=$(fresh $backend)
  "$CTL" --quiet --database-url "$url" db migrate >/dev/null
  start=$(now)
  # Exit 3 is expected: ml-latest-small maps two movies to one tmdbId, and that link is rejected.
  code=0
  "$CTL" --quiet --database-url "$url" import movielens "$ML" --rejects "$WORK/rejects.csv" \
    >/dev/null 2>"$WORK/import.err" || code=$?
  s=$(secs "$start" "$(now)")
  [ $code -eq 0 ] || [ $code -eq 3 ] || { cat "$WORK/import.err" >&2; exit 1; }
  echo "| $backend | import ml-latest-small ($ML_ROWS rows, $ML_RATINGS ratings) | $s | $(rate $ML_ROWS "$s") | $(rate $ML_RATINGS "$s") |"
done

declare -A SEED_RATE WRITE_RATE
for backend in sqlite postgres; do
  url=$(fresh $backend)
  "$CTL" --quiet --database-url "$url" db migrate >/dev/null
  start=$(now)
  "$CTL" --quiet --database-url "$url" --output json seed --synthetic \
    --movies "$MOVIES" --users "$USERS" --ratings "$RATINGS" --seed 1 >"$WORK/seed.json"
  s=$(secs "$start" "$(now)")
  n=$(jq .ratings "$WORK/seed.json")
  write=$(jq .seconds.ratings "$WORK/seed.json")
  SEED_RATE[$backend]=$(rate "$n" "$s")
  WRITE_RATE[$backend]=$(rate "$n" "$write")
  echo "| $backend | seed --synthetic ($MOVIES movies, $USERS users, $n ratings), whole command | $s | | ${SEED_RATE[$backend]} |"
  echo "| $backend | … of which writing the ratings ($(jq -c .seconds "$WORK/seed.json")) | $(printf %.2f "$write") | | ${WRITE_RATE[$backend]} |"
done

# The baseline: the same rows (the PostgreSQL seed's) through psql's \copy into a bare table.
psql -q "$PG_URL" -c "\\copy (SELECT profile_id, movie_id, rating_half, created_at, updated_at FROM ratings ORDER BY profile_id, movie_id) TO '$WORK/ratings.csv' CSV"
psql -q "$PG_URL" -c "CREATE TABLE bare_ratings (profile_id BIGINT, movie_id BIGINT, rating_half SMALLINT, created_at TIMESTAMP, updated_at TIMESTAMP)"
n=$(wc -l <"$WORK/ratings.csv")
start=$(now)
psql -q "$PG_URL" -c "\\copy bare_ratings FROM '$WORK/ratings.csv' CSV"
s=$(secs "$start" "$(now)")
COPY_RATE=$(rate "$n" "$s")
echo "| postgres | baseline: psql \\copy of the same $n rows into a bare table | $s | | $COPY_RATE |"
psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_DB"

echo
awk -v c="$COPY_RATE" -v w="${WRITE_RATE[postgres]}" -v t="${SEED_RATE[postgres]}" 'BEGIN {
  printf "PostgreSQL: plain COPY is %.1f× the seed'\''s rating writes and %.1f× the whole seed command\n", c / w, c / t
}'
echo "after: $(uptime)"
