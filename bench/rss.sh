#!/usr/bin/env bash
# Benchmark (not a test): resident memory of the JailMetrics service alone, phase by phase, with the CPU
# each sample cycle costs beside it (issue 8: RSS at 1000 jails ≤ 1.5× node_exporter's). Quicker than
# bench/fleet.sh (no floor, no node_exporter): one service on a bench/make-fixture.py tree, and
#   started   VmRSS once the first sample is published (no scrape, no SNMP request yet)
#   scraped   after --scrapes /metrics scrapes
#   walked    after an snmpbulkwalk of jmJailTable (builds the SNMP view)
#   cycles    after --cycles more sample intervals with nothing asking, and the CPU (utime + stime,
#             /proc/PID/stat) those cycles cost, per cycle; then the mean (and min, max) of VmRSS read
#             every second over those cycles, the steadiest figure to compare builds or GC settings by
# VmRSS, RssAnon and RssFile (MiB) for each, and VmHWM (the peak) at the end. --smaps adds the resident
# memory of each mapping (the binary's text/rodata, libcrypto, anonymous regions ...) at the end.
# Prints a markdown table; writes nothing else.
#
#   bash bench/rss.sh [options] [-- extra service flags]
#
# Options:
#   --exe PATH        the service executable (default: the NativeAOT one that
#                     "dotnet publish src/JailMetrics -c Release -p:PublishProfile=linux-x64-aot" makes under
#                     src/JailMetrics/bin/Release/net10.0/linux-x64/publish/); --no-build is implied
#   --build           publish that NativeAOT executable first (minutes)
#   --jails N         jails in the fixture (default 1000)
#   --fixture DIR     use this fixture tree (from make-fixture.py) instead of writing one
#   --interval D      the service's --sampling.interval (default 10s, as fleet.sh)
#   --scrapes N       scrapes before the "scraped" figure (default 10)
#   --cycles N        sample intervals watched for the "cycles" figure (default 6)
#   --smaps           print the per-mapping breakdown at the end
# Environment given to this script (DOTNET_GC... knobs, say) reaches the service unchanged.
#
# Needs python3, curl and snmpbulkwalk (Debian: snmp); not root. Everything it starts or writes is
# removed on exit (KEEP=1 keeps the temp dir, as in the other bench scripts).
set -euo pipefail

JAILS=1000 INTERVAL=10s SCRAPES=10 CYCLES=6 SMAPS=0 BUILD=0 EXE="" FIXTURE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --exe) EXE="$2"; shift 2 ;;
        --build) BUILD=1; shift ;;
        --jails) JAILS="$2"; shift 2 ;;
        --fixture) FIXTURE="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --scrapes) SCRAPES="$2"; shift 2 ;;
        --cycles) CYCLES="$2"; shift 2 ;;
        --smaps) SMAPS=1; shift ;;
        --) shift; break ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
for tool in python3 curl snmpbulkwalk; do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install python3 curl snmp)" >&2; exit 2; }
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_begin jmrss

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$BUILD" = 1 ]; then
    bench_publish_aot "$WORK/publish.log"
fi
EXE="${EXE:-$(jm_aot_exe)}"
[ -x "$EXE" ] || { log "no $EXE (publish it, or pass --build or --exe)"; exit 1; }

if [ -z "$FIXTURE" ]; then
    FIXTURE="$WORK/fixture"
    log "writing a fixture with $JAILS jails"
    python3 "$REPO/bench/make-fixture.py" "$FIXTURE" --jails "$JAILS" >&2
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
udp_port() { python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
WEB=$(free_port) SNMP=$(udp_port)
mkdir -p "$WORK/state"
"$EXE" --path.procfs "$FIXTURE/proc" --path.sysfs "$FIXTURE/sys" --sampling.interval "$INTERVAL" \
    --web.listen-address "127.0.0.1:$WEB" --snmp.listen-address "127.0.0.1:$SNMP" \
    --state.directory "$WORK/state" --log.level warn "$@" > "$WORK/jm.log" 2>&1 &
PIDS+=($!); PID=$!
URL="http://127.0.0.1:$WEB/metrics"
# The first sample is published when the jail index file appears in the state directory (written once per
# sample, by the first consumer): waiting for it asks the service nothing, so "started" has no scrape or
# SNMP view in it.
for _ in $(seq 600); do
    kill -0 "$PID" 2>/dev/null || { log "jailmetrics exited:"; tail -20 "$WORK/jm.log" >&2; exit 1; }
    [ -s "$WORK/state/jail-indexes.json" ] && break
    sleep 0.2
done
[ -s "$WORK/state/jail-indexes.json" ] || { log "jailmetrics never published a sample"; exit 1; }

status_mib() { awk -v k="$2" '$1 == k ":" { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
ROWS=()
row() { ROWS+=("| $1 | $(status_mib "$PID" VmRSS) | $(status_mib "$PID" RssAnon) | $(status_mib "$PID" RssFile) | $2 |"); }

# The web server starts after the sampler's first sample; wait until it accepts connections, without scraping (a HEAD of /, any status).
for _ in $(seq 300); do curl -s -o /dev/null -I "http://127.0.0.1:$WEB/" && break; sleep 0.1; done
sleep 2 # let the first sample's garbage be collected as it would be before anyone asks
row "started (first sample published)" "CPU so far $(cpu_s "$PID") s"
for _ in $(seq "$SCRAPES"); do curl -sf -o /dev/null "$URL"; done
row "scraped ($SCRAPES × /metrics)" ""
snmpbulkwalk -v2c -c public -On -Cr50 -t 5 -r 0 "127.0.0.1:$SNMP" .1.3.6.1.4.1.32473.1.2.3 > "$WORK/walk" ||
    { log "snmpbulkwalk failed"; exit 1; }
row "walked (jmJailTable, $(wc -l < "$WORK/walk") varbinds)" ""
SECONDS_PER_CYCLE=$(python3 -c "import re,sys; m=re.fullmatch(r'(\d+)(ms|s|m)', '$INTERVAL'); print(int(m[1]) * {'ms': 0.001, 's': 1, 'm': 60}[m[2]])")
C0=$(cpu_s "$PID")
# VmRSS every second of the cycles: where one reading lands in the GC's cycle moves it by several MiB,
# the mean over whole cycles much less.
: > "$WORK/rss-series"
END=$(python3 -c "import time; print(time.time() + $SECONDS_PER_CYCLE * $CYCLES)")
while python3 -c "import sys, time; sys.exit(time.time() >= $END)"; do
    awk '$1 == "VmRSS:" { print $2 }' "/proc/$PID/status" >> "$WORK/rss-series"
    sleep 1
done
C1=$(cpu_s "$PID")
row "after $CYCLES cycles, nothing asking" "$(python3 -c "print(f'{($C1 - $C0) / $CYCLES * 1000:.0f} ms CPU per cycle')")"
ROWS+=("| mean over those cycles (VmRSS each second) | $(awk '{ s += $1; n++ } END { printf "%.1f", s / n / 1024 }' "$WORK/rss-series") | | | min $(sort -n "$WORK/rss-series" | awk 'NR == 1 { printf "%.1f", $1 / 1024 }'), max $(sort -n "$WORK/rss-series" | awk 'END { printf "%.1f", $1 / 1024 }') |")

echo "RSS of $EXE ($(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes')), $JAILS jails, interval $INTERVAL; MiB"
env | grep -E '^DOTNET_' | sed 's/^/  env /' || true
echo
echo "| phase | VmRSS | RssAnon | RssFile | |"
echo "|---|---:|---:|---:|---|"
printf '%s\n' "${ROWS[@]}"
echo "| peak (VmHWM) | $(status_mib "$PID" VmHWM) | | | threads $(awk '$1 == "Threads:" { print $2 }' "/proc/$PID/status") |"
if [ "$SMAPS" = 1 ]; then
    echo
    python3 - "$PID" <<'EOF'
import re, sys
groups = {}
key = None
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    m = re.match(r'^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \d+\s*(.*)$', line)
    if m:
        name = m.group(2).strip() or "[anonymous]"
        key = f"{name.rsplit('/', 1)[-1]} {m.group(1)}"
        groups.setdefault(key, [0, 0, 0])[2] += 1
        continue
    field, _, value = line.partition(':')
    if key and field in ("Rss", "Anonymous"):
        groups[key][0 if field == "Rss" else 1] += int(value.split()[0])
print("| mapping | resident MiB | of it anonymous | mappings |")
print("|---|---:|---:|---:|")
for k, (rss, anon, n) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
    if rss >= 128:
        print(f"| {k} | {rss / 1024:.1f} | {anon / 1024:.1f} | {n} |")
EOF
fi
