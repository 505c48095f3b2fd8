#!/usr/bin/env bash
# What a running lab costs idle: CPU per container (cgroup v1 cpuacct), the engine's own processes, and per
# JVM thread name (the top ones) over a window, as docs/testing.md reports it.
# Usage: bench/idle-cost.sh PROJECT [seconds]   (PROJECT: the Compose project: gameday, gdtest, gdint, ...)
# Run it on a lab that has settled, with nothing else running.
set -euo pipefail
project=$1 window=${2:-60}
hz=$(getconf CLK_TCK)
mapfile -t ids < <(docker ps -q --no-trunc --filter "label=com.docker.compose.project=$project")
cpu_of() { cat "/sys/fs/cgroup/cpuacct/docker/$1/cpuacct.usage" 2>/dev/null || echo 0; }
proc_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
engine_pids() { pgrep -f 'dockerd|containerd' ; }
threads() { # pid -> "tid name ticks" lines
  for t in /proc/$1/task/*; do
    [ -r "$t/stat" ] || continue
    printf '%s\t%s\t%s\n' "${t##*/}" "$(cat "$t/comm" 2>/dev/null)" "$(awk '{print $14+$15}' "$t/stat" 2>/dev/null)"
  done
}
declare -A c0 e0
for id in "${ids[@]}"; do c0[$id]=$(cpu_of "$id"); done
for p in $(engine_pids); do e0[$p]=$(proc_ticks "$p"); done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for id in "${ids[@]}"; do
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  name=$(docker inspect -f '{{.Name}}' "$id"); name=${name#/}
  [ "$pid" -gt 0 ] && threads "$pid" > "$tmp/$name.t0"
done
sleep "$window"
echo "== CPU over ${window} s, % of one core"
for id in "${ids[@]}"; do
  name=$(docker inspect -f '{{.Name}}' "$id"); name=${name#/}
  c1=$(cpu_of "$id")
  printf '  %-28s %6.1f%%\n' "$name" "$(echo "($c1 - ${c0[$id]}) / ($window * 10000000)" | bc -l)"
done
total=0
for p in "${!e0[@]}"; do
  t1=$(proc_ticks "$p"); total=$(( total + t1 - ${e0[$p]} ))
done
printf '  %-28s %6.1f%%\n' "engine (dockerd, containerd*)" "$(echo "$total * 100 / ($hz * $window)" | bc -l)"
echo "== JVM threads by name, CPU % of one core (top 12 per container)"
for id in "${ids[@]}"; do
  name=$(docker inspect -f '{{.Name}}' "$id"); name=${name#/}
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  [ -f "$tmp/$name.t0" ] || continue
  threads "$pid" > "$tmp/$name.t1"
  echo "  $name"
  join -t $'\t' -j 1 <(sort "$tmp/$name.t0") <(sort "$tmp/$name.t1") \
    | awk -F'\t' -v hz="$hz" -v w="$window" '{g=$2; sub(/[-#]?[0-9]+$/,"",g); d[g]+=$5-$3}
        END {for (g in d) if (d[g]>0) printf "%.2f\t%s\n", d[g]*100/(hz*w), g}' \
    | sort -rn | head -12 | awk -F'\t' '{printf "    %-22s %6.2f%%\n", $2, $1}'
done
