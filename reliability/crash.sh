#!/usr/bin/env bash
# Crash safety: a create load runs while the server is killed with kill -9 (ROUNDS times, at random moments) and
# restarted; then every customer that got 201 must read back with all its addresses and tags, and the database
# must hold no customer without what it was created with.
#
#   ENGINE=h2 reliability/crash.sh          # H2 file (the server's default storage)
#   ENGINE=postgres reliability/crash.sh    # PostgreSQL (Debian's, installed when missing), killed with -9 too
#
#   LONG=1 ENGINE=h2 reliability/crash.sh   # long run: 5 kills, each after 60 to 75 s of load (about 7 minutes)
#   KEYED=1 ENGINE=h2 reliability/crash.sh  # each create under an Idempotency-Key of its own; after the checks,
#                                           # every answered create is sent again under its key and must replay
#                                           # (201, Idempotent-Replayed: true, the id of its first answer)
#   WEBHOOKS=1 ENGINE=h2 reliability/crash.sh  # the server posts customer.created webhooks to a receiver of this
#                                           # script's (reliability/WebhookReceiver.java, which checks every
#                                           # signature); after the last restart every answered customer must be
#                                           # delivered (at least once) within WAIT_DELIVERY seconds (180)
#
# Knobs: KEYED=1, WEBHOOKS=1, ROUNDS (3; 5 with LONG=1), THREADS (8), MIN_SECONDS and MAX_SECONDS (the load before each kill: 3 to 10,
# or 60 to 75 with LONG=1), SKIP_BUILD=1, KEEP_WORK=1, PORT, PG_PORT. Bounded in time (a margin over the rounds).
# Last line: "crash-safety h2: acknowledged=812 found=812 missing=0 partial=0 ... PASS" (exit 0) or FAIL (exit 1);
# on H2 the line before it gives the file's size per stored customer.
source "$(dirname "$0")/common.sh"

ENGINE=${ENGINE:-h2}
if [ "${LONG:-}" = 1 ]; then
  ROUNDS=${ROUNDS:-5} MIN_SECONDS=${MIN_SECONDS:-60} MAX_SECONDS=${MAX_SECONDS:-75}
fi
ROUNDS=${ROUNDS:-3}
MIN_SECONDS=${MIN_SECONDS:-3}
MAX_SECONDS=${MAX_SECONDS:-10}
THREADS=${THREADS:-8}
RUN=$(date +%s)
LOAD_SECONDS=$((ROUNDS * (MAX_SECONDS + 60) + 60))
watchdog $((LOAD_SECONDS + 300 + ${WAIT_DELIVERY:-180}))

build_jar
open_database
if [ "${WEBHOOKS:-}" = 1 ]; then
  HOOK_PORT=${HOOK_PORT:-28090}
  CUSTOMERS_WEBHOOK_SECRET="whsec_$(head -c 32 /dev/urandom | base64)"
  export CUSTOMERS_WEBHOOK_URLS="http://127.0.0.1:$HOOK_PORT/hooks" CUSTOMERS_WEBHOOK_SECRET
  : >"$WORK/hooks.txt"
  # exec: RECEIVER_PID is the JVM itself, so the clean-up stops it.
  (exec java -cp "$JAR" "$ROOT/reliability/WebhookReceiver.java" receive --port "$HOOK_PORT" \
    --secret "$CUSTOMERS_WEBHOOK_SECRET" --out "$WORK/hooks.txt") >"$WORK/receiver.log" 2>&1 &
  RECEIVER_PID=$!
fi

start_server "$DB_URL" "$DB_USER"
log "server up on $ENGINE; load with $THREADS threads, $ROUNDS kills"
java -cp "$JAR" "$ROOT/reliability/CrashLoad.java" load --keyed "${KEYED:-0}" --base "http://127.0.0.1:$PORT" \
  --token "$TOKEN" \
  --run "$RUN" --acks "$WORK/acks.txt" --stop-file "$WORK/stop" --threads "$THREADS" --seconds "$LOAD_SECONDS" \
  >"$WORK/load.out" 2>&1 &
LOAD_PID=$!

for round in $(seq 1 "$ROUNDS"); do
  # MIN_SECONDS to MAX_SECONDS of load (the first round also waits for the load's JVM to warm up), then the crash.
  sleep $((MIN_SECONDS + RANDOM % (MAX_SECONDS - MIN_SECONDS + 1) + (round == 1 ? 3 : 0))).$((RANDOM % 10))
  log "round $round: kill -9 of the server ($(wc -l <"$WORK/acks.txt") acknowledged so far)"
  kill_server
  if [ "$ENGINE" = postgres ]; then
    log "round $round: kill -9 of PostgreSQL"
    kill_postgres
    start_postgres
  fi
  start_server "$DB_URL" "$DB_USER"
done
sleep 2
touch "$WORK/stop"
wait "$LOAD_PID"
LOAD_PID=
cat "$WORK/load.out" >&2

# Read back over HTTP while the restarted server runs, then query the database (H2 wants its file to itself).
harness CrashLoad.java check --phase http --acks "$WORK/acks.txt" --result "$WORK/check.txt" \
  --base "http://127.0.0.1:$PORT" --token "$TOKEN"
status=0
if [ "${KEYED:-}" = 1 ]; then
  harness CrashLoad.java replay --base "http://127.0.0.1:$PORT" --token "$TOKEN" --acks "$WORK/acks.txt" \
    --engine "$ENGINE" --kills "$ROUNDS" >"$WORK/replay.txt" || status=$?
fi
if [ "${WEBHOOKS:-}" = 1 ]; then
  harness WebhookReceiver.java check --acks "$WORK/acks.txt" --hooks "$WORK/hooks.txt" \
    --wait "${WAIT_DELIVERY:-180}" --engine "$ENGINE" --kills "$ROUNDS" >"$WORK/webhooks.txt" || status=1
fi
stop_server
harness CrashLoad.java check --phase db --result "$WORK/check.txt" --engine "$ENGINE" --kills "$ROUNDS" \
  --run "$RUN" --jdbc "$DB_URL" --user "$DB_USER" >"$WORK/verdict.txt" || status=1
if [ "$ENGINE" = h2 ]; then
  stored=$(sed -n 's/.* stored=\([0-9]*\) .*/\1/p' "$WORK/verdict.txt")
  bytes=$(stat -c %s "$WORK/h2/customers.mv.db")
  echo "h2 file: $bytes bytes for ${stored:-0} customers, $((bytes / (${stored:-0} > 0 ? stored : 1))) bytes per customer"
fi
[ "${KEYED:-}" = 1 ] && cat "$WORK/replay.txt"
[ "${WEBHOOKS:-}" = 1 ] && cat "$WORK/webhooks.txt"
cat "$WORK/verdict.txt"
exit $status
