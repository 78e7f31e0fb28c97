#!/usr/bin/env bash
# Builds benchmarks.jar and runs the JMH benchmarks of a create, in one run:
#   CreateCustomerInMemory   the use case with InMemoryCustomerRepository (the field rules alone, nearly)
#   CreateCustomerOnH2       the use case with JdbiCustomerRepository, H2 in memory and in a file
#   SaveOnH2                 JdbiCustomerRepository.save alone, of an already checked customer
#   PlainJdbcOnH2            the baseline: the same rows with plain JDBC batches, no validation, no pool
# and prints creates/s with the ratio of each H2 benchmark to the baseline on the same database. Every H2 file
# commit is in the file before it returns, in the baseline (WRITE_DELAY=0) as in the adapter.
# About 3 minutes with the defaults. Results go to benchmarks/results/ (ignored by git).
#
# Environment (all optional):
#   BUILD_SUFFIX  the build folder suffix (benchmarks/target$BUILD_SUFFIX/benchmarks.jar), e.g. -bench
#   JMH_OPTS      JMH options instead of the defaults below, e.g. "-f 2 -wi 5 -i 10"
# Arguments are passed to JMH after the options, e.g. a benchmark regex: ./run-jmh.sh 'OnH2'
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_SUFFIX="${BUILD_SUFFIX:-}"
JAR="$ROOT/benchmarks/target$BUILD_SUFFIX/benchmarks.jar"
# One fork, one thread; 3 s iterations: long enough for a few thousand creates each, short enough for 3 minutes.
JMH_OPTS="${JMH_OPTS:--f 1 -wi 3 -w 3s -i 5 -r 3s -t 1}"

echo "== building $JAR"
(cd "$ROOT" && ./mvnw -q -Dbuild.suffix="$BUILD_SUFFIX" -pl benchmarks -am -Dmaven.test.skip=true package)

mkdir -p "$ROOT/benchmarks/results"
CSV="$ROOT/benchmarks/results/jmh-$(date +%s).csv"
echo "== $(nproc) cores, $(java -version 2>&1 | head -1), JMH $JMH_OPTS, machine load average $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086 # JMH_OPTS is a list of options
java -jar "$JAR" $JMH_OPTS -rf csv -rff "$CSV" "$@" | grep -E '^(# (Benchmark|Parameters):|# Warmup Iteration|Iteration|Benchmark |[A-Za-z0-9]+\.[a-z]+ )'

# CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: database"
echo
echo "== creates/s (score ± error at 99.9%), and the ratio to PlainJdbcOnH2 on the same database"
tr -d '"' <"$CSV" | awk -F, '
  NR == 1 { next }
  {
    name = $1; sub(/^.*\.benchmarks\./, "", name); sub(/\.[a-z]+$/, "", name)
    db = ($8 == "" ? "-" : $8)
    score[name, db] = $5; error[name, db] = $6
    order[++n] = name SUBSEP db
  }
  END {
    for (i = 1; i <= n; i++) {
      split(order[i], key, SUBSEP)
      line = sprintf("   %-24s %-8s %10.0f ± %-8.0f", key[1], key[2], score[order[i]], error[order[i]])
      base = score["PlainJdbcOnH2", key[2]]
      if (key[1] != "PlainJdbcOnH2" && base > 0) {
        ratio = score[order[i]] / base
        line = line sprintf("  %.2f x baseline", ratio)
        if (key[1] == "CreateCustomerOnH2") {
          line = line (ratio >= 0.5 ? "  PASS" : "  MISS") " (target >= 0.5)"
        }
      }
      print line
    }
  }'
echo "   (raw results: $CSV)"
