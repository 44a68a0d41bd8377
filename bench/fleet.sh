#!/usr/bin/env bash
# Benchmark (not a test): JailMetrics at 1000 jails (the bench/make-fixture.py tree, read through
# --path.procfs/--path.sysfs) against a C floor and against node_exporter, one run:
#   1. one sample: wall and CPU of the service's sampling in a warm process (bench/InProcess "sample"
#      mode: warm-up samples first, so .NET startup and JIT are outside the timed samples) against
#      bench/floor/sample-floor.c reading the same files once per pass (the list comes from strace of
#      one sample of the service);
#   2. /metrics: µs per series of JailMetrics' scrape vs node_exporter's own, scrapes interleaved;
#   3. resident memory (VmRSS after warm-up scrapes) of both, and the service's CPU at a 10 s sample
#      interval over --cpu-seconds.
# Prints a markdown section and replaces the generated "fleet" section of BENCHMARKS.md.
#
#   sudo bash bench/fleet.sh [options]
#
# Options:
#   --jails N          jails in the fixture (default 1000)
#   --samples N        timed samples (service) and passes (floor) (default 20; medians reported)
#   --warmup N         untimed samples in the warm process before the timed ones (default 10)
#   --scrapes N        timed scrapes of each exporter (default 50), after as many untimed ones
#   --cpu-seconds S    how long to watch the service's CPU at a 10 s interval (default 180)
#   --jit              run the service as the JIT build (dotnet jailmetrics.dll) instead of the NativeAOT
#                      executable that packaging/publish.sh ships for Linux (the default)
#   --no-build         use what is built under src/JailMetrics/bin and bench/InProcess/bin (Release), and
#                      the NativeAOT executable published under src/JailMetrics/bin/Release/net10.0/linux-x64/publish
#   --no-write         print the section but leave BENCHMARKS.md alone
#
# Needs root (strace of a process, reading other processes' /proc), the .NET 10 SDK, gcc, python3,
# strace, curl, clang (to link the NativeAOT build) and the Debian package prometheus-node-exporter.
# The one-sample figures (1.) always come from the JIT build in bench/InProcess; the service measured in
# 2. and 3. is the NativeAOT executable unless --jit (publishing it takes minutes on 2 cores).
# Everything it creates (temp dir, fixture, the two exporters) is removed on exit, including on
# failure or Ctrl-C.
set -euo pipefail

CMDLINE="bash bench/fleet.sh $*"
JAILS=1000 SAMPLES=20 WARMUP=10 SCRAPES=50 CPU_SECONDS=180 BUILD=1 WRITE=1 AOT=1
while [ $# -gt 0 ]; do
    case "$1" in
        --jails) JAILS="$2"; shift 2 ;;
        --samples) SAMPLES="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --scrapes) SCRAPES="$2"; shift 2 ;;
        --cpu-seconds) CPU_SECONDS="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --jit) AOT=0; shift ;;
        --no-write) WRITE=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "run as root (strace, /proc of other processes)" >&2; exit 2; }
for tool in dotnet gcc python3 strace curl prometheus-node-exporter $([ "$AOT" = 1 ] && echo clang); do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install gcc python3 strace curl prometheus-node-exporter clang zlib1g-dev; .NET 10 SDK)" >&2; exit 2; }
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_begin jmfleet

# ---- build ----------------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$BUILD" = 1 ]; then
    log "building src/JailMetrics and bench/InProcess (Release)"
    for project in src/JailMetrics bench/InProcess; do
        dotnet build "$REPO/$project" -c Release -nologo -v q > "$WORK/build.log" 2>&1 ||
            { grep -E 'error' "$WORK/build.log" | sort -u | head -20 >&2; exit 1; }
    done
    if [ "$AOT" = 1 ]; then bench_publish_aot "$WORK/publish.log"; fi
fi
DLL="$(jm_dll)"
TIMER="$REPO/bench/InProcess/bin/Release/net10.0/InProcess.dll"
bench_service "$AOT"
for f in "$DLL" "$TIMER" "${SERVICE[-1]}"; do [ -f "$f" ] || { log "no $f (build first, or drop --no-build)"; exit 1; }; done
gcc -O2 -Wall -Wextra -Werror -o "$WORK/sample-floor" "$REPO/bench/floor/sample-floor.c"
REVISION="$(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src bench 2>/dev/null || echo ' + uncommitted changes')"

# ---- fixture, and the files one sample reads ------------------------------------------------------
FX="$WORK/fixture"
log "writing a fixture with $JAILS jails"
python3 "$REPO/bench/make-fixture.py" "$FX" --jails "$JAILS" >&2
# two samples in the timer (1 warm-up, 1 timed) under strace: the operations of the second (steady-state)
# one, after the timer's marker, are what the floor repeats
strace -f -qq -y -e trace=openat,readlink,statfs,pread64 -o "$WORK/strace" dotnet "$TIMER" sample "$FX/proc" "$FX/sys" 1 1 > /dev/null
python3 "$REPO/bench/floor/ops-from-strace.py" "$WORK/strace" "$FX" > "$WORK/ops"
OPS=$(awk '{ n[$1]++ } END { printf "%d files read (%d failed opens included), %d directories listed, %d links read, %d statfs", n["F"], 0, n["D"], n["L"], n["S"] }' "$WORK/ops")
FAILED=$(python3 "$REPO/bench/floor/ops-from-strace.py" "$WORK/strace" "$FX" --failed)
OPS="${OPS/(0 failed/($FAILED failed}"
# system calls of one steady-state sample: a run with two samples minus a run with one (startup cancels out)
syscalls() { strace -f -qq -c -o "$WORK/strace-c" dotnet "$TIMER" sample "$FX/proc" "$FX/sys" 1 "$1" >/dev/null 2>&1; awk '/total$/ { print $4 }' "$WORK/strace-c"; }
SYSCALLS_SERVICE=$(( $(syscalls 1) - $(syscalls 0) ))

# ---- 1. one sample: floor, service, floor (interleaved so load from elsewhere hits both alike) ----------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "sampling: floor, service ($WARMUP warm-up + $SAMPLES timed samples), floor"
"$WORK/sample-floor" "$WORK/ops" $((SAMPLES / 2 + 1)) | tail -n +2 > "$WORK/floor"       # first pass warms the page cache
dotnet "$TIMER" sample "$FX/proc" "$FX/sys" "$WARMUP" "$SAMPLES" > "$WORK/service" 2> "$WORK/service.err"
# the timer's last line: "full sample every N; mean CPU of the M timed samples X µs; fds kept K"
SLOW_EVERY=$(sed -n 's/^full sample every \([0-9]*\);.*/\1/p' "$WORK/service.err")
MEAN_CPU_US=$(sed -n 's/.*mean CPU of the [0-9]* timed samples \([0-9]*\) µs.*/\1/p' "$WORK/service.err")
KEPT_FDS=$(sed -n 's/.*fds kept \([0-9]*\).*/\1/p' "$WORK/service.err")
"$WORK/sample-floor" "$WORK/ops" $((SAMPLES - SAMPLES / 2 + 1)) | tail -n +2 >> "$WORK/floor"

# ---- 2. the two exporters -------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
JM_WEB=$(free_port) JM_SNMP=$(free_port) NE_WEB=$(free_port)
mkdir -p "$WORK/state"
"${SERVICE[@]}" --path.procfs "$FX/proc" --path.sysfs "$FX/sys" --sampling.interval 10s \
    --web.listen-address "127.0.0.1:$JM_WEB" --snmp.listen-address "127.0.0.1:$JM_SNMP" \
    --state.directory "$WORK/state" --log.level warn > "$WORK/jm.log" 2>&1 &
PIDS+=($!); PID_JM=$!
prometheus-node-exporter --web.listen-address "127.0.0.1:$NE_WEB" > "$WORK/ne.log" 2>&1 &
PIDS+=($!); PID_NE=$!
JM_URL="http://127.0.0.1:$JM_WEB/metrics" NE_URL="http://127.0.0.1:$NE_WEB/metrics"
bench_wait_jails "$JM_URL" "$PID_JM" "$WORK/jm.log" "^jail_info{" $((JAILS + 1))   # the host is a jail_info too
curl -sf "$NE_URL" > /dev/null || { sleep 1; curl -sf "$NE_URL" > /dev/null; } || { log "node_exporter does not answer:"; tail "$WORK/ne.log" >&2; exit 1; }
series() { grep -vc '^#' "$1"; }
curl -sf "$JM_URL" -o "$WORK/jm.prom"; curl -sf "$NE_URL" -o "$WORK/ne.prom"
JM_SERIES=$(series "$WORK/jm.prom") NE_SERIES=$(series "$WORK/ne.prom")
JM_BYTES=$(stat -c %s "$WORK/jm.prom") NE_BYTES=$(stat -c %s "$WORK/ne.prom")
log "series: jailmetrics $JM_SERIES, node_exporter $NE_SERIES"

# CPU of a process in ns, all its threads (schedstat), and its VmRSS in kB
cpu_ns() { local t s=0 ns; for t in /proc/$1/task/[0-9]*; do read -r ns _ < "$t/schedstat" 2>/dev/null && s=$((s + ns)); done; echo $s; }
# CPU of the whole process in ns from /proc/PID/stat (utime + stime, clock ticks): unlike a sum over the
# threads it keeps the time of threads that exited meanwhile (the thread pool retires idle workers)
proc_cpu_ns() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f\n", ($14 + $15) * 1e9 / hz }' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
rss_split() { awk '/^Rss(Anon|File):/ { printf "%s%.1f", (n++ ? "/" : ""), $2 / 1024 }' "/proc/$1/status"; } # anonymous/file-backed MiB
scrape() { # url pid -> "wall-µs server-cpu-µs bytes"
    local c0 c1 out
    c0=$(cpu_ns "$2")
    out=$(curl -sf -o /dev/null -w '%{time_total} %{size_download}' "$1")
    c1=$(cpu_ns "$2")
    awk -v o="$out" -v c=$(( (c1 - c0) / 1000 )) 'BEGIN { split(o, a, " "); printf "%.0f %d %d\n", a[1] * 1e6, c, a[2] }'
}
log "scraping: $SCRAPES untimed, then $SCRAPES timed scrapes of each, interleaved"
for _ in $(seq "$SCRAPES"); do scrape "$JM_URL" "$PID_JM" >/dev/null; scrape "$NE_URL" "$PID_NE" >/dev/null; done
: > "$WORK/scrapes"
for _ in $(seq "$SCRAPES"); do
    echo "jm $(scrape "$JM_URL" "$PID_JM")" >> "$WORK/scrapes"
    echo "ne $(scrape "$NE_URL" "$PID_NE")" >> "$WORK/scrapes"
done
RSS_JM=$(rss_kb "$PID_JM") RSS_NE=$(rss_kb "$PID_NE")
SPLIT_JM=$(rss_split "$PID_JM") SPLIT_NE=$(rss_split "$PID_NE")

# ---- 3. CPU at a 10 s interval, nothing scraping ----------------------------------------------------
log "watching the service's CPU for ${CPU_SECONDS}s (sampling every 10 s, no scrapes)"
C0=$(proc_cpu_ns "$PID_JM") W0=$(date +%s.%N)
sleep "$CPU_SECONDS"
C1=$(proc_cpu_ns "$PID_JM") W1=$(date +%s.%N)
RSS_JM_AFTER=$(rss_kb "$PID_JM")
IDLE_CPU=$(awk -v c=$((C1 - C0)) -v a="$W0" -v b="$W1" 'BEGIN { printf "%.3f %.1f", c / 1e9 / (b - a) * 100, b - a }')
SAMPLE_DURATIONS=$(curl -sf "$JM_URL" | awk '/^jailmetrics_sample_duration_seconds/ { print $NF }' | head -1)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report -----------------------------------------------------------------------------------------
export CMDLINE REVISION JAILS SAMPLES WARMUP SCRAPES CPU_SECONDS LOAD_BEFORE LOAD_AFTER OPS SYSCALLS_SERVICE WRITE SLOW_EVERY MEAN_CPU_US KEPT_FDS \
    BUILD_KIND SPLIT_JM SPLIT_NE JM_SERIES NE_SERIES JM_BYTES NE_BYTES RSS_JM RSS_NE RSS_JM_AFTER IDLE_CPU SAMPLE_DURATIONS WORK
export NPROC="$(nproc)" KERNEL="$(uname -r)" DOTNET_RUNTIME="$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')" \
    MACHINE_CPU="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" GCC_VERSION="$(gcc -dumpfullversion)" \
    NE_VERSION="$(prometheus-node-exporter --version 2>&1 | awk 'NR == 1 { print $3 }')" \
    OS_NAME="$(. /etc/os-release && echo "$PRETTY_NAME")" DATE_UTC="$(date -u +'%Y-%m-%d %H:%M UTC')" \
    RUNTIME_S="$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN { printf "%.0f", a - b }')" BENCHMARKS="$REPO/BENCHMARKS.md"
python3 - <<'EOF'
import os, re, statistics as st
E = os.environ
W = E["WORK"]
def cols(path, *idx):
    rows = [l.split() for l in open(path) if l.strip()]
    return [[float(r[i]) for r in rows] for i in idx]
f_wall, f_cpu = cols(f"{W}/floor", 0, 1)
s_wall, s_cpu, s_alloc = cols(f"{W}/service", 0, 1, 2)
fw, fc, sw, sc = st.median(f_wall), st.median(f_cpu), st.median(s_wall), st.median(s_cpu)
scr = {"jm": [], "ne": []}
for l in open(f"{W}/scrapes"):
    a, wall, cpu, size = l.split()
    scr[a].append((float(wall), float(cpu), int(size)))
series = {"jm": int(E["JM_SERIES"]), "ne": int(E["NE_SERIES"])}
def per_series(a):
    w = st.median(x[0] for x in scr[a]); c = st.median(x[1] for x in scr[a])
    return w, c, w / series[a], c / series[a]
jw, jc, jws, jcs = per_series("jm")
nw, nc, nws, ncs = per_series("ne")
rss_jm, rss_ne = int(E["RSS_JM"]), int(E["RSS_NE"])
idle_pct, idle_s = map(float, E["IDLE_CPU"].split())
def verdict(ok, ratio, target, better="lower"):
    return "**met**" if ok else f"**missed** by {abs(ratio / target - 1) * 100:.0f} %"
r1 = sw / fw; r1c = sc / fc
r2 = jws / nws
r3 = rss_jm / rss_ne
lines = [
 f"| one sample of {E['JAILS']} jails, wall | {sw / 1000:.1f} ms (min {min(s_wall) / 1000:.1f}) | C floor {fw / 1000:.1f} ms (min {min(f_wall) / 1000:.1f}) | {r1:.2f}× | ≤ 1.5× | {verdict(r1 <= 1.5, r1, 1.5)} |",
 f"| one sample of {E['JAILS']} jails, CPU | {sc / 1000:.1f} ms | C floor {fc / 1000:.1f} ms | {r1c:.2f}× | ≤ 1.5× | {verdict(r1c <= 1.5, r1c, 1.5)} |",
 f"| /metrics scrape, wall per series | {jws:.3f} µs ({series['jm']} series, {jw / 1000:.1f} ms) | node_exporter {nws:.3f} µs ({series['ne']} series, {nw / 1000:.1f} ms) | {r2:.2f}× | ≤ 0.25× | {verdict(r2 <= 0.25, r2, 0.25)} |",
 f"| /metrics scrape, exporter CPU per series | {jcs:.3f} µs | node_exporter {ncs:.3f} µs | {jcs / ncs:.2f}× | — | — |",
 f"| resident memory (VmRSS) after warm-up | {rss_jm / 1024:.1f} MiB | node_exporter {rss_ne / 1024:.1f} MiB | {r3:.2f}× | ≤ 1.5× | {verdict(r3 <= 1.5, r3, 1.5)} |",
 f"| CPU at a 10 s sample interval, no scrapes | {idle_pct:.2f} % of one core over {idle_s:.0f} s | — | — | ≤ 0.5 % | {verdict(idle_pct <= 0.5, idle_pct, 0.5)} |",
]
table = "| figure | JailMetrics | reference | ratio | target | |\n|---|---:|---:|---:|---:|---|\n" + "\n".join(lines)
section = f"""<!-- fleet: generated by bench/fleet.sh; rerun it to replace this section -->
## {E['JAILS']} jails: one sample vs a C floor, /metrics and memory vs node_exporter

Run {E['DATE_UTC']}: `{E['CMDLINE'].strip()}` (as root, from the repository root; {float(E['RUNTIME_S']):.0f} s in all).
Load average {E['LOAD_BEFORE']} before the sampling figures, {E['LOAD_AFTER']} at the end.

{table}

* **One sample**: `dotnet bench/InProcess/bin/Release/net10.0/InProcess.dll sample PROC SYS {E['WARMUP']} {E['SAMPLES']}`
  builds the Linux source as the service does and takes {E['WARMUP']} untimed samples (JIT tiering, page cache)
  before {E['SAMPLES']} timed ones in the same process, so .NET startup and first-call compilation are outside
  every figure; wall = Stopwatch around `LinuxJailSource.Sample`, CPU = the whole process's (getrusage,
  all threads, GC included), medians. Allocated per sample: {st.median(s_alloc) / 1e6:.1f} MB. The source runs
  with the service's default cadence (`Sampling:SlowInterval` 1m at a 10 s interval: every {E['SLOW_EVERY']}th sample
  is a full one, the others carry addresses, statfs, hostname, root and per-process cgroup/namespaces), so the
  median is a sample between full ones; the mean CPU of the timed samples, full ones included, is
  {int(E['MEAN_CPU_US']) / 1000:.1f} ms. {E['KEPT_FDS']} files stay open between samples (stat, status, cgroup files;
  each read with one pread). The floor,
  `bench/floor/sample-floor.c` (gcc {E['GCC_VERSION']} -O2), replays the file operations of one sample of the
  service (a sample between full ones), taken with strace (`-y`, so files read through a kept fd count) and
  each done once — {E['OPS']} — with open/read/close into one
  buffer, no parsing; passes before and after the service's samples, the first (cold) pass dropped.
  One steady-state sample of the service made {E['SYSCALLS_SERVICE']} system calls (strace -c of the whole process:
  a run with a warm-up and a timed sample minus a run with the warm-up only).
* **Service**: the {E['BUILD_KIND']} (`--jit` measures the other); its GC and runtime settings are the
  project's (src/JailMetrics/JailMetrics.csproj).
* **/metrics**: both exporters on loopback, {E['SCRAPES']} untimed then {E['SCRAPES']} timed scrapes each with
  curl, interleaved; wall = curl's time_total, CPU = the exporter's threads (schedstat) across the scrape;
  medians, divided by the series on the page (lines not starting with #: {E['JM_SERIES']} for JailMetrics,
  {int(E['JM_BYTES']):,} bytes; {E['NE_SERIES']} for node_exporter {E['NE_VERSION']} with its Debian default
  collectors on this host, {int(E['NE_BYTES']):,} bytes). JailMetrics ran with `--sampling.interval 10s`, so
  a scrape may overlap a sample.
* **Memory and CPU**: VmRSS of both after the scrapes; JailMetrics' after the CPU window {int(E['RSS_JM_AFTER']) / 1024:.1f} MiB.
  Anonymous/file-backed (RssAnon/RssFile, MiB): JailMetrics {E['SPLIT_JM']}, node_exporter {E['SPLIT_NE']}.
  CPU = JailMetrics' utime + stime (/proc/PID/stat) over {idle_s:.0f} s with nothing scraping it; its own
  jailmetrics_sample_duration_seconds at the end: {E['SAMPLE_DURATIONS'] or 'n/a'} s.

Machine: {E['NPROC']} CPUs ({E['MACHINE_CPU']}), Linux {E['KERNEL']}, {E['OS_NAME']}; .NET runtime
{E['DOTNET_RUNTIME']}. JailMetrics {E['REVISION']}, Release build; fixture tree of {E['JAILS']} containers
from bench/make-fixture.py on the same disk for both.
<!-- /fleet -->"""
from benchmarks_md import publish  # bench/ is on PYTHONPATH (lib.sh)
publish("fleet", section)
EOF
