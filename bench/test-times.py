#!/usr/bin/env python3
"""Seconds per integration test class, as a Markdown table (docs/testing.md, "What each test class costs").

    bench/test-times.py "LABEL=target/failsafe-reports" ["LABEL=other/target/failsafe-reports" ...]

One column per run, from Failsafe's TEST-*.xml; the classes by their longest time, then the sum.
"""
import sys, glob, xml.etree.ElementTree as ET
def load(d):
    r={}
    for f in glob.glob(d+'/TEST-*.xml'):
        t=ET.parse(f).getroot(); r[t.get('name').split('.')[-1]]=float(t.get('time'))
    return r
cols=[(a.split('=',1)[0], load(a.split('=',1)[1])) for a in sys.argv[1:]]
names=sorted(set().union(*[c for _,c in cols]), key=lambda n: -max(c.get(n,0) for _,c in cols))
print('| class | '+' | '.join(l for l,_ in cols)+' |')
print('|---|'+'---:|'*len(cols))
for n in names:
    print(f'| `{n}` | '+' | '.join((f"{c[n]:.0f}" if n in c else '—') for _,c in cols)+' |')
print('| **sum** | '+' | '.join(f"**{sum(c.values()):.0f}**" for _,c in cols)+' |')
