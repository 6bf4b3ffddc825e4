"""A prompt found by search, shown with its key and explanation, and a way on to the
section it tests."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.core.content.prompts import PromptView
from studyapp.gui.widgets.prompt_widget import PromptWidget
from studyapp.gui.widgets.screen_parts import scrolled


class PromptPreview(QDialog):
    open_section = Signal(str)

    def __init__(self, view: PromptView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Prompt · {view.key}")
        self.setAccessibleName("Prompt preview")
        self.prompt = PromptWidget()
        self.prompt.show_prompt(view)
        self.prompt.show_feedback(None, None)  # a preview: the key and why, at once
        self.prompt.link_activated.connect(self._on_link)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if view.sections:
            key, title = view.sections[0]
            read = QPushButton(f"Read “{title}”")
            read.setToolTip("Open the section this prompt tests")
            read.clicked.connect(lambda: self._on_link(f"section:{key}"))
            buttons.addButton(read, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled(self.prompt), 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _on_link(self, link: str) -> None:
        self.open_section.emit(link.split(":", 1)[1])
        self.accept()
