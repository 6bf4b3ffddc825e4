"""Setu stays up through a long day of study: the Qt binding keeps Python's
reference counts intact, so no number of screen updates can abort the program.

(PySide6 6.12.0 dropped one reference to `None` on every Qt call returning nothing —
`setText`, `update`, … — and the interpreter aborted with "deallocating None" after a
few tens of thousands of them, well within one study day; `pyproject.toml` excludes
that release.)"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_screen_updates_leave_none_referenced(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(5000):
        label.setText(f"{n} due")
        label.update()
    # Other objects may take or drop a few references meanwhile, never thousands.
    assert abs(sys.getrefcount(None) - before) < 100
