#!/usr/bin/env bash
# System calls and CPU per sample of an idle, unscraped service on the live sandboxes that are up
# (bench/sandboxes.sh up N --prefix P), issue 8; optionally side by side with another build, so both
# see the same load:
#
#   bash bench/live-syscalls.sh [--exe PATH] [--against PATH] [--cpu-seconds S] [--strace-seconds S] [--warmup S]
#
#   --exe PATH          the service to run (default: this tree's JIT build, src/JailMetrics/bin/Release/net10.0/jailmetrics;
#                       pass the AOT one, src/JailMetrics/bin/Release/net10.0/linux-x64/publish/jailmetrics, to measure
#                       what ships); nothing is built
#   --against PATH      another service executable run beside it (e.g. a build of an earlier revision:
#                       `git archive REV | tar -x -C DIR`, then `dotnet build DIR/src/JailMetrics -c Release`)
#   --cpu-seconds S     CPU window (default 60 = 6 cycles at 10 s), utime + stime from /proc/PID/stat
#   --strace-seconds S  `strace -f` window (default 35: 3 whole samples), after the CPU window
#   --warmup S          let it run before measuring (default 30: JIT tiering, the first full sample)
#
# The services run with --sampling.interval 10s and --sampling.slow-interval 10m, so after the
# warm-up neither window holds a full sample: the figures are those of the samples between full
# ones. Prints per service: CPU as ms per cycle and % of one core (user and system apart), and the
# system calls per whole sample with the most frequent ones. Needs root (to see the sandboxes) and strace.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
EXE="$REPO/src/JailMetrics/bin/Release/net10.0/jailmetrics" AGAINST="" CPU_S=60 STRACE_S=35 WARMUP=30
while [ $# -gt 0 ]; do
    case "$1" in
        --exe) EXE="$2"; shift 2 ;;
        --against) AGAINST="$2"; shift 2 ;;
        --cpu-seconds) CPU_S="$2"; shift 2 ;;
        --strace-seconds) STRACE_S="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
for exe in "$EXE" ${AGAINST:+"$AGAINST"}; do [ -x "$exe" ] || { echo "$exe is not built" >&2; exit 1; }; done
command -v strace >/dev/null || { echo "strace is missing (apt-get install strace)" >&2; exit 1; }
bench_begin jmlive

NAMES=()
start() { # NAME EXE
    local name="$1" exe="$2" port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$WORK/$name"
    "$exe" --sampling.interval 10s --sampling.slow-interval 10m --web.listen-address "127.0.0.1:$port" --snmp.enabled false \
        --state.directory "$WORK/$name" --log.level warn > "$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    NAMES+=("$name")
    log "$name: pid $! ($exe)"
}
start this "$EXE"
[ -n "$AGAINST" ] && start against "$AGAINST"
log "warm-up ${WARMUP}s"; sleep "$WARMUP"
for i in "${!PIDS[@]}"; do [ -d "/proc/${PIDS[$i]}" ] || { echo "${NAMES[$i]} exited:" >&2; cat "$WORK/${NAMES[$i]}.log" >&2; exit 1; }; done

cpu() { awk '{ print $14, $15 }' "/proc/$1/stat"; }
declare -a C0; for i in "${!PIDS[@]}"; do C0[$i]=$(cpu "${PIDS[$i]}"); done
log "CPU window ${CPU_S}s (load $(cut -d' ' -f1-3 /proc/loadavg))"; sleep "$CPU_S"
for i in "${!PIDS[@]}"; do
    python3 -c "
import sys
u0, s0, u1, s1 = map(int, sys.argv[1:5]); hz = int(sys.argv[5]); secs = int(sys.argv[6]); cycles = secs / 10
t = (u1 - u0 + s1 - s0) / hz
print(f'{sys.argv[7]} cpu {t * 1000 / cycles:.0f} ms/cycle {t * 100 / secs:.2f} % (user {(u1 - u0) * 1000 / hz / cycles:.0f} ms, system {(s1 - s0) * 1000 / hz / cycles:.0f} ms per cycle)')
" ${C0[$i]} $(cpu "${PIDS[$i]}") "$(getconf CLK_TCK)" "$CPU_S" "${NAMES[$i]}"
done

log "strace window ${STRACE_S}s"
TRACERS=()
for i in "${!PIDS[@]}"; do
    timeout -s INT "$STRACE_S" strace -f -qq -p "${PIDS[$i]}" -o "$WORK/${NAMES[$i]}.strace" 2>/dev/null &
    TRACERS+=($!)
done
for t in "${TRACERS[@]}"; do wait "$t" || true; done
# Whole samples only: the calls from one sample's read of /proc/stat (once per sample, JailDiscovery)
# to the last sample's, divided by the samples between (strace attaches mid-sample, so its window's
# ends are partial samples).
for name in "${NAMES[@]}"; do
    python3 - "$WORK/$name.strace" "$name" <<'PY'
import collections, re, sys
lines = [l for l in open(sys.argv[1]) if "resumed>" not in l and not l.split(maxsplit=1)[1].startswith(("+++", "---"))]
marks = [i for i, l in enumerate(lines) if re.search(r'openat\(AT_FDCWD, "/proc/stat"', l)]
if len(marks) < 2:
    sys.exit(f"{sys.argv[2]}: fewer than two samples in the strace window; make it longer")
samples = len(marks) - 1
calls = collections.Counter(re.match(r"\d+\s+(\w+)\(", l).group(1) for l in lines[marks[0]:marks[-1]] if re.match(r"\d+\s+\w+\(", l))
total = sum(calls.values())
print(f"{sys.argv[2]} syscalls per sample: {total / samples:.0f} (over {samples} whole samples)")
print("  " + ", ".join(f"{name} {n / samples:.0f}" for name, n in calls.most_common(14)))
PY
done
log "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
