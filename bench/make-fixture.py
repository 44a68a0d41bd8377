#!/usr/bin/env python3
"""Writes a procfs/sysfs fixture tree with N containers ("jails") for bench/snmp-bulkwalk.sh.

    python3 bench/make-fixture.py OUTDIR [--jails 1000]

OUTDIR gets proc/ and sys/fs/cgroup/ (cgroup v2) in the layout LinuxJailSource reads (the same format
as tests/JailMetrics.Linux.Tests/Fixtures/generate.py, restated here so the benchmark does not depend on
the test tree). Each jail: its own PID namespace holding an init (innermost pid 1) and a worker, its
own cgroup /jails/jNNNN with cpu.stat and io.stat, its own network namespace with lo and eth0 (every
third jail also eth1), an IPv4 and IPv6 address. Namespace links are dangling symlinks such as
pid:[4026600010], as in the test fixtures; IPC and UTS namespaces are the host's (the service's live
setns reader cannot enter a fixture's namespaces, so private ones would only yield empty columns).
Standard library only.
"""
import argparse, os, shutil, sys

HOST = dict(pid=4026531836, net=4026531840, ipc=4026531839, uts=4026531838)
NS_BASE = 4026600000  # far from real inodes, so no fixture namespace can be mistaken for the service's own

SHM_HDR = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
SEM_HDR = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
MSG_HDR = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n"
NETDEV_HDR = ("Inter-|   Receive                                                |  Transmit\n"
              " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def proc(root, pid, comm, ppid, ns, cgroup, nspid, utime, stime, threads, start, vsize, rss_kb, fds, rootlink="/"):
    d = os.path.join(root, "proc", str(pid))
    os.makedirs(os.path.join(d, "ns"))
    # /proc/PID/stat: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    # cutime cstime priority nice num_threads itrealvalue starttime vsize rss ... (52 fields in all)
    fields = ["S", ppid, pid, pid, 0, -1, 4194304, 100, 0, 0, 0, utime, stime, 0, 0, 20, 0, threads, 0, start, vsize,
              rss_kb // 4] + [0] * 27
    write(os.path.join(d, "stat"), f"{pid} ({comm}) " + " ".join(str(x) for x in fields) + "\n")
    lines = [f"Name:\t{comm}", "State:\tS (sleeping)", f"Tgid:\t{pid}", f"Pid:\t{pid}", f"PPid:\t{ppid}",
             "NStgid:\t" + "\t".join(map(str, nspid)), "NSpid:\t" + "\t".join(map(str, nspid)),
             f"VmSize:\t{vsize // 1024:8d} kB", f"VmRSS:\t{rss_kb:8d} kB", f"VmSwap:\t{0:8d} kB",
             f"Threads:\t{threads}"]
    write(os.path.join(d, "status"), "\n".join(lines) + "\n")
    for kind in ("pid", "net", "ipc", "uts"):
        os.symlink(f"{kind}:[{ns[kind]}]", os.path.join(d, "ns", kind))
    write(os.path.join(d, "cgroup"), cgroup)
    os.makedirs(os.path.join(d, "fd"))
    for i in range(fds):
        os.symlink(f"/dev/null-{i}", os.path.join(d, "fd", str(i)))
    os.symlink(rootlink, os.path.join(d, "root"))


def netdev(root, pid, rows):
    text = NETDEV_HDR
    for name, rxb, rxp, txb, txp in rows:
        text += f"{name:>6}: {rxb} {rxp} 1 2 0 0 0 0 {txb} {txp} 3 4 0 0 0 0\n"
    write(os.path.join(root, "proc", str(pid), "net", "dev"), text)


def addresses(root, pid, v4, v6):
    write(os.path.join(root, "proc", str(pid), "net", "fib_trie"),
          "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n"
          "     +-- 127.0.0.0/8 2 0 2\n        |-- 127.0.0.1\n           /32 host LOCAL\n"
          f"     +-- 10.200.0.0/16 2 0 2\n        |-- {v4}\n           /32 host LOCAL\n"
          f"Local:\n  +-- 0.0.0.0/0 3 0 5\n     |-- {v4}\n        /32 host LOCAL\n")
    write(os.path.join(root, "proc", str(pid), "net", "if_inet6"),
          "00000000000000000000000000000001 01 80 10 80       lo\n"
          f"{v6} 02 40 00 80     eth0\n")


def kernel(root, cpus):
    k = os.path.join(root, "proc", "sys", "kernel")
    for name, value in dict(shmmni="4096", shmall="2097152", shmmax="33554432", sem="32000\t1024000000\t500\t32000",
                            msgmni="32000", msgmax="8192", msgmnb="16384", hostname="benchhost").items():
        write(os.path.join(k, name), value + "\n")
    # the host's SysV IPC as the live reader sees it (it reads {procfs}/sysvipc for the host's own IPC namespace)
    sv = os.path.join(root, "proc", "sysvipc")
    write(os.path.join(sv, "shm"), SHM_HDR + "         0          0 600                  4096     1     1      1     0     0     0     0          0          0          0                  4096                     0\n")
    write(os.path.join(sv, "sem"), SEM_HDR)
    write(os.path.join(sv, "msg"), MSG_HDR)
    lines = ["cpu  100000 20 30000 5000000 40 5 6 7 0 0"]
    lines += [f"cpu{c} {100000 // cpus} 0 {30000 // cpus} {5000000 // cpus} 0 0 0 0 0 0" for c in range(cpus)]
    write(os.path.join(root, "proc", "stat"), "\n".join(lines) + "\nintr 0\nbtime 1700000000\nprocesses 123456\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--jails", type=int, default=1000)
    args = ap.parse_args()
    n = args.jails
    if not 1 <= n <= 60000:
        sys.exit("--jails must be 1..60000")

    root = args.outdir
    if os.path.exists(os.path.join(root, "proc")) or os.path.exists(os.path.join(root, "sys")):
        shutil.rmtree(os.path.join(root, "proc"), ignore_errors=True)
        shutil.rmtree(os.path.join(root, "sys"), ignore_errors=True)
    kernel(root, 2)
    cg = os.path.join(root, "sys", "fs", "cgroup")
    write(os.path.join(cg, "cgroup.controllers"), "cpuset cpu io memory hugetlb pids\n")
    write(os.path.join(cg, "cpu.stat"), "usage_usec 999000000\n")
    write(os.path.join(cg, "io.stat"), "8:0 rbytes=1000000 wbytes=2000000 rios=100 wios=200 dbytes=0 dios=0\n")

    H = dict(HOST)
    # the host: init, kthreadd, a shell and the container runtime every jail hangs off
    proc(root, 1, "systemd", 0, H, "0::/init.scope\n", [1], 100, 50, 1, 1, 100 << 20, 10000, 50)
    proc(root, 2, "kthreadd", 0, H, "0::/\n", [2], 0, 0, 1, 1, 0, 0, 0)
    proc(root, 50, "sshd", 1, H, "0::/system.slice/ssh.service\n", [50], 10, 10, 1, 100, 20 << 20, 4000, 6)
    proc(root, 100, "containerd", 1, H, "0::/system.slice/containerd.service\n", [100], 500, 200, 12, 300, 300 << 20, 60000, 40)
    netdev(root, 1, [("lo", 10, 1, 10, 1), ("eth0", 1000000, 1000, 2000000, 2000)])

    for i in range(1, n + 1):
        pidns = NS_BASE + 10 * i
        ns = dict(pid=pidns, net=pidns + 1, ipc=HOST["ipc"], uts=HOST["uts"])
        init = 1000 + 2 * i          # host pids 1002, 1004, …; the worker is init + 1
        cgroup = f"/jails/j{i:04d}"
        proc(root, init, "init", 100, ns, f"0::{cgroup}\n", [init, 1], 100 + i, 50 + i, 1, 10000 + i,
             40 << 20, 4000 + i, 5, rootlink=f"/var/lib/jails/j{i:04d}")
        proc(root, init + 1, "worker", init, ns, f"0::{cgroup}\n", [init + 1, 2], 1000 + 3 * i, 200 + i, 4,
             10100 + i, 200 << 20, 30000 + 7 * i, 12, rootlink=f"/var/lib/jails/j{i:04d}")
        write(os.path.join(cg, cgroup.lstrip("/"), "cpu.stat"),
              f"usage_usec {(1350 + 4 * i) * 10000}\nuser_usec {(1100 + 3 * i) * 10000}\nsystem_usec {(250 + i) * 10000}\n")
        write(os.path.join(cg, cgroup.lstrip("/"), "io.stat"),
              f"8:0 rbytes={4096 * i} wbytes={8192 * i} rios={i} wios={2 * i} dbytes=0 dios=0\n")
        rows = [("lo", 100 * i, i, 100 * i, i), ("eth0", 5000 * i, 50 * i, 7000 * i, 70 * i)]
        if i % 3 == 0:
            rows.append(("eth1", 300 * i, 3 * i, 400 * i, 4 * i))
        netdev(root, init, rows)
        v4 = f"10.200.{i >> 8}.{i & 255}"
        v6 = f"fd00000000000000000000000000{i:04x}"
        addresses(root, init, v4, v6)
    print(f"{root}: {n} jails, {2 * n + 4} processes")


if __name__ == "__main__":
    main()
