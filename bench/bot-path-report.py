#!/usr/bin/env python3
"""Summary of bench/bot-path.sh: per run, the client's send->ack and the server's bot figures over
the measured window (the difference of two /metrics scrapes; '-' for a server without /metrics, e.g. the floor). Usage: bot-path-report.py OUT SECONDS LABEL..."""
import json
import re
import sys

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+([-+0-9.eEInfNa]+)$')


def scrape(path):
    """{(name, frozenset(labels)): value} of a Prometheus text scrape; {} when missing."""
    out = {}
    try:
        for line in open(path, encoding="utf-8"):
            m = LINE.match(line.strip())
            if not m:
                continue
            labels = frozenset(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
            out[(m.group(1), labels)] = float(m.group(3))
    except FileNotFoundError:
        pass
    return out


def delta(a, b, name, **want):
    """Sum of b - a over the series called name whose labels include want."""
    total = 0.0
    for (n, labels), v in b.items():
        if n == name and all((k, w) in labels for k, w in want.items()):
            total += v - a.get((n, labels), 0.0)
    return total


def p99_bucket(a, b, name, **want):
    """The upper bound (ms) of the histogram bucket holding the 99th percentile over the window."""
    buckets = {}
    for (n, labels), v in b.items():
        if n == name + "_bucket" and all((k, w) in labels for k, w in want.items()):
            le = dict(labels)["le"]
            bound = float("inf") if le == "+Inf" else float(le)
            buckets[bound] = buckets.get(bound, 0.0) + v - a.get((n, labels), 0.0)
    if not buckets:
        return None, None
    bounds = sorted(buckets)
    count = buckets[bounds[-1]]
    if count <= 0:
        return None, 0
    for bound in bounds:
        if buckets[bound] >= 0.99 * count:
            return bound * 1000, count
    return float("inf"), count


def share_within(a, b, name, seconds, **want):
    within = 0.0
    count = 0.0
    for (n, labels), v in b.items():
        if n == name + "_bucket" and all((k, w) in labels for k, w in want.items()):
            le = dict(labels)["le"]
            d = v - a.get((n, labels), 0.0)
            if le == "+Inf":
                count += d
            elif abs(float(le) - seconds) < 1e-9:
                within += d
    return None if count == 0 else within / count


def fmt_ms(v):
    if v is None:
        return "-"
    return "inf" if v == float("inf") else f"<={v:g}"


def main():
    out, seconds, labels = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    print()
    print(f"{'run':<14} {'acked/s':>8} {'ack p50':>8} {'ack p90':>8} {'ack p99':>8} {'p99.9':>8} {'errors':>6} | "
          f"{'bot msg/s':>9} {'answer':>7} {'suggest':>7} {'handoff':>7} {'degraded':>8} "
          f"{'decide p99':>10} {'reply p99':>9} {'reply<=100ms':>12} | load avg start -> end")
    for label in labels:
        d = f"{out}/{label}"
        try:
            line = [x for x in open(f"{d}/load.txt", encoding="utf-8") if x.startswith("RESULT ")][-1]
            r = json.loads(line[7:])
        except (IndexError, FileNotFoundError):
            print(f"{label:<14} (no result; see {d})")
            continue
        a, b = scrape(f"{d}/metrics-start.txt"), scrape(f"{d}/metrics-end.txt")
        loads = []
        for f in ("loadavg-start.txt", "loadavg-end.txt"):
            try:
                loads.append(open(f"{d}/{f}", encoding="utf-8").read().strip())
            except FileNotFoundError:
                loads.append("?")
        ack = r.get("ackMs", {})
        client = (f"{label:<14} {r.get('ackedPerSecond', 0):8.0f} {ack.get('p50', 0):8.2f} {ack.get('p90', 0):8.2f} "
                  f"{ack.get('p99', 0):8.2f} {ack.get('p999', 0):8.2f} {r.get('errorReplies', 0):6d} |")
        if not b:
            print(f"{client} {'-':>9} {'-':>7} {'-':>7} {'-':>7} {'-':>8} {'-':>10} {'-':>9} {'-':>12} | "
                  f"{loads[0]} -> {loads[1]}")
            continue
        per = {k: delta(a, b, "frontline_bot_questions_seconds_count", decision=k) / seconds
               for k in ("answer", "suggest", "handoff")}
        bot_msgs = delta(a, b, "frontline_messages_total", **{"from": "bot"}) / seconds
        degraded = delta(a, b, "frontline_bot_degraded_total") / seconds
        has_degraded = any(n == "frontline_bot_degraded_total" for n, _ in b)
        decide, _ = p99_bucket(a, b, "frontline_bot_questions_seconds")
        reply, _ = p99_bucket(a, b, "frontline_bot_reply_seconds")
        within = share_within(a, b, "frontline_bot_reply_seconds", 0.1)
        print(f"{client} {bot_msgs:9.0f} {per['answer']:7.0f} "
              f"{per['suggest']:7.0f} {per['handoff']:7.0f} {(f'{degraded:8.0f}' if has_degraded else '       -')} "
              f"{fmt_ms(decide):>10} {fmt_ms(reply):>9} "
              f"{('-' if within is None else f'{100 * within:.1f}%'):>12} | {loads[0]} -> {loads[1]}")
    print("(per second over the measured window; ms; '<=X': the 99th percentile is in the bucket ending at X ms)")


if __name__ == "__main__":
    main()
