#!/usr/bin/env bash
# Hostile input: FuzzCreateIT with a new seed and 100,000 bodies on an H2 file plus 20,000 on PostgreSQL
# (embedded, from Maven Central), in a JVM of 256 MiB that holds client, server and database driver: memory that
# grew with the bodies would end the run with OutOfMemoryError. Every answer must be 201, 400, 413 or 415 with a
# JSON object and the usual headers, every 201 must read back, nothing refused may be stored.
#
#   reliability/fuzz.sh
#   SEED=1764220000 FUZZ_TRIES=100000 FUZZ_PG_TRIES=20000 THREADS=3 reliability/fuzz.sh
#
# A failure names the seed and index of its body; -Dfuzz.seed=S -Dfuzz.from=I -Dfuzz.tries=1 replays it alone.
# Bounded: 25 minutes at most. Last lines: "fuzz h2: bodies=100020 ... 5xx=0 ... PASS" and one for postgres.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SUFFIX=${BUILD_SUFFIX:--rel}
SEED=${SEED:-$(date +%s)}
OUT=$(mktemp /tmp/customers-fuzz.XXXXXX)

status=0
(cd "$ROOT" && timeout 1500 ./mvnw -q -B -Dbuild.suffix="$SUFFIX" -pl server -am verify \
  -Dit.test=FuzzCreateIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=true \
  -Dfuzz.seed="$SEED" -Dfuzz.tries="${FUZZ_TRIES:-100000}" -Dfuzz.postgres.tries="${FUZZ_PG_TRIES:-20000}" \
  -Dfuzz.threads="${THREADS:-3}" -Dfuzz.maxRetainedHeapMiB=200 -DargLine=-Xmx256m) >"$OUT" 2>&1 || status=$?
grep -E '^\s*(\[ERROR\] |Expecting|"status|"no answer|"read back|"headers|"not JSON)' "$OUT" | head -40 >&2 || true
if ! grep -E '^fuzz (h2|postgres): ' "$OUT"; then
  echo "fuzz: no verdict (build or start failed, exit $status); output in $OUT" >&2
  exit 1
fi
if [ $status -eq 0 ]; then rm -f "$OUT"; else echo "output kept in $OUT" >&2; fi
exit $status
