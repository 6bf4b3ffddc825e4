"""Study content: the file format, its validation, and syncing it into the database."""
