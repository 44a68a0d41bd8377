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
