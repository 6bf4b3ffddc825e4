"""The study flows, each owned by a controller that the screens only render and feed.

- `clock` — the `Clock` the controllers read (`SystemClock` in the app, `FakeClock` in
  tests and benchmarks), so timing, cadence and time-up are tested without waiting.
"""
