#!/usr/bin/env python3
"""The harness's standard queries against Prometheus (:19090) and Watchkeeper (:19091) holding the same
backfilled hour: instant at its end and 1 h range at 15 s steps, median of 15 after one warm-up.

    python3 bench/query_1h.py range.txt [--json FILE]    # one pass; --json keeps every latency
    python3 bench/query_1h.py --pool FILE...             # pooled medians of several passes

bench/first_pass.sh runs passes against freshly started servers and pools them.
"""
import json, statistics, sys, time, urllib.parse, urllib.request
import os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'bench'))
from bench import DEFAULT_QUERIES
servers = [('prometheus', 'http://127.0.0.1:19090'), ('watchkeeper', 'http://127.0.0.1:19091')]
REPS = 15
HEADER = ('| query | Prometheus instant p50 | Watchkeeper instant p50 | Prometheus 1 h range p50 | Watchkeeper 1 h range p50 | series |\n'
          '|---|---|---|---|---|---|')


def run(base, params):
    url = base + ('/api/v1/query_range?' if 'step' in params else '/api/v1/query?') + urllib.parse.urlencode(params)
    t = time.perf_counter()
    body = urllib.request.urlopen(url, timeout=120).read()
    dt = (time.perf_counter() - t) * 1000
    d = json.loads(body)
    assert d['status'] == 'success', d
    return dt, len(d['data']['result'])


def one_pass(range_file, json_out):
    start, end = [int(x) for x in open(range_file).read().split()]
    print(HEADER)
    raw = {}
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
                raw['%s %s %s' % (name, sname, mode)] = lat
        print('| %s | %.1f | %.1f | %.1f | %.1f | %d |' % (name, row[('prometheus', 'instant')][0], row[('watchkeeper', 'instant')][0],
              row[('prometheus', 'range')][0], row[('watchkeeper', 'range')][0], row[('watchkeeper', 'range')][1]))
        assert row[('prometheus', 'range')][1] == row[('watchkeeper', 'range')][1], (name, row)
    if json_out:
        with open(json_out, 'w') as f:
            json.dump(raw, f)


def pool(files):
    """Median of all latencies of all passes per query, server and mode; in brackets the passes' medians."""
    passes = [json.load(open(f)) for f in files]
    print('%d passes; pooled median of %d requests each (lowest-highest median of one pass)\n' % (len(passes), REPS * len(passes)))
    print('| query | Prometheus instant | Watchkeeper instant | Prometheus 1 h range | Watchkeeper 1 h range |\n|---|---|---|---|---|')
    for name, _ in DEFAULT_QUERIES:
        cells = []
        for mode in ('instant', 'range'):
            for sname, _ in servers:
                key = '%s %s %s' % (name, sname, mode)
                per = [statistics.median(p[key]) for p in passes]
                allv = [v for p in passes for v in p[key]]
                cells.append('%.2f (%.2f-%.2f)' % (statistics.median(allv), min(per), max(per)))
        print('| %s | %s |' % (name, ' | '.join(cells)))


if __name__ == '__main__':
    args = sys.argv[1:]
    if args and args[0] == '--pool':
        pool(args[1:])
    else:
        range_file = args[0] if args and not args[0].startswith('--') else 'range.txt'
        json_out = args[args.index('--json') + 1] if '--json' in args else None
        one_pass(range_file, json_out)
