# Sourced by the bench scripts (not run): their temp directory, the processes they start, and undoing
# both on every exit, failure and Ctrl-C included.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_begin jmfleet          # WORK=/tmp/jmfleet.XXXXXX, traps set, T0 = now
#   some-server & PIDS+=($!)     # stopped on exit: TERM, up to 5 s, then KILL
#   bench_undo_extra() { ...; }  # optional: more to undo (a network namespace...), run before WORK goes
#
# KEEP=1 in the environment keeps WORK for a look afterwards.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PIDS=()
# The scripts' report code (python3 heredocs) imports bench/benchmarks_md.py.
export PYTHONPATH="$REPO/bench${PYTHONPATH:+:$PYTHONPATH}"

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

bench_stop_pids() {
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}

bench_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    bench_stop_pids
    if declare -F bench_undo_extra >/dev/null; then bench_undo_extra || true; fi
    if [ -n "${KEEP:-}" ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
    [ $rc -eq 0 ] || log "failed (exit $rc); everything created was removed"
    exit $rc
}

# bench_begin PREFIX: makes WORK under /tmp and arms the cleanup.
bench_begin() {
    WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    T0=$(date +%s.%N)
}

# Per thread of the agent: "tid cpu-ns context-switches", from schedstat (nanoseconds; /proc/PID/stat's
# utime + stime count 10 ms ticks, too coarse for a 60 ms walk) and status (voluntary + nonvoluntary).
agent_threads() { # pid
    local t ns rest key value cs
    for t in /proc/$1/task/[0-9]*; do
        cs=0
        { read -r ns rest < "$t/schedstat" &&
          while read -r key value; do
              case "$key" in voluntary_ctxt_switches:|nonvoluntary_ctxt_switches:) cs=$((cs + value)) ;; esac
          done < "$t/status" && echo "${t##*/} $ns $cs"; } 2>/dev/null || true   # a thread may exit meanwhile
    done
}
# "cpu-ns context-switches" between two agent_threads samples: threads in both count their difference,
# threads started meanwhile count whole (a thread that exited meanwhile loses its last slice).
thread_delta() { # before after
    awk 'NR == FNR { ns[$1] = $2; cs[$1] = $3; next } { n += $2 - ns[$1]; c += $3 - cs[$1] } END { printf "%d %d\n", n, c }' "$1" "$2"
}

# The service's two builds under source tree $1 (default: this repository): the JIT build, and the
# NativeAOT executable that packaging/publish.sh ships for Linux (profile linux-x64-aot).
jm_dll() { echo "${1:-$REPO}/src/JailMetrics/bin/Release/net10.0/jailmetrics.dll"; }
jm_aot_exe() { echo "${1:-$REPO}/src/JailMetrics/bin/Release/net10.0/linux-x64/publish/jailmetrics"; }
# bench_publish_aot LOG [SRC]: publishes the NativeAOT executable (minutes on 2 cores; needs clang).
bench_publish_aot() {
    log "publishing the NativeAOT executable (minutes)"
    dotnet publish "${2:-$REPO}/src/JailMetrics" -c Release -p:PublishProfile=linux-x64-aot -nologo -v q > "$1" 2>&1 ||
        { grep -E 'error' "$1" | sort -u | head -20 >&2; exit 1; }
}
# bench_service AOT [SRC]: SERVICE = the command that runs the service built from SRC: its NativeAOT
# executable when AOT is 1, else dotnet and its JIT build; BUILD_KIND = which, for the report.
bench_service() {
    if [ "$1" = 1 ]; then
        SERVICE=("$(jm_aot_exe "${2:-}")") BUILD_KIND="NativeAOT executable"
    else
        SERVICE=(dotnet "$(jm_dll "${2:-}")") BUILD_KIND="JIT build (dotnet jailmetrics.dll)"
    fi
}

# bench_wait_jails URL PID LOG PATTERN MIN: waits (up to 5 min) until the service PID serves at URL at
# least MIN lines matching the grep PATTERN; stops the script with LOG's tail if the service exits.
# Leaves the last count in SHOWN.
bench_wait_jails() {
    local url="$1" pid="$2" logfile="$3" pattern="$4" min="$5"
    SHOWN=0
    for _ in $(seq 600); do
        kill -0 "$pid" 2>/dev/null || { log "jailmetrics exited:"; tail -20 "$logfile" >&2; exit 1; }
        SHOWN=$(curl -sf "$url" 2>/dev/null | grep -c "$pattern" || true)
        [ "${SHOWN:-0}" -ge "$min" ] && return 0
        sleep 0.5
    done
    log "jailmetrics showed ${SHOWN:-0} of the $min jails it should"; exit 1
}
