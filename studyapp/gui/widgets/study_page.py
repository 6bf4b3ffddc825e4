"""What the review and practice screens build the same way: the prompt in its scroll
area, the keys that answer it, and the page that sums a run of answers up."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

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
