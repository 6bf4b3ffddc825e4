"""Importing the student's own prompts from CSV (`front,back,tags`).

The cells may be separated by commas, tabs or semicolons (a spreadsheet saved in a
language that writes decimals with a comma uses semicolons): the separator is the one
that splits the first rows into two or three cells. Anki's plain-text export ("Notes
in Plain Text") reads as it is: its `#separator:` and `#html:` lines say how, and HTML
fields are reduced to text.

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
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sqlalchemy.orm import Session

from studyapp.core.bank.areas import AreaLookup, area_lookup
from studyapp.core.bank.imported import four_options
from studyapp.core.bank.new_queue import new_queue_cards
from studyapp.core.content.search_index import bulk_indexing, prompt_search_body, rowid_for
from studyapp.core.errors import Problem, UserFacingError
from studyapp.core.exchange.html_text import html_to_text
from studyapp.core.srs.scheduler import write_new_cards
from studyapp.core.storage.bulk import built_alongside, collector_paused, dropped_indexes
from studyapp.core.storage.db import CACHE_SIZE, driver
from studyapp.core.wording import counted

_CHUNK = 5000
IMPORT_CACHE_SIZE = -65536  # KiB of page cache while importing (negative: a size)

# progress(done, total) -> False to cancel (the transaction then rolls back)
Progress = Callable[[int, int], bool]


class ImportRefused(UserFacingError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"Nothing was imported; the file has {counted(len(problems), 'problem')}:"
            f"\n{shown}{more}"
        )


class ImportCancelled(UserFacingError):
    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was imported.")


class CsvRow(NamedTuple):  # a tuple: a large file makes 100 000 of them
    line: int
    front: str
    back: str
    tags: tuple[str, ...]

    @property
    def key(self) -> str:
        """A stable id from the content, so re-importing a row finds it again."""
        digest = hashlib.sha1(f"{self.front}\x1f{self.back}".encode(), usedforsecurity=False)
        return f"imp.{digest.hexdigest()[:20]}"


@dataclass(frozen=True)
class ImportReport:
    rows: int
    added: int
    duplicates: int


def read_csv(path: Path) -> list[CsvRow]:
    """Parse and check a CSV file; raise `ImportRefused` listing every problem."""
    with collector_paused():
        return _read_csv(path)


def _read_csv(path: Path) -> list[CsvRow]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused([Problem(name, 1, "file", exc.strerror or str(exc))]) from exc
    # Control characters are single bytes in UTF-8 (never part of another character),
    # so the usual clean file is checked on its bytes, which is quicker.
    suspect = len(raw.translate(None, _CONTROL_BYTES)) != len(raw)
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused([Problem(name, line, "file", "is not UTF-8 text")]) from exc
    del raw  # a large file is held once, not twice, while it is parsed
    # A byte-order mark (at the start, or repeated by an editor that joined files) is
    # an invisible character nobody means to study.
    if "\ufeff" in content:
        content = content.replace("\ufeff", "")
    problems = _control_characters(name, content) if suspect else []
    if problems:
        raise ImportRefused(problems)
    layout = _layout(content)
    if layout.anki_columns:
        raise ImportRefused([Problem(name, layout.anki_columns, "file", _ANKI_COLUMNS)])
    html = layout.html
    rows: list[CsvRow] = []
    for line, record in _records(name, content, problems, layout):
        if html:
            record = [html_to_text(cell) for cell in record]
        front = record[0].strip() if record else ""
        # Only a row without a front can be blank (joining every row would cost a
        # copy of each).
        if not front and not "".join(record).strip():
            continue
        if not rows and not problems and _is_header(record):
            continue
        if len(record) not in (2, 3):
            problems.append(
                Problem(
                    name,
                    line,
                    "columns",
                    f"expected front,back,tags but found {counted(len(record), 'column')}",
                )
            )
            continue
        if not front:
            problems.append(Problem(name, line, "front", "is empty"))
            continue
        tags = tuple(record[2].split()) if len(record) == 3 else ()
        if len(set(tags)) != len(tags):
            tags = tuple(dict.fromkeys(tags))
        rows.append(CsvRow(line, front, record[1].strip(), tags))
    if problems:
        raise ImportRefused(problems)
    return rows


class Layout(NamedTuple):
    separator: str
    html: bool  # cells hold HTML (Anki's export with "Include HTML")
    header_lines: int  # Anki's lines saying how the file is laid out, to pass over
    anki_columns: int  # the line of Anki's note type, deck or note id column, if any
    plain_endings: bool  # lines end with a line feed (a Windows one too); see `_lines`


# The lines Anki's plain-text export starts with ("#separator:tab", "#html:true", …).
_ANKI_HEADER = re.compile(
    r"#(separator|html|tags column|columns|notetype|deck|notetype column|deck column"
    r"|guid column|if matches):(.*)"
)
_ANKI_SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|"}
_ANKI_SEPARATORS.update({c: c for c in _ANKI_SEPARATORS.values()})  # or the character itself
_SEPARATORS = (",", "\t", ";")  # told apart by their first rows, in this order on a tie
_SAMPLE_LINES = 50
_ANKI_COLUMNS = (
    "has Anki's note type, deck or note id columns; export the notes again without "
    "them, or as an Anki package (.apkg)"
)


def _layout(content: str) -> Layout:
    """How the text's rows are laid out: what its Anki header lines say, otherwise
    the separator that splits the most of the first rows into two or three cells."""
    separator, html, header_lines, anki_columns = "", False, 0, 0
    plain_endings = content.count("\r") == content.count("\r\n")
    sample: list[str] = []
    in_header = True  # (the header lines come first, one after another)
    for text in _lines(content, plain_endings):
        found = _ANKI_HEADER.fullmatch(text.rstrip("\r\n")) if in_header else None
        if found is not None:
            header_lines += 1
            key, value = found.group(1), found.group(2).strip()
            if key == "separator":
                separator = _ANKI_SEPARATORS.get(value.casefold(), "")
            elif key == "html":
                html = value.casefold() == "true"
            elif key in ("notetype column", "deck column", "guid column"):
                anki_columns = anki_columns or header_lines
            continue
        in_header = False
        if text.strip():
            sample.append(text)
        if len(sample) == _SAMPLE_LINES:
            break
    if not separator:
        separator = max(
            _SEPARATORS, key=lambda s: (_fitting_rows(sample, s), -_SEPARATORS.index(s))
        )
    return Layout(separator, html, header_lines, anki_columns, plain_endings)


def _fitting_rows(lines: list[str], separator: str) -> int:
    """How many of these lines `separator` splits into two or three cells."""
    fitting = 0
    try:
        for record in csv.reader(lines, delimiter=separator):
            fitting += len(record) in (2, 3)
    except csv.Error:  # a quoted cell the sample cuts off: the rows before it tell
        pass
    return fitting


def _records(
    name: str, content: str, problems: list[Problem], layout: Layout
) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each record of the text; a malformed one ends them with a
    problem. Text without quotation marks has a record per line, its cells what the
    separators separate: the cells `csv` reads there, split in a third of the time
    (and without `csv`'s 128 KiB limit on a cell, which guards against a quotation
    mark left open). Anki's header lines are passed over, and counted."""
    lines = _lines(content, layout.plain_endings)
    skipped = layout.header_lines
    for _ in range(skipped):
        next(lines)
    if layout.plain_endings and '"' not in content:
        for line, text in enumerate(lines, start=skipped + 1):
            yield line, text.rstrip("\r\n").split(layout.separator)
        return
    reader = csv.reader(lines, delimiter=layout.separator, strict=True)
    start_line = skipped + 1
    try:
        for record in reader:
            line, start_line = start_line, skipped + reader.line_num + 1
            yield line, record
    except csv.Error as exc:
        at = skipped + reader.line_num if reader.line_num else start_line
        problems.append(Problem(name, at, "csv", str(exc)))


def _lines(content: str, plain_endings: bool) -> Iterator[str]:
    """The text's lines with their endings, as a file opened with newline="" gives
    them to `csv`. Split at line feeds (which end Windows lines too), the text is
    held once; `io.StringIO` would hold a copy up to four times its size, most of a
    large import's peak memory. Text with old Mac line endings (a carriage return
    alone, `plain_endings` False) is read through `io.StringIO`, which splits there
    too."""
    if not plain_endings:
        yield from io.StringIO(content, newline="")
        return
    start, size = 0, len(content)
    while start < size:
        end = content.find("\n", start) + 1 or size
        yield content[start:end]
        start = end


# NUL and the other control characters (escape, bell, …) mean a binary or damaged
# file; tab, line feed and carriage return are ordinary text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same bytes, for `bytes.translate`, which finds them several times faster than
# the pattern does (the copy it makes is freed before the rows are built).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _control_characters(name: str, content: str) -> list[Problem]:
    problems = []
    for line, text in enumerate(content.split("\n"), start=1):
        found = _CONTROL.search(text)
        if found:
            char = "a NUL byte" if found.group() == "\x00" else "a control character"
            code = f"U+{ord(found.group()):04X}"
            problems.append(
                Problem(name, line, "file", f"contains {char} ({code}); is it a text file?")
            )
    return problems


def _is_header(record: list[str]) -> bool:
    cells = [c.strip().casefold() for c in record[:3]]
    return cells in (["front", "back", "tags"], ["front", "back"])


def import_rows(
    session: Session, rows: list[CsvRow], progress: Progress | None = None
) -> ImportReport:
    """Add the rows as the student's own prompts (origin "imported"), searchable and
    reviewable like the bundled ones. The caller owns the transaction."""
    with collector_paused():
        return _import_rows(session, rows, progress)


def _import_rows(session: Session, rows: list[CsvRow], progress: Progress | None) -> ImportReport:
    cursor = driver(session).cursor()
    existing = {key for (key,) in cursor.execute(_IMPORTED_KEYS)}
    fresh: list[tuple[str, CsvRow]] = []
    for row in rows:
        key = row.key
        if key not in existing:
            existing.add(key)
            fresh.append((key, row))
    next_id = (cursor.execute("SELECT max(id) FROM questions").fetchone()[0] or 0) + 1
    ids = list(range(next_id, next_id + len(fresh)))
    # A big import touches far more pages than the default cache holds.
    cursor.execute(f"PRAGMA cache_size = {IMPORT_CACHE_SIZE}")
    # An import larger than the bank builds the prompts' indexes afresh (see
    # `dropped_indexes`); a small one into a large bank updates them.
    rebuilt = REBUILT_INDEXES if len(fresh) >= next_id else ()
    try:
        with bulk_indexing(cursor):
            definitions = dropped_indexes(cursor, rebuilt)
            # Each prompt is filed under the area its tags name, else "My prompts".
            described = _insert(cursor, ids, fresh, area_lookup(session), progress)
            if ids:  # (with none, no index was dropped: the bank is larger)
                cards = new_queue_cards(session, ids, described)
                # SQLite builds the indexes (and writes out the search index's new
                # entries, which the first build makes it do) while Python works out
                # the new cards' queue order.
                with built_alongside(cursor, definitions):
                    ordered = cards.ordered()
                write_new_cards(session, cards, ordered)
    finally:
        cursor.execute(f"PRAGMA cache_size = {CACHE_SIZE}")
    return ImportReport(rows=len(rows), added=len(fresh), duplicates=len(rows) - len(fresh))


_IMPORTED_KEYS = "SELECT key FROM questions WHERE origin = 'imported'"
# The prompts' indexes whose entries an import adds out of their order (by text, by
# area, by the bank's filters), and the one of live prompts, which a sorted build
# writes as fast as it is updated. (The key's unique index stays: it refuses a
# duplicate as the rows go in.)
REBUILT_INDEXES = (
    "ix_questions_prompt_sort",
    "ix_questions_bank",
    "ix_questions_area",
    "ix_questions_live",
)


def _insert(
    cursor: sqlite3.Cursor,
    ids: list[int],
    fresh: list[tuple[str, CsvRow]],
    lookup: AreaLookup,
    progress: Progress | None,
) -> list[tuple[int, str, str]]:
    """The prompts and their search-index rows, a chunk at a time; returns each
    prompt's (id, type, area), which its new card is ordered by."""
    # JSON for the details and tags columns, built from the C string encoder: a
    # general json.dumps per row would cost more than the inserts themselves.
    quote = json.encoder.encode_basestring
    # A file repeats the same few sets of tags: each set's area and JSON are worked
    # out once.
    by_tags: dict[tuple[str, ...], tuple[str, str]] = {}
    described: list[tuple[int, str, str]] = []
    first_rowid = rowid_for("question", 0)
    total = len(fresh)
    for start in range(0, total, _CHUNK):
        prompts, texts = [], []
        chunk = zip(ids[start : start + _CHUNK], fresh[start : start + _CHUNK], strict=True)
        for qid, (key, row) in chunk:
            tags = row.tags
            found = by_tags.get(tags)
            if found is None:
                found = by_tags[tags] = (
                    lookup.area_for(tags),
                    "[" + ", ".join(map(quote, tags)) + "]",
                )
            area, tags_json = found
            fields, body = _prompt_fields(row, quote)
            prompts.append((qid, key, *fields, area, tags_json))
            # The index's words, as the prompt_search_text view gives them (the index
            # keeps no copy of them).
            texts.append((first_rowid + qid, qid, fields[1], body))
            described.append((qid, fields[0], area))
        cursor.executemany(
            "INSERT INTO questions (id, key, type, stem, options, answer_index, details, "
            "explanation, area, difficulty, origin, year, tags, retired) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'medium', 'imported', NULL, ?, 0)",
            prompts,
        )
        cursor.executemany(
            "INSERT INTO search_index (rowid, kind, item_id, title, body) "
            "VALUES (?, 'question', ?, ?, ?)",
            texts,
        )
        if progress is not None and not progress(min(start + _CHUNK, total), total):
            raise ImportCancelled()
    return described


def _prompt_fields(
    row: CsvRow, quote: Callable[[str], str]
) -> tuple[tuple[str, str, str, int | None, str, str], str]:
    """(type, stem, options, answer index, details, explanation) as stored, and the
    body the search index gives them: a row with four marked options is a
    single-answer prompt, any other a front/back card."""
    mcq = four_options(row.front, row.back)
    if mcq is None:
        details = '{"back": ' + quote(row.back) + "}"
        body = prompt_search_body((), (row.back,), "", row.tags)
        return ("basic", row.front, "[]", None, details, ""), body
    options = "[" + ", ".join(map(quote, mcq.options)) + "]"
    body = prompt_search_body(mcq.options, (), mcq.explanation, row.tags)
    return ("mcq", mcq.stem, options, mcq.answer_index, "{}", mcq.explanation), body


def import_csv(session: Session, path: Path, progress: Progress | None = None) -> ImportReport:
    return import_rows(session, read_csv(path), progress)


__all__ = ["CsvRow", "ImportCancelled", "ImportRefused", "ImportReport", "import_csv", "read_csv"]
