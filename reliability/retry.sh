#!/usr/bin/env bash
# Idempotent retries across crashes: creates, each under an Idempotency-Key of its own, run while the server is
# killed with kill -9 (ROUNDS times, at random moments under load, so some answers leave just before a crash) and
# restarted; then every create that was answered 201 is sent again under its key with the same request: each must
# replay (201, Idempotent-Replayed: true, the id of its first answer).
#
#   ENGINE=h2 reliability/retry.sh          # H2 file (the server's default storage)
#   ENGINE=postgres reliability/retry.sh    # PostgreSQL (Debian's, installed when missing)
#
# Knobs: ROUNDS (3), THREADS (8), MIN_SECONDS and MAX_SECONDS (load before each kill: 3 to 8), SKIP_BUILD=1,
# KEEP_WORK=1, PORT, PG_PORT. Bounded in time. Last line:
# "idempotency-crash h2: answered=N replayed=N not_replayed=0 kills=3 PASS" (exit 0) or FAIL (exit 1).
source "$(dirname "$0")/common.sh"

ENGINE=${ENGINE:-h2}
ROUNDS=${ROUNDS:-3}
MIN_SECONDS=${MIN_SECONDS:-3}
MAX_SECONDS=${MAX_SECONDS:-8}
THREADS=${THREADS:-8}
RUN=$(date +%s)
LOAD_SECONDS=$((ROUNDS * (MAX_SECONDS + 60) + 60))
watchdog $((LOAD_SECONDS + 300))

build_jar
open_database
start_server "$DB_URL" "$DB_USER"
log "server up on $ENGINE; keyed creates with $THREADS threads, $ROUNDS kills"
harness CrashLoad.java load --keyed 1 --base "http://127.0.0.1:$PORT" --token "$TOKEN" --run "$RUN" \
  --acks "$WORK/acks.txt" --stop-file "$WORK/stop" --threads "$THREADS" --seconds "$LOAD_SECONDS" \
  >"$WORK/load.out" 2>&1 &
LOAD_PID=$!

for round in $(seq 1 "$ROUNDS"); do
  sleep $((MIN_SECONDS + RANDOM % (MAX_SECONDS - MIN_SECONDS + 1) + (round == 1 ? 3 : 0))).$((RANDOM % 10))
  log "round $round: kill -9 of the server ($(wc -l <"$WORK/acks.txt") answered so far)"
  kill_server
  start_server "$DB_URL" "$DB_USER"
done
touch "$WORK/stop"
wait "$LOAD_PID"
LOAD_PID=
cat "$WORK/load.out" >&2

status=0
harness CrashLoad.java replay --base "http://127.0.0.1:$PORT" --token "$TOKEN" --acks "$WORK/acks.txt" \
  --engine "$ENGINE" --kills "$ROUNDS" >"$WORK/verdict.txt" || status=$?
stop_server
cat "$WORK/verdict.txt"
exit $status
