#!/usr/bin/env bash
# CPU per 10 s sample cycle of an idle, unscraped service on a 1000-jail fixture (issue 8), optionally
# side by side with another build, so both see the same load:
#
#   bash bench/cycle-cpu.sh [--seconds S] [--warmup S] [--jails N] [--slow-interval D] [--against DIR] [--no-build]
#
#   --seconds S        how long to watch the CPU after the warm-up (default 120 = 12 cycles)
#   --warmup S         how long to let it run before (default 30: JIT tiering, the first full sample)
#   --slow-interval D  --sampling.slow-interval of this build (default: the service's, 1m)
#   --against DIR      a source tree (e.g. `git archive REV | tar -x -C DIR`) whose
#                      src/JailMetrics/bin/Release/net10.0/jailmetrics is run beside this one
#   --no-build         use what is built under src/JailMetrics/bin/Release (JIT build)
#
# CPU = utime + stime of the process (/proc/PID/stat) over the window, divided by the cycles in it.
# Prints one line per service: "NAME ms-per-cycle percent-of-one-core". Needs python3 and the .NET SDK.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_CPU=120 WARMUP=30 JAILS=1000 SLOW="" AGAINST="" BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) SECONDS_CPU="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --jails) JAILS="$2"; shift 2 ;;
        --slow-interval) SLOW="$2"; shift 2 ;;
        --against) AGAINST="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
bench_begin jmcycle
[ "$BUILD" = 1 ] && { log "building src/JailMetrics (Release)"; dotnet build "$REPO/src/JailMetrics" -c Release >/dev/null; }
log "fixture of $JAILS jails"
python3 "$REPO/bench/make-fixture.py" "$WORK/fx" --jails "$JAILS" >/dev/null

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start() { # NAME EXE [extra flags]
    local name="$1" exe="$2"; shift 2
    mkdir -p "$WORK/$name"
    "$exe" --path.procfs "$WORK/fx/proc" --path.sysfs "$WORK/fx/sys" --sampling.interval 10s \
        --web.listen-address "127.0.0.1:$(free_port)" --snmp.enabled false --state.directory "$WORK/$name" --log.level warn "$@" \
        > "$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    NAMES+=("$name")
}
NAMES=()
start this "$REPO/src/JailMetrics/bin/Release/net10.0/jailmetrics" ${SLOW:+--sampling.slow-interval "$SLOW"}
[ -n "$AGAINST" ] && start against "$AGAINST/src/JailMetrics/bin/Release/net10.0/jailmetrics"
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
log "warm-up ${WARMUP}s"; sleep "$WARMUP"
for i in "${!PIDS[@]}"; do [ -d "/proc/${PIDS[$i]}" ] || { echo "${NAMES[$i]} exited:" >&2; cat "$WORK/${NAMES[$i]}.log" >&2; exit 1; }; done
declare -a C0; for i in "${!PIDS[@]}"; do C0[$i]=$(cpu "${PIDS[$i]}"); done
log "watching ${SECONDS_CPU}s (load $(cut -d' ' -f1-3 /proc/loadavg))"; sleep "$SECONDS_CPU"
TICKS=$(getconf CLK_TCK)
for i in "${!PIDS[@]}"; do
    c1=$(cpu "${PIDS[$i]}")
    python3 -c "import sys; t=(int(sys.argv[1])-int(sys.argv[2]))/int(sys.argv[3]); s=int(sys.argv[4]); print(f'{sys.argv[5]} {t*1000/(s/10):.0f} ms/cycle {t*100/s:.2f} %')" \
        "$c1" "${C0[$i]}" "$TICKS" "$SECONDS_CPU" "${NAMES[$i]}"
done
log "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
