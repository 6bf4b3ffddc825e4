"""`studyapp screenshots OUTDIR`: every screen rendered offscreen to PNG files named
after the screens, on a demo history where a screen needs data."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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
    _finish_session(review)
    shot("review-summary")
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
