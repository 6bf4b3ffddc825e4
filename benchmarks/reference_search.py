"""How fast the reference browser's search answers on the bundled study pack.

    python -m benchmarks.reference_search

Opens a fresh database with the bundled content and times `studyapp.core.content.search.search`
(ranked, with snippets and stable ids — what the search box shows) for typical and
hostile queries; prints the median milliseconds of 20 runs for each.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time

QUERIES = [
    "okayama",
    "shinkan",
    "joint vision pillar",
    "trade imbalance FY24",
    "68 billion",
    "malabar jimex",
    "semiconductor supply chains",
    'NEAR( "x* AND',
    "भारत जापान",
    "x" * 10_000,
]


def main() -> int:
    from studyapp.core.content.search import search
    from studyapp.core.startup import open_study_database
    from studyapp.core.storage.paths import resolve_data_dir

    db, _ = open_study_database(resolve_data_dir(tempfile.mkdtemp(prefix="setu-search-")))
    results = {}
    with db.begin() as session:
        for query in QUERIES:
            times, hits = [], 0
            for _ in range(20):
                started = time.perf_counter()
                hits = len(search(session, query, limit=60))
                times.append((time.perf_counter() - started) * 1000)
            results[query[:40]] = {"median_ms": round(statistics.median(times), 3), "hits": hits}
    db.close()
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
