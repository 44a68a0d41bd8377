#!/usr/bin/env python3
"""Writes the procfs/sysfs fixture trees v2/ and v1/ (checked in; rerun after editing, then review the diff).

Each tree: proc/ (procfs as LinuxJailSource reads it), sys/fs/cgroup/ (cgroup v2 or v1),
ns/ (what DirectoryNamespaceReader and DirectoryFilesystemStats serve: ipc/<inode>/{shm,sem,msg},
uts/<inode>/hostname, statfs). Namespace links are real (dangling) symlinks like pid:[4026531836].
"""
import os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
HOST = dict(pid=4026531836, net=4026531840, ipc=4026531839, uts=4026531838)

SHM_HDR = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
SEM_HDR = "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
MSG_HDR = "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n"
NETDEV_HDR = ("Inter-|   Receive                                                |  Transmit\n"
              " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n")

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)

def proc(root, pid, comm, ppid, ns, cgroup, nspid=None, state="S", tty=0, utime=0, stime=0, threads=1,
         start=0, vsize=0, rss_kb=None, swap_kb=0, fds=0, rootlink="/", status=True):
    d = os.path.join(root, "proc", str(pid))
    os.makedirs(os.path.join(d, "ns"), exist_ok=True)
    fields = [state, ppid, pid, pid, tty, -1, 4194304, 100, 0, 0, 0, utime, stime, 0, 0, 20, 0, threads, 0, start, vsize,
              (rss_kb or 0) // 4] + [0] * 27
    write(os.path.join(d, "stat"), f"{pid} ({comm}) " + " ".join(str(x) for x in fields) + "\n")
    if status:
        nspid = nspid or [pid]
        lines = [f"Name:\t{comm}", f"State:\t{state} (x)", f"Tgid:\t{pid}", f"Pid:\t{pid}", f"PPid:\t{ppid}",
                 "NStgid:\t" + "\t".join(map(str, nspid)), "NSpid:\t" + "\t".join(map(str, nspid))]
        if rss_kb is not None:
            lines += [f"VmSize:\t{vsize // 1024:8d} kB", f"VmRSS:\t{rss_kb:8d} kB", f"VmSwap:\t{swap_kb:8d} kB"]
        lines += [f"Threads:\t{threads}"]
        write(os.path.join(d, "status"), "\n".join(lines) + "\n")
    for kind in ("pid", "net", "ipc", "uts"):
        os.symlink(f"{kind}:[{ns[kind]}]", os.path.join(d, "ns", kind))
    write(os.path.join(d, "cgroup"), cgroup)
    os.makedirs(os.path.join(d, "fd"), exist_ok=True)
    for i in range(fds):
        os.symlink(f"/dev/null-{i}", os.path.join(d, "fd", str(i)))
    os.symlink(rootlink, os.path.join(d, "root"))
    return d

def netdev(root, pid, rows):
    text = NETDEV_HDR
    for name, rxb, rxp, txb, txp in rows:
        text += f"{name:>6}: {rxb} {rxp} 1 2 0 0 0 0 {txb} {txp} 3 4 0 0 0 0\n"
    write(os.path.join(root, "proc", str(pid), "net", "dev"), text)

def ipc(root, inode, shm=(), sems=(), msgs=()):
    d = os.path.join(root, "ns", "ipc", str(inode))
    write(os.path.join(d, "shm"), SHM_HDR + "".join(
        f"         0      {i} 600 {size:21d}   1   1      1     0     0     0     0          0          0          0          4096                     0\n"
        for i, size in enumerate(shm)))
    write(os.path.join(d, "sem"), SEM_HDR + "".join(
        f"         0      {i} 600 {n:10d}     0     0     0     0          0          0\n" for i, n in enumerate(sems)))
    write(os.path.join(d, "msg"), MSG_HDR + "".join(
        f"         0      {i} 600 {cb:11d} {q:10d}     0     0     0     0     0     0          0          0          0\n"
        for i, (cb, q) in enumerate(msgs)))

def hostname(root, inode, name):
    write(os.path.join(root, "ns", "uts", str(inode), "hostname"), name + "\n")

def kernel(root):
    k = os.path.join(root, "proc", "sys", "kernel")
    for name, value in dict(shmmni="4096", shmall="2097152", shmmax="33554432", sem="32000\t1024000000\t500\t32000",
                            msgmni="32000", msgmax="8192", msgmnb="16384", hostname="fixturehost").items():
        write(os.path.join(k, name), value + "\n")
    write(os.path.join(root, "proc", "stat"),
          "cpu  1000 20 300 50000 40 5 6 7 0 0\ncpu0 1000 20 300 50000 40 5 6 7 0 0\nintr 0\nbtime 1700000000\nprocesses 1234\n")

def ns(pid, net=None, ipc=None, uts=None):
    return dict(pid=pid, net=net or HOST["net"], ipc=ipc or HOST["ipc"], uts=uts or HOST["uts"])

def v2():
    root = os.path.join(HERE, "v2")
    shutil.rmtree(root, ignore_errors=True)
    kernel(root)
    cg = os.path.join(root, "sys", "fs", "cgroup")
    write(os.path.join(cg, "cgroup.controllers"), "cpuset cpu io memory hugetlb pids\n")
    write(os.path.join(cg, "cpu.stat"), "usage_usec 999000000\n")
    write(os.path.join(cg, "io.stat"), "8:0 rbytes=1000000 wbytes=2000000 rios=100 wios=200 dbytes=0 dios=0\n")
    docker = "/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope"
    A = ns(4026532281, 4026532284, 4026532282, 4026532283)
    B = ns(4026532301, 4026532304, None, 4026532303)
    C = ns(4026532401, 4026532404, 4026532402, 4026532403)
    D = ns(4026532411, 4026532404, 4026532412, 4026532413)
    H = ns(HOST["pid"])
    # the host
    proc(root, 1, "systemd", 0, H, "0::/init.scope\n", utime=100, stime=50, start=1, vsize=100 << 20, rss_kb=10000, fds=50)
    proc(root, 2, "kthreadd", 0, H, "0::/\n", start=1)
    proc(root, 50, "sshd", 1, H, "0::/system.slice/ssh.service\n", utime=10, stime=10, start=100, vsize=20 << 20, rss_kb=4000, fds=6)
    proc(root, 51, "bash", 50, H, "0::/user.slice/session-1.scope\n", tty=(136 << 8) | 0, utime=5, stime=5, start=200, vsize=10 << 20, rss_kb=3000, fds=4)
    proc(root, 100, "containerd-shim", 1, H, "0::/system.slice/containerd.service\n", start=300, vsize=30 << 20, rss_kb=6000, fds=12)
    # A: a docker container, own cgroup, own net/ipc/uts
    proc(root, 200, "nginx", 100, A, f"0::{docker}\n", nspid=[200, 1], tty=(136 << 8) | 1, utime=300, stime=200, threads=2,
         start=50000, vsize=200 << 20, rss_kb=20000, swap_kb=100, fds=10, rootlink="/var/lib/docker/overlay2/abc/merged")
    proc(root, 201, "nginx", 200, A, f"0::{docker}\n", nspid=[201, 7], tty=(136 << 8) | 1, utime=30, stime=20, threads=4,
         start=50010, vsize=100 << 20, rss_kb=5000, fds=3, rootlink="/var/lib/docker/overlay2/abc/merged")
    write(os.path.join(cg, docker.lstrip("/"), "cpu.stat"), "usage_usec 12345678\nuser_usec 10000000\nsystem_usec 2345678\n")
    write(os.path.join(cg, docker.lstrip("/"), "io.stat"),
          "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n8:16 rbytes=1000 wbytes=2000 rios=10 wios=20 dbytes=0 dios=0\n")
    netdev(root, 200, [("lo", 100, 1, 100, 1), ("eth0", 5000, 50, 7000, 70)])
    write(os.path.join(root, "proc", "200", "net", "fib_trie"),
          "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n     +-- 127.0.0.0/8 2 0 2\n"
          "        |-- 127.0.0.1\n           /32 host LOCAL\n     +-- 172.17.0.0/16 2 0 2\n        |-- 172.17.0.0\n"
          "           /16 link UNICAST\n        |-- 172.17.0.2\n           /32 host LOCAL\n        |-- 172.17.255.255\n"
          "           /32 link BROADCAST\nLocal:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 172.17.0.2\n        /32 host LOCAL\n")
    write(os.path.join(root, "proc", "200", "net", "if_inet6"),
          "00000000000000000000000000000001 01 80 10 80       lo\n"
          "fe800000000000000042acfffe110002 02 40 20 80     eth0\n"
          "fd000000000000000000000000000002 02 40 00 80     eth0\n")
    ipc(root, A["ipc"], shm=[1048576, 65536], sems=[3], msgs=[(300, 2)])
    hostname(root, A["uts"], "0123456789ab")
    # B: a systemd-nspawn machine (init in init.scope below the machine scope), shares the host's IPC
    mscope = "/machine.slice/machine-web\\x2d1.scope"
    proc(root, 300, "systemd", 1, B, f"0::{mscope}/init.scope\n", nspid=[300, 1], utime=40, stime=10, start=60000, vsize=50 << 20, rss_kb=8000, fds=20)
    proc(root, 301, "nginx", 300, B, f"0::{mscope}/system.slice/nginx.service\n", nspid=[301, 12], utime=60, stime=40, start=60100, vsize=60 << 20, rss_kb=9000, fds=7)
    write(os.path.join(cg, mscope.lstrip("/"), "cpu.stat"), "usage_usec 2000000\n")
    netdev(root, 300, [("lo", 0, 0, 0, 0), ("host0", 1234, 12, 4321, 21)])
    hostname(root, B["uts"], "web-1")
    # C: an LXC container; D: a PID namespace nested in it, in the same cgroup
    proc(root, 400, "init", 1, C, "0::/lxc.payload.db/init.scope\n", nspid=[400, 1], utime=70, stime=30, start=70000, vsize=40 << 20, rss_kb=7000, fds=9)
    proc(root, 401, "unshare", 400, D, "0::/lxc.payload.db/init.scope\n", nspid=[401, 5, 1], utime=11, stime=9, start=70100, vsize=5 << 20, rss_kb=1000, fds=3)
    proc(root, 402, "sleep", 401, D, "0::/lxc.payload.db/init.scope\n", nspid=[402, 6, 2], utime=2, stime=1, threads=3, start=70200, vsize=5 << 20, rss_kb=500, fds=3)
    write(os.path.join(cg, "lxc.payload.db", "cpu.stat"), "usage_usec 7500000\n")
    netdev(root, 400, [("lo", 0, 0, 0, 0), ("eth0", 999, 9, 888, 8)])
    ipc(root, C["ipc"], sems=[5])
    ipc(root, D["ipc"], msgs=[(10, 1)])
    hostname(root, C["uts"], "db")
    hostname(root, D["uts"], "inner")
    # E, F: plain cgroups with the same leaf name; host net/ipc/uts
    proc(root, 500, "make", 1, ns(4026532501), "0::/jails/build\n", nspid=[500, 1], utime=500, stime=100, start=80000, vsize=10 << 20, rss_kb=1000, fds=5)
    write(os.path.join(cg, "jails", "build", "cpu.stat"), "usage_usec 6100000\n")
    proc(root, 600, "make", 1, ns(4026532601), "0::/other/build\n", nspid=[600, 1], utime=1, stime=1, start=80000, vsize=10 << 20, rss_kb=1000, fds=5)
    write(os.path.join(cg, "other", "build", "cpu.stat"), "usage_usec 20000\n")
    # G: only a PID namespace, in the host init's cgroup
    proc(root, 700, "sleep", 1, ns(4026532701), "0::/init.scope\n", nspid=[700, 1], utime=3, stime=2, start=90000, vsize=5 << 20, rss_kb=700, fds=3)
    # H: renamed by its PID namespace; I: renamed by its cgroup path
    proc(root, 800, "sleep", 1, ns(4026532801), "0::/jails/mapme\n", nspid=[800, 1], start=90000, vsize=5 << 20, rss_kb=800, fds=3)
    proc(root, 900, "sleep", 1, ns(4026532901), "0::/jails/legacy\n", nspid=[900, 1], start=90000, vsize=5 << 20, rss_kb=900, fds=3)
    # J: dying: its init is gone, one process remains
    proc(root, 1001, "worker", 1, ns(4026533001), "0::/jails/dying\n", nspid=[1001, 7], start=95000, vsize=5 << 20, rss_kb=100, fds=1)
    # a process that vanished mid-scan: stat read, status gone
    proc(root, 1101, "gone", 1, ns(4026533101), "0::/jails/gone\n", nspid=[1101, 1], start=95000, status=False)
    netdev(root, 1, [("lo", 10, 1, 10, 1), ("eth0", 1000000, 1000, 2000000, 2000)])
    ipc(root, HOST["ipc"], shm=[4096])
    hostname(root, HOST["uts"], "fixturehost")
    write(os.path.join(root, "ns", "statfs"),
          "1/root 4096 1000000 400000 350000 65536 60000\n200/root 4096 500000 100000 90000 32768 30000\n")

def v1():
    root = os.path.join(HERE, "v1")
    shutil.rmtree(root, ignore_errors=True)
    kernel(root)
    cg = os.path.join(root, "sys", "fs", "cgroup")
    for d in ("memory", "cpu,cpuacct", "blkio", "pids", "systemd"):
        os.makedirs(os.path.join(cg, d), exist_ok=True)
    write(os.path.join(cg, "unified", "cgroup.controllers"), "hugetlb\n")
    write(os.path.join(cg, "cpu,cpuacct", "cpuacct.usage"), "50000000000\n")
    def lines(mem, cpu, blk, pids):
        return (f"12:pids:{pids}\n9:blkio:{blk}\n6:memory:{mem}\n3:cpu,cpuacct:{cpu}\n"
                f"1:name=systemd:{mem}\n0::/\n")
    H = ns(HOST["pid"])
    proc(root, 1, "init", 0, H, lines("/", "/", "/", "/"), utime=100, stime=100, start=1, vsize=10 << 20, rss_kb=2000, fds=10)
    # K: an LXC-style v1 container under /lxc/web in every controller
    K = ns(4026532281, 4026532284, 4026532282, 4026532283)
    proc(root, 10, "init", 1, K, lines("/lxc/web", "/lxc/web", "/lxc/web", "/lxc/web"), nspid=[10, 1], utime=50, stime=50, threads=2,
         start=1000, vsize=20 << 20, rss_kb=3000, fds=8)
    proc(root, 11, "httpd", 10, K, lines("/lxc/web/sub", "/lxc/web/sub", "/lxc/web/sub", "/lxc/web/sub"), nspid=[11, 2],
         utime=25, stime=25, start=1100, vsize=30 << 20, rss_kb=4000, swap_kb=64, fds=6)
    write(os.path.join(cg, "cpu,cpuacct", "lxc", "web", "cpuacct.usage"), "2500000000\n")
    write(os.path.join(cg, "blkio", "lxc", "web", "blkio.throttle.io_service_bytes_recursive"),
          "8:0 Read 4096\n8:0 Write 12288\n8:0 Sync 0\n8:0 Async 16384\n8:0 Discard 0\n8:0 Total 16384\n"
          "8:16 Read 100\n8:16 Write 200\n8:16 Total 300\nTotal 16684\n")
    write(os.path.join(cg, "blkio", "lxc", "web", "blkio.throttle.io_serviced_recursive"),
          "8:0 Read 1\n8:0 Write 3\n8:0 Total 4\n8:16 Read 5\n8:16 Write 7\n8:16 Total 12\nTotal 16\n")
    write(os.path.join(cg, "blkio", "blkio.throttle.io_service_bytes_recursive"), "8:0 Read 777\n8:0 Write 888\nTotal 1665\n")
    write(os.path.join(cg, "blkio", "blkio.throttle.io_serviced_recursive"), "8:0 Read 7\n8:0 Write 8\nTotal 15\n")
    netdev(root, 10, [("lo", 0, 0, 0, 0), ("eth0", 42, 1, 24, 1)])
    ipc(root, K["ipc"])
    hostname(root, K["uts"], "web")
    # L: a machine scope in memory/pids only; cpu and blkio stay at the root (not owned: fallback cputime, no io)
    L = ns(4026532381)
    proc(root, 20, "app", 1, L, lines("/machine.slice/machine-app.scope", "/", "/", "/machine.slice/machine-app.scope"),
         nspid=[20, 1], utime=150, stime=50, start=2000, vsize=5 << 20, rss_kb=500, fds=2)
    netdev(root, 1, [("lo", 1, 1, 1, 1)])
    ipc(root, HOST["ipc"])
    hostname(root, HOST["uts"], "fixturehost")
    write(os.path.join(root, "ns", "statfs"), "1/root 1024 100 50 40 10 5\n")

v2()
v1()
# git keeps no empty directories: remove them here too, so the trees tested are the trees checked in.
for base in ("v1", "v2"):
    for dirpath, dirnames, filenames in os.walk(os.path.join(HERE, base), topdown=False):
        if not os.listdir(dirpath):
            os.rmdir(dirpath)
