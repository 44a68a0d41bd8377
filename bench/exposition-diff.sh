#!/usr/bin/env bash
# Benchmark/check (not a test): the /metrics of this tree against that of another revision (default
# main) on the same bench/make-fixture.py tree, run side by side:
#   1. the sorted sample lines and the HELP/TYPE lines of both, text format and OpenMetrics, must be equal
#      (only the order of families and series may differ); the families that time a sample or tell its
#      time (jailmetrics_*duration_seconds, jailmetrics_last_sample_timestamp_seconds) and build_info
#      (revision) are compared by their label sets only, and so are jail_wallclock_seconds_total and the
#      host's filesystem (both change between any two samples);
#   2. resident memory (VmRSS, RssAnon) of both services after --samples samples at --interval and
#      --scrapes scrapes, then the CPU time (utime+stime, /proc/PID/stat) each spends over --idle-seconds
#      unscraped, per sample cycle.
#
#   sudo bash bench/exposition-diff.sh [options]
#
# Options:
#   --against REV      the revision to compare with (default main), built from `git archive` in a temp dir
#   --jails N          jails in the fixture (default 1000)
#   --interval D       the services' --sampling.interval (default 2s)
#   --samples N        samples to wait for before measuring (default 15)
#   --scrapes N        scrapes of each service before measuring (default 30)
#   --idle-seconds S   how long to watch both services' CPU, unscraped (default 60)
#   --no-build         use what is built under src/JailMetrics/bin (Release) for this tree
#
# Needs the .NET 10 SDK, python3 and curl. The temp dir and both services are removed on exit.
set -euo pipefail

AGAINST=main JAILS=1000 INTERVAL=2s SAMPLES=15 SCRAPES=30 IDLE=60 BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --against) AGAINST="$2"; shift 2 ;;
        --jails) JAILS="$2"; shift 2 ;;
        --interval) INTERVAL="$2"; shift 2 ;;
        --samples) SAMPLES="$2"; shift 2 ;;
        --scrapes) SCRAPES="$2"; shift 2 ;;
        --idle-seconds) IDLE="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_begin jmexpodiff
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

build() { # dir
    dotnet build "$1/src/JailMetrics" -c Release -nologo -v q > "$WORK/build.log" 2>&1 ||
        { grep -E 'error' "$WORK/build.log" | sort -u | head -20 >&2; exit 1; }
}
REV="$(git -C "$REPO" rev-parse --short "$AGAINST")"
log "building $AGAINST ($REV) in $WORK/old"
mkdir -p "$WORK/old"
git -C "$REPO" archive "$REV" | tar -x -C "$WORK/old"
build "$WORK/old"
[ "$BUILD" = 1 ] && { log "building this tree"; build "$REPO"; }
python3 "$REPO/bench/make-fixture.py" "$WORK/fixture" --jails "$JAILS" >&2

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start() { # name dll -> sets URL_name PID_name
    local web snmp
    web=$(free_port) snmp=$(free_port)
    mkdir -p "$WORK/state-$1"
    dotnet "$2" --path.procfs "$WORK/fixture/proc" --path.sysfs "$WORK/fixture/sys" --sampling.interval "$INTERVAL" \
        --web.listen-address "127.0.0.1:$web" --snmp.listen-address "127.0.0.1:$snmp" \
        --state.directory "$WORK/state-$1" --log.level warn > "$WORK/$1.log" 2>&1 &
    PIDS+=($!)
    printf -v "PID_$1" %s $!
    printf -v "URL_$1" %s "http://127.0.0.1:$web/metrics"
}
start old "$WORK/old/src/JailMetrics/bin/Release/net10.0/jailmetrics.dll"
start new "$REPO/src/JailMetrics/bin/Release/net10.0/jailmetrics.dll"
T_START=$(date +%s)
for name in old new; do
    url_var="URL_$name" pid_var="PID_$name"
    for _ in $(seq 600); do
        kill -0 "${!pid_var}" 2>/dev/null || { log "$name exited:"; tail -20 "$WORK/$name.log" >&2; exit 1; }
        n=$(curl -sf "${!url_var}" 2>/dev/null | grep -c '^jail_info{' || true)
        [ "${n:-0}" -gt "$JAILS" ] && break
        sleep 0.2
    done
done

# Both past their first samples (rates need two), so both show the same families.
WAIT=$(( T_START + SAMPLES * ${INTERVAL%s} - $(date +%s) ))
[ "$WAIT" -gt 0 ] && { log "waiting ${WAIT}s for $SAMPLES samples"; sleep "$WAIT"; }

# ---- 1. the two expositions -----------------------------------------------------------------------
# Values that change between two samples whoever takes them: how long a sample took and when, the
# wallclock counters (time since the fixture's start times), the host's root filesystem (the real one).
TIMED='^(jailmetrics_(collector_duration|sample_duration)_seconds|jailmetrics_last_sample_timestamp_seconds|jail_wallclock_seconds_total|jail_filesystem_[a-z_]+\{name="host"\})[ {]'
normalize() { # file -> sorted lines; timed families keep their labels only, build_info not its version
    sed -E "/$TIMED/ s/\} .*$/} …/; /$TIMED/ s/^([a-z_]+) .*$/\1 …/; /^jailmetrics_build_info/ s/(version|revision)=\"[^\"]*\"/\1=…/g" "$1" | LC_ALL=C sort
}
STATUS=0
for format in text openmetrics; do
    accept=() ; [ $format = openmetrics ] && accept=(-H 'Accept: application/openmetrics-text; version=1.0.0')
    for name in old new; do
        url_var="URL_$name"
        curl -sf "${accept[@]}" "${!url_var}" -o "$WORK/$name.$format"
        normalize "$WORK/$name.$format" > "$WORK/$name.$format.sorted"
    done
    lines=$(grep -vc '^#' "$WORK/new.$format")
    if diff -u "$WORK/old.$format.sorted" "$WORK/new.$format.sorted" > "$WORK/$format.diff"; then
        printf '%-12s equal: %d sample lines, %d bytes (%s) and %d bytes (this tree)\n' "$format" "$lines" \
            "$(stat -c %s "$WORK/old.$format")" "$REV" "$(stat -c %s "$WORK/new.$format")"
    else
        STATUS=1
        printf '%-12s DIFFERENT: lines only in %s / only in this tree, by family:\n' "$format" "$REV"
        grep -E '^[-+][a-z]' "$WORK/$format.diff" | sed -E 's/^([-+][a-z_]+).*/\1/' | sort | uniq -c
        grep -E '^[-+][a-z]' "$WORK/$format.diff" | head -10
    fi
    [ "$(tail -1 "$WORK/new.$format")" = "# EOF" ] && [ $format = openmetrics ] && echo "openmetrics  ends with one '# EOF': $(grep -c '^# EOF' "$WORK/new.$format") found"
done

# ---- 2. memory and CPU after samples and scrapes ----------------------------------------------------
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
for name in old new; do
    url_var="URL_$name"
    for _ in $(seq "$SCRAPES"); do curl -sf "${!url_var}" -o /dev/null; done
done
printf '\n| | %s | this tree |\n|---|---|---|\n' "$REV"
row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
status_kb() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
row "VmRSS (MiB)" "$(status_kb "$PID_old" VmRSS)" "$(status_kb "$PID_new" VmRSS)"
row "RssAnon (MiB)" "$(status_kb "$PID_old" RssAnon)" "$(status_kb "$PID_new" RssAnon)"
C0_old=$(proc_ticks "$PID_old") C0_new=$(proc_ticks "$PID_new")
log "watching CPU for ${IDLE}s, unscraped"
sleep "$IDLE"
per_cycle_ms() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v idle="$IDLE" -v iv="${INTERVAL%s}" 'BEGIN { printf "%.0f", t / hz * 1000 / (idle / iv) }'; }
row "CPU per sample cycle, unscraped (ms)" "$(per_cycle_ms $(( $(proc_ticks "$PID_old") - C0_old )))" "$(per_cycle_ms $(( $(proc_ticks "$PID_new") - C0_new )))"
echo "(memory after ≥ $SAMPLES samples at $INTERVAL and $SCRAPES scrapes each, CPU over the next ${IDLE}s, $JAILS jails; load average $(cut -d' ' -f1-3 /proc/loadavg))"
exit $STATUS
