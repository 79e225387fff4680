#!/usr/bin/env python3
"""Server CPU per HTTP request, on a new connection each time and on one kept-alive connection.

    python3 bench/conncost.py PORT PID [PATH]

PID is the server's process; its CPU time is read from /proc before and after 1,500 requests.
"""
import http.client
import os
import sys
import time
import urllib.request

port, pid = int(sys.argv[1]), sys.argv[2]
path = sys.argv[3] if len(sys.argv) > 3 else "/api/v1/query?query=sum%20by%20(job)(up)"


def cpu():
    f = open("/proc/%s/stat" % pid).read().split(")")[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


n = 1500
for _ in range(2):  # the first round warms the JIT
    ts, c0 = [], cpu()
    for _ in range(n):
        t = time.perf_counter()
        urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path)).read()
        ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    print("new connection: p50 %.2f ms, server CPU %.3f ms/request" % (ts[n // 2], (cpu() - c0) * 1000 / n))
    conn, ts, c0 = http.client.HTTPConnection("127.0.0.1", port), [], cpu()
    for _ in range(n):
        t = time.perf_counter()
        conn.request("GET", path)
        conn.getresponse().read()
        ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    print("kept alive:     p50 %.2f ms, server CPU %.3f ms/request" % (ts[n // 2], (cpu() - c0) * 1000 / n))
