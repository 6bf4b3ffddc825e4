"""How long Anki packages take at the shared workload's scale.

    python -m benchmarks.anki_exchange [--n 100000] [--bench-dir DIR] [--work DIR]

Imports the workload's CSV into a fresh database (as the main harness does), then times
exporting every prompt to an `.apkg` (with scheduling) and importing that package into
a second fresh database; prints one JSON object with the seconds and counts.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from benchmarks.harness import DEFAULT_BENCH_DIR, workload


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.anki_exchange")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)

    from studyapp.core.clock import utc_now
    from studyapp.core.exchange.anki_export import export_apkg, select_prompts
    from studyapp.core.exchange.anki_import import import_anki_notes, read_anki_package
    from studyapp.core.exchange.csv_import import import_csv
    from studyapp.core.startup import open_study_database
    from studyapp.core.storage.paths import resolve_data_dir

    work = args.work or Path(tempfile.mkdtemp(prefix="setu-anki-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path, _ = workload(args.bench_dir, work, args.n)
    source, _ = open_study_database(resolve_data_dir(work / "source"))
    with source.begin() as session:
        import_csv(session, csv_path)
    package = work / "workload.apkg"
    started = time.perf_counter()
    with source.begin() as session:
        report = export_apkg(
            session, select_prompts(session), package, utc_now(), with_scheduling=True
        )
    export_s = time.perf_counter() - started
    source.close()
    target, _ = open_study_database(resolve_data_dir(work / "target"))
    started = time.perf_counter()
    notes = read_anki_package(package)
    with target.begin() as session:
        imported = import_anki_notes(session, notes)
    import_s = time.perf_counter() - started
    target.close()
    result = {
        "n": args.n,
        "export_apkg_s": round(export_s, 2),
        "exported_notes": report.notes,
        "apkg_mb": round(package.stat().st_size / 1e6, 1),
        "import_apkg_s": round(import_s, 2),
        "imported_prompts": imported.added,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
