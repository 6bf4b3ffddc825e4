"""Runs the shared benchmark workload (../shared/bench/WORKLOAD.md) against Setu and
prints one JSON object with the workload's keys. Each measurement that needs a cold
process or its own peak memory runs in a child process (`benchmarks.workers`).

    python -m benchmarks --n 100000 [--bench-dir ../shared/bench] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The shared workload folder beside the project; a copy of its two scripts travels in
# benchmarks/workload so that a fresh clone can run the harness (and its smoke test).
SHARED_BENCH_DIR = ROOT.parent / "shared" / "bench"
BUNDLED_BENCH_DIR = Path(__file__).resolve().parent / "workload"
GUI_ANSWERS = 300  # prompts answered in the window, keyboard only
DEFAULT_BENCH_DIR = (
    SHARED_BENCH_DIR if (SHARED_BENCH_DIR / "gen_workload.py").exists() else BUNDLED_BENCH_DIR
)


def run_worker(*args: str, bench_dir: Path) -> tuple[dict[str, Any], float]:
    """Run one worker in a fresh interpreter; return its JSON and the process wall time."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(bench_dir)]))
    env.pop("STUDYAPP_DATA_DIR", None)
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.workers", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def workload(bench_dir: Path, work: Path, n: int) -> tuple[Path, dict[str, Any]]:
    csv_path = work / f"workload-{n}.csv"
    meta_path = Path(f"{csv_path}.meta.json")
    if not meta_path.exists():
        subprocess.run(
            [
                sys.executable,
                str(bench_dir / "gen_workload.py"),
                "--n",
                str(n),
                "--out",
                str(csv_path),
            ],
            check=True,
            capture_output=True,
        )
    return csv_path, json.loads(meta_path.read_text())


def copy_database(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("setu.sqlite3",):
        shutil.copy2(source / name, target / name)


def measure(
    n: int, bench_dir: Path, work: Path, with_gui: bool = True
) -> tuple[dict[str, Any], dict[str, Any]]:
    csv_path, meta = workload(bench_dir, work, n)
    fresh, history = work / "fresh", work / "history"
    for folder in (fresh, history):
        shutil.rmtree(folder, ignore_errors=True)

    imported, _ = run_worker("import", str(fresh), str(csv_path), bench_dir=bench_dir)
    copy_database(fresh, history)  # the history state starts from the fresh import
    opened, open_wall = run_worker("open", str(fresh), bench_dir=bench_dir)
    stats_fresh, _ = run_worker("stats", str(fresh), bench_dir=bench_dir)
    progress_fresh, _ = run_worker("progress", str(fresh), bench_dir=bench_dir)
    reviewed, _ = run_worker("review", str(fresh), "1000", bench_dir=bench_dir)

    applied, _ = run_worker("history", str(history), str(bench_dir), bench_dir=bench_dir)
    h_opened, h_open_wall = run_worker("open", str(history), bench_dir=bench_dir)
    h_stats, _ = run_worker("stats", str(history), bench_dir=bench_dir)
    h_progress, _ = run_worker("progress", str(history), bench_dir=bench_dir)
    gui: dict[str, Any] = {}
    if with_gui:
        gui, gui_wall = run_worker("gui", str(history), bench_dir=bench_dir)
        gui["process_wall_s"] = round(gui_wall, 3)
        # Answering in the window changes the history; do it on a copy.
        answering = work / "history-gui"
        shutil.rmtree(answering, ignore_errors=True)
        copy_database(history, answering)
        gui["answers"], _ = run_worker(
            "gui_answers", str(answering), str(GUI_ANSWERS), bench_dir=bench_dir
        )
    h_reviewed, _ = run_worker("review", str(history), "1000", bench_dir=bench_dir)
    bank: dict[str, Any] = {}
    if with_gui:
        bank, _ = run_worker("bank", str(history), bench_dir=bench_dir)

    review_keys = ("median_ms", "p95_ms", "first_card_ms")
    result = {
        "import_s": imported["import_s"],
        "open_s": opened["open_s"],
        "open": {"process_wall_s": round(open_wall, 3)},
        "search_ms": imported["search_ms"],
        "review_ms": {k: reviewed[k] for k in review_keys},
        "stats_ms": {"sql_reviews_per_day_ms": stats_fresh["sql_reviews_per_day_ms"]},
        "rss_mb": imported["rss_mb"],
        "session_rss_mb": reviewed["session_rss_mb"],
        "history": {
            "open_s": h_opened["open_s"],
            "open": {"process_wall_s": round(h_open_wall, 3)},
            "review_ms": {k: h_reviewed[k] for k in review_keys},
            "stats_ms": {"sql_reviews_per_day_ms": h_stats["sql_reviews_per_day_ms"]},
            "rss_mb": h_reviewed["session_rss_mb"],
        },
    }
    if with_gui:
        # What the student feels: rating key to the next prompt painted in the window.
        answers = gui["answers"]
        result["history"]["gui_answer_ms"] = {
            "median_ms": answers["rate_to_next_prompt"]["median_ms"],
            "p95_ms": answers["rate_to_next_prompt"]["p95_ms"],
            "first_prompt_ms": answers["first_prompt_ms"],
        }
    extra = {
        "n": n,
        "expected_hits": meta["expected_hits"],
        "hits_match": all(
            result["search_ms"][q]["note_hits"] == meta["expected_hits"][q]
            for q in result["search_ms"]
        ),
        "due_counted_fresh": opened["due"],
        "new_counted_fresh": opened["new"],
        "due_counted_history": h_opened["due"],
        "due_expected_history": applied["due_today_expected"],
        "history_apply": applied,
        "answered": {"fresh": reviewed["answered"], "history": h_reviewed["answered"]},
        "gui": gui,
        "due_counts_capped": False,
        # The Progress screen's figures; not a key of the shared workload.
        "progress": {"fresh": progress_fresh, "history": h_progress},
        # The Question bank on the history state (targets: open ≤ 300 ms, a filter or
        # search change ≤ 100 ms); not a key of the shared workload either.
        "bank": bank,
    }
    return result, extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--n", type=int, default=100_000, help="prompts in the workload")
    parser.add_argument(
        "--bench-dir", type=Path, default=DEFAULT_BENCH_DIR, help="the shared workload folder"
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="where to keep the workload and databases (default: a temp folder)",
    )
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI start-up measurement")
    parser.add_argument(
        "--report", type=Path, help="also write the result and the extra figures here"
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="setu-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result, extra = measure(args.n, args.bench_dir.resolve(), work, with_gui=not args.no_gui)
    print(json.dumps(result, indent=2))
    print(json.dumps(extra, indent=2), file=sys.stderr)
    if args.report:
        args.report.write_text(json.dumps({"result": result, "extra": extra}, indent=2))
    return 0 if extra["hits_match"] else 1
