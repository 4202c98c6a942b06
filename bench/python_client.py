"""The Python gradio_client side of the benchmarks. Runs one scenario and prints one JSON line.

python bench/python_client.py <scenario> <url> [arg]
"""

import json
import resource
import sys
import threading
import time

from gradio_client import Client, handle_file


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    scenario, url = sys.argv[1], sys.argv[2]
    arg = sys.argv[3] if len(sys.argv) > 3 else None
    if scenario == "connect":
        started = time.perf_counter()
        client = Client(url, verbose=False)
        print(json.dumps({"ms": (time.perf_counter() - started) * 1000}))
        client.close() if hasattr(client, "close") else None
        return
    client = Client(url, verbose=False)
    if scenario == "sequential":
        latencies = []
        for i in range(int(arg)):
            started = time.perf_counter()
            result = client.predict(f"seq-{i}", api_name="/echo")
            latencies.append((time.perf_counter() - started) * 1000)
            assert result == f"seq-{i}", result
        print(json.dumps({"latencies": latencies}))
    elif scenario == "concurrent":
        n = int(arg)
        started = time.perf_counter()
        jobs = [client.submit(f"c-{i}", api_name="/echo") for i in range(n)]
        results = [job.result() for job in jobs]
        elapsed = (time.perf_counter() - started) * 1000
        ok = all(r == f"c-{i}" for i, r in enumerate(results))
        print(json.dumps({"ms": elapsed, "ok": ok}))
    elif scenario == "stream":
        n = int(arg)
        cpu0 = time.process_time()
        started = time.perf_counter()
        job = client.submit(n, api_name="/stream")
        updates = 0
        last = None
        for output in job:
            updates += 1
            last = output
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu0
        expected_tail = f"{n - 1} "
        print(json.dumps({"updates": updates, "seconds": elapsed, "cpu": cpu, "ok": bool(last) and last.endswith(expected_tail)}))
    elif scenario == "upload":
        baseline = rss_mb()
        peak = [baseline]
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb())
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        size = client.predict(handle_file(arg), api_name="/probe")
        elapsed = time.perf_counter() - started
        stop.set()
        sampler.join()
        peak[0] = max(peak[0], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps({"seconds": elapsed, "peakAboveBaselineMb": peak[0] - baseline, "size": size}))
    else:
        raise SystemExit(f"unknown scenario {scenario}")


if __name__ == "__main__":
    main()
