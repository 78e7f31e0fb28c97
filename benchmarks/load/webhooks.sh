#!/usr/bin/env bash
# What customer.created webhooks cost creates, and how soon they arrive: in ONE run, on 127.0.0.1 only, the server
# on its default storage (a fresh durable H2 file each run) alternates without and with webhooks
# (plain, hooks, plain, hooks, ...), each run divided only by the one before it. With webhooks, every create is
# posted to a receiver of this script's (reliability/WebhookReceiver.java: checks every signature, answers 204).
# Each run: launch with the launcher and CUSTOMERS_* variables only, WARMUP s of creates, DURATION s of creates
# measured (create.lua, CONNECTIONS connections); with webhooks, then wait until every answered create was
# delivered and report the lag from date_joined to the receiver (p50/p99, all of the run's events).
# Flat out the relay shares the two cores with the creates and falls behind, so the lag there is mostly backlog;
# a last run measures the lag at a steady PACED_RATE creates/s (after a warm-up whose deliveries are not counted).
# About 7 minutes with the defaults, plus a build if the launcher is missing.
#
# Environment (all optional): ROUNDS (3 pairs), WARMUP (20), DURATION (15), CONNECTIONS (16), THREADS (2),
# DELIVERY_LIMIT (seconds to wait for the last deliveries after the load, 120), PACED_RATE (100; 0: no paced run),
# PACED_SECONDS (30).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LOAD="$ROOT/benchmarks/load"
LAUNCHER="$ROOT/server/target/customers-server"
JAR="$ROOT/server/target/customers-server.jar"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-20}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
DELIVERY_LIMIT="${DELIVERY_LIMIT:-120}"
PACED_RATE="${PACED_RATE:-100}"
PACED_SECONDS="${PACED_SECONDS:-30}"
HOST=127.0.0.1
TOKEN="load-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
SECRET="whsec_$(head -c 32 /dev/urandom | base64)"
RUN="$(date +%s)"

if [[ ! -x "$LAUNCHER" || ! -f "$JAR" ]]; then
  echo "== building customers"
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
fi
if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

WORK="$(mktemp -d -t customers-webhooks-XXXXXX)"
SERVER_PID=""
RECEIVER_PID=""
stop_pid() {  # $1: pid; SIGTERM, then SIGKILL after 20 s
  [[ -n "$1" ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() { stop_pid "$SERVER_PID"; stop_pid "$RECEIVER_PID"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { ss -Hltn "sport = :$1" | grep -q .; }
free_port() { local p=${1:-18180}; while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }
field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1"; }
lines() { [[ -f "$1" ]] && cut -d' ' -f1 "$1" | sort -u | wc -l || echo 0; }

# Waits until the receiver's file $1 holds at least $2 distinct webhook-ids (at most DELIVERY_LIMIT s); prints them.
await_delivered() {
  local delivered=0
  for _ in $(seq 1 $(( DELIVERY_LIMIT * 10 ))); do
    delivered=$(lines "$1")
    (( delivered >= $2 )) && break
    sleep 0.1
  done
  echo "$delivered"
}

# One run; $1: plain, hooks or paced (hooks, then PACED_RATE creates/s after the warm-up). Sets FIGURES to
# "creates_per_s p99_ms not_201 answered delivered lag_p50 lag_p99" (paced: the paced phase's answered, delivered, lag).
measure() {
  local kind="$1" port dir hooks="" env=()
  port=$(free_port 18180)
  dir="$(mktemp -d "$WORK/$kind-XXXX")"
  if [[ "$kind" != plain ]]; then
    local hook_port; hook_port=$(free_port 18900)
    hooks="$dir/hooks.txt"
    : >"$hooks"
    java -cp "$JAR" "$ROOT/reliability/WebhookReceiver.java" receive --port "$hook_port" --secret "$SECRET" \
      --out "$hooks" >"$dir/receiver.log" 2>&1 &
    RECEIVER_PID=$!
    until port_in_use "$hook_port"; do sleep 0.1; done
    env=(CUSTOMERS_WEBHOOK_URLS="http://$HOST:$hook_port/hooks" CUSTOMERS_WEBHOOK_SECRET="$SECRET")
  fi
  (cd "$dir" && exec env -u JAVA_OPTS "${env[@]}" CUSTOMERS_HOST=$HOST CUSTOMERS_PORT="$port" \
    CUSTOMERS_DB_URL="jdbc:h2:file:$dir/data/customers" CUSTOMERS_TOKENS="$TOKEN=users:write users:read" \
    CUSTOMERS_RATE_LIMIT=0 "$LAUNCHER") >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$HOST:$port/health" || true)" == 200 ]]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "The server stopped:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    sleep 0.05
  done
  local url="http://$HOST:$port" tag="$RUN-$kind-$port-$RANDOM"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$LOAD/create.lua" "$url" -- "$TOKEN" "$tag-w" e164 \
    >"$dir/wrk-warmup.txt" 2>&1
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$LOAD/create.lua" "$url" -- "$TOKEN" "$tag" e164 \
    >"$dir/wrk.txt" 2>&1
  local warm result
  warm=$(grep -E '^RESULT' "$dir/wrk-warmup.txt") || { cat "$dir/wrk-warmup.txt" >&2; exit 1; }
  result=$(grep -E '^RESULT' "$dir/wrk.txt") || { cat "$dir/wrk.txt" >&2; exit 1; }
  local others=$(( $(field "$warm" unexpected) + $(field "$result" unexpected) + $(field "$warm" socket_errors) \
    + $(field "$result" socket_errors) ))
  local answered=$(( $(field "$warm" requests) + $(field "$result" requests) - others ))
  local delivered=0 lag="- -" skip=0
  if [[ "$kind" == paced ]]; then
    # The warm-up's deliveries first, then a steady rate whose deliveries alone are measured.
    skip=$(await_delivered "$hooks" "$answered")
    java -cp "$JAR" "$ROOT/reliability/CrashLoad.java" load --base "$url" --token "$TOKEN" --run "$tag-p" \
      --acks "$dir/acks.txt" --stop-file "$dir/stop" --threads 8 --seconds "$PACED_SECONDS" --rate "$PACED_RATE" \
      >"$dir/paced.txt" 2>&1
    answered=$(wc -l <"$dir/acks.txt")
    others=$(sed -n 's/.* other=\([0-9]*\).*/\1/p' "$dir/paced.txt")
    delivered=$(( $(await_delivered "$hooks" $(( skip + answered ))) - skip ))
  elif [[ "$kind" == hooks ]]; then
    delivered=$(await_delivered "$hooks" "$answered")
  fi
  if [[ "$kind" != plain ]]; then
    local lagline
    lagline=$(java -cp "$JAR" "$ROOT/reliability/WebhookReceiver.java" lag --hooks "$hooks" --skip "$skip")
    lag="$(field "$lagline" lag_p50_ms) $(field "$lagline" lag_p99_ms)"
  fi
  stop_pid "$SERVER_PID"; SERVER_PID=""
  stop_pid "$RECEIVER_PID"; RECEIVER_PID=""
  FIGURES="$(field "$result" rps) $(field "$result" p99_ms) $others $answered $delivered $lag"
}

echo "== webhooks ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -1)): $ROUNDS pairs," \
  "${WARMUP}s warm-up + ${DURATION}s measured each, $CONNECTIONS connections, H2 file"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RATIOS="$WORK/ratios.txt"
: >"$RATIOS"
FAIL=0
for round in $(seq 1 "$ROUNDS"); do
  measure plain
  read -r a_rps a_p99 a_others _ _ _ _ <<<"$FIGURES"
  printf '   round %d  without webhooks %7.0f creates/s  p99 %7.2f ms  not 201: %d\n' "$round" "$a_rps" "$a_p99" "$a_others"
  measure hooks
  read -r b_rps b_p99 b_others b_answered b_delivered b_lag50 b_lag99 <<<"$FIGURES"
  printf '   round %d  with webhooks    %7.0f creates/s  p99 %7.2f ms  not 201: %d  delivered %d of %d  lag p50 %s ms  p99 %s ms\n' \
    "$round" "$b_rps" "$b_p99" "$b_others" "$b_delivered" "$b_answered" "$b_lag50" "$b_lag99"
  ratio=$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN { printf "%.2f", b / a }')
  echo "   round $round  with/without creates/s: ${ratio}x"
  echo "$ratio" >>"$RATIOS"
  (( b_delivered >= b_answered && a_others + b_others == 0 )) || FAIL=1
done
if (( PACED_RATE > 0 )); then
  measure paced
  read -r _ _ c_others c_answered c_delivered c_lag50 c_lag99 <<<"$FIGURES"
  printf '   paced    with webhooks at %d creates/s for %d s: not 201: %d  delivered %d of %d  lag p50 %s ms  p99 %s ms\n' \
    "$PACED_RATE" "$PACED_SECONDS" "${c_others:-0}" "$c_delivered" "$c_answered" "$c_lag50" "$c_lag99"
  (( c_delivered >= c_answered && ${c_others:-0} == 0 )) || FAIL=1
fi
median=$(sort -n "$RATIOS" | awk '{ v[n++] = $1 } END { printf "%.2f", (n % 2 ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2) }')
verdict=$(awk -v m="$median" 'BEGIN { print (m >= 0.9 ? "PASS" : "MISS") }')
echo "== median with/without creates/s: ${median}x (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "   $verdict creates/s with webhooks within 10% of without: ${median}x"
echo "   $([[ $FAIL == 0 ]] && echo PASS || echo FAIL) every create answered 201 and every answered create delivered"
