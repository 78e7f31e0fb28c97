#!/usr/bin/env bash
# Several servers on one PostgreSQL (Debian's, installed when missing): three server processes on 127.0.0.1.
#   1. race: the same 60 emails from all three at once (16 threads each): exactly one 201 per email, no 5xx;
#   2. creates/s through one, two and three of them (16 client threads; after a warm-up, each count twice: 1 2 3 3 2
#      1), and on one of them with and without a client reading /metrics ten times a second, in alternating 5 s
#      windows (the first one dropped);
#   3. kill -9 of one server halfway through a create load on all three: the others keep serving, no 5xx, and
#      every answered create reads back;
#   4. throttle: restarted with CUSTOMERS_RATE_LIMIT=4, one token through all three for 6 s: at most 4 x 7 plus a
#      burst of 4 gets through (the limit is shared in the database);
#   5. the shared limit's cost: creates/s of a server without a limit and one asking the database on every
#      request, in turn, three times each.
#
#   reliability/cluster.sh
#
# Knobs: SKIP_BUILD=1, KEEP_WORK=1, PORT (the first of three), PG_PORT, SECONDS_PER_LOAD (8). About 5 minutes (longer on a busy machine),
# bounded at 15. Last line: "cluster postgres: race ... throttle ... kill ... PASS" (exit 0) or FAIL (exit 1).
source "$(dirname "$0")/common.sh"

SECONDS_PER_LOAD=${SECONDS_PER_LOAD:-8}
ADMIN_TOKEN=adm$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
RUN=$(date +%s)
NODE_PIDS=
watchdog 900

# Starts server $1 (0, 1, 2) on PORT+$1 with a rate limit of $2; waits for /health 200.
start_node() {
  local port=$((PORT + $1))
  CUSTOMERS_PORT=$port CUSTOMERS_HOST=127.0.0.1 CUSTOMERS_RATE_LIMIT=$2 \
    CUSTOMERS_TOKENS="$TOKEN=users:read users:write,$ADMIN_TOKEN=admin:read" CUSTOMERS_DB_URL="$PG_URL" \
    CUSTOMERS_DB_USER=postgres java ${SERVER_JAVA_OPTS:--Xmx256m} -jar "$JAR" >>"$WORK/node$1.log" 2>&1 &
  NODE_PID[$1]=$!
  NODE_PIDS="$NODE_PIDS $!"
  await_health "${NODE_PID[$1]}" "$port" "$WORK/node$1.log"
}

stop_nodes() { # SIGTERM to every node still running, then wait for each
  for pid in "${NODE_PID[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PID[@]}"; do wait "$pid" 2>/dev/null || true; done
  NODE_PIDS=
}

bases() { # the URLs of servers 0 .. $1-1, comma-separated
  local list=
  for ((i = 0; i < $1; i++)); do list="$list${list:+,}http://127.0.0.1:$((PORT + i))"; done
  echo "$list"
}

value() { # $1: key, $2: line of key=value pairs
  sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"
}

build_jar
start_postgres
log "PostgreSQL up; starting three servers (rate limit off)"
declare -a NODE_PID
for node in 0 1 2; do start_node $node 0; done

race=$(harness ClusterLoad.java race --bases "$(bases 3)" --token "$TOKEN" --threads 16 --emails 60 --run "$RUN")
log "$race"

# Warm-up first (the JIT of every server), then one, two, three servers and back, so that a trend in the machine's
# load shows as a difference between the two runs of the same count.
log "$(harness ClusterLoad.java load --bases "$(bases 3)" --token "$TOKEN" --threads 16 --seconds 20 \
  --run "$RUN-w") (warm-up)"
declare -A RATES
for nodes in 1 2 3 3 2 1; do
  line=$(harness ClusterLoad.java load --bases "$(bases $nodes)" --token "$TOKEN" --threads 16 \
    --seconds "$SECONDS_PER_LOAD" --run "$RUN-n$nodes-$RANDOM")
  log "$line"
  RATES[$nodes]="${RATES[$nodes]:-}${RATES[$nodes]:+/}$(value creates_per_s "$line")"
done
rates=" 1_server=${RATES[1]} 2_servers=${RATES[2]} 3_servers=${RATES[3]}"
scrape=$(harness ClusterLoad.java scrape --bases "$(bases 1)" --token "$TOKEN" --admin-token "$ADMIN_TOKEN" \
  --threads 16 --windows 9 --seconds 5 --run "$RUN-s")
log "$scrape"

kill_line=$(harness ClusterLoad.java load --bases "$(bases 3)" --token "$TOKEN" --threads 16 --seconds 12 \
  --kill-pid "${NODE_PID[2]}" --run "$RUN-k")
log "$kill_line"
wait "${NODE_PID[2]}" 2>/dev/null || true

log "restarting the servers with CUSTOMERS_RATE_LIMIT=4"
stop_nodes
for node in 0 1 2; do start_node $node 4; done
throttle=$(harness ClusterLoad.java throttle --bases "$(bases 3)" --token "$TOKEN" --threads 4 --seconds 6)
log "$throttle"
stop_nodes

# What the shared limit costs: one server without a limit and one whose limit (high enough never to refuse) is
# asked of the database on every request, loaded in turn.
log "limiter cost: server 0 without a rate limit, server 1 with the shared one"
start_node 0 0
start_node 1 1000000
declare -A COST
for round in 1 2 3; do
  for node in 0 1; do
    line=$(harness ClusterLoad.java load --bases "http://127.0.0.1:$((PORT + node))" --token "$TOKEN" \
      --threads 16 --seconds "$SECONDS_PER_LOAD" --run "$RUN-c$node-$round")
    log "limit $([ $node = 0 ] && echo off || echo shared): $line"
    COST[$node]="${COST[$node]:-}${COST[$node]:+/}$(value creates_per_s "$line")"
  done
done
stop_nodes

through=$(value through "$throttle")
seconds=$(value seconds "$throttle")
bound=$(awk -v s="$seconds" 'BEGIN { printf "%d", 4 * (int(s) + 1) + 4 }')
verdict=PASS
[ "$(value emails_created_once "$race")" = 60 ] && [ "$(value created "$race")" = 60 ] \
  && [ "$(value 5xx "$race")" = 0 ] && [ "$(value other "$race")" = 0 ] || verdict=FAIL
[ "$through" -le "$bound" ] && [ "$through" -ge 4 ] || verdict=FAIL
[ "$(value lost "$kill_line")" = 0 ] && [ "$(value 5xx "$kill_line")" = 0 ] \
  && [ "$(value created_after_kill "$kill_line")" -gt 0 ] || verdict=FAIL
echo "cluster postgres: race emails_created_once=$(value emails_created_once "$race")/60" \
  "5xx=$(value 5xx "$race") throttle through=$through<=$bound in ${seconds}s" \
  "kill created=$(value created "$kill_line") created_after_kill=$(value created_after_kill "$kill_line")" \
  "lost=$(value lost "$kill_line") 5xx=$(value 5xx "$kill_line") creates_per_s:$rates" \
  "scrape_ratio=$(value ratio_with_to_without "$scrape") creates_per_s_limit_off=${COST[0]}" \
  "limit_shared=${COST[1]} $verdict"
[ "$verdict" = PASS ]
