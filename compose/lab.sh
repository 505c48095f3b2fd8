#!/usr/bin/env bash
# The lab in one command.
#   compose/lab.sh                   up, then a game day (the default suite); exits with its verdict
#   compose/lab.sh up                build what is missing (offline), start 3 Kafka nodes, the service, monitoring
#   compose/lab.sh up --integrations the same, and two Kafka Connect workers and two schema registry
#                                    nodes (compose profile integrations)
#   compose/lab.sh [up] --controllers  the production topology: three dedicated KRaft controllers and
#                                    three brokers (compose/controllers.yml); with or without up and
#                                    --integrations, as above
#   compose/lab.sh gameday [SUITE] [--junit FILE]   run a suite (default: default) on a lab that is up
#   compose/lab.sh run EXPERIMENT    run one experiment on a lab that is up
#   compose/lab.sh down              stop everything, keep the data volumes
#   compose/lab.sh reset             stop everything and delete the data volumes
# Exit status: 0 PASS, 1 FAIL, 2 anything else (aborted, error, a lab that did not come up, ...), as
# bin/gameday defines it. The service's URL and credentials: GAMEDAY_URL, GAMEDAY_USER,
# GAMEDAY_PASSWORD_FILE (by default the lab's own, on GAMEDAY_PORT).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
source "$here/versions.env"
started=$(date +%s)
lab=${LAB_NAME:-gameday}
logs=$root/target/lab-logs

log() { printf '[lab] %s\n' "$*" >&2; }
# One line naming what failed and where to look, then exit status 2: never a verdict.
fail() { log "FAILED: $*"; exit 2; }

# The lab's compose files: the topology of dedicated controllers is layered on the lab's when asked
# for, and always when the lab is taken down, so that its containers and volumes go too.
compose() {
  local files=(-f "$here/docker-compose.yml")
  if [ "$controllers" = 1 ]; then files+=(-f "$here/controllers.yml"); fi
  if docker compose version >/dev/null 2>&1; then
    docker compose "${files[@]}" "$@"
  else
    docker-compose "${files[@]}" "$@"
  fi
}

# The ports the lab publishes on 127.0.0.1 (name of the variable that moves it, and its default).
ports() {
  printf '%s\n' "KAFKA_1_PORT 19091" "KAFKA_2_PORT 19092" "KAFKA_3_PORT 19093" "KAFKA_1_METRICS_PORT 19401" \
    "KAFKA_2_METRICS_PORT 19402" "KAFKA_3_METRICS_PORT 19403" "GAMEDAY_PORT 8080" "PROMETHEUS_PORT 9090"
  if [ "$controllers" = 1 ]; then
    printf '%s\n' "CONTROLLER_1_METRICS_PORT 19431" "CONTROLLER_2_METRICS_PORT 19432" "CONTROLLER_3_METRICS_PORT 19433"
  fi
  if [ "$integrations" = 1 ]; then
    printf '%s\n' "CONNECT_1_PORT 18083" "CONNECT_2_PORT 18084" "CONNECT_1_METRICS_PORT 19411" "CONNECT_2_METRICS_PORT 19412" \
      "REGISTRY_1_PORT 18990" "REGISTRY_2_PORT 18991" "REGISTRY_1_METRICS_PORT 19421" "REGISTRY_2_METRICS_PORT 19422"
  fi
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port taken by anything but this lab stops us before Compose fails half-way.
check_ports() {
  local var default port owner
  while read -r var default; do
    port=${!var:-$default}
    listening "$port" || continue
    owner=$(docker ps --filter "publish=$port" --format '{{.Names}}' | head -n1)
    [[ $owner == "$lab"-* ]] && continue
    [ "$var" = PROMETHEUS_PORT ] && host_prometheus_running && continue
    fail "port 127.0.0.1:$port ($var) is already taken${owner:+ by container $owner}; stop what uses it or set $var to a free port"
  done < <(ports)
}

await_ready() {
  local url="http://127.0.0.1:${GAMEDAY_PORT:-8080}/q/health/ready"
  log "waiting for the service to report ready at $url (up to 4 min)"
  for _ in $(seq 1 120); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    sleep 2
  done
  docker logs "$lab-service" >"$logs/service.log" 2>&1 || true
  fail "the service did not become ready within 4 min: $(curl -sS "$url" 2>&1 | tr -d '\n' | cut -c1-300); log: $logs/service.log"
}

# Prometheus and Grafana: the official images under the compose profile "monitoring" when they
# are present (or pullable: GAMEDAY_PULL=1); otherwise Debian's prometheus on this host, installed
# if missing, run against the same configuration with host addresses as targets.
monitoring() {
  if docker image inspect "${PROMETHEUS_IMAGE:-prom/prometheus:v2.42.0}" >/dev/null 2>&1 || [ "${GAMEDAY_PULL:-0}" = 1 ]; then
    integration_targets "$root/prometheus/targets/integrations" lab
    controller_targets "$root/prometheus/targets/controllers" lab
    compose --profile monitoring up -d prometheus grafana >>"$logs/compose.log" 2>&1 \
      || fail "starting Prometheus and Grafana failed; log: $logs/compose.log"
    grafana_url="http://127.0.0.1:${GRAFANA_PORT:-3000}"
  else
    "$here/prometheus.sh" || fail "Prometheus could not be installed (apt-get install prometheus)"
    host_prometheus
  fi
  await_targets
}

# The integrations' scrape targets (jobs connect and registry), in DIR: written when the lab runs the
# integrations profile, removed when it does not. Addressed as Prometheus reaches them: on 127.0.0.1
# from the host ("host"), by service name inside the lab network ("lab").
integration_targets() {
  local dir=$1 where=$2
  rm -rf "$dir"
  [ "$integrations" = 1 ] || return 0
  mkdir -p "$dir"
  if [ "$where" = host ]; then
    echo "- targets: [127.0.0.1:${CONNECT_1_METRICS_PORT:-19411}, 127.0.0.1:${CONNECT_2_METRICS_PORT:-19412}]" > "$dir/connect.yml"
    echo "- targets: [127.0.0.1:${REGISTRY_1_METRICS_PORT:-19421}, 127.0.0.1:${REGISTRY_2_METRICS_PORT:-19422}]" > "$dir/registry.yml"
  else
    echo "- targets: [connect-1:9404, connect-2:9404]" > "$dir/connect.yml"
    echo "- targets: [registry-1:9404, registry-2:9404]" > "$dir/registry.yml"
  fi
}

# The dedicated controllers' scrape targets (job kafka, node_id 101-103), in DIR: written when the lab
# runs them, removed when it does not (as the integrations' above).
controller_targets() {
  local dir=$1 where=$2 n var
  rm -rf "$dir"
  [ "$controllers" = 1 ] || return 0
  mkdir -p "$dir"
  for n in 1 2 3; do
    var="CONTROLLER_${n}_METRICS_PORT"
    if [ "$where" = host ]; then echo "- targets: [127.0.0.1:${!var:-1943$n}]"; else echo "- targets: [controller-$n:9404]"; fi
    echo "  labels: {node_id: \"10$n\", role: controller}"
  done > "$dir/kafka.yml"
}

host_prometheus_running() {
  local pid=$root/target/prometheus/pid
  [ -f "$pid" ] && kill -0 "$(cat "$pid")" 2>/dev/null
}

host_prometheus() {
  local dir=$root/target/prometheus
  mkdir -p "$dir/data" "$dir/targets"
  cp "$root/prometheus/prometheus.yml" "$dir/"
  rm -rf "$dir/rules" && cp -r "$root/prometheus/rules" "$dir/rules"
  {
    for n in 1 2 3; do
      local var="KAFKA_${n}_METRICS_PORT"
      echo "- targets: [127.0.0.1:${!var:-1940$n}]"
      echo "  labels: {node_id: \"$n\"}"
    done
  } > "$dir/targets/kafka.yml"
  echo "- targets: [127.0.0.1:${GAMEDAY_PORT:-8080}]" > "$dir/targets/gameday.yml"
  integration_targets "$dir/targets/integrations" host
  controller_targets "$dir/targets/controllers" host
  if host_prometheus_running; then
    curl -fsS -XPOST "http://127.0.0.1:${PROMETHEUS_PORT:-9090}/-/reload" >/dev/null 2>&1 || true
    return
  fi
  nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:${PROMETHEUS_PORT:-9090}" --web.enable-lifecycle >"$dir/prometheus.log" 2>&1 &
  echo $! > "$dir/pid"
}

# Prometheus answers and scrapes every target (the first scrape comes within its 10 s interval).
await_targets() {
  local url="http://127.0.0.1:${PROMETHEUS_PORT:-9090}" targets down
  for _ in $(seq 1 45); do
    if targets=$(curl -fsS "$url/api/v1/targets?state=active" 2>/dev/null); then
      down=$(grep -o '"health":"[a-z]*"' <<<"$targets" | grep -vc '"up"' || true)
      if [ "$down" = 0 ] && grep -q '"health":"up"' <<<"$targets"; then
        log "Prometheus on $url: every target up"
        return
      fi
    fi
    sleep 2
  done
  fail "Prometheus on $url did not scrape every target within 90 s ($url/targets); log: $root/target/prometheus/prometheus.log or docker logs $lab-prometheus"
}

stop_monitoring() {
  if host_prometheus_running; then kill "$(cat "$root/target/prometheus/pid")" 2>/dev/null || true; fi
  rm -f "$root/target/prometheus/pid"
}

# The client that runs and follows game days (bin/gameday), with the lab's operator unless told otherwise.
client() {
  GAMEDAY_URL=${GAMEDAY_URL:-http://127.0.0.1:${GAMEDAY_PORT:-8080}} \
  GAMEDAY_PASSWORD_FILE=${GAMEDAY_PASSWORD_FILE:-$here/secrets/api-operator.password} \
    "$root/bin/gameday" --timeout "${GAMEDAY_TIMEOUT:-90m}" --poll "${GAMEDAY_POLL:-5s}" "$@"
}

up() {
  mkdir -p "$logs"
  "$here/certs.sh"
  "$here/images.sh"
  if [ ! -d "$root/target/quarkus-app" ] || [ -n "$(find "$root/src" "$root/pom.xml" -newer "$root/target/quarkus-app/quarkus-run.jar" -print -quit)" ]; then
    log "packaging the service (log: $logs/package.log)"
    (cd "$root" && ./mvnw -B package -DskipTests >"$logs/package.log" 2>&1) || fail "packaging the service failed; log: $logs/package.log"
  fi
  "$here/images.sh" --service
  profiles=()
  if [ "$integrations" = 1 ]; then "$here/images.sh" --integrations; profiles=(--profile integrations); fi
  check_ports
  log "starting the lab$([ "$controllers" = 1 ] && echo ": three dedicated controllers and three brokers (compose/controllers.yml)")"
  # --remove-orphans: the containers of the other topology, when the lab moves between them
  compose "${profiles[@]}" up -d --remove-orphans >"$logs/compose.log" 2>&1 || fail "docker compose up failed: $(grep -iE 'error|unhealthy|failed' "$logs/compose.log" | tail -n1); log: $logs/compose.log"
  await_ready
  [ "$integrations" = 1 ] && await_integrations
  monitoring
  log "ready: Kafka (SASL_SSL) on 127.0.0.1:19091-19093, the service on http://127.0.0.1:${GAMEDAY_PORT:-8080}"
  log "API users: operator / $(cat "$here/secrets/api-operator.password"), viewer / $(cat "$here/secrets/api-viewer.password")"
}

# The integrations' containers become healthy (Connect workers list their connectors, registry
# nodes answer a lookup), or one line names the one that did not and what its log said last.
await_integrations() {
  local service name
  for service in connect-1 connect-2 registry-1 registry-2; do
    name=$lab-$service
    for _ in $(seq 1 90); do
      [ "$(docker inspect -f '{{.State.Health.Status}}' "$name" 2>/dev/null)" = healthy ] && continue 2
      [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || break
      sleep 2
    done
    docker logs "$name" >"$logs/$name.log" 2>&1 || true
    fail "$name did not become healthy within 3 min: $(grep -E -- '-start \(|ERROR|Exception' "$logs/$name.log" | tail -n1 | cut -c1-300); log: $logs/$name.log"
  done
  log "integrations: Kafka Connect on http://127.0.0.1:${CONNECT_1_PORT:-18083} and :${CONNECT_2_PORT:-18084}, schema registry on http://127.0.0.1:${REGISTRY_1_PORT:-18990} and :${REGISTRY_2_PORT:-18991}"
}

# After a game day: how long it took and where to look next.
epilogue() {
  local status=$1
  log "verdict after $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s from start (exit status $status)"
  log "look next: the runs above; Prometheus http://127.0.0.1:${PROMETHEUS_PORT:-9090}/alerts${grafana_url:+; Grafana $grafana_url}"
  log "rerun one experiment: compose/lab.sh run <experiment>; the whole suite: compose/lab.sh gameday"
}

grafana_url=
integrations=0
controllers=0
usage="usage: $0 [up] [--integrations] [--controllers] | gameday [SUITE] | run EXPERIMENT | down | reset"
command=all
case "${1:-}" in up|gameday|run|down|reset) command=$1; shift ;; esac
if [ "$command" = all ] || [ "$command" = up ]; then
  for option in "$@"; do
    case "$option" in
      --integrations) integrations=1 ;;
      --controllers) controllers=1 ;;
      *) fail "$usage" ;;
    esac
  done
fi
case "$command" in
  all) up; status=0; client suite default || status=$?; epilogue "$status"; exit "$status" ;;
  up) up ;;
  gameday) status=0; client suite "${1:-default}" "${@:2}" || status=$?; epilogue "$status"; exit "$status" ;;
  run) [ -n "${1:-}" ] || fail "usage: $0 run EXPERIMENT"; client run "$1" ;;
  down) stop_monitoring; controllers=1; compose --profile monitoring --profile integrations down --remove-orphans ;;
  reset) stop_monitoring; controllers=1; compose --profile monitoring --profile integrations down -v --remove-orphans ;;
esac
