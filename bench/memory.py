#!/usr/bin/env python3
"""Memory-aware capacity under load in a memory-limited container (issue #19); not part of CI.

    sudo python3 bench/memory.py [--build] [LIMIT_MB]

Starts Sentio inside a memory cgroup of LIMIT_MB (default 2048; cgroup v1 or v2, so it needs root) with
JAVA_OPTS (default -XX:MaxRAMPercentage=50) and MODEL_COUNT model folders (default 1: the shipped model; more
are copies of it), reads the derived memory plan from /api/model-info, then runs wrk at concurrency 64 with
128-text requests spread over the models for DURATION seconds (default 60) while sampling the server's resident memory and the
cgroup's usage every half second. Writes bench/results/memory-LIMIT_MB[-MODEL_COUNT].json: the plan, the engine settings
that ran, peak resident memory against the limit, the cgroup's OOM kills, the answers by status and the model
cache's evictions. Needs python3, wrk and curl; --build packages the WAR first (mvn package -DskipTests).
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from resilience import RESULTS, ROOT, WAR, free_port, get, sentences  # noqa: E402



class Cgroup:
    """A memory cgroup with a limit: v1 where its memory controller is mounted, else v2."""

    def __init__(self, name, limit_bytes):
        v1 = "/sys/fs/cgroup/memory"
        if os.path.isdir(v1):
            self.path, limit_file, self.usage_file = os.path.join(v1, name), "memory.limit_in_bytes", \
                "memory.max_usage_in_bytes"
        else:
            self.path, limit_file, self.usage_file = os.path.join("/sys/fs/cgroup", name), "memory.max", \
                "memory.peak"
        os.makedirs(self.path, exist_ok=True)
        self.write(limit_file, str(limit_bytes))

    def write(self, file, value):
        with open(os.path.join(self.path, file), "w") as f:
            f.write(value)

    def read(self, file):
        try:
            with open(os.path.join(self.path, file)) as f:
                return f.read()
        except OSError:
            return ""

    def join(self):
        """Run in the child before exec: the server starts inside the cgroup."""
        self.write("cgroup.procs", str(os.getpid()))

    def oom_kills(self):
        for file in ("memory.oom_control", "memory.events"):
            for line in self.read(file).splitlines():
                if line.startswith("oom_kill "):
                    return int(line.split()[1])
        return None

    def peak_bytes(self):
        text = self.read(self.usage_file).strip()
        return int(text) if text.isdigit() else None

    def remove(self):
        try:
            os.rmdir(self.path)
        except OSError:
            pass


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def main():
    args = [a for a in sys.argv[1:] if a != "--build"]
    if "--build" in sys.argv:
        subprocess.run(["mvn", "-B", "-q", "package", "-DskipTests"], cwd=ROOT, check=True)
    limit_mb = int(args[0]) if args else 2048
    duration = int(os.environ.get("DURATION", "60"))
    java_opts = os.environ.get("JAVA_OPTS", "-XX:MaxRAMPercentage=50")
    count = int(os.environ.get("MODEL_COUNT", "1"))
    names = ["sentiment-e5-small"] + ["copy-%d" % i for i in range(1, count)]
    tag = "memory-%d" % limit_mb + ("" if count == 1 else "-%d" % count)
    sentences_file, _ = sentences()

    models = tempfile.mkdtemp(prefix="sentio-memory-")
    shipped = os.path.join(ROOT, "models", "sentiment-e5-small")
    for name in names:
        os.makedirs(os.path.join(models, name))
        for file in ("model.onnx", "model.fp16.onnx", "tokenizer.json", "config.json"):
            os.symlink(os.path.join(shipped, file), os.path.join(models, name, file))

    cgroup = Cgroup("sentio-memory-bench", limit_mb << 20)
    port = free_port()
    out_dir = os.path.join(RESULTS, tag)
    os.makedirs(out_dir, exist_ok=True)
    jar = subprocess.check_output(["bash", os.path.join(ROOT, "bench", "payara-jar.sh")], text=True,
                                  stderr=subprocess.DEVNULL).strip()
    # the result cache off: the load cycles through the same sentences and must keep the engines' memory busy
    env = dict(os.environ, MODELS_DIR=models, JAVA_OPTS=java_opts, CACHE_ENABLED="false")
    with open(os.path.join(out_dir, "payara.log"), "w") as log:
        server = subprocess.Popen(["bash", os.path.join(ROOT, "server-config", "payara-micro.sh"), jar, WAR,
                                   str(port)], cwd=out_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  preexec_fn=cgroup.join)
    try:
        deadline = time.time() + 180
        while True:
            if server.poll() is not None or time.time() > deadline:
                raise RuntimeError("server not ready; see " + log.name)
            try:
                if get(port, "/health/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        info = json.loads(get(port, "/api/model-info")[1])
        plan, engine = info["memory"], info["optimization_settings"]
        print("plan:", json.dumps(plan))

        samples, stop = [], threading.Event()

        def sample():
            while not stop.is_set():
                samples.append((time.time(), rss_kb(server.pid)))
                stop.wait(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        wrk = subprocess.run(["wrk", "-t4", "-c64", "-d%ds" % duration, "--timeout", "40s", "-s",
                              os.path.join(ROOT, "bench", "analyze.lua"), "http://127.0.0.1:%d" % port],
                             env=dict(os.environ, SENTENCES=sentences_file, TEXTS_PER_REQUEST="128",
                                      MODELS=",".join(names)), capture_output=True, text=True)
        stop.set()
        sampler.join()
        load = json.loads(wrk.stdout.strip().splitlines()[-1])
        alive = server.poll() is None
        after = json.loads(get(port, "/api/model-info")[1]) if alive else None
        peak_kb = max((kb for _, kb in samples if kb), default=None)
        result = {
            "limit_mb": limit_mb, "java_opts": java_opts, "models": names, "duration_s": duration, "plan": plan,
            "engine": {k: engine[k] for k in ("token_budget", "queue_capacity", "parallel_runs", "batch_size")},
            "load": load, "texts_per_second": round(load["ok"] * 128 / load["seconds"], 1),
            "peak_rss_mb": peak_kb and round(peak_kb / 1024), "rss_limit_ratio": peak_kb and round(
                peak_kb / 1024 / limit_mb, 3), "cgroup_peak_mb": (cgroup.peak_bytes() or 0) >> 20,
            "cgroup_oom_kills": cgroup.oom_kills(), "server_alive": alive,
            "model_cache": after and {k: after["model_cache"][k] for k in ("evictions", "charged_mb")},
            "loaded_after": after and [m["name"] for m in after["model_cache"]["loaded"]],
            "rss_samples_mb": [round(kb / 1024) for _, kb in samples if kb][::4],
        }
        with open(os.path.join(RESULTS, tag + ".json"), "w") as f:
            json.dump(result, f, indent=2)
        print(json.dumps({k: v for k, v in result.items() if k != "rss_samples_mb"}, indent=2))
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        cgroup.remove()


if __name__ == "__main__":
    main()
