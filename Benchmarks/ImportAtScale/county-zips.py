#!/usr/bin/env python3
"""Splits a generated province file into what counties upload: one ZIP per
county, holding one CSV per school named like the national template
(学校标识码_学校名称_模板名称), in the order the rows come.

    county-zips.py teachers.csv OUT_DIR
"""
import csv
import io
import os
import sys
import zipfile
from collections import defaultdict

source, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
schools = defaultdict(list)
with open(source, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    school, county = header.index("school_code"), header.index("county_code")
    for row in reader:
        schools[(row[county], row[school])].append(row)

counties = defaultdict(list)
for (county, code), rows in schools.items():
    counties[county].append((code, rows))
for county, files in sorted(counties.items()):
    with zipfile.ZipFile(os.path.join(out, f"{county}.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
        for code, rows in files:
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
            archive.writestr(f"{code}_学校{code}_中小学教职工基本信息.csv", text.getvalue())
print(f"{len(counties)} county ZIPs, {len(schools)} school files")
