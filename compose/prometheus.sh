#!/usr/bin/env bash
# Prometheus and promtool from Debian's packages, for the monitoring tests and for a lab without
# the Prometheus image. Idempotent: installs only what is missing; starts nothing.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  echo "[prometheus] installing Debian's prometheus (prometheus and promtool)" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
echo "[prometheus] ready: $(prometheus --version 2>&1 | head -n1)" >&2
