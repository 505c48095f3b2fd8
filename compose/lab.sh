#!/usr/bin/env bash
# The lab in one command.
#   compose/lab.sh         up, then a game day: the default suite, its verdict printed (exit 1 on FAIL)
#   compose/lab.sh up      build what is missing (offline), start 3 Kafka nodes, the service and monitoring
#   compose/lab.sh gameday run the default suite on a lab that is up
#   compose/lab.sh down    stop everything, keep the data volumes
#   compose/lab.sh reset   stop everything and delete the data volumes
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
source "$here/versions.env"

log() { printf '[lab] %s\n' "$*" >&2; }

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -f "$here/docker-compose.yml" "$@"
  else
    docker-compose -f "$here/docker-compose.yml" "$@"
  fi
}

await_ready() {
  local url="http://127.0.0.1:${GAMEDAY_PORT:-8080}/q/health/ready"
  log "waiting for the service to report ready at $url"
  for _ in $(seq 1 120); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    sleep 2
  done
  curl -sS "$url" >&2 || true
  log "the service did not become ready; see: docker logs ${LAB_NAME:-gameday}-service"
  return 1
}

api() { echo "http://127.0.0.1:${GAMEDAY_PORT:-8080}$1"; }
# the lab's operator (compose/certs.sh made it), for curl: a netrc-style config read from a pipe
auth() { printf 'user = "operator:%s"\n' "$(cat "$here/secrets/api-operator.password")"; }

# Prometheus and Grafana: the official images under the compose profile "monitoring" when they
# are present (or pullable: GAMEDAY_PULL=1); otherwise a Prometheus installed on this host, run
# against the same configuration with host addresses as targets.
monitoring() {
  if docker image inspect "${PROMETHEUS_IMAGE:-prom/prometheus:v2.42.0}" >/dev/null 2>&1 || [ "${GAMEDAY_PULL:-0}" = 1 ]; then
    compose --profile monitoring up -d prometheus grafana
    log "Prometheus on http://127.0.0.1:${PROMETHEUS_PORT:-9090}, Grafana on http://127.0.0.1:${GRAFANA_PORT:-3000}"
    return
  fi
  if ! command -v prometheus >/dev/null 2>&1; then
    log "no Prometheus image and no prometheus binary: monitoring not started (see the README, Monitoring)"
    return
  fi
  local dir=$root/target/prometheus
  mkdir -p "$dir/data" "$dir/targets"
  cp "$root/prometheus/prometheus.yml" "$dir/"
  rm -rf "$dir/rules" && cp -r "$root/prometheus/rules" "$dir/rules"
  {
    echo "- targets: [127.0.0.1:${KAFKA_1_METRICS_PORT:-19401}]"
    echo "  labels: {node_id: \"1\"}"
    echo "- targets: [127.0.0.1:${KAFKA_2_METRICS_PORT:-19402}]"
    echo "  labels: {node_id: \"2\"}"
    echo "- targets: [127.0.0.1:${KAFKA_3_METRICS_PORT:-19403}]"
    echo "  labels: {node_id: \"3\"}"
  } > "$dir/targets/kafka.yml"
  echo "- targets: [127.0.0.1:${GAMEDAY_PORT:-8080}]" > "$dir/targets/gameday.yml"
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
    log "host Prometheus already running on http://127.0.0.1:${PROMETHEUS_PORT:-9090}"
    return
  fi
  nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:${PROMETHEUS_PORT:-9090}" --web.enable-lifecycle >"$dir/prometheus.log" 2>&1 &
  echo $! > "$dir/pid"
  log "host Prometheus on http://127.0.0.1:${PROMETHEUS_PORT:-9090} (no Grafana image here: import grafana/dashboards/*.json into any Grafana 10)"
}

stop_monitoring() {
  local pid=$root/target/prometheus/pid
  if [ -f "$pid" ]; then
    kill "$(cat "$pid")" 2>/dev/null || true
    rm -f "$pid"
  fi
}

# The default game-day suite over the service's HTTP API; prints each experiment's verdict.
gameday() {
  local location id status
  location=$(curl -fsS -K <(auth) -D - -o /dev/null -X POST "$(api /api/suites/default/runs)" | tr -d '\r' | awk 'tolower($1)=="location:" {print $2}')
  [ -n "$location" ] || { log "the service refused to start the default suite"; return 1; }
  id=${location##*/}
  log "game day started: suite run $id (GET $(api /api/suite-runs/$id))"
  while :; do
    status=$(curl -fsS -K <(auth) "$(api /api/suite-runs/$id)" | sed -n 's/.*"status":"\([A-Z]*\)".*/\1/p' | head -n1)
    [ "$status" = RUNNING ] || break
    sleep 10
  done
  curl -fsS -K <(auth) "$(api /api/suite-runs/$id)" | python3 -c '
import json, sys
suite = json.load(sys.stdin)
for run in suite["runs"]:
    m = run.get("measured") or {}
    print("  %-22s %-7s unavailability %6s ms  recovery %6s ms  lost %s  %s" % (run["experiment"], run["status"],
          m.get("unavailabilityMs"), m.get("recoveryMs"), m.get("lostWrites"), "; ".join(run.get("reasons", []))))
print("game day: " + suite["status"])
' 2>/dev/null || curl -fsS -K <(auth) "$(api /api/suite-runs/$id)"
  [ "$status" = PASS ]
}

up() {
  "$here/certs.sh"
  "$here/images.sh"
  if [ ! -d "$root/target/quarkus-app" ] || [ -n "$(find "$root/src" "$root/pom.xml" -newer "$root/target/quarkus-app/quarkus-run.jar" -print -quit)" ]; then
    log "packaging the service"
    (cd "$root" && ./mvnw -q -B package -DskipTests)
  fi
  "$here/images.sh" --service
  log "starting the lab"
  compose up -d
  await_ready
  monitoring
  log "ready: Kafka (SASL_SSL) on 127.0.0.1:19091-19093, the service on http://127.0.0.1:${GAMEDAY_PORT:-8080}"
  log "API users: operator / $(cat "$here/secrets/api-operator.password"), viewer / $(cat "$here/secrets/api-viewer.password")"
}

case "${1:-all}" in
  all) up && gameday ;;
  up) up ;;
  gameday) gameday ;;
  down) stop_monitoring; compose --profile monitoring down ;;
  reset) stop_monitoring; compose --profile monitoring down -v ;;
  *) echo "usage: $0 [up|gameday|down|reset]" >&2; exit 2 ;;
esac
