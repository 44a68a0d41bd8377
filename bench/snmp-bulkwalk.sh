#!/usr/bin/env bash
# Benchmark (not a test): snmpbulkwalk of JailMetrics' jmJailTable with 1000 jails against net-snmp's
# snmpd serving ifTable + ifXTable with 1000 interfaces, same machine, same client, one run.
# Prints a markdown table and replaces the generated section of BENCHMARKS.md.
#
#   sudo bash bench/snmp-bulkwalk.sh [options]
#
# Options:
#   --jails N          jails in the fixture and interfaces in snmpd's namespace (default 1000)
#   --reps N           timed walks per agent, client profile and max-repetitions (default 15; the median
#                      is reported, and the median of the walk-by-walk ratios)
#   --warmup S         untimed walks per agent and max-repetitions for at least S seconds first (default 2):
#                      .NET compiles the agent's hot path again in the background (tiered JIT) during its
#                      first few thousand requests, which would otherwise be charged to the timed walks
#   --max-reps "L"     the snmpbulkwalk -Cr values to try (default "10 50 100"; snmpd caps a GetBulk
#                      response at 100 varbinds by default, so values above 100 are not comparable)
#   --source worktree  build the working tree (default); "head" builds `git archive HEAD` in the temp
#                      dir instead, for when the working tree is mid-edit and does not build
#   --no-build         use the service already built: the NativeAOT executable if one has been published
#                      (src/JailMetrics/bin/Release/net10.0/linux-x64/publish), else the JIT build
#   --jit              run JailMetrics as the JIT build (dotnet jailmetrics.dll), and build only that
#   --aot              run JailMetrics as the NativeAOT executable that packaging/publish.sh ships for
#                      Linux; by default it is published with the build (needs clang, minutes on 2 cores)
#                      and used when it exists, as in bench/fleet.sh
#   --dll PATH         use this built jailmetrics.dll (implies --no-build and --jit)
#   --nice N           run both agents and the client at this nice level (default -10, 0 for none);
#                      the same for everyone, it keeps other load on the machine from dominating
#   --clients "L"      the client profiles to walk with, interleaved (default "plain lean"):
#                      plain  snmpbulkwalk -On, every line to a file (the figures of earlier runs);
#                      lean   snmpbulkwalk -On -Oqv -Cp, values only to a file: the same requests and
#                             the same decoding of every response, less printing per varbind
#   --pin MODE         CPU placement (taskset), the same for every agent (default none):
#                      none   the scheduler places everyone;
#                      split  agents on the last CPU, the client on CPU 0 (a manager on another host);
#                      same   agents and client all on the last CPU (no cross-CPU wake-ups)
#   --no-write         print the results but leave BENCHMARKS.md alone
#
# The verdict is on the lean client; the plain client's figures are printed beside it.
#
# Needs root (network namespace), the .NET 10 SDK, python3, iproute2, and the Debian packages snmp and
# snmpd. strace is optional (datagram sizes). Everything it creates (temp dir, fixture, network
# namespace and its interfaces, the two agents) is removed on exit, including on failure or Ctrl-C.
set -euo pipefail

CMDLINE="bash bench/snmp-bulkwalk.sh $*"
JAILS=1000
REPS=15
WARMUP=2
MAX_REPS="10 50 100"
SOURCE=worktree
BUILD=1
WRITE=1
NICE=-10
DLL_ARG=""
AOT=auto
CLIENTS="plain lean"
PIN=none
while [ $# -gt 0 ]; do
    case "$1" in
        --jails) JAILS="$2"; shift 2 ;;
        --reps) REPS="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --max-reps) MAX_REPS="$2"; shift 2 ;;
        --source) SOURCE="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --dll) DLL_ARG="$(realpath "$2")"; BUILD=0; AOT=0; shift 2 ;;
        --jit) AOT=0; shift ;;
        --aot) AOT=1; shift ;;
        --no-write) WRITE=0; shift ;;
        --nice) NICE="$2"; shift 2 ;;
        --clients) CLIENTS="$2"; shift 2 ;;
        --pin) PIN="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$SOURCE" in worktree|head) ;; *) echo "--source must be worktree or head" >&2; exit 2 ;; esac
case "$PIN" in none|split|same) ;; *) echo "--pin must be none, split or same" >&2; exit 2 ;; esac
for c in $CLIENTS; do case "$c" in plain|lean) ;; *) echo "--clients takes plain and/or lean, not $c" >&2; exit 2 ;; esac; done
[ -n "$CLIENTS" ] || { echo "--clients needs at least one profile" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "run as root: the benchmark needs a network namespace" >&2; exit 2; }
for tool in dotnet gcc python3 ip snmpd snmpbulkwalk snmpget git taskset; do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install snmp snmpd iproute2 gcc python3 git util-linux; .NET 10 SDK for dotnet)" >&2; exit 2; }
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NS="jmbench-$$"
NS_CREATED=0
# deleting the namespace destroys the virtual interfaces in it
bench_undo_extra() { if [ "$NS_CREATED" = 1 ]; then ip netns del "$NS" 2>/dev/null || true; fi; }
bench_begin jmbench
# The client's own clock of each walk, first request to last response (bench/walkclock/walkclock.c)
gcc -O2 -Wall -Wextra -Werror -shared -fPIC -o "$WORK/walkclock.so" "$REPO/bench/walkclock/walkclock.c" -ldl
export WALKCLOCK="$WORK/walkclock.so"

# ---- 1. build -----------------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "$SOURCE" = head ] && [ -z "$DLL_ARG" ]; then
    SRC="$WORK/src"
    mkdir -p "$SRC"
    git -C "$REPO" archive HEAD | tar -x -C "$SRC"
    REVISION="$(git -C "$REPO" rev-parse --short HEAD) (git archive HEAD)"
else
    SRC="$REPO"
    REVISION="$(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes under src/')"
fi
DLL="${DLL_ARG:-$(jm_dll "$SRC")}"
[ -z "$DLL_ARG" ] || REVISION="prebuilt $DLL_ARG"
if [ "$AOT" = auto ] && [ "$BUILD" = 1 ] && ! command -v clang >/dev/null; then
    log "no clang to link the NativeAOT executable: measuring the JIT build (apt-get install clang zlib1g-dev)"
    AOT=0
fi
if [ "$BUILD" = 1 ]; then
    log "building $SRC/src/JailMetrics (Release)"
    if ! dotnet build "$SRC/src/JailMetrics" -c Release -nologo -v q > "$WORK/build.log" 2>&1; then
        grep -E 'error' "$WORK/build.log" | sort -u | head -20 >&2
        log "build failed; if the working tree is mid-edit, try --source head"
        exit 1
    fi
fi
[ -f "$DLL" ] || { log "no $DLL (build first, or drop --no-build)"; exit 1; }
if [ "$BUILD" = 1 ] && [ "$AOT" != 0 ]; then bench_publish_aot "$WORK/publish.log" "$SRC"; fi
if [ "$AOT" = auto ]; then
    if [ -x "$(jm_aot_exe "$SRC")" ]; then AOT=1; else AOT=0; log "no NativeAOT executable published: measuring the JIT build"; fi
fi
bench_service "$AOT" "$SRC"
[ -z "$DLL_ARG" ] || SERVICE=(dotnet "$DLL_ARG")
[ -f "${SERVICE[-1]}" ] || { log "no ${SERVICE[-1]} (publish it, or drop --no-build, or pass --jit)"; exit 1; }
if [ "$AOT" = 1 ] && [ "${SERVICE[0]}" -ot "$DLL" ]; then
    log "note: ${SERVICE[0]} is older than $DLL; publish again if the source changed since"
fi
log "JailMetrics: the $BUILD_KIND"

# ---- 2. fixture ---------------------------------------------------------------------------------
log "writing a fixture with $JAILS jails"
python3 "$REPO/bench/make-fixture.py" "$WORK/fixture" --jails "$JAILS" >&2

# ---- 3. the namespace: loopback for both agents and the client, plus snmpd's interfaces ---------
ip netns add "$NS"
NS_CREATED=1
ip -n "$NS" link set lo up
IFTYPE=""
for type in dummy ifb; do
    if ip -n "$NS" link add probe0 type "$type" 2>/dev/null; then ip -n "$NS" link del probe0; IFTYPE=$type; break; fi
done
if [ -n "$IFTYPE" ]; then
    for i in $(seq 1 "$JAILS"); do echo "link add d$i type $IFTYPE"; done > "$WORK/links.batch"
else
    IFTYPE=veth   # no dummy or ifb driver: pairs, both ends in the namespace
    for i in $(seq 1 2 "$JAILS"); do
        if [ "$i" -lt "$JAILS" ]; then echo "link add d$i type veth peer name d$((i + 1))"; else echo "link add d$i type ifb"; fi
    done > "$WORK/links.batch"
fi
ip -n "$NS" -batch "$WORK/links.batch"
NIFS=$(ip -n "$NS" -o link show | wc -l)
log "namespace $NS: $NIFS interfaces ($IFTYPE + lo)"

in_ns() { ip netns exec "$NS" "$@"; }
# Background processes are started with `ip netns exec NS nice … PROGRAM &` written out (not through a
# shell function, which would fork a subshell): ip and nice exec in place, so $! is the agent itself.
# CPU placement (--pin): taskset execs in place too, so the pid stays the agent's.
LAST_CPU=$(($(nproc) - 1))
case "$PIN" in
    none)  AGENT_PIN=(); CLIENT_PIN=() ;;
    split) AGENT_PIN=(taskset -c "$LAST_CPU"); CLIENT_PIN=(taskset -c 0) ;;
    same)  AGENT_PIN=(taskset -c "$LAST_CPU"); CLIENT_PIN=(taskset -c "$LAST_CPU") ;;
esac
RUN_NS=(ip netns exec "$NS" "${AGENT_PIN[@]}" nice -n "$NICE")

# No MIB files for anyone: numeric OIDs only, so MIB parsing costs neither agent nor client anything.
mkdir -p "$WORK/nomibs" "$WORK/snmpd-persist"
export MIBDIRS="$WORK/nomibs" MIBS="" SNMP_PERSISTENT_DIR="$WORK/snmpd-persist"
export SNMPCONFPATH="$WORK/nomibs"   # no /etc/snmp/snmp.conf for the client either

JM_PORT=1161      # JailMetrics, --snmp.max-message-size 65507 (as large as snmpd's; see BENCHMARKS.md)
JMD_PORT=1171     # JailMetrics, default --snmp.max-message-size (1472)
SNMPD_PORT=1162

start_jm() { # name port maxsize webport
    mkdir -p "$WORK/state-$1"
    "${RUN_NS[@]}" "${SERVICE[@]}" --path.procfs "$WORK/fixture/proc" --path.sysfs "$WORK/fixture/sys" \
        --sampling.interval 1h --web.listen-address "127.0.0.1:$4" --snmp.listen-address "127.0.0.1:$2" \
        --snmp.max-message-size "$3" --state.directory "$WORK/state-$1" --log.level warn \
        > "$WORK/$1.log" 2>&1 &
    PIDS+=($!)
    eval "PID_$1=$!"
}
log "starting JailMetrics (two instances: max message size 65507 and 1472) and snmpd"
TS=$(date +%s.%N)
start_jm jm "$JM_PORT" 65507 9452
start_jm jmd "$JMD_PORT" 1472 9453
cat > "$WORK/snmpd.conf" <<EOF
rocommunity public 127.0.0.1
EOF
"${RUN_NS[@]}" snmpd -f -Lo -C -c "$WORK/snmpd.conf" "udp:127.0.0.1:$SNMPD_PORT" > "$WORK/snmpd.log" 2>&1 &
PIDS+=($!)
PID_snmpd=$!
sleep 0.5
for pid in "${PIDS[@]}"; do   # guard the CPU accounting: these pids must be the agents themselves
    comm=$(cat "/proc/$pid/comm" 2>/dev/null || echo gone)
    case "$comm" in dotnet|jailmetrics|snmpd) ;; *) log "pid $pid is $comm, not an agent"; exit 1 ;; esac
done

# net-snmp client: one format and one client binary for all agents
CLIENT=(snmpbulkwalk -v2c -c public -On -t 5 -r 0)
JM_OID=.1.3.6.1.4.1.32473.1.2.3
SNMPD_OIDS=(.1.3.6.1.2.1.2.2 .1.3.6.1.2.1.31.1.1)

wait_ready() { # name port
    local pid_var="PID_$1" count=""
    for _ in $(seq 1800); do
        kill -0 "${!pid_var}" 2>/dev/null || { log "$1 exited:"; tail -20 "$WORK/$1.log" >&2; exit 1; }
        count=$(in_ns snmpget -v2c -c public -Oqv -t 1 -r 0 "127.0.0.1:$2" .1.3.6.1.4.1.32473.1.2.1.0 2>/dev/null || true)
        if [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge "$JAILS" ]; then echo "$count"; return 0; fi
        sleep 0.1
    done
    log "$1: jmJailCount never reached $JAILS (last: ${count:-no answer})"; tail -20 "$WORK/$1.log" >&2; exit 1
}
JM_COUNT=$(wait_ready jm "$JM_PORT")
JM_READY=$(awk -v a="$(date +%s.%N)" -v b="$TS" 'BEGIN { printf "%.1f", a - b }')
wait_ready jmd "$JMD_PORT" >/dev/null
log "JailMetrics ready after ${JM_READY}s, jmJailCount = $JM_COUNT"
for _ in $(seq 100); do
    in_ns snmpget -v2c -c public -Oqv -t 1 -r 0 "127.0.0.1:$SNMPD_PORT" .1.3.6.1.2.1.2.1.0 >/dev/null 2>&1 && break
    kill -0 "$PID_snmpd" 2>/dev/null || { log "snmpd exited:"; tail -20 "$WORK/snmpd.log" >&2; exit 1; }
    sleep 0.1
done
IFNUMBER=$(in_ns snmpget -v2c -c public -Oqv -t 1 -r 0 "127.0.0.1:$SNMPD_PORT" .1.3.6.1.2.1.2.1.0)
log "snmpd ready, ifNumber = $IFNUMBER"

# ---- 4. walks -----------------------------------------------------------------------------------
# One timed walk = one snmpbulkwalk per subtree, run inside the namespace; wall time and the client's
# CPU from bash's `time`. Client profiles (--clients), the same binary and requests for every agent:
#   plain: -On, OID = TYPE: value per line; varbinds = lines that start with an OID (values never
#          wrap with -On for these tables, but a wrapped Hex-STRING would not be counted twice);
#   lean:  -On -Oqv -Cp, the value alone per line; varbinds = snmpbulkwalk's own "Variables found"
#          count (-Cp). It still decodes every response and prints every value; it skips formatting
#          the OID and type name, the part of the client's per-varbind CPU that is printing, not SNMP.
# Output goes to a file in the temp dir in both, as a manager that keeps what it walked would.
cat > "$WORK/walk.sh" <<'EOF'
# walk.sh PROFILE PORT MAXREPS REPS OID... : prints "varbinds wall user sys walk" per walk ($OUT: scratch file)
profile=$1 port=$2 r=$3 reps=$4; shift 4
case "$profile" in
    plain) opts=(-On) ;;
    lean) opts=(-On -Oqv -Cp) ;;
esac
TIMEFORMAT='%R %U %S'
for ((k = 0; k < reps; k++)); do
    : > "$OUT"
    : > "$OUT.clock"
    ok=1
    { time { for oid in "$@"; do
        WALKCLOCK_FILE="$OUT.clock" LD_PRELOAD="$WALKCLOCK" \
            snmpbulkwalk -v2c -c public "${opts[@]}" -t 5 -r 0 -Cr"$r" "127.0.0.1:$port" "$oid" >> "$OUT" 2> "$OUT.err" || ok=0
    done; }; } 2> "$OUT.time"
    [ $ok = 1 ] || { echo "snmpbulkwalk -Cr$r 127.0.0.1:$port failed:" >&2; cat "$OUT.err" >&2; exit 1; }
    case "$profile" in
        plain) n=$(grep -c '^\.[0-9]' "$OUT") ;;
        lean) n=$(awk '/^Variables found: / { n += $3 } END { print n + 0 }' "$OUT") ;;
    esac
    # walk = the client's first request to its last response, summed over the subtrees (walkclock)
    echo "$n $(cat "$OUT.time") $(awk '{ ns += $1; k++ } END { if (k == 0) exit 1; printf "%.6f", ns / 1e9 }' "$OUT.clock")"
done
EOF
# snmpInPkts (SNMPv2-MIB, RFC 3418), which both agents serve: requests per walk, the reading's own included
in_pkts() { in_ns snmpget -v2c -c public -Oqv -t 1 -r 0 "127.0.0.1:$1" .1.3.6.1.2.1.11.1.0; }

walk_once() { # results-file profile r agent pid port oid... ; appends "profile agent r varbinds wall user sys walk cpu-ns ctxsw requests"
    local file=$1 profile=$2 r=$3 agent=$4 pid=$5 port=$6; shift 6
    local p0 p1 line
    p0=$(in_pkts "$port")
    agent_threads "$pid" > "$WORK/threads0"
    line=$(ip netns exec "$NS" "${CLIENT_PIN[@]}" nice -n "$NICE" env OUT="$WORK/out-$agent" bash "$WORK/walk.sh" "$profile" "$port" "$r" 1 "$@")
    agent_threads "$pid" > "$WORK/threads1"
    p1=$(in_pkts "$port")
    echo "$profile $agent $r $line $(thread_delta "$WORK/threads0" "$WORK/threads1") $((p1 - p0 - 1))" >> "$file"
}
warm_up() { # profile r agent pid port oid... : untimed walks for at least $WARMUP seconds
    local until
    until=$(awk -v now="$(date +%s.%N)" -v w="$WARMUP" 'BEGIN { printf "%.3f", now + w }')
    while :; do
        walk_once /dev/null "$@"
        awk -v now="$(date +%s.%N)" -v u="$until" 'BEGIN { exit !(now >= u) }' && break
    done
}
: > "$WORK/results"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
AGENTS=("jm $PID_jm $JM_PORT $JM_OID" "snmpd $PID_snmpd $SNMPD_PORT ${SNMPD_OIDS[*]}" "jmd $PID_jmd $JMD_PORT $JM_OID")
set -- $CLIENTS; FIRST_CLIENT=$1
for r in $MAX_REPS; do
    # untimed warm-up walks for each (JIT tiering; snmpd's interface cache), then the timed walks
    # interleaved agent by agent and client by client, so load from elsewhere on the machine hits
    # all of them alike; one round = every client profile walks every agent once
    for spec in "${AGENTS[@]}"; do warm_up "$FIRST_CLIENT" "$r" $spec; done
    for ((k = 0; k < REPS; k++)); do
        for c in $CLIENTS; do
            for spec in "${AGENTS[@]}"; do walk_once "$WORK/results" "$c" "$r" $spec; done
        done
    done
    for c in $CLIENTS; do
        for a in jm snmpd jmd; do
            log "$c $a -Cr$r: $(awk -v c="$c" -v a="$a" -v r="$r" '$1 == c && $2 == a && $3 == r { printf "%s vb/%ss ", $4, $8; t += $9; q += $11 } END { printf "agent CPU %.1f µs/request", t / 1000 / q }' "$WORK/results")"
        done
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# Datagram sizes (untimed): one walk per agent at the middle -Cr under strace, for bytes per varbind.
: > "$WORK/sizes"
if command -v strace >/dev/null; then
    set -- $MAX_REPS; r=${2:-$1}
    for spec in "jm $JM_PORT $JM_OID" "snmpd $SNMPD_PORT ${SNMPD_OIDS[*]}" "jmd $JMD_PORT $JM_OID"; do
        set -- $spec; agent=$1 port=$2; shift 2
        : > "$WORK/strace"
        for oid in "$@"; do
            in_ns strace -f -qq -e trace=recvfrom,recvmsg -o "$WORK/strace.1" "${CLIENT[@]}" -Cr"$r" "127.0.0.1:$port" "$oid" > /dev/null
            cat "$WORK/strace.1" >> "$WORK/strace"
        done
        grep -oE '= [0-9]+$' "$WORK/strace" | awk -v a="$agent" -v r="$r" '{ n++; b += $2; if ($2 > m) m = $2 } END { print a, r, n, b, m }' >> "$WORK/sizes"
    done
fi

# ---- 5. report ----------------------------------------------------------------------------------
MACHINE_CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
export CMDLINE REVISION BUILD_KIND JAILS REPS WARMUP NICE CLIENTS PIN LOAD_BEFORE LOAD_AFTER IFTYPE NIFS IFNUMBER JM_COUNT JM_READY MACHINE_CPU WRITE
export NPROC="$(nproc)" KERNEL="$(uname -r)" DOTNET_VERSION="$(dotnet --version)" \
    DOTNET_RUNTIME="$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')" \
    NETSNMP_VERSION="$(snmpd -v 2>/dev/null | awk '/NET-SNMP version/ { print $3 }')" \
    OS_NAME="$(. /etc/os-release && echo "$PRETTY_NAME")" DATE_UTC="$(date -u +'%Y-%m-%d %H:%M UTC')" \
    RUNTIME_S="$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN { printf "%.0f", a - b }')" RESULTS="$WORK/results" SIZES="$WORK/sizes" \
    BENCHMARKS="$REPO/BENCHMARKS.md"
python3 - <<'EOF'
import os, re, statistics as st
from collections import defaultdict

E = os.environ
# (client, agent, r) -> [(vb, walk, user, sys, cpu_ns, ctxsw, requests, process wall)], in walk order. walk = the
# client's first request to its last response (walkclock), the time the agents are compared on; process wall =
# bash `time` of the snmpbulkwalk processes, start-up (exec, libraries, configuration) included
rows = defaultdict(list)
for line in open(E["RESULTS"]):
    c, a, r, vb, wall, user, sys_, walk, cpu_ns, ctxsw, requests = line.split()
    rows[(c, a, int(r))].append((int(vb), float(walk), float(user), float(sys_), int(cpu_ns), int(ctxsw), int(requests), float(wall)))
sizes = {}
for line in open(E["SIZES"]):
    a, r, n, b, m = line.split()
    sizes[a] = (int(r), int(n), int(b), int(m))
names = {"jm": "JailMetrics jmJailTable", "jmd": "JailMetrics jmJailTable, default 1472-octet messages",
         "snmpd": "snmpd ifTable + ifXTable"}
clients = E["CLIENTS"].split()
client_text = {"plain": "plain (`-On`)", "lean": "lean (`-On -Oqv -Cp`)"}
primary = "lean" if "lean" in clients else clients[0]

def summary(c, a, r):
    s = rows[(c, a, r)]
    vb = s[0][0]
    walls = [x[1] for x in s]
    wall = st.median(walls)
    cpu_s = sum(x[4] for x in s) / 1e9
    requests = sum(x[6] for x in s)
    return dict(vb=vb, vbset=sorted({x[0] for x in s}), wall=wall, rate=vb / wall, process_rate=vb / st.median([x[7] for x in s]),
                rate_min=vb / max(walls), rate_max=vb / min(walls),
                client_us=st.median([(x[2] + x[3]) / x[0] * 1e6 for x in s]),
                agent_us=cpu_s / (vb * len(s)) * 1e6, agent_cpu=cpu_s, n=len(s),
                req_us=cpu_s / requests * 1e6, cs_req=sum(x[5] for x in s) / requests, vb_req=vb * len(s) / requests,
                wall_req=wall / (requests / len(s)) * 1e6)

def paired(c, r, a="jm"):
    """Per round: the agent's varbinds/s over snmpd's in the walks made next to each other."""
    ours, theirs = rows[(c, a, r)], rows[(c, "snmpd", r)]
    return sorted((x[0] / x[1]) / (y[0] / y[1]) for x, y in zip(ours, theirs))

reps_list = sorted({r for _, _, r in rows})
out = []
out.append("| client | -Cr | agent | varbinds per walk | requests per walk | median walk (s) | median varbinds/s (min–max) | walk µs/request | agent CPU µs/varbind | agent CPU µs/request | agent context switches/request | client CPU µs/varbind |")
out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
ratios = {}   # (client, r) -> (rate ratio, cpu ratio, rate ratio at 1472, paired ratios)
for c in clients:
    for r in reps_list:
        for a in ("jm", "snmpd", "jmd"):
            if (c, a, r) not in rows: continue
            m = summary(c, a, r)
            vbs = str(m["vb"]) if len(m["vbset"]) == 1 else "/".join(map(str, m["vbset"]))
            out.append(f"| {c} | {r} | {names[a]} | {vbs} | {m['vb'] / m['vb_req']:.0f} | {m['wall']:.3f} | {m['rate']:,.0f} ({m['rate_min']:,.0f}–{m['rate_max']:,.0f}) "
                       f"| {m['wall_req']:.1f} | {m['agent_us']:.2f} | {m['req_us']:.1f} | {m['cs_req']:.2f} | {m['client_us']:.2f} |")
        if (c, "jm", r) in rows and (c, "snmpd", r) in rows:
            j, s = summary(c, "jm", r), summary(c, "snmpd", r)
            ratios[(c, r)] = (j["rate"] / s["rate"], s["agent_us"] / j["agent_us"] if j["agent_us"] else float("inf"),
                              summary(c, "jmd", r)["rate"] / s["rate"] if (c, "jmd", r) in rows else None, paired(c, r),
                              j["process_rate"] / s["process_rate"])
table = "\n".join(out)

def verdict_lines(c):
    lines = []
    for (cc, r), (rate, cpu, rated, pairs, process) in ratios.items():
        if cc != c: continue
        met = "met" if rate >= 2 else "missed"
        extra = f"; with the default 1472-octet messages {rated:.2f}×" if rated is not None else ""
        lines.append(f"* -Cr{r}: JailMetrics {rate:.2f}× snmpd's varbinds/s: target (≥ 2×) **{met}**"
                     + (f"; varbinds/s would have to rise {2 / rate:.2f}-fold" if rate < 2 else f", {(rate / 2 - 1) * 100:.0f} % to spare")
                     + f". Walk by walk {st.median(pairs):.2f}× (median; {pairs[0]:.2f}–{pairs[-1]:.2f}, ≥ 2× in {sum(p >= 2 for p in pairs)} of {len(pairs)})."
                     + f" Agent CPU per varbind: snmpd's / JailMetrics' = {cpu:.2f}{extra}."
                     + f" Timed as whole client processes (start-up included): {process:.2f}×.")
    return lines

def overall(c):
    v = [x[0] for (cc, _), x in ratios.items() if cc == c]
    return "met" if v and all(x >= 2 for x in v) else "met at some -Cr values only" if any(x >= 2 for x in v) else "not met"

verdict = [f"**Target: at least 2× snmpd's varbinds/s — {overall(primary)} with the {client_text[primary]} client.**", ""]
verdict += verdict_lines(primary)
for c in clients:
    if c == primary: continue
    verdict += ["", f"With the {client_text[c]} client: {overall(c)}.", ""] + verdict_lines(c)

size_lines = []
for a, (r, n, b, m) in sizes.items():
    vb = summary(clients[0], a, r)["vb"] if (clients[0], a, r) in rows else 0
    if not vb: continue
    size_lines.append(f"* {names[a]}, -Cr{r}: {n} responses, {b:,} octets (largest {m}); "
                      f"{vb / n:.1f} varbinds per response and {b / vb:.1f} octets per varbind on average.")

pin_text = {"none": "no CPU pinning: the scheduler placed agents and client",
            "split": "pinned with taskset: every agent on the last CPU, the client on CPU 0 (as a manager on another host would be)",
            "same": "pinned with taskset: every agent and the client on the last CPU (no cross-CPU wake-ups; wall ≈ client + agent CPU)"}[E["PIN"]]

section = f"""<!-- snmp-bulkwalk: generated by bench/snmp-bulkwalk.sh; rerun it to replace this section -->
## SNMP bulkwalk: JailMetrics vs net-snmp snmpd, {E['JAILS']} rows

Run {E['DATE_UTC']}: `{E['CMDLINE'].strip()}` (as root, from the repository root; {float(E['RUNTIME_S']):.0f} s in all).

{chr(10).join(verdict)}

{table}

Varbinds/s = varbinds in one walk / time of the walk, median of {E['REPS']} walks after at least
{E['WARMUP']} s of untimed warm-up walks per agent and -Cr; min–max over those walks in brackets; walk
µs/request = median walk / requests per walk. The time of a walk is the client's own, from its first
request sent to its last response received (bench/walkclock, an LD_PRELOAD shim around the client's
send and receive calls; summed over snmpd's two subtrees): what an NMS, a process that stays up, waits
for. Each verdict line also gives the ratio with every walk timed as whole snmpbulkwalk processes
(bash `time`), whose exec, library loading and configuration reading both agents pay alike (snmpd
twice, having two subtrees). "Walk by walk" pairs each JailMetrics walk with the
snmpd walk made right after it with the same client and -Cr (load from elsewhere hits such a pair
alike), and gives the median and range of those {E['REPS']} ratios. Requests = the agent's snmpInPkts
across a walk. Agent CPU = the CPU time of the agent's threads (/proc/PID/task/*/schedstat, ns)
across the {E['REPS']} timed walks, divided by the varbinds or requests they answered; context switches
likewise (voluntary + nonvoluntary, /proc/PID/task/*/status). Client CPU = the snmpbulkwalk
processes' user + sys time (bash `time`). Walks were interleaved (per round and client profile:
JailMetrics, snmpd, JailMetrics-1472); agents and client ran at nice {E['NICE']}; {pin_text}; load
average {E['LOAD_BEFORE']} before the walks and {E['LOAD_AFTER']} after them.

Client profiles, the same net-snmp snmpbulkwalk binary and the same requests for every agent, output
to a file: *plain* prints `OID = TYPE: value` per varbind (`-On`, numeric OIDs, no MIB files);
*lean* prints the value alone (`-On -Oqv`) and counts varbinds with `-Cp`. Both decode every
response and check that OIDs increase; lean leaves out the client's formatting of OIDs and type
names, which is CPU spent on printing, not on SNMP, and the same per varbind whichever agent answers.

{chr(10).join(size_lines)}

Machine: {E['NPROC']} CPUs ({E['MACHINE_CPU']}), Linux {E['KERNEL']}, {E['OS_NAME']}; .NET SDK {E['DOTNET_VERSION']}
(runtime {E['DOTNET_RUNTIME']}); net-snmp {E['NETSNMP_VERSION']} (Debian snmpd and snmpbulkwalk).
JailMetrics {E['REVISION']}, Release, the {E['BUILD_KIND']}, fixture tree of {E['JAILS']} containers (jmJailCount {E['JM_COUNT']}; first
sample answered {float(E['JM_READY']):.1f} s after start). snmpd: {E['NIFS']} interfaces ({E['IFTYPE']} + lo) in its own
network namespace, ifNumber {E['IFNUMBER']}.
<!-- /snmp-bulkwalk -->"""
from benchmarks_md import publish  # bench/ is on PYTHONPATH (lib.sh)
publish("snmp-bulkwalk", section)
EOF
