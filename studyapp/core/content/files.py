"""Which files make up the content, and their fingerprint.

Kept apart from the parser so that a normal start-up, which only compares
fingerprints, does not import pydantic or the YAML parser.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from studyapp.core.storage.paths import ContentDirs

# Bump when the mapping from files to database rows changes, so that existing
# databases re-sync even though the files did not change.
FORMAT_VERSION = 1
DOC_FILES = {"FORMAT.md", "README.md"}


def content_files(dirs: ContentDirs) -> list[Path]:
    """Every file that makes up the bundled content, in a stable order."""
    files = [dirs.resources / "sources.yaml", dirs.resources / "areas.yaml"]
    files += sorted((dirs.resources / "sections").rglob("*.md"))
    files += sorted(p for p in dirs.questions.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    return [f for f in files if f.name not in DOC_FILES]


def digest_of(files: Sequence[Path], root: Path) -> str:
    """A fingerprint of the content: changes whenever any file or the format does."""
    h = hashlib.sha256(f"setu-content-{FORMAT_VERSION}".encode())
    for path in files:
        h.update(_display(path, root).encode() + b"\0")
        h.update(path.read_bytes() if path.exists() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


def _display(path: Path, root: Path) -> str:
    """The file's name relative to the content's root. A file written as a path inside
    the root (every bundled file is) is named from the path itself: resolving its
    links, as any other path is, took two thirds of the content check every start
    makes."""
    if path.is_absolute() and ".." not in path.parts and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


# The app_meta key under which the last synced content's fingerprint is kept.
DIGEST_KEY = "content_digest"


def synced_digest_matches(connection: sqlite3.Connection, dirs: ContentDirs) -> bool:
    """Whether the database (a DB-API connection) holds exactly the content in `dirs`:
    the check every start makes, on a few hundred kilobytes, before deciding whether
    the content must be synced (`studyapp.core.content.sync`)."""
    row = connection.execute("SELECT value FROM app_meta WHERE key = ?", (DIGEST_KEY,)).fetchone()
    return row is not None and row[0] == digest_of(content_files(dirs), dirs.resources.parent)
