#!/usr/bin/env python3
"""The harness's standard queries against Prometheus (:19090) and Watchkeeper (:19091) holding the same
backfilled hour: instant at its end and 1 h range at 15 s steps, median of 15 after one warm-up.

    python3 bench/query_1h.py range.txt
"""
import json, statistics, sys, time, urllib.parse, urllib.request
import os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'bench'))
from bench import DEFAULT_QUERIES
start, end = [int(x) for x in open(sys.argv[1] if len(sys.argv) > 1 else 'range.txt').read().split()]
servers = [('prometheus', 'http://127.0.0.1:19090'), ('watchkeeper', 'http://127.0.0.1:19091')]
REPS = 15
def run(base, params):
    url = base + ('/api/v1/query_range?' if 'step' in params else '/api/v1/query?') + urllib.parse.urlencode(params)
    t = time.perf_counter()
    body = urllib.request.urlopen(url, timeout=120).read()
    dt = (time.perf_counter() - t) * 1000
    d = json.loads(body)
    assert d['status'] == 'success', d
    return dt, len(d['data']['result'])
print('| query | Prometheus instant p50 | Watchkeeper instant p50 | Prometheus 1 h range p50 | Watchkeeper 1 h range p50 | series |')
print('|---|---|---|---|---|---|')
for name, q in DEFAULT_QUERIES:
    row = {}
    for sname, base in servers:
        for mode, params in (('instant', dict(query=q, time=end)), ('range', dict(query=q, start=end - 3600, end=end, step=15))):
            run(base, params)  # warm
            lat = []
            for _ in range(REPS):
                dt, n = run(base, params)
                lat.append(dt)
            row[(sname, mode)] = (statistics.median(lat), n)
    print('| %s | %.1f | %.1f | %.1f | %.1f | %d |' % (name, row[('prometheus', 'instant')][0], row[('watchkeeper', 'instant')][0],
          row[('prometheus', 'range')][0], row[('watchkeeper', 'range')][0], row[('watchkeeper', 'range')][1]))
    assert row[('prometheus', 'range')][1] == row[('watchkeeper', 'range')][1], (name, row)
