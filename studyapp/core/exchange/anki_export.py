"""Export prompts as an Anki package (`.apkg`) that Anki desktop and AnkiDroid open.

The package layout (a zipped SQLite collection with note types, decks, notes and
cards) is written by `genanki`, a small, well-kept library for exactly this: writing
that layout by hand would tie Setu to Anki's internal schema, and Anki's own library
is a large native package that students should not need in order to export. Only the
scheduling columns — which genanki leaves at "new" — are filled in afterwards, on the
collection genanki has just written, from the student's FSRS cards and review log.

Each prompt kind has its own note type whose templates lay it out as the paper does
(options (a)–(d), numbered statements, a pairs table, List-I/List-II, Statement-I/II);
each area is a deck under one parent deck; every note's GUID is derived from the
prompt's stable id, so exporting again updates the notes in Anki instead of adding
copies.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

import genanki
from sqlalchemy import select
from sqlalchemy.orm import Session

from studyapp.core.bank.areas import named_area
from studyapp.core.content.prompt_body import (
    AssertionBody,
    FrontBackBody,
    MainsBody,
    MatchCodesBody,
    MatchPairsBody,
    McqBody,
    StatementsBody,
)
from studyapp.core.content.prompts import LETTERS, PromptView, load_prompts
from studyapp.core.errors import FileNotWritten, UserFacingError
from studyapp.core.models import Area, Card, Question, ReviewLog
from studyapp.core.srs.rules import REVIEW_STATE
from studyapp.core.wording import matched_lists

PARENT_DECK = "Setu — India–Japan relations"
# Fixed ids: Anki recognises a note type or deck by id, so they must not change between
# exports (a changed id would make Anki create a second "Setu MCQ" note type).
_MODEL_BASE_ID = 1_733_100_000_000
_DECK_BASE_ID = 1_733_200_000_000
_DAY_S = 86_400
_BATCH = 900  # ids per IN (…): under SQLite's limit on bound parameters

# Progress(done, total) -> False to cancel.
Progress = Callable[[int, int], bool]


class ExportCancelled(UserFacingError):
    def __init__(self) -> None:
        super().__init__("The export was cancelled; no file was written.")


@dataclass(frozen=True)
class AnkiExportReport:
    notes: int
    decks: int
    with_scheduling: bool
    reviews: int


CSS = """
.card { font-family: -apple-system, "Segoe UI", "Noto Sans", sans-serif; font-size: 18px;
  line-height: 1.45; text-align: left; max-width: 46em; margin: 0 auto; padding: 0 .5em;
  color: #1d2330; background: #fbfbfd; }
.nightMode.card, .night_mode .card { color: #e6e8ee; background: #1f2229; }
.meta { font-size: 12px; opacity: .7; margin-bottom: .6em; }
.stem { font-weight: 600; }
ol.statements, ol.options { padding-left: 1.6em; }
ol.options { list-style: none; padding-left: .2em; }
table.pairs { border-collapse: collapse; margin: .6em 0; }
table.pairs td, table.pairs th { border: 1px solid rgba(128,128,128,.5); padding: .25em .6em; }
.ask { margin-top: .4em; font-style: italic; }
.key { font-weight: 700; color: #0b7a3b; margin: .5em 0; }
.nightMode .key, .night_mode .key { color: #6fdc9a; }
.explanation { margin-top: .4em; }
.sources { font-size: 13px; opacity: .75; margin-top: .6em; }
"""

_COMMON_FIELDS = ["Setu id", "Area", "Kind", "Stem"]
_BACK_FIELDS = ["Key", "Explanation", "Sources", "Read more"]

_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="key">{{Key}}</div>'
    '<div class="explanation">{{Explanation}}</div>'
    '<div class="sources">Sources: {{Sources}}<br>Read more: {{Read more}}</div>'
)
_META = '<div class="meta">{{Area}} · {{Kind}}</div><div class="stem">{{Stem}}</div>'


@dataclass(frozen=True)
class _Kind:
    name: str
    fields: tuple[str, ...]  # between the common fields and the back fields
    front: str


_KINDS: dict[str, _Kind] = {
    "mcq": _Kind("Single answer", ("Options",), _META + "{{Options}}"),
    "statements": _Kind(
        "Statements",
        ("Statements", "Ask", "Options"),
        _META + '{{Statements}}<div class="ask">{{Ask}}</div>{{Options}}',
    ),
    "match": _Kind(
        "Match the pairs",
        ("Pairs", "Ask", "Options"),
        _META + '{{Pairs}}<div class="ask">{{Ask}}</div>{{Options}}',
    ),
    "assertion": _Kind(
        "Statement-I and Statement-II",
        ("Statement I", "Statement II", "Options"),
        _META + "<p><b>Statement-I:</b> {{Statement I}}</p>"
        "<p><b>Statement-II:</b> {{Statement II}}</p>"
        '<div class="ask">Which one of the following is correct in respect of the above '
        "statements?</div>{{Options}}",
    ),
    "true_false": _Kind("True or false", (), _META + '<div class="ask">True or false?</div>'),
    "fill_blank": _Kind("Fill in the blank", (), _META),
    "mains": _Kind(
        "Mains answer",
        ("Directive", "Word limit", "Key points", "Model outline"),
        _META + '<div class="ask">{{Directive}} · answer in {{Word limit}}</div>',
    ),
    "basic": _Kind("Flashcard", (), _META),
}
_MAINS_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="key">Key points</div>{{Key points}}'
    '<div class="explanation">{{Model outline}}</div>'
    '<div class="sources">Sources: {{Sources}}<br>Read more: {{Read more}}</div>'
)


def _model(kind: str) -> genanki.Model:
    spec = _KINDS[kind]
    names = [*_COMMON_FIELDS, *spec.fields, *_BACK_FIELDS]
    back = _MAINS_BACK if kind == "mains" else _BACK
    return genanki.Model(
        _MODEL_BASE_ID + list(_KINDS).index(kind),
        f"Setu · {spec.name}",
        fields=[{"name": n} for n in names],
        templates=[{"name": spec.name, "qfmt": spec.front, "afmt": back}],
        css=CSS,
        sort_field_index=_COMMON_FIELDS.index("Stem"),
    )


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _options_html(prompt: PromptView) -> str:
    items = "".join(
        f"<li>({LETTERS[i]}) {escape(option)}</li>" for i, option in enumerate(prompt.options)
    )
    return f'<ol class="options">{items}</ol>'


def _codes_html(body: MatchCodesBody) -> str:
    rows = "".join(
        f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>"
        for a, b in matched_lists(body.list_1, body.list_2)
    )
    return f'<table class="pairs"><tr><th>List-I</th><th>List-II</th></tr>{rows}</table>'


def _pairs_html(body: MatchPairsBody) -> str:
    head = ""
    if body.header is not None:
        left, right = body.header
        head = f"<tr><th></th><th>{escape(left)}</th><th>{escape(right)}</th></tr>"
    rows = "".join(
        f"<tr><td>{n}.</td><td>{escape(p.left)}</td><td>{escape(p.right)}</td></tr>"
        for n, p in enumerate(body.pairs, start=1)
    )
    return f'<table class="pairs">{head}{rows}</table>'


def _statements_html(body: StatementsBody) -> str:
    items = "".join(f"<li>{escape(s.text)}</li>" for s in body.statements)
    return f'<ol class="statements">{items}</ol>'


def _key(prompt: PromptView) -> str:
    match prompt.body:
        case FrontBackBody(back=back):
            return _lines(back)
        case MainsBody():
            return ""
    return escape(prompt.key_text())


def note_fields(prompt: PromptView) -> list[str]:
    """The note's fields in its note type's order."""
    common = [prompt.key, escape(prompt.area_title), escape(prompt.type_label), _lines(prompt.stem)]
    specific: list[str]
    match prompt.body:
        case McqBody():
            specific = [_options_html(prompt)]
        case StatementsBody() as body:
            specific = [_statements_html(body), prompt.question_line, _options_html(prompt)]
        case MatchCodesBody() as body:
            specific = [_codes_html(body), prompt.question_line, _options_html(prompt)]
        case MatchPairsBody() as body:
            specific = [_pairs_html(body), prompt.question_line, _options_html(prompt)]
        case AssertionBody() as body:
            specific = [escape(body.statement_1), escape(body.statement_2), _options_html(prompt)]
        case MainsBody() as body:
            points = "".join(f"<li>{escape(p)}</li>" for p in body.key_points)
            specific = [
                escape(body.directive),
                f"{body.word_limit} words · {body.marks} marks",
                f"<ul>{points}</ul>",
                _lines(body.model_outline),
            ]
        case _:
            specific = []
    back = [
        _key(prompt),
        _lines(prompt.explanation),
        escape("; ".join(prompt.sources)) or "your own prompt",
        escape("; ".join(title for _, title in prompt.sections)) or "—",
    ]
    return [*common, *specific, *back]


def _tags(prompt: PromptView) -> list[str]:
    # Anki tags cannot contain spaces; `::` makes them a tree in Anki's browser.
    return [
        f"setu::type::{prompt.type}",
        f"setu::area::{prompt.area}",
        f"setu::difficulty::{prompt.difficulty}",
        f"setu::origin::{prompt.origin}",
    ]


def select_prompts(
    session: Session, *, area: str | None = None, ids: Sequence[int] | None = None
) -> list[int]:
    """Which prompts to export: those given, an area's, or every current prompt."""
    query = select(Question.id).where(Question.retired.is_(False)).order_by(Question.id)
    if area is not None:
        named_area(session, area)
        query = query.where(Question.area == area)
    found = session.scalars(query)
    if ids is None:
        return list(found)
    # A selection can be the whole collection: filter here rather than in an IN (…).
    wanted = set(ids)
    return [qid for qid in found if qid in wanted]


def export_apkg(
    session: Session,
    question_ids: Sequence[int],
    path: Path,
    now: datetime,
    *,
    with_scheduling: bool = False,
    progress: Progress | None = None,
) -> AnkiExportReport:
    """Write the prompts to `path` as an Anki package.

    The package is built beside the target under a temporary name and renamed into
    place only when complete, so a cancelled or failed export never leaves a
    half-written file under the chosen name.
    """
    if not question_ids:
        raise UserFacingError("There are no prompts to export.")
    areas: dict[str, str] = dict(session.execute(select(Area.id, Area.title)).all())
    models = {kind: _model(kind) for kind in _KINDS}
    decks: dict[str, genanki.Deck] = {}
    guid_to_id: dict[str, int] = {}
    total = len(question_ids)
    for done, prompt in enumerate(load_prompts(session, question_ids), start=1):
        qid = prompt.id
        kind = prompt.type if prompt.type in _KINDS else "basic"
        deck = decks.get(prompt.area)
        if deck is None:
            title = areas.get(prompt.area, prompt.area_title)
            digest = hashlib.sha1(prompt.area.encode(), usedforsecurity=False).hexdigest()
            deck_id = _DECK_BASE_ID + int(digest[:8], 16)
            deck = decks[prompt.area] = genanki.Deck(deck_id, f"{PARENT_DECK}::{title}")
        guid = genanki.guid_for("setu", prompt.key)
        guid_to_id[guid] = qid
        deck.add_note(
            genanki.Note(
                model=models[kind], fields=note_fields(prompt), tags=_tags(prompt), guid=guid
            )
        )
        if progress is not None and done % 200 == 0 and not progress(done, total):
            raise ExportCancelled()
    package = genanki.Package(list(decks.values()))
    reviews = _write_package(
        package, path, now, guid_to_id, session if with_scheduling else None, progress
    )
    if progress is not None:
        progress(total, total)
    return AnkiExportReport(
        notes=total, decks=len(decks), with_scheduling=with_scheduling, reviews=reviews
    )


def _write_package(
    package: genanki.Package,
    path: Path,
    now: datetime,
    guid_to_id: dict[str, int],
    session: Session | None,
    progress: Progress | None,
) -> int:
    path = Path(path)
    fd, db_name = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    partial = path.with_name(f".{path.name}.partial")
    reviews = 0
    try:
        conn = sqlite3.connect(db_name)
        try:
            timestamp = now.timestamp()
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            if session is not None:
                reviews = _copy_scheduling(conn, session, guid_to_id, now)
            conn.commit()
        finally:
            conn.close()
        if progress is not None and not progress(len(guid_to_id), len(guid_to_id) + 1):
            raise ExportCancelled()
        try:
            # Light compression: most of the time of a large export would go to zlib.
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
                out.write(db_name, "collection.anki2")
                out.writestr("media", "{}")
            partial.replace(path)
        except OSError as exc:
            raise FileNotWritten(path, exc) from exc
    finally:
        Path(db_name).unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return reviews


def _copy_scheduling(
    conn: sqlite3.Connection, session: Session, guid_to_id: dict[str, int], now: datetime
) -> int:
    """Fill the exported cards' scheduling from the student's FSRS cards, and add their
    review history, so that review continues in Anki where Setu left off."""
    crt = int(conn.execute("SELECT crt FROM col").fetchone()[0])
    cards_by_guid: dict[str, int] = dict(
        conn.execute("SELECT n.guid, c.id FROM cards c JOIN notes n ON n.id = c.nid").fetchall()
    )
    by_question = {guid_to_id[g]: cid for g, cid in cards_by_guid.items() if g in guid_to_id}
    today = int((now.timestamp() - crt) // _DAY_S)
    updates: list[tuple[object, ...]] = []
    logs: list[tuple[int, int, int, int, int]] = []
    used: set[int] = set()
    ids = list(by_question)
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        for (
            qid,
            state,
            stability,
            difficulty,
            due_ms,
            last_ms,
            reps,
            lapses,
            suspended,
        ) in session.execute(
            select(
                Card.question_id,
                Card.state,
                Card.stability,
                Card.difficulty,
                Card.due_ms,
                Card.last_review_ms,
                Card.reps,
                Card.lapses,
                Card.suspended,
            ).where(Card.question_id.in_(batch), Card.last_review_ms.is_not(None))
        ):
            due_s = due_ms // 1000
            interval = max(1, round((due_ms - (last_ms or due_ms)) / 1000 / _DAY_S))
            if state == REVIEW_STATE:
                ctype, queue, due = 2, 2, max(today, int((due_s - crt) // _DAY_S))
            else:  # learning or relearning: Anki keeps these due at a moment, in seconds
                ctype, queue, due = (1 if state == 1 else 3), 1, due_s
            memory = {"s": round(stability or 0.0, 4), "d": round(difficulty or 5.0, 4)}
            updates.append(
                (
                    ctype,
                    -1 if suspended else queue,
                    due,
                    interval if ctype == 2 else 0,
                    reps,
                    lapses,
                    json.dumps(memory),
                    by_question[qid],
                )
            )
        for qid, reviewed_ms, rating, duration_ms, state_before in session.execute(
            select(
                ReviewLog.question_id,
                ReviewLog.reviewed_ms,
                ReviewLog.rating,
                ReviewLog.duration_ms,
                ReviewLog.state_before,
            ).where(ReviewLog.question_id.in_(batch))
        ):
            log_id = reviewed_ms
            while log_id in used:  # revlog ids are milliseconds and must be unique
                log_id += 1
            used.add(log_id)
            kind = {1: 0, 2: 1, 3: 2}.get(state_before or 1, 0)  # learn / review / relearn
            logs.append((log_id, by_question[qid], rating, min(duration_ms, 60_000), kind))
    conn.executemany(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, reps = ?, lapses = ?, "
        "data = ? WHERE id = ?",
        updates,
    )
    conn.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, -1, ?, 0, 0, 0, ?, ?)",
        logs,
    )
    return len(logs)
