"""Replaces one generated section of BENCHMARKS.md (used by the bench scripts' report code).

A section runs from `<!-- NAME: generated ...` to `<!-- /NAME -->`; a file without one gets it appended,
and a missing file is started with the usual heading.
"""
import os
import re

HEADING = "# Benchmarks\n\nFigures from the scripts in bench/. Each section is replaced when its script is rerun.\n"


def write_section(path, name, section):
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
    else:
        text = HEADING
    pattern = re.compile(rf"<!-- {re.escape(name)}: generated.*?<!-- /{re.escape(name)} -->", re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
    with open(path, "w") as f:
        f.write(text)
    print(f"\n(wrote {path})")


def publish(name, section):
    """Prints a bench script's section and, unless the script was given --no-write (WRITE=0 in the
    environment), puts it into the BENCHMARKS.md that BENCHMARKS names."""
    print(section)
    if os.environ.get("WRITE") == "1":
        write_section(os.environ["BENCHMARKS"], name, section)
