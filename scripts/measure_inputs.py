#!/usr/bin/env python3
"""Check files one at a time, as the batch does (batch.check_one, default
limits, no cache), and print one JSON line per file: its input codes, the
seconds it took, the process's peak memory so far (MB) and any exception that
escaped.  tests/test_hostile.py runs the battery through it.

    python scripts/measure_inputs.py FILE...
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src"))

from auditlint.batch import check_one  # noqa: E402


def main(files) -> int:
    for f in files:
        t0 = time.perf_counter()
        err = None
        codes = []
        try:
            res = check_one(f, None, None, None, 300)
            codes = [d.code for d in res.diagnostics]
        except BaseException:  # noqa: B902 - measured and reported, never swallowed silently
            err = traceback.format_exc()
        print(json.dumps({"file": os.path.basename(f), "codes": codes, "seconds": round(time.perf_counter() - t0, 2),
                          "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "error": err}),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
