"""Check database: SQLite's integrity and foreign-key checks, and the tables Setu
derives from the student's rows rebuilt from those rows.

Derived tables hold nothing of their own: the review totals (`review_slots`,
`review_buckets`) add up the review log, and the full-text `search_index` indexes the
words of sections, prompts and notes. Rebuilding them can only bring them back in step.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from studyapp.core.content import search_index
from studyapp.core.errors import DatabaseError
from studyapp.core.models import Note, Section
from studyapp.core.srs import totals
from studyapp.core.srs.rules import COUNTER_NAMES, summed_sql
from studyapp.core.storage.backup import copy_aside, make_backup
from studyapp.core.storage.db import WRITE_OPTION, driver, make_engine
from studyapp.core.storage.failures import storage_reason
from studyapp.core.storage.inspect import DatabaseRefused, inspect_database
from studyapp.core.wording import counted


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)  # problems SQLite found
    integrity_fixed: bool = False  # REINDEX cleared them
    foreign_keys: list[str] = field(default_factory=list)
    review_totals_fixed: int = 0  # rows of review_slots/review_buckets corrected
    search_fixed: int = 0  # search entries missing, extra or stale

    @property
    def sound(self) -> bool:
        """Nothing is left wrong (what was found has been fixed)."""
        return (not self.integrity or self.integrity_fixed) and not self.foreign_keys

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.integrity:
            outcome = "fixed by rebuilding the indexes" if self.integrity_fixed else "NOT fixed"
            out.append(f"Integrity check: {counted(len(self.integrity), 'problem')}, {outcome}.")
            out += [f"  {p}" for p in self.integrity[:10]]
        else:
            out.append("Integrity check: no problems.")
        if self.foreign_keys:
            out.append(f"Links between rows: {len(self.foreign_keys)} broken (left as they are).")
            out += [f"  {p}" for p in self.foreign_keys[:10]]
        else:
            out.append("Links between rows: all sound.")
        out.append(
            f"Review totals: {counted(self.review_totals_fixed, 'row')} corrected "
            "from the review log."
            if self.review_totals_fixed
            else "Review totals: in step with the review log."
        )
        out.append(
            f"Search index: {self.search_fixed} entr(ies) corrected."
            if self.search_fixed
            else "Search index: in step."
        )
        if not self.sound:
            out.append("Some problems remain: restore a backup (File › Backups…).")
        return out


def check_database(session: Session) -> CheckReport:
    """Check and repair the database within the caller's write transaction."""
    report = CheckReport()
    report.integrity = _integrity(session)
    if report.integrity:
        session.execute(text("REINDEX"))
        report.integrity_fixed = not _integrity(session)
    report.foreign_keys = [
        f"{row[0]} row {row[1]} points to a missing {row[2]}"
        for row in session.execute(text("PRAGMA foreign_key_check"))
    ]
    report.review_totals_fixed = _rebuild_review_totals(session)
    report.search_fixed = _rebuild_search_index(session)
    return report


def _integrity(session: Session) -> list[str]:
    rows = [str(r[0]) for r in session.execute(text("PRAGMA integrity_check(100)"))]
    return [] if rows == ["ok"] else rows


def _rebuild_review_totals(session: Session) -> int:
    # The answers since the last fold are taken in first, so the totals should hold
    # the whole log (a mark left wrong shows as totals that do not).
    totals.fold(driver(session))
    columns, summed = ", ".join(COUNTER_NAMES), summed_sql()
    expected = {
        "review_slots": (
            f"SELECT r.reviewed_ms / 900000 AS bucket, {summed} FROM review_log r GROUP BY 1",
            f"bucket, {columns}",
        ),
        "review_buckets": (
            f"SELECT q.area, r.reviewed_ms / 900000, {summed} "
            "FROM review_log r JOIN questions q ON q.id = r.question_id GROUP BY 1, 2",
            f"area, bucket, {columns}",
        ),
    }
    fixed = 0
    for table, (query, cols) in expected.items():
        # Rows present on one side only; an all-zero row left by undo counts as absent.
        live = f"SELECT {cols} FROM {table} WHERE reviews != 0"
        # A wrong row shows on both sides, a missing or extra row on one: the larger
        # side is the number of rows that were wrong.
        differing = session.execute(
            text(
                f"SELECT max((SELECT count(*) FROM (SELECT * FROM ({query}) EXCEPT {live})), "
                f"(SELECT count(*) FROM ({live} EXCEPT SELECT * FROM ({query}))))"
            )
        ).scalar_one()
        if differing:
            session.execute(text(f"DELETE FROM {table}"))
            session.execute(text(f"INSERT INTO {table} ({cols}) {query}"))
            fixed += int(differing)
    return fixed


def _rebuild_search_index(session: Session) -> int:
    """Write the sections' and notes' texts again, then index everything afresh;
    returns how many entries differed (missing, extra, or of other words)."""
    before = _search_entries(session)
    # The texts are written again without their triggers, which would take each old
    # text's entry out of the index first: a damaged index may not hold it, and FTS5
    # refuses to remove what it does not hold. The index is then made afresh.
    with _triggers_off(session, "search_text"):
        session.execute(text("DELETE FROM search_text"))
        search_index.replace_sections(session, session.scalars(select(Section)))
        titles = {r.id: r.title for r in session.execute(select(Section.id, Section.title))}
        for note in session.scalars(select(Note)):
            search_index.index_note(session, note, titles.get(note.section_id, ""))
    search_index.rebuild(session)
    after = _search_entries(session)
    return len(before ^ after)


@contextmanager
def _triggers_off(session: Session, table: str) -> Iterator[None]:
    """The table's triggers dropped for the block and made again after it, in the
    same transaction."""
    connection = session.connection()
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    ).all()
    for name, _ in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for _, sql in triggers:
        connection.exec_driver_sql(sql)


def _search_entries(session: Session) -> set[tuple[int, bytes]]:
    # The index keeps no text of its own (it reads it from the prompts, sections and
    # notes): each entry is known by its rowid and its words' count per column, the row
    # FTS5 keeps for it in its docsize table.
    return {
        (int(rowid), bytes(size))
        for rowid, size in session.execute(text("SELECT id, sz FROM search_index_docsize"))
    }


def check_file(database: Path, backups: Path, now: datetime) -> CheckReport:
    """Check and repair the database file at `database` (the caller holds the folder
    lock). A sound file is backed up first; a damaged one is copied aside as it is,
    since a verified backup of it cannot be made."""
    try:
        inspect_database(database)
        sound = True
    except DatabaseRefused as exc:
        if exc.kind != "damaged":
            raise
        sound = False
    if sound:
        make_backup(database, backups, "before-check", now)
    else:
        copy_aside(database, backups, now)
    engine = make_engine(database)
    try:
        with sessionmaker(engine.execution_options(**{WRITE_OPTION: True})).begin() as session:
            return check_database(session)
    except sa_exc.DBAPIError as exc:
        raise DatabaseError(
            f"The database {database} could not be repaired ({storage_reason(exc)}); "
            f"restore a backup instead."
        ) from exc
    finally:
        engine.dispose()
