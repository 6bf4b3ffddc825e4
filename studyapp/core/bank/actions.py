"""What the student does to a selection of prompts in the bank: suspend, flag,
reset, practise, export. Selections may be the whole bank (100 000 prompts), so
writes are one executemany each."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.bank.documents import csv_row, document_of
from studyapp.core.bank.query import FLAGS
from studyapp.core.content.prompts import load_prompt
from studyapp.core.models import Question
from studyapp.core.quiz.selection import PRACTICE_TYPES


def set_suspended(session: Session, question_ids: Sequence[int], suspended: bool) -> None:
    """Suspended prompts leave every queue, practice set and mock test until restored."""
    session.connection().exec_driver_sql(
        "UPDATE cards SET suspended = ? WHERE question_id = ?",
        [(suspended, qid) for qid in question_ids],
    )


def set_flag(session: Session, question_ids: Sequence[int], flag: int) -> None:
    """Flag the prompts with a colour (0 clears the flag)."""
    if flag != 0 and flag not in FLAGS:
        raise ValueError(f"unknown flag {flag}")
    session.connection().exec_driver_sql(
        "UPDATE cards SET flag = ? WHERE question_id = ?", [(flag, qid) for qid in question_ids]
    )


def reset_progress(session: Session, question_ids: Sequence[int]) -> None:
    """Make the prompts new again (Anki's "Forget"): their memory state goes, they
    rejoin the end of the new queue, and their answers stay in the history."""
    connection = session.connection()
    start = int(
        connection.exec_driver_sql("SELECT coalesce(max(new_position), 0) FROM cards").scalar_one()
    )
    connection.exec_driver_sql(
        "UPDATE cards SET state = 1, step = 0, stability = NULL, difficulty = NULL, "
        "due_ms = 0, last_review_ms = NULL, reps = 0, lapses = 0, new_position = ? "
        "WHERE question_id = ?",
        [(start + n + 1, qid) for n, qid in enumerate(question_ids)],
    )


def practisable(session: Session, question_ids: Sequence[int]) -> list[int]:
    """The selection's prompts a practice set can take (objective and front/back;
    mains prompts are written against a timer on their own page), in order."""
    wanted = set(question_ids)
    found: set[int] = set()
    ids = list(wanted)
    for start in range(0, len(ids), 30_000):  # SQLite's limit on bound values
        found.update(
            session.scalars(
                select(Question.id).where(
                    Question.id.in_(ids[start : start + 30_000]),
                    Question.type.in_(PRACTICE_TYPES),
                    Question.retired.is_(False),
                )
            )
        )
    return [qid for qid in question_ids if qid in found]


def export_csv(session: Session, question_ids: Sequence[int]) -> str:
    """The prompts as `front,back,tags` rows, the format File › Import reads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["front", "back", "tags"])
    for qid in question_ids:
        writer.writerow(csv_row(load_prompt(session, qid)))
    return out.getvalue()


def export_yaml(session: Session, question_ids: Sequence[int]) -> str:
    """The prompts as a list in the content files' format (questions/FORMAT.md)."""
    import yaml  # loaded only when exporting: start-up stays free of the YAML parser

    docs = []
    for qid in question_ids:
        doc = {k: v for k, v in document_of(session, qid).items() if v not in (None, [], "")}
        if doc.get("origin") in ("bundled", "user", "imported"):
            del doc["origin"]  # the format's default; the file's prompts are the reader's own
        docs.append(doc)
    return yaml.safe_dump(docs, allow_unicode=True, sort_keys=False, width=88)
