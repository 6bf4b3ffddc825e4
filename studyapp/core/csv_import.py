"""Importing the student's own prompts from CSV (`front,back,tags`).

The whole file is read and checked before anything is written: a malformed file
(wrong number of columns, not UTF-8, an empty front) is refused with the line of
each problem, and nothing is imported. Re-importing the same rows adds nothing:
each prompt's id is derived from its front and back.

Large files are written with plain `executemany` on the DB-API connection (the ORM
would spend most of the time building objects), in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from studyapp.core.errors import Problem, UserFacingError
from studyapp.core.models import Question
from studyapp.core.search_index import rowid_for
from studyapp.core.srs import create_cards

IMPORTED_AREA = "imported"
_CHUNK = 5000

# progress(done, total) -> False to cancel (the transaction then rolls back)
Progress = Callable[[int, int], bool]


class ImportRefused(UserFacingError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"Nothing was imported; the file has {len(problems)} problem(s):\n{shown}{more}"
        )


class ImportCancelled(UserFacingError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was imported.")


@dataclass(frozen=True)
class CsvRow:
    line: int
    front: str
    back: str
    tags: tuple[str, ...]

    @property
    def key(self) -> str:
        digest = hashlib.sha1(f"{self.front}\x1f{self.back}".encode(), usedforsecurity=False)
        return f"imp.{digest.hexdigest()[:20]}"


@dataclass(frozen=True)
class ImportReport:
    rows: int
    added: int
    duplicates: int


def read_csv(path: Path) -> list[CsvRow]:
    """Parse and check a CSV file; raise `ImportRefused` listing every problem."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused([Problem(name, 1, "file", exc.strerror or str(exc))]) from exc
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused([Problem(name, line, "file", "is not UTF-8 text")]) from exc
    rows: list[CsvRow] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    start_line = 1
    try:
        for record in reader:
            line, start_line = start_line, reader.line_num + 1
            if not record or all(not cell.strip() for cell in record):
                continue
            if not rows and not problems and _is_header(record):
                continue
            if len(record) not in (2, 3):
                problems.append(
                    Problem(
                        name,
                        line,
                        "columns",
                        f"expected front,back,tags but found {len(record)} column(s)",
                    )
                )
                continue
            front, back = record[0].strip(), record[1].strip()
            if not front:
                problems.append(Problem(name, line, "front", "is empty"))
                continue
            tags = tuple(dict.fromkeys(record[2].split())) if len(record) == 3 else ()
            rows.append(CsvRow(line, front, back, tags))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num or start_line, "csv", str(exc)))
    if problems:
        raise ImportRefused(problems)
    return rows


def _is_header(record: list[str]) -> bool:
    return [c.strip().lower() for c in record[:3]] in (["front", "back", "tags"], ["front", "back"])


def import_rows(
    session: Session, rows: list[CsvRow], progress: Progress | None = None
) -> ImportReport:
    """Add the rows as the student's own prompts (origin "imported"), searchable and
    reviewable like the bundled ones. The caller owns the transaction."""
    existing = set(session.scalars(select(Question.key).where(Question.origin == "imported")))
    fresh: list[CsvRow] = []
    for row in rows:
        if row.key not in existing:
            existing.add(row.key)
            fresh.append(row)
    next_id = (session.scalar(select(func.max(Question.id))) or 0) + 1
    ids = list(range(next_id, next_id + len(fresh)))
    cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    total = len(fresh)
    for start in range(0, total, _CHUNK):
        chunk = list(zip(ids[start : start + _CHUNK], fresh[start : start + _CHUNK], strict=True))
        cursor.executemany(
            "INSERT INTO questions (id, key, type, stem, options, answer_index, details, "
            "explanation, area, difficulty, origin, year, tags, retired) "
            "VALUES (?, ?, 'basic', ?, '[]', NULL, ?, '', ?, 'medium', 'imported', NULL, ?, 0)",
            [
                (
                    qid,
                    row.key,
                    row.front,
                    json.dumps({"back": row.back}, ensure_ascii=False),
                    row.tags[0] if row.tags else IMPORTED_AREA,
                    json.dumps(list(row.tags), ensure_ascii=False),
                )
                for qid, row in chunk
            ],
        )
        cursor.executemany(
            "INSERT INTO search_index (rowid, kind, item_id, title, body) "
            "VALUES (?, 'question', ?, ?, ?)",
            [
                (rowid_for("question", qid), qid, row.front, f"{row.back}\n{' '.join(row.tags)}")
                for qid, row in chunk
            ],
        )
        if progress is not None and not progress(min(start + _CHUNK, total), total):
            raise ImportCancelled()
    create_cards(session, ids)
    return ImportReport(rows=len(rows), added=len(fresh), duplicates=len(rows) - len(fresh))


def import_csv(session: Session, path: Path, progress: Progress | None = None) -> ImportReport:
    return import_rows(session, read_csv(path), progress)


__all__ = ["CsvRow", "ImportCancelled", "ImportRefused", "ImportReport", "import_csv", "read_csv"]
