#!/usr/bin/env bash
# The lab in one command.
#   compose/lab.sh up      build what is missing (offline), start 3 Kafka nodes and the service
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

up() {
  "$here/images.sh"
  if [ ! -d "$root/target/quarkus-app" ] || [ -n "$(find "$root/src" "$root/pom.xml" -newer "$root/target/quarkus-app/quarkus-run.jar" -print -quit)" ]; then
    log "packaging the service"
    (cd "$root" && ./mvnw -q -B package -DskipTests)
  fi
  "$here/images.sh" --service
  log "starting the lab"
  compose up -d
  await_ready
  log "ready: Kafka on 127.0.0.1:19091-19093, the service on http://127.0.0.1:${GAMEDAY_PORT:-8080}"
}

case "${1:-up}" in
  up) up ;;
  down) compose down ;;
  reset) compose down -v ;;
  *) echo "usage: $0 [up|down|reset]" >&2; exit 2 ;;
esac
