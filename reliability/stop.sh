#!/usr/bin/env bash
# A stop nobody notices: the server, started with its launcher (target/customers-server, as the README does), takes
# creates from THREADS threads, each over a kept-alive connection, and gets SIGTERM after LOAD_SECONDS; the threads
# keep sending until the process is gone. Every request must be answered 201 or find no connection (refused:
# nothing was sent, safe to send elsewhere): none answered otherwise (a 503 sends a client into retries for
# nothing), none cut off after it was sent (its client cannot know whether the customer was created). The server
# must exit 0; then it is started again and every 201 read back (CrashLoad.java's check).
#
#   ENGINE=h2 reliability/stop.sh          # H2 file (the server's default storage)
#   ENGINE=postgres reliability/stop.sh    # PostgreSQL (Debian's, installed when missing)
#   SECOND_SIGTERM=1 ENGINE=h2 reliability/stop.sh  # a second SIGTERM SECOND_SIGTERM seconds after the first, within
#                                           # the drain: the server must end at once (exit 1), requests under way may
#                                           # be cut off, and every 201 must still read back
#
# Knobs: THREADS (8), LOAD_SECONDS (15), SECOND_SIGTERM (none), SKIP_BUILD=1, KEEP_WORK=1, PORT, PG_PORT;
# CUSTOMERS_SHUTDOWN_DRAIN and CUSTOMERS_SHUTDOWN_TIMEOUT pass through to the server (its defaults otherwise: PT5S and
# PT25S). Bounded in time. gone_after_ms counts from the first SIGTERM.
# Last line: "stop h2: before=N during_201=N other=0 refused=N unanswered=0 other_statuses={} exit=0 gone_after_ms=T
# acknowledged=N found=N missing=0 partial=0 PASS" (exit 0) or FAIL (exit 1). other_statuses counts answers other than
# 201 by status, negative for those before the signal.
source "$(dirname "$0")/common.sh"

ENGINE=${ENGINE:-h2}
THREADS=${THREADS:-8}
LOAD_SECONDS=${LOAD_SECONDS:-15}
RUN=$(date +%s)
LAUNCHER=$(dirname "$JAR")/customers-server
watchdog $((LOAD_SECONDS + 300))

build_jar
open_database

# The launcher execs java: SERVER_PID is the JVM, and SIGTERM goes straight to it.
start_launcher() {
  CUSTOMERS_PORT=$PORT CUSTOMERS_HOST=127.0.0.1 CUSTOMERS_RATE_LIMIT=0 \
    CUSTOMERS_TOKENS="$TOKEN=users:read users:write" CUSTOMERS_DB_URL="$DB_URL" CUSTOMERS_DB_USER="$DB_USER" \
    "$LAUNCHER" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  await_health "$SERVER_PID" "$PORT" "$WORK/server.log"
}

start_launcher
log "server up on $ENGINE; $THREADS threads for $LOAD_SECONDS s, then SIGTERM"
java -cp "$JAR:$TEST_CLASSES" "$ROOT/reliability/StopLoad.java" load --port "$PORT" --token "$TOKEN" --run "$RUN" \
  --acks "$WORK/acks.txt" --signalled "$WORK/signalled" --stop-file "$WORK/stop" --threads "$THREADS" \
  >"$WORK/load.out" 2>&1 &
LOAD_PID=$!

sleep "$LOAD_SECONDS"
log "SIGTERM ($(wc -l <"$WORK/acks.txt") acknowledged so far)"
touch "$WORK/signalled"
signalled=$(date +%s%N)
kill -TERM "$SERVER_PID"
if [ -n "${SECOND_SIGTERM:-}" ]; then
  sleep "$SECOND_SIGTERM"
  log "second SIGTERM ($(wc -l <"$WORK/acks.txt") acknowledged so far)"
  kill -TERM "$SERVER_PID"
fi
exit_status=0
wait "$SERVER_PID" || exit_status=$?
gone_after_ms=$((($(date +%s%N) - signalled) / 1000000))
SERVER_PID=
log "the server is gone after $gone_after_ms ms, exit status $exit_status"
touch "$WORK/stop"
wait "$LOAD_PID"
LOAD_PID=
cat "$WORK/load.out" >&2
counts=$(grep '^before=' "$WORK/load.out")

start_launcher
harness CrashLoad.java check --phase http --acks "$WORK/acks.txt" --result "$WORK/check.txt" \
  --base "http://127.0.0.1:$PORT" --token "$TOKEN"
stop_server
read -r acknowledged found missing partial <<<"$(cat "$WORK/check.txt")"

field() { sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" <<<"$counts"; }
verdict=PASS
if [ -n "${SECOND_SIGTERM:-}" ]; then
  # Ended at once: what was under way is cut off, nothing acknowledged may be lost.
  if [ "$exit_status" != 1 ] || [ "$(field other)" != 0 ]; then
    verdict=FAIL
  fi
elif [ "$exit_status" != 0 ] || [ "$(field other)" != 0 ] || [ "$(field unanswered)" != 0 ]; then
  verdict=FAIL
fi
if [ "$acknowledged" -eq 0 ] || [ "$missing" != 0 ] || [ "$partial" != 0 ] || [ "$found" != "$acknowledged" ]; then
  verdict=FAIL
fi
echo "stop $ENGINE: $counts exit=$exit_status gone_after_ms=$gone_after_ms" \
  "acknowledged=$acknowledged found=$found missing=$missing partial=$partial $verdict"
[ "$verdict" = PASS ]
