#!/usr/bin/env bash
# Scale harness (not a test): N Linux sandbox "jails" as the service discovers them, and their removal.
#
#   sudo bash bench/sandboxes.sh up N   [--prefix P] [--workload sleep|jm] [--no-veth]
#   sudo bash bench/sandboxes.sh down   [--prefix P]
#   sudo bash bench/sandboxes.sh status [--prefix P]
#
# Each jail P-0 … P-(N-1) is what tests/JailMetrics.Testing's Sandbox makes, stripped to what scales:
#   - pid 1 of fresh PID, network, IPC, UTS and mount namespaces (unshare --mount-proc), hostname = name;
#   - its own cgroup /P-I in every mounted hierarchy among the v1 controllers memory, pids, cpu, cpuacct,
#     blkio and the v2 one (the service names a jail after its cgroup: it shows up as name="P-I");
#   - a workload: `sleep infinity` (default), or `--workload jm`, the C workload of the tests
#     (tests/JailMetrics.Testing/workload/jm-workload.c: 1 process, 1 MiB resident, no files, no shm);
#   - a veth pair: host end <tag>h<I> (up, IPv6 off, no address: no host route changes), jail end
#     <tag>j<I> up with 169.254.X.Y/30 inside the jail only, plus lo up. <tag> is "js" and 4 hex digits
#     of the prefix, so concurrent prefixes never share an interface name, and never match the test
#     harness's jmh*/jmtest-* names (its LeftoverSweeper removes those).
#
# Ownership: /run/jailmetrics-scale/P/ holds one record per jail, written before the jail's cgroups and
# interfaces exist and removed after they are gone. `down` removes only what a record names, after
# checking that a recorded PID is still the process it started (start time), so it never touches a
# cgroup, interface or process it did not create. A cgroup named P-I that exists without a record is
# someone else's: `up` stops rather than adopt it.
# Idempotent: `up N` creates the jails among P-0 … P-(N-1) that are missing (a recorded jail whose
# workload died is removed and made again); `down` with nothing recorded does nothing. If `up` fails
# or is interrupted, the jails it created in that run are removed again (trap on EXIT).
# Prints the time each phase took. Needs root, util-linux (unshare, nsenter), iproute2, gcc for jm.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

COMMAND="${1:-}"; shift || true
COUNT=0
if [ "$COMMAND" = up ]; then COUNT="${1:-}"; shift || true; fi
PREFIX=jmscale
WORKLOAD=sleep
VETH=1
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX="$2"; shift 2 ;;
        --workload) WORKLOAD="$2"; shift 2 ;;
        --no-veth) VETH=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$COMMAND" in up|down|status) ;; -h|--help) usage; exit 0 ;; *) usage >&2; exit 2 ;; esac
if [ "$COMMAND" = up ] && ! [[ "$COUNT" =~ ^[0-9]+$ && "$COUNT" -ge 1 && "$COUNT" -le 10000 ]]; then
    echo "up needs a jail count from 1 to 10000, got '$COUNT'" >&2; exit 2
fi
# The prefix becomes cgroup directory names and hostnames (at most 64 bytes with the index).
[[ "$PREFIX" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$ ]] || { echo "--prefix must be 1-41 characters of A-Z a-z 0-9 _ . -" >&2; exit 2; }
case "$WORKLOAD" in sleep|jm) ;; *) echo "--workload must be sleep or jm" >&2; exit 2 ;; esac
[ "$(id -u)" -eq 0 ] || { echo "run as root: namespaces and cgroups need it" >&2; exit 2; }
for tool in unshare nsenter ip; do
    command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install util-linux iproute2)" >&2; exit 2; }
done

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="/run/jailmetrics-scale/$PREFIX"
RECORDS="$STATE/jails"
TAG="js$(printf %s "$PREFIX" | md5sum | cut -c1-4)"
log() { printf '[%s] %s\n' "$(date +%T.%3N)" "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# The cgroup hierarchies a jail gets a directory in (as CgroupHierarchy.Detect in the test harness).
hierarchies() {
    awk '$0 ~ / - cgroup2 / { print $5; next }
         / - cgroup / { n = split($NF, o, ","); for (i = 1; i <= n; i++)
             if (o[i] ~ /^(memory|pids|cpu|cpuacct|blkio)$/) { print $5; next } }' /proc/self/mountinfo | sort -u
}
mapfile -t HIERARCHIES < <(hierarchies)
[ "${#HIERARCHIES[@]}" -gt 0 ] || { echo "no cgroup hierarchy is mounted" >&2; exit 1; }

# Sets START to the start time of process $1 (field 22 of /proc/PID/stat, after the parenthesised
# command name), "" when it is gone. No subshell: at 1000 jails every fork counts.
read_start_time() {
    START=""
    local stat=""
    { read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 0
    stat="${stat##*) }"
    set -- $stat
    START="${20}"
}
# Whether process $1 is still the one that started at $2.
same_process() { [ -n "$1" ] && read_start_time "$1" && [ "$START" = "$2" ]; }

# --- removal (down, and the trap of a failed up) -------------------------------------------------

# Removes the jails whose record names are given: kills their processes (the recorded unshare, if it is
# still the same process, and whatever is in their own cgroups), then removes cgroups, interfaces and
# finally the records. Returns non-zero if something remained (its record is kept for the next down).
remove_jails() {
    [ $# -gt 0 ] || return 0
    local name pids=() cgroups=() veths=() failed=0
    for name in "$@"; do
        local file="$RECORDS/$name"
        [ -f "$file" ] || continue
        local unshare_pid="" unshare_start="" cgroup_dirs="" host_veth=""
        # shellcheck disable=SC1090
        source "$file"
        if same_process "$unshare_pid" "$unshare_start"; then pids+=("$unshare_pid"); fi
        for dir in $cgroup_dirs; do
            cgroups+=("$dir")
            [ -f "$dir/cgroup.procs" ] && mapfile -t -O "${#pids[@]}" pids < "$dir/cgroup.procs"
        done
        [ -n "$host_veth" ] && veths+=("$host_veth")
    done
    # SIGKILL: unshare --kill-child takes pid 1 along, and pid 1's death kills the namespace.
    [ "${#pids[@]}" -gt 0 ] && kill -KILL "${pids[@]}" 2>/dev/null || true
    # A cgroup can be removed once its last process has died. One rmdir for all of them per round
    # (6 directories a jail: one exec per directory was most of the time of a 1000-jail down).
    local deadline=$((SECONDS + 30)) dir remaining=("${cgroups[@]}") present members
    while :; do
        present=()
        for dir in "${remaining[@]}"; do [ -d "$dir" ] && present+=("$dir"); done
        [ "${#present[@]}" -gt 0 ] || break
        rmdir "${present[@]}" 2>/dev/null || true
        remaining=()
        for dir in "${present[@]}"; do [ -d "$dir" ] && remaining+=("$dir"); done
        [ "${#remaining[@]}" -gt 0 ] || break
        if [ $SECONDS -ge $deadline ]; then log "${#remaining[@]} cgroups still busy after 30 s, e.g. ${remaining[0]}"; failed=1; break; fi
        for dir in "${remaining[@]}"; do
            members=()
            [ -f "$dir/cgroup.procs" ] && mapfile -t members < "$dir/cgroup.procs"
            [ "${#members[@]}" -gt 0 ] && kill -KILL "${members[@]}" 2>/dev/null || true
        done
        sleep 0.1
    done
    # The kernel deletes a veth with its namespace; delete explicitly what lingers.
    local batch=""
    for v in "${veths[@]}"; do [ -e "/sys/class/net/$v" ] && batch+="link delete $v"$'\n'; done
    [ -n "$batch" ] && { printf %s "$batch" | ip -force -batch - 2>/dev/null || true; }
    for v in "${veths[@]}"; do [ -e "/sys/class/net/$v" ] && { log "interface $v remains"; failed=1; }; done
    for name in "$@"; do
        local keep=0 unshare_pid="" unshare_start="" cgroup_dirs="" host_veth=""
        [ -f "$RECORDS/$name" ] || continue
        source "$RECORDS/$name"
        for dir in $cgroup_dirs; do [ -d "$dir" ] && keep=1; done
        [ -n "$host_veth" ] && [ -e "/sys/class/net/$host_veth" ] && keep=1
        [ $keep = 0 ] && rm -f "$RECORDS/$name"
    done
    return $failed
}

recorded_jails() { [ -d "$RECORDS" ] && ls "$RECORDS" 2>/dev/null | grep -v '\.tmp$' || true; }

# Once no jail is recorded: stops the jm workloads' stdin keeper and removes the state directory.
release_state_if_empty() {
    [ -d "$STATE" ] && [ -z "$(recorded_jails)" ] || return 0
    if [ -f "$STATE/stdin-keeper" ]; then
        local keeper_pid="" keeper_start=""
        source "$STATE/stdin-keeper"
        same_process "$keeper_pid" "$keeper_start" && kill "$keeper_pid" 2>/dev/null || true
    fi
    rm -rf "$STATE"
    rmdir /run/jailmetrics-scale 2>/dev/null || true
}

down() {
    local t0; t0="$(now)"
    mapfile -t names < <(recorded_jails)
    log "down: ${#names[@]} recorded jails of prefix $PREFIX"
    local rc=0
    remove_jails "${names[@]}" || rc=1
    release_state_if_empty
    log "down: done in $(elapsed "$t0") s"
    return $rc
}

status() {
    local live=0 recorded=0 name
    for name in $(recorded_jails); do
        recorded=$((recorded + 1))
        local unshare_pid="" unshare_start="" cgroup_dirs="" host_veth=""
        source "$RECORDS/$name"
        same_process "$unshare_pid" "$unshare_start" && live=$((live + 1))
    done
    echo "prefix $PREFIX: $recorded recorded, $live running"
}

# --- creation --------------------------------------------------------------------------------------

# Runs as pid 1 of the new namespaces, then becomes the workload: joins the cgroups itself (so they
# hold exactly the jail's processes, not unshare), names the jail. Arguments: NAME PROCS_FILE... -- CMD...
JAIL_INIT='name=$1; shift
while [ "$1" != -- ]; do echo 0 > "$1" || exit 125; shift; done; shift
printf %s "$name" > /proc/sys/kernel/hostname || exit 125
exec "$@"'

CREATED=()
up_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ $rc -ne 0 ] && [ "${#CREATED[@]}" -gt 0 ]; then
        log "up failed (exit $rc): removing the ${#CREATED[@]} jails this run created"
        remove_jails "${CREATED[@]}" || log "some could not be removed; run: bash bench/sandboxes.sh down --prefix $PREFIX"
    fi
    [ $rc -ne 0 ] && release_state_if_empty
    exit $rc
}

workload_command() {
    if [ "$WORKLOAD" = sleep ]; then echo "$(command -v sleep) infinity"; return; fi
    command -v gcc >/dev/null || { echo "--workload jm needs gcc" >&2; return 1; }
    local source="$REPO/tests/JailMetrics.Testing/workload/jm-workload.c" binary="$STATE/jm-workload"
    [ -x "$binary" ] && [ "$binary" -nt "$source" ] || gcc -O2 -Wall -Werror -o "$binary" "$source"
    echo "$binary 1 0 1048576 0"
}

# The jm workload exits at end-of-file on stdin: all jails read one FIFO whose only writer is a keeper
# process that `down` stops (a crash of the harness leaves the keeper, so the jails stay until down).
ensure_stdin_keeper() {
    if [ -f "$STATE/stdin-keeper" ]; then
        local keeper_pid="" keeper_start=""; source "$STATE/stdin-keeper"
        same_process "$keeper_pid" "$keeper_start" && return 0
    fi
    rm -f "$STATE/stdin"; mkfifo -m 600 "$STATE/stdin"
    # Holds the FIFO open for writing (opened read-write, so the open does not wait for a reader).
    setsid sleep infinity <> "$STATE/stdin" > /dev/null 2>&1 &
    local pid=$!
    read_start_time "$pid"
    echo "keeper_pid=$pid keeper_start=$START" > "$STATE/stdin-keeper"
}

up() {
    local t0 t1 i name missing=() stale=()
    t0="$(now)"
    mkdir -p -m 700 "$RECORDS"
    local command; command="$(workload_command)"
    local stdin=/dev/null
    if [ "$WORKLOAD" = jm ]; then ensure_stdin_keeper; stdin="$STATE/stdin"; fi

    for ((i = 0; i < COUNT; i++)); do
        name="$PREFIX-$i"
        if [ -f "$RECORDS/$name" ]; then
            local unshare_pid="" unshare_start="" cgroup_dirs="" host_veth=""
            source "$RECORDS/$name"
            same_process "$unshare_pid" "$unshare_start" && continue
            stale+=("$name")
        fi
        missing+=("$name")
    done
    [ "${#stale[@]}" -gt 0 ] && { log "up: ${#stale[@]} recorded jails are dead; removing them first"; remove_jails "${stale[@]}"; }
    log "up: $((COUNT - ${#missing[@]})) of $COUNT jails already run; creating ${#missing[@]} (workload $WORKLOAD, veth $VETH)"
    [ "${#missing[@]}" -gt 0 ] || return 0
    trap up_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    # Phase 1: record, cgroups, unshare in the background (the jails start in parallel).
    declare -A unshare_of
    for name in "${missing[@]}"; do
        local dirs=() procs=() h
        for h in "${HIERARCHIES[@]}"; do
            [ -e "$h/$name" ] && { echo "cgroup $h/$name exists but is not recorded as ours: not touching it" >&2; return 1; }
            dirs+=("$h/$name"); procs+=("$h/$name/cgroup.procs")
        done
        local index="${name##*-}" veth=""
        [ $VETH = 1 ] && veth="${TAG}h$index"
        # Record first (with no pid yet), so a failure from here on is cleaned up.
        printf 'cgroup_dirs="%s"\nhost_veth=%s\n' "${dirs[*]}" "$veth" > "$RECORDS/$name"
        CREATED+=("$name")
        mkdir "${dirs[@]}"
        # --kill-child: if unshare dies, pid 1 and with it the namespace die too.
        unshare --pid --fork --mount-proc --net --ipc --uts --kill-child -- \
            /bin/sh -c "$JAIL_INIT" jm-jail-init "$name" "${procs[@]}" -- $command < "$stdin" > /dev/null 2>> "$STATE/jails.log" &
        local pid=$!
        disown "$pid" # the jails outlive this script; no job-control notices when down kills them
        unshare_of[$name]=$pid
        read_start_time "$pid"
        printf 'unshare_pid=%s\nunshare_start=%s\n' "$pid" "${START:-0}" >> "$RECORDS/$name"
    done
    t1="$(now)"
    log "up: launched ${#missing[@]} in $(elapsed "$t0") s"

    # Phase 2: wait until each pid 1 has joined its cgroup (first hierarchy holds exactly that pid).
    local first="${HIERARCHIES[0]}" deadline=$((SECONDS + 120)) init
    declare -A init_of
    for name in "${missing[@]}"; do
        while :; do
            init=""
            read -r init < "$first/$name/cgroup.procs" 2>/dev/null || true
            [ -n "$init" ] && break
            kill -0 "${unshare_of[$name]}" 2>/dev/null || { echo "jail $name exited while starting; see $STATE/jails.log" >&2; return 1; }
            [ $SECONDS -lt $deadline ] || { echo "jail $name did not start within 120 s" >&2; return 1; }
            sleep 0.02
        done
        init_of[$name]=$init
    done
    log "up: all ${#missing[@]} running after $(elapsed "$t0") s"

    # Phase 3: veth pairs, host side in one ip batch, jail side with one nsenter per jail.
    if [ $VETH = 1 ]; then
        local batch="" index
        for name in "${missing[@]}"; do
            index="${name##*-}"
            batch+="link add ${TAG}h$index type veth peer name ${TAG}j$index netns ${init_of[$name]}"$'\n'
        done
        printf %s "$batch" | ip -batch -
        # The host end comes up too (carrier on both ends), with IPv6 off so it sends nothing by itself.
        batch=""
        for name in "${missing[@]}"; do
            index="${name##*-}"
            [ -e "/proc/sys/net/ipv6/conf/${TAG}h$index/disable_ipv6" ] && echo 1 > "/proc/sys/net/ipv6/conf/${TAG}h$index/disable_ipv6"
            batch+="link set ${TAG}h$index up"$'\n'
        done
        printf %s "$batch" | ip -batch -
        for name in "${missing[@]}"; do
            index="${name##*-}"
            # 169.254.0.0/16 link-local, addressed inside the jail only; /30 per jail, unique up to 16 000 jails.
            local a=$((index / 64 + 1)) b=$((index % 64 * 4 + 2))
            printf 'link set lo up\nlink set %s up\naddress add 169.254.%d.%d/30 dev %s\n' "${TAG}j$index" "$a" "$b" "${TAG}j$index" |
                nsenter --target "${init_of[$name]}" --net ip -batch -
        done
        log "up: veth pairs after $(elapsed "$t0") s"
    fi
    trap - EXIT INT TERM
    log "up: ${#missing[@]} jails created in $(elapsed "$t0") s"
}

case "$COMMAND" in
    up) up ;;
    down) down ;;
    status) status ;;
esac
