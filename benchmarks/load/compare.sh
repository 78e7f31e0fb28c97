#!/usr/bin/env bash
# Side by side: customers against the Spring Boot peer (../shared/peers/spring), in ONE run, on 127.0.0.1 only.
# The machines are shared and their speed drifts by 2x within minutes, so the two servers alternate and each
# customers run is divided only by the peer run right after it:
#   for each round: customers on H2 in memory (MEM_URL: the in-memory URL docs/storage.md recommends, pages
#   serialized and compressed), peer (H2 in memory); customers on its durable H2 file, peer; customers on
#   PostgreSQL, the peer on PostgreSQL (one throwaway PostgreSQL cluster started by this script, Debian's, with a
#   fresh database for every run, so that neither server sees the other's tables).
# It also divides customers' H2 file by customers' own H2 memory of the same round: what durability costs.
# Each run: launch, time to ready (customers: GET /health 200; peer: GET /ping 200), WARMUP s of creates, DURATION s
# of creates measured (create.lua: the realistic body, a unique email per request, CONNECTIONS connections), VmRSS
# after the load, SIGTERM. Customers starts as the README says, with the launcher and CUSTOMERS_* variables only (no
# JVM options); the peer with its run.sh (JVM defaults). Prints every pair, the median ratio per measure and a
# verdict per target. About 14 minutes with the defaults (18 runs of ~45 s), plus builds if missing.
#
# Environment (all optional):
#   ROUNDS        pairs per pairing (3: the median survives one pair disturbed by other work)
#   WARMUP        seconds of creates before each measurement (20): the JIT needs that long on 2 cores
#   DURATION      seconds of each measured run (15)
#   CONNECTIONS   wrk connections (16); THREADS wrk threads (2)
#   PEER_DIR      the peer's folder (../shared/peers/spring next to this repository)
#   PEER_BUILD_DIR  where the peer's run.sh builds it (its default: $TMPDIR/customers-spring-peer)
#   PAIRINGS      which pairings, in this order each round ("cmem cfile cpg"; cpg is the PostgreSQL one)
#   MEM_URL       customers' H2 in memory ("jdbc:h2:memFS:customers;DB_CLOSE_DELAY=-1;COMPRESS=TRUE";
#                 "jdbc:h2:mem:customers;DB_CLOSE_DELAY=-1" keeps the rows as objects: faster, about 5x the memory
#                 per customer)
#   PG_PORT       the throwaway PostgreSQL's port (the first free one from 25532)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LOAD="$ROOT/benchmarks/load"
LAUNCHER="$ROOT/server/target/customers-server"
PEER_DIR="${PEER_DIR:-$ROOT/../shared/peers/spring}"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-20}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
PAIRINGS="${PAIRINGS:-cmem cfile cpg}"
MEM_URL="${MEM_URL:-jdbc:h2:memFS:customers;DB_CLOSE_DELAY=-1;COMPRESS=TRUE}"
HOST=127.0.0.1
TOKEN="load-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
RUN="$(date +%s)"
READY_LIMIT_S=120

[[ -x "$PEER_DIR/run.sh" ]] || { echo "No peer at $PEER_DIR (set PEER_DIR)"; exit 1; }
if [[ ! -x "$LAUNCHER" || ! -f "$ROOT/server/target/customers-server.jar" ]]; then
  echo "== building customers"
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
fi
if ! command -v wrk >/dev/null; then
  echo "== installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

WORK="$(mktemp -d -t customers-compare-XXXXXX)"
SERVER_PID=""
PGBIN=""
stop_server() {  # $1: seconds to wait after SIGTERM before SIGKILL (20)
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 $(( ${1:-20} * 10 ))); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
cleanup() { stop_server; stop_postgres; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { ss -Hltn "sport = :$1" | grep -q .; }
free_port() { local p="${1:-18180}"; while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }
now_ns() { date +%s%N; }
field() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1"; }

# The throwaway PostgreSQL: Debian's server binaries (installed when missing), a cluster in $WORK/pg on
# 127.0.0.1:$PG_PORT, trust authentication, run as the postgres user when this script runs as root (initdb
# refuses root), as reliability/common.sh does. Started before the first run, so that its start is timed by no one.
as_postgres() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [[ -z "$PGBIN" || ! -x "$PGBIN/pg_ctl" ]]; then
    echo "== installing PostgreSQL (Debian package)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  PG_PORT="${PG_PORT:-$(free_port 25532)}"
  chmod 755 "$WORK"
  mkdir -p "$WORK/pg"
  [[ "$(id -u)" == 0 ]] && chown postgres "$WORK/pg"
  as_postgres "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$WORK/pg/initdb.log" 2>&1 || { cat "$WORK/pg/initdb.log"; exit 1; }
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null \
    || { cat "$WORK/pg/postgres.log"; exit 1; }
  echo "   PostgreSQL $("$PGBIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$PG_PORT," \
    "a fresh database for each run"
}
stop_postgres() {
  [[ -n "$PGBIN" && -f "$WORK/pg/data/postmaster.pid" ]] || return 0
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
}
psql_admin() {
  "$PGBIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$1" >/dev/null
}

# Launches one server in the background (SERVER_PID) in a fresh folder; $1: cmem, cfile, cpg, peer or peerpg;
# $2: port; $3: the database of cpg and peerpg.
launch() {
  local kind="$1" port="$2" database="${3:-}" dir; dir="$(mktemp -d "$WORK/$kind-XXXX")"
  case "$kind" in
    cmem|cfile|cpg)
      local url="$MEM_URL" user=""
      [[ "$kind" == cfile ]] && url="jdbc:h2:file:$dir/data/customers"
      [[ "$kind" == cpg ]] && url="jdbc:postgresql://$HOST:$PG_PORT/$database" && user=postgres
      # The README's start command, configured by the environment only.
      (cd "$dir" && exec env -u JAVA_OPTS CUSTOMERS_HOST=$HOST CUSTOMERS_PORT="$port" CUSTOMERS_DB_URL="$url" \
        ${user:+CUSTOMERS_DB_USER=$user} \
        CUSTOMERS_TOKENS="$TOKEN=users:write users:read" CUSTOMERS_RATE_LIMIT=0 "$LAUNCHER") \
        >"$dir/server.log" 2>&1 &
      ;;
    peer)
      (cd "$dir" && exec env -u JAVA_OPTS "$PEER_DIR/run.sh" "$port") >"$dir/server.log" 2>&1 &
      ;;
    peerpg)
      # Its README's way onto PostgreSQL: Spring Boot's settings from the environment.
      (cd "$dir" && exec env -u JAVA_OPTS SPRING_DATASOURCE_URL="jdbc:postgresql://$HOST:$PG_PORT/$database" \
        SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= "$PEER_DIR/run.sh" "$port") \
        >"$dir/server.log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  LOG="$dir/server.log"
}

# Waits for the readiness endpoint; prints milliseconds since $1 (ns).
wait_ready() {
  local started="$1" path="$2" port="$3"
  while (( $(now_ns) - started < READY_LIMIT_S * 1000000000 )); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "The server stopped:" >&2; tail -20 "$LOG" >&2; return 1
    fi
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$HOST:$port$path" || true)" == 200 ]]; then
      echo $(( ($(now_ns) - started) / 1000000 )); return 0
    fi
    sleep 0.01
  done
  echo "Not ready within $READY_LIMIT_S s:" >&2; tail -20 "$LOG" >&2; return 1
}

# The peer's run.sh builds it on first use: build it before anything is timed.
peer_jar="${PEER_BUILD_DIR:-${TMPDIR:-/tmp}/customers-spring-peer}/target/customers-spring.jar"
if [[ ! -f "$peer_jar" ]]; then
  echo "== building the peer (once, through its run.sh)"
  port=$(free_port); launch peer "$port"; wait_ready "$(now_ns)" /ping "$port" >/dev/null || exit 1; stop_server
fi

# The launcher's first start after a build writes its class data archive when it stops (AppCDS); later starts
# use it. Measure those, as the peer is measured after its build.
archive="$ROOT/server/target/customers-server.jsa"
if [[ ! "$archive" -nt "$ROOT/server/target/customers-server.jar" ]]; then
  echo "== first start of the launcher since the build (writes its class data archive)"
  port=$(free_port); launch cfile "$port"; wait_ready "$(now_ns)" /health "$port" >/dev/null || exit 1; stop_server 120
fi

# One run; sets FIGURES to "creates_per_s p50_ms p99_ms rss_mib ready_ms not_201 socket_errors cpu_ms_per_create"
# (not 201 and socket errors, timeouts of 5 s included, count the warm-up too). Not run in a
# subshell, so that the EXIT trap knows the server to stop.
measure() {
  local kind="$1" port token ready_path database=""; port=$(free_port)
  if [[ "$kind" == peer* ]]; then token=writer; ready_path=/ping; else token="$TOKEN"; ready_path=/health; fi
  if [[ "$kind" == cpg || "$kind" == peerpg ]]; then
    database="${kind}_$RANDOM$RANDOM"
    psql_admin "create database $database"
  fi
  local started; started=$(now_ns)
  launch "$kind" "$port" "$database"
  local ready_ms; ready_ms=$(wait_ready "$started" "$ready_path" "$port") || exit 1
  local url="http://$HOST:$port" tag="$RUN-$kind-$port-$RANDOM"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$LOAD/create.lua" "$url" -- "$token" "$tag-w" e164 \
    >"$WORK/wrk-warmup.txt" 2>&1
  local warm; warm=$(grep -E '^RESULT' "$WORK/wrk-warmup.txt") || { cat "$WORK/wrk-warmup.txt" >&2; exit 1; }
  local ticks; ticks=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$LOAD/create.lua" "$url" -- "$token" "$tag" e164 \
    >"$WORK/wrk.txt" 2>&1
  ticks=$(( $(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat") - ticks ))
  local rss_kib; rss_kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status")
  local result; result=$(grep -E '^RESULT' "$WORK/wrk.txt") || { cat "$WORK/wrk.txt" >&2; exit 1; }
  grep -hE '^FIRST_UNEXPECTED' "$WORK/wrk-warmup.txt" "$WORK/wrk.txt" | head -1 | sed 's/^/   /' >&2 || true
  stop_server
  # Not to fail the run over a backend still on its way out: the cluster goes with the work folder anyway.
  [[ -z "$database" ]] || psql_admin "drop database $database with (force)" || true
  local others=$(( $(field "$warm" unexpected) + $(field "$result" unexpected) ))
  local errors=$(( $(field "$warm" socket_errors) + $(field "$result" socket_errors) ))
  FIGURES=$(awk -v rps="$(field "$result" rps)" -v p50="$(field "$result" p50_ms)" -v p99="$(field "$result" p99_ms)" \
    -v rss="$rss_kib" -v ready="$ready_ms" -v others="$others" -v errors="$errors" -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" \
    -v n="$(field "$result" requests)" \
    'BEGIN { printf "%.0f %.2f %.2f %.0f %d %d %d %.3f\n", rps, p50, p99, rss / 1024, ready, others, errors,
             (n > 0 ? ticks * 1000 / hz / n : 0) }')
}

row() {  # name, then the eight figures of measure
  printf '   %-20s %6.0f/s  p50 %7.2f ms  p99 %7.2f ms  RSS %4d MiB  ready %6d ms  not 201: %d  errors: %d  CPU %.3f ms/create\n' \
    "$@"
}

echo "== compare ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(java -version 2>&1 | head -1)): $ROUNDS rounds," \
  "${WARMUP}s warm-up + ${DURATION}s measured each, $CONNECTIONS connections, $THREADS wrk threads"
[[ " $PAIRINGS " != *" cmem "* ]] || echo "   customers H2 memory: $MEM_URL"
[[ " $PAIRINGS " != *" cpg "* ]] || start_postgres
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RATIOS="$WORK/ratios.txt"
: >"$RATIOS"
NOT_201=0
PEER_NOT_201=0
label() {
  case "$1" in
    cmem) echo "customers H2 memory" ;; cfile) echo "customers H2 file" ;; cpg) echo "customers PostgreSQL" ;;
    peer) echo "peer (H2 memory)" ;; peerpg) echo "peer (PostgreSQL)" ;;
  esac
}
for round in $(seq 1 "$ROUNDS"); do
  mem_rps=""
  for kind in $PAIRINGS; do
    name="$(label "$kind")"
    peer_kind=peer
    [[ "$kind" == cpg ]] && peer_kind=peerpg
    echo "== round $round: $name, then the peer"
    measure "$kind"
    read -r c_rps c_p50 c_p99 c_rss c_ready c_others c_errors c_cpu <<<"$FIGURES"
    row "$name" "$c_rps" "$c_p50" "$c_p99" "$c_rss" "$c_ready" "$c_others" "$c_errors" "$c_cpu"
    [[ "$kind" == cmem ]] && mem_rps="$c_rps"
    if [[ "$kind" == cfile && -n "$mem_rps" ]]; then
      file_mem=$(awk -v a="$c_rps" -v b="$mem_rps" 'BEGIN { printf "%.2f", a / b }')
      echo "filemem $file_mem" >>"$RATIOS"
      echo "   customers H2 file / customers H2 memory of this round, creates/s: ${file_mem}x"
    fi
    measure "$peer_kind"
    read -r p_rps p_p50 p_p99 p_rss p_ready p_others p_errors p_cpu <<<"$FIGURES"
    row "$(label "$peer_kind")" "$p_rps" "$p_p50" "$p_p99" "$p_rss" "$p_ready" "$p_others" "$p_errors" "$p_cpu"
    NOT_201=$(( NOT_201 + c_others + c_errors ))
    PEER_NOT_201=$(( PEER_NOT_201 + p_others + p_errors ))
    ratios=$(awk -v a="$c_rps" -v b="$p_rps" -v c="$c_p50" -v d="$p_p50" -v e="$c_p99" -v f="$p_p99" \
      -v g="$c_rss" -v h="$p_rss" -v i="$c_ready" -v j="$p_ready" \
      'BEGIN { printf "%.2f %.2f %.2f %.2f %.2f", a / b, c / d, e / f, g / h, i / j }')
    read -r r_rps r_p50 r_p99 r_rss r_ready <<<"$ratios"
    echo "$kind $ratios" >>"$RATIOS"
    printf '   %-20s %6sx    p50 %7sx     p99 %7sx     RSS %4sx      ready %6sx\n' \
      "customers / peer" "$r_rps" "$r_p50" "$r_p99" "$r_rss" "$r_ready"
  done
done

median() {  # kind, column (2 = creates/s ... 6 = ready)
  awk -v k="$1" -v c="$2" '$1 == k { v[n++] = $c } END {
    for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    printf "%.2f", (n % 2 ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2) }' "$RATIOS"
}
verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi; }

echo "== median customers/peer ratio over $ROUNDS rounds (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
pairing() {
  case "$1" in cmem) echo "H2 memory" ;; cfile) echo "H2 file" ;; cpg) echo "PostgreSQL, both" ;; esac
}
for kind in $PAIRINGS; do
  printf '   %-17s creates/s %sx  p50 %sx  p99 %sx  RSS %sx  ready %sx\n' "$(pairing "$kind")" "$(median $kind 2)" \
    "$(median $kind 3)" "$(median $kind 4)" "$(median $kind 5)" "$(median $kind 6)"
done
if grep -q '^filemem ' "$RATIOS"; then
  m=$(median filemem 2)
  echo "   customers' H2 file / customers' H2 memory, creates/s: ${m}x"
fi
for kind in $PAIRINGS; do
  m=$(median $kind 2); echo "   $(verdict "$m >= 4") creates/s >= 4x the peer ($(pairing "$kind")): ${m}x"
done
for kind in $PAIRINGS; do
  name="$(pairing "$kind")"
  m=$(median $kind 4); echo "   $(verdict "$m <= 0.5") p99 <= 0.5x the peer's ($name): ${m}x"
  m=$(median $kind 5); echo "   $(verdict "$m <= 0.5") resident memory after the load <= 0.5x the peer's ($name): ${m}x"
  m=$(median $kind 6); echo "   $(verdict "$m <= 0.25") launch to ready <= 0.25x the peer's ($name): ${m}x"
done
echo "   $(verdict "$NOT_201 == 0") every create of customers answered 201: $NOT_201 others (errors and timeouts included)"
if (( PEER_NOT_201 > 0 )); then
  echo "   (the peer answered $PEER_NOT_201 creates with other than 201 or not at all: its figures are not all of the same work)"
fi
