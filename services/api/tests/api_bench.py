#!/usr/bin/python3
"""api_bench.py: a quick throughput figure for a running vigie-api (not a test).

For: `api_bench.py PORT [N] [CLIENTS] [PATH...]` sends N requests per client over keep-alive
connections from CLIENTS threads and prints requests per second. The Python client itself
costs CPU, so this is a lower bound of what the server does.
Not for: correctness (api_http_test.py) or CI."""
import http.client
import sys
import threading
import time


def main():
    port = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    paths = sys.argv[4:] or ["/api/v1/search?q=p%C3%A9nalit%C3%A9s&limit=10"]
    errors = []

    def worker():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(n):
            c.request("GET", paths[i % len(paths)])
            r = c.getresponse()
            r.read()
            if r.status != 200:
                errors.append(r.status)
        c.close()

    ts = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.monotonic()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    dt = time.monotonic() - t0
    total = n * clients
    print(f"{total} requests, {clients} clients, {dt:.2f} s: {total / dt:.0f} req/s, {len(errors)} errors")


if __name__ == "__main__":
    main()
