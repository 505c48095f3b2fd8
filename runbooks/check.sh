#!/usr/bin/env bash
# Runs every code block of the runbooks' "Confirm" and "Verify recovery" sections against a running
# lab, each as one bash script, and says which failed: the runbooks' read-only half, checked in one
# go. Blocks with a placeholder (<id>) are listed as skipped. Remedies change the cluster: not run.
# A block that ends in a grep that finds nothing fails too: read its output (VERBOSE=1).
#   runbooks/check.sh                  against the lab of compose/lab.sh (LAB_NAME=gameday)
#   LAB_NAME=gdtest runbooks/check.sh  against another lab (container prefix)
set -uo pipefail
cd "$(dirname "$0")/.."
lab=${LAB_NAME:-gameday}
ok=0 failed=0 skipped=0

blocks() { # blocks FILE: each Confirm/Verify code block as one line of NUL-separated text
  awk '
    /^## / { section = ($0 ~ /^## (Confirm|Verify)/) }
    /^```/ { if (inblock && section && block != "") printf "%s%c", block, 0; inblock = !inblock; block = ""; next }
    section && inblock { block = block $0 "\n" }' "$1"
}

for runbook in runbooks/*.md; do
  # a runbook of the integrations profile, on a lab without it: nothing there to check
  if grep -q '<!-- needs: integrations' "$runbook" && ! docker inspect "$lab-connect-1" >/dev/null 2>&1; then
    printf 'SKIP %s: the lab runs no integrations profile\n' "$runbook"; skipped=$((skipped + 1)); continue
  fi
  while IFS= read -r -d '' block; do
    block=${block//gameday-kafka-/$lab-kafka-}
    block=${block//gameday-service/$lab-service}
    block=${block//gameday-connect-/$lab-connect-}
    block=${block//gameday-registry-/$lab-registry-}
    block=${block//gameday_kafka-/${lab}_kafka-}
    shown=$(printf '%s' "$block" | head -1 | cut -c1-110)
    if [[ $block == *"<"[a-z]*">"* ]]; then
      printf 'SKIP %s: %s (a placeholder)\n' "$runbook" "$shown"; skipped=$((skipped + 1)); continue
    fi
    if output=$(timeout 180 bash -c "$block" 2>&1); then
      printf 'ok   %s: %s\n' "$runbook" "$shown"; ok=$((ok + 1))
    else
      printf 'FAIL %s: %s\n%s\n' "$runbook" "$shown" "$(printf '%s' "$output" | tail -5 | sed 's/^/       /')"
      failed=$((failed + 1))
    fi
    [ -n "${VERBOSE:-}" ] && printf '%s\n' "$output" | sed 's/^/       /'
  done < <(blocks "$runbook")
done
printf '\n%d blocks ran, %d failed, %d skipped (placeholders, or a profile the lab does not run)\n' $((ok + failed)) "$failed" "$skipped"
[ "$failed" -eq 0 ]
