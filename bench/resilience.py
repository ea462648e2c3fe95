#!/usr/bin/env python3
"""Resilience scenarios against a real Sentio server (issue #12); not part of CI.

    python3 bench/resilience.py [--build] SCENARIO [SCENARIO ...]

Scenarios (each starts its own Payara Micro on a free port, with the settings it names):
  slow      300 slow-body connections for 60 s (one byte every 5 s of a 100,000-byte body, reconnecting after
            each answer) while one client polls /health/ready and another sends single texts
  flood     texts/s of 4 connections of 128-text requests, then 30 connections of them (wrk, Retry-After
            ignored), then 4 again, each for 30 s while one client sends single texts; the flood's texts/s is
            compared with the mean of the two unflooded runs
  deadline  REQUEST_TIMEOUT=1 behind a full queue: when the 408s of 1-text and 128-text requests arrive
  sigterm   20 rounds: 16 clients of single texts and 6 of 128-text requests, then SIGTERM after 5 s; a client
            that gets 503 with Retry-After goes elsewhere (stops), as a client of a stopping instance would
  soak      one hour at concurrency 32 after a minute of warm-up (wrk, 5-minute windows): errors, resident memory
            and p99 per window
Figures go to bench/results/resilience-SCENARIO.json and a summary to stdout. Needs python3, wrk and curl;
--build packages the WAR first (mvn package -DskipTests). Environment: ROUNDS (sigterm, 20), SOAK_MINUTES (60),
SENTENCES (default ../shared/data/sst2/dev.tsv).
"""
import asyncio
import glob
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
WAR = os.path.join(ROOT, "target", "sentio.war")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def sentences():
    path = os.environ.get("SENTENCES", os.path.join(ROOT, "..", "shared", "data", "sst2", "dev.tsv"))
    out = os.path.join(RESULTS, "sentences.txt")
    with open(path, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        lines = [line.rstrip("\n").split("\t")[-1] for line in f][1:]
        w.write("\n".join(lines) + "\n")
    return out, lines


class Server:
    """One Payara Micro with Sentio, started through server-config/payara-micro.sh."""

    def __init__(self, name, env=None, log="payara.log"):
        self.port = free_port()
        self.dir = os.path.join(RESULTS, "resilience-" + name)
        os.makedirs(self.dir, exist_ok=True)
        self.log = os.path.join(self.dir, log)
        jar = subprocess.check_output(["bash", os.path.join(ROOT, "bench", "payara-jar.sh")], text=True,
                                      stderr=subprocess.DEVNULL).strip()
        # the result cache off: the scenarios cycle through the same sentences and must load the engine
        environment = dict(os.environ, MODELS_DIR=os.path.join(ROOT, "models"), JAVA_OPTS="-Xmx1g", CACHE_ENABLED="false")
        environment.update(env or {})
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(["bash", os.path.join(ROOT, "server-config", "payara-micro.sh"), jar, WAR,
                                             str(self.port)], cwd=self.dir, env=environment, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited; see " + self.log)
            try:
                if get(self.port, "/health/ready")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("server not ready in 180 s; see " + self.log)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def get(port, path, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


class Client:
    """A keep-alive HTTP client that reconnects after an error."""

    def __init__(self, port, timeout=60):
        self.port, self.timeout, self.conn = port, timeout, None

    def post(self, body):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.conn.request("POST", "/api/analyze", body=body, headers={"Content-Type": "application/json"})
            r = self.conn.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
        except Exception:
            self.conn.close()
            self.conn = None
            raise


def single(text):
    return json.dumps({"text": text}).encode()


def many(lines, n, offset=0):
    return json.dumps({"texts": [lines[(offset + i) % len(lines)] for i in range(n)]}).encode()


def steady(port, stop, make_body, record, pause=0.0, leave_on_503=False):
    """Sends requests one after the other until stop is set; record(status, seconds, headers, body). With leave_on_503
    the client goes elsewhere (stops) after a 503 with Retry-After, as the contract tells clients of a stopping server."""
    client, i = Client(port), 0
    while not stop.is_set():
        start = time.perf_counter()
        try:
            status, headers, body = client.post(make_body(i))
        except Exception as e:
            status, headers, body = type(e).__name__, {}, b""
        record(status, time.perf_counter() - start, headers, body)
        i += 1
        if leave_on_503 and status == 503 and "retry-after" in headers:
            return
        if pause:
            time.sleep(pause)


def summarize(statuses, latencies):
    return {"requests": len(statuses), "ok": sum(1 for s in statuses if s == 200),
            "by_status": {k: list(map(str, statuses)).count(k) for k in sorted(set(map(str, statuses)))},
            "p50_ms": round(1000 * percentile(latencies, 50), 1) if latencies else None,
            "p99_ms": round(1000 * percentile(latencies, 99), 1) if latencies else None}


# ---------------------------------------------------------------------------------------------------- slow
async def slow_connection(port, stop_at, record, deadline_s):
    """Keeps one slow-body connection open until stop_at: headers, then one byte every 5 s; reconnects after each answer."""
    while time.time() < stop_at:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100000\r\n\r\n{")
            await writer.drain()
            start = time.time()
            answer = b""
            while time.time() < stop_at + deadline_s + 5:
                try:
                    answer = await asyncio.wait_for(reader.read(4096), 5)
                    break
                except asyncio.TimeoutError:
                    writer.write(b" ")
                    await writer.drain()
            status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else ("eof" if answer == b"" else "?")
            record(status, time.time() - start, b"problem+json" in answer)
            writer.close()
        except (ConnectionError, OSError) as e:
            record(type(e).__name__, 0, False)
            await asyncio.sleep(0.5)


def scenario_slow(lines):
    deadline_s = 5.0
    server = Server("slow")
    try:
        results = {"slow": [], "health": [], "analyze": []}
        stop = threading.Event()
        probes = [threading.Thread(target=steady_health, args=(server.port, stop, results["health"])),
                  threading.Thread(target=steady, args=(server.port, stop, lambda i: single(lines[i % len(lines)]),
                                                        lambda s, t, h, b: results["analyze"].append((s, t)), 0.05))]
        for p in probes:
            p.start()
        stop_at = time.time() + 60

        async def attack():
            await asyncio.gather(*[slow_connection(server.port, stop_at, lambda s, t, p: results["slow"].append((s, t, p)),
                                                   deadline_s) for _ in range(300)])

        asyncio.run(attack())
        stop.set()
        for p in probes:
            p.join()
        slow = results["slow"]
        answered = [t for s, t, p in slow if s == "408" and p]
        report = {
            "slow_connections": 300, "seconds": 60, "read_timeout_s": deadline_s,
            "slow_answers": {k: sum(1 for s, _, _ in slow if s == k) for k in sorted({s for s, _, _ in slow})},
            "slow_408_seconds_median": round(statistics.median(answered), 2) if answered else None,
            "slow_408_seconds_max": round(max(answered), 2) if answered else None,
            "slow_408_over_deadline_plus_1s": sum(1 for t in answered if t > deadline_s + 1),
            "health": summarize([s for s, _ in results["health"]], [t for _, t in results["health"]]),
            "analyze": summarize([s for s, _ in results["analyze"]], [t for _, t in results["analyze"]]),
        }
        return report
    finally:
        server.stop()


def steady_health(port, stop, out):
    while not stop.is_set():
        start = time.perf_counter()
        try:
            status = get(port, "/health/ready")[0]
        except Exception as e:
            status = type(e).__name__
        out.append((status, time.perf_counter() - start))
        time.sleep(0.1)


# --------------------------------------------------------------------------------------------------- flood
def wrk(port, connections, seconds, sentences_file, per_request=128):
    out = subprocess.check_output(["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, "--timeout", "60s",
                                   "-s", os.path.join(ROOT, "bench", "analyze.lua"), "http://127.0.0.1:%d" % port],
                                  env=dict(os.environ, SENTENCES=sentences_file, TEXTS_PER_REQUEST=str(per_request)),
                                  text=True)
    return json.loads(out.strip().splitlines()[-1])


def scenario_flood(lines, sentences_file):
    server = Server("flood")
    try:
        wrk(server.port, 4, 20, sentences_file)  # warm-up
        report = {}
        # unflooded, flooded, unflooded again: the host's speed drifts, so the flood is compared with both
        for name, connections in (("unflooded_4_connections", 4), ("flood_30_connections", 30),
                                  ("unflooded_again_4_connections", 4)):
            stop, light = threading.Event(), []
            t = threading.Thread(target=steady, args=(server.port, stop, lambda i: single(lines[i % len(lines)]),
                                                      lambda s, t, h, b: light.append((s, t)), 0.05))
            t.start()
            heavy = wrk(server.port, connections, 30, sentences_file)
            stop.set()
            t.join()
            heavy["texts_per_second"] = round(heavy["ok"] * 128 / heavy["seconds"], 1)
            report[name] = {"heavy": heavy, "single_text_client": summarize([s for s, _ in light], [t for _, t in light])}
        light = report["flood_30_connections"]["single_text_client"]
        report["single_text_ok_share"] = round(light["ok"] / max(1, light["requests"]), 3)
        unflooded = statistics.mean(report[k]["heavy"]["texts_per_second"]
                                    for k in ("unflooded_4_connections", "unflooded_again_4_connections"))
        report["flood_throughput_ratio"] = round(report["flood_30_connections"]["heavy"]["texts_per_second"] / unflooded, 3)
        return report
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------ deadline
def scenario_deadline(lines, sentences_file):
    server = Server("deadline", {"REQUEST_TIMEOUT": "1"})
    try:
        stop = threading.Event()
        # keep the queue deep: 6 clients of 128-text requests (each waits behind the others, most time out)
        load = [threading.Thread(target=steady, args=(server.port, stop, lambda i, k=k: many(lines, 128, 1000 * k + i),
                                                      lambda *a: None)) for k in range(6)]
        for t in load:
            t.start()
        time.sleep(5)
        report = {"request_timeout_s": 1.0}
        for name, n in (("1_text", 1), ("128_texts", 128)):
            client, times, statuses = Client(server.port), [], []
            for i in range(20):
                start = time.perf_counter()
                status, headers, body = client.post(many(lines, n, 7 * i) if n > 1 else single(lines[i]))
                statuses.append(status)
                if status == 408:
                    times.append(time.perf_counter() - start)
            report[name] = {"requests": 20, "408s": len(times), "statuses": {str(s): statuses.count(s) for s in set(statuses)},
                            "seconds_median": round(statistics.median(times), 3) if times else None,
                            "seconds_min": round(min(times), 3) if times else None,
                            "seconds_max": round(max(times), 3) if times else None,
                            "within_10_percent_or_100ms": sum(1 for t in times if abs(t - 1.0) <= 0.1)}
        stop.set()
        for t in load:
            t.join()
        return report
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------- sigterm
def scenario_sigterm(lines):
    rounds = int(os.environ.get("ROUNDS", "20"))
    report = {"rounds": [], "grace_s": 20}
    for r in range(rounds):
        server = Server("sigterm", log="payara-%d.log" % (r + 1))
        before = set(glob.glob(os.path.join(server.dir, "hs_err*")))
        records, stop, lock = [], threading.Event(), threading.Lock()
        signalled = [None]

        def record(kind):
            def add(status, seconds, headers, body):
                sent_after = signalled[0] is not None and time.time() - seconds > signalled[0]
                with lock:
                    records.append((kind, status, headers.get("retry-after"), headers.get("content-type", ""),
                                    sent_after))
            return add

        threads = [threading.Thread(target=steady, args=(server.port, stop, lambda i, k=k: single(lines[(97 * k + i) % len(lines)]),
                                                         record("single"), 0.0, True)) for k in range(16)]
        threads += [threading.Thread(target=steady, args=(server.port, stop, lambda i, k=k: many(lines, 128, 500 * k + i),
                                                          record("batch"), 0.0, True)) for k in range(6)]
        for t in threads:
            t.start()
        time.sleep(5)
        signalled[0] = time.time()
        server.process.send_signal(signal.SIGTERM)
        down = None
        while server.process.poll() is None and time.time() - signalled[0] < 60:
            if down is None:
                try:
                    if get(server.port, "/health/ready", timeout=1)[0] == 503:
                        down = time.time() - signalled[0]
                except OSError:
                    pass
            time.sleep(0.05)
        gone = time.time() - signalled[0]
        stop.set()
        for t in threads:
            t.join()
        server.stop()
        crashes = sorted(set(glob.glob(os.path.join(server.dir, "hs_err*"))) - before)
        refused_ok = lambda rec: rec[1] == 503 and rec[2] and "problem+json" in rec[3]
        lost = [rec for rec in records if rec[1] not in (200,) and not refused_ok(rec)
                and rec[1] != "ConnectionRefusedError"]
        report["rounds"].append({
            "round": r + 1, "exit_code": server.process.returncode, "readiness_down_s": round(down, 3) if down else None,
            "process_gone_s": round(gone, 2), "hs_err": len(crashes),
            "ok": sum(1 for rec in records if rec[1] == 200),
            "refused_503": sum(1 for rec in records if refused_ok(rec)),
            "connection_refused": sum(1 for rec in records if rec[1] == "ConnectionRefusedError"),
            "lost_or_wrong": len(lost), "lost_examples": [list(map(str, rec)) for rec in lost[:5]],
            "batch_ok": sum(1 for rec in records if rec[0] == "batch" and rec[1] == 200)})
        print("sigterm round", r + 1, json.dumps(report["rounds"][-1]), flush=True)
    rs = report["rounds"]
    report["total"] = {"rounds": len(rs), "hs_err": sum(x["hs_err"] for x in rs),
                       "lost_or_wrong": sum(x["lost_or_wrong"] for x in rs),
                       "ok": sum(x["ok"] for x in rs), "refused_503": sum(x["refused_503"] for x in rs),
                       "readiness_down_s_max": max((x["readiness_down_s"] or 99) for x in rs),
                       "process_gone_s_max": max(x["process_gone_s"] for x in rs)}
    return report


# ---------------------------------------------------------------------------------------------------- soak
def scenario_soak(sentences_file):
    minutes = int(os.environ.get("SOAK_MINUTES", "60"))
    # a fixed, pre-touched heap: resident memory then grows only if something really does, not as G1 touches
    # more of its heap (an earlier run without these grew 677 -> 880 MB in minutes 5-10, then stayed flat)
    server = Server("soak", {"JAVA_OPTS": "-Xms1g -Xmx1g -XX:+AlwaysPreTouch"})
    try:
        wrk(server.port, 32, 60, sentences_file, per_request=1)  # JIT warm-up, not counted
        windows = []
        for w in range(minutes // 5):
            result = wrk(server.port, 32, 300, sentences_file, per_request=1)
            with open("/proc/%d/status" % server.process.pid) as f:  # payara-micro.sh execs java
                rss_kb = int(next(line for line in f if line.startswith("VmRSS")).split()[1])
            result.update(window=w + 1, rss_mb=round(rss_kb / 1024, 1))
            windows.append(result)
            print("soak window", json.dumps(result), flush=True)
        first, last = windows[0], windows[-1]
        return {"minutes": minutes, "windows": windows,
                "errors": sum(w["socket_errors"] + w["http_errors"] for w in windows),
                "rss_end_vs_first_window": round(last["rss_mb"] / first["rss_mb"], 3),
                "p99_last_vs_first_window": round(last["p99_ms"] / first["p99_ms"], 3)}
    finally:
        server.stop()


def main(argv):
    if "--build" in argv:
        subprocess.check_call(["mvn", "-q", "-B", "package", "-DskipTests"], cwd=ROOT)
        argv = [a for a in argv if a != "--build"]
    if not argv:
        print(__doc__)
        return 2
    os.makedirs(RESULTS, exist_ok=True)
    sentences_file, lines = sentences()
    for name in argv:
        started = time.time()
        report = {"slow": lambda: scenario_slow(lines), "flood": lambda: scenario_flood(lines, sentences_file),
                  "deadline": lambda: scenario_deadline(lines, sentences_file),
                  "sigterm": lambda: scenario_sigterm(lines), "soak": lambda: scenario_soak(sentences_file)}[name]()
        report["scenario"], report["wall_seconds"] = name, round(time.time() - started)
        with open(os.path.join(RESULTS, "resilience-%s.json" % name), "w") as f:
            json.dump(report, f, indent=2)
        print(json.dumps({k: v for k, v in report.items() if k not in ("rounds", "windows")}, indent=2), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
