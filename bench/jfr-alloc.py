#!/usr/bin/env python3
"""Heap allocated by the server during a JFR recording, from jdk.ThreadAllocationStatistics (each
thread's running total of bytes allocated, sampled every second by settings=profile): the sum over
threads of (last - first), by folded thread name, and per acknowledged message when given the
load generator's report of the same seconds.

Usage: bench/jfr-alloc.py RECORDING.jfr [LOAD.txt]     (needs `jfr` of the JDK on the PATH)
"""
import collections
import json
import re
import subprocess
import sys

path = sys.argv[1]
text = subprocess.run(["jfr", "print", "--events", "jdk.ThreadAllocationStatistics", path],
                      capture_output=True, text=True, check=True).stdout

first, last = {}, {}
start_s, end_s = None, None
allocated, thread = None, None
for line in text.splitlines():
    s = line.strip()
    if s.startswith("jdk.ThreadAllocationStatistics"):
        allocated, thread = None, None
    elif s.startswith("allocated ="):
        m = re.match(r"allocated = ([\d.]+) (bytes|kB|MB|GB)", s)
        mult = {"bytes": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}[m.group(2)]
        allocated = float(m.group(1)) * mult
    elif s.startswith("thread ="):
        m = re.search(r'"(.*)"', s)
        thread = m.group(1) if m else s
    elif s == "}" and thread is not None and allocated is not None:
        first.setdefault(thread, allocated)
        last[thread] = allocated
        thread = None

by = collections.Counter()
for t, a in last.items():
    by[re.sub(r"\d+", "N", t)] += a - first[t]
total = sum(by.values())
print(f"allocated during the recording: {total / 1024 ** 2:.1f} MiB")
for t, a in by.most_common(8):
    print(f"  {a / 1024 ** 2:10.1f} MiB  {t}")
if len(sys.argv) > 2:
    line = [l for l in open(sys.argv[2]) if l.startswith("RESULT ")][-1]
    j = json.loads(line[7:])
    acked = j.get("ackedPerSecond", 0) * j.get("durationSeconds", j.get("duration", 0))
    if acked:
        print(f"per acknowledged message: {total / acked / 1024:.1f} KiB ({acked:.0f} messages)")
    else:
        print("RESULT has no duration: " + ", ".join(sorted(j)))
