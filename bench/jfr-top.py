#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went (and, at the end, its GC pauses and slow fsyncs): jdk.ExecutionSample events by thread (thread names
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


def durations(event, field):
    """Values of a duration field of an event (ms), with the thread that had them."""
    out = subprocess.run(["jfr", "print", "--events", event, path], capture_output=True, text=True).stdout
    vals, thread = [], None
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("eventThread") or s.startswith("sampledThread"):
            m = re.search(r'"(.*)"', s)
            thread = m.group(1) if m else None
        m = re.match(field + r" = ([0-9.]+) (ns|us|ms|s)$", s)
        if m:
            v = float(m.group(1)) * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1000.0}[m.group(2)]
            vals.append((v, thread))
    return vals

def summary(name, vals):
    if not vals:
        print(f"\n{name}: none recorded")
        return
    v = sorted(x for x, _ in vals)
    pick = lambda q: v[min(len(v) - 1, int(q * len(v)))]
    print(f"\n{name}: n={len(v)} total={sum(v):.0f} ms median={pick(0.5):.1f} p90={pick(0.9):.1f} max={v[-1]:.1f} ms")
    threads = collections.Counter(fold(t or "?") for _, t in vals)
    print("  threads: " + ", ".join(f"{t} {c}" for t, c in threads.most_common(4)))

summary("GC pauses (jdk.GarbageCollection sumOfPauses)", durations("jdk.GarbageCollection", "sumOfPauses"))
summary("fsyncs above the recording threshold (jdk.FileForce duration)", durations("jdk.FileForce", "duration"))
summary("monitor waits above the threshold (jdk.JavaMonitorEnter duration)", durations("jdk.JavaMonitorEnter", "duration"))
