#!/usr/bin/env python3
"""Turns `strace -f -y -e trace=openat,readlink,statfs,pread64` of one sample into sample-floor's list: the paths
under ROOT that the service opened, listed, read as links or statfs'd, or read with pread through an fd it keeps
open from one sample to the next (-y names the fd's file), each (operation, path) once, in first-seen order. A
file read through a kept fd is a file read: the floor opens, reads and closes it like any other.
When the trace holds bench/InProcess's steady-state marker (an open of ROOT/proc/.jm-steady-state), only the
operations after the last marker count: those of the samples after the first, which read less (the service
keeps per-process facts from one sample to the next). With --failed it prints the number of failed opens
under ROOT (in the same part of the trace) instead of the list."""
import re, sys

args = [a for a in sys.argv[1:] if a != "--failed"]
strace, root = args
lines = open(strace).read().splitlines()
marks = [i for i, l in enumerate(lines) if "/.jm-steady-state" in l]
if marks: lines = lines[marks[-1] + 1:]
seen, out, failed = set(), [], 0
call = re.compile(r'^(?:\d+\s+)?(?:<\.\.\. )?(openat|readlink|statfs)\((?:AT_FDCWD(?:<[^>]*>)?, )?"([^"]+)"(.*)$')
pread = re.compile(r'^(?:\d+\s+)?(pread64)\(\d+<([^>]+)>(.*)$')
for line in lines:
    m = call.match(line) or pread.match(line)
    if not m or not m.group(2).startswith(root): continue
    name, path, rest = m.groups()
    if name == "openat" and "= -1 ENOENT" in rest: failed += 1
    op = {"readlink": "L", "statfs": "S"}.get(name) or ("D" if "O_DIRECTORY" in rest else "F")
    if (op, path) not in seen:
        seen.add((op, path))
        out.append(f"{op} {path}")
print(failed if "--failed" in sys.argv else "\n".join(out))
