"""Front-door figures: WAR size, Payara Micro start to first answered request, single-request latency
(median of 100, keep-alive), and resident memory after 1,000 requests.

Usage: python3 bench/front_door.py   (after `mvn package`; writes bench/results/front-door.json)
"""
import http.client
import json
import os
import statistics
import subprocess
import time

PORT = int(os.environ.get("PORT", "18095"))
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
war = os.path.join(root, "target", "sentio.war")
jar = subprocess.run(["bash", os.path.join(root, "bench", "payara-jar.sh")], check=True, capture_output=True,
                     text=True).stdout.strip()
body = json.dumps({"text": "I absolutely loved this film, the acting was superb."})


def post(conn):
    conn.request("POST", "/api/analyze", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status


def rss_mb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024


os.makedirs(os.path.join(root, "bench", "results"), exist_ok=True)
log = open(os.path.join(root, "bench", "results", "front-door-payara.log"), "w")
env = dict(os.environ, MODELS_DIR=os.path.join(root, "models"))
start = time.monotonic()
# the same launch as the README's run command, pre-boot commands included
server = subprocess.Popen(["bash", os.path.join(root, "server-config", "payara-micro.sh"), jar, war, str(PORT)],
                          stdout=log, stderr=subprocess.STDOUT, env=env)
try:
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            if post(conn) == 200:
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() - start > 300:
            raise SystemExit("the server did not answer; see bench/results/front-door-payara.log")
        time.sleep(0.1)
    first_answer = time.monotonic() - start
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    for _ in range(20):
        post(conn)
    latencies = []
    for _ in range(100):
        t = time.perf_counter()
        assert post(conn) == 200
        latencies.append((time.perf_counter() - t) * 1000)
    for _ in range(880):
        post(conn)
    figures = {
        "war_mb": round(os.path.getsize(war) / 2**20, 1),
        "start_to_first_answer_s": round(first_answer, 1),
        "single_request_latency_ms": {"median": round(statistics.median(latencies), 2),
                                      "p90": round(sorted(latencies)[89], 2), "min": round(min(latencies), 2)},
        "rss_after_1000_requests_mb": round(rss_mb(server.pid)),
    }
    print(json.dumps(figures, indent=2))
    json.dump(figures, open(os.path.join(root, "bench", "results", "front-door.json"), "w"), indent=2)
finally:
    server.terminate()
    server.wait(30)
