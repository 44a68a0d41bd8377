#!/usr/bin/env python3
"""Folds `perf script` output of a running jailmetrics (perf record -g, DOTNET_PerfMapEnabled=1) into the
parts of a sample cycle: each stack goes to the outermost frame that names a part; stacks with none go by
thread. Prints a markdown table of ms of CPU per cycle: samples / frequency / cycles.

    perf script -i perf.data | python3 bench/cycle-fold.py --hz 997 --cycles 9"""
import argparse, re, sys

PARTS = [  # (part, pattern in a frame), outermost match wins, checked in this order
    ("sample: /proc scan", r"ProcScanner::Scan"),
    ("sample: discovery (names, addresses, root)", r"JailDiscovery::Discover"),
    ("sample: collectors (cgroup files, net/dev, statfs …)", r"Linux\.Collectors\.\w+::Collect"),
    ("sample: other", r"LinuxJailSource::Sample"),
    ("SNMP view (binding)", r"SnmpMibBinding::|MibViewBuilder::"),
    ("Prometheus publish", r"PrometheusView"),
    ("alerts", r"AlertEvaluator"),
    ("state files (jail index registry)", r"JailIndexRegistry"),
    ("rates, store, lifecycle traps", r"RateDeriver|SnapshotStore::Publish|JailLifecycleNotifier"),
    ("sample: namespace reader thread (hostnames, IPC)", r"LiveNamespaceReader"),
]
THREADS = [  # stacks that name no part, by thread name (perf's comm)
    ("sample: system calls whose user stack perf lost (open/read/readlink)", r"^\.NET TP Worker$"),
    ("JIT and tiering", r"Tiered Com"),
    ("GC (background thread), finalizer", r"BGC|Finalizer"),
    ("config file watcher (inotify)", r"File Watch"),
]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hz", type=float, required=True)
    ap.add_argument("--cycles", type=float, required=True)
    a = ap.parse_args()
    counts, comm, frames = {}, None, []

    def flush():
        if not frames: return
        part = None
        for name, pat in PARTS:
            if any(re.search(pat, f) for f in frames):
                part = name
                break
        if part is None and "libclrjit" in frames[0]: part = "JIT and tiering"
        if part is None:
            part = next((name for name, pat in THREADS if re.search(pat, comm or "")), "other (timers, Kestrel, logging, …)")
        counts[part] = counts.get(part, 0) + 1

    for line in sys.stdin:
        if not line.strip():
            flush(); frames = []; comm = None
        elif not line[0].isspace():
            m = re.match(r"(.*?)\s+\d+(/\d+)?\s", line)
            comm = m.group(1).strip() if m else line.split()[0]
        else:
            frames.append(line.strip())
    flush()
    ms = lambda n: n / a.hz / a.cycles * 1000
    print("| part of a cycle | ms CPU per cycle |\n|---|---:|")
    for part, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"| {part} | {ms(n):.0f} |")
    print(f"| **total** | **{ms(sum(counts.values())):.0f}** |")

main()
