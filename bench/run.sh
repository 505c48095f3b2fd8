#!/usr/bin/env bash
# Benchmarks that print their figures. Each starts its lab itself: the test lab (compose project
# gdtest), or for load and failover a lab of their own (gdbench, the lab's 1 GiB heaps).
#   bench/run.sh faults [iterations]          fault latency, ours vs the docker CLI (default 20 each)
#   bench/run.sh verifier [messages]          record and verify a synthetic history (default 10 million)
#   bench/run.sh producer [records] [bytes]   probe producer vs Kafka's ProducerPerformance, acks=all
#   bench/run.sh security [records]           probe producer over SASL_SSL vs PLAINTEXT (a second lab)
#   bench/run.sh load [rounds] [scale]        load test, stock vs tuned: ProducerPerformance, ConsumerPerformance,
#                                             the probe; several sizes and partition counts (lab gdbench, ~20 min)
#   bench/run.sh failover [pauses] [config]   10 leader SIGKILLs and 2 s pauses, stock vs tuned lab (~35 min;
#                                             one config: stock or tuned)
#   bench/run.sh restart [kills] [overrides]  where a SIGKILLed broker's recovery goes: leader-kill and
#                                             controller-kill in turn on a fresh lab (gdbench), broken down
#                                             with the broker's log (default 6 kills, ~10 min)
#   bench/run.sh controllers [kills] [nosuite]  the active controller SIGKILLed on three combined nodes, then on
#                                             three dedicated controllers (compose/controllers.yml), default 5 kills
#                                             each, then the default suite on the latter (gdbench, ~30 min)
#   bench/run.sh pages                        the run page of a stored one-hour run in headless Chromium: navigation
#                                             start to charts drawn, median of 5 loads (no lab needed)
#   bench/run.sh soak [runs]                  runs cycling every fault type and target role on one service (gdbench,
#                                             default 50, ~30 s a run): nothing left after each, resource slopes
#   bench/run.sh kills [kills] [seed]         the service SIGKILLed at random moments of a run (gdbench, default 10,
#                                             ~45 s a kill): per kill the seed, moment, phase and time to revert
#   bench/run.sh apiload [runs] [rate] [exp]  the API at 50 req/s (open loop) during a run of broker-pause, next to
#                                             5 runs without load (gdbench, ~6 min): p50, p99, 5xx, figures in range
#   bench/run.sh registry [runs] [timeout]    each schema registry node's answers while the other is killed and
#                                             restarted (gdint, default 10 runs, ~1 min a run): the request timeout's source
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
what=${1:-}
case "$what" in
  faults) main=dev.gameday.bench.FaultLatencyBench ;;
  verifier) main=dev.gameday.bench.VerifierBench ;;
  producer) main=dev.gameday.probe.ProducerProbeBench ;;
  security) main=dev.gameday.probe.SecurityCostBench ;;
  load) main=dev.gameday.bench.LoadBench ;;
  failover) main=dev.gameday.bench.FailoverBench ;;
  restart) main=dev.gameday.bench.RestartBench ;;
  controllers) main=dev.gameday.bench.ControllersBench ;;
  soak) main=dev.gameday.bench.SoakBench ;;
  kills) main=dev.gameday.bench.KillBench ;;
  apiload) main=dev.gameday.bench.ApiLoadBench ;;
  registry) main=dev.gameday.bench.RegistryBench ;;
  pages)
    # a @QuarkusTest on runs stored as fixtures: the service in-process, Debian's Chromium (compose/browser.sh)
    compose/browser.sh
    exec ./mvnw -q -B test -Dtest=PageRenderBench -Dsurefire.failIfNoSpecifiedTests=false \
      -Dwebdriver.chrome.driver=/usr/bin/chromedriver -Dquarkus.log.level=WARN ;;
  *) echo "usage: $0 faults|verifier|producer|security|load|failover|restart|controllers|pages|soak|kills|apiload|registry [args]" >&2
     exit 2 ;;
esac
shift
if [ "$what" != verifier ]; then   # the verifier runs on a synthetic history: no lab, no images
  compose/certs.sh
  compose/images.sh $([ "$what" = registry ] && echo --integrations)
fi
if [[ " failover restart controllers soak kills apiload registry " == *" $what "* ]]; then
  ./mvnw -q -B package -DskipTests   # the benchmark runs the packaged service, as an operator does
else
  ./mvnw -q -B test-compile
fi
./mvnw -q -B exec:java -Dexec.classpathScope=test -Dexec.mainClass="$main" -Dexec.args="$*" \
  -Dexec.cleanupDaemonThreads=false -Dquarkus.log.level=WARN
