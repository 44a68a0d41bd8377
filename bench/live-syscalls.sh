#!/usr/bin/env bash
# System calls and CPU per sample of an idle, unscraped service on the live sandboxes that are up
# (bench/sandboxes.sh up N --prefix P), issue 8:
#
#   bash bench/live-syscalls.sh [--exe PATH] [--cpu-seconds S] [--strace-seconds S] [--warmup S]
#
#   --exe PATH          the service to run (default: this tree's JIT build, src/JailMetrics/bin/Release/net10.0/jailmetrics;
#                       pass the AOT one, "$(jm_aot_exe)", to measure what ships); nothing is built
#   --cpu-seconds S     CPU window (default 60 = 6 cycles at 10 s), utime + stime from /proc/PID/stat
#   --strace-seconds S  `strace -c -f` window (default 30 = 3 samples), run after the CPU window
#   --warmup S          let it run before measuring (default 30: JIT tiering, the first full sample)
#
# The service runs with --sampling.interval 10s and --sampling.slow-interval 10m, so after the
# warm-up neither window holds a full sample: the figures are those of the samples between full
# ones. Prints CPU as ms per cycle and % of one core, then strace's summary, total calls and calls
# per sample. Needs root (to see the sandboxes) and strace.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
EXE="$REPO/src/JailMetrics/bin/Release/net10.0/jailmetrics" CPU_S=60 STRACE_S=30 WARMUP=30
while [ $# -gt 0 ]; do
    case "$1" in
        --exe) EXE="$2"; shift 2 ;;
        --cpu-seconds) CPU_S="$2"; shift 2 ;;
        --strace-seconds) STRACE_S="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -x "$EXE" ] || { echo "$EXE is not built" >&2; exit 1; }
command -v strace >/dev/null || { echo "strace is missing (apt-get install strace)" >&2; exit 1; }
bench_begin jmlive
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$EXE" --sampling.interval 10s --sampling.slow-interval 10m --web.listen-address "127.0.0.1:$PORT" --snmp.enabled false \
    --state.directory "$WORK" --log.level warn > "$WORK/service.log" 2>&1 &
PID=$!
PIDS+=("$PID")
log "service $PID ($EXE); warm-up ${WARMUP}s"
sleep "$WARMUP"
kill -0 "$PID" 2>/dev/null || { cat "$WORK/service.log" >&2; exit 1; }
cpu() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
c0=$(cpu); log "CPU window ${CPU_S}s (load $(cut -d' ' -f1-3 /proc/loadavg))"; sleep "$CPU_S"; c1=$(cpu)
python3 -c "import sys; t=(int(sys.argv[1])-int(sys.argv[2]))/int(sys.argv[3]); s=int(sys.argv[4]); print(f'cpu {t*1000/(s/10):.0f} ms/cycle {t*100/s:.2f} %')" \
    "$c1" "$c0" "$(getconf CLK_TCK)" "$CPU_S"
log "strace window ${STRACE_S}s"
timeout -s INT "$STRACE_S" strace -c -f -p "$PID" -o "$WORK/strace.txt" 2>/dev/null || true
cat "$WORK/strace.txt"
awk -v samples=$((STRACE_S / 10)) '/^100.00/ { print "syscalls " $4 " in " samples " samples: " int($4 / samples) " per sample" }' "$WORK/strace.txt"
