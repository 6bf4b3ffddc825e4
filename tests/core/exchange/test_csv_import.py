"""Importing the student's own prompts from CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from studyapp.core.bank.query import BankFilter, bank_ids
from studyapp.core.content import search_index
from studyapp.core.content.search import matching_question_ids, search
from studyapp.core.exchange.csv_import import (
    REBUILT_INDEXES,
    ImportCancelled,
    ImportRefused,
    import_csv,
    read_csv,
)
from studyapp.core.models import Card, Question
from studyapp.core.storage.db import Database

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
GOOD = (
    "front,back,tags\n"
    '"Which city pairs with Okayama?",Pune,subnational sister-city\n'
    '"Multi-line, quoted ""front""\nsecond line",back text,\n'
    "No tags here,An answer\n"
)


def write(tmp_path: Path, text: str | bytes, name: str = "mine.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def imported(db: Database) -> list[Question]:
    with db.begin() as s:
        return list(
            s.scalars(select(Question).where(Question.origin == "imported").order_by(Question.id))
        )


def test_rows_become_searchable_reviewable_prompts(db: Database, tmp_path: Path) -> None:
    with db.begin() as s:
        report = import_csv(s, write(tmp_path, GOOD))
    assert (report.rows, report.added, report.duplicates) == (3, 3, 0)
    rows = imported(db)
    assert [q.stem for q in rows] == [
        "Which city pairs with Okayama?",
        'Multi-line, quoted "front"\nsecond line',
        "No tags here",
    ]
    # No tag names one of the (test) content's areas: filed under "My prompts".
    assert rows[0].area == "mine" and rows[0].tags == ["subnational", "sister-city"]
    assert rows[0].details == {"back": "Pune"} and rows[0].type == "basic"
    assert rows[2].area == "mine"
    with db.begin() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(Card)
                .where(Card.question_id.in_([q.id for q in rows]))
            )
            == 3
        )
        hits = search(s, "pairs okayama")
        assert [h.id for h in hits if h.kind == "question"][:1] == [rows[0].key]


TRICKY = (
    "front,back,tags\n"
    '"Quotes ""inside"", a back\\slash and a\ttab",Tōkyō – 東京 – दिल्ली,places kanji\n'
    '"Two lines\nof front","back line one\r\nback line two",\n'
    "Which year? (a) 2014 (b) 2015 (c) 2016 (d) 2018,b) The summit met in 2015.,summits\n"
    "An empty back,,\n"
)


def _indexed_words(session: Session) -> set[tuple[str, int, str, int]]:
    """Every word the search index holds for a prompt: (word, prompt, column, place)."""
    session.execute(
        text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.words "
            "USING fts5vocab(main, search_index, 'instance')"
        )
    )
    rows = session.execute(text("SELECT term, doc, col, offset FROM temp.words WHERE doc < 1000"))
    return {(str(t), int(d), str(c), int(o)) for t, d, c, o in rows}


def test_an_import_indexes_each_prompt_with_the_words_the_prompt_gives(
    db: Database, tmp_path: Path
) -> None:
    """The index keeps no copy of the text: it reads a prompt's words from the prompt
    (the prompt_search_text view). An import writes its batch of entries from the rows
    it holds, and they must be the very words the view gives, or a later change to the
    prompt would leave its old words behind."""
    with db.begin() as s:
        import_csv(s, write(tmp_path, TRICKY))
    rows = imported(db)
    assert [q.type for q in rows] == ["basic", "basic", "mcq", "basic"]
    with db.begin() as s:
        written = _indexed_words(s)
        search_index.rebuild(s)  # every entry again, from the view
        assert _indexed_words(s) == written
        assert {d for _, d, _, _ in written} >= {q.id for q in rows}
        assert matching_question_ids(s, "東京") == [rows[0].id]
        assert matching_question_ids(s, "2016 summit") == [rows[2].id]


def test_an_imported_prompt_changed_later_is_found_by_its_new_words_only(
    db: Database, tmp_path: Path
) -> None:
    with db.begin() as s:
        import_csv(s, write(tmp_path, GOOD + TRICKY.split("\n", 1)[1]))
    first, second = imported(db)[:2]
    with db.begin() as s:
        s.execute(
            text("UPDATE questions SET stem = 'Which city pairs with Kobe?' WHERE id = :i"),
            {"i": first.id},
        )
        s.execute(text("UPDATE questions SET retired = 1 WHERE id = :i"), {"i": second.id})
    with db.begin() as s:
        assert matching_question_ids(s, "okayama") == []
        assert matching_question_ids(s, "kobe") == [first.id]
        assert matching_question_ids(s, "second line") == []
        s.execute(text("INSERT INTO search_index (search_index) VALUES ('integrity-check')"))
        hits = search(s, "kobe")
        assert [h.id for h in hits] == [first.key]
        assert "\x02Kobe\x03" in hits[0].snippet


def test_bom_and_no_header_are_fine(tmp_path: Path) -> None:
    rows = read_csv(write(tmp_path, "\ufeffFront one,Back one,tag\n".encode()))
    assert [(r.front, r.back, r.tags) for r in rows] == [("Front one", "Back one", ("tag",))]


def test_reimporting_adds_no_duplicates(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    with db.begin() as s:
        import_csv(s, path)
    with db.begin() as s:
        again = import_csv(s, path)
    assert (again.added, again.duplicates) == (0, 3)
    assert len(imported(db)) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "front,back\nok,fine\nonly one column\n",
            "mine.csv:3: columns: expected front,back,tags but found 1 column",
        ),
        ("a,b,c,d\n", "mine.csv:1: columns: expected front,back,tags but found 4 columns"),
        ("front,back,tags\n  ,empty front,x\n", "mine.csv:2: front: is empty"),
        (b"good,row\nbad,caf\xe9\n", "mine.csv:2: file: is not UTF-8 text"),
        ('"unclosed,quote\nnext,row\n', "mine.csv:"),
    ],
)
def test_malformed_files_are_refused_with_the_line(
    db: Database, tmp_path: Path, text: str | bytes, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ImportRefused) as refused, db.begin() as s:
        import_csv(s, path)
    assert str(refused.value.problems[0]).startswith(str(path.parent / expected))
    assert "Nothing was imported" in str(refused.value)
    assert imported(db) == []


def test_cancelling_imports_nothing(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    with pytest.raises(ImportCancelled), db.begin() as s:
        import_csv(s, path, progress=lambda done, total: False)
    assert imported(db) == []


def _prompt_indexes(db: Database) -> dict[str, str | None]:
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'questions'"
        )
        return {name: sql for name, sql in rows}  # noqa: C416 (rows are not pairs to mypy)


def test_an_import_larger_than_the_bank_sorts_by_prompt_as_any_other(
    db: Database, tmp_path: Path
) -> None:
    """A large import builds the prompts' indexes afresh: they are there when the
    import returns, the same as before, and the bank sorted by prompt reads them."""
    indexes = _prompt_indexes(db)
    with db.begin() as s:
        bank = s.scalar(select(func.max(Question.id)))
    assert set(REBUILT_INDEXES) < set(indexes) and bank is not None
    fronts = [
        f"{word} prompt {i}"
        for i, word in enumerate(["delta", "Alpha", "charlie", "Bravo"] * (bank // 2 + 1))
    ]
    path = write(tmp_path, "".join(f"{front},back {i}\n" for i, front in enumerate(fronts)))
    with db.write() as s:
        assert import_csv(s, path).added == len(fronts) > bank
    assert _prompt_indexes(db) == indexes
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with db.begin() as s:
        ids = bank_ids(s, BankFilter(sort="prompt"), T0)
        stems = dict(s.execute(select(Question.id, Question.stem)).all())
    ours = set(fronts)
    shown = [stems[i] for i in ids if stems[i] in ours]
    assert len(shown) == len(fronts) and shown == sorted(shown, key=str.lower)
    assert (
        shown.index("Alpha prompt 1")
        < shown.index("Bravo prompt 3")
        < shown.index("charlie prompt 2")
    )


def test_a_cancelled_large_import_leaves_the_bank_as_it_was(db: Database, tmp_path: Path) -> None:
    indexes = _prompt_indexes(db)
    with db.begin() as s:
        bank = s.scalar(select(func.max(Question.id)))
    assert bank is not None
    path = write(tmp_path, "".join(f"front {i},back\n" for i in range(bank + 10)))
    with pytest.raises(ImportCancelled), db.write() as s:
        import_csv(s, path, progress=lambda done, total: False)
    assert imported(db) == [] and _prompt_indexes(db) == indexes


def test_nul_and_escape_characters_are_refused_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"front,back\nfine,row\nbro\x00ken,row\nesc\x1b[31mred,row\n")
    with pytest.raises(ImportRefused) as refused:
        read_csv(path)
    assert [str(p) for p in refused.value.problems] == [
        f"{path}:3: file: contains a NUL byte (U+0000); is it a text file?",
        f"{path}:4: file: contains a control character (U+001B); is it a text file?",
    ]


def test_a_header_in_any_case_after_a_bom_is_not_a_prompt(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffFRONT,Back,TAGS\n\ufeffWhat is Setu?,A bridge,words\n".encode())
    rows = read_csv(path)
    assert [(r.front, r.back, r.tags) for r in rows] == [("What is Setu?", "A bridge", ("words",))]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["unix", "windows", "old-mac"])
def test_every_line_ending_reads_the_same_rows_and_lines(tmp_path: Path, ending: str) -> None:
    """Files saved on any system give the same prompts (a quoted field keeps its own
    line break), and a problem is reported on its line."""
    lines = ["front,back,tags", '"Two-line\nfront",Back one,trade', "Front two,Back two,"]
    rows = read_csv(write(tmp_path, ending.join(lines) + ending))
    assert [(r.front, r.back, r.tags) for r in rows] == [
        ("Two-line\nfront", "Back one", ("trade",)),
        ("Front two", "Back two", ()),
    ]
    bad = write(tmp_path, ending.join([*lines, "only one column"]) + ending, "bad.csv")
    with pytest.raises(ImportRefused) as refused:
        read_csv(bad)
    assert str(refused.value.problems[0]).startswith(f"{bad}:5: columns")


@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["unix", "windows"])
def test_a_file_without_quotation_marks_reads_as_one_with_them(tmp_path: Path, ending: str) -> None:
    """Most files quote nothing, and are split at their commas directly: the same
    prompts, blank lines and problems as when every cell is quoted."""
    cells = [["front", "back", "tags"], [" Front one ", "Back one", "a b a"], [], ["Two", "B", ""]]
    cells += [["Three", "Back three"]]

    def text(quote: str) -> str:
        return ending.join(",".join(quote + c + quote for c in row) for row in cells)

    plain, quoted = (
        read_csv(write(tmp_path, text(q), f"{n}.csv")) for n, q in (("p", ""), ("q", '"'))
    )
    assert plain == quoted
    assert [(r.line, r.front, r.back, r.tags) for r in plain] == [
        (2, "Front one", "Back one", ("a", "b")),
        (4, "Two", "B", ()),
        (5, "Three", "Back three", ()),
    ]
    cells.append(["one", "too", "many", "cells"])
    for name, quote in (("p2", ""), ("q2", '"')):
        with pytest.raises(ImportRefused) as refused:
            read_csv(write(tmp_path, text(quote) + ending, f"{name}.csv"))
        assert str(refused.value.problems[0]).endswith(
            f"{name}.csv:6: columns: expected front,back,tags but found 4 columns"
        )


@pytest.mark.parametrize("separator", ["\t", ";"], ids=["tabs", "semicolons"])
def test_rows_separated_by_tabs_or_semicolons_read_as_with_commas(
    tmp_path: Path, separator: str
) -> None:
    """A spreadsheet's tab-separated text, or its CSV in a language that writes
    decimals with a comma (cells separated by semicolons): the same prompts, and
    commas inside a cell stay in it."""
    rows = [
        ["front", "back", "tags"],
        ["What, in brief, is CEPA?", "A trade pact, 2011", "economy"],
        ["Pune's sister city?", "Okayama", ""],
    ]
    path = write(tmp_path, "\n".join(separator.join(row) for row in rows) + "\n")
    assert [(r.line, r.front, r.back, r.tags) for r in read_csv(path)] == [
        (2, "What, in brief, is CEPA?", "A trade pact, 2011", ("economy",)),
        (3, "Pune's sister city?", "Okayama", ()),
    ]


def test_a_comma_file_with_semicolons_in_its_cells_stays_a_comma_file(tmp_path: Path) -> None:
    """(Split at its semicolons, each row would have two or three cells as well.)"""
    path = write(tmp_path, "Causes; effects,Trade; investment,economy\nWho; when,Abe,\n")
    assert [(r.front, r.back) for r in read_csv(path)] == [
        ("Causes; effects", "Trade; investment"),
        ("Who; when", "Abe"),
    ]


def test_ankis_plain_text_export_reads_as_text_with_its_lines_counted(tmp_path: Path) -> None:
    """Anki's "Notes in Plain Text" with HTML and tags: its header lines say how the
    file is laid out and are passed over; HTML becomes text; a problem is reported on
    the file's own line."""
    header = "#separator:tab\n#html:true\n#tags column:3\n"
    note = '"Capital of <b>Japan</b>?"\t"Tokyo<br>since 1868 &amp; still"\tgeo culture\n'
    rows = read_csv(write(tmp_path, header + note, "notes.txt"))
    assert [(r.line, r.front, r.back, r.tags) for r in rows] == [
        (4, "Capital of Japan?", "Tokyo\nsince 1868 & still", ("geo", "culture"))
    ]
    bad = write(tmp_path, header + note + "\tno front\t\n", "bad.txt")
    with pytest.raises(ImportRefused) as refused:
        read_csv(bad)
    assert [str(p) for p in refused.value.problems] == [f"{bad}:5: front: is empty"]
    # Columns Anki adds when asked (note type, deck, note id) are not prompts' cells.
    with pytest.raises(ImportRefused) as refused:
        read_csv(write(tmp_path, header + "#deck column:4\n" + note, "decks.txt"))
    assert [str(p) for p in refused.value.problems] == [
        f"{tmp_path / 'decks.txt'}:4: file: has Anki's note type, deck or note id columns; "
        "export the notes again without them, or as an Anki package (.apkg)"
    ]
    # Header lines are only those the file starts with.
    late = write(tmp_path, "Q,A\n#html:true,<b>kept as typed</b>\n", "late.csv")
    assert [(r.front, r.back) for r in read_csv(late)] == [
        ("Q", "A"),
        ("#html:true", "<b>kept as typed</b>"),
    ]
    with pytest.raises(ImportRefused) as refused:
        read_csv(write(tmp_path, "\n#separator:tab\nQ\tA\n", "blank_first.txt"))
    assert "blank_first.txt:2: columns: expected front,back,tags but found 1 column" in str(
        refused.value
    )
