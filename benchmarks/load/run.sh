#!/usr/bin/env bash
# HTTP load test of the customers server, on 127.0.0.1 only, against ONE server process on a fresh H2 file:
#   1. start-up: from launching the JVM to the first 201 of a create;
#   2. GET /health, the ceiling of the stack (Jetty, Javalin, the request filters, a JSON body);
#   3. POST /api/admin/users/ with the realistic body (create.lua), a unique email each time, rate limit off;
#   4. the server's resident memory (VmRSS) after the load, and the H2 file's size per customer stored.
# Prints requests/s, p50/p99 latency, answers other than 201 (200 for /health), the create/health ratio, and a
# one-line verdict per target. About 65 s with the defaults (under 3 minutes), plus a build if the jar is missing.
#
# Environment (all optional):
#   BUILD_SUFFIX  the build folder suffix the jar is in or goes to (server/target$BUILD_SUFFIX/), e.g. -bench
#   SERVER_JAR    a server jar to use instead
#   JAVA_OPTS     JVM options for the server; empty (the default) means the JVM's own defaults
#   DURATION      seconds of each measured wrk run (15)
#   WARMUP        seconds of creates before the measured runs (20): the JIT needs ~20k creates to settle here
#   CONNECTIONS   wrk connections (16); THREADS wrk threads (2)
#   PORT          where the server listens (default: the first free port from 18080)
#   KEYS          1: also measure creates with a unique Idempotency-Key each against creates without, alternating
#                 (without, with, without, with; DURATION each) on the same server, and print their ratio
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LOAD="$ROOT/benchmarks/load"
BUILD_SUFFIX="${BUILD_SUFFIX:-}"
JAR="${SERVER_JAR:-$ROOT/server/target$BUILD_SUFFIX/customers-server.jar}"
JAVA_OPTS="${JAVA_OPTS:-}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-20}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
HOST=127.0.0.1
TOKEN="load-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
RUN="$(date +%s)"

if [[ ! -f "$JAR" ]]; then
  echo "== building $JAR"
  (cd "$ROOT" && ./mvnw -q -Dbuild.suffix="$BUILD_SUFFIX" -pl server -am -Dmaven.test.skip=true package)
fi
if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

port_in_use() { ss -Hltn "sport = :$1" | grep -q .; }
if [[ -z "${PORT:-}" ]]; then
  PORT=18080
  while port_in_use "$PORT"; do PORT=$((PORT + 1)); done
fi
URL="http://$HOST:$PORT"

WORK="$(mktemp -d -t customers-load-XXXXXX)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The body of create.lua, for the first create of the start-up measurement.
first_body() {
  cat <<EOF
{"email": "startup.$RUN@example.com", "first_name": "Jane", "last_name": "Doe", "phone_number": "+14155552671",
 "language": "en", "accepts_marketing": true, "ip": "203.0.113.7", "user_agent": "curl",
 "metadata": {"source": "checkout", "loyalty": {"tier": "gold", "points": 1200}},
 "tags": ["vip", "newsletter", "b2b"],
 "addresses": [
  {"country": "US", "first_name": "Jane", "last_name": "Doe", "line1": "1600 Amphitheatre Parkway",
   "line4": "Mountain View", "state": "CA", "postcode": "94043", "phone_number": "+1 201-555-0123",
   "is_default_for_billing": true, "is_default_for_shipping": true},
  {"country": "DE", "first_name": "Jane", "last_name": "Doe", "line1": "Unter den Linden 77", "line4": "Berlin",
   "postcode": "10117", "phone_number": "030 123456"}]}
EOF
}
first_body > "$WORK/first.json"

now_ns() { date +%s%N; }

echo "== server: $JAR on $URL, H2 file in $WORK, JVM options: ${JAVA_OPTS:-none (JVM defaults)}"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(now_ns)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
CUSTOMERS_HOST=$HOST CUSTOMERS_PORT=$PORT CUSTOMERS_DB_URL="jdbc:h2:file:$WORK/customers" \
  CUSTOMERS_TOKENS="$TOKEN=users:write users:read" CUSTOMERS_RATE_LIMIT=0 \
  java $JAVA_OPTS -jar "$JAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

first_201_ms=""
while (( $(now_ns) - started < 30000000000 )); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "The server stopped:"; cat "$WORK/server.log"; exit 1
  fi
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST "$URL/api/admin/users/" \
    -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -H "X-29next-API-Version: unstable" \
    --data-binary "@$WORK/first.json" || true)
  if [[ "$status" == "201" ]]; then
    first_201_ms=$(( ($(now_ns) - started) / 1000000 ))
    break
  fi
  sleep 0.005
done
if [[ -z "$first_201_ms" ]]; then
  echo "No 201 within 30 s:"; cat "$WORK/server.log"; exit 1
fi
echo "   first 201 after $first_201_ms ms"

field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1"; }

# The server's CPU time so far (user + system), in clock ticks: on a machine shared with other work, CPU per
# request says more about a change than requests/s do.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
TICKS_PER_SECOND=$(getconf CLK_TCK)

# Prints wrk's RESULT line (see create.lua) with the server's CPU milliseconds per request appended; the rest of
# wrk's output goes to the log.
run_wrk() {
  local name="$1" seconds="$2"; shift 2
  local before; before=$(server_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s "$@" >"$WORK/wrk-$name.txt" 2>&1
  local ticks=$(( $(server_ticks) - before ))
  local result; result=$(grep -E '^RESULT' "$WORK/wrk-$name.txt") || { cat "$WORK/wrk-$name.txt"; exit 1; }
  local requests; requests=$(field "$result" requests)
  echo "$result server_cpu_ms_per_request=$(awk -v t="$ticks" -v hz="$TICKS_PER_SECOND" -v n="$requests" \
    'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }')"
  grep -E '^FIRST_UNEXPECTED' "$WORK/wrk-$name.txt" || true
}

echo "== warm-up, not measured: 5s of GET /health, ${WARMUP}s of creates (JIT, pools)"
run_wrk warmup-health 5 -s "$LOAD/health.lua" "$URL/health" >/dev/null
run_wrk warmup-create "$WARMUP" -s "$LOAD/create.lua" "$URL" -- "$TOKEN" "$RUN-warmup" >/dev/null

echo "== GET /health, ${DURATION}s, $CONNECTIONS connections, $THREADS threads"
health=$(run_wrk health "$DURATION" -s "$LOAD/health.lua" "$URL/health")
echo "   $health"
echo "== POST /api/admin/users/, ${DURATION}s, $CONNECTIONS connections, $THREADS threads"
create=$(run_wrk create "$DURATION" -s "$LOAD/create.lua" "$URL" -- "$TOKEN" "$RUN")
echo "   $create"

if [[ "${KEYS:-}" == 1 ]]; then
  echo "== creates without and with an Idempotency-Key, alternating, ${DURATION}s each"
  declare -a plain_rps=() keyed_rps=()
  for round in 1 2; do
    plain=$(run_wrk "plain-$round" "$DURATION" -s "$LOAD/create.lua" "$URL" -- "$TOKEN" "$RUN-plain-$round")
    echo "   without key: $plain"
    keyed=$(run_wrk "keyed-$round" "$DURATION" -s "$LOAD/create.lua" "$URL" -- "$TOKEN" "$RUN-keyed-$round" key)
    echo "   with key:    $keyed"
    plain_rps+=("$(field "$plain" rps)")
    keyed_rps+=("$(field "$keyed" rps)")
  done
  echo "   keyed/plain creates/s: round 1 $(awk -v a="${keyed_rps[0]}" -v b="${plain_rps[0]}" \
    'BEGIN { printf "%.3f", a / b }'), round 2 $(awk -v a="${keyed_rps[1]}" -v b="${plain_rps[1]}" \
    'BEGIN { printf "%.3f", a / b }'); target >= 0.9"
fi

rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
hwm_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")
data_bytes=$(stat -c %s "$WORK/customers.mv.db")
# Every 201 stored a customer: the first create and those of every wrk run of create.lua.
customers=$(ls "$WORK"/wrk-*.txt | grep -v health | xargs cat | awk '/^RESULT/ {
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    n += v["requests"] - v["unexpected"] - v["socket_errors"]
  } END { print n + 1 }')

kill -TERM "$SERVER_PID"
for _ in $(seq 1 200); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "The server did not stop within 20 s of SIGTERM: killed"; kill -KILL "$SERVER_PID"
fi
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
if grep -qiE 'exception|error' "$WORK/server.log"; then
  echo "== the server logged errors:"; grep -iE 'exception|error' "$WORK/server.log" | head -5
fi

health_rps=$(field "$health" rps)
create_rps=$(field "$create" rps)
create_p50=$(field "$create" p50_ms)
create_p99=$(field "$create" p99_ms)
unexpected=$(( $(field "$create" unexpected) + $(field "$create" socket_errors) ))
health_unexpected=$(( $(field "$health" unexpected) + $(field "$health" socket_errors) ))
verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi; }
ratio=$(awk -v c="$create_rps" -v h="$health_rps" 'BEGIN { printf "%.2f", c / h }')
rss_mib=$(awk -v k="$rss_kib" 'BEGIN { printf "%.0f", k / 1024 }')
hwm_mib=$(awk -v k="$hwm_kib" 'BEGIN { printf "%.0f", k / 1024 }')

summary="$WORK/summary.txt"
{
  echo "== summary ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -1), JVM options: ${JAVA_OPTS:-JVM defaults})"
  echo "   machine load average before / after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg) (other work shares the cores)"
  printf '   GET /health              %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   server CPU %5.3f ms/req   not 200: %d\n' \
    "$health_rps" "$(field "$health" p50_ms)" "$(field "$health" p99_ms)" \
    "$(field "$health" server_cpu_ms_per_request)" "$health_unexpected"
  printf '   POST /api/admin/users/   %8.0f req/s   p50 %6.2f ms   p99 %6.2f ms   server CPU %5.3f ms/req   not 201: %d\n' \
    "$create_rps" "$create_p50" "$create_p99" "$(field "$create" server_cpu_ms_per_request)" "$unexpected"
  echo "   create/health ratio      $ratio"
  echo "   start-up to first 201    $first_201_ms ms"
  echo "   resident memory after    $rss_mib MiB (peak $hwm_mib MiB)"
  echo "   H2 file after the run    $(awk -v b="$data_bytes" 'BEGIN { printf "%.0f", b / 1048576 }') MiB for $customers customers, $(( data_bytes / customers )) bytes each"
  echo "   $(verdict "$ratio >= 0.5") creates/s >= 0.5 x GET /health: $ratio"
  echo "   $(verdict "$create_p99 < 10") p99 of creates < 10 ms: $create_p99 ms"
  echo "   $(verdict "$first_201_ms < 1500") start-up to the first 201 < 1.5 s: $first_201_ms ms"
  echo "   $(verdict "$rss_mib < 256") resident memory after the load < 256 MiB: $rss_mib MiB"
  echo "   $(verdict "$unexpected == 0") every create answered 201: $unexpected others"
} | tee "$summary"
mkdir -p "$ROOT/benchmarks/results"
cp "$summary" "$ROOT/benchmarks/results/load-$RUN.txt"
