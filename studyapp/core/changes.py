"""Names of what a write can change. After a unit of work the app announces the names
it touched, and each screen refreshes only for the ones it shows; the study
controllers in `core.study` name what their writes change with these too."""

from __future__ import annotations

CONTENT = "content"
REVIEWS = "reviews"
SETTINGS = "settings"
NOTES = "notes"
QUIZZES = "quizzes"
# A restore or a database check can change anything.
EVERYTHING = (CONTENT, REVIEWS, SETTINGS, NOTES, QUIZZES)
