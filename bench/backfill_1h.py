#!/usr/bin/env python3
"""One hour of the harness's 100k series (100 targets x 1000, ../shared/bench/targets.py) at 15 s
steps, as OpenMetrics with timestamps, for the 1 h range-query comparison (README, Performance).
Besides the targets' own series it writes the five a scrape adds per target (`up`,
`scrape_duration_seconds`, `scrape_samples_scraped`, `scrape_samples_post_metric_relabeling`,
`scrape_series_added`), as the harness's servers hold them after an hour of scraping: without
them the standard query `count by (job) (up)` selects nothing.

    python3 bench/backfill_1h.py data.om > range.txt     # prints the start and end (seconds)
    python3 bench/backfill_1h.py --scrape-series-only scrape.om START END
        # only the five scrape series over an existing range (for data made before they were added)
"""
import sys, time
import os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'bench'))
import targets
N, M, STEP, POINTS = 100, 1000, 15, 240
args = sys.argv[1:]
scrape_only = args[:1] == ['--scrape-series-only']
if scrape_only:
    args = args[1:]
OUT = args[0] if args else 'data.om'
if scrape_only:
    start, end = int(args[1]), int(args[2])
else:
    end = int(time.time()) // STEP * STEP
    start = end - (POINTS - 1) * STEP


def scrape_series(f, tid, k, ts):
    """The series Prometheus writes for target tid's scrape number k (job and instance labels only,
    plus the scrape configuration's env label, as the harness configures it)."""
    lab = '{job="bench",instance="127.0.0.1:%d",env="bench"}' % (20000 + tid)
    duration = 0.004 + ((tid * 7919 + k * 104729) % 1000) / 100000.0
    f.write('up%s 1 %d\n' % (lab, ts))
    f.write('scrape_duration_seconds%s %s %d\n' % (lab, repr(duration), ts))
    for name in ('scrape_samples_scraped', 'scrape_samples_post_metric_relabeling'):
        f.write('%s%s %d %d\n' % (name, lab, M, ts))
    f.write('scrape_series_added%s %d %d\n' % (lab, M if k == 0 else 0, ts))


if scrape_only:
    with open(OUT, 'w') as f:
        for k, ts in enumerate(range(start, end + 1, STEP)):
            for tid in range(N):
                scrape_series(f, tid, k, ts)
        f.write('# EOF\n')
    print(start, end)
    sys.exit(0)

farm = targets.Farm(N, M, 1.0, 1, 0)
pre = []
for tid in range(N):
    extra = 'job="bench",instance="127.0.0.1:%d",env="bench"' % (20000 + tid)
    row = []
    for p in farm.prefixes:
        p = p.rstrip()
        if p.endswith('}'):
            i = p.index('{')
            row.append(p[:i] + '{' + extra + ',' + p[i + 1:] + ' ')
        else:
            row.append(p + '{' + extra + '} ')
    pre.append(row)
with open(OUT, 'w') as f:
    for k in range(POINTS):
        ts = start + k * STEP
        suffix = ' %d\n' % ts
        for tid in range(N):
            st = farm.states[tid]
            st.advance(STEP)
            f.write(''.join([pre[tid][j] + str(v) + suffix for j, v in enumerate(st.values)]))
            scrape_series(f, tid, k, ts)
        if k % 40 == 0:
            print('tick', k, file=sys.stderr, flush=True)
    f.write('# EOF\n')
print(start, end)
