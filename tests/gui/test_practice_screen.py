"""Practice & tests: a practice set from the builder, a full mock test driven through
its palette, time running out, resuming after the app closed, and a mains answer
written, timed, self-assessed and listed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from studyapp.core.models import ReviewLog
from studyapp.core.quiz.mains import load_answer
from studyapp.core.quiz.pending import unfinished_mock
from studyapp.core.quiz.records import load_quiz
from studyapp.core.study.clock import FakeClock
from studyapp.gui.main_window import MainWindow
from studyapp.gui.practice.practice_screen import PracticeScreen

LEFT = Qt.MouseButton.LeftButton


def practice_screen(window: MainWindow) -> PracticeScreen:
    screen = window.screens["tests"]
    assert isinstance(screen, PracticeScreen)
    window.show_screen("tests")
    return screen


def test_a_practice_set_from_the_builder_gives_feedback_and_a_summary(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = practice_screen(window)
    builder = screen.builder
    assert "3 prompts match" in builder.matches.text()  # mains are written, not practised
    builder.types["true_false"].setChecked(False)
    assert "2 prompts match" in builder.matches.text()
    builder.which.setCurrentIndex(builder.which.findData("flagged"))
    assert "No prompts match" in builder.matches.text() and not builder.start_button.isEnabled()
    builder.which.setCurrentIndex(builder.which.findData("new"))
    qtbot.mouseClick(builder.start_button, LEFT)

    runner = screen.practice
    assert screen.pages.currentWidget() is runner
    wrong_key = None
    for n in range(2):
        view = runner.prompt.view
        assert view is not None and view.type in ("mcq", "statements")
        assert not runner.next_button.isEnabled()
        answer = view.answer_index or 0
        if n == 0:  # get the first one wrong
            answer = (answer + 1) % len(view.options)
            wrong_key = view.key
        qtbot.mouseClick(runner.prompt.options[answer], LEFT)
        verdict = runner.prompt.feedback.findChild(QLabel, "Verdict")
        assert ("Not quite" in verdict.text()) == (n == 0)
        assert view.explanation in [w.text() for w in runner.prompt.feedback.findChildren(QLabel)]
        qtbot.mouseClick(runner.next_button, LEFT)
    assert runner.pages.currentIndex() == 1
    assert "1 of 2 right (50%), 1 wrong" in runner.summary.text()
    with window.ctx.read() as session:
        modes = session.scalars(select(ReviewLog.mode)).all()
    assert modes == ["practice", "practice"]

    qtbot.mouseClick(runner.again_button, LEFT)  # the wrong one again
    assert runner.prompt.view is not None and runner.prompt.view.key == wrong_key


def test_the_explanation_links_to_the_reference_section(
    open_window: Callable[[], MainWindow],
) -> None:
    window = open_window()
    screen = practice_screen(window)
    screen.builder.start_set()
    screen.practice.prompt.choose(1)
    section = screen.practice.prompt.view.sections[0][0]  # type: ignore[union-attr]
    screen.practice.prompt.link_activated.emit(f"section:{section}")
    assert window.current_screen() == "reference"


def test_a_full_mock_test_through_the_palette(
    open_window: Callable[[], MainWindow],
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    study_clock: FakeClock,
) -> None:
    window = open_window()
    screen = practice_screen(window)
    screen.mock.exam.clock = study_clock
    setup = screen.mock_setup
    screen.tabs.setCurrentWidget(setup)
    assert setup.count.value() == 25 and setup.pace.value() == 72
    assert "2 prompts available" in setup.available.text()  # the four-option ones
    qtbot.mouseClick(setup.start_button, LEFT)
    mock = screen.mock
    assert screen.pages.currentWidget() is mock
    assert mock.countdown.text() == "02:24"  # 2 prompts × 72 s
    study_clock.advance(61)
    mock.tick()
    assert mock.countdown.text() == "01:23"
    palette = mock.question_palette
    assert [palette.status_of(p) for p in (0, 1)] == ["not_answered", "not_visited"]

    # Jump to the second prompt from the palette, answer it, mark it.
    qtbot.mouseClick(palette.buttons[1], LEFT)
    assert mock.position == 1
    second = mock.prompt.view
    assert second is not None and second.answer_index is not None
    qtbot.mouseClick(mock.prompt.options[second.answer_index], LEFT)
    assert mock.prompt.feedback.isHidden()  # no feedback before submission
    qtbot.mouseClick(mock.mark_button, LEFT)
    assert palette.status_of(1) == "answered_marked"

    # Back to the first: answer, change the answer, then clear it.
    qtbot.mouseClick(mock.previous_button, LEFT)
    assert mock.position == 0
    qtbot.mouseClick(mock.prompt.options[0], LEFT)
    assert palette.status_of(0) == "answered"
    qtbot.mouseClick(mock.clear_button, LEFT)
    assert palette.status_of(0) == "not_answered"
    assert all(row.state() == "normal" for row in mock.prompt.options)
    assert "Not answered: 1" in palette.legend["not_answered"].text()

    qtbot.mouseClick(mock.submit_button, LEFT)
    box = mock.confirmation
    assert box is not None and "1 of 2 prompts unanswered" in box.text()
    assert "1 prompt marked for review" in box.text()
    box.buttons()[0].click()  # Submit
    results = screen.results
    assert screen.pages.currentWidget() is results
    assert results.score.value() == "2.00 / 4.00"
    assert results.counts.value() == "1 · 0 · 1"
    assert results.negative.value() == "0.00"
    assert results.accuracy.value() == "100%"
    review = results.review.toPlainText()
    assert "Your answer: left blank" in review and "Right · +2" in review
    qtmodeltester.check(results.areas)

    results.back.emit()
    assert setup.history.rowCount() == 1
    assert setup.history.data(setup.history.index(0, 3)) == "2.00 / 4.00"
    qtmodeltester.check(setup.history)
    with window.ctx.read() as session:
        logs = session.execute(select(ReviewLog.mode, ReviewLog.correct)).all()
    assert logs == [("mock", True)]


def test_a_wrong_answer_costs_two_thirds_of_a_mark(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = practice_screen(window)
    screen.mock_setup.start_new()
    mock = screen.mock
    for position in (0, 1):
        mock.go(position)
        view = mock.prompt.view
        assert view is not None and view.answer_index is not None
        mock.prompt.choose(mock.prompt.number_of((view.answer_index + 1) % 4))  # wrong
    mock.submit()
    assert screen.results.score.value() == "−1.33 / 4.00"
    assert screen.results.negative.value() == "1.33"


def test_time_running_out_submits_the_paper(
    open_window: Callable[[], MainWindow], qtbot: QtBot, study_clock: FakeClock
) -> None:
    window = open_window()
    screen = practice_screen(window)
    mock = screen.mock
    mock.exam.clock = study_clock
    screen.mock_setup.start_new()
    mock.prompt.choose(1)
    study_clock.advance(143.5)  # all but half a second of the time used
    mock.tick()
    assert mock.countdown.text() == "00:00" and mock.countdown.property("low") is True
    quiz_id = mock.quiz.id  # type: ignore[union-attr]
    mock.open(quiz_id)  # as when resuming a test in its last second
    # The screen's own timer runs the clock out.
    with qtbot.waitSignal(mock.submitted, timeout=3000) as submitted:
        study_clock.advance(0.5)
    assert submitted.args == [quiz_id]
    assert screen.pages.currentWidget() is screen.results
    assert "time ran out" in screen.results.when.text()
    assert screen.results.counts.value().endswith("· 1")  # the second was never answered


def test_an_interrupted_mock_resumes_after_the_app_reopens(
    open_window: Callable[[], MainWindow], qtbot: QtBot, study_clock: FakeClock
) -> None:
    window = open_window()
    screen = practice_screen(window)
    screen.mock.exam.clock = study_clock
    screen.mock_setup.start_new()
    screen.mock.go(1)
    screen.mock.prompt.choose(2)
    study_clock.advance(1.1)  # a second of the clock, and a tenth
    window.close()  # the app closes mid-test
    window.ctx.db.close()

    window = open_window()
    screen = practice_screen(window)
    setup = screen.mock_setup
    assert screen.tabs.currentWidget() is setup  # the test in progress is offered first
    assert setup.banner.isVisibleTo(setup) and "1 of 2 answered" in setup.banner_text.text()
    assert not setup.start_button.isEnabled()
    screen.mock.exam.clock = FakeClock(study_clock.now())
    setup.start.emit(setup.pending)  # "Resume test"
    mock = screen.mock
    # The same option, in the same place: the paper keeps its order of options.
    assert mock.position == 1 and mock.prompt.shown[1].state() == "selected"
    assert mock.countdown.text() == "02:22"
    with window.ctx.read() as session:
        quiz = load_quiz(session, unfinished_mock(session))  # type: ignore[arg-type]
    assert quiz.time_used_ms == 1100 and [i.time_ms for i in quiz.items] == [0, 1100]
    assert quiz.remaining_ms == 144_000 - quiz.time_used_ms


def test_a_restore_during_a_mock_carries_on_from_the_restored_test_or_ends_it(
    open_window: Callable[[], MainWindow], qtbot: QtBot, study_clock: FakeClock
) -> None:
    """Restoring is as quitting and starting again with the backup: a test being sat
    carries on where the backup has it (its clock running again), and one the backup
    does not hold ends here."""
    from studyapp.core.storage.backup import make_backup

    window = open_window()
    folder = window.ctx.data.backups
    before_the_test = make_backup(window.ctx.db.path, folder, "manual")
    screen = practice_screen(window)
    mock = screen.mock
    mock.exam.clock = study_clock
    screen.mock_setup.start_new()
    mock.go(1)
    mock.prompt.choose(2)
    mock.pause()  # its time so far kept, as every few seconds while it runs
    mock.exam.resume()
    mock.timer.start()
    at_the_second = make_backup(window.ctx.db.path, folder, "manual")
    mock.go(0)
    mock.prompt.choose(3)  # answered after the backup: not in it
    with qtbot.waitSignal(window.restore_from(at_the_second).done, timeout=10_000):
        pass
    assert screen.pages.currentWidget() is mock and mock.timer.isActive()
    assert mock.position == 1 and mock.prompt.shown[1].state() == "selected"
    mock.go(0)
    assert all(option.state() != "selected" for option in mock.prompt.shown)

    with qtbot.waitSignal(window.restore_from(before_the_test).done, timeout=10_000):
        pass
    assert mock.quiz is None and screen.pages.currentWidget() is screen.tabs


def test_a_restore_shows_the_mains_answer_being_written_as_the_backup_has_it(
    open_window: Callable[[], MainWindow], qtbot: QtBot, study_clock: FakeClock
) -> None:
    from studyapp.core.storage.backup import make_backup

    window = open_window()
    folder = window.ctx.data.backups
    before_it = make_backup(window.ctx.db.path, folder, "manual")
    screen = practice_screen(window)
    editor = screen.mains.editor
    editor.draft.clock = study_clock
    screen.tabs.setCurrentWidget(screen.mains)
    qtbot.mouseClick(screen.mains.hub.write_button, LEFT)
    qtbot.keyClicks(editor.editor, "First thoughts")
    study_clock.advance(60)
    editor.save()
    with_the_draft = make_backup(window.ctx.db.path, folder, "manual")
    qtbot.keyClicks(editor.editor, ", then more")
    with qtbot.waitSignal(window.restore_from(with_the_draft).done, timeout=10_000):
        pass
    assert screen.mains.currentWidget() is editor
    assert editor.editor.toPlainText() == "First thoughts" and editor.clock.text() == "06:00"

    with qtbot.waitSignal(window.restore_from(before_it).done, timeout=10_000):
        pass
    assert editor.answer_id is None and screen.mains.currentWidget() is screen.mains.hub


def test_a_mains_answer_is_written_timed_assessed_and_listed(
    open_window: Callable[[], MainWindow],
    qtbot: QtBot,
    tmp_path: Path,
    qtmodeltester: ModelTester,
    study_clock: FakeClock,
) -> None:
    window = open_window()
    screen = practice_screen(window)
    screen.mains.editor.draft.clock = study_clock
    screen.tabs.setCurrentWidget(screen.mains)
    hub = screen.mains.hub
    qtmodeltester.check(hub.prompts)
    assert hub.prompts.data(hub.prompts.index(0, 2)) == "Discuss"
    assert hub.minutes.value() == 7  # 150 words
    assert hub.answers_empty.isVisibleTo(hub)
    qtbot.mouseClick(hub.write_button, LEFT)

    editor = screen.mains.editor
    assert screen.mains.currentWidget() is editor
    assert "Discuss · 150 words · 10 marks" in editor.meta.text()
    assert editor.clock.text() == "07:00"
    qtbot.keyClicks(editor.editor, "The gap is wide; sources differ on its size.")
    assert editor.words.text() == "9 / 150 words"
    # The draft is kept once typing has stopped for a moment, with the time so far.
    study_clock.advance(95)
    assert editor.answer_id is not None

    def saved() -> str:
        with window.ctx.read() as session:
            return load_answer(session, editor.answer_id).text  # type: ignore[arg-type]

    qtbot.waitUntil(lambda: saved() == "The gap is wide; sources differ on its size.")
    assert editor.clock.text() == "05:25"
    editor.editor.setPlainText("word " * 160)
    assert "10 over the limit" in editor.words.text()
    assert editor.words.property("over") is True
    editor.editor.setPlainText("The gap is wide and sources differ. A rail link helps.")
    assert not editor.assessment.isVisibleTo(editor)
    qtbot.mouseClick(editor.submit_button, LEFT)
    box = editor.confirmation  # eleven words of 150: submitting asks first
    assert box is not None and "11 words of the 150 asked" in box.text()
    next(b for b in box.buttons() if b.text() == "Submit anyway").click()

    # The checklist: the score follows the points ticked.
    assert editor.assessment.isVisibleTo(editor) and editor.editor.isReadOnly()
    assert len(editor.points) == 4
    for n in (0, 1, 2):
        editor.points[n].setChecked(True)
    assert editor.score_label.text().startswith("7.5 / 10")
    qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.saved_label.text() == "Saved."

    editor.export(tmp_path / "answer.md")
    editor.export(tmp_path / "answer.pdf")
    assert "- [x] The rail link" in (tmp_path / "answer.md").read_text(encoding="utf-8")
    assert (tmp_path / "answer.pdf").read_bytes().startswith(b"%PDF")

    qtbot.mouseClick(editor.back_button, LEFT)
    assert screen.mains.currentWidget() is hub
    assert hub.answers.rowCount() == 1
    row = [hub.answers.data(hub.answers.index(0, c)) for c in range(5)]
    assert row[2] == "11 / 150" and row[4] == "7.5 / 10"
    assert hub.prompts.data(hub.prompts.index(0, 5)) == "1"
    qtmodeltester.check(hub.answers)
    with window.ctx.read() as session:
        assert session.scalars(select(ReviewLog.mode)).all() == ["mains"]


def test_a_mains_draft_survives_closing_the_app(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = practice_screen(window)
    screen.show_hub(screen.mains)
    screen.mains.hub.write_button.click()
    qtbot.keyClicks(screen.mains.editor.editor, "Half an answer")
    window.close()
    window.ctx.db.close()
    window = open_window()
    screen = practice_screen(window)
    hub = screen.mains.hub
    assert screen.tabs.currentWidget() is screen.mains  # the draft is offered first
    assert hub.banner.isVisibleTo(hub) and "3 words so far" in hub.banner_text.text()


def test_discarding_a_test_in_progress_asks_first(
    open_window: Callable[[], MainWindow], monkeypatch: object
) -> None:
    window = open_window()
    screen = practice_screen(window)
    setup = screen.mock_setup
    setup.start_new()
    screen.show_hub(setup)
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))  # type: ignore[attr-defined]
    setup._discard()
    assert setup.pending is not None
    setup._discard()
    assert setup.pending is None and setup.start_button.isEnabled()


def test_a_practice_set_works_from_the_keyboard(
    open_window: Callable[[], MainWindow], qtbot: QtBot
) -> None:
    window = open_window()
    screen = practice_screen(window)
    screen.builder.types["true_false"].setChecked(False)
    qtbot.mouseClick(screen.builder.start_button, LEFT)
    runner = screen.practice
    for _ in range(2):
        view = runner.prompt.view
        assert view is not None and view.answer_index is not None
        qtbot.waitUntil(runner.hasFocus)
        qtbot.keyClick(runner, Qt.Key(Qt.Key.Key_0 + runner.prompt.number_of(view.answer_index)))
        tally = runner.session.tally
        assert runner.prompt.locked and tally.right == tally.answered
        qtbot.keyClick(runner, Qt.Key.Key_Return)
    assert runner.pages.currentIndex() == 1 and "2 of 2 right" in runner.summary.text()
