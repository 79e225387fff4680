#!/usr/bin/env python3
"""One hour of the harness's 100k series (100 targets x 1000, ../shared/bench/targets.py) at 15 s
steps, as OpenMetrics with timestamps, for the 1 h range-query comparison (README, Performance).

    python3 bench/backfill_1h.py data.om > range.txt     # prints the start and end (seconds)
"""
import sys, time
import os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'bench'))
import targets
N, M, STEP, POINTS = 100, 1000, 15, 240
OUT = sys.argv[1] if len(sys.argv) > 1 else 'data.om'
farm = targets.Farm(N, M, 1.0, 1, 0)
end = int(time.time()) // STEP * STEP
start = end - (POINTS - 1) * STEP
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
        if k % 40 == 0:
            print('tick', k, file=sys.stderr, flush=True)
    f.write('# EOF\n')
print(start, end)
