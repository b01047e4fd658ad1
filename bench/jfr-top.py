#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: jdk.ExecutionSample events by thread (thread names
with their numbers folded: conv-0 and conv-1 -> conv-N), the top frames of all samples, and, for
the busiest threads, their top frames and the first frame of our own code (dev.frontline) under them.

Usage: bench/jfr-top.py RECORDING.jfr [TOP]      (needs `jfr` of the JDK on the PATH)
"""
import collections
import re
import subprocess
import sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                      capture_output=True, text=True, check=True).stdout

samples = []  # (thread, [frames top first])
thread, frames, in_stack = None, [], False
for line in text.splitlines():
    s = line.strip()
    if s.startswith("jdk.ExecutionSample"):
        thread, frames, in_stack = None, [], False
    elif s.startswith("sampledThread"):
        m = re.search(r'"(.*)"', s)
        thread = m.group(1) if m else s
    elif s.startswith("stackTrace = ["):
        in_stack = True
    elif in_stack and s == "]":
        in_stack = False
    elif in_stack and s and s != "...":
        frames.append(re.sub(r"\s+line:.*$", "", s))
    elif s == "}" and thread is not None:
        samples.append((thread, frames))
        thread = None

def fold(t):
    return re.sub(r"\d+", "N", t)

n = len(samples)
print(f"{n} execution samples")
if n == 0:
    sys.exit(0)
by_thread = collections.Counter(fold(t) for t, _ in samples)
print("\nby thread (numbers folded):")
for t, c in by_thread.most_common(top):
    print(f"{c:8d} {100.0 * c / n:5.1f}%  {t}")

def top_frames(rows, k):
    cnt = collections.Counter(f[0] for _, f in rows if f)
    return cnt.most_common(k)

print("\ntop frames, all threads:")
for fr, c in top_frames(samples, top):
    print(f"{c:8d} {100.0 * c / n:5.1f}%  {fr}")

for t, c in by_thread.most_common(4):
    rows = [r for r in samples if fold(r[0]) == t]
    print(f"\n{t}: {c} samples; top frames:")
    for fr, k in top_frames(rows, 8):
        print(f"{k:8d} {100.0 * k / c:5.1f}%  {fr}")
    ours = collections.Counter()
    for _, f in rows:
        mine = next((x for x in f if x.startswith("dev.frontline")), "(no dev.frontline frame)")
        ours[mine] += 1
    print(f"  first dev.frontline frame on the stack:")
    for fr, k in ours.most_common(8):
        print(f"{k:8d} {100.0 * k / c:5.1f}%  {fr}")
