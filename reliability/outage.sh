#!/usr/bin/env bash
# Database outage: with a load of creates, reads and health checks running, PostgreSQL goes away for DOWN seconds
# and comes back. While it is away every create and read must answer 503 {"detail": "Service temporarily
# unavailable."} with Retry-After, /health 503, no request may take longer than MAX_LATENCY_MS, and nothing may
# answer 500; once it is back, the same server process must serve creates again within RECOVERY_MS.
#
#   reliability/outage.sh                  # MODE=stop: pg_ctl stop -m fast (connections closed)
#   MODE=kill reliability/outage.sh        # kill -9 of PostgreSQL
#   MODE=freeze reliability/outage.sh      # SIGSTOP: the database hangs, connections stay open
#
# Knobs: DOWN (10), THREADS (8), MAX_LATENCY_MS (5000; 10000 for freeze: a statement waits for the 5 s socket
# timeout after up to 3 s for a connection), RECOVERY_MS (10000), SKIP_BUILD=1, KEEP_WORK=1.
# Bounded: 5 minutes at most. Last line: "outage postgres (stop): ... PASS" (exit 0) or FAIL (exit 1).
source "$(dirname "$0")/common.sh"

MODE=${MODE:-stop}
DOWN=${DOWN:-10}
THREADS=${THREADS:-8}
BEFORE=6
AFTER=12
watchdog 300

build_jar
start_postgres
start_server "$PG_URL" postgres
log "server up on PostgreSQL; load for $((BEFORE + DOWN + AFTER)) s, database away for $DOWN s ($MODE)"

java -cp "$JAR" "$ROOT/reliability/OutageLoad.java" --label "outage postgres ($MODE)" \
  --base "http://127.0.0.1:$PORT" --token "$TOKEN" --threads "$THREADS" --seconds $((BEFORE + DOWN + AFTER)) \
  --down-file "$WORK/down" --up-file "$WORK/up" --max-latency-ms "${MAX_LATENCY_MS:-$([ "$MODE" = freeze ] && echo 10000 || echo 5000)}" \
  --recovery-ms "${RECOVERY_MS:-10000}" &
LOAD_PID=$!

now_ms() { date +%s%3N; }
postgres_pids() {
  local postmaster
  postmaster=$(head -1 "$WORK/pg/data/postmaster.pid")
  echo "$postmaster" $(ps -o pid= --ppid "$postmaster")
}

sleep "$BEFORE"
case "$MODE" in
  stop)
    now_ms >"$WORK/down"
    stop_postgres fast
    ;;
  kill)
    now_ms >"$WORK/down"
    kill_postgres
    ;;
  freeze)
    FROZEN=$(postgres_pids)
    now_ms >"$WORK/down"
    kill -STOP $FROZEN
    ;;
  *)
    echo "MODE is stop, kill or freeze" >&2
    exit 2
    ;;
esac
log "database away ($MODE)"
sleep "$DOWN"
for i in 1 2 3; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/health" || true)
  log "health while away: $code"
done
if [ "$MODE" = freeze ]; then
  kill -CONT $FROZEN
else
  start_postgres
fi
now_ms >"$WORK/up"
log "database back"

status=0
wait "$LOAD_PID" || status=$?
LOAD_PID=
kill -0 "$SERVER_PID" || { echo "the server process died" >&2; exit 1; }
exit $status
