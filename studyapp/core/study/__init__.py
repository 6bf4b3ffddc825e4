"""The study flows, each owned by a controller that the screens only render and feed.

- `clock` — the `Clock` the controllers read (`SystemClock` in the app, `FakeClock` in
  tests and benchmarks), so timing, cadence and time-up are tested without waiting.
- `store` — where a controller reads and writes (`Store`: the app's context, or a
  `DatabaseStore` over a database).
- `exam` — a timed mock test being sat (`MockExam` over a `MockExamView`).
- `mains_draft` — a mains answer being written and self-assessed (`MainsDraft` over a
  `MainsDraftView`).
"""
