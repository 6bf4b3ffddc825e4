"""What the review and practice screens build the same way: the prompt in its scroll
area, the keys that answer it, and the page that sums a run of answers up."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import PromptView
from studyapp.gui.widgets.prompt_widget import PromptWidget
from studyapp.gui.widgets.screen_parts import page_keys, scrolled, shortcut


def prompt_area(
    screen: QWidget, on_response: Callable[[object], Any], open_section: SignalInstance
) -> tuple[PromptWidget, QScrollArea]:
    """The prompt widget in a scroll area that PageUp/PageDown scroll from anywhere
    in `screen`; responses go to `on_response`, a "Read more" link's section id to
    `open_section`."""
    prompt = PromptWidget()
    prompt.responded.connect(on_response)
    prompt.link_activated.connect(lambda link: open_section.emit(link.split(":", 1)[1]))
    scroll = scrolled(prompt)
    page_keys(screen, scroll)
    return prompt, scroll


def answer_keys(
    screen: QWidget, press_number: Callable[[int], Any], press_accept: Callable[[], Any]
) -> None:
    """1–4 (an option, or a rating) and Space/Enter (reveal, submit, accept) while the
    keyboard is anywhere in `screen`."""
    for number in range(1, 5):
        shortcut(screen, str(number), functools.partial(press_number, number))
    for key in ("Space", "Return", "Enter"):
        shortcut(screen, key, press_accept)


def focus_answer(screen: QWidget, prompt: PromptWidget) -> None:
    """The answer field of a typed prompt, otherwise the screen itself (where 1–4,
    Space and Enter are bound)."""
    if prompt.wants_typing() and prompt.answer_edit is not None:
        prompt.answer_edit.setFocus(Qt.FocusReason.OtherFocusReason)
    else:
        screen.setFocus(Qt.FocusReason.OtherFocusReason)


class SummaryPage(QWidget):
    """A title, a paragraph and a row of buttons below: the end of a run."""

    def __init__(self, *buttons: QPushButton) -> None:
        super().__init__()
        self.title = QLabel()
        self.title.setObjectName("ScreenTitle")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setObjectName("SummaryText")
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addStretch(1)


class StudyScreen(QWidget):
    """What the review and practice screens share: the prompt in its scroll area, the
    line that says what to do, the sentence shown when an answer was not saved, the
    pages (the prompt, then the summary), and what a new prompt and the keys on an
    open prompt do. The flow itself is the controller's (`studyapp.core.study`)."""

    open_section = Signal(str)
    # What the line says on a new prompt: typed, revealed (self-graded), options.
    hints = ("", "", "")
    retry = "answer it again"  # how to try a failed save again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.prompt, self.prompt_scroll = prompt_area(self, self._on_response, self.open_section)
        self.hint = QLabel()
        self.hint.setObjectName("Muted")
        self.hint.setWordWrap(True)
        # Shown when an answer could not be saved; the prompt stays for another try.
        self.save_error = QLabel()
        self.save_error.setObjectName("SaveError")
        self.save_error.setWordWrap(True)
        self.save_error.hide()
        self.pages = QStackedWidget()

    def _on_response(self, response: object) -> None:
        raise NotImplementedError

    def focus_main(self) -> None:
        """On show: the answer field of a typed prompt, otherwise the screen itself."""
        focus_answer(self, self.prompt)

    def accept_open_prompt(self) -> None:
        """Space or Enter on a prompt waiting for its answer: submit the typed answer,
        or show the back of a self-graded one."""
        if self.prompt.wants_typing():
            self.prompt.submit_typed()
        elif self.prompt.reveal_button is not None:
            self.prompt.respond(None)

    def show_prompt(self, prompt: PromptView) -> None:
        self.pages.setCurrentIndex(0)
        if not self.save_error.isHidden():
            self.save_error.hide()
        self.prompt.show_prompt(prompt)
        typed, revealed, options = self.hints
        if prompt.type == "fill_blank":
            self.hint.setText(typed)
        elif self.prompt.reveal_button is not None:
            self.hint.setText(revealed)
        else:
            self.hint.setText(options)
        self._prompt_shown(prompt)
        if self.prompt.wants_typing():
            self.prompt.focus_input()
        else:
            self.setFocus()

    def _prompt_shown(self, prompt: PromptView) -> None:
        """The screen's own controls for a new prompt."""

    def show_save_error(self, sentence: str) -> None:
        self.save_error.setText(
            f"Your answer was not saved: {sentence} The prompt stays here; {self.retry} to retry."
        )
        self.save_error.show()
