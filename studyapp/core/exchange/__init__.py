"""Getting the student's material in and out of Setu.

- `csv_import` — a CSV of prompts in, atomic, with areas mapped (`import_csv`).
- `anki_export`, `anki_import` — Anki packages both ways.
- `printable` — revision notes and question papers as HTML (the GUI layer turns them
  into PDF; `build_printable`).
"""
