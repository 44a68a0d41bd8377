#!/usr/bin/env bash
# Benchmark (not a test): JailMetrics watching N live Linux sandbox jails (bench/sandboxes.sh: PID, network,
# IPC, UTS and mount namespaces, a cgroup per jail, a veth each) beside node_exporter on the same host, the
# setting an operator runs (issue 8; bench/fleet.sh measures the same figures on a fixture tree):
#   1. resident memory (VmRSS) of both after warm-up scrapes, and the mean and peak of VmRSS read every
#      second over the CPU window;
#   2. the service's CPU at a 10 s sample interval with nothing scraping it, over --cpu-seconds;
#   3. system calls per sample: strace -c -f of the service over 60 s (six samples at 10 s, one of them a
#      full one with the default 1m slow interval), divided by six.
# Prints a markdown section and replaces the generated "fleet-live" section of BENCHMARKS.md.
#
#   sudo bash bench/fleet-live.sh [options]
#
# Options:
#   --jails N          live sandboxes (default 1000; ~50 ms each to create, ~15 ms to remove)
#   --cpu-seconds S    how long to watch the service's CPU at a 10 s interval (default 120)
#   --scrapes N        warm-up scrapes of each exporter before the memory figure (default 10)
#   --prefix P         the sandboxes' name prefix (default jmfleet); an existing jail of that prefix is reused
#   --jit              run the JIT build (dotnet jailmetrics.dll) instead of the NativeAOT executable
#   --no-build         use what is built/published under src/JailMetrics/bin (Release)
#   --no-write         print the section but leave BENCHMARKS.md alone
#
# Needs root, the .NET 10 SDK, clang (NativeAOT), python3, strace, curl, util-linux, iproute2 and the
# Debian package prometheus-node-exporter. The sandboxes, the two exporters and the temp directory are
# removed on exit, failure and Ctrl-C included.
set -euo pipefail

CMDLINE="bash bench/fleet-live.sh $*"
JAILS=1000 CPU_SECONDS=120 SCRAPES=10 PREFIX=jmfleet BUILD=1 WRITE=1 AOT=1
while [ $# -gt 0 ]; do
    case "$1" in
        --jails) JAILS="$2"; shift 2 ;;
        --cpu-seconds) CPU_SECONDS="$2"; shift 2 ;;
        --scrapes) SCRAPES="$2"; shift 2 ;;
        --prefix) PREFIX="$2"; shift 2 ;;
        --jit) AOT=0; shift ;;
        --no-build) BUILD=0; shift ;;
        --no-write) WRITE=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "run as root (sandboxes, strace)" >&2; exit 2; }
for tool in dotnet python3 strace curl unshare nsenter ip prometheus-node-exporter $([ "$AOT" = 1 ] && echo clang); do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install python3 strace curl util-linux iproute2 prometheus-node-exporter clang zlib1g-dev; .NET 10 SDK)" >&2; exit 2; }
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_begin jmfleetlive
SANDBOXES_UP=0
bench_undo_extra() { [ "$SANDBOXES_UP" = 1 ] && bash "$REPO/bench/sandboxes.sh" down --prefix "$PREFIX" >&2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$BUILD" = 1 ]; then
    log "building src/JailMetrics (Release)"
    dotnet build "$REPO/src/JailMetrics" -c Release -nologo -v q > "$WORK/build.log" 2>&1 ||
        { grep -E 'error' "$WORK/build.log" | sort -u | head -20 >&2; exit 1; }
    if [ "$AOT" = 1 ]; then bench_publish_aot "$WORK/publish.log"; fi
fi
bench_service "$AOT"
[ -f "${SERVICE[-1]}" ] || { log "no ${SERVICE[-1]} (build first, or drop --no-build)"; exit 1; }
REVISION="$(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src bench 2>/dev/null || echo ' + uncommitted changes')"

log "bringing up $JAILS sandboxes (prefix $PREFIX)"
SANDBOXES_UP=1
T_UP0=$(date +%s.%N)
bash "$REPO/bench/sandboxes.sh" up "$JAILS" --prefix "$PREFIX" > "$WORK/up.log" 2>&1 || { tail -20 "$WORK/up.log" >&2; exit 1; }
UP_S=$(awk -v a="$(date +%s.%N)" -v b="$T_UP0" 'BEGIN { printf "%.0f", a - b }')
PROCESSES=$(ls -d /proc/[0-9]* | wc -l)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
JM_WEB=$(free_port) JM_SNMP=$(free_port) NE_WEB=$(free_port)
mkdir -p "$WORK/state"
"${SERVICE[@]}" --sampling.interval 10s --web.listen-address "127.0.0.1:$JM_WEB" --snmp.listen-address "127.0.0.1:$JM_SNMP" \
    --state.directory "$WORK/state" --log.level warn > "$WORK/jm.log" 2>&1 &
PIDS+=($!); PID_JM=$!
prometheus-node-exporter --web.listen-address "127.0.0.1:$NE_WEB" > "$WORK/ne.log" 2>&1 &
PIDS+=($!); PID_NE=$!
JM_URL="http://127.0.0.1:$JM_WEB/metrics" NE_URL="http://127.0.0.1:$NE_WEB/metrics"
bench_wait_jails "$JM_URL" "$PID_JM" "$WORK/jm.log" "^jail_info{.*name=\"$PREFIX-" "$JAILS"
curl -sf "$NE_URL" > /dev/null || { sleep 1; curl -sf "$NE_URL" > /dev/null; } || { log "node_exporter does not answer:"; tail "$WORK/ne.log" >&2; exit 1; }
curl -sf "$JM_URL" -o "$WORK/jm.prom"; curl -sf "$NE_URL" -o "$WORK/ne.prom"
JM_SERIES=$(grep -vc '^#' "$WORK/jm.prom") NE_SERIES=$(grep -vc '^#' "$WORK/ne.prom")

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
rss_split() { awk '/^Rss(Anon|File):/ { printf "%s%.1f", (n++ ? "/" : ""), $2 / 1024 }' "/proc/$1/status"; }
proc_cpu_ns() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f\n", ($14 + $15) * 1e9 / hz }' "/proc/$1/stat"; }

log "warm-up: $SCRAPES scrapes of each"
for _ in $(seq "$SCRAPES"); do curl -sf -o /dev/null "$JM_URL"; curl -sf -o /dev/null "$NE_URL"; done
RSS_JM=$(rss_kb "$PID_JM") RSS_NE=$(rss_kb "$PID_NE") SPLIT_JM=$(rss_split "$PID_JM") SPLIT_NE=$(rss_split "$PID_NE")

log "watching the service's CPU for ${CPU_SECONDS}s (sampling every 10 s, no scrapes), VmRSS every second"
C0=$(proc_cpu_ns "$PID_JM") W0=$(date +%s.%N)
: > "$WORK/rss"
END=$(( $(date +%s) + CPU_SECONDS ))
while [ "$(date +%s)" -lt "$END" ]; do echo "$(rss_kb "$PID_JM") $(rss_kb "$PID_NE")" >> "$WORK/rss"; sleep 1; done
C1=$(proc_cpu_ns "$PID_JM") W1=$(date +%s.%N)
IDLE_CPU=$(awk -v c=$((C1 - C0)) -v a="$W0" -v b="$W1" 'BEGIN { printf "%.3f %.1f", c / 1e9 / (b - a) * 100, b - a }')
SAMPLE_DURATION=$(curl -sf "$JM_URL" | awk '/^jailmetrics_sample_duration_seconds/ { print $NF }' | head -1)
FDS=$(ls /proc/$PID_JM/fd | wc -l)

log "system calls: strace -c -f of the service over 60 s"
timeout -s INT 60 strace -f -qq -c -o "$WORK/strace-c" -p "$PID_JM" 2>/dev/null || true
SYSCALLS=$(awk '/total$/ { printf "%d", $4 / 6 }' "$WORK/strace-c")
TOP_CALLS=$(awk 'NR > 2 && $1 ~ /^[0-9.]+$/ && $NF != "total" { print $NF, $4 }' "$WORK/strace-c" \
    | sort -k2 -nr | head -8 | awk '{ printf "%s%s %d", (n++ ? ", " : ""), $1, $2 / 6 }')

export CMDLINE REVISION JAILS CPU_SECONDS SCRAPES PREFIX UP_S PROCESSES BUILD_KIND RSS_JM RSS_NE SPLIT_JM SPLIT_NE IDLE_CPU \
    SAMPLE_DURATION FDS SYSCALLS TOP_CALLS JM_SERIES NE_SERIES WRITE WORK
export NPROC="$(nproc)" KERNEL="$(uname -r)" MACHINE_CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
    NE_VERSION="$(prometheus-node-exporter --version 2>&1 | awk 'NR == 1 { print $3 }')" \
    LOAD="$(cut -d' ' -f1-3 /proc/loadavg)" DATE_UTC="$(date -u +'%Y-%m-%d %H:%M UTC')" \
    RUNTIME_S="$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN { printf "%.0f", a - b }')" BENCHMARKS="$REPO/BENCHMARKS.md"
python3 - <<'EOF'
import os, statistics as st
E = os.environ
rows = [tuple(int(x) for x in l.split()) for l in open(f"{E['WORK']}/rss") if len(l.split()) == 2]
jm_mean = st.mean(r[0] for r in rows) / 1024; ne_mean = st.mean(r[1] for r in rows) / 1024
jm_max = max(r[0] for r in rows) / 1024
rss_jm, rss_ne = int(E["RSS_JM"]) / 1024, int(E["RSS_NE"]) / 1024
idle_pct, idle_s = map(float, E["IDLE_CPU"].split())
def verdict(value, target):
    return "**met**" if value <= target else f"**missed** by {(value / target - 1) * 100:.0f} %"
section = f"""<!-- fleet-live: generated by bench/fleet-live.sh; rerun it to replace this section -->
## {E['JAILS']} live sandbox jails: memory and idle CPU beside node_exporter

Run {E['DATE_UTC']}: `{E['CMDLINE'].strip()}` (as root, from the repository root; {float(E['RUNTIME_S']):.0f} s in all,
{E['UP_S']} s of it creating the sandboxes). Load average at the end {E['LOAD']}.

| figure | JailMetrics | node_exporter | ratio | target | |
|---|---:|---:|---:|---:|---|
| VmRSS after {E['SCRAPES']} warm-up scrapes | {rss_jm:.1f} MiB (anon/file {E['SPLIT_JM']}) | {rss_ne:.1f} MiB (anon/file {E['SPLIT_NE']}) | {rss_jm / rss_ne:.2f}× | ≤ 1.5× | {verdict(rss_jm / rss_ne, 1.5)} |
| VmRSS mean over the CPU window (peak) | {jm_mean:.1f} MiB ({jm_max:.1f}) | {ne_mean:.1f} MiB | {jm_mean / ne_mean:.2f}× | ≤ 1.5× | {verdict(jm_mean / ne_mean, 1.5)} |
| CPU at a 10 s sample interval, no scrapes | {idle_pct:.2f} % of one core over {idle_s:.0f} s | — | — | ≤ 0.5 % | {verdict(idle_pct, 0.5)} |
| system calls per sample (mean of six, one full) | {int(E['SYSCALLS']):,} | — | — | — | |

* **Jails**: `bash bench/sandboxes.sh up {E['JAILS']} --prefix {E['PREFIX']}` — each the pid 1 (`sleep infinity`) of its own PID,
  network, IPC, UTS and mount namespaces, its own cgroup in every mounted hierarchy, a veth pair (jail end
  up with an address, host end up); {E['PROCESSES']} processes on the host in all. Removed at the end.
* **Service**: the {E['BUILD_KIND']} with its defaults (/proc, /sys, loopback listeners) and
  `--sampling.interval 10s`; {E['JM_SERIES']} series on /metrics, {E['FDS']} open fds at the end (kept files, see
  README), its own jailmetrics_sample_duration_seconds at the end {E['SAMPLE_DURATION'] or 'n/a'} s.
  CPU = utime + stime (/proc/PID/stat) over the window; VmRSS read every second over the same window.
* **node_exporter** {E['NE_VERSION']} with its Debian default collectors, {E['NE_SERIES']} series (it sees the
  {E['JAILS']} host ends of the veths), scraped only in the warm-up.
* **System calls**: the largest counts per sample: {E['TOP_CALLS']}.

Machine: {E['NPROC']} CPUs ({E['MACHINE_CPU']}), Linux {E['KERNEL']}. JailMetrics {E['REVISION']}.
<!-- /fleet-live -->"""
from benchmarks_md import publish  # bench/ is on PYTHONPATH (lib.sh)
publish("fleet-live", section)
EOF
