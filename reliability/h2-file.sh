#!/usr/bin/env bash
# Disk per customer on the embedded default: the server on a fresh H2 file takes creates at an ordinary pace
# (RATE a second), then as fast as it answers, then is restarted (a graceful stop) and takes some more; after each
# phase the file's size is divided by the customers stored so far. H2 writes every answered create to the file
# at once, and must give the space of old versions back as it goes. On the default durability (power-loss) it keeps
# the chunks of the last 5 s (RETENTION_TIME, which H2 needs for a power cut), a few KB per customer at these rates:
# the limit is 8 KB (it was 3 KB before, with freed space reused at once; LIMIT_BYTES=3072 with
# CUSTOMERS_DB_DURABILITY=process-crash checks that).
#
#   reliability/h2-file.sh
#
# Knobs: RATE (150), PACED_SECONDS (60), FLAT_SECONDS (60), THREADS (8), LIMIT_BYTES (8192), SKIP_BUILD=1,
# KEEP_WORK=1, PORT. Bounded in time. Last line: "h2-file: paced=N flat=N restart=N bytes per customer ... PASS"
# (exit 0) or FAIL (exit 1).
source "$(dirname "$0")/common.sh"

RATE=${RATE:-150}
PACED_SECONDS=${PACED_SECONDS:-60}
FLAT_SECONDS=${FLAT_SECONDS:-60}
THREADS=${THREADS:-8}
LIMIT_BYTES=${LIMIT_BYTES:-8192}
RUN=$(date +%s)
watchdog $((2 * PACED_SECONDS + FLAT_SECONDS + 300))

build_jar
DB_URL="jdbc:h2:file:$WORK/h2/customers"
start_server "$DB_URL" sa

load() { # $1: seconds, $2: rate (0: flat out), $3: phase name
  harness CrashLoad.java load --base "http://127.0.0.1:$PORT" --token "$TOKEN" --run "$RUN-$3" \
    --acks "$WORK/acks-$3.txt" --stop-file "$WORK/stop" --threads "$THREADS" --seconds "$1" --rate "$2" >&2
}

# The file's bytes per customer stored so far (every create was answered: nothing is killed here).
per_customer() {
  local customers bytes
  customers=$(cat "$WORK"/acks-*.txt | wc -l)
  bytes=$(stat -c %s "$WORK/h2/customers.mv.db")
  log "$1: $customers customers, file $bytes bytes, $((bytes / (customers > 0 ? customers : 1))) per customer"
  echo $((bytes / (customers > 0 ? customers : 1)))
}

log "paced: $RATE creates/s for $PACED_SECONDS s"
load "$PACED_SECONDS" "$RATE" paced
paced=$(per_customer paced)
log "flat out: $THREADS threads for $FLAT_SECONDS s"
load "$FLAT_SECONDS" 0 flat
flat=$(per_customer "flat out")
log "graceful restart, then $RATE creates/s for $((PACED_SECONDS / 2)) s"
stop_server
start_server "$DB_URL" sa
load $((PACED_SECONDS / 2)) "$RATE" restart
restart=$(per_customer restart)

verdict=PASS
for bytes in "$paced" "$flat" "$restart"; do
  [ "$bytes" -le "$LIMIT_BYTES" ] || verdict=FAIL
done
echo "h2-file: paced=$paced flat=$flat restart=$restart bytes per customer (limit $LIMIT_BYTES) $verdict"
[ "$verdict" = PASS ]
