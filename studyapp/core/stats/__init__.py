"""Figures about the student's study, every one an SQL aggregate (none reads the review
log row by row), each computed in one place for the command line and every screen.

- `daily` — per study day, from the review totals: `day_totals`, `daily_activity`,
  `reviews_per_day`, `retention_by_week`, `study_streak` (`scale_for` gives the days).
- `summary` — today's counts and the streak for Home and `studyapp stats`
  (`today_counts`, `stats_summary`).
- `mastery` — how well each area and section is known, and the weakest areas
  (`mastery_by_area`, `mastery_by_section`, `weakest_areas`).
- `progress` — the due forecast, mock and mains figures, and everything the Progress
  screen shows in one read (`progress_snapshot`; `progress_summary` for the command line).
"""
