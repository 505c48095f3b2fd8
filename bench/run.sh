#!/usr/bin/env bash
# Benchmarks that print their figures. Each starts the test lab (compose project gdtest) itself.
#   bench/run.sh faults [iterations]          fault latency, ours vs the docker CLI (default 20 each)
#   bench/run.sh verifier [messages]          record and verify a synthetic history (default 10 million)
#   bench/run.sh producer [records] [bytes]   probe producer vs Kafka's ProducerPerformance, acks=all
#   bench/run.sh security [records]           probe producer over SASL_SSL vs PLAINTEXT (a second lab)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case "${1:-}" in
  faults) main=dev.gameday.bench.FaultLatencyBench ;;
  verifier) main=dev.gameday.bench.VerifierBench ;;
  producer) main=dev.gameday.probe.ProducerProbeBench ;;
  security) main=dev.gameday.probe.SecurityCostBench ;;
  *) echo "usage: $0 faults|verifier|producer|security [args]" >&2; exit 2 ;;
esac
shift
compose/certs.sh
compose/images.sh
./mvnw -q -B test-compile
./mvnw -q -B exec:java -Dexec.classpathScope=test -Dexec.mainClass="$main" -Dexec.args="$*" \
  -Dexec.cleanupDaemonThreads=false -Dquarkus.log.level=WARN
