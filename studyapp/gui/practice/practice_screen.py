"""Practice & tests: practice sets, timed mock tests and mains answer-writing.

The hub has one tab for each; a set or a test in progress takes over the screen
until it ends. A mock test left running when the app closed is offered again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from studyapp.core.quiz.mains import unfinished_answer
from studyapp.core.quiz.pending import unfinished_mock
from studyapp.core.quiz.selection import Criteria, pick_prompts
from studyapp.gui import routes
from studyapp.gui.context import AppContext
from studyapp.gui.practice.builder import PracticeBuilder
from studyapp.gui.practice.mains_page import MainsPage
from studyapp.gui.practice.mock_results import MockResults
from studyapp.gui.practice.mock_runner import MockRunner
from studyapp.gui.practice.mock_setup import MockSetup
from studyapp.gui.practice.practice_runner import PracticeRunner
from studyapp.gui.widgets.screen_parts import focus_first_control


class PracticeScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("Practice & tests")
        title.setObjectName("ScreenTitle")

        self.builder = PracticeBuilder(ctx)
        self.mock_setup = MockSetup(ctx)
        self.mains = MainsPage(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.builder, "Practice set")
        self.tabs.addTab(self.mock_setup, "Mock test")
        self.tabs.addTab(self.mains, "Mains writing")

        self.practice = PracticeRunner(ctx)
        self.mock = MockRunner(ctx)
        self.results = MockResults(ctx)
        self.pages = QStackedWidget()
        for page in (self.tabs, self.practice, self.mock, self.results):
            self.pages.addWidget(page)

        self.builder.start.connect(self.practise)
        self.practice.finished.connect(lambda: self.show_hub(self.builder))
        self.mock_setup.start.connect(self.run_mock)
        self.mock_setup.show_result.connect(self.show_result)
        self.mock.submitted.connect(self.show_result)
        self.mock.abandoned.connect(lambda: self.show_hub(self.mock_setup))
        self.results.back.connect(lambda: self.show_hub(self.mock_setup))
        self.results.practise.connect(self.practise)
        self.results.sit_again.connect(self.mock_setup.sit)
        self.results.paper_made.connect(self._show_paper)
        for page in (self.practice, self.mock, self.results):
            page.open_section.connect(lambda key: ctx.router.go(routes.Reference(key)))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(title)
        layout.addWidget(self.pages, 1)
        with ctx.read() as session:  # offer work left unfinished first
            if unfinished_mock(session) is not None:
                self.tabs.setCurrentWidget(self.mock_setup)
            elif unfinished_answer(session) is not None:
                self.tabs.setCurrentWidget(self.mains)

    def focus_main(self) -> None:
        """On show: the set or test in progress takes the keys, else the hub's tab."""
        page = self.pages.currentWidget()
        if page is self.mock:
            self.mock.focus_main()
        elif page is self.practice:
            self.practice.focus_main()
        elif page is self.tabs:
            self.tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is not None:
            focus_first_control(page)

    def show_hub(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
        self.pages.setCurrentWidget(self.tabs)

    def show_practice(self, route: routes.Practice) -> None:
        """The practice route: a set over its prompts, a short set from its area, or
        (with neither) the builder."""
        if route.question_ids:
            self.practise(route.title, list(route.question_ids))
        elif route.area is not None:
            self.practise_area(route.area, route.title)
        else:
            self.show_hub(self.builder)

    def show_mock_setup(self, route: routes.MockSetup) -> None:
        self.show_hub(self.mock_setup)
        if route.paper_id is not None:
            self.mock_setup.show_paper(route.paper_id)

    def _show_paper(self, paper_id: int) -> None:
        self.show_hub(self.mock_setup)
        self.mock_setup.show_paper(paper_id)

    def practise(self, title: str, question_ids: list[int]) -> None:
        """Run a practice set over exactly these prompts."""
        self.pages.setCurrentWidget(self.practice)
        self.practice.start(title, question_ids)

    def practise_area(self, area: str, title: str, count: int = 10) -> None:
        """A short set from one area (Home's "Practise" on a weak area)."""
        with self.ctx.read() as session:
            ids = pick_prompts(session, Criteria(areas=(area,)), count, self.ctx.now())
        if ids:
            self.practise(title, ids)

    def run_mock(self, quiz_id: int) -> None:
        self.pages.setCurrentWidget(self.mock)
        if not (self.mock.quiz is not None and self.mock.quiz.id == quiz_id):
            self.mock.open(quiz_id)  # (a test already running here just carries on)
        self.mock.focus_main()

    def show_result(self, quiz_id: int) -> None:
        self.results.show_result(quiz_id)
        self.pages.setCurrentWidget(self.results)

    def shutdown(self) -> None:
        """The app is closing, or the database is being replaced: keep the test's
        time and the mains draft."""
        self.mock.pause()
        self.mains.editor.save()

    def resume_after_restore(self) -> None:
        """The database was replaced (every screen has heard): a test that was being
        sat here and is still the one in progress in the restored database carries
        on from where that has it (one that is not has ended here already), and the
        mains answer open here shows as that has it."""
        self.mains.editor.draft.reopen()
        quiz = self.mock.quiz
        if quiz is None:
            return
        with self.ctx.read() as session:
            in_progress = unfinished_mock(session)
        if in_progress == quiz.id:
            self.mock.open(quiz.id)
