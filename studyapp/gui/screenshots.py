"""`studyapp screenshots OUTDIR`: every screen rendered offscreen to PNG files named
after the screen and the window size (`home-1440x900.png`, `home-1024x700.png`), on a
demo history where a screen needs data."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select


def take_screenshots(out_dir: Path, data_dir: str | None) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QWidget

    from studyapp.core.demo import seed_demo_history
    from studyapp.core.models import ReviewLog
    from studyapp.core.storage.paths import resolve_data_dir
    from studyapp.gui.app import application, open_main_window

    app = application()
    # Without --data-dir, a throw-away folder: never add demo answers to a real history.
    data = resolve_data_dir(data_dir or tempfile.mkdtemp(prefix="setu-screens-"))
    window = open_main_window(data)
    ctx = window.ctx
    with ctx.write("reviews") as session:
        demo = not session.scalar(select(func.count()).select_from(ReviewLog))
        if demo:
            seed_demo_history(session, ctx.now())
    window.show()
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def settle() -> None:
        while ctx.operations:  # figures still being read off the GUI thread
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        for _ in range(3):  # word-wrapped rows settle their heights over a few passes
            app.processEvents()

    for width, height in SIZES:
        window.resize(width, height)
        app.processEvents()

        def shot(name: str, widget: QWidget | None = None, tag: str = f"{width}x{height}") -> None:
            settle()
            path = out_dir / f"{name}-{tag}.png"
            (widget or window).grab().save(str(path))
            saved.append(path)

        _every_screen(window, shot)

    def named_shot(name: str, widget: QWidget | None = None) -> None:
        settle()
        path = out_dir / f"{name}.png"
        (widget or window).grab().save(str(path))
        saved.append(path)

    _settings(window, named_shot)  # it names its own sizes
    _bank(window, app, named_shot, scratch=demo)  # so does the bank
    saved += _exports(window, out_dir, named_shot)
    _data_safety(window, named_shot)
    window.close()
    ctx.db.close()
    return saved


SIZES = ((1440, 900), (1024, 700))


def _every_screen(window: Any, shot: Callable[..., None]) -> None:
    from PySide6.QtWidgets import QApplication

    from studyapp.core.models import Question
    from studyapp.gui.reference.reference_screen import ReferenceScreen
    from studyapp.gui.review.review_screen import ReviewScreen

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctx = window.ctx

    from studyapp.core.settings import load_settings
    from studyapp.gui.main_window import SCREENS
    from studyapp.gui.progress.progress_screen import ProgressScreen
    from studyapp.gui.theme import apply_theme as apply_any_theme

    with ctx.read() as session:
        font_size = load_settings(session).font_size

    def apply_theme(app: QApplication, name: str) -> None:
        apply_any_theme(app, name, font_size)

    for theme, suffix in (("light", ""), ("dark", "-dark")):
        apply_theme(app, theme)
        for info in SCREENS:
            window.show_screen(info.key)
            shot(info.key + suffix)
    apply_theme(app, "light")

    progress = window.screens["progress"]
    assert isinstance(progress, ProgressScreen)
    window.show_screen("progress")
    shot("progress-full", progress.body)  # the whole scrolling page
    progress.area.setCurrentIndex(progress.area.findData("friction"))
    shot("progress-area-friction", progress.body)
    progress.area.setCurrentIndex(0)
    shot("progress-mock-analysis", progress.breakdown_card)
    shot("progress-confidence", progress.confidence_card)
    apply_theme(app, "dark")
    progress.load()  # the advice's colours follow the theme
    shot("progress-confidence-dark", progress.confidence_card)
    apply_theme(app, "light")
    progress.load()

    reference = window.screens["reference"]
    assert isinstance(reference, ReferenceScreen)
    window.show_screen("reference")
    reference.open_section("friction.trade-imbalance")
    shot("reference-section")
    reference.search_field.setText("okayama")
    shot("reference-search")
    reference.open_top_hit()
    shot("reference-search-opened")
    reference.search_field.clear()
    reference.tabs.setCurrentWidget(reference.map)
    shot("reference-partnership-map")
    reference.tabs.setCurrentWidget(reference.timeline)
    shot("reference-timeline")
    reference.tabs.setCurrentIndex(0)

    review = window.screens["review"]
    assert isinstance(review, ReviewScreen)
    window.show_screen("review")
    with ctx.read() as session:
        by_type = dict(
            session.execute(
                select(Question.type, func.min(Question.id))
                .where(Question.retired.is_(False))
                .group_by(Question.type)
            ).all()
        )
    for qtype, qid in sorted(by_type.items()):
        review.session.show(qid)
        view = review.session.prompt
        assert view is not None
        shot(f"review-{qtype}")
        if qtype == "mcq":
            wrong = (view.answer_index or 0) + 1
            review.prompt.choose(review.prompt.number_of(wrong % len(view.options)))
            shot("review-mcq-answered")
        if qtype == "mcq":
            review.press_number(4)  # Easy after a wrong option: asked once
            shot("review-mcq-wrong-easy-asked")
    _finish_session(review)
    shot("review-summary")
    _practice_and_tests(window, shot)


def _finish_session(review: object) -> None:
    # The end-of-session summary as a student sees it after a short session.
    from studyapp.gui.review.review_screen import ReviewScreen

    assert isinstance(review, ReviewScreen)
    tally = review.session.tally
    tally.answered, tally.graded, tally.right, tally.seconds = 24, 22, 18, 14 * 60
    review.session.show(None)


def _settings(window: Any, shot: Callable[[str], None]) -> None:
    """Settings with a fit of personal parameters awaiting confirmation and the
    workload estimate, in both themes and at both window sizes."""
    from studyapp.core.settings import load_settings
    from studyapp.core.srs.personal_parameters import (
        estimate_workload,
        fit_parameters,
        read_history,
    )
    from studyapp.core.stats.daily import scale_for
    from studyapp.gui.app import application
    from studyapp.gui.settings.settings_screen import SettingsScreen
    from studyapp.gui.theme import apply_theme

    screen = window.screens["settings"]
    assert isinstance(screen, SettingsScreen)
    window.show_screen("settings")
    with window.ctx.read() as session:
        settings = load_settings(session)
        history = read_history(session)
    scale = scale_for(settings, window.ctx.now(), None)
    # The demo history is short of the real minimum; the figures are its own.
    screen.parameters._on_fitted(fit_parameters(history, scale, minimum=1))
    screen.parameters.workload_timer.stop()
    screen.parameters._on_workload(
        estimate_workload((), settings.desired_retention, 420, settings.new_per_day, 36500)
    )
    for width, height in ((1440, 900), (1024, 700)):
        window.resize(width, height)
        shot(f"settings-optimized-{width}")
        apply_theme(application(), "dark")
        shot(f"settings-optimized-{width}-dark")
        apply_theme(application(), "light")
    window.resize(1280, 820)


def _practice_and_tests(window: Any, shot: Callable[..., None]) -> None:
    """The builder, a practice prompt answered, a mock test under way with its
    palette, its results, and a mains answer being written and then assessed."""
    import random

    from studyapp.core.quiz.mains import save_draft
    from studyapp.core.quiz.records import spend_time
    from studyapp.gui import routes
    from studyapp.gui.practice.practice_screen import PracticeScreen

    screen = window.screens["tests"]
    assert isinstance(screen, PracticeScreen)
    window.ctx.router.go(routes.Practice())
    shot("tests-practice-builder")
    screen.builder.count.setValue(12)
    # The set's first prompt is answered by choosing its key: one with options, whichever
    # the draw puts first.
    for kind, box in screen.builder.types.items():
        box.setChecked(kind not in ("fill_blank", "basic"))
    screen.builder.start_set()
    view = screen.practice.prompt.view
    screen.practice.prompt.choose(
        screen.practice.prompt.number_of(view.answer_index or 0) if view else 1
    )
    shot("tests-practice-feedback")

    window.ctx.router.go(routes.MockSetup())
    shot("tests-mock-setup")
    screen.mock_setup.start_new()
    mock = screen.mock
    rng = random.Random(3)
    assert mock.quiz is not None
    for position in range(14):
        mock.go(position)
        with window.ctx.write() as session:  # a student's pace: about a minute each
            spend_time(session, mock.quiz.id, position, rng.randint(35, 95) * 1000)
        item = mock.prompt.view
        if item is None or position in (4, 9):
            continue  # visited, left unanswered
        right = rng.random() < 0.75
        key = item.answer_index or 0
        mock.prompt.choose(mock.prompt.number_of(key if right else (key + 1) % 4))
        if position in (6, 11):
            mock.mark_and_next()
    for position, level in ((0, "sure"), (1, "fifty"), (2, "guess"), (3, "sure"), (5, "fifty")):
        mock.go(position)
        if mock.quiz is not None and mock.quiz.items[position].answered:
            mock.tag(level)
    mock.go(16)
    mock.go(13)
    shot("tests-mock-in-progress")
    mock.submit()
    _results_shots(window, screen, shot)
    window.ctx.router.go(routes.MockSetup())
    screen.mock_setup.lists.setCurrentIndex(0)
    shot("tests-mock-papers")

    window.ctx.router.go(routes.Mains())
    hub = screen.mains.hub
    hub.select_prompt(1)
    hub.write_button.click()
    editor = screen.mains.editor
    assert editor.answer_id is not None
    assert editor.view is not None
    draft = _demo_mains_draft(editor.view.prompt.stem, editor.view.prompt.key_points)
    with window.ctx.write() as session:  # six minutes into the answer
        save_draft(session, editor.answer_id, draft, 6 * 60 + 12)
    editor.open(editor.answer_id)
    shot("tests-mains-editor")
    editor.submit_now()
    shot("tests-mains-hints")  # the points the text seems to cover, pre-ticked, and why
    from studyapp.gui.theme import apply_theme

    apply_theme(_app(), "dark")
    editor.open(editor.answer_id)
    shot("tests-mains-hints-dark")
    apply_theme(_app(), "light")
    editor.open(editor.answer_id)
    editor.save_assessment()
    shot("tests-mains-checklist")
    editor.leave()
    shot("tests-mains")
    hub.select_prompt(2)
    hub.paper_button.click()
    shot("tests-mains-on-paper")
    editor.paper_words.setValue(180)
    editor.submit_now()
    for n, box in enumerate(editor.points):
        box.setChecked(n % 2 == 0)
    editor.save_assessment()
    editor.leave()


BANK_SIZES = ((1440, 900), (1024, 700))


def _bank(window: Any, app: Any, shot: Callable[..., None], *, scratch: bool) -> None:
    """The Question bank (table and preview) and the prompt editor, light and dark, at
    a large and a small window size. On a throw-away folder a few prompts are flagged
    first, as a student's bank would have them."""
    from PySide6.QtCore import Qt

    from studyapp.core.bank.actions import set_flag
    from studyapp.core.bank.documents import document_of
    from studyapp.core.bank.query import BankFilter, bank_ids
    from studyapp.core.models import Question
    from studyapp.gui.bank.bank_screen import BankScreen
    from studyapp.gui.theme import apply_theme

    bank = window.screens["bank"]
    assert isinstance(bank, BankScreen)
    if scratch:
        with window.ctx.write("reviews") as session:
            ids = bank_ids(
                session, BankFilter(sort="last_answered", descending=True), window.ctx.now()
            )
            for n, flag in enumerate((1, 3, 4)):
                set_flag(session, ids[3 * n + 1 : 3 * n + 2], flag)
    window.show_screen("bank")
    bank.refresh()
    last = bank.model.columns.index("last_answered")
    bank.table.sortByColumn(last, Qt.SortOrder.DescendingOrder)
    types = [bank.model.bank_row(r) for r in range(min(40, bank.model.rowCount()))]
    objective = [n for n, row in enumerate(types) if row is not None and row.type == "statements"]
    bank.table.selectRow(objective[0] if objective else 0)
    editor = bank.editor()
    with window.ctx.read() as session:
        statements = session.scalar(
            select(Question.id).where(Question.type == "statements").order_by(Question.id)
        )
    if statements is not None:
        with window.ctx.read() as session:
            doc = document_of(session, statements)
        doc.pop("id")
        editor.load(doc)
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        for width, height in BANK_SIZES:
            window.resize(width, height)
            shot(f"bank-{theme}-{width}x{height}")
            editor.resize(min(width, 1180), height - 60)
            editor.show()
            app.processEvents()
            shot(f"bank-editor-{theme}-{width}x{height}", editor)
            editor.hide()
    apply_theme(app, "light")
    editor.deleteLater()
    window.resize(1280, 820)


def _data_safety(window: Any, shot: Callable[..., None]) -> None:
    """File › Backups… with a few backups, in both themes, and an answer that could
    not be saved (as a full disk shows it)."""
    from datetime import timedelta

    from studyapp.core.storage.backup import make_backup
    from studyapp.gui.app import application
    from studyapp.gui.review.review_screen import ReviewScreen
    from studyapp.gui.theme import apply_theme

    ctx = window.ctx
    for days, reason in ((9, "daily"), (2, "before-import"), (1, "daily"), (0, "manual")):
        make_backup(ctx.db.path, ctx.data.backups, reason, ctx.now() - timedelta(days=days))
    dialog = window.show_backups()
    dialog.resize(760, 420)
    shot("file-backups", dialog)
    apply_theme(application(), "dark")
    shot("file-backups-dark", dialog)
    apply_theme(application(), "light")
    dialog.close()

    review = window.screens["review"]
    assert isinstance(review, ReviewScreen)
    window.show_screen("review")
    review.session.load_next()
    if review.view is not None:
        review.press_number(1)
        review.show_save_error(
            f"The disk holding {ctx.db.path} is full; free some space and try again."
        )
        shot("review-not-saved")


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def _results_shots(window: Any, screen: Any, shot: Callable[[str], None]) -> None:
    """A mock's results: the solutions, filtered to the wrong ones with one bookmarked,
    the analysis by type, difficulty and time, and the confidence advice; the new
    screens also dark and at 1024×700."""
    from studyapp.gui.theme import apply_theme

    results = screen.results
    shot("tests-mock-results")
    results.set_filter("wrong")
    if results.shown:
        results.solutions.setCurrentRow(min(1, len(results.shown) - 1))
        results.toggle_bookmark()
    shot("tests-mock-results-wrong")
    results.tabs.setCurrentIndex(2)
    shot("tests-mock-analysis")
    results.tabs.setCurrentIndex(3)
    shot("tests-mock-confidence")
    apply_theme(_app(), "dark")
    results.show_result(results.result.id)
    results.tabs.setCurrentIndex(3)
    shot("tests-mock-confidence-dark")
    results.tabs.setCurrentIndex(0)
    results.set_filter("wrong")
    shot("tests-mock-results-dark")
    apply_theme(_app(), "light")
    window.resize(1024, 700)
    results.show_result(results.result.id)
    shot("tests-mock-results-1024")
    results.tabs.setCurrentIndex(3)
    shot("tests-mock-confidence-1024")
    window.resize(1440, 900)
    results.tabs.setCurrentIndex(2)
    shot("tests-mock-analysis-1440")
    window.resize(1280, 820)
    results.tabs.setCurrentIndex(0)


def _demo_mains_draft(stem: str, key_points: list[str]) -> str:
    """A student's draft for the screenshots, built from the prompt so that the hints
    have something to find: an introduction, two of the key points in the student's
    shorter words, and a way forward."""
    import re

    def shorter(point: str) -> str:
        plain = re.sub(r"\([^()]*\)", "", point).split(";")[0]
        return " ".join(plain.split()[:14]).rstrip(",.:") + "."

    body = [f"- {shorter(p)}" for p in key_points[:3:2]]
    return "\n".join(
        [
            f"Introduction: {stem.split('.')[0]}.",
            "",
            "Body:",
            *body,
            "",
            "Way forward: two concrete measures, then a one-line conclusion.",
        ]
    )


def _exports(window: Any, out_dir: Path, shot: Callable[..., None]) -> list[Path]:
    """File › Export… and pages of what it prints: revision notes (contents and a
    section) and a question paper (questions and the key)."""
    from studyapp.core.exchange.printable import build_printable
    from studyapp.gui.export_dialog import ExportDialog
    from studyapp.gui.printing import page_images

    dialog = ExportDialog(window.ctx, window)
    dialog.choose("notes", "friction")
    dialog.show()
    shot("export-dialog", dialog)
    dialog.close()
    saved: list[Path] = []
    with window.ctx.read() as session:
        notes = build_printable(session, window.ctx.now(), "notes", area="friction")
        paper = build_printable(session, window.ctx.now(), "paper", count=12)
    pages = {
        "print-notes-contents": (notes, 0),
        "print-notes-section": (notes, 2),
        "print-paper-questions": (paper, 0),
        "print-paper-key": (paper, len(page_images(paper, range(99))) - 1),
    }
    for name, (printable, index) in pages.items():
        path = out_dir / f"{name}.png"
        page_images(printable, (index,))[0].save(str(path))
        saved.append(path)
    return saved
