#!/usr/bin/env python3
"""Turns `strace -f -e trace=openat,readlink,statfs` of one sample into sample-floor's list: the paths under
ROOT that the service opened, listed, read as links or statfs'd, each (operation, path) once, in first-seen order."""
import re, sys

strace, root = sys.argv[1], sys.argv[2]
seen, out = set(), []
call = re.compile(r'^(?:\d+\s+)?(?:<\.\.\. )?(openat|readlink|statfs)\((?:AT_FDCWD, )?"([^"]+)"(.*)$')
for line in open(strace):
    m = call.match(line)
    if not m or not m.group(2).startswith(root): continue
    name, path, rest = m.groups()
    op = {"readlink": "L", "statfs": "S"}.get(name) or ("D" if "O_DIRECTORY" in rest else "F")
    if (op, path) not in seen:
        seen.add((op, path))
        out.append(f"{op} {path}")
print("\n".join(out))
