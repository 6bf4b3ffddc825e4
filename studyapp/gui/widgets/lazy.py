"""Views whose figures cost a query or two refresh when they are seen, not on every
change made elsewhere (answering fifty prompts should not recompute a hidden tab fifty
times) — and at once when the change happens while they are on screen."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from studyapp.gui.context import AppContext


class RefreshedWhenShown(QWidget):
    watches: frozenset[str] = frozenset()  # the AppContext changes this view shows

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        ctx.changed.connect(self._on_context_changed)

    def _on_context_changed(self, what: set[str]) -> None:
        if what & self.watches:
            self.stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        self.stale = False
        self.load()

    def load(self) -> None:
        """Read the figures and show them."""
        raise NotImplementedError
