#!/usr/bin/env bash
# Starts a Docker engine in the background, the way compose/images.sh does when none answers, and
# waits until it answers. With --live-restore, so that restarting the engine (a test does, see
# DockerRestartIT) leaves every container running instead of stopping them all.
#   compose/dockerd.sh          start dockerd (log: /var/log/gameday-dockerd.log); fails if one answers already
set -euo pipefail

log() { printf '[dockerd] %s\n' "$*" >&2; }
die() { printf '[dockerd] ERROR: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if docker info >/dev/null 2>&1; then die "a Docker engine answers already; stop it first"; fi
command -v dockerd >/dev/null 2>&1 || die "dockerd is not installed (compose/images.sh installs Debian's docker.io)"
log "starting dockerd --live-restore in the background (log: /var/log/gameday-dockerd.log)"
as_root sh -c 'nohup dockerd --live-restore >>/var/log/gameday-dockerd.log 2>&1 &'
for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && exit 0; sleep 1; done
die "dockerd did not answer within 60 s; see /var/log/gameday-dockerd.log"
