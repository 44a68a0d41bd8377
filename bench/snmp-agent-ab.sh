#!/usr/bin/env bash
# Benchmark helper (not a test): the agent CPU per request of two builds of JailMetrics answering the
# same snmpbulkwalk of jmJailTable at 1000 jails, walks interleaved (A, B, A, B, ...) so that load from
# elsewhere on the machine hits both alike. For before/after comparisons of the agent's request path
# on a busy machine: CPU time of the agent's threads (schedstat, ns) per request (snmpInPkts), not wall.
#
#   sudo bash bench/snmp-agent-ab.sh A B [options]
#
# A, B: a jailmetrics.dll (run with dotnet) or a NativeAOT jailmetrics executable, e.g. a copy of
# src/JailMetrics/bin/Release/net10.0 made before a change and the build after it.
# Options:
#   --walks N        timed walks per agent and -Cr, alternating A, B, A, B, ... (default 40)
#   --max-reps "L"   snmpbulkwalk -Cr values (default "10 50 100")
#   --warmup N       untimed walks of each agent per -Cr first (default 20: tiered JIT)
#   --jails N        jails in the fixture (default 1000)
# Prints, per -Cr and agent, µs of agent CPU per request: the median and lower quartile of the walks
# (CPU time too grows with load from elsewhere: cache and preemption), over all walks, and the median
# of B/A over consecutive pairs; and context switches per request. Everything it creates is removed on exit.
set -euo pipefail
WALKS=40 MAX_REPS="10 50 100" WARMUP=20 JAILS=1000
[ $# -ge 2 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2; }
A="$(realpath "$1")" B="$(realpath "$2")"; shift 2
while [ $# -gt 0 ]; do
    case "$1" in
        --walks) WALKS="$2"; shift 2 ;;
        --max-reps) MAX_REPS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --jails) JAILS="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in dotnet python3 snmpbulkwalk snmpget; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }; done
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_begin jmab

python3 "$REPO/bench/make-fixture.py" "$WORK/fixture" --jails "$JAILS" >&2
mkdir -p "$WORK/nomibs"
export MIBDIRS="$WORK/nomibs" MIBS="" SNMPCONFPATH="$WORK/nomibs"
free_ports() { python3 -c 'import socket
ss = [socket.socket(socket.AF_INET, t) for t in (socket.SOCK_DGRAM, socket.SOCK_STREAM) for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in ss))'; }
read -r PORT_a PORT_b WEB_a WEB_b <<< "$(free_ports)"
start() { # name build snmp-port web-port
    local cmd=("$2"); [[ "$2" == *.dll ]] && cmd=(dotnet "$2")
    mkdir -p "$WORK/state-$1"
    "${cmd[@]}" --path.procfs "$WORK/fixture/proc" --path.sysfs "$WORK/fixture/sys" --sampling.interval 1h \
        --web.listen-address "127.0.0.1:$4" --snmp.listen-address "127.0.0.1:$3" --snmp.max-message-size 65507 \
        --state.directory "$WORK/state-$1" --log.level warn > "$WORK/$1.log" 2>&1 &
    PIDS+=($!)
    eval "PID_$1=$!"
}
start a "$A" "$PORT_a" "$WEB_a"
start b "$B" "$PORT_b" "$WEB_b"
get() { snmpget -v2c -c public -Oqv -t 1 -r 0 "127.0.0.1:$1" "$2" 2>/dev/null || true; }
for name in a b; do
    port_var="PORT_$name" pid_var="PID_$name"
    for _ in $(seq 600); do
        kill -0 "${!pid_var}" 2>/dev/null || { log "$name exited:"; tail -20 "$WORK/$name.log" >&2; exit 1; }
        count=$(get "${!port_var}" .1.3.6.1.4.1.32473.1.2.1.0)
        [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge "$JAILS" ] && break
        sleep 0.2
    done
done
log "A = $A (pid $PID_a), B = $B (pid $PID_b)"

walk() { # name r pair : one walk; appends "name r cpu-ns ctxsw requests pair" to $WORK/results
    local port_var="PORT_$1" pid_var="PID_$1" p0 p1
    p0=$(get "${!port_var}" .1.3.6.1.2.1.11.1.0)
    agent_threads "${!pid_var}" > "$WORK/t0"
    snmpbulkwalk -v2c -c public -On -Oqv -Cp -t 5 -r 0 -Cr"$2" "127.0.0.1:${!port_var}" .1.3.6.1.4.1.32473.1.2.3 > "$WORK/out"
    agent_threads "${!pid_var}" > "$WORK/t1"
    p1=$(get "${!port_var}" .1.3.6.1.2.1.11.1.0)
    echo "$1 $2 $(thread_delta "$WORK/t0" "$WORK/t1") $((p1 - p0 - 1)) $3" >> "$WORK/results"
}
: > "$WORK/results"
for r in $MAX_REPS; do
    for ((k = 0; k < WARMUP; k++)); do walk a "$r" warmup; walk b "$r" warmup; done
    for ((k = 0; k < WALKS; k++)); do walk a "$r" "$k"; walk b "$r" "$k"; done
done
echo "agent CPU µs per request (schedstat of all the agent's threads / snmpInPkts); load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK/results" <<'PY'
import sys, statistics as st
from collections import defaultdict
walks = defaultdict(dict)   # (agent, r) -> pair -> (ns, ctxsw, requests)
for line in open(sys.argv[1]):
    a, r, ns, cs, q, pair = line.split()
    if pair != "warmup": walks[(a, int(r))][int(pair)] = (int(ns), int(cs), int(q))
for r in sorted({k[1] for k in walks}):
    us = {}
    for a, label in (("a", "A"), ("b", "B")):
        w = walks[(a, r)]
        us[a] = {p: ns / 1000 / q for p, (ns, cs, q) in w.items()}
        ns, cs, q = (sum(x) for x in zip(*w.values()))
        u = sorted(us[a].values())
        print(f"-Cr{r:<4} {label}: median {st.median(u):6.2f}, lower quartile {u[len(u) // 4]:6.2f}, all walks {ns / 1000 / q:6.2f} µs/request; {cs / q:.2f} context switches/request ({len(u)} walks, {q} requests)")
    ratios = [us["b"][p] / us["a"][p] for p in us["a"] if p in us["b"]]
    print(f"-Cr{r:<4} B/A walk by walk: median {st.median(ratios):.3f} (lower quartile {sorted(ratios)[len(ratios) // 4]:.3f}, upper {sorted(ratios)[3 * len(ratios) // 4]:.3f})")
PY
