"""Import the notes of an Anki package (`.apkg` or `.colpkg`) as the student's own prompts.

An Anki package is a zip file holding a SQLite collection: `collection.anki21b`
(zstd-compressed, Anki 2.1.50 and later), `collection.anki21` or `collection.anki2`
(older exports, and the "support older versions" option). Setu reads the notes table
read-only from a temporary copy; it never opens the student's own Anki profile.

Basic and Basic-and-reversed notes become front/back prompts (self-graded, as CSV rows
are); each cloze deletion of a Cloze note becomes a fill-in-the-blank prompt. HTML is
reduced to text and media are left out (and counted). Tags are filed under areas as the
CSV import files them. The whole package is read and checked before anything is
written, and the caller's transaction makes the import all-or-nothing. Re-importing a
package adds only what is new.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import zstandard
from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.bank.areas import area_lookup
from studyapp.core.bank.new_queue import add_to_new_queue
from studyapp.core.content.search_index import index_questions
from studyapp.core.errors import UserFacingError
from studyapp.core.exchange.csv_import import CsvRow, Progress, import_rows
from studyapp.core.exchange.html_text import html_to_text
from studyapp.core.models import Question

# Newest first: a modern package also carries a stub `collection.anki2` that only says
# "please update Anki".
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_NOT_MEDIA = {*_COLLECTIONS, "media", "meta"}
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)
BLANK = "____"


class AnkiPackageRefused(UserFacingError):
    """A file that is not a readable Anki package, or has nothing Setu can use."""


@dataclass(frozen=True)
class ClozeCard:
    key: str
    stem: str
    answer: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class AnkiNotes:
    basic: list[CsvRow]
    cloze: list[ClozeCard]
    skipped: int  # notes with an empty front, or no cloze text
    media: int


@dataclass(frozen=True)
class AnkiImportReport:
    notes: int
    added: int
    duplicates: int
    skipped: int
    media: int


def _cloze_cards(guid: str, text: str, tags: tuple[str, ...]) -> list[ClozeCard]:
    numbers = sorted({int(m.group(1)) for m in _CLOZE.finditer(text)})
    cards = []
    for n in numbers:
        answers: list[str] = []

        def blank_or_reveal(match: re.Match[str], n: int = n, answers: list[str] = answers) -> str:
            if int(match.group(1)) != n:
                return match.group(2)
            answers.append(html_to_text(match.group(2)))
            hint = match.group(3)
            return f"{BLANK} ({hint})" if hint else BLANK

        stem = html_to_text(_CLOZE.sub(blank_or_reveal, text))
        answer = ", ".join(a for a in answers if a)
        if stem and answer:
            cards.append(ClozeCard(f"anki.{guid}.c{n}", stem, answer, tags))
    return cards


def read_anki_package(path: Path) -> AnkiNotes:
    """Read and check an Anki package; raise `AnkiPackageRefused` with one sentence."""
    path = Path(path)
    if not path.is_file():
        raise AnkiPackageRefused(f"There is no file {path}.")
    try:
        if not zipfile.is_zipfile(path):
            raise AnkiPackageRefused(f"{path} is not an Anki package (.apkg or .colpkg).")
        with zipfile.ZipFile(path) as package, tempfile.TemporaryDirectory() as tmp:
            names = set(package.namelist())
            inner = next((n for n in _COLLECTIONS if n in names), None)
            if inner is None:
                raise AnkiPackageRefused(f"{path} holds no Anki collection.")
            collection = Path(tmp) / "collection.sqlite"
            with package.open(inner) as source, collection.open("wb") as target:
                if inner.endswith("21b"):
                    zstandard.ZstdDecompressor().copy_stream(source, target)
                else:
                    while chunk := source.read(1 << 20):
                        target.write(chunk)
            media = sum(1 for n in names if n not in _NOT_MEDIA)
            notes = _read_notes(collection)
    except AnkiPackageRefused:
        raise
    except (OSError, zipfile.BadZipFile, zstandard.ZstdError, sqlite3.Error) as exc:
        raise AnkiPackageRefused(f"{path} is damaged and cannot be read ({exc}).") from exc
    basic, cloze, skipped = [], [], 0
    for line, (guid, tags_text, fields_text) in enumerate(notes, start=1):
        fields = fields_text.split("\x1f")
        tags = tuple(dict.fromkeys(tags_text.split()))
        if any(_CLOZE.search(f) for f in fields):
            text = next(f for f in fields if _CLOZE.search(f))
            found = _cloze_cards(str(guid), text, tags)
            cloze.extend(found)
            skipped += not found
            continue
        front = html_to_text(fields[0])
        back = html_to_text(fields[1]) if len(fields) > 1 else ""
        if not front:
            skipped += 1
            continue
        basic.append(CsvRow(line, front, back, tags))
    if not basic and not cloze:
        raise AnkiPackageRefused(f"{path} has no notes Setu can use (Basic or Cloze).")
    return AnkiNotes(basic, cloze, skipped, media)


def _read_notes(collection: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(f"{collection.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT guid, tags, flds FROM notes ORDER BY id").fetchall()
    finally:
        conn.close()
    return [(str(g), str(t or ""), str(f or "")) for g, t, f in rows]


def import_anki_notes(
    session: Session, notes: AnkiNotes, progress: Progress | None = None
) -> AnkiImportReport:
    """Add the notes as the student's own prompts. The caller owns the transaction."""
    basic = import_rows(session, notes.basic, progress)
    known = set(session.scalars(select(Question.key).where(Question.key.startswith("anki."))))
    fresh = [c for c in notes.cloze if c.key not in known]
    lookup = area_lookup(session)  # a tag names an area, else "My prompts"
    questions = [
        Question(
            key=c.key,
            type="fill_blank",
            stem=c.stem,
            options=[],
            answer_index=None,
            details={"answer": c.answer, "accept": []},
            explanation="",
            area=lookup.area_for(c.tags),
            difficulty="medium",
            origin="imported",
            tags=list(c.tags),
        )
        for c in fresh
    ]
    session.add_all(questions)
    session.flush()
    ids = [q.id for q in questions]
    index_questions(session, questions)
    add_to_new_queue(session, ids)
    total = len(notes.basic) + len(notes.cloze)
    added = basic.added + len(fresh)
    return AnkiImportReport(
        notes=total,
        added=added,
        duplicates=total - added,
        skipped=notes.skipped,
        media=notes.media,
    )
