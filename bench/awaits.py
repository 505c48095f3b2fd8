#!/usr/bin/env python3
"""The awaits of the integration tests closest to their bound, as a Markdown table (docs/testing.md, "Awaits").

    bench/awaits.py N target/awaits [other/target/awaits ...]

Reads every awaits-PID.tsv (what, bound in ms or "forever", took in ms or "timeout") that the tests'
Awaits extension writes, over one run or several; numbers that name a node or a run are folded into
one line. Leaves out the deliberate waits of "Fixed waits" and the awaits without a bound.
"""
import sys, glob, collections, re
FIXED = ("past the step's end", "the moment to kill", "a second of load")
n = int(sys.argv[1])
d = collections.defaultdict(list)
for root in sys.argv[2:]:
    for f in glob.glob(root + '/awaits-*.tsv'):
        for line in open(f):
            p = line.rstrip('\n').split('\t')
            if len(p) == 3:
                what = re.sub(r'without \d+ in', 'without N in', p[0])
                what = re.sub(r'broker \d+ out', 'broker N out', what)
                what = re.sub(r'durability-\d+', 'durability-…', what)
                what = re.sub(r'run [0-9a-f-]{36}', 'run …', what)
                d[(what, p[1])].append(p[2])
rows = []
for (what, bound), took in d.items():
    if what.startswith(FIXED) or bound == 'forever':
        continue
    t = [int(x) for x in took if x != 'timeout']
    to = sum(1 for x in took if x == 'timeout')
    worst = max(t) if t else 0
    t.sort()
    median = (t[(len(t) - 1) // 2] + t[len(t) // 2]) / 2 if t else 0
    rows.append((int(bound) / worst if worst else float('inf'), what, int(bound), len(took), median, worst, to))
rows.sort()
print('| await | bound s | awaits | median s | worst s | bound / worst | timeouts |')
print('|---|---:|---:|---:|---:|---:|---:|')
for m, what, bound, cnt, median, worst, to in rows[:n]:
    what = what if len(what) < 80 else what[:77] + '...'
    print(f'| {what} | {bound/1000:.0f} | {cnt} | {median/1000:.1f} | {worst/1000:.1f} | {m:.1f} | {to} |')
print(f'\n{len(rows)} distinct awaits, {sum(r[3] for r in rows)} in all; none timed out' if all(r[6] == 0 for r in rows) else '')
