"""Keeping the student's database safe: classifying a file before it is opened,
verified backups and restore, the database check, the data-folder lock, and the
sentences that explain a failed write."""
