"""`studyapp screenshots OUTDIR`: every screen rendered offscreen to PNG files named
after the screens, on a demo history where a screen needs data."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select


def take_screenshots(out_dir: Path, data_dir: str | None) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QWidget

    from studyapp.core.demo import seed_demo_history
    from studyapp.core.models import Question, ReviewLog
    from studyapp.core.paths import resolve_data_dir
    from studyapp.core.prompts import load_prompt
    from studyapp.gui.app import application, open_main_window
    from studyapp.gui.reference.reference_screen import ReferenceScreen
    from studyapp.gui.review.review_screen import ReviewScreen

    app = application()
    # Without --data-dir, a throw-away folder: never add demo answers to a real history.
    data = resolve_data_dir(data_dir or tempfile.mkdtemp(prefix="setu-screens-"))
    window = open_main_window(data)
    ctx = window.ctx
    with ctx.write() as session:
        if not session.scalar(select(func.count()).select_from(ReviewLog)):
            seed_demo_history(session, ctx.now())
    ctx.changed.emit({"reviews"})
    window.resize(1280, 820)
    window.show()
    out_dir.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def shot(name: str, widget: QWidget | None = None) -> None:
        app.processEvents()
        path = out_dir / f"{name}.png"
        (widget or window).grab().save(str(path))
        saved.append(path)

    from studyapp.gui.main_window import SCREENS

    for info in SCREENS:
        window.show_screen(info.key)
        shot(info.key)

    from studyapp.gui.progress.progress_screen import ProgressScreen
    from studyapp.gui.theme import apply_theme

    progress = window.screens["progress"]
    assert isinstance(progress, ProgressScreen)
    window.show_screen("progress")
    shot("progress-full", progress.body)  # the whole scrolling page
    progress.area.setCurrentIndex(progress.area.findData("friction"))
    shot("progress-area-friction", progress.body)
    progress.area.setCurrentIndex(0)
    apply_theme(app, "dark")
    shot("progress-dark")
    window.show_screen("home")
    shot("home-dark")
    apply_theme(app, "light")

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
        with ctx.read() as session:
            view = load_prompt(session, qid)
        review._show(view)
        shot(f"review-{qtype}")
        if qtype == "mcq":
            wrong = (view.answer_index or 0) + 1
            review.prompt.choose(wrong % len(view.options) + 1)
            shot("review-mcq-answered")
        if qtype == "mcq":
            review.press_number(4)  # Easy after a wrong option: asked once
            shot("review-mcq-wrong-easy-asked")
    _finish_session(review)
    shot("review-summary")
    _settings(window, shot)
    _practice_and_tests(window, shot)
    saved += _exports(window, out_dir, shot)
    _data_safety(window, shot)
    window.close()
    ctx.db.close()
    return saved


def _finish_session(review: object) -> None:
    # The end-of-session summary as a student sees it after a short session.
    from studyapp.gui.review.review_screen import ReviewScreen

    assert isinstance(review, ReviewScreen)
    review.tally.answered, review.tally.graded, review.tally.right = 24, 22, 18
    review.tally.seconds = 14 * 60
    review._show(None)


def _settings(window: Any, shot: Callable[[str], None]) -> None:
    """Settings with a fit of personal parameters awaiting confirmation and the
    workload estimate, in both themes and at both window sizes."""
    from studyapp.core.personal_parameters import (
        estimate_workload,
        fit_parameters,
        read_history,
    )
    from studyapp.core.settings import load_settings
    from studyapp.core.stats import scale_for
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


def _practice_and_tests(window: Any, shot: Callable[[str], None]) -> None:
    """The builder, a practice prompt answered, a mock test under way with its
    palette, its results, and a mains answer being written and then assessed."""
    import random

    from studyapp.core.mains import save_draft
    from studyapp.core.quiz import spend_time
    from studyapp.gui.practice.practice_screen import PracticeScreen

    screen = window.screens["tests"]
    assert isinstance(screen, PracticeScreen)
    window.show_screen("tests")
    screen.show_hub(screen.builder)
    shot("tests-practice-builder")
    screen.builder.count.setValue(12)
    screen.builder.start_set()
    view = screen.practice.prompt.view
    screen.practice.prompt.choose((view.answer_index or 0) + 1 if view else 1)
    shot("tests-practice-feedback")

    screen.show_hub(screen.mock_setup)
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
        mock.prompt.choose((key if right else (key + 1) % 4) + 1)
        if position in (6, 11):
            mock.mark_and_next()
    mock.go(16)
    mock.go(13)
    shot("tests-mock-in-progress")
    mock.submit()
    shot("tests-mock-results")

    screen.show_hub(screen.mains)
    hub = screen.mains.hub
    hub.select_prompt(1)
    hub.write_button.click()
    editor = screen.mains.editor
    assert editor.answer_id is not None
    with window.ctx.write() as session:  # six minutes into the answer
        save_draft(session, editor.answer_id, _DEMO_MAINS_DRAFT, 6 * 60 + 12)
    editor.open(editor.answer_id)
    shot("tests-mains-editor")
    editor.submit()
    for n, box in enumerate(editor.points):
        box.setChecked(n % 3 != 2)
    editor.save_assessment()
    shot("tests-mains-checklist")
    editor.leave()
    shot("tests-mains")


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
    review.load_next()
    if review.view is not None:
        review.press_number(1)
        review.save_error.setText(
            f"Your answer was not saved: The disk holding {ctx.db.path} is full; free some "
            f"space and try again. The prompt stays here; rate it again to retry."
        )
        review.save_error.show()
        shot("review-not-saved")


# A student's draft for the screenshots: structure only, no claims beyond the prompt.
_DEMO_MAINS_DRAFT = """Introduction: set out what the question asks and why it matters now.

Body:
- First dimension, with the figure from the reference section.
- Second dimension, and where the sources differ.
- Third dimension: the constraint and who it affects.

Way forward: two concrete measures, then a one-line conclusion."""


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
