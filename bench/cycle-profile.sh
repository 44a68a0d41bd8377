#!/usr/bin/env bash
# Benchmark (not a test): where one sample cycle's CPU goes in an idle, unscraped service at 1000 jails.
# Runs the built service on a bench/make-fixture.py tree at a 10 s interval (as bench/fleet.sh does), lets it
# warm up, records it with perf (call graphs, JIT frames through DOTNET_PerfMapEnabled=1) and folds the
# stacks into the parts of a cycle with bench/cycle-fold.py; also the process's CPU over the same window
# from /proc/PID/stat (utime + stime), per cycle.
#
#   sudo bash bench/cycle-profile.sh [--jails N] [--warmup S] [--seconds S] [--interval S] [--no-build]
#
# Needs root, perf, python3 and the .NET 10 SDK. Everything it makes (temp dir, fixture, the service) is
# removed on exit.
set -euo pipefail
JAILS=1000 WARMUP=60 SECONDS_=90 INTERVAL=10 BUILD=1 HZ=997
while [ $# -gt 0 ]; do
    case "$1" in
        --jails) JAILS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --seconds) SECONDS_="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "run as root (perf of a process)" >&2; exit 2; }
for tool in dotnet perf python3; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/jmcycle.XXXXXX)"
PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$PID" ]; then
        kill -TERM "$PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$PID" 2>/dev/null || true
        rm -f "/tmp/perf-$PID.map"
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$BUILD" = 1 ]; then dotnet build "$REPO/src/JailMetrics" -c Release -nologo -v q > "$WORK/build.log" 2>&1 || { grep error "$WORK/build.log" | sort -u >&2; exit 1; }; fi
DLL="$REPO/src/JailMetrics/bin/Release/net10.0/jailmetrics.dll"
[ -f "$DLL" ] || { echo "no $DLL (build first, or drop --no-build)" >&2; exit 1; }
python3 "$REPO/bench/make-fixture.py" "$WORK/fixture" --jails "$JAILS" >&2
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mkdir -p "$WORK/state"
# Perf maps for JIT frames; without W^X the JIT-ed code is not in a memfd mapping perf cannot attribute.
(cd "$REPO" && DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 exec dotnet "$DLL" \
    --path.procfs "$WORK/fixture/proc" --path.sysfs "$WORK/fixture/sys" --sampling.interval "${INTERVAL}s" \
    --web.listen-address "127.0.0.1:$(free_port)" --snmp.listen-address "127.0.0.1:$(free_port)" \
    --state.directory "$WORK/state" --log.level warn > "$WORK/jm.log" 2>&1) &
PID=$!
sleep "$WARMUP"
kill -0 "$PID" 2>/dev/null || { tail "$WORK/jm.log" >&2; exit 1; }
ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
T0=$(ticks)
perf record -F "$HZ" -g -p "$PID" -o "$WORK/perf.data" -- sleep "$SECONDS_" > /dev/null 2>&1
T1=$(ticks)
CYCLES=$(awk -v s="$SECONDS_" -v i="$INTERVAL" 'BEGIN { print s / i }')
echo "Load average $(cut -d' ' -f1-3 /proc/loadavg); $JAILS jails, ${INTERVAL} s interval, ${SECONDS_} s recorded = $CYCLES cycles."
awk -v a="$T0" -v b="$T1" -v hz="$(getconf CLK_TCK)" -v c="$CYCLES" \
    'BEGIN { printf "Process CPU (/proc/PID/stat utime + stime): %.0f ms per cycle.\n\n", (b - a) / hz / c * 1000 }'
perf script -i "$WORK/perf.data" 2>/dev/null | python3 "$REPO/bench/cycle-fold.py" --hz "$HZ" --cycles "$CYCLES"
