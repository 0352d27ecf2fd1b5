#!/usr/bin/env python3
"""rules/divisions/towns.zip from modood/Administrative-divisions-of-China dist/streets.csv on stdin
(see rules/divisions/README.md): one member per province, names only, a fixed date so that
the same input gives the same bytes."""
import csv, sys, zipfile, collections
d = collections.OrderedDict()
for r in csv.DictReader(sys.stdin):
    d.setdefault(r['areaCode'], []).append(r['name'])
by_prov = collections.OrderedDict()
for code, names in d.items():
    by_prov.setdefault(code[:2], []).append(f"{code}\t{' '.join(names)}\n")
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for prov, lines in by_prov.items():
        z.writestr(zipfile.ZipInfo(f"{prov}.tsv", (2023, 9, 11, 0, 0, 0)), "".join(lines).encode(), zipfile.ZIP_DEFLATED, 9)
