"""Samples a process's CPU time per thread group for some seconds: where the server's CPU goes under load.

Usage: python3 bench/threads.py PID SECONDS  -> one JSON object {thread group: percent of one core}.
Thread names are grouped by replacing digits (http-thread-pool::http-listener(3) -> ...(N)).
"""
import json
import os
import re
import sys
import time

pid, seconds = sys.argv[1], float(sys.argv[2])


def snapshot():
    times = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
        except OSError:  # the thread ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        times[tid] = (name, int(fields[11]) + int(fields[12]))  # utime + stime in clock ticks
    return times


before = snapshot()
time.sleep(seconds)
after = snapshot()
ticks = os.sysconf("SC_CLK_TCK")
groups = {}
for tid, (name, used) in after.items():
    group = re.sub(r"\d+", "N", name)
    groups[group] = groups.get(group, 0) + used - before.get(tid, (name, 0))[1]
shares = {g: round(100 * t / ticks / seconds, 1) for g, t in sorted(groups.items(), key=lambda kv: -kv[1]) if t > 0}
print(json.dumps(shares))
