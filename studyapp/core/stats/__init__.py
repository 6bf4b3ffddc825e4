"""Figures about the student's study, every one an SQL aggregate.

- `summary` — today's counts, the streak and reviews per day (`today_counts`,
  `study_streak`, `reviews_per_day`, `stats_summary` for the command line).
- `progress` — the Progress screen and Home: mastery by area and section, daily
  activity, retention by week, the due forecast, mock and mains figures
  (`progress_snapshot`, `weakest_areas`).
"""
