"""The study flows, each owned by a controller that the screens only render and feed.

- `clock` — the `Clock` the controllers read (`SystemClock` in the app, `FakeClock` in
  tests and benchmarks), so timing, cadence and time-up are tested without waiting.
- `store` — the `Store` they read and write through, one unit of work per call
  (the app's context, or `DatabaseStore` straight on a database).
- `turn` — what the flows share: a prompt shown, its response graded once, the
  answer saved (a failed save keeps the prompt and says why), the `Tally`.
- `review` — `ReviewSession`: the daily queue, ratings with their outcomes, the
  wrong-answer confirmation, Undo within the study session, the header counts.
- `practice` — `PracticeSession`: a practice set to its summary, and the wrong ones
  again.
- `exam` — a timed mock test being sat (`MockExam` over a `MockExamView`).
- `mains_draft` — a mains answer being written and self-assessed (`MainsDraft` over a
  `MainsDraftView`).
"""
