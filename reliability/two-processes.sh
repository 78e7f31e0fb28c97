#!/usr/bin/env bash
# Two servers on one H2 file: the first takes creates from the crash load; a second started on the same file (a
# second instance by mistake, a restart that overlaps the old process's stop) must not run beside it. It waits
# for H2's lock up to 30 s, then refuses, naming the file. Then the first is stopped (SIGTERM) while a third one
# waits for the lock: that one must start once the first has gone. Every create the first answered must read back
# whole from the third, and from the file.
#
#   reliability/two-processes.sh
#
# Knobs: THREADS (8), LOAD_SECONDS (20), SKIP_BUILD=1, KEEP_WORK=1, PORT. Bounded in time. Last line:
# "two-processes: second=refused restart=started acknowledged=N found=N missing=0 ... PASS" (exit 0) or FAIL.
source "$(dirname "$0")/common.sh"

THREADS=${THREADS:-8}
LOAD_SECONDS=${LOAD_SECONDS:-20}
RUN=$(date +%s)
watchdog $((LOAD_SECONDS + 300))

build_jar
DB_URL="jdbc:h2:file:$WORK/h2/customers"
start_server "$DB_URL" sa
FIRST_PID=$SERVER_PID
FIRST_PORT=$PORT

harness CrashLoad.java load --base "http://127.0.0.1:$FIRST_PORT" --token "$TOKEN" --run "$RUN" \
  --acks "$WORK/acks.txt" --stop-file "$WORK/stop" --threads "$THREADS" --seconds "$LOAD_SECONDS" \
  >"$WORK/load.out" 2>&1 &
LOAD_PID=$!
sleep 3

# The second server, on another port and the same file, while the first takes creates.
second_port=$((FIRST_PORT + 1))
log "a second server on the same file (port $second_port)"
second=started
if CUSTOMERS_PORT=$second_port CUSTOMERS_HOST=127.0.0.1 CUSTOMERS_TOKENS="$TOKEN=users:read users:write" \
  CUSTOMERS_DB_URL="$DB_URL" CUSTOMERS_DB_USER=sa timeout 60 java -jar "$JAR" >"$WORK/second.log" 2>&1; then
  second="exited-0"
else
  grep -q "held by another process" "$WORK/second.log" && second=refused
fi
log "second server: $second ($(grep -m1 -o 'The H2 file.*process' "$WORK/second.log" || tail -1 "$WORK/second.log"))"

wait "$LOAD_PID" || true
LOAD_PID=
cat "$WORK/load.out" >&2

# A restart that overlaps the first's stop: started first, then the first is stopped.
third_port=$((FIRST_PORT + 2))
log "a restart on the same file (port $third_port) while the first server stops"
CUSTOMERS_PORT=$third_port CUSTOMERS_HOST=127.0.0.1 CUSTOMERS_RATE_LIMIT=0 \
  CUSTOMERS_TOKENS="$TOKEN=users:read users:write" CUSTOMERS_DB_URL="$DB_URL" CUSTOMERS_DB_USER=sa \
  java -jar "$JAR" >>"$WORK/third.log" 2>&1 &
THIRD_PID=$!
sleep 2
SERVER_PID=$FIRST_PID
stop_server
restart=started
await_health "$THIRD_PID" "$third_port" "$WORK/third.log" || restart=failed
SERVER_PID=$THIRD_PID
PORT=$third_port

harness CrashLoad.java check --phase http --acks "$WORK/acks.txt" --result "$WORK/check.txt" \
  --base "http://127.0.0.1:$PORT" --token "$TOKEN"
stop_server
status=0
harness CrashLoad.java check --phase db --result "$WORK/check.txt" --engine h2 --kills 0 \
  --run "$RUN" --jdbc "$DB_URL" --user sa >"$WORK/verdict.txt" || status=1
verdict=PASS
[ "$second" = refused ] && [ "$restart" = started ] && [ $status -eq 0 ] || verdict=FAIL
echo "two-processes: second=$second restart=$restart $(head -1 "$WORK/verdict.txt") $verdict"
[ "$verdict" = PASS ]
