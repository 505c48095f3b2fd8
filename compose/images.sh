#!/usr/bin/env bash
# Prepares everything the lab and the tests need from Docker, on a machine with or without an
# image registry. Idempotent: what is already there is reused.
#
#   1. a Docker engine that answers (installs Debian's docker.io and starts dockerd --live-restore if none
#      does: compose/dockerd.sh; an engine that runs already is used as it is);
#   2. the base image (JRE 17, iproute2, iptables, procps): GAMEDAY_BASE_IMAGE if you name one
#      (e.g. eclipse-temurin:17-jre on a machine with a registry), otherwise built offline from a
#      Debian rootfs with debootstrap from this machine's apt mirror;
#   3. alpine:3.17, the tiny image Testcontainers runs for its start-up check (from busybox-static
#      when no such image is present; nothing is pulled);
#   4. the Kafka broker image from compose/kafka (Kafka jars from Maven Central);
#   5. with --tests, the PostgreSQL image the results-database tests run through Testcontainers, from
#      compose/postgres (Debian bookworm's PostgreSQL 15 from the apt mirror; the lab does not need it);
#   6. with --service, the gameday service image (needs target/quarkus-app, i.e. mvn package);
#   7. with --integrations, the images of the compose profile integrations: the Kafka Connect worker
#      (compose/connect: connect-runtime and MirrorMaker 2 at the lab's Kafka version), the schema
#      registry node (compose/registry: Spring Cloud Stream's schema registry server), both from Maven
#      Central, and the PostgreSQL image of 5. for the registry's database;
#   8. with --proxy, the Docker API socket proxy image of compose/socket-proxy.yml, from
#      compose/docker-proxy (Debian bookworm's HAProxy from the apt mirror);
#   9. with --tests, also Debian's haproxy on this host, for DockerProxyIT (its package, not an image).
#
# It never contacts a registry unless you name a public base image yourself.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=compose/versions.env
source "$here/versions.env"
# Named here, not in versions.env: that file is part of the broker image's source hash.
POSTGRES_IMAGE=kafka-gameday/postgres:15
CONNECT_IMAGE=${CONNECT_IMAGE:-kafka-gameday/connect:4.1.2}
REGISTRY_IMAGE=${REGISTRY_IMAGE:-kafka-gameday/registry:4.2.0}
PROXY_IMAGE=${PROXY_IMAGE:-kafka-gameday/socket-proxy:latest}

log() { printf '[images] %s\n' "$*" >&2; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }
have_image() { docker image inspect "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  if ! command -v dockerd >/dev/null 2>&1; then
    log "no Docker engine answers and none is installed: installing Debian's docker.io and docker-compose"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose >/dev/null
  fi
  if ! docker info >/dev/null 2>&1; then
    # with --live-restore: restarting this engine leaves the containers running (compose/dockerd.sh)
    "$here/dockerd.sh"
  fi
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
    log "installing docker-compose"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  fi
}

# The first mirror this machine's apt is configured with (deb822 or one-line format).
apt_mirror() {
  local m
  m=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$m" ] || m=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$m" ] || die "no apt mirror configured in /etc/apt/sources.list{,.d}; set GAMEDAY_BASE_IMAGE to a JRE 17 image instead"
  echo "$m"
}

ensure_base() {
  if [ -n "${GAMEDAY_BASE_IMAGE:-}" ]; then BASE_IMAGE=$GAMEDAY_BASE_IMAGE; return; fi
  BASE_IMAGE=$OFFLINE_BASE_IMAGE
  if have_image "$BASE_IMAGE"; then log "base image $BASE_IMAGE present"; return; fi
  command -v debootstrap >/dev/null 2>&1 || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  local mirror rootfs
  mirror=$(apt_mirror)
  rootfs=$(mktemp -d /tmp/gameday-rootfs.XXXXXX)
  log "building $BASE_IMAGE with debootstrap from $mirror (about a minute)"
  as_root debootstrap --variant=minbase \
    --include=openjdk-17-jre-headless,iproute2,iptables,procps,ca-certificates \
    bookworm "$rootfs" "$mirror" >/tmp/gameday-debootstrap.log 2>&1 \
    || die "debootstrap failed; see /tmp/gameday-debootstrap.log"
  as_root rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  as_root tar -C "$rootfs" -c . | docker import \
    -c 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    -c 'ENV LANG=C.UTF-8' \
    -c 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
  as_root rm -rf "$rootfs"
}

ensure_alpine() {
  if have_image alpine:3.17; then log "alpine:3.17 present"; return; fi
  log "making a local alpine:3.17 stand-in from busybox-static (only Testcontainers' start-up check runs it)"
  local dir
  dir=$(mktemp -d /tmp/gameday-tiny.XXXXXX)
  (cd "$dir" && apt-get download busybox-static >/dev/null 2>&1) \
    || { as_root apt-get update -qq && (cd "$dir" && apt-get download busybox-static >/dev/null); }
  dpkg-deb -x "$dir"/busybox-static_*.deb "$dir/x"
  mkdir -p "$dir/rootfs/bin" "$dir/rootfs/tmp"
  cp "$dir/x/bin/busybox" "$dir/rootfs/bin/busybox"
  for cmd in sh ls df cat echo true sleep test mkdir; do ln -s busybox "$dir/rootfs/bin/$cmd"; done
  tar -C "$dir/rootfs" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - alpine:3.17 >/dev/null
  rm -rf "$dir"
}

# A hash of the files an image is built from: a changed script rebuilds the image.
source_hash() { cat "$@" | sha256sum | cut -c1-16; }

# Whether IMAGE was built from the sources whose hash is HASH (its gameday.source label).
built_from() {
  [ "${GAMEDAY_REBUILD:-0}" != 1 ] \
    && [ "$(docker image inspect -f '{{index .Config.Labels "gameday.source"}}' "$1" 2>/dev/null || true)" = "$2" ]
}

# jar_image IMAGE DIR WHAT: the image built from compose/DIR, whose pom.xml fetches its jars from Maven
# Central into libs/ and agent/ (and builds what src/ holds, if anything). Rebuilt only when what goes
# into it besides the jars changed (the Dockerfile, the pom, bin/, config/ and src/, and the versions
# in versions.env) or the base image did.
jar_image() {
  local image=$1 dir=$root/compose/$2 what=$3 hash
  hash="$(cd "$dir" && source_hash Dockerfile pom.xml bin/* $(ls config/* 2>/dev/null) \
    $(find src -type f 2>/dev/null | sort) "$here/versions.env")-$BASE_IMAGE"
  if built_from "$image" "$hash"; then log "$what image $image present"; return; fi
  log "fetching the jars of $image from Maven Central (compose/$2/pom.xml)"
  (cd "$root" && ./mvnw -q -f "compose/$2/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
      -Djmx.exporter.version="$JMX_EXPORTER_VERSION" package) || die "could not fetch the jars of $image"
  log "building $image on $BASE_IMAGE"
  docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" --label "gameday.source=$hash" -t "$image" "$dir" \
    >/dev/null 2>"$root/target/docker-build.log" || die "building $image failed; see target/docker-build.log"
}

ensure_kafka() { jar_image "$KAFKA_IMAGE" kafka broker; }
ensure_connect() { jar_image "$CONNECT_IMAGE" connect "Kafka Connect"; }
ensure_registry() { jar_image "$REGISTRY_IMAGE" registry "schema registry"; }

ensure_postgres() {
  # PostgreSQL 15 is bookworm's: on the offline Debian base, or on Debian's own image when a public
  # base is named (a JRE image on another distribution would bring another PostgreSQL, or none)
  local base=$OFFLINE_BASE_IMAGE hash
  [ -n "${GAMEDAY_BASE_IMAGE:-}" ] && base=debian:bookworm-slim
  hash="$(cd "$root/compose/postgres" && source_hash Dockerfile postgres-start)-$base"
  if built_from "$POSTGRES_IMAGE" "$hash"; then log "PostgreSQL image $POSTGRES_IMAGE present"; return; fi
  log "building $POSTGRES_IMAGE on $base (Debian's postgresql-15 from the apt mirror)"
  docker build -q --build-arg BASE_IMAGE="$base" --label "gameday.source=$hash" -t "$POSTGRES_IMAGE" \
    "$root/compose/postgres" >/dev/null 2>"$root/target/docker-build.log" \
    || die "building $POSTGRES_IMAGE failed; see target/docker-build.log"
}

ensure_proxy() {
  local base=$OFFLINE_BASE_IMAGE hash
  [ -n "${GAMEDAY_BASE_IMAGE:-}" ] && base=debian:bookworm-slim
  hash="$(cd "$root/compose/docker-proxy" && source_hash Dockerfile haproxy.cfg)-$base"
  if built_from "$PROXY_IMAGE" "$hash"; then log "socket proxy image $PROXY_IMAGE present"; return; fi
  log "building $PROXY_IMAGE on $base (Debian's haproxy from the apt mirror)"
  docker build -q --build-arg BASE_IMAGE="$base" --label "gameday.source=$hash" -t "$PROXY_IMAGE" \
    "$root/compose/docker-proxy" >/dev/null 2>"$root/target/docker-build.log" \
    || die "building $PROXY_IMAGE failed; see target/docker-build.log"
}

# DockerProxyIT runs the socket proxy as a process of this host.
ensure_host_haproxy() {
  if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then return; fi
  log "installing Debian's haproxy (for DockerProxyIT)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null \
    || { as_root apt-get update -qq \
         && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null; } \
    || die "could not install haproxy"
  # the package's own service is not wanted: the tests start theirs
  as_root systemctl disable --now haproxy >/dev/null 2>&1 || as_root service haproxy stop >/dev/null 2>&1 || true
}

ensure_service() {
  [ -d "$root/target/quarkus-app" ] || die "target/quarkus-app is missing: run ./mvnw package -DskipTests first"
  log "building $GAMEDAY_IMAGE"
  docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -f "$root/compose/gameday/Dockerfile" \
    -t "$GAMEDAY_IMAGE" "$root" >/dev/null 2>"$root/target/docker-build.log" \
    || die "building $GAMEDAY_IMAGE failed; see target/docker-build.log"
}

mkdir -p "$root/target"
ensure_docker
ensure_base
ensure_alpine
ensure_kafka
ready="base=$BASE_IMAGE kafka=$KAFKA_IMAGE"
for option in "$@"; do
  case "$option" in
    --tests)
      ensure_postgres; ensure_host_haproxy
      ready+=" postgres=$POSTGRES_IMAGE haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)" ;;
    --service) ensure_service; ready+=" service=$GAMEDAY_IMAGE" ;;
    --integrations)
      ensure_connect; ensure_registry; ensure_postgres
      ready+=" connect=$CONNECT_IMAGE registry=$REGISTRY_IMAGE postgres=$POSTGRES_IMAGE" ;;
    --proxy) ensure_proxy; ready+=" proxy=$PROXY_IMAGE" ;;
    *) die "unknown option $option (known: --tests, --service, --integrations, --proxy)" ;;
  esac
done
log "ready: $ready"
