#!/usr/bin/env bash
# A browser for the browser tests: Debian's chromium and its chromium-driver (Selenium drives it
# through /usr/bin/chromedriver and downloads nothing). Idempotent: installs only what is missing.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "[browser] installing Debian's chromium and chromium-driver" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
echo "[browser] ready: $(chromium --version 2>/dev/null | head -n1), $(chromedriver --version | head -n1)" >&2
