"""Printable revision notes and question papers as PDF, and File › Export… / Import… with
Anki packages: the PDFs carry the section titles, key figures and the student's notes,
with a contents page and numbered pages; a paper is numbered with options (a)–(d) and
ends with its key; exports run in the background and never leave a half-written file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from studyapp.core.content.reference import load_section, save_note, set_bookmark
from studyapp.core.exchange.printable import (
    build_printable,
    question_paper,
    revision_notes,
)
from studyapp.core.models import Question
from studyapp.core.quiz.selection import PRELIMS_TYPES, Criteria, pick_prompts
from studyapp.core.startup import open_study_database
from studyapp.core.storage.db import Database
from studyapp.core.storage.paths import DataDir, bundled_content
from studyapp.gui.export_dialog import ExportDialog
from studyapp.gui.main_window import MainWindow
from studyapp.gui.printing import PrintCancelled, page_images, write_pdf

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDFs back in these tests")

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@pytest.fixture
def bundled(data_dir: DataDir) -> Iterator[Database]:
    database, _ = open_study_database(data_dir, bundled_content())
    yield database
    database.close()


def pdf_text(path: Path) -> tuple[int, str]:
    """Page count and all text, with spacing removed (PDF text comes back split at
    kerning points) and ligatures unfolded."""
    reader = pypdf.PdfReader(str(path))
    text = "".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), squeeze(text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_revision_notes_of_an_area_carry_titles_figures_disagreements_and_my_note(
    bundled: Database, tmp_path: Path, qapp: object
) -> None:
    with bundled.begin() as s:
        set_bookmark(s, "summit.investment", True, T0)
        save_note(s, "summit.investment", "Remember: yen figure vs dollar figure.", T0)
        investment = load_section(s, "summit.investment", T0)
        notes = revision_notes(s, T0, area="summit")
        marked = revision_notes(s, T0, bookmarked=True)
    pages, text = pdf_text_of(notes, tmp_path / "summit.pdf")
    assert squeeze("Contents") in text and squeeze(investment.title) in text
    assert squeeze(investment.key_figures[0]["value"]) in text
    assert squeeze("Sources disagree") in text
    assert squeeze("Remember: yen figure vs dollar figure.") in text
    assert squeeze("Page 1 of") in text and 4 <= pages <= 40
    # The contents gives each section the page it starts on.
    assert (
        f"{squeeze(investment.title)}{_page_of(tmp_path / 'summit.pdf', investment.title)}" in text
    )
    pages, text = pdf_text_of(marked, tmp_path / "marked.pdf")
    assert squeeze(investment.title) in text and pages <= 4


def _page_of(path: Path, title: str) -> int:
    reader = pypdf.PdfReader(str(path))
    for n, page in enumerate(reader.pages[1:], start=2):
        if squeeze(title) in squeeze(page.extract_text()):
            return n
    raise AssertionError(f"{title} is on no page after the contents")


def pdf_text_of(printable: object, path: Path) -> tuple[int, str]:
    pages = write_pdf(printable, path)  # type: ignore[arg-type]
    count, text = pdf_text(path)
    assert count == pages
    return count, text


def test_the_whole_pack_prints_with_every_part(
    bundled: Database, tmp_path: Path, qapp: object
) -> None:
    with bundled.begin() as s:
        notes = revision_notes(s, T0)
    pages = write_pdf(notes, tmp_path / "all.pdf")
    reader = pypdf.PdfReader(str(tmp_path / "all.pdf"))
    contents = squeeze("".join(page.extract_text() for page in reader.pages[:4]))
    for part in ("Joint Vision for the Next Decade", "Key areas of friction", "Glossary"):
        assert squeeze(part) in contents
    assert len(reader.pages) == pages and 30 <= pages <= 150


def test_a_question_paper_is_numbered_with_options_and_ends_with_its_key(
    bundled: Database, tmp_path: Path, qapp: object
) -> None:
    with bundled.begin() as s:
        ids = pick_prompts(s, Criteria(types=PRELIMS_TYPES), 10, T0)
        paper = question_paper(s, ids)
        first = s.get(Question, ids[0])
        assert first is not None
        stem, key = first.stem, "abcd"[first.answer_index or 0]
    pages, text = pdf_text_of(paper, tmp_path / "paper.pdf")
    assert squeeze(f"1. {stem}")[:60] in text
    assert all(squeeze(f"({letter})") in text for letter in "abcd")
    assert squeeze("Answer sheet") in text and squeeze("Answer key") in text
    assert squeeze(f"1. ({key})") in text
    assert squeeze("Maximum marks: 20.00") in text and 2 <= pages <= 12


def test_a_mains_paper_leaves_space_and_lists_key_points(
    bundled: Database, tmp_path: Path, qapp: object
) -> None:
    with bundled.begin() as s:
        paper = build_printable(s, T0, "mains", count=2)
    pages, text = pdf_text_of(paper, tmp_path / "mains.pdf")
    assert squeeze("Key points to check") in text and squeeze("marks") in text
    assert pages >= 3  # a page per answer, then the key points


def test_a_cancelled_print_leaves_no_file(bundled: Database, tmp_path: Path, qapp: object) -> None:
    with bundled.begin() as s:
        notes = revision_notes(s, T0)
    folder = tmp_path / "prints"
    folder.mkdir()
    with pytest.raises(PrintCancelled):
        write_pdf(notes, folder / "notes.pdf", progress=lambda done, total: done < 3)
    assert list(folder.iterdir()) == []


def test_page_images_show_the_pages(bundled: Database, qapp: object) -> None:
    with bundled.begin() as s:
        notes = revision_notes(s, T0, area="friction")
    images = page_images(notes, (0, 1))
    assert len(images) == 2 and images[0].height() > images[0].width()
    # Not blank: some dark text on the white page.
    assert any(
        images[1].pixelColor(x, y).lightness() < 100
        for x in range(0, images[1].width(), 7)
        for y in range(0, images[1].height(), 7)
    )


# --- the window ------------------------------------------------------------------------------


def test_file_export_writes_notes_in_the_background_and_says_where(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    dialog = ExportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.choose("notes")
    assert not dialog.with_scheduling.isVisibleTo(dialog)
    assert dialog.suggested_name().startswith(
        "Setu-notes-all-"
    ) and dialog.suggested_name().endswith(".pdf")
    target = tmp_path / "out" / "notes.pdf"
    target.parent.mkdir()
    job = dialog.export_to(target)
    window._track(job)
    with qtbot.waitSignal(job.done, timeout=20_000) as done:
        pass
    pages = pdf_text(target)[0]
    assert pages > 1 and done.args[0] == f"Saved {pages} pages to {target}."
    assert str(target) in window.statusBar().currentMessage()
    assert [p.name for p in target.parent.iterdir()] == ["notes.pdf"]


def test_file_export_an_anki_package_of_one_area(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    dialog = ExportDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.choose("apkg", "trade")
    assert dialog.with_scheduling.isVisibleTo(dialog)
    with window.ctx.read() as s:
        trade = s.scalar(select(func.count()).where(Question.area == "trade"))
    job = dialog.export_to(tmp_path / "trade.apkg")
    with qtbot.waitSignal(job.done, timeout=20_000) as done:
        pass
    assert trade is not None and trade > 1
    assert done.args[0] == f"Exported {trade} prompts to {tmp_path / 'trade.apkg'}."


def test_file_import_reads_an_anki_package(
    open_window: Callable[[], MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    anki_collection = pytest.importorskip(
        "anki.collection", reason="Anki's library is not installed"
    )
    col = anki_collection.Collection(str(tmp_path / "maker.anki2"))
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "What does Setu mean?", "Bridge"
    col.add_note(note, col.decks.id("Words"))
    package = tmp_path / "words.apkg"
    col.export_anki_package(
        out_path=str(package),
        options=anki_collection.ExportAnkiPackageOptions(with_media=False),
        limit=None,
    )
    col.close()
    window = open_window()
    job = window.import_file(package)
    with qtbot.waitSignal(job.done, timeout=10_000) as done:
        pass
    assert done.args[0].added == 1
    assert "Imported 1 new prompt from words.apkg" in window.statusBar().currentMessage()
