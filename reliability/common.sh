# Sourced by the reliability scripts: builds the server jar, starts and stops PostgreSQL and the server, and cleans
# up on exit. Everything runs on 127.0.0.1, in a work folder of its own, and only processes started here are
# stopped, by their ids.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUFFIX=${BUILD_SUFFIX:--rel}
JAR=$ROOT/server/target$SUFFIX/customers-server.jar
# The server module's test classes, compiled by build_jar (-DskipTests runs no test but compiles them): helpers
# the harnesses share with the tests, such as RawHttpClient.
TEST_CLASSES=$ROOT/server/target$SUFFIX/test-classes
WORK=${WORK:-$(mktemp -d /tmp/customers-reliability.XXXXXX)}
chmod 755 "$WORK"
PORT=${PORT:-28080}
PG_PORT=${PG_PORT:-25432}
TOKEN=rel$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
SERVER_PID=
PGBIN=

log() { echo "[$(date +%T)] $*" >&2; }

# Builds the server jar and the server's test classes (skip with SKIP_BUILD=1 when they are current).
build_jar() {
  if [ "${SKIP_BUILD:-}" != 1 ]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -q -B -Dbuild.suffix="$SUFFIX" -pl server -am -DskipTests package)
  fi
  [ -f "$JAR" ] || { echo "no server jar at $JAR" >&2; exit 1; }
}

# Runs a command as the postgres user when root: initdb and postgres refuse to run as root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Debian's PostgreSQL server binaries, installed when missing.
ensure_postgres() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
    log "installing Debian's postgresql"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
}

# A cluster of our own under $WORK/pg, made on first start; listens on 127.0.0.1:$PG_PORT only.
start_postgres() {
  ensure_postgres
  if [ ! -d "$WORK/pg/data" ]; then
    mkdir -p "$WORK/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
    as_postgres "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$WORK/pg/initdb.log" 2>&1
  fi
  # (After a kill -9, pg_ctl warns that "another server might be running": the stale postmaster.pid.)
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null 2>>"$WORK/pg/pg_ctl.log"
}

stop_postgres() { # $1: fast (default) or immediate
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m "${1:-fast}" -w -t 60 stop >/dev/null
}

postgres_running() {
  [ -n "$PGBIN" ] && [ -d "$WORK/pg/data" ] && as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg/data" status >/dev/null 2>&1
}

# kill -9 of the postmaster and its backends, by the ids in postmaster.pid and their children.
kill_postgres() {
  local postmaster
  postmaster=$(head -1 "$WORK/pg/data/postmaster.pid")
  local children
  children=$(ps -o pid= --ppid "$postmaster" | tr '\n' ' ')
  kill -9 "$postmaster" $children 2>/dev/null || true
  while kill -0 "$postmaster" 2>/dev/null; do sleep 0.1; done
}

PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"

# The database of $ENGINE: sets DB_URL and DB_USER; h2 is a file in $WORK, postgres a cluster of our own, started.
open_database() {
  case "$ENGINE" in
    h2)
      DB_URL="jdbc:h2:file:$WORK/h2/customers"
      DB_USER=sa
      ;;
    postgres)
      start_postgres
      DB_URL=$PG_URL
      DB_USER=postgres
      ;;
    *)
      echo "ENGINE is h2 or postgres" >&2
      exit 2
      ;;
  esac
}

# Starts the server jar on $1 (JDBC URL) as user $2, waits for /health 200 (at most 60 s).
start_server() {
  CUSTOMERS_PORT=$PORT CUSTOMERS_HOST=127.0.0.1 CUSTOMERS_RATE_LIMIT=0 \
    CUSTOMERS_TOKENS="$TOKEN=users:read users:write" CUSTOMERS_DB_URL="$1" CUSTOMERS_DB_USER="$2" \
    java ${SERVER_JAVA_OPTS:-} -jar "$JAR" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  await_health "$SERVER_PID" "$PORT" "$WORK/server.log"
}

# Waits for /health 200 from the server $1 (process id) on port $2, at most 60 s; else shows its log $3 and exits.
await_health() {
  local waited=0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$2/health")" = 200 ]; do
    if ! kill -0 "$1" 2>/dev/null || [ $waited -ge 600 ]; then
      echo "the server did not come up; its log:" >&2
      tail -20 "$3" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

stop_server() { # SIGTERM: a graceful stop
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=
}

kill_server() { # kill -9: what a crash leaves
  kill -9 "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# Runs a single-file harness with the server jar's classes (Jackson, the JDBC drivers) on the class path.
harness() { # $1: file name in reliability/, then its arguments
  local file=$1
  shift
  java -cp "$JAR" "$ROOT/reliability/$file" "$@"
}

cleanup() {
  local status=$?
  [ -n "${LOAD_PID:-}" ] && kill "$LOAD_PID" 2>/dev/null || true
  for pid in $SERVER_PID ${NODE_PIDS:-} ${RECEIVER_PID:-}; do
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if postgres_running; then stop_postgres immediate || true; fi
  if [ "${KEEP_WORK:-}" != 1 ] && [ $status -eq 0 ]; then rm -rf "$WORK"; else log "work folder kept: $WORK"; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 124' TERM INT

# Ends the whole script after $1 seconds, whatever it is doing: every run is bounded in time. (A foreground
# command finishes first; each one here is bounded too.)
watchdog() {
  local script_pid=$$
  (
    for ((i = 0; i < $1; i++)); do
      sleep 1
      kill -0 "$script_pid" 2>/dev/null || exit 0
    done
    log "time bound of $1 s reached"
    kill -TERM "$script_pid"
  ) &
}
