"""Spaced repetition: FSRS cards and the daily queue.

- `scheduler` — cards for new prompts, `next_outcomes` / `answer` / `undo_last_answer`,
  suspend and flag, `queue_counts`, `next_due_question`, `format_interval`.
- `queue` — the next prompt and the day's counts in one statement each
  (`next_in_queue`, `count_queue`), capped so they never scale with the collection,
  and when the next scheduled card falls due (`next_due_time`).
- `recall` — predicted recall (FSRS retrievability) in SQL (`RETRIEVABILITY_SQL`).
- `rules` — what an answer counts as (new, mature, lapse, right; `LEECH_LAPSES`) and the
  review-total counters in Python and SQL (`BUCKET_COUNTERS`, `summed_sql`).
- `totals` — the review totals as every figure reads them (`SLOT_ROWS`), and the fold
  that takes the latest answers in a batch at a time.
- `days` — study days in the student's time zone (`study_date`, `study_day_bounds`).
- `personal_parameters` — FSRS parameters fitted to the student's own history
  (`fit_parameters`, `evaluate`, `estimate_workload`).
"""
