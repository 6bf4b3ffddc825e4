"""A small run of the benchmark harness: it produces every key of the workload and
Setu's search finds exactly the rows the workload planted. Times are not asserted."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import BUNDLED_BENCH_DIR, measure


def test_harness_reports_every_key_and_exact_hit_counts(tmp_path: Path) -> None:
    result, extra = measure(2000, BUNDLED_BENCH_DIR, tmp_path, with_gui=False, reps=1)
    assert set(result) == {
        "import_s",
        "open_s",
        "open",
        "search_ms",
        "review_ms",
        "stats_ms",
        "rss_mb",
        "session_rss_mb",
        "history",
        "durability",
    }
    # The answers were committed as the app commits them: an fsync per answer.
    assert result["durability"] == {"synchronous": "FULL", "journal_mode": "wal"}
    assert set(result["open"]) == {"process_wall_s"}
    assert set(result["review_ms"]) == {"median_ms", "p95_ms", "first_card_ms"}
    assert set(result["history"]) == {"open_s", "open", "review_ms", "stats_ms", "rss_mb"}
    assert set(result["search_ms"]) == {
        "semiconductor",
        "shinkansen",
        "okayama",
        "tariff subsidy",
        "semiconductor shinkansen",
    }
    for query, figures in result["search_ms"].items():
        assert figures["note_hits"] == extra["expected_hits"][query], query
    assert extra["answered"] == {"fresh": 1000, "history": 1000}
    # The import's parts, as the peer reports its own.
    assert set(extra["import_breakdown_s"]) == {"create_s", "read_csv_s", "rows_s", "commit_s"}
    assert extra["due_counted_history"] == extra["due_expected_history"] == 400
    # The Progress screen's figures ride along in the extras, outside the workload's keys.
    assert extra["progress"]["fresh"]["seen"] == 0
    assert extra["progress"]["history"]["seen"] == 2000  # every imported prompt answered
    assert extra["progress"]["history"]["progress_snapshot_ms"] > 0
