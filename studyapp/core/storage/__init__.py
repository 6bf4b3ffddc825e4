"""The student's database and keeping it safe.

- `paths` — the data folder and the bundled content (`resolve_data_dir`).
- `db`, `migrations/` — the engine and its pragmas (WAL, synchronous=FULL),
  `Database.write()` units of work, Alembic upgrades (`open_database`, `upgrade`).
- `inspect` — classifying a file read-only before anything opens it.
- `backup` — verified backups with rotation, and restore (`make_backup`,
  `daily_backup`, `restore_backup`).
- `check` — integrity and foreign-key checks, rebuilding what can be rebuilt.
- `bulk` — many rows at once: indexes built after them, and the cycle collector
  paused (also on worker threads, while Qt's objects live on the GUI thread).
- `lock` — the data-folder lock; `failures` — the sentence that explains a failed write.
"""
