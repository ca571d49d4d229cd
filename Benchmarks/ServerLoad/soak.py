"""Normal traffic at a fixed rate, alone and then beside a flood of wrong
passwords, against a running `teacher-registry serve`; prints the normal
requests' latency percentiles of both phases and what the flood got.

    python3 soak.py URL TOKEN NUMBERS_FILE [quiet_seconds] [soak_seconds] [rate] [flood_processes]

Normal traffic: GET /api/teachers/{number} and POST /api/match (names of
registered teachers), `rate` requests a second in all, each timed from the
moment it was due (so a stalled server is not hidden by a waiting client).
The flood: sign-ins with wrong passwords as fast as `flood_processes`
processes (one connection each, apart from the normal traffic's process so
that it never waits for them) can send them, from 250 loopback addresses
(127.0.0.2 …), for known and unknown user names, the normal traffic's own
user among them. Only loopback addresses are used. With FLOOD_NICE=19 in
the environment the flood's processes run at that niceness: on a machine of
two cores their own CPU then comes less out of the server's, as when the
flood comes from elsewhere.
"""
import os
import multiprocessing
import http.client
import json
import random
import sys
import threading
import time
from urllib.parse import urlparse

url, token, numbers_file = sys.argv[1], sys.argv[2], sys.argv[3]
quiet = int(sys.argv[4]) if len(sys.argv) > 4 else 120
soak = int(sys.argv[5]) if len(sys.argv) > 5 else 600
rate = float(sys.argv[6]) if len(sys.argv) > 6 else 40
flood_processes = int(sys.argv[7]) if len(sys.argv) > 7 else 4
parsed = urlparse(url)
host, port = parsed.hostname, parsed.port
numbers = [line.split("\t") for line in open(numbers_file, encoding="utf-8").read().split("\n") if line]


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def normal_traffic(seconds):
    """Requests due every 1/rate seconds; latency from when each was due."""
    latencies, statuses, lock = [], {}, threading.Lock()
    start = time.monotonic()
    total = int(seconds * rate)
    slot = {"next": 0}

    def worker():
        connection = http.client.HTTPConnection(host, port, timeout=30)
        while True:
            with lock:
                index = slot["next"]
                slot["next"] += 1
            if index >= total:
                break
            due = start + index / rate
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            number, name = random.choice(numbers)
            try:
                if index % 2 == 0:
                    connection.request("GET", f"/api/teachers/{number}", headers={"Authorization": f"Bearer {token}"})
                else:
                    body = json.dumps({"name": name, "limit": 5}, ensure_ascii=False).encode()
                    connection.request("POST", "/api/match", body=body,
                                       headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except Exception:
                status = "error"
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
            finished = time.monotonic()
            with lock:
                latencies.append((finished - due) * 1000)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, statuses


def flood(stop, results):
    if os.environ.get("FLOOD_NICE"):
        os.nice(int(os.environ["FLOOD_NICE"]))
    counts = {}
    users = [name for _, name in numbers[:50]] + ["donghu", "province", "load"]
    while not stop.is_set():
        source = f"127.0.0.{random.randint(2, 251)}"
        try:
            connection = http.client.HTTPConnection(host, port, timeout=30, source_address=(source, 0))
            body = json.dumps({"user": random.choice(users), "password": "wrong-password-%d" % random.randint(0, 10**9)}).encode()
            connection.request("POST", "/api/sessions", body=body, headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            status = response.status
            connection.close()
        except Exception:
            status = "error"
        counts[status] = counts.get(status, 0) + 1
    results.put(counts)


def summary(name, latencies, statuses):
    return {"phase": name, "requests": len(latencies), "statuses": statuses,
            "p50_ms": round(percentile(latencies, 50), 2), "p90_ms": round(percentile(latencies, 90), 2),
            "p99_ms": round(percentile(latencies, 99), 2), "max_ms": round(max(latencies) if latencies else float("nan"), 2)}


quiet_latencies, quiet_statuses = normal_traffic(quiet)
print(json.dumps(summary("quiet", quiet_latencies, quiet_statuses)), flush=True)

stop, results = multiprocessing.Event(), multiprocessing.Queue()
flooders = [multiprocessing.Process(target=flood, args=(stop, results)) for _ in range(flood_processes)]
for process in flooders:
    process.start()
soak_latencies, soak_statuses = normal_traffic(soak)
stop.set()
counts = {}
for _ in flooders:
    for status, count in results.get().items():
        counts[status] = counts.get(status, 0) + count
for process in flooders:
    process.join()
result = summary("beside the flood", soak_latencies, soak_statuses)
result["flood"] = {str(k): v for k, v in counts.items()}
result["flood_per_second"] = round(sum(counts.values()) / soak, 1)
print(json.dumps(result), flush=True)
ratio = result["p99_ms"] / summary("quiet", quiet_latencies, quiet_statuses)["p99_ms"]
print(json.dumps({"p99_ratio_flood_to_quiet": round(ratio, 2)}), flush=True)
